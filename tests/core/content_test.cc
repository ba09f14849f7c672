// SPDX-License-Identifier: GPL-2.0-only
// Content sources, stores and the event text forms that adapters rely on.
#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

BOOST_AUTO_TEST_CASE(synthetic_source_reads_the_same_bytes_at_any_offset) {
  SyntheticSource src(12345, 100'003);
  std::vector<std::uint8_t> whole(100'003);
  BOOST_REQUIRE_EQUAL(src.read(0, whole), whole.size());
  for (std::uint64_t offset : {0ull, 1ull, 7ull, 8ull, 4095ull, 99'990ull}) {
    std::vector<std::uint8_t> part(13);
    std::size_t n = src.read(offset, part);
    BOOST_REQUIRE_EQUAL(n, std::min<std::size_t>(13, whole.size() - offset));
    BOOST_TEST(std::equal(part.begin(), part.begin() + static_cast<std::ptrdiff_t>(n),
                          whole.begin() + static_cast<std::ptrdiff_t>(offset)));
  }
  std::vector<std::uint8_t> past(4);
  BOOST_TEST(src.read(100'003, past) == 0u);  // the end
  std::vector<std::uint8_t> again(100'003);
  SyntheticSource(12345, 100'003).read(0, again);
  BOOST_TEST(again == whole);  // same seed, same bytes
}

BOOST_AUTO_TEST_CASE(synthetic_seeds_differ_by_content_and_run) {
  BOOST_TEST(synthetic_seed(1, N("a")) == synthetic_seed(1, N("a")));
  BOOST_TEST(synthetic_seed(1, N("a")) != synthetic_seed(1, N("b")));
  BOOST_TEST(synthetic_seed(1, N("a")) != synthetic_seed(2, N("a")));
}

BOOST_AUTO_TEST_CASE(regenerating_store_downloads_and_serves_onwards) {
  // Simulation's store keeps no bytes: a verified download is served again from its seed.
  World w(21);
  w.add_index(default_index_endpoint());
  PeerConfig config;
  auto& a = w.add_peer("a", "10.0.0.11", config);
  auto& b = w.add_peer("b", "10.0.0.12", config);
  auto& c = w.add_peer("c", "10.0.0.13", config);
  MemoryStore seeded(MemoryStore::Keep::Regenerate, 99);
  seeded.add_synthetic(N("film"), 777'777);
  // The world's peers use byte-exact stores; check the regenerating one directly against them.
  auto source = seeded.open(N("film"));
  std::vector<std::uint8_t> bytes(777'777);
  BOOST_REQUIRE_EQUAL(source->read(0, bytes), bytes.size());
  a.store.add_bytes(N("film"), bytes);
  BOOST_REQUIRE(w.finish(a, a.engine->register_content(N("film"), w.now()))->ok);
  BOOST_REQUIRE(w.finish(b, b.engine->download(N("film"), w.now()))->ok);
  BOOST_REQUIRE(w.finish(c, c.engine->download(N("film"), w.now()))->ok);
  BOOST_TEST(bytes_held(c, "film") == bytes);

  MemoryStore downloader(MemoryStore::Keep::Regenerate, 99);
  auto sink = downloader.create(N("film"));
  BOOST_REQUIRE(sink->write_at(0, bytes));
  BOOST_REQUIRE(sink->commit());
  BOOST_TEST(downloader.holds(N("film")));
  BOOST_TEST(downloader.bytes_of(N("film")) == nullptr);  // no memory per byte
  std::vector<std::uint8_t> served(777'777);
  downloader.open(N("film"))->read(0, served);
  BOOST_TEST(served == bytes);
}

BOOST_AUTO_TEST_CASE(discarded_sink_keeps_nothing) {
  MemoryStore store;
  auto sink = store.create(N("x"));
  sink->write_at(0, pattern_bytes(10, 1));
  sink->discard();
  BOOST_TEST(!store.holds(N("x")));
}

BOOST_AUTO_TEST_CASE(csv_rows_quote_what_needs_quoting) {
  BOOST_TEST(csv_field("plain") == "plain");
  BOOST_TEST(csv_field("a,b") == "\"a,b\"");
  BOOST_TEST(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  PeerEvent ev;
  ev.time = std::chrono::milliseconds(1500);
  ev.kind = PeerEventKind::DownloadCompleted;
  ev.content = N("song");
  ev.server = N("p1");
  ev.bytes = 42;
  ev.duration = std::chrono::milliseconds(250);
  ev.detail = "sha256 verified";
  ev.op = 7;
  ev.sources = {SourceShare{N("p1"), 30}, SourceShare{N("p3"), 12}};
  BOOST_TEST(std::string(events_csv_header()) ==
             "time_s,node,peer,event,content,bytes,server,detail,life,op,conn,reply_bytes");
  BOOST_TEST(to_csv_row(ev, "3", "p2", 4) ==
             "1.500000000,3,p2,download_completed,song,42,p1,"
             "sha256 verified; duration_s=0.250000000; sources=p1:30 p3:12,4,7,0,");
  BOOST_TEST(life_csv_row(2.5, "3", "p2", "peer_left", "reason=planned", 4) ==
             "2.500000000,3,p2,peer_left,,0,,reason=planned,4,,,");
  BOOST_TEST(describe(ev) == "download_completed song from p1: 42 bytes in 0.250 s "
                             "(sha256 verified; duration_s=0.250000000; sources=p1:30 p3:12)");
}

BOOST_AUTO_TEST_CASE(every_error_code_has_a_description) {
  for (int code = 1; code <= 10; ++code)
    BOOST_TEST(std::string(describe(static_cast<ErrorCode>(code))) != "unknown error");
  BOOST_TEST(std::string(describe(ErrorCode::NameTaken)) == "name taken");
}
