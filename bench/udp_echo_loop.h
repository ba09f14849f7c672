// SPDX-License-Identifier: GPL-2.0-only
// The floor of the index-rate benchmark: the index host's socket loop (apps/native/index_host.cc)
// with the protocol taken out. Every datagram is answered with the same fixed bytes, so what is
// left is the cost of Boost.Asio, the kernel and loopback.
#pragma once
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <vector>

namespace p2p::bench {

class UdpEchoLoop {
 public:
  // Binds the socket; throws boost::system::system_error when it cannot.
  UdpEchoLoop(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& bind, std::vector<std::uint8_t> reply);

  boost::asio::ip::udp::endpoint local() const { return socket_.local_endpoint(); }
  void close();

 private:
  void start_receive();
  void answer();

  boost::asio::ip::udp::socket socket_;
  std::vector<std::uint8_t> reply_;
  std::array<std::uint8_t, 2048> datagram_{};  // the same receive buffer as the index host's
  boost::asio::ip::udp::endpoint from_;
};

}  // namespace p2p::bench
