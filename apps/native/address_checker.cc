// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/address_checker.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "apps/native/net_address.h"

namespace p2p::native {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

AddressChecker::AddressChecker(asio::io_context& io, Duration timeout, Done done)
    : io_(io), timeout_(timeout), done_(std::move(done)) {}

void AddressChecker::close() { *open_ = false; }

void AddressChecker::start(const AddressCheck& check) {
  struct Attempt {
    tcp::socket socket;
    asio::steady_timer timer;
    bool finished = false;
  };
  auto attempt = std::make_shared<Attempt>(Attempt{tcp::socket(io_), asio::steady_timer(io_)});
  auto open = open_;
  auto finish = [this, attempt, open, id = check.id](bool accepted) {
    if (attempt->finished) return;
    attempt->finished = true;
    error_code ignored;
    attempt->timer.cancel();
    attempt->socket.close(ignored);
    if (*open) done_(id, accepted);
  };
  attempt->timer.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout_));
  attempt->timer.async_wait([finish](const error_code& ec) {
    if (!ec) finish(false);
  });
  attempt->socket.async_connect(to_asio_endpoint<tcp>(check.address),
                                [finish](const error_code& ec) { finish(!ec); });
}

}  // namespace p2p::native
