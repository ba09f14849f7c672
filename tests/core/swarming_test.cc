// SPDX-License-Identifier: GPL-2.0-only
// Downloads in v2 (protocol.md "Busy", "Failover and resume", "Multi-source"): busy rounds with
// backoff, failed servers excluded for good, the overall deadline, resume from the bytes held,
// multi-source by pieces over persistent connections, lying servers and changing content.
#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

// The most uploads a peer ever ran at once, from its own events.
std::size_t peak_uploads(const PeerNode& p) {
  std::size_t now = 0, peak = 0;
  for (const auto& e : p.events) {
    if (e.kind == PeerEventKind::ServeStarted) peak = std::max(peak, ++now);
    if (e.kind == PeerEventKind::ServeCompleted || e.kind == PeerEventKind::ServeFailed) --now;
  }
  return peak;
}

std::uint64_t bytes_from_sources(const PeerEvent& completed) {
  std::uint64_t sum = 0;
  for (const auto& s : completed.sources) sum += s.bytes;
  return sum;
}

void serve(World& w, PeerNode& p, const std::string& content, const std::vector<std::uint8_t>& bytes) {
  p.store.add_bytes(N(content), bytes);
  BOOST_REQUIRE(w.finish(p, p.engine->register_content(N(content), w.now()))->ok);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_crowd_at_one_slot_waits_in_rounds_and_every_download_completes) {
  PeerConfig config;
  config.upload_slots = 1;
  World w = make_world(21, 6, {}, config);
  auto content = pattern_bytes(1'000'000, 1);
  serve(w, w.peer("p1"), "song", content);
  std::vector<std::pair<PeerNode*, OpId>> ops;
  for (int i = 2; i <= 6; ++i) {
    PeerNode& p = w.peer("p" + std::to_string(i));
    ops.emplace_back(&p, p.engine->download(N("song"), w.now()));
  }
  w.run_until([&] { return std::all_of(ops.begin(), ops.end(), [](auto& o) { return o.first->done(o.second); }); });
  std::size_t busy = 0, rounds = 0;
  for (auto& [p, op] : ops) {
    BOOST_REQUIRE(p->done(op));
    BOOST_TEST(p->done(op)->ok, p->name << ": " << p->done(op)->detail);
    BOOST_TEST(bytes_held(*p, "song") == content);
    busy += p->of(PeerEventKind::ServerBusy, op).size();
    rounds += p->of(PeerEventKind::RoundStarted, op).size();
  }
  BOOST_TEST(busy > 0u);
  BOOST_TEST(rounds > 0u);
  // Nobody ever served two at once, and the finished downloaders served the later ones.
  for (int i = 1; i <= 6; ++i) BOOST_TEST(peak_uploads(w.peer("p" + std::to_string(i))) <= 1u);
  std::size_t servers_used = 0;
  for (int i = 1; i <= 6; ++i) servers_used += w.peer("p" + std::to_string(i)).of(PeerEventKind::ServeCompleted).empty() ? 0 : 1;
  BOOST_TEST(servers_used >= 3u);
}

BOOST_AUTO_TEST_CASE(a_failed_server_stays_excluded_while_a_busy_one_comes_back_next_round) {
  PeerConfig config;
  config.upload_slots = 1;
  config.connect_timeout = std::chrono::milliseconds(50);  // p4 learns of p1 while p2 still serves p3
  World w = make_world(22, 4, {}, config);
  auto content = pattern_bytes(2'000'000, 2);
  PeerNode& dead = w.peer("p1");
  PeerNode& busy = w.peer("p2");
  serve(w, dead, "song", content);
  serve(w, busy, "song", content);
  w.crash(dead, false);  // still registered; its connections time out
  PeerNode& first = w.peer("p3");
  PeerNode& second = w.peer("p4");
  OpId a = first.engine->download(N("song"), w.now());
  w.run_until([&] { return busy.engine->active_uploads() > 0; });
  OpId b = second.engine->download(N("song"), w.now());
  BOOST_REQUIRE(w.finish(first, a)->ok);
  BOOST_REQUIRE(w.finish(second, b)->ok);
  BOOST_TEST(bytes_held(second, "song") == content);
  // p1 was tried once by each and never again; p2 refused p4 (busy) and served it in a later round.
  auto failures = second.of(PeerEventKind::DownloadAttemptFailed, b);
  BOOST_REQUIRE_EQUAL(failures.size(), 1u);
  BOOST_TEST(failures[0].server == N("p1"));
  BOOST_TEST(!second.of(PeerEventKind::ServerBusy, b).empty());
  BOOST_TEST(!second.of(PeerEventKind::RoundStarted, b).empty());
}

BOOST_AUTO_TEST_CASE(a_server_busy_for_ever_ends_at_the_download_deadline) {
  PeerConfig config;
  config.upload_slots = 1;
  config.download_deadline = std::chrono::seconds(5);
  World w = make_world(23, 2, {}, config);
  PeerNode& server = w.peer("p1");
  server.store.add_synthetic(N("huge"), 100'000'000'000ull);  // hours at the world's rate
  BOOST_REQUIRE(w.finish(server, server.engine->register_content(N("huge"), w.now()))->ok);
  RawClient& hog = w.raw_connect(server);
  w.raw_send(hog, encode_frame(pdu::DownloadRequest{N("hog"), N("huge"), {}, {}}));
  w.run_for(std::chrono::milliseconds(10));
  PeerNode& fetcher = w.peer("p2");
  Time started = w.now();
  OpId op = fetcher.engine->download(N("huge"), w.now());
  const PeerEvent* done = w.finish(fetcher, op, std::chrono::seconds(60));
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST(done->detail.find("download deadline of 5") != std::string::npos, done->detail);
  BOOST_TEST(to_seconds(done->time - started) == 5.0, boost::test_tools::tolerance(0.01));
  BOOST_TEST(fetcher.of(PeerEventKind::ServerBusy, op).size() >= 3u);
}

BOOST_AUTO_TEST_CASE(a_server_crash_mid_transfer_resumes_from_the_bytes_held) {
  World w = make_world(24, 3);
  auto content = pattern_bytes(4'000'000, 3);
  serve(w, w.peer("p1"), "film", content);
  serve(w, w.peer("p2"), "film", content);
  PeerNode& fetcher = w.peer("p3");
  OpId op = fetcher.engine->download(N("film"), w.now());
  PeerNode& first = w.peer("p2");  // least-used's tie goes to the newest
  w.run_until([&] { return first.engine->active_uploads() > 0; });
  w.run_for(std::chrono::milliseconds(150));  // about half of the content at 100 Mbit/s
  w.crash(first, true);
  BOOST_REQUIRE(w.finish(fetcher, op)->ok);
  BOOST_TEST(bytes_held(fetcher, "film") == content);
  auto resumed = fetcher.of(PeerEventKind::DownloadResumed, op);
  BOOST_REQUIRE_EQUAL(resumed.size(), 1u);
  BOOST_TEST(resumed[0].server == N("p1"));
  BOOST_TEST(resumed[0].bytes > 1'000'000u);
  BOOST_TEST(resumed[0].bytes < 3'000'000u);
  auto completed = fetcher.of(PeerEventKind::DownloadCompleted, op).at(0);
  BOOST_TEST(bytes_from_sources(completed) == content.size());  // nothing fetched twice
  BOOST_REQUIRE_EQUAL(completed.sources.size(), 2u);
  BOOST_TEST(completed.sources[0].bytes == resumed[0].bytes);
}

BOOST_AUTO_TEST_CASE(a_silent_server_stalls_and_the_rest_comes_from_another) {
  World w = make_world(25, 3);
  auto content = pattern_bytes(3'000'000, 4);
  serve(w, w.peer("p1"), "film", content);
  serve(w, w.peer("p2"), "film", content);
  PeerNode& fetcher = w.peer("p3");
  OpId op = fetcher.engine->download(N("film"), w.now());
  w.run_until([&] { return w.peer("p2").engine->active_uploads() > 0; });
  w.run_for(std::chrono::milliseconds(100));
  w.crash(w.peer("p2"), false);
  BOOST_REQUIRE(w.finish(fetcher, op)->ok);
  BOOST_TEST(bytes_held(fetcher, "film") == content);
  BOOST_TEST(fetcher.of(PeerEventKind::DownloadResumed, op).at(0).bytes > 0u);
  BOOST_TEST(fetcher.of(PeerEventKind::DownloadAttemptFailed, op).at(0).detail == "transfer stalled");
}

BOOST_AUTO_TEST_CASE(multi_source_fetches_pieces_from_four_servers_over_one_connection_each) {
  PeerConfig config;
  config.sources = 4;
  config.piece_size = 256 * 1024;
  World w = make_world(26, 5, {}, config);
  auto content = pattern_bytes(8'000'000, 5);
  for (int i = 1; i <= 4; ++i) serve(w, w.peer("p" + std::to_string(i)), "film", content);
  PeerNode& fetcher = w.peer("p5");
  OpId op = fetcher.engine->download(N("film"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  BOOST_TEST(bytes_held(fetcher, "film") == content);
  auto completed = fetcher.of(PeerEventKind::DownloadCompleted, op).at(0);
  BOOST_REQUIRE_EQUAL(completed.sources.size(), 4u);
  for (const auto& s : completed.sources) BOOST_TEST(s.bytes >= 256 * 1024u, s.server.str());
  BOOST_TEST(bytes_from_sources(completed) == content.size());
  // Every server saw one connection, many D on it, one digest computed.
  for (int i = 1; i <= 4; ++i) {
    PeerNode& s = w.peer("p" + std::to_string(i));
    auto started = s.of(PeerEventKind::ServeStarted);
    BOOST_TEST(started.size() >= 2u);
    for (const auto& e : started) BOOST_TEST(e.conn == started[0].conn);
    BOOST_TEST(s.engine->digests_computed() == 1u);
  }
  // Four sources at the world's per-connection rate: well under half the single-source time.
  PeerConfig single;
  World w1 = make_world(26, 2, {}, single);
  serve(w1, w1.peer("p1"), "film", content);
  OpId op1 = w1.peer("p2").engine->download(N("film"), w1.now());
  const PeerEvent* done1 = w1.finish(w1.peer("p2"), op1);
  BOOST_REQUIRE(done1 && done1->ok);
  double ratio = to_seconds(completed.duration) / to_seconds(w1.peer("p2").of(PeerEventKind::DownloadCompleted, op1)[0].duration);
  BOOST_TEST(ratio < 0.4, "multi/single duration ratio " << ratio);
}

BOOST_AUTO_TEST_CASE(a_server_whose_f_disagrees_is_dropped_and_the_download_starts_again) {
  PeerConfig config;
  config.sources = 2;
  config.piece_size = 100'000;
  World w = make_world(27, 5, {}, config);
  auto content = pattern_bytes(1'000'000, 6);
  auto forged = content;
  forged[500'000] ^= 0xFF;  // same size, other bytes, so its F carries another digest
  serve(w, w.peer("p1"), "doc", content);
  serve(w, w.peer("p2"), "doc", content);
  serve(w, w.peer("p3"), "doc", content);
  serve(w, w.peer("p4"), "doc", forged);  // the newest: least-used offers it first
  PeerNode& fetcher = w.peer("p5");
  OpId op = fetcher.engine->download(N("doc"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  BOOST_TEST(bytes_held(fetcher, "doc") == content);
  bool disagreement = false;
  for (const auto& e : fetcher.of(PeerEventKind::DownloadAttemptFailed, op))
    disagreement |= e.detail.find("F disagrees") != std::string::npos;
  BOOST_TEST(disagreement);
  BOOST_TEST(fetcher.of(PeerEventKind::DownloadCompleted, op).at(0).server != N("p4"));
}

BOOST_AUTO_TEST_CASE(content_that_changes_while_served_is_never_kept) {
  World w = make_world(28, 4);
  auto content = pattern_bytes(4'000'000, 7);
  serve(w, w.peer("p1"), "film", content);
  serve(w, w.peer("p2"), "film", content);
  serve(w, w.peer("p3"), "film", content);
  PeerNode& editor = w.peer("p3");  // the newest: chosen first
  PeerNode& fetcher = w.peer("p4");
  OpId op = fetcher.engine->download(N("film"), w.now());
  w.run_until([&] { return editor.engine->active_uploads() > 0; });
  w.run_for(std::chrono::milliseconds(100));
  editor.store.overwrite(N("film"), 3'000'000, pattern_bytes(500'000, 8));
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  BOOST_TEST(bytes_held(fetcher, "film") == content);  // no mix of versions
  BOOST_TEST(editor.of(PeerEventKind::ServeFailed).at(0).detail == "film changed while being served");
}

BOOST_AUTO_TEST_CASE(multi_source_under_loss_still_verifies) {
  NetworkConditions lossy;
  lossy.datagram_loss = 0.2;
  lossy.segment_loss = 0.2;
  PeerConfig config;
  config.sources = 3;
  config.piece_size = 64 * 1024;
  World w = make_world(29, 6, lossy, config);
  auto content = pattern_bytes(2'000'000, 9);
  for (int i = 1; i <= 3; ++i) serve(w, w.peer("p" + std::to_string(i)), "film", content);
  for (int i = 4; i <= 6; ++i) {
    PeerNode& p = w.peer("p" + std::to_string(i));
    const PeerEvent* done = w.finish(p, p.engine->download(N("film"), w.now()));
    BOOST_REQUIRE(done);
    BOOST_TEST(done->ok, p.name << ": " << done->detail);
    BOOST_TEST(bytes_held(p, "film") == content);
  }
}

BOOST_AUTO_TEST_CASE(a_piece_cut_short_past_the_hashed_prefix_is_kept_and_the_download_completes) {
  // Two sources: the server of the second piece dies after its first C, while the first piece is
  // still on its way. What it sent lies past the hashed prefix, so it is hashed later, once the
  // first piece is in: it must be kept with the received ranges, or the download never ends.
  PeerConfig config;
  config.sources = 2;
  config.piece_size = 256 * 1024;
  World w = make_world(31, 4, {}, config);
  auto content = pattern_bytes(1'000'000, 11);
  for (int i = 1; i <= 3; ++i) serve(w, w.peer("p" + std::to_string(i)), "film", content);
  PeerNode& fetcher = w.peer("p4");
  OpId op = fetcher.engine->download(N("film"), w.now());
  PeerNode* second = nullptr;  // the server of the piece at 262144
  BOOST_REQUIRE(w.run_until([&] {
    for (const PeerEvent& e : fetcher.of(PeerEventKind::PduReceived, op))
      if (e.pdu == 'C' && second != nullptr && e.server == N(second->name)) return true;
    for (int i = 1; i <= 3 && second == nullptr; ++i)
      for (const PeerEvent& e : w.peer("p" + std::to_string(i)).of(PeerEventKind::ServeStarted))
        if (e.detail == "offset=262144") second = &w.peer("p" + std::to_string(i));
    return false;
  }));
  BOOST_REQUIRE(fetcher.of(PeerEventKind::DownloadCompleted, op).empty());
  w.crash(*second, true);
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  BOOST_TEST(bytes_held(fetcher, "film") == content);
  auto resumed = fetcher.of(PeerEventKind::DownloadResumed, op);
  BOOST_REQUIRE_EQUAL(resumed.size(), 1u);
  BOOST_TEST(resumed[0].bytes > 262144u);  // the rest of the piece, after the bytes kept
  BOOST_TEST(resumed[0].bytes < 524288u);
}

BOOST_AUTO_TEST_CASE(serving_never_hashes_what_was_just_verified) {
  World w = make_world(30, 3);
  auto content = pattern_bytes(500'000, 10);
  serve(w, w.peer("p1"), "song", content);
  PeerNode& middle = w.peer("p2");
  BOOST_REQUIRE(w.finish(middle, middle.engine->download(N("song"), w.now()))->ok);
  BOOST_TEST((middle.engine->known_digest(N("song")) == Sha256::of(content)));
  PeerNode& last = w.peer("p3");
  BOOST_REQUIRE(w.finish(last, last.engine->download(N("song"), w.now()))->ok);  // from p2, the newest
  BOOST_TEST(middle.of(PeerEventKind::ServeCompleted).size() == 1u);
  BOOST_TEST(middle.engine->digests_computed() == 0u);
  BOOST_TEST(bytes_held(last, "song") == content);
}

BOOST_AUTO_TEST_CASE(junk_registrations_cost_the_first_requesters_only) {
  PeerConfig config;
  config.connect_timeout = std::chrono::milliseconds(200);
  World w = make_world(31, 6, {}, config);
  auto content = pattern_bytes(100'000, 11);
  serve(w, w.peer("p1"), "song", content);
  // One host registers 20 servers of song at 20 ports where nothing listens (at one address they
  // would be one entry: index_server_test).
  const Endpoint junk_host = *Endpoint::parse("10.0.0.99:40000");
  for (int i = 0; i < 20; ++i) {
    pdu::Register r{N("junk" + std::to_string(i)), N("song"), *Endpoint::parse("0.0.0.0:" + std::to_string(1 + i))};
    auto reply = w.index_datagram(junk_host, encode(UdpRequest{r}));
    BOOST_REQUIRE(reply);
  }
  std::vector<std::size_t> failures;
  for (int i = 2; i <= 6; ++i) {
    PeerNode& p = w.peer("p" + std::to_string(i));
    OpId op = p.engine->download(N("song"), w.now());
    w.finish(p, op);
    failures.push_back(p.of(PeerEventKind::DownloadAttemptFailed, op).size());
  }
  // Each junk server fails two requesters at most before it is offered last: from then on a
  // download goes straight to a real server.
  BOOST_TEST(failures.back() == 0u);
  BOOST_TEST(failures.at(3) == 0u);
  std::size_t total = 0;
  for (auto f : failures) total += f;
  BOOST_TEST(total <= 40u);
  BOOST_TEST(bytes_held(w.peer("p6"), "song") == content);
}

BOOST_AUTO_TEST_CASE(a_server_that_streams_for_ever_is_stopped_at_the_download_limit) {
  PeerConfig config;
  config.max_download_size = 1'000'000;
  World w = make_world(32, 2, {}, config);
  PeerNode& liar = w.peer("p1");
  liar.store.add_synthetic(N("endless"), 1'000'000'000ull);  // far more than the fetcher accepts
  BOOST_REQUIRE(w.finish(liar, liar.engine->register_content(N("endless"), w.now()))->ok);
  PeerNode& fetcher = w.peer("p2");
  OpId op = fetcher.engine->download(N("endless"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  auto failed = fetcher.of(PeerEventKind::DownloadAttemptFailed, op);
  BOOST_REQUIRE(!failed.empty());
  BOOST_TEST(failed[0].detail.find("1000000-byte limit") != std::string::npos, failed[0].detail);
  BOOST_TEST(to_seconds(done->time) < 1.0);  // stopped after about a megabyte, not a gigabyte
}
