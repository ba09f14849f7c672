// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/progress.h"

#include <cstdio>

#include "model/pdu.h"

namespace p2p::native {

using Clock = std::chrono::steady_clock;

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int unit = 0;
  while (v >= 1024 && unit < 4) v /= 1024, ++unit;
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", v, kUnits[unit]);
  return buf;
}

std::string describe_sources(const std::vector<SourceShare>& sources, bool exact) {
  std::string out;
  for (const auto& s : sources) {
    if (s.bytes == 0) continue;
    out += (out.empty() ? "" : ", ") + s.server.str() + " " +
           (exact ? std::to_string(s.bytes) + " bytes" : human_bytes(s.bytes));
  }
  return out;
}

std::uint64_t bytes_received(const std::vector<SourceShare>& sources) {
  std::uint64_t sum = 0;
  for (const auto& s : sources) sum += s.bytes;
  return sum;
}

DownloadProgress::DownloadProgress(Logger& log, bool terminal) : log_(log), terminal_(terminal) {
  if (terminal_) log_.set_before_write([this] { clear_line(); });
}

void DownloadProgress::set_line_sink(std::function<void(const std::string&)> sink, std::chrono::milliseconds period) {
  sink_ = std::move(sink);
  sink_period_ = period;
}

void DownloadProgress::on_event(const PeerEvent& ev) {
  switch (ev.kind) {
    case PeerEventKind::DownloadStarted:
      active_[ev.op] = Item{ev.content, 0, {}, Clock::now()};
      last_draw_ = Clock::now();  // the first line after one period, not at the first chunk
      break;
    case PeerEventKind::PduReceived:
      if (auto it = active_.find(ev.op); ev.pdu == 'C' && it != active_.end()) {
        it->second.bytes += ev.bytes - kFrameHeaderSize;
        it->second.sending.insert(ev.server);
        draw();
      }
      break;
    case PeerEventKind::DownloadCompleted:
    case PeerEventKind::DownloadFailed:
    case PeerEventKind::OperationDone:
      if (active_.erase(ev.op) && active_.empty()) clear_line();
      break;
    default:
      break;
  }
}

void DownloadProgress::draw() {
  auto now = Clock::now();
  auto period = sink_ ? sink_period_ : terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000);
  if (now - last_draw_ < period) return;
  last_draw_ = now;
  std::string line;
  for (auto& [op, item] : active_) {
    double seconds = std::chrono::duration<double>(now - item.started).count();
    double rate = seconds > 0 ? static_cast<double>(item.bytes) / seconds : 0;
    if (!line.empty()) line += " | ";
    line += item.content.str() + " " + human_bytes(item.bytes) + " at " +
            human_bytes(static_cast<std::uint64_t>(rate)) + "/s";
    if (item.sending.size() == 1) line += " from " + item.sending.begin()->str();
    if (item.sending.size() > 1) line += " from " + std::to_string(item.sending.size()) + " servers";
    item.sending.clear();
  }
  if (sink_) {
    sink_("receiving " + line);
  } else if (terminal_) {
    std::string out = "\r\033[Kreceiving " + line;
    std::fwrite(out.data(), 1, out.size(), stderr);
    std::fflush(stderr);
    line_shown_ = true;
  } else {
    log_.info("receiving " + line);
  }
}

void DownloadProgress::clear_line() {
  if (!line_shown_) return;
  line_shown_ = false;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
}

}  // namespace p2p::native
