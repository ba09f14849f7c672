// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace p2p::native {

std::optional<LogLevel> parse_log_level(std::string_view text) {
  if (text == "error") return LogLevel::Error;
  if (text == "warn" || text == "warning") return LogLevel::Warn;
  if (text == "info") return LogLevel::Info;
  if (text == "debug") return LogLevel::Debug;
  return std::nullopt;
}

std::string utc_timestamp() {
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t seconds = system_clock::to_time_t(now);
  auto millis = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char buf[96];  // room for any int, which the compiler cannot rule out
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buf;
}

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  unsigned long long device = 0, inode = 0;
  if (stream == nullptr || std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat st {};
  return ::fstat(STDERR_FILENO, &st) == 0 && st.st_dev == device && st.st_ino == inode;
}

Logger::~Logger() {
  if (fd_ >= 0) ::close(fd_);
  if (syslog_) ::closelog();
}

void Logger::set_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open the log file " + path + ": " + std::strerror(errno));
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

void Logger::set_syslog() {
  // openlog keeps the pointer: program_ lives as long as this logger.
  ::openlog(program_.c_str(), LOG_PID | LOG_NDELAY, LOG_DAEMON);
  syslog_ = true;
}

void Logger::write(LogLevel level, std::string_view message) const {
  if (!enabled(level)) return;
  static constexpr const char* kNames[] = {"error", "warn", "info", "debug"};
  if (syslog_) {
    static constexpr int kPriorities[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
    std::string text = tag_.empty() ? std::string(message) : "[" + tag_ + "] " + std::string(message);
    ::syslog(kPriorities[static_cast<int>(level)], "%s", text.c_str());
    return;
  }
  bool journal = journal_ && fd_ < 0;
  static constexpr const char* kJournalPrefixes[] = {"<3>", "<4>", "<6>", "<7>"};  // sd-daemon.h's SD_ERR...
  std::string line = journal ? std::string(kJournalPrefixes[static_cast<int>(level)]) : utc_timestamp() + " " + program_;
  if (!tag_.empty()) line += "[" + tag_ + "]";
  if (!journal || !tag_.empty()) line += " ";
  line += kNames[static_cast<int>(level)];
  line += ": ";
  line += message;
  line += '\n';
  // One write per line, so that lines of several processes sharing a terminal or a log file
  // (O_APPEND) do not interleave. A failed write (a full disk) loses the line, nothing else.
  if (fd_ >= 0) {
    [[maybe_unused]] auto n = ::write(fd_, line.data(), line.size());
    return;
  }
  if (before_write_) before_write_();
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace p2p::native
