// A file read as content (pread at any offset) and a temporary file written as a download.
#pragma once
#include <filesystem>
#include <memory>

#include "model/content.h"

namespace p2p::native {

// Null when the file cannot be opened as a regular file.
std::unique_ptr<ContentSource> open_file_source(const std::filesystem::path& path);

// A sink writing to a new temporary file in `final_path`'s directory; commit renames it into place.
// Null when the temporary file cannot be created.
std::unique_ptr<ContentSink> create_file_sink(const std::filesystem::path& final_path);

}  // namespace p2p::native
