// SPDX-License-Identifier: GPL-2.0-only
// Content as files: a share directory the peer serves from, and a downloads directory (by default
// the same) that verified downloads are renamed into. A download is written to a hidden temporary
// file ".NAME.part-XXXXXX" beside its final place, so the real name only ever holds whole,
// verified content. Temporary names are longer than 10 bytes, so they are never content names.
//
// Nothing is shared by accident: only regular files are content (never a symbolic link, wherever it
// points, nor a FIFO, device, socket or directory), and never a hidden file (a name starting with
// '.': .bashrc, .netrc, temporary files). The directories must exist: none is created here.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "apps/native/file_content.h"
#include "model/content.h"

namespace p2p::native {

class DirectoryStore final : public ContentStore {
 public:
  // Throws std::runtime_error when a directory does not exist or is not a directory.
  DirectoryStore(std::filesystem::path share, std::filesystem::path downloads);

  const std::filesystem::path& share() const { return share_; }
  const std::filesystem::path& downloads() const { return downloads_; }
  // Where `content` is kept, or an empty path when neither directory holds it as a regular file.
  std::filesystem::path path_of(const Name& content) const;
  // Told why a file could not be read, created or written, with its path (file_content.h).
  void set_error_reporter(FileErrorReporter report) { report_ = std::move(report); }

  // Removes the temporary files that downloads of earlier runs left in the downloads directory
  // (a process killed mid-download leaves its ".NAME.part-XXXXXX"). Only that pattern, only
  // regular files, only files nobody holds locked (a live download keeps its file locked, and the
  // kernel drops the lock when its process dies) and not modified for `min_age` (a file another
  // peer created a moment ago and has not locked yet). Returns the paths removed.
  std::vector<std::filesystem::path> remove_stale_temporaries(std::chrono::seconds min_age = std::chrono::seconds(10));

  bool holds(const Name& content) const override;
  std::vector<Name> list() const override;  // regular files whose names are valid content names
  std::unique_ptr<ContentSource> open(const Name& content) override;
  std::unique_ptr<ContentSink> create(const Name& content) override;

 private:
  std::filesystem::path share_;
  std::filesystem::path downloads_;
  FileErrorReporter report_;
};

}  // namespace p2p::native
