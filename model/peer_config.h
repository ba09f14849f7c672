// Every knob of a peer; the ns-3 attributes and the native command line map onto these.
#pragma once
#include <cstdint>
#include <optional>

#include "endpoint.h"
#include "name.h"
#include "retry_policy.h"
#include "timing.h"

namespace p2p {

struct PeerConfig {
  Name name;
  Endpoint index;                    // where the index server listens (UDP)
  std::uint16_t listen_port = 6000;  // where this peer serves content (TCP)
  // Address put into R. Unset: 0.0.0.0:listen_port, which the index reads as "my source address".
  std::optional<Endpoint> advertise;
  RetryPolicy udp_retry;
  Duration connect_timeout = std::chrono::seconds(10);  // TCP connect to a content server
  Duration stall_timeout = std::chrono::seconds(10);    // no bytes moved for this long: give up on the transfer
  Duration request_timeout = std::chrono::seconds(10);  // an accepted connection must send its D by then
  std::size_t chunk_size = 16384;                        // data bytes per C PDU (1..65535)
  std::size_t max_attempts = 9;                          // servers tried per download (S excludes at most 8)
  bool register_downloads = true;                        // register a verified download as a new server
};

}  // namespace p2p
