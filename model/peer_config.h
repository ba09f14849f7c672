// SPDX-License-Identifier: GPL-2.0-only
// Every knob of a peer. Defaults and ranges come from the settings table (settings.h).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "endpoint.h"
#include "name.h"
#include "retry_policy.h"
#include "settings.h"
#include "timing.h"

namespace p2p {

// Waiting before another round of searches when every server of a content was busy: short,
// growing with each consecutive busy round up to a cap, with seeded jitter so that a crowd that
// was refused together does not come back together.
struct BusyBackoff {
  Duration initial = settings::peer::busy_backoff.duration();
  double factor = settings::peer::busy_backoff_factor.default_value;
  Duration max = settings::peer::busy_backoff_max.duration();
  double jitter = settings::peer::busy_backoff_jitter.default_value;  // each wait is scaled by a uniform factor in [1 - jitter, 1 + jitter]

  Duration wait(int round, double uniform01) const {
    double t = static_cast<double>(initial.count()) * std::pow(factor, std::max(0, round - 1));
    t = std::min(t, static_cast<double>(max.count()));
    t *= 1.0 + jitter * (2.0 * uniform01 - 1.0);
    return Duration(static_cast<Duration::rep>(std::max(0.0, t)));
  }
};

struct PeerConfig {
  Name name;
  Endpoint index;                    // where the index server listens (UDP)
  std::uint16_t listen_port = settings::peer::listen_port.as<std::uint16_t>();  // where this peer serves content (TCP)
  // Address put into R. Unset: 0.0.0.0:listen_port, which the index reads as "my source address".
  std::optional<Endpoint> advertise;
  RetryPolicy udp_retry;
  Duration connect_timeout = settings::peer::connect_timeout.duration();  // TCP connect to a content server
  Duration stall_timeout = settings::peer::stall_timeout.duration();    // downloading: no bytes for this long, try elsewhere
  Duration request_timeout = settings::peer::request_timeout.duration();  // an accepted connection must send its D by then
  std::size_t chunk_size = settings::peer::chunk_size.as<std::size_t>();                        // data bytes per C PDU (1..65535)
  std::size_t max_attempts = settings::peer::max_attempts.as<std::size_t>();                          // servers tried per download (S excludes at most 8)
  bool register_downloads = settings::peer::register_downloads.as<bool>();                        // register a verified download as a new server
  // v2 swarming (protocol.md "Busy", "Multi-source", "Serving"; defaults in docs/protocol-decisions.md).
  std::size_t upload_slots = settings::peer::upload_slots.as<std::size_t>();                          // downloads served at once; 0 = unlimited
  std::size_t sources = settings::peer::sources.as<std::size_t>();                               // servers one download uses at once (1..8)
  std::uint64_t piece_size = settings::peer::piece_size.as<std::uint64_t>();                 // bytes per D of a multi-source download
  BusyBackoff busy_backoff;                              // wait before a new round when every server is busy
  Duration download_deadline = settings::peer::download_deadline.duration();                          // a download gives up after this long; 0 = never
  // An empty swarm (E 5) is asked again after the busy backoff for this long (0: fails at once).
  Duration empty_swarm_wait = settings::peer::empty_swarm_wait.duration();
  Duration idle_timeout = settings::peer::idle_timeout.duration();      // a served connection waits this long for another D
  std::uint64_t seed = 1;                                // for the backoff jitter (mixed with the name)
  // Soft state (protocol.md "Refresh"; docs/protocol-decisions.md).
  double refresh_jitter = settings::peer::refresh_jitter.default_value;                           // refresh at lease/2 scaled by [1-j, 1+j]
  Duration registration_retry = settings::peer::registration_retry.duration(); // an unanswered R is sent again after this,
  Duration registration_retry_max = settings::peer::registration_retry_max.duration();  // doubling up to this; 0: never again
  bool serve_registered_only = settings::peer::serve_registered_only.as<bool>();                     // a D for content not registered now gets E 9
  // Bounded cost (docs/protocol-decisions.md): connections accepted at once, in all and per remote
  // host (one more is answered E 11 and closed), and the most bytes one download may take (a server
  // that streams forever is stopped there; 0 = no limit, natively the free space of the disk).
  // A requester is served while it reads at least serve_min_rate bytes/s (0: any byte will do),
  // measured over windows of serve_rate_window (taken within 1 s..24 h). A window, not the stall
  // timeout: TCP shows a slow reader's progress to the sender in steps, when the reader's kernel
  // opens its receive window.
  std::uint64_t serve_min_rate = settings::peer::serve_min_rate.as<std::uint64_t>();
  Duration serve_rate_window = settings::peer::serve_rate_window.duration();
  std::size_t max_connections = settings::peer::max_connections.as<std::size_t>();
  std::size_t max_connections_per_host = settings::peer::max_connections_per_host.as<std::size_t>();
  std::uint64_t max_download_size = settings::peer::max_download_size.as<std::uint64_t>();
  // Skip reports (K) to the index, at most this many a second (0: none); an index that answers
  // one with E 2 (v1) gets no more.
  double skip_reports_per_second = settings::peer::skip_reports_per_second.default_value;
  // After parallel_after servers failed in a row (0: never), a download connects to up to
  // parallel_connects untried servers at once and keeps the first that answers.
  std::size_t parallel_after = settings::peer::parallel_after.as<std::size_t>();
  std::size_t parallel_connects = settings::peer::parallel_connects.as<std::size_t>();
  // Byte-less content (content.h): C frames carry their length without payload, served from the
  // source's identity and verified by the sink's. A mode of the world that runs the peer (the
  // flow-level world's default), not a protocol setting: both ends of a stream must share it.
  bool byteless = false;

  // Why this configuration cannot run (a value outside its setting's range), or "" when it can.
  // A busy backoff ceiling below the first wait is not an error here: the ceiling wins.
  std::string validate() const;
};

}  // namespace p2p
