// The file-backed content store: downloads appear under their real name only once committed.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <unistd.h>

#include "apps/native/content_names.h"
#include "apps/native/directory_store.h"

using namespace p2p;
using namespace p2p::native;
namespace fs = std::filesystem;

namespace {

struct Dirs {
  fs::path root = fs::temp_directory_path() / ("p2p-store-" + std::to_string(::getpid()));
  fs::path share = root / "share";
  fs::path downloads = root / "downloads";
  Dirs() { fs::remove_all(root); }
  ~Dirs() { fs::remove_all(root); }
  std::size_t files_in(const fs::path& dir) const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
  }
};

Name N(const char* s) { return *Name::parse(s); }

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(committed_download_appears_under_its_name_with_its_bytes_and_no_temporary_file) {
  Dirs d;
  DirectoryStore store(d.share, d.downloads);
  auto sink = store.create(N("song"));
  BOOST_REQUIRE(sink);
  BOOST_CHECK(sink->write_at(0, bytes("hel")));
  BOOST_CHECK(sink->write_at(3, bytes("lo")));
  BOOST_CHECK(!store.holds(N("song")));  // not before commit
  BOOST_CHECK_EQUAL(d.files_in(d.downloads), 1u);  // the hidden temporary file
  BOOST_CHECK(sink->commit());
  sink.reset();
  BOOST_CHECK(store.holds(N("song")));
  BOOST_CHECK_EQUAL(read_all(d.downloads / "song"), "hello");
  BOOST_CHECK_EQUAL(d.files_in(d.downloads), 1u);
}

BOOST_AUTO_TEST_CASE(a_download_of_many_megabytes_is_kept_whole_and_in_order_whatever_the_write_sizes) {
  // The sink batches writes: frames of any size, a write larger than a batch, single bytes.
  Dirs d;
  DirectoryStore store(d.share, d.downloads);
  auto sink = store.create(N("movie"));
  BOOST_REQUIRE(sink);
  std::string expected;
  std::uint32_t x = 12345;
  auto piece = [&](std::size_t n) {
    std::string p(n, '\0');
    for (char& c : p) c = static_cast<char>((x = x * 1103515245u + 12345u) >> 24);
    expected += p;
    return p;
  };
  auto append = [&](std::size_t n) {
    std::uint64_t at = expected.size();
    return sink->write_at(at, bytes(piece(n)));
  };
  for (int i = 0; i < 200; ++i) BOOST_REQUIRE(append(16384));
  BOOST_REQUIRE(append(3 << 20));
  for (int i = 0; i < 1000; ++i) BOOST_REQUIRE(append(1));
  for (int i = 0; i < 300; ++i) BOOST_REQUIRE(append(65535));
  BOOST_REQUIRE_GT(expected.size(), 20u << 20);  // past a write-back step too
  BOOST_CHECK(!store.holds(N("movie")));
  BOOST_REQUIRE(sink->commit());
  sink.reset();
  std::string kept = read_all(d.downloads / "movie");
  BOOST_CHECK_EQUAL(kept.size(), expected.size());
  BOOST_CHECK(kept == expected);
  BOOST_CHECK_EQUAL(d.files_in(d.downloads), 1u);
}

BOOST_AUTO_TEST_CASE(discarded_or_abandoned_downloads_leave_no_file_at_all) {
  Dirs d;
  DirectoryStore store(d.share, d.downloads);
  auto sink = store.create(N("song"));
  BOOST_REQUIRE(sink);
  sink->write_at(0, bytes("partial"));
  sink->discard();
  auto abandoned = store.create(N("tune"));
  abandoned->write_at(0, bytes("partial"));
  abandoned.reset();  // e.g. the transfer was cut and the engine dropped it
  BOOST_CHECK_EQUAL(d.files_in(d.downloads), 0u);
  BOOST_CHECK(!store.holds(N("song")));
}

BOOST_AUTO_TEST_CASE(lists_and_serves_files_of_both_directories_with_valid_names_only) {
  Dirs d;
  DirectoryStore store(d.share, d.downloads);
  std::ofstream(d.share / "song") << "0123456789";
  std::ofstream(d.downloads / "tune") << "abc";
  std::ofstream(d.share / "eleven_byte") << "x";  // too long to be a content name
  std::ofstream(d.share / ".song.part-abcdef") << "x";
  fs::create_directories(d.share / "subdir");
  auto names = store.list();
  BOOST_REQUIRE_EQUAL(names.size(), 2u);
  BOOST_CHECK(names[0] == N("song"));
  BOOST_CHECK(names[1] == N("tune"));

  auto source = store.open(N("song"));
  BOOST_REQUIRE(source);
  BOOST_CHECK_EQUAL(source->size(), 10u);
  std::uint8_t buf[4];
  BOOST_CHECK_EQUAL(source->read(7, buf), 3u);  // short read only at the end
  BOOST_CHECK_EQUAL(std::string(buf, buf + 3), "789");
  BOOST_CHECK(store.open(N("tune")));
  BOOST_CHECK(!store.open(N("subdir")));
  BOOST_CHECK(!store.open(N("missing")));
}

BOOST_AUTO_TEST_CASE(content_names_that_could_leave_the_share_directory_are_refused_with_the_reason) {
  std::string why;
  BOOST_CHECK(!parse_content_name("../x", why));
  BOOST_CHECK(why.find("'../x' is not a valid content name") != std::string::npos);
  BOOST_CHECK(!parse_content_name("..", why));
  BOOST_CHECK(!parse_content_name("a/b", why));
  BOOST_CHECK(why.find("/") != std::string::npos);
  BOOST_CHECK(!parse_content_name("abcdefghijk", why));
  BOOST_CHECK(why.find("longer than 10 bytes") != std::string::npos);
  BOOST_CHECK(parse_content_name("abcdefghij", why));
}
