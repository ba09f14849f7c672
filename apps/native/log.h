// SPDX-License-Identifier: GPL-2.0-only
// Leveled logging for the native programs, one line per message with an ISO 8601 UTC timestamp:
// "2025-06-01T12:00:00.123Z p2p-peer[alice] info: registered song". To stderr by default, or
// appended to a file (--log-file), or to syslog (--syslog, which stamps lines itself). On a stderr
// that systemd connected to its journal (JOURNAL_STREAM) a line carries its level as a "<N>" prefix
// (sd-daemon(3)) and no timestamp: the journal stamps it.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace p2p::native {

enum class LogLevel { Error, Warn, Info, Debug };

std::optional<LogLevel> parse_log_level(std::string_view text);  // "error", "warn", "info", "debug"

// "2025-06-01T12:00:00.123Z": the wall clock now, in UTC, to the millisecond.
std::string utc_timestamp();

// Whether stderr is the stream JOURNAL_STREAM ("DEVICE:INODE") names.
bool stderr_is_journal();

class Logger {
 public:
  Logger(std::string program, LogLevel level) : program_(std::move(program)), level_(level) {}
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void set_tag(std::string tag) { tag_ = std::move(tag); }  // e.g. the peer name
  // Appends to `path` (created 0644 if missing) instead of stderr; throws std::runtime_error with
  // the path and the reason when it cannot be opened.
  void set_file(const std::string& path);
  void set_syslog();  // to syslog (facility daemon) instead of stderr
  bool to_stderr() const { return fd_ < 0 && !syslog_; }
  bool enabled(LogLevel level) const { return level <= level_; }
  // Called before each line written to stderr, so that a progress bar can clear its terminal line.
  void set_before_write(std::function<void()> hook) { before_write_ = std::move(hook); }

  void write(LogLevel level, std::string_view message) const;
  void error(std::string_view m) const { write(LogLevel::Error, m); }
  void warn(std::string_view m) const { write(LogLevel::Warn, m); }
  void info(std::string_view m) const { write(LogLevel::Info, m); }
  void debug(std::string_view m) const { write(LogLevel::Debug, m); }

 private:
  std::string program_;
  std::string tag_;
  LogLevel level_;
  int fd_ = -1;  // the log file, if any
  bool syslog_ = false;
  bool journal_ = stderr_is_journal();
  std::function<void()> before_write_;
};

}  // namespace p2p::native
