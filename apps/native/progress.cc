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

DownloadProgress::DownloadProgress(Logger& log, bool terminal) : log_(log), terminal_(terminal) {
  if (terminal_) log_.set_before_write([this] { clear_line(); });
}

void DownloadProgress::on_event(const PeerEvent& ev) {
  switch (ev.kind) {
    case PeerEventKind::DownloadStarted:
      active_[ev.op] = Item{ev.content, 0, Clock::now()};
      last_draw_ = Clock::now();  // the first line after one period, not at the first chunk
      break;
    case PeerEventKind::PduReceived:
      if (ev.pdu == 'C' && active_.count(ev.op)) {
        active_[ev.op].bytes += ev.bytes - kFrameHeaderSize;
        draw();
      }
      break;
    case PeerEventKind::DownloadAttemptFailed:
      if (auto it = active_.find(ev.op); it != active_.end()) it->second.bytes = 0;  // starts again elsewhere
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
  auto period = terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(1000);
  if (now - last_draw_ < period) return;
  last_draw_ = now;
  std::string line;
  for (const auto& [op, item] : active_) {
    double seconds = std::chrono::duration<double>(now - item.started).count();
    double rate = seconds > 0 ? static_cast<double>(item.bytes) / seconds : 0;
    if (!line.empty()) line += " | ";
    line += item.content.str() + " " + human_bytes(item.bytes) + " at " +
            human_bytes(static_cast<std::uint64_t>(rate)) + "/s";
  }
  if (terminal_) {
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
