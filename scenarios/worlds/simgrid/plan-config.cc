// SPDX-License-Identifier: GPL-2.0-only
#include "scenarios/worlds/simgrid/plan-config.h"

#include <stdexcept>

#include "model/selection_policy.h"
#include "model/settings.h"

namespace p2p::flow {

namespace {

template <typename T>
void read(const nlohmann::ordered_json& j, const settings::Setting& s, T& out) {
  if (j.contains(std::string(s.name))) out = j.at(std::string(s.name)).get<T>();
}

void read_duration(const nlohmann::ordered_json& j, const settings::Setting& s, Duration& out) {
  if (j.contains(std::string(s.name))) out = settings::Setting::seconds(j.at(std::string(s.name)).get<double>());
}

}  // namespace

PeerConfig PeerConfigOf(const nlohmann::ordered_json& j, const Name& name, const Endpoint& index, std::uint64_t seed) {
  namespace p = settings::peer;
  PeerConfig c;
  c.name = name;
  c.index = index;
  c.seed = seed;
  read(j, p::listen_port, c.listen_port);
  read_duration(j, p::retry_timeout, c.udp_retry.initial_timeout);
  read(j, p::retry_factor, c.udp_retry.factor);
  read(j, p::retry_max_tries, c.udp_retry.max_tries);
  read_duration(j, p::retry_max_timeout, c.udp_retry.max_timeout);
  read_duration(j, p::connect_timeout, c.connect_timeout);
  read_duration(j, p::stall_timeout, c.stall_timeout);
  read_duration(j, p::request_timeout, c.request_timeout);
  read(j, p::chunk_size, c.chunk_size);
  read(j, p::max_attempts, c.max_attempts);
  read(j, p::register_downloads, c.register_downloads);
  read(j, p::upload_slots, c.upload_slots);
  read(j, p::sources, c.sources);
  read(j, p::piece_size, c.piece_size);
  read_duration(j, p::busy_backoff, c.busy_backoff.initial);
  read_duration(j, p::busy_backoff_max, c.busy_backoff.max);
  read(j, p::busy_backoff_factor, c.busy_backoff.factor);
  read(j, p::busy_backoff_jitter, c.busy_backoff.jitter);
  read_duration(j, p::download_deadline, c.download_deadline);
  read_duration(j, p::idle_timeout, c.idle_timeout);
  read(j, p::refresh_jitter, c.refresh_jitter);
  read_duration(j, p::registration_retry, c.registration_retry);
  read_duration(j, p::registration_retry_max, c.registration_retry_max);
  read(j, p::serve_registered_only, c.serve_registered_only);
  if (j.contains(std::string(p::serve_min_rate.name)))
    c.serve_min_rate = static_cast<std::uint64_t>(j.at(std::string(p::serve_min_rate.name)).get<double>());
  read_duration(j, p::serve_rate_window, c.serve_rate_window);
  read(j, p::max_connections, c.max_connections);
  read(j, p::max_connections_per_host, c.max_connections_per_host);
  read(j, p::max_download_size, c.max_download_size);
  if (std::string invalid = c.validate(); !invalid.empty()) throw std::runtime_error("peer settings: " + invalid);
  return c;
}

IndexConfig IndexConfigOf(const nlohmann::ordered_json& j, std::uint64_t seed) {
  namespace x = settings::index;
  IndexConfig c;
  c.seed = seed;
  if (j.contains(std::string(x::policy.name))) {
    auto policy = parse_policy(j.at(std::string(x::policy.name)).get<std::string>());
    if (!policy) throw std::runtime_error("index settings: unknown policy");
    c.policy = *policy;
  }
  read(j, x::max_entries, c.max_entries);
  read(j, x::trust_addresses, c.trust_addresses);
  read_duration(j, x::reply_cache_ttl, c.reply_cache_ttl);
  read(j, x::reply_cache_capacity, c.reply_cache_capacity);
  read_duration(j, x::assignment_timeout, c.assignment_timeout);
  if (j.contains(std::string(x::lease_seconds.name)))
    c.lease_seconds = static_cast<std::uint32_t>(j.at(std::string(x::lease_seconds.name)).get<double>());
  read(j, x::max_entries_per_source, c.max_entries_per_source);
  read(j, x::requests_per_second, c.requests_per_second);
  read(j, x::request_burst, c.request_burst);
  read_duration(j, x::rate_report_interval, c.rate_report_interval);
  if (std::string invalid = c.validate(); !invalid.empty()) throw std::runtime_error("index settings: " + invalid);
  return c;
}

}  // namespace p2p::flow
