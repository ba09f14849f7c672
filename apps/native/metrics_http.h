// SPDX-License-Identifier: GPL-2.0-only
// The metrics endpoint: HTTP/1.1 on TCP (Boost.Beast) in the daemon's own event loop, answering
// GET /metrics with the text `render` returns and 404 to anything else. One request per connection.
// A slow or hostile scraper costs a bounded amount: at most `max_connections` at once (more are
// closed at accept), each closed after `timeout` without a complete exchange, and a request
// larger than `max_request_bytes` is cut off unanswered.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace p2p::native {

struct MetricsHttpLimits {
  std::size_t max_connections = 16;
  std::chrono::milliseconds timeout{5000};
  std::size_t max_request_bytes = 8192;
};

class MetricsHttp {
 public:
  // Binds and listens; throws boost::system::system_error when it cannot.
  MetricsHttp(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& bind,
              std::function<std::string()> render, MetricsHttpLimits limits = {});
  ~MetricsHttp();
  MetricsHttp(const MetricsHttp&) = delete;
  MetricsHttp& operator=(const MetricsHttp&) = delete;

  boost::asio::ip::tcp::endpoint local() const;
  std::size_t open_connections() const { return sessions_.size(); }
  void close();  // stops listening and drops every connection, so that the event loop can end

 private:
  class Session;
  void start_accept();
  void ended(Session* session) { sessions_.erase(session); }

  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_;
  std::function<std::string()> render_;
  MetricsHttpLimits limits_;
  std::map<Session*, std::weak_ptr<Session>> sessions_;
};

// "ADDR:PORT" (an IPv6 address in brackets) as a TCP endpoint; throws std::runtime_error naming
// the option when the text is not one.
boost::asio::ip::tcp::endpoint parse_metrics_address(const std::string& text);

}  // namespace p2p::native
