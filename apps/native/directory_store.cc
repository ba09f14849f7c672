#include "apps/native/directory_store.h"

#include <set>
#include <stdexcept>
#include <system_error>

#include "apps/native/file_content.h"

namespace p2p::native {
namespace fs = std::filesystem;

namespace {

fs::path usable_directory(const fs::path& dir, const char* what) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error(std::string(what) + " directory " + dir.string() +
                             " does not exist and cannot be created");
  return dir;
}

bool is_regular(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

void add_names(const fs::path& dir, std::set<Name>& names) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code type_ec;
    if (!entry.is_regular_file(type_ec)) continue;
    if (auto n = Name::parse(entry.path().filename().string())) names.insert(*n);
  }
}

}  // namespace

DirectoryStore::DirectoryStore(fs::path share, fs::path downloads)
    : share_(usable_directory(share, "share")), downloads_(usable_directory(downloads, "downloads")) {}

fs::path DirectoryStore::path_of(const Name& content) const {
  // Name rules (no '/', '\', "." or "..") keep the path inside the directory.
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
  return p.empty() ? nullptr : open_file_source(p);
}

std::unique_ptr<ContentSink> DirectoryStore::create(const Name& content) {
  return create_file_sink(downloads_ / content.str());
}

}  // namespace p2p::native
