// SPDX-License-Identifier: GPL-2.0-only
// Download progress: a redrawn status line on a terminal, a plain line per second otherwise, and
// the words for a finished download's sources. The size is known only from an F (at the end of a
// single-source download), so progress is bytes and rate, not a percentage. A multi-source download
// gets its pieces out of order from several servers at once: the line counts every byte received,
// wherever it lands in the content, and how many servers sent some since the last line.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "apps/native/log.h"
#include "model/peer_events.h"

namespace p2p::native {

class DownloadProgress {
 public:
  // Draws on stderr; `terminal` chooses the redrawn line. Clears its line before each log line.
  DownloadProgress(Logger& log, bool terminal);
  void on_event(const PeerEvent& ev);  // a PeerHost listener
  // Hands each progress line to `sink` instead, at most once per `period` (the menu prints it as a
  // line of its own above its prompt).
  void set_line_sink(std::function<void(const std::string&)> sink, std::chrono::milliseconds period);

 private:
  struct Item {
    Name content;
    // Bytes received from every server. A failed server's bytes stay: the download resumes after
    // them (a restart from offset 0, after a disagreeing F or a digest mismatch, counts anew).
    std::uint64_t bytes = 0;
    std::set<Name> sending;  // servers that sent C frames since the last line
    std::chrono::steady_clock::time_point started;
  };
  void draw();
  void clear_line();

  Logger& log_;
  bool terminal_;
  bool line_shown_ = false;
  std::map<OpId, Item> active_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::function<void(const std::string&)> sink_;
  std::chrono::milliseconds sink_period_{};
};

std::string human_bytes(std::uint64_t bytes);  // "12.3 MiB"

// "A 104857600 bytes, B 52428800 bytes": the servers that sent bytes, with their count, in the order
// first used (`exact`: bytes; otherwise human sizes). Servers that sent nothing are left out.
std::string describe_sources(const std::vector<SourceShare>& sources, bool exact);
// The sum of those bytes: what moved over the network for the download, resumed parts included.
std::uint64_t bytes_received(const std::vector<SourceShare>& sources);

}  // namespace p2p::native
