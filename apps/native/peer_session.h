// SPDX-License-Identifier: GPL-2.0-only
// What every p2p-peer run shares: the event loop, the content directories, the peer host, its
// event log and the download progress display. Commands and the menu build on it.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "apps/native/directory_store.h"
#include "apps/native/log.h"
#include "apps/native/metrics_http.h"
#include "apps/native/peer_host.h"
#include "apps/native/peer_metrics.h"
#include "apps/native/peer_options.h"
#include "apps/native/progress.h"

namespace p2p::native {

class PeerSession {
 public:
  // Throws std::runtime_error or boost::system::system_error with a message for people when a
  // directory or a port cannot be used.
  PeerSession(const PeerOptions& options, Logger& log);

  boost::asio::io_context& io() { return io_; }
  DirectoryStore& store() { return store_; }
  PeerHost& host() { return *host_; }
  Logger& log() { return log_; }
  DownloadProgress& progress() { return *progress_; }
  const PeerOptions& options() const { return options_; }

  // Stops serving: closes every socket and timer, so that the event loop runs out of work.
  void close();

  // Why other machines may not reach this peer at the address it registers, or empty (logged as a
  // warning at start; the menu, which logs only errors, shows it itself).
  const std::string& address_warning() const { return address_warning_; }

  // The last file error the store reported ("cannot write /x/.song.part-Ab12Cd: No space left on
  // device"), taken once, so that the failure line of a download that failed on this host's own
  // storage (the core's local_failure) can name the path and the reason.
  std::string take_file_error() { return std::exchange(file_error_, {}); }

  // The exit status after failed operations: the index never answering is told apart.
  int failure_status() const;

 private:
  void log_event(const PeerEvent& ev);
  std::string check_addresses() const;
  bool throttle_refusal(const PeerEvent& ev);

  const PeerOptions& options_;
  Logger& log_;
  boost::asio::io_context io_;
  DirectoryStore store_;
  std::unique_ptr<PeerHost> host_;
  std::unique_ptr<DownloadProgress> progress_;
  PeerMetrics metrics_;
  std::unique_ptr<MetricsHttp> metrics_http_;  // --metrics
  // Connections refused at accept (E 11 past the connection caps) are logged once per interval
  // with a count, not once each: a host opening a thousand connections writes two lines, not 984.
  boost::asio::steady_timer refusals_timer_;
  std::chrono::steady_clock::time_point refusals_reported_{};
  std::size_t refusals_unreported_ = 0;
  std::string last_refusal_;
  std::string address_warning_;
  bool asked_index_ = false;  // a datagram went to the index
  std::string file_error_;
};

}  // namespace p2p::native
