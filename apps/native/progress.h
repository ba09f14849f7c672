// Download progress: a redrawn status line on a terminal, a plain line per second otherwise.
// The protocol announces the size only in the final F, so progress is bytes and rate, not a
// percentage.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "apps/native/log.h"
#include "model/peer_events.h"

namespace p2p::native {

class DownloadProgress {
 public:
  // Draws on stderr; `terminal` chooses the redrawn line. Clears its line before each log line.
  DownloadProgress(Logger& log, bool terminal);
  void on_event(const PeerEvent& ev);  // a PeerHost listener

 private:
  struct Item {
    Name content;
    std::uint64_t bytes = 0;
    std::chrono::steady_clock::time_point started;
  };
  void draw();
  void clear_line();

  Logger& log_;
  bool terminal_;
  bool line_shown_ = false;
  std::map<OpId, Item> active_;
  std::chrono::steady_clock::time_point last_draw_{};
};

std::string human_bytes(std::uint64_t bytes);  // "12.3 MiB"

}  // namespace p2p::native
