// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/directory_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <set>
#include <stdexcept>
#include <system_error>

#include "apps/native/content_names.h"

namespace p2p::native {
namespace fs = std::filesystem;

namespace {

// The directory as an absolute path (messages name files unambiguously: "cannot write
// /home/bob/share/.song.part-ab12Cd: No space left on device").
fs::path existing_directory(const fs::path& dir, const char* what) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error(std::string(what) + " directory " + dir.string() +
                             (fs::exists(dir, ec) ? " is not a directory" : " does not exist"));
  fs::path absolute = fs::absolute(dir, ec).lexically_normal();
  if (ec) return dir;
  if (absolute.has_filename() || absolute == absolute.root_path()) return absolute;
  return absolute.parent_path();  // "share/" -> "/home/bob/share", not "/home/bob/share/"
}

// A regular file itself, not a symbolic link to one (lstat).
bool is_regular(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void add_names(const fs::path& dir, std::set<Name>& names) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code type_ec;
    if (!fs::is_regular_file(entry.symlink_status(type_ec))) continue;
    std::string file = entry.path().filename().string();
    if (is_hidden(file)) continue;
    if (auto n = Name::parse(file)) names.insert(*n);
  }
}

}  // namespace

DirectoryStore::DirectoryStore(fs::path share, fs::path downloads)
    : share_(existing_directory(share, "share")), downloads_(existing_directory(downloads, "downloads")) {}

fs::path DirectoryStore::path_of(const Name& content) const {
  // Name rules (no '/', '\', "." or "..") keep the path inside the directory.
  if (is_hidden(content.view())) return {};
  for (const fs::path& dir : {share_, downloads_}) {
    fs::path p = dir / content.str();
    if (is_regular(p)) return p;
  }
  return {};
}

bool DirectoryStore::holds(const Name& content) const { return !path_of(content).empty(); }

std::vector<Name> DirectoryStore::list() const {
  std::set<Name> names;
  add_names(share_, names);
  add_names(downloads_, names);
  return {names.begin(), names.end()};
}

std::unique_ptr<ContentSource> DirectoryStore::open(const Name& content) {
  fs::path p = path_of(content);
  return p.empty() ? nullptr : open_file_source(p, report_);
}

std::unique_ptr<ContentSink> DirectoryStore::create(const Name& content) {
  if (is_hidden(content.view())) return nullptr;
  return create_file_sink(downloads_ / content.str(), report_);
}

std::vector<fs::path> DirectoryStore::remove_stale_temporaries(std::chrono::seconds min_age) {
  std::vector<fs::path> removed;
  std::error_code ec;
  const std::time_t now = std::time(nullptr);
  for (const auto& entry : fs::directory_iterator(downloads_, ec)) {
    if (!is_temporary_name(entry.path().filename().string())) continue;
    int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st {};
    bool stale = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= min_age.count() &&
                 ::flock(fd, LOCK_EX | LOCK_NB) == 0;  // locked: a live download's file
    // Removed while this lock is held, and only if the name still is the file that was checked.
    struct stat now_at_path {};
    stale = stale && ::lstat(entry.path().c_str(), &now_at_path) == 0 && now_at_path.st_ino == st.st_ino &&
            now_at_path.st_dev == st.st_dev;
    if (stale && ::unlink(entry.path().c_str()) == 0) removed.push_back(entry.path());
    ::close(fd);
  }
  return removed;
}

}  // namespace p2p::native
