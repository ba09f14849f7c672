// SPDX-License-Identifier: GPL-2.0-only
// What a peer engine reports, for ns-3 trace sources, native logs and test assertions alike.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "endpoint.h"
#include "error_code.h"
#include "name.h"
#include "timing.h"

namespace p2p {

using OpId = std::uint64_t;
using ConnId = std::uint64_t;

enum class PeerEventKind {
  PduSent,                // pdu, bytes, remote
  PduReceived,            // pdu, bytes, remote
  Retransmit,             // a UDP request sent again after a timeout (pdu, detail = try number)
  Registered,             // content now registered at the index
  Refreshed,              // a lease renewed (detail: the lease), or a registration the index had lost made again
  Deregistered,           // content no longer registered
  RequestFailed,          // a request to the index failed (error or no answer)
  SearchAnswered,         // server, remote
  ListAnswered,           // names
  DownloadStarted,        // content
  DownloadAttemptFailed,  // one server failed (server, detail); the download goes on elsewhere
  ServerBusy,             // a server answered E 11: excluded for this round (server)
  RoundStarted,           // every server was busy: after the busy backoff, a new round (detail = round N)
  DownloadResumed,        // a server is asked for the rest from an offset (server, bytes = offset)
  SourceAdded,            // a server joined a download (server, remote)
  DownloadCompleted,      // verified and kept (server = the first source, bytes, duration, sources)
  DownloadFailed,         // given up (detail)
  ServeStarted,           // a D accepted (server = requester name, remote)
  ServeCompleted,         // C... F sent (bytes)
  ServeFailed,            // the transfer to a requester ended early (detail)
  ServeRefused,           // a D refused: E 11 at the upload-slot limit, E 9 or E 12 (error, detail)
  QuitCompleted,          // every registration withdrawn
  OperationDone,          // the last event of every operation: ok tells how it ended
};

std::string_view to_string(PeerEventKind kind);

// What one server contributed to a download: bytes received from it, kept or not.
struct SourceShare {
  Name server;
  std::uint64_t bytes = 0;
  bool operator==(const SourceShare&) const = default;
};

struct PeerEvent {
  Time time{};
  PeerEventKind kind = PeerEventKind::PduSent;
  OpId op = 0;      // the operation this belongs to, 0 for none (serving, PDUs)
  ConnId conn = 0;
  char pdu = 0;
  Name content;
  Name server;      // the other peer: the content server, or the requester when serving
  Endpoint remote;
  std::uint64_t bytes = 0;
  Duration duration{};
  std::optional<ErrorCode> error;
  bool ok = true;
  // A download's DownloadFailed and OperationDone: this host's own storage failed (the content could
  // not be stored, written, read back or kept), not the network or a server. The store knows the path.
  bool local_failure = false;
  std::string detail;
  std::vector<Name> names;
  std::vector<SourceShare> sources;  // DownloadCompleted and DownloadFailed: in the order first used
};

}  // namespace p2p
