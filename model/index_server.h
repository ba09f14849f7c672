// SPDX-License-Identifier: GPL-2.0-only
// The index server's logic: one datagram in, at most one datagram out (to the same source).
#pragma once
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "pdu.h"
#include "rate_limiter.h"
#include "registry.h"
#include "reply_cache.h"
#include "settings.h"
#include "timing.h"

namespace p2p {

struct IndexConfig {
  SelectionPolicy policy = static_cast<SelectionPolicy>(settings::index::policy.as<int>());
  std::uint64_t seed = 1;               // for the random policy
  std::size_t max_entries = settings::index::max_entries.as<std::size_t>();  // registry size limit: past it, R gets E 7
  bool trust_addresses = settings::index::trust_addresses.as<bool>();         // accept an R whose address names another host
  // How long a retransmission can still come: the peers' retry horizon. With the default retry
  // policy (1 s, x2, 5 tries) the last retransmission leaves 15 s after the first transmission.
  Duration reply_cache_ttl = settings::index::reply_cache_ttl.duration();
  std::size_t reply_cache_capacity = settings::index::reply_cache_capacity.as<std::size_t>();
  // An S answer opens an assignment that closes by itself after this long (0: only by the rules).
  Duration assignment_timeout = settings::index::assignment_timeout.duration();
  // Carried in the A answering an R; 0 = entries never expire (the core's default; each world sets its own).
  std::uint32_t lease_seconds = settings::index::lease_seconds.as<std::uint32_t>();
  // Fair share per source host (0 turns each off): registry entries it may own, and requests a
  // second (token bucket with a burst); requests over the rate are dropped unanswered.
  std::size_t max_entries_per_source = settings::index::max_entries_per_source.as<std::size_t>();
  double requests_per_second = settings::index::requests_per_second.default_value;
  double request_burst = settings::index::request_burst.default_value;
  Duration rate_report_interval = settings::index::rate_report_interval.duration();  // one RateLimited event per host per interval
  // Address checks (take_checks): whether registered addresses are checked, how long a check's
  // connection may take (the adapter's timeout), how long a result stands, and their bounds.
  bool check_addresses = settings::index::check_addresses.as<bool>();
  Duration check_timeout = settings::index::check_timeout.duration();
  Duration check_valid = settings::index::check_valid.duration();
  std::size_t max_checks = settings::index::max_checks.as<std::size_t>();
  double checks_per_second = settings::index::checks_per_second.default_value;
  // Skip reports (K): how long a (requester, content) record lasts after its last report, and how
  // many records are kept at most (each holds at most Registry::kSkipsPerRecord servers).
  Duration skip_memory = settings::index::skip_memory.duration();
  std::size_t max_skip_records = settings::index::max_skip_records.as<std::size_t>();

  // Why this configuration cannot run (a value outside its setting's range), or "" when it can.
  std::string validate() const;
};

enum class IndexEventKind {
  Request,      // one datagram handled (answered or not)
  Expired,      // an entry's lease ran out: it is gone (peer, content, chosen = its address's peer)
  RateLimited,  // requests from one host were dropped over its rate (detail: how many since the last report)
  Unreachable,  // a registered address accepted no connection: its entries are withheld (from: the address)
};

// A check the adapter carries out: connect to `address` over TCP within the check timeout, close,
// and report with on_check_result(id, accepted).
struct AddressCheck {
  std::uint64_t id = 0;
  Endpoint address;
};

// What the index did with one datagram, for logs and trace sources.
struct IndexEvent {
  IndexEventKind kind = IndexEventKind::Request;
  Time time{};
  Endpoint from;
  char request_type = 0;  // 0 when the datagram was empty
  Name peer;              // empty when the request carries none or was malformed
  Name content;
  char reply_type = 0;    // 0: no reply (an E or an empty datagram is never answered)
  std::optional<ErrorCode> error;
  Name chosen;            // the server an S answer names
  bool from_cache = false;
  std::size_t request_bytes = 0;
  std::size_t reply_bytes = 0;
  std::uint64_t dropped = 0;  // RateLimited: requests dropped since the host's last report
  std::string detail;
};

class IndexServer {
 public:
  explicit IndexServer(IndexConfig config = {});

  // Handles one request; returns the reply to send back to `from`, if any.
  std::optional<Bytes> on_datagram(const Endpoint& from, ByteView datagram, Time now);
  // Leases end on time: the adapter calls on_timer at next_deadline() (and on_datagram expires
  // what is due as well, so a late timer never lets an expired entry be handed out).
  std::optional<Time> next_deadline();
  void on_timer(Time now);

  // What the server did, in order, since the last call: the server never calls back. An adapter
  // takes the events after every call, so they never pile up.
  std::vector<IndexEvent> take_events();
  // The address checks to start now; each is answered once by on_check_result.
  std::vector<AddressCheck> take_checks();
  void on_check_result(std::uint64_t id, bool accepted, Time now);
  // The adapter stopped: its checks under way end without a result (their addresses may be
  // checked again later).
  void forget_checks();

  const Registry& registry() const { return registry_; }
  Registry& registry() { return registry_; }
  const IndexConfig& config() const { return config_; }

 private:
  UdpReply handle(const Endpoint& from, const UdpRequest& request, IndexEvent& ev, Time now);
  UdpReply handle_register(const Endpoint& from, const pdu::Register& r, IndexEvent& ev, Time now);
  UdpReply handle_search(const pdu::SearchRequest& s, IndexEvent& ev, Time now);
  UdpReply handle_deregister(const Endpoint& from, const pdu::Deregister& t, IndexEvent& ev);
  UdpReply handle_list(const pdu::ListRequest& o);
  void handle_skip_report(const pdu::SkipReport& k, IndexEvent& ev, Time now);

  void expire(Time now);
  // Queues a check of `address` unless one is under way or its last result still stands
  // (`reported`: a requester skipped it, which only the in-flight rule holds back).
  void want_check(const Endpoint& address, Time now, bool reported);
  void start_checks(Time now);
  bool over_rate(const Endpoint& from, Time now);

  IndexConfig config_;
  Registry registry_;
  ReplyCache cache_;
  RateLimiter limiter_;
  struct DropReport {
    std::uint64_t dropped = 0;
    Time last_report{};
    bool reported = false;
  };
  std::map<IpAddress, DropReport> drops_;
  std::vector<IndexEvent> events_;
  std::deque<Endpoint> check_queue_;  // bounded by the addresses the registry names
  std::map<std::uint64_t, Endpoint> checks_under_way_;
  std::vector<AddressCheck> checks_to_start_;
  std::uint64_t next_check_id_ = 1;
  Time next_check_at_ = Time::min();  // the rate's token bucket, full at the start
};

}  // namespace p2p
