// SPDX-License-Identifier: GPL-2.0-only
// A file read as content (pread at any offset) and a temporary file written as a download.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "model/content.h"

namespace p2p::native {

// Told, once per file, why a read or write failed, with the path and the system's reason:
// "cannot write /srv/share/.song.part-ab12Cd: No space left on device".
using FileErrorReporter = std::function<void(const std::string&)>;

// Null when the file cannot be opened as a regular file. A symbolic link is never followed
// (O_NOFOLLOW) and anything but a regular file (a FIFO, a device, a socket, a directory) is
// refused after the open, which never blocks (O_NONBLOCK).
std::unique_ptr<ContentSource> open_file_source(const std::filesystem::path& path, FileErrorReporter report = {});

// A sink writing to a new temporary file ".NAME.part-XXXXXX" in `final_path`'s directory; commit
// renames it into place. The temporary file is locked (flock) while it is open, which is how a
// later run tells a live download's file from one left by a process that is gone. Null when the
// temporary file cannot be created.
std::unique_ptr<ContentSink> create_file_sink(const std::filesystem::path& final_path, FileErrorReporter report = {});

// True for a temporary file name create_file_sink makes: "." + a content name + ".part-" + 6
// letters or digits.
bool is_temporary_name(const std::string& file_name);

}  // namespace p2p::native
