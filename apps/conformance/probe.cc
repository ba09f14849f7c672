// SPDX-License-Identifier: GPL-2.0-only
#include "apps/conformance/probe.h"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace p2p::conformance {

namespace asio = boost::asio;
using boost::system::error_code;
using asio::ip::tcp;
using asio::ip::udp;

UdpProbe::UdpProbe(asio::io_context& io, const udp::endpoint& target, const asio::ip::address& local)
    : io_(io), target_(target), socket_(io, udp::endpoint(local, 0)) {}

asio::ip::address UdpProbe::local_address() const { return socket_.local_endpoint().address(); }

std::optional<Bytes> UdpProbe::ask(const Bytes& request, Millis timeout) {
  // Whatever came late for an earlier request is not this one's answer.
  while (socket_.available() > 0) {
    std::array<std::uint8_t, 2048> junk{};
    udp::endpoint from;
    error_code ec;
    socket_.receive_from(asio::buffer(junk), from, 0, ec);
    if (ec) break;
  }
  error_code ec;
  socket_.send_to(asio::buffer(request), target_, 0, ec);
  if (ec) return std::nullopt;
  return receive(timeout);
}

std::optional<Bytes> UdpProbe::receive(Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  std::array<std::uint8_t, 2048> buffer{};
  while (Clock::now() < deadline) {
    bool done = false;
    std::size_t size = 0;
    udp::endpoint from;
    error_code result;
    socket_.async_receive_from(asio::buffer(buffer), from, [&](const error_code& ec, std::size_t n) {
      done = true;
      result = ec;
      size = n;
    });
    auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    if (!run_until(io_, socket_, done, std::max(left, Millis(1))) || result) return std::nullopt;
    if (from == target_) return Bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
  }
  return std::nullopt;  // only strangers spoke: they are not the target's answer
}

asio::ip::address route_source(asio::io_context& io, const udp::endpoint& target) {
  udp::socket s(io);
  s.connect(target);  // no datagram leaves: the kernel only picks the route and the source address
  return s.local_endpoint().address();
}

bool TcpProbe::connect(const tcp::endpoint& target, Millis timeout) {
  bool done = false;
  error_code result;
  socket_.async_connect(target, [&](const error_code& ec) {
    done = true;
    result = ec;
  });
  if (!run_until(io_, socket_, done, timeout)) {
    why_ = "connect timed out";
    return false;
  }
  if (result) why_ = "connect: " + result.message();
  return !result;
}

bool TcpProbe::send(const Bytes& bytes, Millis timeout) {
  bool done = false;
  error_code result;
  asio::async_write(socket_, asio::buffer(bytes), [&](const error_code& ec, std::size_t) {
    done = true;
    result = ec;
  });
  if (!run_until(io_, socket_, done, timeout) || result) {
    why_ = result ? "send: " + result.message() : "send timed out";
    return false;
  }
  return true;
}

bool TcpProbe::read_exact(std::uint8_t* out, std::size_t n, Millis timeout) {
  if (n == 0) return true;
  bool done = false;
  error_code result;
  asio::async_read(socket_, asio::buffer(out, n), [&](const error_code& ec, std::size_t) {
    done = true;
    result = ec;
  });
  if (!run_until(io_, socket_, done, timeout)) {
    why_ = "nothing within " + std::to_string(timeout.count()) + " ms";
    return false;
  }
  if (result) {
    why_ = result == asio::error::eof ? "the connection was closed" : result.message();
    return false;
  }
  return true;
}

std::optional<Frame> TcpProbe::read_header(Millis timeout) {
  std::array<std::uint8_t, kFrameHeaderSize> header{};
  if (!read_exact(header.data(), header.size(), timeout)) return std::nullopt;
  Frame f;
  f.type = static_cast<char>(header[0]);
  f.data.resize((std::size_t{header[1]} << 8) | header[2]);
  return f;
}

std::optional<Frame> TcpProbe::read_frame(Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  auto f = read_header(timeout);
  if (!f) return std::nullopt;
  auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
  if (!read_data(*f, std::max(left, Millis(1)))) return std::nullopt;
  return f;
}

void TcpProbe::close() {
  error_code ignored;
  socket_.close(ignored);
}

}  // namespace p2p::conformance
