// SPDX-License-Identifier: GPL-2.0-only
// A load generator for the index: S queries from several UDP sockets (distinct sources), each with
// at most one query outstanding, either at a set rate or as fast as answers come back; and a
// preload of N registrations so that a large registry can be measured.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "apps/native/latency_stats.h"
#include "model/pdu.h"

namespace p2p::native {

struct LoadOptions {
  Endpoint index;
  double rate = 0;        // queries per second; 0: as fast as answers come back
  double duration = 5;    // seconds of queries; 0: none
  Name content;           // what the queries search for
  std::size_t concurrency = 16;
  std::chrono::milliseconds timeout{1000};  // a query unanswered by then counts as lost
  std::size_t preload = 0;                  // registrations to make first
  std::size_t preload_contents = 0;         // distinct content names among them (0: one each)
};

struct LoadReport {
  double preload_seconds = 0;
  std::size_t preloaded = 0;
  std::size_t preload_errors = 0;
  double seconds = 0;          // from the first query to the last answer or timeout
  std::size_t sent = 0;
  std::size_t answered = 0;    // S answers and E replies alike: the index answered
  std::size_t search_answers = 0;
  std::size_t errors = 0;
  std::size_t unanswered = 0;  // lost or later than the timeout
  std::size_t not_sent = 0;    // rate mode: every source was still waiting
  LatencyStats latency;
};

class LoadGenerator {
 public:
  // Both throw std::runtime_error when a UDP socket cannot be opened (e.g. out of descriptors).
  LoadGenerator(boost::asio::io_context& io, LoadOptions options);
  ~LoadGenerator();
  LoadReport run();  // runs the io_context until preload and queries are done

 private:
  struct Source;
  enum class Phase { Preload, Query, Draining, Done };

  void open(Source& s);
  void start_receive(Source& s);
  void on_reply(Source& s, std::size_t size);
  void send_next(Source& s);
  Bytes next_request();
  void tick();
  void enter_query_phase();
  bool all_idle() const;

  boost::asio::io_context& io_;
  LoadOptions options_;
  std::vector<std::unique_ptr<Source>> sources_;
  boost::asio::steady_timer ticker_;
  Phase phase_ = Phase::Preload;
  std::chrono::steady_clock::time_point phase_start_;
  std::size_t next_registration_ = 0;
  std::uint64_t next_query_ = 0;
  std::size_t rate_issued_ = 0;
  std::size_t round_robin_ = 0;
  LoadReport report_;
};

}  // namespace p2p::native
