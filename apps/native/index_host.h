// SPDX-License-Identifier: GPL-2.0-only
// The index adapter: one UDP socket feeding an IndexServer, replies sent back to each source, and
// one steady_timer re-armed at the server's next deadline (a lease running out). After every call
// into the server its events go to the listener, in order (report_events), and the address checks
// it asks for start (AddressChecker).
#pragma once
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "apps/native/address_checker.h"
#include "model/index_server.h"

namespace p2p::native {

class IndexHost {
 public:
  // Binds the socket; throws boost::system::system_error when it cannot.
  IndexHost(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& bind, IndexConfig config);

  // Sees every event of the server, after the call that reported it has returned.
  void set_listener(std::function<void(const IndexEvent&)> listener) { listener_ = std::move(listener); }
  // Told each address check's result as the connection attempt ends (for the metrics: the core
  // reports only an address that turns unreachable).
  void set_check_listener(std::function<void(bool accepted)> listener) { check_listener_ = std::move(listener); }
  // Answers zero-filled to 101 bytes, for course implementations that read a fixed-size struct.
  void set_zero_fill(bool on) { zero_fill_ = on; }
  IndexServer& server() { return server_; }
  Endpoint local() const;
  void close();

 private:
  void start_receive();
  void handle(std::size_t size);
  Time now() const;
  void rearm_timer();
  void report_events();
  void start_checks();

  IndexServer server_;
  std::function<void(const IndexEvent&)> listener_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::steady_timer timer_;
  AddressChecker checker_;
  std::function<void(bool accepted)> check_listener_;
  bool zero_fill_ = false;
  std::optional<Time> armed_;  // the deadline the timer waits for, if any
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::array<std::uint8_t, 2048> datagram_{};  // larger than any valid PDU, so oversize ones are seen as such
  boost::asio::ip::udp::endpoint from_;
};

}  // namespace p2p::native
