// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/index_host.h"

#include "apps/native/net_address.h"

namespace p2p::native {

namespace asio = boost::asio;
using asio::ip::udp;
using boost::system::error_code;

IndexHost::IndexHost(asio::io_context& io, const udp::endpoint& bind, IndexConfig config)
    : server_(config),
      socket_(io),
      timer_(io),
      checker_(io, config.check_timeout, [this](std::uint64_t id, bool accepted) {
        if (check_listener_) check_listener_(accepted);
        server_.on_check_result(id, accepted, now());
        report_events();
        rearm_timer();
      }) {
  socket_.open(bind.protocol());
  socket_.bind(bind);
  socket_.non_blocking(true);  // replies never wait for buffer space: a dropped reply is retried
  start_receive();
  rearm_timer();
}

Endpoint IndexHost::local() const {
  error_code ec;
  auto e = socket_.local_endpoint(ec);
  return ec ? Endpoint{} : to_core(e);
}

void IndexHost::close() {
  error_code ec;
  socket_.close(ec);
  timer_.cancel();
  checker_.close();
}

Time IndexHost::now() const {
  return std::chrono::duration_cast<Time>(std::chrono::steady_clock::now() - start_);
}

// As the peer host does: a timer set for an earlier time stays (firing early costs one idle
// on_timer); a later deadline never delays an earlier one.
void IndexHost::rearm_timer() {
  auto deadline = server_.next_deadline();
  if (!deadline || (armed_ && *armed_ <= *deadline)) return;
  armed_ = deadline;
  timer_.expires_at(start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(*deadline));
  timer_.async_wait([this](const error_code& ec) {
    if (ec == asio::error::operation_aborted || !socket_.is_open()) return;
    armed_.reset();
    server_.on_timer(now());
    report_events();
    rearm_timer();
  });
}

// Every call into the server ends here: its events go out, and the checks it asked for start.
void IndexHost::report_events() {
  for (const IndexEvent& ev : server_.take_events())
    if (listener_) listener_(ev);
  start_checks();
}

void IndexHost::start_checks() {
  for (const AddressCheck& check : server_.take_checks()) checker_.start(check);
}

void IndexHost::start_receive() {
  socket_.async_receive_from(asio::buffer(datagram_), from_, [this](const error_code& ec, std::size_t n) {
    if (ec == asio::error::operation_aborted || !socket_.is_open()) return;
    if (!ec) handle(n);
    // Under load, take what is already queued without a trip through the reactor per datagram.
    for (int i = 0; i < 64; ++i) {
      error_code again;
      std::size_t m = socket_.receive_from(asio::buffer(datagram_), from_, 0, again);
      if (again) break;
      handle(m);
    }
    rearm_timer();  // an R may have started a lease
    start_receive();
  });
}

void IndexHost::handle(std::size_t size) {
  auto reply = server_.on_datagram(to_core(from_), ByteView(datagram_.data(), size), now());
  report_events();
  if (!reply) return;
  if (zero_fill_) zero_fill(*reply);
  error_code ec;
  socket_.send_to(asio::buffer(*reply), from_, 0, ec);
}

}  // namespace p2p::native
