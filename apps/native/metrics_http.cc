// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/metrics_http.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <stdexcept>

namespace p2p::native {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;

class MetricsHttp::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(MetricsHttp& owner, tcp::socket socket) : owner_(owner), stream_(std::move(socket)) {
    parser_.header_limit(static_cast<std::uint32_t>(owner.limits_.max_request_bytes));
    parser_.body_limit(owner.limits_.max_request_bytes);
  }

  void start() {
    // One deadline for the whole exchange: a scraper that sends slowly or never reads its answer
    // is dropped when it passes.
    stream_.expires_after(owner_.limits_.timeout);
    http::async_read(stream_, buffer_, parser_, [self = shared_from_this()](const error_code& ec, std::size_t) {
      if (ec) return self->stop();  // timed out, cut off at the size limit, malformed or closed
      self->answer();
    });
  }

  void stop() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    if (!stopped_) owner_.ended(this);
    stopped_ = true;
  }

 private:
  void answer() {
    if (stopped_) return;  // closed by the server meanwhile
    const auto& request = parser_.get();
    bool metrics = request.method() == http::verb::get &&
                   (request.target() == "/metrics" || request.target().starts_with("/metrics?"));
    response_.version(request.version());
    response_.keep_alive(false);
    response_.set(http::field::server, "p2p-testbed");
    if (metrics) {
      response_.result(http::status::ok);
      response_.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      response_.body() = owner_.render_();
    } else {
      response_.result(http::status::not_found);
      response_.set(http::field::content_type, "text/plain; charset=utf-8");
      response_.body() = "only GET /metrics is served here\n";
    }
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](const error_code&, std::size_t) { self->stop(); });
  }

  MetricsHttp& owner_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> parser_;
  http::response<http::string_body> response_;
  bool stopped_ = false;
};

MetricsHttp::MetricsHttp(asio::io_context& io, const tcp::endpoint& bind, std::function<std::string()> render,
                         MetricsHttpLimits limits)
    : acceptor_(io), accept_retry_(io), render_(std::move(render)), limits_(limits) {
  acceptor_.open(bind.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(bind);
  acceptor_.listen();
  start_accept();
}

MetricsHttp::~MetricsHttp() { close(); }

tcp::endpoint MetricsHttp::local() const {
  error_code ec;
  return acceptor_.local_endpoint(ec);
}

void MetricsHttp::close() {
  error_code ignored;
  acceptor_.close(ignored);
  accept_retry_.cancel();
  auto sessions = sessions_;
  for (auto& [raw, weak] : sessions)
    if (auto s = weak.lock()) s->stop();
  sessions_.clear();
}

void MetricsHttp::start_accept() {
  acceptor_.async_accept([this](const error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Out of descriptors, most likely: try again shortly rather than spin.
      accept_retry_.expires_after(std::chrono::milliseconds(100));
      accept_retry_.async_wait([this](const error_code& e) {
        if (!e) start_accept();
      });
      return;
    }
    if (sessions_.size() < limits_.max_connections) {
      auto session = std::make_shared<Session>(*this, std::move(socket));
      sessions_[session.get()] = session;
      session->start();
    }  // else: the socket closes here, unanswered
    start_accept();
  });
}

tcp::endpoint parse_metrics_address(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    throw std::runtime_error("--metrics needs ADDR:PORT, e.g. 127.0.0.1:9464 (got '" + text + "')");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  error_code ec;
  auto address = asio::ip::make_address(host, ec);
  unsigned long port = 0;
  try {
    std::size_t used = 0;
    port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) port = 70000;
  } catch (const std::exception&) {
    port = 70000;
  }
  if (ec || port > 65535)
    throw std::runtime_error("--metrics needs ADDR:PORT with an IP address and a port of 0..65535 (got '" + text + "')");
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace p2p::native
