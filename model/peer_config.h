// SPDX-License-Identifier: GPL-2.0-only
// Every knob of a peer; the ns-3 attributes and the native command line map onto these.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

#include "endpoint.h"
#include "name.h"
#include "retry_policy.h"
#include "timing.h"

namespace p2p {

// Waiting before another round of searches when every server of a content was busy: short,
// growing with each consecutive busy round up to a cap, with seeded jitter so that a crowd that
// was refused together does not come back together.
struct BusyBackoff {
  Duration initial = std::chrono::milliseconds(100);
  double factor = 2.0;
  Duration max = std::chrono::milliseconds(500);
  double jitter = 0.25;  // each wait is scaled by a uniform factor in [1 - jitter, 1 + jitter]

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
  std::uint16_t listen_port = 6000;  // where this peer serves content (TCP)
  // Address put into R. Unset: 0.0.0.0:listen_port, which the index reads as "my source address".
  std::optional<Endpoint> advertise;
  RetryPolicy udp_retry;
  Duration connect_timeout = std::chrono::seconds(10);  // TCP connect to a content server
  Duration stall_timeout = std::chrono::seconds(10);    // downloading: no bytes for this long, try elsewhere
  Duration request_timeout = std::chrono::seconds(10);  // an accepted connection must send its D by then
  std::size_t chunk_size = 16384;                        // data bytes per C PDU (1..65535)
  std::size_t max_attempts = 9;                          // servers tried per download (S excludes at most 8)
  bool register_downloads = true;                        // register a verified download as a new server
  // v2 swarming (protocol.md "Busy", "Multi-source", "Serving"; defaults in docs/protocol-decisions.md).
  std::size_t upload_slots = 4;                          // downloads served at once; 0 = unlimited
  std::size_t sources = 1;                               // servers one download uses at once (1..8)
  std::uint64_t piece_size = 256 * 1024;                 // bytes per D of a multi-source download
  BusyBackoff busy_backoff;                              // wait before a new round when every server is busy
  Duration download_deadline{};                          // a download gives up after this long; 0 = never
  Duration idle_timeout = std::chrono::seconds(10);      // a served connection waits this long for another D
  std::uint64_t seed = 1;                                // for the backoff jitter (mixed with the name)
  // Soft state (protocol.md "Refresh"; docs/protocol-decisions.md).
  double refresh_jitter = 0.1;                           // refresh at lease/2 scaled by [1-j, 1+j]
  Duration registration_retry = std::chrono::seconds(5); // an unanswered R is sent again after this,
  Duration registration_retry_max = std::chrono::seconds(60);  // doubling up to this; 0: never again
  bool serve_registered_only = true;                     // a D for content not registered now gets E 9
  // Bounded cost (docs/protocol-decisions.md): connections accepted at once, in all and per remote
  // host (one more is answered E 11 and closed), and the most bytes one download may take (a server
  // that streams forever is stopped there; 0 = no limit, natively the free space of the disk).
  // A requester is served while it reads at least serve_min_rate bytes/s (0: any byte will do),
  // measured over windows of serve_rate_window (taken within 1 s..24 h). A window, not the stall
  // timeout: TCP shows a slow reader's progress to the sender in steps, when the reader's kernel
  // opens its receive window.
  std::uint64_t serve_min_rate = 1024;
  Duration serve_rate_window = std::chrono::seconds(30);
  std::size_t max_connections = 512;
  std::size_t max_connections_per_host = 16;
  std::uint64_t max_download_size = 0;
};

}  // namespace p2p
