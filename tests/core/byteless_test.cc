// SPDX-License-Identifier: GPL-2.0-only
// The byte-less content mode (content.h, PeerConfig::byteless): content moves as sizes, a
// content's identity stands for its bytes, ranges and sizes are still checked, and a download is
// verified by identity: a server whose F does not match the content's identity is refused.
#include <boost/test/unit_test.hpp>

#include "model/content_identity.h"
#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

constexpr std::uint64_t kRunSeed = 77;
constexpr std::uint64_t kSize = 4'000'000;

PeerConfig byteless_config() {
  PeerConfig config;
  config.byteless = true;
  return config;
}

// A world of byte-less peers p1..pn whose stores share one catalogue holding "film" of kSize.
struct BytelessWorld {
  ContentIdentities identities{kRunSeed};
  World w;

  BytelessWorld(std::uint64_t seed, int peers, PeerConfig config = byteless_config()) : w(seed) {
    identities.add(N("film"), kSize);
    w.add_index(default_index_endpoint());
    for (int i = 1; i <= peers; ++i) {
      PeerNode& p = w.add_peer("p" + std::to_string(i), "10.0.0." + std::to_string(10 + i), config);
      p.store = MemoryStore(MemoryStore::Keep::Identity, kRunSeed, &identities);
    }
  }
  // `p` holds "film" (of `size` bytes, made from the run seed `run_seed`) and registers it.
  void seed(PeerNode& p, std::uint64_t size = kSize, std::uint64_t run_seed = kRunSeed) {
    if (run_seed == kRunSeed) {
      p.store.add_synthetic(N("film"), size);
    } else {
      MemoryStore other(MemoryStore::Keep::Regenerate, run_seed);  // same name, other bytes
      other.add_synthetic(N("film"), size);
      p.store.add_bytes(N("film"), [&] {
        std::vector<std::uint8_t> bytes(size);
        other.open(N("film"))->read(0, bytes);
        return bytes;
      }());
    }
    BOOST_REQUIRE(w.finish(p, p.engine->register_content(N("film"), w.now()))->ok);
  }
};

std::uint64_t bytes_from_sources(const PeerEvent& completed) {
  std::uint64_t sum = 0;
  for (const auto& s : completed.sources) sum += s.bytes;
  return sum;
}

// Stream bytes the peer received, frames' headers and payloads as they crossed the wire.
std::uint64_t c_payload_received(const PeerNode& p) {
  std::uint64_t sum = 0;
  for (const auto& e : p.events)
    if (e.kind == PeerEventKind::PduReceived && e.pdu == 'C') sum += e.bytes - kFrameHeaderSize;
  return sum;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_byteless_download_completes_verified_by_identity_and_is_served_onwards) {
  BytelessWorld bw(41, 3);
  World& w = bw.w;
  bw.seed(w.peer("p1"));
  PeerNode& b = w.peer("p2");
  const PeerEvent* done = w.finish(b, b.engine->download(N("film"), w.now()));
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  const auto completed = b.of(PeerEventKind::DownloadCompleted).at(0);
  BOOST_TEST(completed.bytes == kSize);
  BOOST_TEST(completed.detail == "verified by identity");
  BOOST_TEST(c_payload_received(b) == kSize);  // every range counted, each once
  BOOST_TEST(b.store.holds(N("film")));
  BOOST_TEST(b.store.bytes_of(N("film")) == nullptr);  // no memory per byte
  // Nobody hashed anything: the server's F came from the identity, the downloader matched it.
  BOOST_TEST(w.peer("p1").engine->digests_computed() == 0u);
  BOOST_TEST(*b.engine->known_digest(N("film")) == bw.identities.find(N("film"))->digest);
  // The kept content is served onwards under the same identity.
  PeerNode& c = w.peer("p3");
  w.crash(w.peer("p1"), true);
  const PeerEvent* again = w.finish(c, c.engine->download(N("film"), w.now()));
  BOOST_REQUIRE(again);
  BOOST_TEST(again->ok, again->detail);
  BOOST_TEST(c.of(PeerEventKind::DownloadCompleted).at(0).server == N("p2"));
}

BOOST_AUTO_TEST_CASE(the_identity_is_the_digest_of_the_synthetic_bytes) {
  ContentIdentities ids(kRunSeed);
  ids.add(N("film"), 100'003);
  const ContentIdentity* id = ids.find(N("film"));
  BOOST_REQUIRE(id);
  std::vector<std::uint8_t> bytes(100'003);
  SyntheticSource(synthetic_seed(kRunSeed, N("film")), bytes.size()).read(0, bytes);
  BOOST_TEST(id->digest == Sha256::of(bytes));
  BOOST_TEST(id->size == 100'003u);
  BOOST_TEST(ids.find(N("song")) == nullptr);
}

BOOST_AUTO_TEST_CASE(a_server_with_the_wrong_size_is_refused) {
  BytelessWorld bw(42, 2);
  World& w = bw.w;
  bw.seed(w.peer("p1"), kSize - 1);  // its F says a size the content does not have
  PeerNode& b = w.peer("p2");
  const PeerEvent* done = w.finish(b, b.engine->download(N("film"), w.now()));
  BOOST_REQUIRE(done);
  BOOST_TEST(!done->ok);
  BOOST_TEST(b.of(PeerEventKind::DownloadCompleted).empty());
  BOOST_TEST(!b.store.holds(N("film")));
  auto failed = b.of(PeerEventKind::DownloadAttemptFailed);
  BOOST_REQUIRE(!failed.empty());
  BOOST_TEST(failed[0].detail.find("identity mismatch") != std::string::npos, failed[0].detail);
}

BOOST_AUTO_TEST_CASE(a_server_with_other_bytes_of_the_right_size_is_refused_and_another_serves) {
  BytelessWorld bw(43, 3);
  World& w = bw.w;
  bw.seed(w.peer("p1"));
  bw.seed(w.peer("p2"), kSize, kRunSeed + 1);  // the newest: asked first; its F carries another digest
  PeerNode& b = w.peer("p3");
  const PeerEvent* done = w.finish(b, b.engine->download(N("film"), w.now()));
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  auto failed = b.of(PeerEventKind::DownloadAttemptFailed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(failed[0].server == N("p2"));
  BOOST_TEST(failed[0].detail.find("identity mismatch") != std::string::npos, failed[0].detail);
  BOOST_TEST(b.of(PeerEventKind::DownloadCompleted).at(0).server == N("p1"));
}

BOOST_AUTO_TEST_CASE(a_byteless_range_past_the_end_is_refused_by_the_server) {
  BytelessWorld bw(44, 1);
  World& w = bw.w;
  bw.seed(w.peer("p1"));
  RawClient& raw = w.raw_connect(w.peer("p1"));
  w.run_for(std::chrono::milliseconds(10));
  w.raw_send(raw, encode_frame(pdu::DownloadRequest{N("x"), N("film"), kSize - 10, 11}));
  w.run_for(std::chrono::milliseconds(50));
  BOOST_REQUIRE(raw.received.size() >= kFrameHeaderSize);
  BOOST_TEST(raw.received[0] == 'E');
  // The last ten bytes come as one C header of length 10 (no payload), then the F.
  RawClient& ok = w.raw_connect(w.peer("p1"));
  w.run_for(std::chrono::milliseconds(10));
  w.raw_send(ok, encode_frame(pdu::DownloadRequest{N("y"), N("film"), kSize - 10, 10}));
  w.run_for(std::chrono::milliseconds(50));
  const Bytes expected_c = {'C', 0x00, 0x0A};
  BOOST_REQUIRE(ok.received.size() == kFrameHeaderSize + kFrameHeaderSize + 40);
  BOOST_TEST(Bytes(ok.received.begin(), ok.received.begin() + 3) == expected_c);
  BOOST_TEST(ok.received[3] == 'F');
}

BOOST_AUTO_TEST_CASE(a_byteless_server_crash_mid_transfer_resumes_from_the_bytes_held) {
  BytelessWorld bw(45, 3);
  World& w = bw.w;
  bw.seed(w.peer("p1"));
  bw.seed(w.peer("p2"));
  PeerNode& fetcher = w.peer("p3");
  OpId op = fetcher.engine->download(N("film"), w.now());
  PeerNode& first = w.peer("p2");  // least-used's tie goes to the newest
  w.run_until([&] { return first.engine->active_uploads() > 0; });
  w.run_for(std::chrono::milliseconds(150));  // about half of the content at 100 Mbit/s
  w.crash(first, true);
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  auto resumed = fetcher.of(PeerEventKind::DownloadResumed, op);
  BOOST_REQUIRE_EQUAL(resumed.size(), 1u);
  BOOST_TEST(resumed[0].server == N("p1"));
  BOOST_TEST(resumed[0].bytes > 1'000'000u);
  BOOST_TEST(resumed[0].bytes < 3'000'000u);
  auto completed = fetcher.of(PeerEventKind::DownloadCompleted, op).at(0);
  BOOST_TEST(completed.detail == "verified by identity");
  BOOST_TEST(bytes_from_sources(completed) == kSize);  // nothing fetched twice
  BOOST_REQUIRE_EQUAL(completed.sources.size(), 2u);
  BOOST_TEST(completed.sources[0].bytes == resumed[0].bytes);
}

BOOST_AUTO_TEST_CASE(a_byteless_multi_source_download_takes_pieces_from_four_servers) {
  PeerConfig config = byteless_config();
  config.sources = 4;
  config.piece_size = 256 * 1024;
  BytelessWorld bw(46, 5, config);
  World& w = bw.w;
  for (int i = 1; i <= 4; ++i) bw.seed(w.peer("p" + std::to_string(i)));
  PeerNode& fetcher = w.peer("p5");
  OpId op = fetcher.engine->download(N("film"), w.now());
  const PeerEvent* done = w.finish(fetcher, op);
  BOOST_REQUIRE(done);
  BOOST_TEST(done->ok, done->detail);
  auto completed = fetcher.of(PeerEventKind::DownloadCompleted, op).at(0);
  BOOST_TEST(completed.detail == "verified by identity");
  BOOST_REQUIRE_EQUAL(completed.sources.size(), 4u);
  for (const auto& s : completed.sources) BOOST_TEST(s.bytes >= 256 * 1024u, s.server.str());
  BOOST_TEST(bytes_from_sources(completed) == kSize);
  BOOST_TEST(c_payload_received(fetcher) == kSize);  // every piece once
}
