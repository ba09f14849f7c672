// SPDX-License-Identifier: GPL-2.0-only
// A crash (PeerApplication::Crash: the sockets close, no T) leaves its index entries behind;
// downloaders that meet the dead server exclude it and complete from another one.
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"

#include "ns3/simulator.h"
#include "ns3/string.h"

using namespace p2p;
using namespace p2p::ns3test;
using ns3::Seconds;

namespace {

// Two seeds of "song"; "crashed" registers last, so the index (least-used, ties to the most
// recent) names it first.
struct TwoSeeds {
  LanFixture lan{{.peers = 3}};
  ns3::Ptr<ns3::PeerApplication> healthy;
  ns3::Ptr<ns3::PeerApplication> crashed;
  ns3::Ptr<ns3::PeerApplication> fetcher;

  TwoSeeds(std::uint64_t size, ns3::Time crash, ns3::Time fetch) {
    lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:" + std::to_string(size)));
    healthy = lan.install_peer(0, "healthy");
    crashed = lan.install_peer(1, "crashed");
    crashed->SetStartTime(Seconds(0.5));
    ns3::Simulator::Schedule(crash, &ns3::PeerApplication::Crash, crashed);
    lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
    lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
    lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(fetch));
    fetcher = lan.install_peer(2, "fetcher");
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_crashed_server_keeps_its_entries_and_is_excluded) {
  TwoSeeds s(200'000, Seconds(2), Seconds(3));
  // Nothing answers on the crashed peer's port: the fetcher's ConnectTimeout (10 s) finds out.
  s.lan.run_until(Seconds(20));

  // No T was sent: the index still lists the crashed peer.
  auto servers = servers_of(*s.lan.index(), "song");
  BOOST_TEST(std::count(servers.begin(), servers.end(), entry("crashed", s.lan.peer_ip(1))) == 1);
  BOOST_TEST(!s.crashed->IsRunning());
  BOOST_TEST(s.lan.events_of("crashed", PeerEventKind::Deregistered).empty());

  auto failed = s.lan.events_of("fetcher", PeerEventKind::DownloadAttemptFailed);
  BOOST_REQUIRE(failed.size() == 1u);
  BOOST_TEST(failed[0].server.str() == "crashed");
  auto done = s.lan.events_of("fetcher", PeerEventKind::DownloadCompleted);
  BOOST_REQUIRE(done.size() == 1u);
  BOOST_TEST(done[0].server.str() == "healthy");
  BOOST_TEST(stored_digest(*s.fetcher, "song") == stored_digest(*s.healthy, "song"));
}

BOOST_AUTO_TEST_CASE(a_crash_in_the_middle_of_a_transfer_fails_over) {
  // 5 MB take about 0.5 s at 100 Mbit/s: the server dies about half way through.
  TwoSeeds s(5'000'000, Seconds(1.25), Seconds(1));
  s.lan.run_until(Seconds(20));

  BOOST_TEST(s.lan.events_of("crashed", PeerEventKind::ServeStarted).size() == 1u);
  BOOST_TEST(s.lan.events_of("crashed", PeerEventKind::ServeCompleted).empty());
  auto failed = s.lan.events_of("fetcher", PeerEventKind::DownloadAttemptFailed);
  BOOST_REQUIRE(failed.size() == 1u);
  BOOST_TEST(failed[0].server.str() == "crashed");
  auto done = s.lan.events_of("fetcher", PeerEventKind::DownloadCompleted);
  BOOST_REQUIRE(done.size() == 1u);
  BOOST_TEST(done[0].server.str() == "healthy");
  BOOST_TEST(done[0].bytes == 5'000'000u);
  BOOST_TEST(stored_digest(*s.fetcher, "song") == stored_digest(*s.healthy, "song"));
}
