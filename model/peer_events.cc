// SPDX-License-Identifier: GPL-2.0-only
#include "peer_events.h"

namespace p2p {

std::string_view to_string(PeerEventKind kind) {
  switch (kind) {
    case PeerEventKind::PduSent: return "pdu_sent";
    case PeerEventKind::PduReceived: return "pdu_received";
    case PeerEventKind::Retransmit: return "retransmit";
    case PeerEventKind::Registered: return "registered";
    case PeerEventKind::Refreshed: return "refreshed";
    case PeerEventKind::Deregistered: return "deregistered";
    case PeerEventKind::RequestFailed: return "request_failed";
    case PeerEventKind::SearchAnswered: return "search_answered";
    case PeerEventKind::ListAnswered: return "list_answered";
    case PeerEventKind::DownloadStarted: return "download_started";
    case PeerEventKind::DownloadAttemptFailed: return "download_attempt_failed";
    case PeerEventKind::ServerBusy: return "server_busy";
    case PeerEventKind::RoundStarted: return "round_started";
    case PeerEventKind::DownloadResumed: return "download_resumed";
    case PeerEventKind::SourceAdded: return "source_added";
    case PeerEventKind::DownloadCompleted: return "download_completed";
    case PeerEventKind::DownloadFailed: return "download_failed";
    case PeerEventKind::ServeStarted: return "serve_started";
    case PeerEventKind::ServeCompleted: return "serve_completed";
    case PeerEventKind::ServeFailed: return "serve_failed";
    case PeerEventKind::ServeRefused: return "serve_refused";
    case PeerEventKind::QuitCompleted: return "quit_completed";
    case PeerEventKind::OperationDone: return "operation_done";
  }
  return "unknown";
}

}  // namespace p2p
