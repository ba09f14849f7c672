// SPDX-License-Identifier: GPL-2.0-only
// Every protocol setting of a peer (PeerConfig) and of the index (IndexConfig), defined once: its
// name, unit, default, range and documentation, and what each world calls it. PeerConfig and
// IndexConfig take their defaults from here; the ns-3 attributes, the p2p-scenario options and the
// native flags take their defaults, ranges and help from here; docs/settings.md is generated from
// here (p2p-settings --markdown), and p2p-settings --json prints it for other programs.
//
// Not settings: a peer's name, its index's address and its advertised address (identity, given
// per peer), and the seeds of its random choices (drawn from each world's random streams).
#pragma once
#include <array>
#include <chrono>
#include <cmath>
#include <span>
#include <string>
#include <string_view>

#include "timing.h"

namespace p2p::settings {

enum class Kind {
  Integer,  // a whole number of `unit`
  Real,     // a number of `unit`
  Seconds,  // a duration, in seconds (decimals allowed)
  Flag,     // 0 or 1
  Choice,   // one of `choices`; default, min and max are positions in that list
};

// A world that needs another default than the core's, and why.
struct WorldDefault {
  bool differs = false;
  double value = 0;
  std::string_view reason;
};

struct Setting {
  std::string_view name;       // the config field, snake_case, nested fields flattened
  std::string_view component;  // "peer" (PeerConfig) or "index" (IndexConfig)
  Kind kind = Kind::Integer;
  std::string_view unit;  // "s", "bytes", "bytes/s", "count", ...
  double default_value = 0;
  double min = 0;
  double max = 0;
  std::string_view doc;  // one line
  std::string_view choices = {};  // Kind::Choice: the values, in order, separated by '|'
  WorldDefault ns3 = {};
  WorldDefault native = {};
  std::string_view flow_note = {};  // how the flow-level world treats it, when that is not plainly
  // The names the worlds give it ("": not settable there).
  std::string_view ns3_attribute = {};    // of ns3::p2p::PeerApplication or ns3::p2p::IndexServerApplication
  double ns3_scale = 1;                   // attribute value per unit (8: a DataRate in bit/s)
  std::string_view scenario_option = {};  // p2p-scenario --NAME, an alias of the attribute
  std::string_view native_flag = {};      // p2p-peer or p2p-index --NAME
  double native_scale = 1;                // flag value per unit (1000: milliseconds)
  std::string_view native_unit = {};      // when the flag's unit is not `unit`

  constexpr double default_in_ns3() const { return ns3.differs ? ns3.value : default_value; }
  constexpr double default_in_native() const { return native.differs ? native.value : default_value; }
  // The default as the config field's type.
  template <typename T>
  constexpr T as() const {
    return static_cast<T>(default_value);
  }
  constexpr Duration duration() const { return seconds(default_value); }
  static constexpr Duration seconds(double s) {
    return Duration(static_cast<Duration::rep>(s * 1e9 + (s >= 0 ? 0.5 : -0.5)));
  }
};

inline constexpr double kTwo40 = 1099511627776.0;  // 2^40
inline constexpr double kTwo32 = 4294967296.0;     // 2^32
inline constexpr double kDay = 86400;

namespace peer {

inline constexpr Setting listen_port{.name = "listen_port", .component = "peer", .unit = "port",
    .default_value = 6000, .min = 0, .max = 65535,
    .doc = "TCP port this peer serves content on (0: any free port; natively the port of --listen ADDR:PORT).",
    .ns3_attribute = "ListenPort"};
inline constexpr Setting retry_timeout{.name = "retry_timeout", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 1, .min = 0.001, .max = 600,
    .doc = "Wait for the index's answer after the first transmission of a request (UDP).",
    .flow_note = "no loss, so no request is retransmitted",
    .ns3_attribute = "RetryTimeout", .scenario_option = "retryTimeout", .native_flag = "retry-timeout",
    .native_scale = 1000, .native_unit = "ms"};
inline constexpr Setting retry_factor{.name = "retry_factor", .component = "peer", .kind = Kind::Real,
    .unit = "factor", .default_value = 2, .min = 1, .max = 16,
    .doc = "Each retransmission to the index waits this many times longer than the one before.",
    .flow_note = "no loss, so no request is retransmitted", .ns3_attribute = "RetryFactor"};
inline constexpr Setting retry_max_tries{.name = "retry_max_tries", .component = "peer", .unit = "transmissions",
    .default_value = 5, .min = 1, .max = 100,
    .doc = "Transmissions of a request to the index, the first one included.",
    .flow_note = "no loss, so one transmission is enough",
    .ns3_attribute = "RetryMaxTries", .scenario_option = "retryMaxTries", .native_flag = "retries"};
inline constexpr Setting retry_max_timeout{.name = "retry_max_timeout", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 30, .min = 0.001, .max = kDay,
    .doc = "Ceiling of the wait for the index's answer.",
    .flow_note = "no loss, so no request is retransmitted", .ns3_attribute = "RetryMaxTimeout"};
inline constexpr Setting connect_timeout{.name = "connect_timeout", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 10, .min = 0.001, .max = kDay,
    .doc = "Give up connecting to a content server after this long.",
    .ns3_attribute = "ConnectTimeout", .scenario_option = "connectTimeout"};
inline constexpr Setting stall_timeout{.name = "stall_timeout", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 10, .min = 0.001, .max = kDay,
    .doc = "Downloading: give up on a server when no byte came from it for this long.",
    .ns3_attribute = "StallTimeout", .scenario_option = "stallTimeout", .native_flag = "stall-timeout"};
inline constexpr Setting request_timeout{.name = "request_timeout", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 10, .min = 0.001, .max = kDay,
    .doc = "Serving: an accepted connection must send its D within this time.",
    .ns3_attribute = "RequestTimeout", .scenario_option = "requestTimeout"};
inline constexpr Setting chunk_size{.name = "chunk_size", .component = "peer", .unit = "bytes",
    .default_value = 16384, .min = 1, .max = 65535,
    .doc = "Data bytes per C PDU this peer sends when serving.",
    .flow_note = "bytes move as flows, not frames: only the header overhead per chunk counts",
    .ns3_attribute = "ChunkSize", .scenario_option = "chunkSize", .native_flag = "chunk-size"};
inline constexpr Setting max_attempts{.name = "max_attempts", .component = "peer", .unit = "servers",
    .default_value = 9, .min = 1, .max = 1000,
    .doc = "Distinct servers that may fail a download before it fails, when it has no download_deadline (with "
           "one it goes on while the index names servers it has not tried).",
    .ns3_attribute = "MaxAttempts"};
inline constexpr Setting register_downloads{.name = "register_downloads", .component = "peer", .kind = Kind::Flag,
    .unit = "bool", .default_value = 1, .min = 0, .max = 1,
    .doc = "Register each verified download, becoming one more server of it (natively: --no-register turns it off).",
    .ns3_attribute = "RegisterDownloads"};
inline constexpr Setting upload_slots{.name = "upload_slots", .component = "peer", .unit = "downloads",
    .default_value = 4, .min = 0, .max = 65535,
    .doc = "Downloads served at once; one more D is answered E 11 (busy). 0 = unlimited.",
    .ns3_attribute = "UploadSlots", .scenario_option = "uploadSlots", .native_flag = "upload-slots"};
inline constexpr Setting sources{.name = "sources", .component = "peer", .unit = "servers",
    .default_value = 1, .min = 1, .max = 8,
    .doc = "Servers one download fetches pieces from at once (1: one server, the whole content in one D).",
    .ns3_attribute = "Sources", .scenario_option = "sources", .native_flag = "sources"};
inline constexpr Setting piece_size{.name = "piece_size", .component = "peer", .unit = "bytes",
    .default_value = 262144, .min = 1, .max = kTwo40,
    .doc = "Bytes asked for per D by a multi-source download (sources > 1).",
    .ns3_attribute = "PieceSize", .scenario_option = "pieceSize", .native_flag = "piece-size"};
inline constexpr Setting busy_backoff{.name = "busy_backoff", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 0.1, .min = 0.001, .max = 3600,
    .doc = "Wait before a new round of a download whose servers were all busy (E 11); grows per busy round.",
    .ns3_attribute = "BusyBackoff", .scenario_option = "busyBackoff", .native_flag = "busy-backoff"};
inline constexpr Setting busy_backoff_max{.name = "busy_backoff_max", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 0.5, .min = 0.001, .max = 3600,
    .doc = "Ceiling of the wait between busy rounds, before the jitter (at least busy_backoff).",
    .ns3_attribute = "BusyBackoffMax", .scenario_option = "busyBackoffMax", .native_flag = "busy-backoff-max"};
inline constexpr Setting busy_backoff_factor{.name = "busy_backoff_factor", .component = "peer", .kind = Kind::Real,
    .unit = "factor", .default_value = 2, .min = 1, .max = 16,
    .doc = "The wait between busy rounds grows by this factor per round that met no new server."};
inline constexpr Setting busy_backoff_jitter{.name = "busy_backoff_jitter", .component = "peer", .kind = Kind::Real,
    .unit = "fraction", .default_value = 0.25, .min = 0, .max = 1,
    .doc = "Each busy wait is scaled by a seeded uniform factor in [1 - jitter, 1 + jitter]."};
inline constexpr Setting download_deadline{.name = "download_deadline", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 0, .min = 0, .max = 1e6,
    .doc = "A download not verified this long after it was asked for is given up (0 = never).",
    .native = {true, 3600, "a get run from a script must end even when no server ever answers"},
    .ns3_attribute = "DownloadDeadline", .scenario_option = "downloadDeadline", .native_flag = "download-deadline"};
inline constexpr Setting idle_timeout{.name = "idle_timeout", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 10, .min = 0.001, .max = kDay,
    .doc = "Serving: a connection waits this long for its next D before it is closed."};
inline constexpr Setting refresh_jitter{.name = "refresh_jitter", .component = "peer", .kind = Kind::Real,
    .unit = "fraction", .default_value = 0.1, .min = 0, .max = 0.9,
    .doc = "Registrations are refreshed at half the lease, scaled by a uniform factor in [1 - j, 1 + j]."};
inline constexpr Setting registration_retry{.name = "registration_retry", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 5, .min = 0.001, .max = kDay,
    .doc = "An unanswered R is sent again after this long, doubling each time."};
inline constexpr Setting registration_retry_max{.name = "registration_retry_max", .component = "peer",
    .kind = Kind::Seconds, .unit = "s", .default_value = 60, .min = 0, .max = kDay,
    .doc = "Ceiling of the wait between unanswered R's (0: an unanswered R is not sent again)."};
inline constexpr Setting serve_registered_only{.name = "serve_registered_only", .component = "peer",
    .kind = Kind::Flag, .unit = "bool", .default_value = 1, .min = 0, .max = 1,
    .doc = "A D for content this peer has not registered now is answered E 9."};
inline constexpr Setting serve_min_rate{.name = "serve_min_rate", .component = "peer", .unit = "bytes/s",
    .default_value = 1024, .min = 0, .max = kTwo40,
    .doc = "Serving: a requester reading less than this over a serve_rate_window is dropped (0: any byte will do).",
    .ns3_attribute = "ServeMinRate", .ns3_scale = 8, .native_flag = "serve-min-rate"};
inline constexpr Setting serve_rate_window{.name = "serve_rate_window", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 30, .min = 1, .max = kDay,
    .doc = "Serving: the window a requester's reading rate is measured over (shorter sees TCP's bursts, not a rate).",
    .ns3_attribute = "ServeRateWindow", .native_flag = "serve-rate-window"};
inline constexpr Setting max_connections{.name = "max_connections", .component = "peer", .unit = "connections",
    .default_value = 512, .min = 1, .max = 1e6,
    .doc = "Serving: connections accepted at once; one more is answered E 11 and closed."};
inline constexpr Setting max_connections_per_host{.name = "max_connections_per_host", .component = "peer",
    .unit = "connections", .default_value = 16, .min = 1, .max = 1e6,
    .doc = "Serving: connections accepted at once from one remote host; one more is answered E 11 and closed."};
inline constexpr Setting empty_swarm_wait{.name = "empty_swarm_wait", .component = "peer", .kind = Kind::Seconds,
    .unit = "s", .default_value = 10, .min = 0, .max = kDay,
    .doc = "A download the index has no server for (E 5) asks again, after the busy backoff, for this long before it "
           "fails (0: it fails at once); in a flash crowd the first servers can register late.",
    .ns3_attribute = "EmptySwarmWait", .native_flag = "empty-swarm-wait"};
inline constexpr Setting max_download_size{.name = "max_download_size", .component = "peer", .unit = "bytes",
    .default_value = 0, .min = 0, .max = kTwo40 * 1024,
    .doc = "The most bytes one download may take: a server that streams forever is stopped there (0 = no limit; "
           "natively the free space of the disk)."};
inline constexpr Setting skip_reports_per_second{.name = "skip_reports_per_second", .component = "peer",
    .kind = Kind::Real, .unit = "reports/s", .default_value = 20, .min = 0, .max = 1e6,
    .doc = "Skip reports (K: a server skipped as busy, failed, in use or released) sent to the index a second at most, "
           "with a burst of as many (0: none)."};
inline constexpr Setting parallel_after{.name = "parallel_after", .component = "peer", .unit = "servers",
    .default_value = 3, .min = 0, .max = 1000,
    .doc = "After this many servers failed in a row, a download connects to several at once (0: never)."};
inline constexpr Setting parallel_connects{.name = "parallel_connects", .component = "peer", .unit = "connections",
    .default_value = 3, .min = 1, .max = 8,
    .doc = "Servers a download connects to at once after parallel_after failures in a row; the first to answer is "
           "kept, the others are closed and reported released."};

}  // namespace peer

namespace index {

inline constexpr Setting policy{.name = "policy", .component = "index", .kind = Kind::Choice, .unit = "policy",
    .default_value = 0, .min = 0, .max = 3,
    .doc = "How the index chooses a server for an S.",
    .choices = "least-used|most-recent|round-robin|random",
    .ns3_attribute = "Policy", .scenario_option = "policy", .native_flag = "policy"};
inline constexpr Setting max_entries{.name = "max_entries", .component = "index", .unit = "entries",
    .default_value = 1'000'000, .min = 1, .max = kTwo32,
    .doc = "Registry size limit; past it an R is answered E 7.",
    .ns3_attribute = "MaxEntries", .native_flag = "max-entries"};
inline constexpr Setting trust_addresses{.name = "trust_addresses", .component = "index", .kind = Kind::Flag,
    .unit = "bool", .default_value = 0, .min = 0, .max = 1,
    .doc = "Accept an R whose address names a host other than its sender (off: E 8).",
    .ns3_attribute = "TrustAddresses", .native_flag = "trust-addresses"};
inline constexpr Setting reply_cache_ttl{.name = "reply_cache_ttl", .component = "index", .kind = Kind::Seconds,
    .unit = "s", .default_value = 20, .min = 0, .max = kDay,
    .doc = "A reply is kept this long to answer a retransmitted request alike (the peers' retry horizon).",
    .flow_note = "no loss, so no request is retransmitted", .ns3_attribute = "ReplyCacheTtl"};
inline constexpr Setting reply_cache_capacity{.name = "reply_cache_capacity", .component = "index",
    .unit = "replies", .default_value = 65536, .min = 1, .max = 1 << 24,
    .doc = "Replies kept for retransmitted requests at most."};
inline constexpr Setting assignment_timeout{.name = "assignment_timeout", .component = "index",
    .kind = Kind::Seconds, .unit = "s", .default_value = 60, .min = 0, .max = kDay,
    .doc = "An S answer's open assignment (the live load least-used counts) closes by itself after this long "
           "(0: only when the requester registers the content or searches again).",
    .ns3_attribute = "AssignmentTimeout", .scenario_option = "assignmentTimeout", .native_flag = "assignment-timeout"};
inline constexpr Setting lease_seconds{.name = "lease_seconds", .component = "index", .unit = "s",
    .default_value = 0, .min = 0, .max = 1e6,
    .doc = "An entry not renewed by an R for this many whole seconds expires; sent in the A, peers renew at about "
           "half of it (0 = entries never expire, as in v1).",
    .ns3 = {true, 30, "simulated runs are short: a crashed peer's entry must go within them"},
    .native = {true, 120, "a daemon wants soft state: a crashed peer's entry goes within two minutes"},
    .ns3_attribute = "Lease", .scenario_option = "lease", .native_flag = "lease"};
inline constexpr Setting max_entries_per_source{.name = "max_entries_per_source", .component = "index",
    .unit = "entries", .default_value = 10'000, .min = 0, .max = kTwo32,
    .doc = "Registry entries one source host may own; past it an R is answered E 7 (0 = no quota).",
    .ns3_attribute = "MaxEntriesPerHost", .native_flag = "max-entries-per-source"};
inline constexpr Setting requests_per_second{.name = "requests_per_second", .component = "index",
    .kind = Kind::Real, .unit = "requests/s", .default_value = 200, .min = 0, .max = 1e9,
    .doc = "Requests one source host may send a second on average; more are dropped unanswered (0 = no limit).",
    .ns3_attribute = "RequestRate", .native_flag = "requests-per-second"};
inline constexpr Setting request_burst{.name = "request_burst", .component = "index", .kind = Kind::Real,
    .unit = "requests", .default_value = 400, .min = 1, .max = 1e9,
    .doc = "Requests one source host may send at once before requests_per_second applies.",
    .ns3_attribute = "RequestBurst", .native_flag = "request-burst"};
inline constexpr Setting rate_report_interval{.name = "rate_report_interval", .component = "index",
    .kind = Kind::Seconds, .unit = "s", .default_value = 10, .min = 0.001, .max = kDay,
    .doc = "At most one RateLimited event per host in this interval."};
inline constexpr Setting check_addresses{.name = "check_addresses", .component = "index", .kind = Kind::Flag,
    .unit = "bool", .default_value = 1, .min = 0, .max = 1,
    .doc = "Connect to each registered address (then close): one that accepts no connection is not handed out.",
    .ns3_attribute = "CheckAddresses", .native_flag = "check-addresses"};
inline constexpr Setting check_timeout{.name = "check_timeout", .component = "index", .kind = Kind::Seconds,
    .unit = "s", .default_value = 3, .min = 0.001, .max = 600,
    .doc = "An address check's connection not accepted within this long fails.",
    .ns3_attribute = "CheckTimeout", .native_flag = "check-timeout"};
inline constexpr Setting check_valid{.name = "check_valid", .component = "index", .kind = Kind::Seconds,
    .unit = "s", .default_value = 300, .min = 0, .max = kDay,
    .doc = "A check's result is kept this long; a later R checks again (a requester's report does at once)."};
inline constexpr Setting max_checks{.name = "max_checks", .component = "index", .unit = "connections",
    .default_value = 16, .min = 1, .max = 65536,
    .doc = "Address checks under way at once."};
inline constexpr Setting checks_per_second{.name = "checks_per_second", .component = "index", .kind = Kind::Real,
    .unit = "checks/s", .default_value = 100, .min = 0.01, .max = 1e6,
    .doc = "Address checks started a second at most: the index is no scanner."};
inline constexpr Setting skip_memory{.name = "skip_memory", .component = "index", .kind = Kind::Seconds,
    .unit = "s", .default_value = 120, .min = 0, .max = kDay,
    .doc = "A requester's skip reports (K) for one content are kept this long after its last one."};
inline constexpr Setting max_skip_records{.name = "max_skip_records", .component = "index", .unit = "records",
    .default_value = 16384, .min = 0, .max = 1 << 24,
    .doc = "(Requester, content) records of skip reports kept at most (24 servers each; the least recently "
           "reported go first; 0: reports only trigger checks)."};

}  // namespace index

// The whole table, peer settings first, in the order of the generated reference.
inline constexpr std::array<const Setting*, 51> kAll = {
    &peer::listen_port, &peer::retry_timeout, &peer::retry_factor, &peer::retry_max_tries,
    &peer::retry_max_timeout, &peer::connect_timeout, &peer::stall_timeout, &peer::request_timeout,
    &peer::chunk_size, &peer::max_attempts, &peer::register_downloads, &peer::upload_slots, &peer::sources,
    &peer::piece_size, &peer::busy_backoff, &peer::busy_backoff_max, &peer::busy_backoff_factor,
    &peer::busy_backoff_jitter, &peer::download_deadline, &peer::idle_timeout, &peer::refresh_jitter,
    &peer::registration_retry, &peer::registration_retry_max, &peer::serve_registered_only,
    &peer::serve_min_rate, &peer::serve_rate_window, &peer::max_connections, &peer::max_connections_per_host,
    &peer::empty_swarm_wait, &peer::max_download_size, &peer::skip_reports_per_second, &peer::parallel_after,
    &peer::parallel_connects, &index::policy, &index::max_entries, &index::trust_addresses,
    &index::reply_cache_ttl, &index::reply_cache_capacity, &index::assignment_timeout, &index::lease_seconds,
    &index::max_entries_per_source, &index::requests_per_second, &index::request_burst,
    &index::rate_report_interval, &index::check_addresses, &index::check_timeout, &index::check_valid,
    &index::max_checks, &index::checks_per_second, &index::skip_memory, &index::max_skip_records,
};

std::span<const Setting* const> all();
const Setting* find(std::string_view name);
// The setting whose attribute, scenario option or native flag is `name` ("UploadSlots",
// "uploadSlots", "upload-slots"), or nullptr.
const Setting* by_ns3_attribute(std::string_view component, std::string_view attribute);
const Setting* by_scenario_option(std::string_view option);

// A number as the table prints it: "0.1", "16384", "1099511627776".
std::string number_text(double value);
// "0..65535", "0.001..600 s".
std::string range_text(const Setting& s);
// Why `value` (in the setting's unit) is out of its range, or "" when it is in it:
// "upload_slots must be 0..65535 downloads, not 65536". NaN is out of every range.
std::string check(const Setting& s, double value);

}  // namespace p2p::settings
