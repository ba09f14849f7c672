// SPDX-License-Identifier: GPL-2.0-only
// Talking to an implementation under test, every wait bounded: a UDP socket that asks and waits for one
// answer from the target alone, and a TCP connection that reads frames up to a deadline and a byte cap.
// Blocking calls built on Boost.Asio's asynchronous ones and io_context::run_for.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "model/pdu.h"

namespace p2p::conformance {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

class UdpProbe {
 public:
  // Binds `local` (port 0); throws boost::system::system_error when the address is not this host's.
  UdpProbe(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& target,
           const boost::asio::ip::address& local);
  // Sends `request`, then waits up to `timeout` for a datagram from the target; nothing on silence.
  std::optional<Bytes> ask(const Bytes& request, Millis timeout);
  std::optional<Bytes> receive(Millis timeout);
  boost::asio::ip::address local_address() const;

 private:
  boost::asio::io_context& io_;
  boost::asio::ip::udp::endpoint target_;
  boost::asio::ip::udp::socket socket_;
};

// The local address this host uses to reach `target` (what the index sees as the source).
boost::asio::ip::address route_source(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& target);

struct Frame {
  char type = 0;
  Bytes data;
};

class TcpProbe {
 public:
  explicit TcpProbe(boost::asio::io_context& io) : io_(io), socket_(io) {}
  bool connect(const boost::asio::ip::tcp::endpoint& target, Millis timeout);
  bool send(const Bytes& bytes, Millis timeout);
  // One whole frame within `timeout`; nothing when the peer closed, went silent or sent a header whose
  // length runs past the deadline. `why` then says which.
  std::optional<Frame> read_frame(Millis timeout);
  // The same in two steps, so that a bad length can be refused before its data: the type and the
  // length (data sized to it, not read yet), then the data.
  std::optional<Frame> read_header(Millis timeout);
  bool read_data(Frame& f, Millis timeout) { return read_exact(f.data.data(), f.data.size(), timeout); }
  const std::string& why() const { return why_; }
  void close();
  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  bool read_exact(std::uint8_t* out, std::size_t n, Millis timeout);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::socket socket_;
  std::string why_;
};

// Runs the io_context until `done` or `timeout`; on timeout cancels `socket`'s operations and drains them.
template <class Socket>
bool run_until(boost::asio::io_context& io, Socket& socket, const bool& done, Millis timeout) {
  io.restart();
  io.run_for(timeout);
  if (done) return true;
  boost::system::error_code ignored;
  socket.cancel(ignored);
  io.restart();
  io.run();
  return done;
}

}  // namespace p2p::conformance
