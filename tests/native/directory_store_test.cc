// SPDX-License-Identifier: GPL-2.0-only
// The file-backed content store: downloads appear under their real name only once committed.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <fcntl.h>
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
  Dirs() {
    fs::remove_all(root);
    fs::create_directories(share);
    fs::create_directories(downloads);
  }
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

BOOST_AUTO_TEST_CASE(a_missing_directory_is_an_error_and_is_never_created) {
  Dirs d;
  fs::path typo = d.root / "shaer";
  BOOST_CHECK_THROW(DirectoryStore(typo, d.downloads), std::runtime_error);
  BOOST_CHECK_THROW(DirectoryStore(d.share, typo), std::runtime_error);
  BOOST_CHECK(!fs::exists(typo));
  std::ofstream(d.root / "file") << "x";
  try {
    DirectoryStore(d.root / "file", d.downloads);
    BOOST_ERROR("a file accepted as a share directory");
  } catch (const std::runtime_error& e) {
    BOOST_CHECK(std::string(e.what()).find("is not a directory") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(hidden_files_links_fifos_and_sockets_are_never_listed_held_or_opened) {
  Dirs d;
  DirectoryStore store(d.share, d.downloads);
  std::ofstream(d.share / "song") << "music";
  std::ofstream(d.share / ".bashrc") << "secret";
  std::ofstream(d.share / ".netrc") << "secret";
  std::ofstream(d.root / "outside") << "secret";
  fs::create_symlink(d.root / "outside", d.share / "pw");   // a link out of the share directory
  fs::create_symlink(d.share / "song", d.share / "alias");  // even one to a shared file
  BOOST_REQUIRE_EQUAL(::mkfifo((d.share / "fifo").c_str(), 0644), 0);
  int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string sock_path = (d.share / "sock").string();
  BOOST_REQUIRE_LT(sock_path.size(), sizeof addr.sun_path);
  std::copy(sock_path.begin(), sock_path.end(), addr.sun_path);
  BOOST_REQUIRE_EQUAL(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);

  auto names = store.list();
  BOOST_REQUIRE_EQUAL(names.size(), 1u);
  BOOST_CHECK(names[0] == N("song"));
  for (const char* n : {".bashrc", ".netrc", "pw", "alias", "fifo", "sock"}) {
    BOOST_TEST_CONTEXT(n) {
      BOOST_CHECK(!store.holds(N(n)));
      BOOST_CHECK(!store.open(N(n)));  // and opening a FIFO does not block
    }
  }
  BOOST_CHECK(!store.create(N(".bashrc")));  // no download lands as a hidden file either
  BOOST_CHECK(store.open(N("song")));
  ::close(sock);

  std::string why;
  BOOST_CHECK(!parse_content_name(".bashrc", why));
  BOOST_CHECK(why.find("starts with '.'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(stale_temporary_files_are_removed_only_when_unlocked_old_and_of_the_peers_pattern) {
  Dirs d;
  DirectoryStore store(d.share, d.downloads);
  auto old = [](const fs::path& p) {
    struct timespec times[2] = {{0, UTIME_OMIT}, {::time(nullptr) - 3600, 0}};
    BOOST_REQUIRE_EQUAL(::utimensat(AT_FDCWD, p.c_str(), times, 0), 0);
  };
  const fs::path stale = d.downloads / ".song.part-Ab12Cd";
  const fs::path young = d.downloads / ".tune.part-Zz99zz";
  const fs::path locked = d.downloads / ".film.part-000aaa";
  const fs::path other = d.downloads / ".song.part-toolong1";
  const fs::path hidden = d.downloads / ".bashrc";
  for (const auto& p : {stale, young, locked, other, hidden}) std::ofstream(p) << "partial";
  for (const auto& p : {stale, locked, other, hidden}) old(p);
  // A live download elsewhere holds its file locked, as create_file_sink does.
  int fd = ::open(locked.c_str(), O_RDONLY);
  BOOST_REQUIRE_EQUAL(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto live = store.create(N("live"));  // this process's own download, locked and fresh
  BOOST_REQUIRE(live);

  auto removed = store.remove_stale_temporaries();
  BOOST_REQUIRE_EQUAL(removed.size(), 1u);
  BOOST_CHECK(removed[0] == stale);
  BOOST_CHECK(!fs::exists(stale));
  for (const auto& p : {young, locked, other, hidden}) BOOST_CHECK(fs::exists(p));
  BOOST_CHECK_EQUAL(d.files_in(d.downloads), 5u);  // the live download's file stays too
  ::close(fd);  // its owner is gone: now it is stale
  removed = store.remove_stale_temporaries();
  BOOST_CHECK_EQUAL(removed.size(), 1u);
  BOOST_CHECK(!fs::exists(locked));

  BOOST_CHECK(is_temporary_name(".song.part-Ab12Cd"));
  BOOST_CHECK(!is_temporary_name(".song.part-Ab12C"));
  BOOST_CHECK(!is_temporary_name("..part-Ab12Cd"));
  BOOST_CHECK(!is_temporary_name("song.part-Ab12Cd"));
  BOOST_CHECK(!is_temporary_name(".abcdefghijk.part-Ab12Cd"));
}

BOOST_AUTO_TEST_CASE(a_failed_create_is_reported_with_the_directory_and_the_reason) {
  Dirs d;
  DirectoryStore store(d.share, d.downloads);
  std::vector<std::string> reports;
  store.set_error_reporter([&](const std::string& why) { reports.push_back(why); });
  fs::remove_all(d.downloads);  // gone after the start
  BOOST_CHECK(!store.create(N("song")));
  BOOST_REQUIRE_EQUAL(reports.size(), 1u);
  BOOST_CHECK_EQUAL(reports[0], "cannot create a temporary file in " + d.downloads.string() +
                                    ": No such file or directory");
}
