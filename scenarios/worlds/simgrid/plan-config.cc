// SPDX-License-Identifier: GPL-2.0-only
#include "scenarios/worlds/simgrid/plan-config.h"

#include <set>
#include <stdexcept>
#include <string>

#include "model/selection_policy.h"
#include "model/settings.h"

namespace p2p::flow {

namespace {

// Reads a plan's settings by the table's names and keeps which it read, so that a setting this
// world does not carry is an error rather than silently the core's default.
class Reader {
 public:
  explicit Reader(const nlohmann::ordered_json& j) : j_(j) {}
  const nlohmann::ordered_json* take(const settings::Setting& s) {
    used_.insert(std::string(s.name));
    auto it = j_.find(std::string(s.name));
    return it == j_.end() ? nullptr : &*it;
  }
  template <typename T>
  void read(const settings::Setting& s, T& out) {
    if (auto* v = take(s)) out = v->get<T>();
  }
  void duration(const settings::Setting& s, Duration& out) {
    if (auto* v = take(s)) out = settings::Setting::seconds(v->get<double>());
  }
  void ignore(const std::string& name) { used_.insert(name); }
  void check_all_read(const char* what) const {
    for (const auto& [name, value] : j_.items())
      if (!used_.count(name))
        throw std::runtime_error(std::string(what) + ": the flow-level world does not carry the setting " + name);
  }

 private:
  const nlohmann::ordered_json& j_;
  std::set<std::string> used_;
};

}  // namespace

PeerConfig PeerConfigOf(const nlohmann::ordered_json& j, const Name& name, const Endpoint& index, std::uint64_t seed) {
  namespace p = settings::peer;
  Reader r(j);
  r.ignore("content_seed");  // the content's, not the peer's
  PeerConfig c;
  c.name = name;
  c.index = index;
  c.seed = seed;
  r.read(p::listen_port, c.listen_port);
  r.duration(p::retry_timeout, c.udp_retry.initial_timeout);
  r.read(p::retry_factor, c.udp_retry.factor);
  r.read(p::retry_max_tries, c.udp_retry.max_tries);
  r.duration(p::retry_max_timeout, c.udp_retry.max_timeout);
  r.duration(p::connect_timeout, c.connect_timeout);
  r.duration(p::stall_timeout, c.stall_timeout);
  r.duration(p::request_timeout, c.request_timeout);
  r.read(p::chunk_size, c.chunk_size);
  r.read(p::max_attempts, c.max_attempts);
  r.read(p::register_downloads, c.register_downloads);
  r.read(p::upload_slots, c.upload_slots);
  r.read(p::sources, c.sources);
  r.read(p::piece_size, c.piece_size);
  r.duration(p::busy_backoff, c.busy_backoff.initial);
  r.duration(p::busy_backoff_max, c.busy_backoff.max);
  r.read(p::busy_backoff_factor, c.busy_backoff.factor);
  r.read(p::busy_backoff_jitter, c.busy_backoff.jitter);
  r.duration(p::download_deadline, c.download_deadline);
  r.duration(p::idle_timeout, c.idle_timeout);
  r.read(p::refresh_jitter, c.refresh_jitter);
  r.duration(p::registration_retry, c.registration_retry);
  r.duration(p::registration_retry_max, c.registration_retry_max);
  r.read(p::serve_registered_only, c.serve_registered_only);
  if (auto* v = r.take(p::serve_min_rate)) c.serve_min_rate = static_cast<std::uint64_t>(v->get<double>());
  r.duration(p::serve_rate_window, c.serve_rate_window);
  r.duration(p::empty_swarm_wait, c.empty_swarm_wait);
  r.read(p::max_connections, c.max_connections);
  r.read(p::max_connections_per_host, c.max_connections_per_host);
  r.read(p::max_download_size, c.max_download_size);
  r.check_all_read("peer settings");
  if (std::string invalid = c.validate(); !invalid.empty()) throw std::runtime_error("peer settings: " + invalid);
  return c;
}

IndexConfig IndexConfigOf(const nlohmann::ordered_json& j, std::uint64_t seed) {
  namespace x = settings::index;
  Reader r(j);
  IndexConfig c;
  c.seed = seed;
  if (auto* v = r.take(x::policy)) {
    auto policy = parse_policy(v->get<std::string>());
    if (!policy) throw std::runtime_error("index settings: unknown policy");
    c.policy = *policy;
  }
  r.read(x::max_entries, c.max_entries);
  r.read(x::trust_addresses, c.trust_addresses);
  r.duration(x::reply_cache_ttl, c.reply_cache_ttl);
  r.read(x::reply_cache_capacity, c.reply_cache_capacity);
  r.duration(x::assignment_timeout, c.assignment_timeout);
  if (auto* v = r.take(x::lease_seconds)) c.lease_seconds = static_cast<std::uint32_t>(v->get<double>());
  r.read(x::max_entries_per_source, c.max_entries_per_source);
  r.read(x::requests_per_second, c.requests_per_second);
  r.read(x::request_burst, c.request_burst);
  r.duration(x::rate_report_interval, c.rate_report_interval);
  r.read(x::check_addresses, c.check_addresses);
  r.duration(x::check_timeout, c.check_timeout);
  r.duration(x::check_valid, c.check_valid);
  r.read(x::max_checks, c.max_checks);
  r.read(x::checks_per_second, c.checks_per_second);
  r.check_all_read("index settings");
  if (std::string invalid = c.validate(); !invalid.empty()) throw std::runtime_error("index settings: " + invalid);
  return c;
}

}  // namespace p2p::flow
