// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/peer_metrics.h"

namespace p2p::native {

using Type = MetricsText::Type;

PeerMetrics::PeerMetrics() {
  text_.declare("p2p_peer_downloads_total", Type::Counter,
                "Downloads ended, by outcome (completed: verified and kept; failed: given up).", true);
  text_.declare("p2p_peer_download_attempts_failed_total", Type::Counter,
                "Sources that failed during a download that went on elsewhere.");
  text_.declare("p2p_peer_download_resumes_total", Type::Counter,
                "Ranges asked of a server from an offset, to resume a download.");
  text_.declare("p2p_peer_downloaded_bytes_total", Type::Counter, "Content bytes of the downloads completed.");
  text_.declare("p2p_peer_uploads_total", Type::Counter,
                "Content requests served, by outcome (completed, failed: ended early, refused).", true);
  text_.declare("p2p_peer_uploaded_bytes_total", Type::Counter,
                "Content bytes sent to requesters, in completed and failed uploads.");
  text_.declare("p2p_peer_busy_answers_total", Type::Counter,
                "E 11 (busy) answers, by direction (received from a server, sent at the upload-slot limit).", true);
  text_.declare("p2p_peer_received_bytes_total", Type::Counter, "Bytes of the PDUs received (UDP and TCP).");
  text_.declare("p2p_peer_sent_bytes_total", Type::Counter, "Bytes of the PDUs sent (UDP and TCP).");
  text_.declare("p2p_peer_retransmits_total", Type::Counter, "Requests to the index sent again after a timeout.");
  text_.declare("p2p_peer_index_requests_failed_total", Type::Counter,
                "Requests to the index that failed (an error or no answer).");
  text_.declare("p2p_peer_upload_slots_used", Type::Gauge, "Connections sending content now.");
  for (const char* outcome : {"completed", "failed"}) text_.add("p2p_peer_downloads_total", {{"outcome", outcome}}, 0);
  for (const char* outcome : {"completed", "failed", "refused"})
    text_.add("p2p_peer_uploads_total", {{"outcome", outcome}}, 0);
  for (const char* direction : {"received", "sent"})
    text_.add("p2p_peer_busy_answers_total", {{"direction", direction}}, 0);
}

void PeerMetrics::on_event(const PeerEvent& ev) {
  auto bytes = static_cast<double>(ev.bytes);
  switch (ev.kind) {
    case PeerEventKind::PduSent: text_.add("p2p_peer_sent_bytes_total", {}, bytes); break;
    case PeerEventKind::PduReceived: text_.add("p2p_peer_received_bytes_total", {}, bytes); break;
    case PeerEventKind::Retransmit: text_.add("p2p_peer_retransmits_total"); break;
    case PeerEventKind::RequestFailed: text_.add("p2p_peer_index_requests_failed_total"); break;
    case PeerEventKind::DownloadAttemptFailed: text_.add("p2p_peer_download_attempts_failed_total"); break;
    case PeerEventKind::ServerBusy: text_.add("p2p_peer_busy_answers_total", {{"direction", "received"}}); break;
    case PeerEventKind::DownloadResumed: text_.add("p2p_peer_download_resumes_total"); break;
    case PeerEventKind::DownloadCompleted:
      text_.add("p2p_peer_downloads_total", {{"outcome", "completed"}});
      text_.add("p2p_peer_downloaded_bytes_total", {}, bytes);
      break;
    case PeerEventKind::DownloadFailed: text_.add("p2p_peer_downloads_total", {{"outcome", "failed"}}); break;
    case PeerEventKind::ServeCompleted:
    case PeerEventKind::ServeFailed:
      text_.add("p2p_peer_uploads_total", {{"outcome", ev.kind == PeerEventKind::ServeCompleted ? "completed" : "failed"}});
      text_.add("p2p_peer_uploaded_bytes_total", {}, bytes);
      break;
    case PeerEventKind::ServeRefused:
      text_.add("p2p_peer_uploads_total", {{"outcome", "refused"}});
      if (ev.error == ErrorCode::Busy) text_.add("p2p_peer_busy_answers_total", {{"direction", "sent"}});
      break;
    default: break;
  }
}

std::string PeerMetrics::render(const PeerEngine& engine) {
  text_.set("p2p_peer_upload_slots_used", static_cast<double>(engine.active_uploads()));
  return text_.render();
}

}  // namespace p2p::native
