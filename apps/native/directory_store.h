// Content as files: a share directory the peer serves from, and a downloads directory (by default
// the same) that verified downloads are renamed into. A download is written to a hidden temporary
// file ".NAME.part-XXXXXX" beside its final place, so the real name only ever holds whole,
// verified content. Temporary names are longer than 10 bytes, so they are never content names.
#pragma once
#include <filesystem>

#include "model/content.h"

namespace p2p::native {

class DirectoryStore final : public ContentStore {
 public:
  // Throws std::runtime_error when a directory does not exist and cannot be created.
  DirectoryStore(std::filesystem::path share, std::filesystem::path downloads);

  const std::filesystem::path& share() const { return share_; }
  const std::filesystem::path& downloads() const { return downloads_; }
  // Where `content` is kept, or an empty path when neither directory holds it.
  std::filesystem::path path_of(const Name& content) const;

  bool holds(const Name& content) const override;
  std::vector<Name> list() const override;  // regular files whose names are valid content names
  std::unique_ptr<ContentSource> open(const Name& content) override;
  std::unique_ptr<ContentSink> create(const Name& content) override;

 private:
  std::filesystem::path share_;
  std::filesystem::path downloads_;
};

}  // namespace p2p::native
