// SPDX-License-Identifier: GPL-2.0-only
// The v2 swarming attributes reach the engines: UploadSlots refuses one requester too many with
// E 11, which that requester answers with a busy round and a BusyBackoff wait; Sources and
// PieceSize split a download into pieces from several servers; DownloadDeadline gives a download
// up; the index's AssignmentTimeout closes an assignment nobody closed.
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <numeric>

using namespace p2p;
using namespace p2p::ns3test;
using ns3::MilliSeconds;
using ns3::Seconds;

namespace {

// Most ranges a peer was sending at once, from its serve_started and serve_completed/failed.
std::size_t peak_serves(const LanFixture& lan, const std::string& peer) {
  std::vector<std::pair<Time, int>> steps;
  for (const auto& ev : lan.events_of(peer, PeerEventKind::ServeStarted)) steps.emplace_back(ev.time, +1);
  for (auto kind : {PeerEventKind::ServeCompleted, PeerEventKind::ServeFailed})
    for (const auto& ev : lan.events_of(peer, kind)) steps.emplace_back(ev.time, -1);
  std::sort(steps.begin(), steps.end());  // at equal times the end (-1) first
  int now = 0, peak = 0;
  for (const auto& [time, delta] : steps) peak = std::max(peak, now += delta);
  return static_cast<std::size_t>(peak);
}

// One seed of "song" with `slots` upload slots, and two fetchers asking for it at the same time
// that keep it to themselves (no re-registration), so the seed is the only server.
struct CrowdOfTwo {
  LanFixture lan{{.peers = 3}};

  CrowdOfTwo(std::uint32_t slots, ns3::Time backoff) {
    lan.peers().SetAttribute("UploadSlots", ns3::UintegerValue(slots));
    lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:2000000"));
    lan.install_peer(0, "seed");
    lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
    lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
    lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
    lan.peers().SetAttribute("RegisterDownloads", ns3::BooleanValue(false));
    lan.peers().SetAttribute("BusyBackoff", ns3::TimeValue(backoff));
    lan.install_peer(1, "one");
    lan.install_peer(2, "two");
    lan.run_until(Seconds(15));
  }

  std::vector<PeerEvent> of_both(PeerEventKind kind) const {
    auto out = lan.events_of("one", kind);
    auto more = lan.events_of("two", kind);
    out.insert(out.end(), more.begin(), more.end());
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(one_upload_slot_makes_the_second_requester_busy_until_a_later_round) {
  const ns3::Time backoff = MilliSeconds(300);
  CrowdOfTwo crowd(1, backoff);

  // The seed refused exactly the D that came while its one slot was taken, with E 11.
  auto refused = crowd.lan.events_of("seed", PeerEventKind::ServeRefused);
  BOOST_REQUIRE(!refused.empty());
  for (const auto& ev : refused) BOOST_TEST((ev.error == ErrorCode::Busy));
  BOOST_TEST(peak_serves(crowd.lan, "seed") == 1u);

  auto busy = crowd.of_both(PeerEventKind::ServerBusy);
  BOOST_REQUIRE(busy.size() == refused.size());
  BOOST_TEST(busy[0].server.str() == "seed");
  auto rounds = crowd.of_both(PeerEventKind::RoundStarted);
  BOOST_REQUIRE(!rounds.empty());
  BOOST_TEST(rounds[0].detail == "round 2");
  // Round 2 starts one busy backoff (+-25% jitter) after the busy answer, plus an S and its E 5.
  double waited = to_seconds(rounds[0].time - busy[0].time);
  BOOST_TEST(waited >= 0.75 * backoff.GetSeconds());
  BOOST_TEST(waited <= 1.25 * backoff.GetSeconds() + 0.05);

  // Both complete, from the seed, one after the other.
  auto done = crowd.of_both(PeerEventKind::DownloadCompleted);
  BOOST_REQUIRE(done.size() == 2u);
  for (const auto& ev : done) {
    BOOST_TEST(ev.server.str() == "seed");
    BOOST_REQUIRE(ev.sources.size() == 1u);
    BOOST_TEST(ev.sources[0].bytes == 2'000'000u);
  }
  BOOST_TEST(crowd.of_both(PeerEventKind::DownloadFailed).empty());
}

BOOST_AUTO_TEST_CASE(unlimited_upload_slots_serve_both_requesters_at_once) {
  CrowdOfTwo crowd(0, MilliSeconds(300));
  BOOST_TEST(crowd.lan.events_of("seed", PeerEventKind::ServeRefused).empty());
  BOOST_TEST(crowd.of_both(PeerEventKind::ServerBusy).empty());
  BOOST_TEST(crowd.of_both(PeerEventKind::RoundStarted).empty());
  BOOST_TEST(peak_serves(crowd.lan, "seed") == 2u);
  BOOST_TEST(crowd.of_both(PeerEventKind::DownloadCompleted).size() == 2u);
}

BOOST_AUTO_TEST_CASE(sources_and_piece_size_split_a_download_over_two_servers) {
  LanFixture lan({.peers = 3});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000000"));
  auto seed = lan.install_peer(0, "seedA");
  lan.install_peer(1, "seedB");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  lan.peers().SetAttribute("Sources", ns3::UintegerValue(2));
  lan.peers().SetAttribute("PieceSize", ns3::UintegerValue(100'000));
  auto fetcher = lan.install_peer(2, "fetcher");
  lan.run_until(Seconds(10));

  auto done = lan.events_of("fetcher", PeerEventKind::DownloadCompleted);
  BOOST_REQUIRE(done.size() == 1u);
  BOOST_REQUIRE(done[0].sources.size() == 2u);
  std::uint64_t total = 0;
  for (const auto& s : done[0].sources) {
    BOOST_TEST(s.bytes > 0u);
    total += s.bytes;
  }
  BOOST_TEST(total == 1'000'000u);  // no loss: every byte came once
  BOOST_TEST(lan.events_of("fetcher", PeerEventKind::SourceAdded).size() == 2u);
  BOOST_TEST(stored_digest(*fetcher, "song") == stored_digest(*seed, "song"));

  // Ten pieces of 100,000 bytes, and one D of length 0 for size and digest.
  std::vector<std::uint64_t> ranges;
  for (const char* server : {"seedA", "seedB"})
    for (const auto& ev : lan.events_of(server, PeerEventKind::ServeStarted)) ranges.push_back(ev.bytes);
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::uint64_t> expected(11, 100'000);
  expected[0] = 0;
  BOOST_TEST(ranges == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_download_deadline_gives_the_download_up) {
  LanFixture lan({.peers = 2});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("film:5000000"));
  lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("film"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  // 5 MB take about 0.45 s at 100 Mbit/s.
  lan.peers().SetAttribute("DownloadDeadline", ns3::TimeValue(MilliSeconds(100)));
  auto fetcher = lan.install_peer(1, "fetcher");
  lan.run_until(Seconds(5));

  BOOST_TEST(fetcher->GetCompletedDownloads() == 0u);
  auto failed = lan.events_of("fetcher", PeerEventKind::DownloadFailed);
  BOOST_REQUIRE(failed.size() == 1u);
  BOOST_TEST(failed[0].detail.find("deadline") != std::string::npos, failed[0].detail);
  BOOST_TEST(to_seconds(failed[0].duration) == 0.1, boost::test_tools::tolerance(1e-6));
  BOOST_REQUIRE(failed[0].sources.size() == 1u);
  BOOST_TEST(failed[0].sources[0].bytes > 0u);
  BOOST_TEST(failed[0].sources[0].bytes < 5'000'000u);
}

namespace {

// Open assignments at the index 5 s after a fetcher that never registers (nor searches again) was
// sent to the seed; a late peer's R at 5 s lets the index look at the clock.
std::size_t open_assignments_after(ns3::Time assignment_timeout) {
  LanFixture lan({.peers = 3});
  lan.index()->SetAttribute("AssignmentTimeout", ns3::TimeValue(assignment_timeout));
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:100000"));
  lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("other:1000"));
  lan.install_peer(1, "late")->SetStartTime(Seconds(5));
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  lan.peers().SetAttribute("RegisterDownloads", ns3::BooleanValue(false));
  lan.install_peer(2, "fetcher");
  lan.run_until(Seconds(6));
  BOOST_REQUIRE(lan.events_of("fetcher", PeerEventKind::DownloadCompleted).size() == 1u);
  BOOST_REQUIRE(lan.events_of("late", PeerEventKind::Registered).size() == 1u);
  return ns3::IndexServerApplicationInternal::GetRegistry(*lan.index()).open_assignments();
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_assignment_timeout_closes_an_assignment_left_open) {
  BOOST_TEST(open_assignments_after(Seconds(60)) == 1u);
  BOOST_TEST(open_assignments_after(Seconds(2)) == 0u);
}

namespace {

// A fetcher of 600 kB behind a 64 kbit/s LAN (8 kB/s: 75 s), served by a seed that asks
// `min_rate` of its requesters over 5 s windows. The seed's TCP send buffer (128 KiB) takes the
// first window's bytes at once; from then on the seed hands over bytes at the reader's pace.
struct SlowLan {
  LanFixture lan{{.peers = 2, .data_rate = "64kbps"}};

  explicit SlowLan(const std::string& min_rate) {
    lan.peers().SetAttribute("ServeMinRate", ns3::DataRateValue(ns3::DataRate(min_rate)));
    lan.peers().SetAttribute("ServeRateWindow", ns3::TimeValue(Seconds(5)));
    lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:600000"));
    lan.install_peer(0, "seed");
    lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
    lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
    lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
    lan.install_peer(1, "fetcher");
    lan.run_until(Seconds(100));
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(serve_min_rate_keeps_a_slow_reader_above_it_and_drops_one_below) {
  {
    SlowLan above("16kbps");  // 2 kB/s asked, 8 kB/s read
    BOOST_TEST(above.lan.events_of("fetcher", PeerEventKind::DownloadCompleted).size() == 1u);
    BOOST_TEST(above.lan.events_of("seed", PeerEventKind::ServeFailed).empty());
  }
  SlowLan below("128kbps");  // 16 kB/s asked, 8 kB/s read
  auto failed = below.lan.events_of("seed", PeerEventKind::ServeFailed);
  BOOST_REQUIRE(!failed.empty());
  BOOST_TEST(failed[0].detail.find("requester reads too slowly") == 0u, failed[0].detail);
  // Each connection is dropped; the requester, told nothing but a close, asks again after the
  // empty-swarm backoff (a server that closed may be back) and resumes from the bytes it holds.
  auto resumed = below.lan.events_of("fetcher", PeerEventKind::DownloadResumed);
  BOOST_REQUIRE(!resumed.empty());
  BOOST_TEST(resumed[0].bytes > 0u);
}
