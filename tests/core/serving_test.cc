// SPDX-License-Identifier: GPL-2.0-only
// Serving in v2 (protocol.md "Serving", "D data"): ranges, E 12, upload slots with E 11, several
// D on one connection, the digest computed once per version, and content that changes while served.
#include <boost/test/unit_test.hpp>

#include "model/frame_reader.h"
#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

struct Frames {
  std::vector<std::pair<char, Bytes>> list;
  Bytes data_of_c() const {
    Bytes out;
    for (const auto& [t, d] : list)
      if (t == 'C') out.insert(out.end(), d.begin(), d.end());
    return out;
  }
  std::size_t count(char type) const {
    return static_cast<std::size_t>(std::count_if(list.begin(), list.end(), [&](const auto& f) { return f.first == type; }));
  }
};

Frames parse(const std::vector<std::uint8_t>& bytes) {
  FrameReader r;
  r.feed(bytes);
  Frames f;
  while (true) {
    auto next = r.next();
    BOOST_REQUIRE(next);
    if (!next->has_value()) break;
    f.list.emplace_back((*next)->type, Bytes((*next)->data.begin(), (*next)->data.end()));
  }
  return f;
}

Bytes d_frame(const std::string& peer, const std::string& content, std::optional<std::uint64_t> offset = {},
              std::optional<std::uint64_t> length = {}) {
  return encode_frame(pdu::DownloadRequest{N(peer), N(content), offset, length});
}

pdu::EndOfContent f_of(const Frames& f) {
  BOOST_REQUIRE(!f.list.empty());
  BOOST_REQUIRE(f.list.back().first == 'F');
  auto pdu = decode_frame('F', f.list.back().second);
  BOOST_REQUIRE(pdu);
  return std::get<pdu::EndOfContent>(*pdu);
}

struct OneServer {
  World w = make_world(5, 2);
  PeerNode& server = w.peer("p1");
  std::vector<std::uint8_t> content = pattern_bytes(100'000, 3);
  Digest digest = Sha256::of(content);
  OneServer() {
    server.store.add_bytes(N("song"), content);
    BOOST_REQUIRE(w.finish(server, server.engine->register_content(N("song"), w.now()))->ok);
  }
};

// bob asking `server` for the whole song and reading at `bytes_per_second` through a 16 KiB send
// buffer, so the server hands over bytes in steps of 16 KiB at that pace.
RawClient& slow_requester(World& w, PeerNode& server, double bytes_per_second) {
  w.network().bytes_per_second = bytes_per_second;
  w.network().send_buffer = 16384;
  RawClient& c = w.raw_connect(server);
  w.raw_send(c, d_frame("bob", "song"));
  return c;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(ranges_on_one_connection_each_end_with_the_whole_contents_f, OneServer) {
  RawClient& c = w.raw_connect(server);
  w.raw_send(c, d_frame("bob", "song", 1000));  // 28 bytes: the rest from 1000
  w.run_for(1s);
  Frames rest = parse(c.received);
  BOOST_TEST((rest.data_of_c() == Bytes(content.begin() + 1000, content.end())));
  BOOST_TEST(f_of(rest).size == content.size());
  BOOST_TEST((f_of(rest).sha256 == digest));
  BOOST_TEST(!c.closed_by_peer);  // stays open for the next D

  c.received.clear();
  w.raw_send(c, d_frame("bob", "song", 10, 100));  // 36 bytes: exactly 100 bytes from 10
  w.run_for(1s);
  Frames piece = parse(c.received);
  BOOST_TEST((piece.data_of_c() == Bytes(content.begin() + 10, content.begin() + 110)));
  BOOST_TEST((f_of(piece).sha256 == digest));

  c.received.clear();
  w.raw_send(c, d_frame("bob", "song", 0, 0));  // length 0: F alone
  w.run_for(1s);
  Frames probe = parse(c.received);
  BOOST_TEST(probe.list.size() == 1u);
  BOOST_TEST(f_of(probe).size == content.size());
  BOOST_TEST(server.engine->digests_computed() == 1u);  // three F, one hash
  BOOST_TEST(server.of(PeerEventKind::ServeCompleted).size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(only_registered_content_is_served, OneServer) {
  server.store.add_bytes(N("diary"), pattern_bytes(10, 1));  // in the store, never registered
  RawClient& c = w.raw_connect(server);
  w.raw_send(c, d_frame("bob", "diary"));
  w.run_for(1s);
  Frames f = parse(c.received);
  BOOST_REQUIRE_EQUAL(f.list.size(), 1u);
  BOOST_TEST(f.list[0].first == 'E');
  BOOST_TEST(f.list[0].second.at(0) == 9);
  // Withdrawn from the index, it is no longer served either.
  BOOST_REQUIRE(w.finish(server, server.engine->deregister_content(N("song"), w.now()))->ok);
  RawClient& after = w.raw_connect(server);
  w.raw_send(after, d_frame("bob", "song"));
  w.run_for(1s);
  BOOST_TEST(parse(after.received).list.at(0).first == 'E');
}

BOOST_FIXTURE_TEST_CASE(a_served_connection_closes_after_its_idle_time, OneServer) {
  RawClient& c = w.raw_connect(server);
  w.raw_send(c, d_frame("bob", "song", 0, 0));
  w.run_for(9s);
  BOOST_TEST(!c.closed_by_peer);
  w.run_for(2s);
  BOOST_TEST(c.closed_by_peer);
}

BOOST_FIXTURE_TEST_CASE(ranges_past_the_end_get_e12_and_a_close, OneServer) {
  for (auto [offset, length] : std::vector<std::pair<std::uint64_t, std::optional<std::uint64_t>>>{
           {100'001, std::nullopt}, {0, 100'001}, {99'999, 2}, {~0ull, 1}}) {
    RawClient& c = w.raw_connect(server);
    w.raw_send(c, d_frame("bob", "song", offset, length));
    w.run_for(1s);
    Frames f = parse(c.received);
    BOOST_REQUIRE_EQUAL(f.list.size(), 1u);
    BOOST_TEST(f.list[0].first == 'E');
    BOOST_TEST(f.list[0].second.at(0) == 12);
    BOOST_TEST(c.closed_by_peer);
  }
  // The end itself is not past it: an empty range, then F.
  RawClient& c = w.raw_connect(server);
  w.raw_send(c, d_frame("bob", "song", 100'000));
  w.run_for(1s);
  Frames f = parse(c.received);
  BOOST_TEST(f.count('C') == 0u);
  BOOST_TEST(f_of(f).size == 100'000u);
  BOOST_TEST(server.of(PeerEventKind::ServeRefused).size() == 4u);
}

BOOST_FIXTURE_TEST_CASE(one_requester_per_connection, OneServer) {
  RawClient& c = w.raw_connect(server);
  w.raw_send(c, d_frame("bob", "song", 0, 0));
  w.run_for(1s);
  c.received.clear();
  w.raw_send(c, d_frame("eve", "song", 0, 0));
  w.run_for(1s);
  Frames f = parse(c.received);
  BOOST_REQUIRE_EQUAL(f.list.size(), 1u);
  BOOST_TEST(f.list[0].first == 'E');
  BOOST_TEST(f.list[0].second.at(0) == 1);
  BOOST_TEST(c.closed_by_peer);
}

BOOST_AUTO_TEST_CASE(one_d_past_the_upload_slots_gets_e11) {
  PeerConfig config;
  config.upload_slots = 1;
  World w = make_world(6, 1, {}, config);
  PeerNode& server = w.peer("p1");
  auto content = pattern_bytes(4'000'000, 9);  // 0.32 s at the world's 100 Mbit/s
  server.store.add_bytes(N("film"), content);
  BOOST_REQUIRE(w.finish(server, server.engine->register_content(N("film"), w.now()))->ok);
  RawClient& first = w.raw_connect(server);
  w.raw_send(first, d_frame("a", "film"));
  w.run_for(std::chrono::milliseconds(50));
  RawClient& second = w.raw_connect(server);
  w.raw_send(second, d_frame("b", "film"));
  w.run_for(std::chrono::milliseconds(50));
  Frames refused = parse(second.received);
  BOOST_REQUIRE_EQUAL(refused.list.size(), 1u);
  BOOST_TEST(refused.list[0].first == 'E');
  BOOST_TEST(refused.list[0].second.at(0) == 11);
  BOOST_TEST(second.closed_by_peer);
  BOOST_TEST(!first.closed_by_peer);
  w.run_for(std::chrono::seconds(1));
  BOOST_TEST((parse(first.received).data_of_c() == content));
  // The slot is free again.
  RawClient& third = w.raw_connect(server);
  w.raw_send(third, d_frame("c", "film", 0, 0));
  w.run_for(std::chrono::milliseconds(50));
  BOOST_TEST(parse(third.received).count('F') == 1u);
}

BOOST_FIXTURE_TEST_CASE(content_changed_while_served_ends_without_f, OneServer) {
  server.store.add_bytes(N("big"), pattern_bytes(4'000'000, 4));
  BOOST_REQUIRE(w.finish(server, server.engine->register_content(N("big"), w.now()))->ok);
  RawClient& c = w.raw_connect(server);
  w.raw_send(c, d_frame("bob", "big"));
  w.run_for(std::chrono::milliseconds(100));
  server.store.overwrite(N("big"), 3'900'000, pattern_bytes(1000, 5));  // an editor saves a change
  w.run_for(std::chrono::seconds(1));
  Frames f = parse(c.received);
  BOOST_TEST(f.count('F') == 0u);
  BOOST_TEST(c.closed_by_peer);
  auto failed = server.of(PeerEventKind::ServeFailed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(failed[0].detail == "big changed while being served");
  // Served again, the new version gets its own digest.
  RawClient& again = w.raw_connect(server);
  w.raw_send(again, d_frame("bob", "big", 0, 0));
  w.run_for(std::chrono::milliseconds(100));
  BOOST_TEST((f_of(parse(again.received)).sha256 == Sha256::of(*server.store.bytes_of(N("big")))));
}

BOOST_FIXTURE_TEST_CASE(one_host_cannot_hold_every_connection, OneServer) {
  // The world's raw clients all come from one host: past the per-host cap they get E 11 at once.
  std::vector<RawClient*> idle;
  for (int i = 0; i < 20; ++i) idle.push_back(&w.raw_connect(server));
  w.run_for(std::chrono::milliseconds(10));
  std::size_t refused = 0;
  for (RawClient* c : idle)
    if (c->closed_by_peer) {
      ++refused;
      Frames f = parse(c->received);
      BOOST_TEST(f.list.at(0).first == 'E');
      BOOST_TEST(f.list.at(0).second.at(0) == 11);
    }
  BOOST_TEST(refused == 4u);  // 16 kept (and dropped 10 s later if they never ask for anything)
  w.run_for(std::chrono::seconds(11));
  for (RawClient* c : idle) BOOST_TEST(c->closed_by_peer);
  RawClient& later = w.raw_connect(server);
  w.raw_send(later, d_frame("bob", "song", 0, 0));
  w.run_for(std::chrono::milliseconds(10));
  BOOST_TEST(parse(later.received).count('F') == 1u);
}

// protocol-decisions "Slow readers": a requester is kept while it reads at least serve_min_rate
// over each serve_rate_window, even when its progress comes in steps longer than the stall timeout.
BOOST_FIXTURE_TEST_CASE(a_slow_reader_is_kept_while_it_reads_at_the_minimum_rate, OneServer) {
  // 1,500 bytes/s through a 16 KiB send buffer: each step of progress comes 10.9 s after the last,
  // later than the 10 s stall timeout; the 100,000 bytes take 67 s, more than two 30 s windows, at
  // above the 1,024 bytes/s asked.
  RawClient& c = slow_requester(w, server, 1500);
  w.run_for(80s);
  Frames f = parse(c.received);
  BOOST_TEST((f.data_of_c() == content));
  BOOST_TEST(f.count('F') == 1u);
  BOOST_TEST(server.of(PeerEventKind::ServeFailed).empty());
  BOOST_TEST(server.of(PeerEventKind::ServeCompleted).size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_reader_below_the_minimum_rate_is_dropped_when_its_window_ends, OneServer) {
  // 500 bytes/s through a 16 KiB send buffer: in the first 30 s window the server hands over one
  // C frame (16,387 bytes, header included), less than 30 s at 1,024 bytes/s.
  RawClient& c = slow_requester(w, server, 500);
  w.run_for(29s);
  BOOST_TEST(server.of(PeerEventKind::ServeFailed).empty());
  w.run_for(2s);
  auto failed = server.of(PeerEventKind::ServeFailed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(failed[0].detail == "requester reads too slowly (16387 bytes in 30 s, at least 1024 bytes/s asked)");
  w.run_for(100s);  // what was handed over still arrives, then the end of the stream, without F
  BOOST_TEST(c.closed_by_peer);
  BOOST_TEST(parse(c.received).count('F') == 0u);
  // The upload slot is free again: another requester is served at once.
  w.network().bytes_per_second = 12.5e6;
  RawClient& next = w.raw_connect(server);
  w.raw_send(next, d_frame("carol", "song", 0, 10));
  w.run_for(1s);
  BOOST_TEST(parse(next.received).count('F') == 1u);
}

BOOST_FIXTURE_TEST_CASE(the_minimum_rate_and_its_window_are_settings, OneServer) {
  // With 400 bytes/s asked over 60 s, the same 500 bytes/s reader is served to its end.
  PeerConfig config;
  config.serve_min_rate = 400;
  config.serve_rate_window = 60s;
  PeerNode& lenient = w.add_peer("p9", "10.0.0.99", config);
  lenient.store.add_bytes(N("song"), content);
  BOOST_REQUIRE(w.finish(lenient, lenient.engine->register_content(N("song"), w.now()))->ok);
  RawClient& c = slow_requester(w, lenient, 500);
  w.run_for(220s);
  BOOST_TEST((parse(c.received).data_of_c() == content));
  BOOST_TEST(lenient.of(PeerEventKind::ServeFailed).empty());
}

BOOST_FIXTURE_TEST_CASE(a_minimum_rate_too_high_for_64_bits_asks_for_everything, OneServer) {
  PeerConfig config;
  config.serve_min_rate = std::numeric_limits<std::uint64_t>::max();
  PeerNode& strict = w.add_peer("p9", "10.0.0.99", config);
  strict.store.add_bytes(N("song"), content);
  BOOST_REQUIRE(w.finish(strict, strict.engine->register_content(N("song"), w.now()))->ok);
  slow_requester(w, strict, 2000);  // 50 s for the song: longer than the 30 s window
  w.run_for(31s);
  auto failed = strict.of(PeerEventKind::ServeFailed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(failed[0].detail.find("requester reads too slowly") == 0u, failed[0].detail);
}

BOOST_FIXTURE_TEST_CASE(a_pipelined_d_refused_after_an_f_ends_the_connection_cleanly, OneServer) {
  RawClient& c = w.raw_connect(server);
  Bytes both = d_frame("bob", "song", 0, 10);
  Bytes refused = d_frame("bob", "nothing");  // not served here: E 9 and close, right after the F
  both.insert(both.end(), refused.begin(), refused.end());
  w.raw_send(c, both);
  w.run_for(1s);
  Frames f = parse(c.received);
  BOOST_REQUIRE_EQUAL(f.list.size(), 3u);
  BOOST_TEST(f.list[0].first == 'C');
  BOOST_TEST(f.list[1].first == 'F');
  BOOST_TEST(f.list[2].first == 'E');
  BOOST_TEST(f.list[2].second.at(0) == 9);
  BOOST_TEST(c.closed_by_peer);
}
