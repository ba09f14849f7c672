// SPDX-License-Identifier: GPL-2.0-only
#include "bench/udp_echo_loop.h"

namespace p2p::bench {

namespace asio = boost::asio;
using asio::ip::udp;
using boost::system::error_code;

UdpEchoLoop::UdpEchoLoop(asio::io_context& io, const udp::endpoint& bind, std::vector<std::uint8_t> reply)
    : socket_(io), reply_(std::move(reply)) {
  socket_.open(bind.protocol());
  socket_.bind(bind);
  socket_.non_blocking(true);  // as the index host: a reply never waits for buffer space
  start_receive();
}

void UdpEchoLoop::close() {
  error_code ec;
  socket_.close(ec);
}

// The same shape as IndexHost::start_receive: one asynchronous receive, then up to 64 datagrams
// already queued taken synchronously, each answered at once.
void UdpEchoLoop::start_receive() {
  socket_.async_receive_from(asio::buffer(datagram_), from_, [this](const error_code& ec, std::size_t) {
    if (ec == asio::error::operation_aborted || !socket_.is_open()) return;
    if (!ec) answer();
    for (int i = 0; i < 64; ++i) {
      error_code again;
      socket_.receive_from(asio::buffer(datagram_), from_, 0, again);
      if (again) break;
      answer();
    }
    start_receive();
  });
}

void UdpEchoLoop::answer() {
  error_code ec;
  socket_.send_to(asio::buffer(reply_), from_, 0, ec);
}

}  // namespace p2p::bench
