// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/peer_session.h"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "apps/native/event_csv.h"
#include "apps/native/event_words.h"
#include "apps/native/exit_codes.h"
#include "apps/native/net_address.h"

namespace p2p::native {

namespace {
constexpr auto kRefusalReportInterval = std::chrono::seconds(10);
}  // namespace

PeerSession::PeerSession(const PeerOptions& options, Logger& log)
    : options_(options), log_(log), store_(options.share, options.downloads), refusals_timer_(io_) {
  store_.set_error_reporter([this](const std::string& why) {
    log_.error(why);
    file_error_ = why;
  });
  // A download killed mid-way (SIGKILL, a crash, a power cut) left its temporary file: the runs
  // that download into this directory clean those up first (directory_store.h says which).
  const std::string& command = options.command;
  if (command.empty() || command == "get" || command == "serve") {
    auto removed = store_.remove_stale_temporaries();
    if (!removed.empty()) {
      std::string names;
      for (const auto& p : removed) names += " " + p.filename().string();
      log_.info("removed " + std::to_string(removed.size()) + " temporary file(s) of earlier downloads in " +
                store_.downloads().string() + ":" + names);
    }
  }
  PeerHostOptions host_options;
  host_options.engine = options.engine;
  host_options.listen = options.listen;
  host_options.upload_limit = options.upload_limit;
  host_options.zero_fill = options.pad;
  // A server that streams forever must not fill the disk: one download takes at most the space
  // free in the downloads directory when the peer starts (the core's max_download_size).
  std::error_code space_ec;
  auto space = std::filesystem::space(store_.downloads(), space_ec);
  if (host_options.engine.max_download_size == 0 && !space_ec) host_options.engine.max_download_size = space.available;
  host_ = std::make_unique<PeerHost>(io_, host_options, store_);  // its errors tell the socket
  progress_ = std::make_unique<DownloadProgress>(log_, log_.to_stderr() && ::isatty(STDERR_FILENO) == 1);
  if (auto csv = peer_events_csv(options.engine.name.str(), steady_now() - host_->now())) host_->add_listener(csv);
  host_->add_listener([this](const PeerEvent& ev) {
    if (ev.kind == PeerEventKind::PduSent && ev.remote == options_.engine.index) asked_index_ = true;
    log_event(ev);
    progress_->on_event(ev);
  });
  if (options.metrics) {
    host_->add_listener([this](const PeerEvent& ev) { metrics_.on_event(ev); });
    try {
      metrics_http_ = std::make_unique<MetricsHttp>(io_, *options.metrics, [this] { return metrics_.render(host_->engine()); });
    } catch (const boost::system::system_error& e) {
      throw std::runtime_error("cannot serve metrics on tcp " + to_core(*options.metrics).to_string() + ": " +
                               e.code().message());
    }
    log_.info("metrics on http://" + to_core(metrics_http_->local()).to_string() + "/metrics");
  }
  address_warning_ = check_addresses();
  if (!address_warning_.empty()) log_.warn(address_warning_);
}

void PeerSession::close() {
  refusals_timer_.cancel();
  host_->close();
  if (metrics_http_) metrics_http_->close();
}

int PeerSession::failure_status() const {
  // A refusal made here ("not held locally") asked the index nothing: that is no silent index.
  return host_->heard_from_index() || !asked_index_ ? exit_code::kFailed : exit_code::kIndexUnreachable;
}

// The index registers the address an R came from (0.0.0.0 in R means "my source address"): a
// peer that talks to its index over loopback is registered as 127.0.0.1, which only this machine
// can reach, and one that listens on loopback only is registered at an address it does not serve.
std::string PeerSession::check_addresses() const {
  if (options_.command == "list" || options_.command == "deregister") return {};  // they serve nothing
  const Endpoint index = options_.engine.index;
  const Endpoint listening = host_->listening();
  const bool index_local = to_asio(index.ip).is_loopback();
  const bool listen_local = options_.listen.address().is_loopback();
  const std::string port = std::to_string(listening.port);
  if (const auto& a = options_.engine.advertise) {
    if (to_asio(a->ip).is_loopback() && !listen_local)
      return "--advertise " + a->to_string() + " is a loopback address while this peer listens on " +
             listening.to_string() + ": only this machine can download from it";
    return {};
  }
  if (index_local && !listen_local)
    return "the index is reached over loopback (" + index.to_string() + "), so it registers this peer as " +
           index.ip.to_string() + ":" + port + ", which no other machine can reach; give --index the index's " +
           "network address, or --advertise ADDR:" + port;
  if (listen_local && !index_local)
    return "this peer listens on " + listening.to_string() + " only, but the index at " + index.to_string() +
           " registers it at this machine's network address, where nothing listens; use --listen 0.0.0.0:" + port;
  return {};
}

bool PeerSession::throttle_refusal(const PeerEvent& ev) {
  auto now = std::chrono::steady_clock::now();
  last_refusal_ = ev.detail;
  if (now - refusals_reported_ >= kRefusalReportInterval) {
    refusals_reported_ = now;
    return false;  // log this one
  }
  if (refusals_unreported_++ == 0) {
    refusals_timer_.expires_at(refusals_reported_ + kRefusalReportInterval);
    refusals_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || refusals_unreported_ == 0) return;
      log_.warn("refused " + std::to_string(refusals_unreported_) + " more connection(s) in the last " +
                std::to_string(kRefusalReportInterval.count()) + " s (last: " + last_refusal_ + ")");
      refusals_unreported_ = 0;
      refusals_reported_ = std::chrono::steady_clock::now();
    });
  }
  return true;
}

void PeerSession::log_event(const PeerEvent& ev) {
  LogLevel level = LogLevel::Info;
  switch (ev.kind) {
    case PeerEventKind::PduSent:
    case PeerEventKind::PduReceived:
    case PeerEventKind::OperationDone:
    case PeerEventKind::Refreshed:  // once per lease and content: routine
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
    case PeerEventKind::ServeRefused:
      // A refusal at accept (no D read yet: the connection caps) is a host overdoing it.
      if (ev.content.empty()) {
        level = LogLevel::Warn;
        if (log_.enabled(level) && throttle_refusal(ev)) return;
      }
      break;
    default:
      break;
  }
  if (!log_.enabled(level)) return;
  log_.write(level, event_words(ev));
}

}  // namespace p2p::native
