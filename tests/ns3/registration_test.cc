// SPDX-License-Identifier: GPL-2.0-only
// A peer's dealings with the index over a simulated LAN: R at start, T on request, O listing,
// and a graceful quit that withdraws everything.
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"

#include "ns3/simulator.h"
#include "ns3/string.h"

using namespace p2p;
using namespace p2p::ns3test;
using ns3::Seconds;

BOOST_AUTO_TEST_CASE(held_content_is_registered_at_the_peer_address) {
  LanFixture lan({.peers = 1});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:100000,video:200000"));
  auto seed = lan.install_peer(0, "seed");
  lan.run_until(Seconds(2));

  std::string at = entry("seed", lan.peer_ip(0));
  BOOST_TEST(servers_of(*lan.index(), "song") == std::vector<std::string>{at});
  BOOST_TEST(servers_of(*lan.index(), "video") == std::vector<std::string>{at});
  BOOST_TEST(lan.events_of("seed", PeerEventKind::Registered).size() == 2u);
  BOOST_TEST(seed->GetRegisteredContent() == (std::vector<std::string>{"song", "video"}));
}

BOOST_AUTO_TEST_CASE(deregister_removes_the_entry) {
  LanFixture lan({.peers = 1});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:100000,video:200000"));
  auto seed = lan.install_peer(0, "seed");
  ns3::Simulator::Schedule(Seconds(1), &ns3::PeerApplication::Deregister, seed, std::string("song"));
  lan.run_until(Seconds(3));

  BOOST_TEST(servers_of(*lan.index(), "song").empty());
  BOOST_TEST(servers_of(*lan.index(), "video").size() == 1u);
  auto gone = lan.events_of("seed", PeerEventKind::Deregistered);
  BOOST_REQUIRE(gone.size() == 1u);
  BOOST_TEST(gone[0].content.str() == "song");
}

BOOST_AUTO_TEST_CASE(list_online_names_every_registered_content) {
  LanFixture lan({.peers = 3});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000"));
  lan.install_peer(0, "a");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("video:1000,book:1000"));
  lan.install_peer(1, "b");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  auto asker = lan.install_peer(2, "c");
  ns3::Simulator::Schedule(Seconds(1), &ns3::PeerApplication::ListOnline, asker);
  lan.run_until(Seconds(3));

  auto answers = lan.events_of("c", PeerEventKind::ListAnswered);
  BOOST_REQUIRE(answers.size() == 1u);
  std::vector<std::string> names;
  for (const auto& n : answers[0].names) names.push_back(n.str());
  BOOST_TEST(names == (std::vector<std::string>{"book", "song", "video"}));  // the index's name order
}

BOOST_AUTO_TEST_CASE(leave_time_withdraws_every_entry_and_stops_serving) {
  LanFixture lan({.peers = 2});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000,video:1000"));
  lan.peers().SetAttribute("LeaveTime", ns3::TimeValue(Seconds(2)));
  auto leaver = lan.install_peer(0, "leaver");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("book:1000"));
  lan.peers().SetAttribute("LeaveTime", ns3::TimeValue(Seconds(0)));
  lan.install_peer(1, "stayer");
  lan.run_until(Seconds(5));

  BOOST_TEST(servers_of(*lan.index(), "song").empty());
  BOOST_TEST(servers_of(*lan.index(), "video").empty());
  BOOST_TEST(servers_of(*lan.index(), "book").size() == 1u);  // other peers are untouched
  auto quit = lan.events_of("leaver", PeerEventKind::QuitCompleted);
  BOOST_REQUIRE(quit.size() == 1u);
  BOOST_TEST(quit[0].ok);
  BOOST_TEST(!leaver->IsRunning());
  BOOST_TEST(leaver->GetRegisteredContent().empty());
}

BOOST_AUTO_TEST_CASE(a_peer_that_left_is_no_longer_served_from) {
  LanFixture lan({.peers = 2});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000"));
  lan.peers().SetAttribute("LeaveTime", ns3::TimeValue(Seconds(1)));
  lan.install_peer(0, "leaver");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("LeaveTime", ns3::TimeValue(Seconds(0)));
  auto fetcher = lan.install_peer(1, "fetcher");
  ns3::Simulator::Schedule(Seconds(3), &ns3::PeerApplication::Download, fetcher, std::string("song"));
  lan.run_until(Seconds(12));
  // The index no longer knows a server: the download asks again for the empty-swarm wait (10 s)...
  BOOST_TEST(fetcher->GetFailedDownloads() == 0u);
  lan.run_until(Seconds(16));
  // ... then fails, without a connection.
  BOOST_TEST(fetcher->GetFailedDownloads() == 1u);
  BOOST_TEST(lan.events_of("fetcher", PeerEventKind::DownloadAttemptFailed).empty());
}
