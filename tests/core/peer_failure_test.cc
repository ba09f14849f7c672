// SPDX-License-Identifier: GPL-2.0-only
// Failure paths: every one ends in a clear error or a completed download from another server,
// never in a hang, and never with unverified content kept.
#include <boost/test/unit_test.hpp>

#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

// p1 and p2 serve `content` (registered in that order), p3 fetches.
struct TwoServers {
  World w = make_world(11, 3);
  std::vector<std::uint8_t> content = pattern_bytes(2'000'000, 42);
  PeerNode& s1 = w.peer("p1");
  PeerNode& s2 = w.peer("p2");
  PeerNode& fetcher = w.peer("p3");
  TwoServers() {
    for (PeerNode* s : {&s1, &s2}) {
      s->store.add_bytes(N("big"), content);
      BOOST_REQUIRE(w.finish(*s, s->engine->register_content(N("big"), w.now()))->ok);
    }
  }
  std::vector<std::string> attempt_failures(OpId op) {
    std::vector<std::string> out;
    for (const auto& e : fetcher.of(PeerEventKind::DownloadAttemptFailed, op))
      out.push_back(e.server.str() + ": " + e.detail);
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(server_crash_mid_transfer_fails_over, TwoServers) {
  OpId op = fetcher.engine->download(N("big"), w.now());
  // least-used with a tie picks the newest: p2. Crash it once a few bytes have flowed.
  w.run_until([&] { return s2.engine->active_uploads() > 0; });
  w.run_for(20ms);
  w.crash(s2, /*connections_reset=*/true);
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  auto failures = attempt_failures(op);
  BOOST_REQUIRE_EQUAL(failures.size(), 1u);
  BOOST_TEST(failures[0].find("p2: server closed the connection") == 0u, failures[0]);
  BOOST_TEST(fetcher.of(PeerEventKind::DownloadCompleted, op)[0].server == N("p1"));
  BOOST_TEST(bytes_held(fetcher, "big") == content);
}

BOOST_FIXTURE_TEST_CASE(silent_server_stalls_then_fails_over, TwoServers) {
  OpId op = fetcher.engine->download(N("big"), w.now());
  w.run_until([&] { return s2.engine->active_uploads() > 0; });
  w.run_for(20ms);
  w.crash(s2, /*connections_reset=*/false);  // vanishes without a FIN or RST
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  BOOST_TEST(attempt_failures(op).at(0) == "p2: transfer stalled");
  BOOST_TEST(bytes_held(fetcher, "big") == content);
}

BOOST_FIXTURE_TEST_CASE(digest_mismatch_discards_and_fails_over, TwoServers) {
  w.corrupt_next_stream_byte_from(s2);
  OpId op = fetcher.engine->download(N("big"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  BOOST_TEST(attempt_failures(op).at(0).rfind("p2: SHA-256 mismatch", 0) == 0u, attempt_failures(op).at(0));
  BOOST_TEST(bytes_held(fetcher, "big") == content);  // the corrupt copy was never kept
}

BOOST_FIXTURE_TEST_CASE(crashed_server_still_registered_is_skipped, TwoServers) {
  w.crash(s2, false);  // its registration stays at the index: nobody accepts its connections
  OpId op = fetcher.engine->download(N("big"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  BOOST_TEST(attempt_failures(op).at(0) == "p2: connect timed out");
}

BOOST_FIXTURE_TEST_CASE(server_without_the_content_answers_e9, TwoServers) {
  s2.store.remove(N("big"));  // still registered, no longer held
  OpId op = fetcher.engine->download(N("big"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok);
  BOOST_TEST(attempt_failures(op).at(0).find("p2: server answered E 9 (content unavailable)") == 0u);
}

BOOST_FIXTURE_TEST_CASE(every_server_failing_ends_the_download_with_a_reason, TwoServers) {
  w.crash(s1, false);
  w.crash(s2, false);
  OpId op = fetcher.engine->download(N("big"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST(done->detail.find("E 5 (not found)") != std::string::npos, done->detail);
  BOOST_TEST(!fetcher.store.holds(N("big")));
  BOOST_TEST(fetcher.engine->registered().empty());
  BOOST_TEST(!fetcher.engine->busy());
}

BOOST_AUTO_TEST_CASE(unknown_content_is_not_found) {
  World w = make_world(12, 1);
  auto& p = w.peer("p1");
  OpId op = p.engine->download(N("nothing"), w.now());
  const PeerEvent* done = w.finish(p, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST(done->detail.find("no server for nothing") != std::string::npos, done->detail);
}

BOOST_AUTO_TEST_CASE(unreachable_index_gives_up_after_the_configured_tries) {
  PeerConfig config;
  config.udp_retry.initial_timeout = 500ms;
  config.udp_retry.max_tries = 4;
  World w = make_world(13, 1, {}, config);
  w.network().datagram_loss = 1.0;
  auto& p = w.peer("p1");
  p.store.add_bytes(N("x"), pattern_bytes(5, 1));
  OpId op = p.engine->register_content(N("x"), w.now());
  const PeerEvent* done = w.finish(p, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST(done->detail == "no answer from the index 10.0.0.1:5000 after 4 tries; trying again in 5.0 s");
  BOOST_TEST(p.of(PeerEventKind::Retransmit).size() == 3u);
  // Backoff: tries at 0, 0.5, 1.5, 3.5 s; given up at 7.5 s.
  BOOST_TEST(to_seconds(done->time) == 7.5, boost::test_tools::tolerance(1e-9));
  // The index comes up: the peer keeps trying (5 s, then 10 s between rounds) and gets registered.
  w.run_for(15s);
  w.network().datagram_loss = 0.0;
  BOOST_REQUIRE(w.run_until([&] { return p.engine->registered().count(N("x")) == 1; }, 60s));
  BOOST_TEST(w.index().registry().size() == 1u);
  BOOST_TEST(p.of(PeerEventKind::Registered).size() == 1u);
}

BOOST_AUTO_TEST_CASE(same_peer_name_from_another_host_is_refused) {
  World w = make_world(14, 0);
  auto& a = w.add_peer("same", "10.0.0.21");
  auto& b = w.add_peer("same", "10.0.0.22", {}, "same-b");
  a.store.add_bytes(N("x"), pattern_bytes(5, 1));
  b.store.add_bytes(N("x"), pattern_bytes(5, 1));
  BOOST_REQUIRE(w.finish(a, a.engine->register_content(N("x"), w.now()))->ok);
  const PeerEvent* done = w.finish(b, b.engine->register_content(N("x"), w.now()));
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST((b.of(PeerEventKind::RequestFailed).at(0).error == ErrorCode::NameTaken));
}

BOOST_AUTO_TEST_CASE(garbage_datagrams_and_streams_never_break_a_peer) {
  World w = make_world(15, 2);
  auto& a = w.peer("p1");
  auto content = pattern_bytes(50'000, 2);
  a.store.add_bytes(N("x"), content);
  // Garbage from the index's address while a request is in flight: ignored, the retry covers it.
  OpId op = a.engine->register_content(N("x"), w.now());
  for (std::vector<std::uint8_t> junk : {std::vector<std::uint8_t>{}, std::vector<std::uint8_t>{'Z'},
                                         std::vector<std::uint8_t>{'A', 1, 2}, std::vector<std::uint8_t>(300, 'S')})
    w.inject_datagram(a, w.index_endpoint(), junk);
  w.inject_datagram(a, *Endpoint::parse("10.9.9.9:5000"), {'A'});  // not the index: ignored
  BOOST_REQUIRE(w.finish(a, op)->ok);

  // A stream that is not a D gets an E and a close.
  RawClient& bad = w.raw_connect(a);
  w.raw_send(bad, {'Q', 0, 1, 0});
  w.run_for(1s);
  BOOST_REQUIRE_GE(bad.received.size(), 4u);
  BOOST_TEST(bad.received[0] == 'E');
  BOOST_TEST(bad.received[3] == 2);  // unknown type
  BOOST_TEST(bad.closed_by_peer);

  // A D for content it does not hold: E 9.
  RawClient& missing = w.raw_connect(a);
  std::vector<std::uint8_t> d = {'D', 0, 20, 'p', '9', 0, 0, 0, 0, 0, 0, 0, 0, 'n', 'o', 'p', 'e', 0, 0, 0, 0, 0, 0};
  w.raw_send(missing, d);
  w.run_for(1s);
  BOOST_REQUIRE_GE(missing.received.size(), 4u);
  BOOST_TEST(missing.received[0] == 'E');
  BOOST_TEST(missing.received[3] == 9);

  // Half a D, then silence: the connection is dropped after the request timeout.
  RawClient& half = w.raw_connect(a);
  w.raw_send(half, {'D', 0, 20, 'p'});
  w.run_for(15s);
  BOOST_TEST(half.closed_by_peer);
  BOOST_TEST(a.engine->active_uploads() == 0u);

  // And the peer still serves a real download.
  auto& b = w.peer("p2");
  BOOST_REQUIRE(w.finish(b, b.engine->download(N("x"), w.now()))->ok);
  BOOST_TEST(bytes_held(b, "x") == content);
}

BOOST_FIXTURE_TEST_CASE(a_full_disk_is_a_local_failure_and_a_missing_content_is_not, TwoServers) {
  fetcher.store.limit_file_size(500'000);  // the 2 MB content does not fit
  OpId op = fetcher.engine->download(N("big"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST(done->detail == "cannot write big locally");
  BOOST_TEST(done->local_failure);  // the adapter names the file and the reason (ENOSPC)
  BOOST_TEST(fetcher.of(PeerEventKind::DownloadFailed, op).at(0).local_failure);
  BOOST_TEST(!fetcher.store.holds(N("big")));
  // Not this host's fault: a content no one serves.
  OpId none = fetcher.engine->download(N("nothing"), w.now());
  const PeerEvent* missing = w.finish(fetcher, none);
  BOOST_REQUIRE(missing);
  BOOST_TEST(!missing->ok);
  BOOST_TEST(!missing->local_failure);
}
