// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/load_generator.h"

#include <array>
#include <stdexcept>

#include "apps/native/net_address.h"

namespace p2p::native {

namespace asio = boost::asio;
using asio::ip::udp;
using Clock = std::chrono::steady_clock;

namespace {
constexpr auto kTick = std::chrono::milliseconds(1);
constexpr int kPreloadTries = 5;

Name numbered(char prefix, std::uint64_t n) { return *Name::parse(prefix + std::to_string(n)); }
}  // namespace

struct LoadGenerator::Source {
  explicit Source(asio::io_context& io) : socket(io) {}
  udp::socket socket;
  std::uint64_t generation = 0;  // handlers of a replaced socket see a newer generation and stop
  bool busy = false;
  Bytes request;  // the outstanding request, sent again during the preload
  int tries = 0;
  Clock::time_point sent;
  std::array<std::uint8_t, 512> reply{};
};

LoadGenerator::LoadGenerator(asio::io_context& io, LoadOptions options)
    : io_(io), options_(std::move(options)), ticker_(io) {
  if (options_.concurrency == 0) options_.concurrency = 1;
  if (options_.preload_contents == 0) options_.preload_contents = options_.preload;
  for (std::size_t i = 0; i < options_.concurrency; ++i) {
    sources_.push_back(std::make_unique<Source>(io_));
    open(*sources_.back());
  }
}

LoadGenerator::~LoadGenerator() = default;

// Connected sockets: only the index's replies arrive, and each source has its own port.
void LoadGenerator::open(Source& s) {
  boost::system::error_code ec;
  s.socket.close(ec);
  ++s.generation;
  auto target = to_asio_endpoint<udp>(options_.index);
  s.socket.open(target.protocol(), ec);
  if (!ec) s.socket.connect(target, ec);
  // Out of descriptors, or an IPv6 index without IPv6: nothing to measure, so give up with the reason.
  if (ec) throw std::runtime_error("cannot open a UDP socket to " + options_.index.to_string() + ": " + ec.message());
  s.busy = false;
  start_receive(s);
}

void LoadGenerator::start_receive(Source& s) {
  s.socket.async_receive(asio::buffer(s.reply), [this, &s, gen = s.generation](const boost::system::error_code& ec,
                                                                               std::size_t n) {
    if (gen != s.generation || ec == asio::error::operation_aborted) return;
    if (!ec) on_reply(s, n);
    start_receive(s);
  });
}

LoadReport LoadGenerator::run() {
  phase_start_ = Clock::now();
  if (options_.preload == 0) enter_query_phase();
  else
    for (auto& s : sources_) send_next(*s);
  tick();
  io_.run();
  return std::move(report_);
}

void LoadGenerator::enter_query_phase() {
  if (phase_ == Phase::Preload && options_.preload > 0)
    report_.preload_seconds = std::chrono::duration<double>(Clock::now() - phase_start_).count();
  phase_start_ = Clock::now();
  if (options_.duration <= 0) {
    phase_ = Phase::Done;
    return;
  }
  phase_ = Phase::Query;
  if (options_.rate <= 0)
    for (auto& s : sources_) send_next(*s);
}

Bytes LoadGenerator::next_request() {
  if (phase_ == Phase::Preload) {
    std::size_t i = next_registration_++;
    // Distinct peer names, and contents shared round-robin among them; "0.0.0.0" = the sender.
    return encode(UdpRequest{pdu::Register{numbered('p', i), numbered('c', i % options_.preload_contents),
                                           Endpoint{IpAddress{}, 1}}});
  }
  // A distinct requester name per query keeps the index's reply cache from answering for the registry;
  // the counter wraps before "q" and its digits pass 10 bytes (a repeat 1e9 queries later is long gone).
  constexpr std::uint64_t kQueryNames = 1'000'000'000;
  return encode(UdpRequest{pdu::SearchRequest{numbered('q', next_query_++ % kQueryNames), options_.content, {}}});
}

void LoadGenerator::send_next(Source& s) {
  if (phase_ == Phase::Preload && next_registration_ >= options_.preload) return;
  s.request = next_request();
  s.tries = 1;
  s.busy = true;
  s.sent = Clock::now();
  boost::system::error_code ec;
  s.socket.send(asio::buffer(s.request), 0, ec);
  if (phase_ == Phase::Query) ++report_.sent;
}

void LoadGenerator::on_reply(Source& s, std::size_t size) {
  if (!s.busy || size == 0) return;  // late: its query already counted as unanswered
  s.busy = false;
  char type = static_cast<char>(s.reply[0]);
  if (phase_ == Phase::Preload) {
    if (type == 'A') ++report_.preloaded;
    else ++report_.preload_errors;
    send_next(s);
    return;
  }
  report_.latency.add(Clock::now() - s.sent);
  ++report_.answered;
  if (type == 'S') ++report_.search_answers;
  else ++report_.errors;
  bool sending = phase_ == Phase::Query && options_.rate <= 0;
  if (sending) send_next(s);
}

bool LoadGenerator::all_idle() const {
  for (const auto& s : sources_)
    if (s->busy) return false;
  return true;
}

void LoadGenerator::tick() {
  auto now = Clock::now();
  for (auto& sp : sources_) {
    Source& s = *sp;
    if (!s.busy || now - s.sent < options_.timeout) continue;
    if (phase_ == Phase::Preload) {
      if (s.tries < kPreloadTries) {  // the index's reply cache makes a resent R harmless
        ++s.tries;
        s.sent = now;
        boost::system::error_code ec;
        s.socket.send(asio::buffer(s.request), 0, ec);
      } else {
        s.busy = false;
        ++report_.preload_errors;
        send_next(s);
      }
      continue;
    }
    ++report_.unanswered;
    open(s);  // a fresh port, so that a late answer cannot be taken for the next query's
    if (phase_ == Phase::Query && options_.rate <= 0) send_next(s);
  }

  double elapsed = std::chrono::duration<double>(now - phase_start_).count();
  switch (phase_) {
    case Phase::Preload:
      if (next_registration_ >= options_.preload && all_idle()) enter_query_phase();
      break;
    case Phase::Query:
      if (options_.rate > 0) {
        auto due = static_cast<std::size_t>(std::min(elapsed, options_.duration) * options_.rate);
        for (; rate_issued_ < due; ++rate_issued_) {
          Source* idle = nullptr;
          for (std::size_t k = 0; k < sources_.size() && !idle; ++k) {
            Source& c = *sources_[(round_robin_ + k) % sources_.size()];
            if (!c.busy) idle = &c;
          }
          round_robin_ = (round_robin_ + 1) % sources_.size();
          if (idle) send_next(*idle);
          else ++report_.not_sent;
        }
      }
      if (elapsed >= options_.duration) phase_ = Phase::Draining;
      break;
    case Phase::Draining:
      if (all_idle()) {
        report_.seconds = elapsed;
        phase_ = Phase::Done;
      }
      break;
    case Phase::Done:
      break;
  }
  if (phase_ == Phase::Done) {
    for (auto& s : sources_) {
      ++s->generation;
      boost::system::error_code ec;
      s->socket.close(ec);
    }
    return;
  }
  ticker_.expires_after(kTick);
  ticker_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

}  // namespace p2p::native
