// Leveled logging to stderr for the native programs: "p2p-peer[alice] info: registered song".
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace p2p::native {

enum class LogLevel { Error, Warn, Info, Debug };

std::optional<LogLevel> parse_log_level(std::string_view text);  // "error", "warn", "info", "debug"

class Logger {
 public:
  Logger(std::string program, LogLevel level) : program_(std::move(program)), level_(level) {}

  void set_tag(std::string tag) { tag_ = std::move(tag); }  // e.g. the peer name
  bool enabled(LogLevel level) const { return level <= level_; }
  // Called before each line is written, so that a progress bar can clear its terminal line.
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
  std::function<void()> before_write_;
};

}  // namespace p2p::native
