#include "apps/native/log.h"

#include <cstdio>

namespace p2p::native {

std::optional<LogLevel> parse_log_level(std::string_view text) {
  if (text == "error") return LogLevel::Error;
  if (text == "warn" || text == "warning") return LogLevel::Warn;
  if (text == "info") return LogLevel::Info;
  if (text == "debug") return LogLevel::Debug;
  return std::nullopt;
}

void Logger::write(LogLevel level, std::string_view message) const {
  if (!enabled(level)) return;
  static constexpr const char* kNames[] = {"error", "warn", "info", "debug"};
  if (before_write_) before_write_();
  std::string line = program_;
  if (!tag_.empty()) line += "[" + tag_ + "]";
  line += " ";
  line += kNames[static_cast<int>(level)];
  line += ": ";
  line += message;
  line += '\n';
  // One write per line, so that lines of several processes sharing a terminal do not interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace p2p::native
