// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/file_content.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "model/name.h"

namespace p2p::native {
namespace {

std::string reason(int error) { return std::strerror(error); }

class FileSource final : public ContentSource {
 public:
  FileSource(int fd, std::uint64_t size, std::filesystem::path path, FileErrorReporter report)
      : fd_(fd), size_(size), path_(std::move(path)), report_(std::move(report)) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::uint64_t size() const override { return size_; }

  // The identity of the open file and its size and modification time now: a file edited in place
  // while served gets a new version (one replaced by rename is another file: this one is unchanged).
  ContentVersion version() const override {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return {~0ull, ~0ull, ~0ull, ~0ull};
    auto mtime = static_cast<std::uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000ull +
                 static_cast<std::uint64_t>(st.st_mtim.tv_nsec);
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
            static_cast<std::uint64_t>(st.st_size), mtime};
  }

  std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    int error = 0;
    std::size_t n = read_at(fd_, offset, out, size_, error);
    if (error != 0 && report_ && !reported_) {
      reported_ = true;
      report_("cannot read " + path_.string() + ": " + reason(error));
    }
    return n;
  }

  // Sets `error` to errno when a read fails (0 at the end of the file).
  static std::size_t read_at(int fd, std::uint64_t offset, std::span<std::uint8_t> out, std::uint64_t limit,
                             int& error) {
    std::size_t done = 0;
    while (done < out.size() && offset + done < limit) {
      auto want = static_cast<std::size_t>(std::min<std::uint64_t>(out.size() - done, limit - offset - done));
      ssize_t n = ::pread(fd, out.data() + done, want, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error = errno;
      if (n <= 0) break;  // a file cut short while served: the transfer ends without an F
      done += static_cast<std::size_t>(n);
    }
    return done;
  }

 private:
  int fd_;
  std::uint64_t size_;  // fixed at open, so that the F matches what was announced by the C frames
  std::filesystem::path path_;
  FileErrorReporter report_;
  bool reported_ = false;
};

// Writes that continue one another are gathered into batches of kBatch bytes (one pwrite per C
// frame cost a system call per 16 KiB); a write elsewhere (a piece of a multi-source download)
// flushes the batch and starts another. Every kWritebackStep bytes the kernel is told to start
// writing to disk, so that the disk works while the rest arrives and the fsync in commit() waits
// only for the tail.
class FileSink final : public ContentSink {
 public:
  static constexpr std::size_t kBatch = 1 << 20;
  static constexpr std::uint64_t kWritebackStep = 16 << 20;

  FileSink(int fd, std::filesystem::path temp, std::filesystem::path final_path, FileErrorReporter report)
      : fd_(fd), temp_(std::move(temp)), final_(std::move(final_path)), report_(std::move(report)) {
    pending_.reserve(kBatch);
  }
  ~FileSink() override { discard(); }
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  bool write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes) override {
    if (fd_ < 0) return false;
    bool continues = offset == pending_at_ + pending_.size();
    if ((!continues || pending_.size() + bytes.size() > kBatch) && !flush()) return false;
    if (pending_.empty()) pending_at_ = offset;
    if (bytes.size() >= kBatch) {
      bool ok = write_all(offset, bytes);
      pending_at_ = offset + bytes.size();
      return ok;
    }
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
    return true;
  }

  std::size_t read(std::uint64_t offset, std::span<std::uint8_t> out) override {
    if (fd_ < 0 || !flush()) return 0;
    int error = 0;
    std::size_t n = FileSource::read_at(fd_, offset, out, ~0ull, error);
    if (error != 0) fail("cannot read back " + temp_.string(), error);
    return n;
  }

  bool commit() override {
    if (fd_ < 0) return false;
    // fsync before rename: after a crash the real name holds the whole content or nothing.
    bool ok = flush();
    if (ok && ::fsync(fd_) != 0) ok = fail("cannot write " + temp_.string(), errno);
    if (::close(fd_) != 0 && ok) ok = fail("cannot write " + temp_.string(), errno);
    fd_ = -1;
    if (ok && ::rename(temp_.c_str(), final_.c_str()) != 0)
      ok = fail("cannot rename " + temp_.string() + " to " + final_.string(), errno);
    if (!ok) {
      ::unlink(temp_.c_str());
      return false;
    }
    committed_ = true;
    sync_directory();
    return true;
  }

  void discard() override {
    if (committed_) return;
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
  }

 private:
  bool flush() {
    if (pending_.empty()) return true;
    bool ok = write_all(pending_at_, pending_);
    pending_at_ += pending_.size();
    pending_.clear();
    return ok;
  }

  // Reports the first failure of this file (with its path and the system's reason); false.
  bool fail(const std::string& what, int error) {
    if (report_ && !reported_) report_(what + ": " + reason(error));
    reported_ = true;
    return false;
  }

  bool write_all(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail("cannot write " + temp_.string(), errno);
      if (n == 0) return fail("cannot write " + temp_.string(), ENOSPC);
      done += static_cast<std::size_t>(n);
    }
    written_ += bytes.size();
    if (written_ - written_back_ >= kWritebackStep) {
      // Advisory, for the whole file: a file system without it still gets everything to disk at the fsync.
      ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
      written_back_ = written_;
    }
    return true;
  }

  void sync_directory() const {
    int dir = ::open(final_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    ::fsync(dir);
    ::close(dir);
  }

  int fd_;
  std::filesystem::path temp_;
  std::filesystem::path final_;
  std::vector<std::uint8_t> pending_;
  std::uint64_t pending_at_ = 0;    // the file offset of pending_[0]
  std::uint64_t written_ = 0;       // bytes handed to the kernel
  std::uint64_t written_back_ = 0;  // of those, bytes whose write-back was last started
  bool committed_ = false;
  FileErrorReporter report_;
  bool reported_ = false;
};

}  // namespace

std::unique_ptr<ContentSource> open_file_source(const std::filesystem::path& path, FileErrorReporter report) {
  // O_NOFOLLOW: a symbolic link (to /etc/passwd, or anywhere) is not opened at all; O_NONBLOCK: a
  // FIFO does not block the event loop waiting for a writer. Only a regular file is kept.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno != ENOENT && errno != ELOOP && report) report("cannot open " + path.string() + ": " + reason(errno));
    return nullptr;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return nullptr;
  }
  return std::make_unique<FileSource>(fd, static_cast<std::uint64_t>(st.st_size), path, std::move(report));
}

std::unique_ptr<ContentSink> create_file_sink(const std::filesystem::path& final_path, FileErrorReporter report) {
  std::string pattern = (final_path.parent_path() / ("." + final_path.filename().string() + ".part-XXXXXX")).string();
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) {
    if (report)
      report("cannot create a temporary file in " + final_path.parent_path().string() + ": " + reason(errno));
    return nullptr;
  }
  // Held until the file is closed, by this process only: the kernel drops it when the process dies,
  // however it dies, so an unlocked temporary file belongs to nobody (DirectoryStore cleans those).
  ::flock(fd, LOCK_EX | LOCK_NB);
  ::fchmod(fd, 0644);  // mkstemp makes 0600; a kept download is an ordinary shared file
  return std::make_unique<FileSink>(fd, pattern, final_path, std::move(report));
}

bool is_temporary_name(const std::string& file_name) {
  static constexpr std::string_view kMark = ".part-";
  constexpr std::size_t kSuffix = 6;  // mkstemp's XXXXXX
  if (file_name.size() < 1 + 1 + kMark.size() + kSuffix || file_name.front() != '.') return false;
  std::size_t mark = file_name.size() - kSuffix - kMark.size();
  if (file_name.compare(mark, kMark.size(), kMark) != 0) return false;
  for (std::size_t i = file_name.size() - kSuffix; i < file_name.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(file_name[i]))) return false;
  std::string content = file_name.substr(1, mark - 1);
  return Name::parse(content).has_value() && content.front() != '.';
}

}  // namespace p2p::native
