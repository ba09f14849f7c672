// What every p2p-peer run shares: the event loop, the content directories, the peer host, its
// event log and the download progress display. Commands and the menu build on it.
#pragma once
#include <boost/asio/io_context.hpp>
#include <memory>

#include "apps/native/directory_store.h"
#include "apps/native/log.h"
#include "apps/native/peer_host.h"
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
  const PeerOptions& options() const { return options_; }

  // The exit status after failed operations: the index never answering is told apart.
  int failure_status() const;

 private:
  void log_event(const PeerEvent& ev);

  const PeerOptions& options_;
  Logger& log_;
  boost::asio::io_context io_;
  DirectoryStore store_;
  std::unique_ptr<PeerHost> host_;
  std::unique_ptr<DownloadProgress> progress_;
};

}  // namespace p2p::native
