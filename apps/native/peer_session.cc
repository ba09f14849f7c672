#include "apps/native/peer_session.h"

#include <unistd.h>

#include <filesystem>

#include "apps/native/event_csv.h"
#include "apps/native/exit_codes.h"
#include "model/event_format.h"

namespace p2p::native {

PeerSession::PeerSession(const PeerOptions& options, Logger& log)
    : options_(options), log_(log), store_(options.share, options.downloads) {
  PeerHostOptions host_options;
  host_options.engine = options.engine;
  host_options.listen = options.listen;
  host_options.upload_limit = options.upload_limit;
  // A server that streams forever must not fill the disk: one download takes at most the space
  // free in the downloads directory when the peer starts (the core's max_download_size).
  std::error_code space_ec;
  auto space = std::filesystem::space(store_.downloads(), space_ec);
  if (host_options.engine.max_download_size == 0 && !space_ec) host_options.engine.max_download_size = space.available;
  host_ = std::make_unique<PeerHost>(io_, host_options, store_);  // its errors tell the socket
  progress_ = std::make_unique<DownloadProgress>(log_, ::isatty(STDERR_FILENO) == 1);
  if (auto csv = peer_events_csv(options.engine.name.str(), steady_now() - host_->now())) host_->add_listener(csv);
  host_->add_listener([this](const PeerEvent& ev) {
    log_event(ev);
    progress_->on_event(ev);
  });
}

int PeerSession::failure_status() const {
  return host_->heard_from_index() ? exit_code::kFailed : exit_code::kIndexUnreachable;
}

void PeerSession::log_event(const PeerEvent& ev) {
  LogLevel level = LogLevel::Info;
  switch (ev.kind) {
    case PeerEventKind::PduSent:
    case PeerEventKind::PduReceived:
    case PeerEventKind::OperationDone:
      level = LogLevel::Debug;
      break;
    // Failed operations are warnings here: the command or the menu reports their outcome.
    case PeerEventKind::Retransmit:
    case PeerEventKind::DownloadAttemptFailed:
    case PeerEventKind::ServeFailed:
    case PeerEventKind::RequestFailed:
    case PeerEventKind::DownloadFailed:
      level = LogLevel::Warn;
      break;
    default:
      break;
  }
  if (!log_.enabled(level)) return;
  std::string line = describe(ev);
  if (ev.kind == PeerEventKind::ServeStarted || ev.kind == PeerEventKind::ServeRefused ||
      ev.kind == PeerEventKind::SearchAnswered || ev.kind == PeerEventKind::SourceAdded ||
      ev.kind == PeerEventKind::PduSent || ev.kind == PeerEventKind::PduReceived)
    line += " (" + ev.remote.to_string() + ")";
  log_.write(level, line);
}

}  // namespace p2p::native
