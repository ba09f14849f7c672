// SPDX-License-Identifier: GPL-2.0-only
// PeerConfig::validate and IndexConfig::validate: every field against its setting's range.
#include <initializer_list>
#include <utility>

#include "index_server.h"
#include "peer_config.h"
#include "settings.h"

namespace p2p {
namespace {

using Checked = std::pair<const settings::Setting*, double>;

std::string first_problem(std::initializer_list<Checked> values) {
  for (const auto& [setting, value] : values)
    if (std::string why = settings::check(*setting, value); !why.empty()) return why;
  return {};
}

double count(std::size_t n) { return static_cast<double>(n); }


}  // namespace

std::string PeerConfig::validate() const {
  namespace s = settings::peer;
  return first_problem({
      {&s::listen_port, listen_port},
      {&s::retry_timeout, to_seconds(udp_retry.initial_timeout)},
      {&s::retry_factor, udp_retry.factor},
      {&s::retry_max_tries, udp_retry.max_tries},
      {&s::retry_max_timeout, to_seconds(udp_retry.max_timeout)},
      {&s::connect_timeout, to_seconds(connect_timeout)},
      {&s::stall_timeout, to_seconds(stall_timeout)},
      {&s::request_timeout, to_seconds(request_timeout)},
      {&s::chunk_size, count(chunk_size)},
      {&s::max_attempts, count(max_attempts)},
      {&s::register_downloads, register_downloads ? 1.0 : 0.0},
      {&s::upload_slots, count(upload_slots)},
      {&s::sources, count(sources)},
      {&s::piece_size, static_cast<double>(piece_size)},
      {&s::busy_backoff, to_seconds(busy_backoff.initial)},
      {&s::busy_backoff_max, to_seconds(busy_backoff.max)},
      {&s::busy_backoff_factor, busy_backoff.factor},
      {&s::busy_backoff_jitter, busy_backoff.jitter},
      {&s::download_deadline, to_seconds(download_deadline)},
      {&s::idle_timeout, to_seconds(idle_timeout)},
      {&s::refresh_jitter, refresh_jitter},
      {&s::registration_retry, to_seconds(registration_retry)},
      {&s::registration_retry_max, to_seconds(registration_retry_max)},
      {&s::serve_registered_only, serve_registered_only ? 1.0 : 0.0},
      {&s::serve_min_rate, static_cast<double>(serve_min_rate)},
      {&s::serve_rate_window, to_seconds(serve_rate_window)},
      {&s::max_connections, count(max_connections)},
      {&s::max_connections_per_host, count(max_connections_per_host)},
      {&s::empty_swarm_wait, to_seconds(empty_swarm_wait)},
      {&s::max_download_size, static_cast<double>(max_download_size)},
      {&s::skip_reports_per_second, skip_reports_per_second},
      {&s::parallel_after, count(parallel_after)},
      {&s::parallel_connects, count(parallel_connects)},
  });
}

std::string IndexConfig::validate() const {
  namespace s = settings::index;
  return first_problem({
      {&s::policy, static_cast<double>(static_cast<int>(policy))},
      {&s::max_entries, count(max_entries)},
      {&s::trust_addresses, trust_addresses ? 1.0 : 0.0},
      {&s::reply_cache_ttl, to_seconds(reply_cache_ttl)},
      {&s::reply_cache_capacity, count(reply_cache_capacity)},
      {&s::assignment_timeout, to_seconds(assignment_timeout)},
      {&s::lease_seconds, lease_seconds},
      {&s::max_entries_per_source, count(max_entries_per_source)},
      {&s::requests_per_second, requests_per_second},
      {&s::request_burst, request_burst},
      {&s::rate_report_interval, to_seconds(rate_report_interval)},
      {&s::check_addresses, check_addresses ? 1.0 : 0.0},
      {&s::check_timeout, to_seconds(check_timeout)},
      {&s::check_valid, to_seconds(check_valid)},
      {&s::max_checks, count(max_checks)},
      {&s::checks_per_second, checks_per_second},
      {&s::skip_memory, to_seconds(skip_memory)},
      {&s::max_skip_records, count(max_skip_records)},
  });
}

}  // namespace p2p
