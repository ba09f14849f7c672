// SPDX-License-Identifier: GPL-2.0-only
// The applications' life cycle in ns-3's terms: stopping (ApplicationContainer::Stop) is a
// graceful quit that withdraws every registration; Crash() is the other way to go; a peer
// started again after a stop or a crash comes back with what it holds; a start while running
// is refused without an abort.
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"

#include "ns3/application-container.h"
#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>

using namespace p2p;
using namespace p2p::ns3test;
using ns3::Seconds;

namespace {

// The peers registered for a content, in name order.
std::vector<std::string> peers_of(const ns3::IndexServerApplication& index, const std::string& content) {
  std::vector<std::string> names;
  for (const auto& entry : index.GetEntries(content)) names.push_back(entry.peer);
  std::sort(names.begin(), names.end());
  return names;
}

// A peer that a test may start again, as a subclass of the module could.
class RestartablePeer : public ns3::PeerApplication {
 public:
  void StartAgain() { StartApplication(); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(stopping_the_applications_deregisters_every_peer) {
  LanFixture lan({.peers = 3});
  ns3::ApplicationContainer apps;
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000,video:2000"));
  apps.Add(lan.install_peer(0, "a"));
  apps.Add(lan.install_peer(1, "b"));
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("book:1000"));
  apps.Add(lan.install_peer(2, "c"));
  apps.Stop(Seconds(2));
  lan.run_until(Seconds(1.9));
  BOOST_TEST(lan.index()->GetEntryCount() == 5u);
  BOOST_TEST(peers_of(*lan.index(), "song") == (std::vector<std::string>{"a", "b"}));

  lan.run_until(Seconds(5));
  BOOST_TEST(lan.index()->GetEntryCount() == 0u);
  for (const char* content : {"song", "video", "book"}) BOOST_TEST(peers_of(*lan.index(), content).empty());
  for (const char* peer : {"a", "b", "c"}) {
    BOOST_TEST_CONTEXT(peer) {
      BOOST_TEST(lan.events_of(peer, PeerEventKind::QuitCompleted).size() == 1u);
      BOOST_TEST(lan.events_of(peer, PeerEventKind::Deregistered).size() == (peer[0] == 'c' ? 1u : 2u));
    }
  }
  for (std::uint32_t i = 0; i < apps.GetN(); ++i) {
    auto peer = ns3::DynamicCast<ns3::PeerApplication>(apps.Get(i));
    BOOST_TEST(!peer->IsRunning());
    BOOST_TEST(peer->GetRegisteredContent().empty());
  }
}

BOOST_AUTO_TEST_CASE(a_crash_tells_the_index_nothing) {
  LanFixture lan({.peers = 1});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000"));
  auto peer = lan.install_peer(0, "crasher");
  ns3::Simulator::Schedule(Seconds(1), &ns3::PeerApplication::Crash, peer);
  peer->SetStopTime(Seconds(2));  // stopping a crashed application does nothing more
  lan.run_until(Seconds(5));

  BOOST_TEST(!peer->IsRunning());
  BOOST_TEST(peers_of(*lan.index(), "song") == std::vector<std::string>{"crasher"});
  BOOST_TEST(lan.events_of("crasher", PeerEventKind::Deregistered).empty());
  BOOST_TEST(lan.events_of("crasher", PeerEventKind::QuitCompleted).empty());
}

namespace {

// A peer on node 1 of the LAN, started again at `restart` after `end` (a stop or a crash) at 2 s.
struct Restarted {
  LanFixture lan{{.peers = 2}};
  ns3::Ptr<RestartablePeer> peer = ns3::CreateObject<RestartablePeer>();
  ns3::Ptr<ns3::PeerApplication> fetcher;
  std::uint32_t registrations = 0;

  explicit Restarted(bool crash) {
    peer->SetAttribute("PeerName", ns3::StringValue("phoenix"));
    peer->SetAttribute("IndexAddress", ns3::AddressValue(lan.index_address()));
    peer->SetAttribute("HeldContent", ns3::StringValue("song:100000"));
    peer->AssignStreams(1);
    lan.peer_node(0)->AddApplication(peer);
    peer->TraceConnectWithoutContext(
        "Registered", ns3::Callback<void, const std::string&, const std::string&>(
                          [this](const std::string&, const std::string&) { ++registrations; }));
    if (crash) {
      ns3::Simulator::Schedule(Seconds(2), &ns3::PeerApplication::Crash, peer);
    } else {
      peer->SetStopTime(Seconds(2));
    }
    ns3::Simulator::Schedule(Seconds(4), &RestartablePeer::StartAgain, peer);
    // Downloads "song" after the restart: the restarted peer serves what it held.
    lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
    lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(5)));
    fetcher = lan.install_peer(1, "fetcher");
    lan.run_until(Seconds(10));
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_peer_started_again_after_a_stop_registers_and_serves_again) {
  Restarted r(false);
  BOOST_TEST(r.peer->IsRunning());
  BOOST_TEST(r.registrations == 2u);
  BOOST_TEST(peers_of(*r.lan.index(), "song") == (std::vector<std::string>{"fetcher", "phoenix"}));
  BOOST_TEST(r.fetcher->GetCompletedDownloads() == 1u);
}

BOOST_AUTO_TEST_CASE(a_peer_started_again_after_a_crash_registers_and_serves_again) {
  Restarted r(true);
  BOOST_TEST(r.peer->IsRunning());
  BOOST_TEST(r.registrations == 2u);  // the index still had it: the second R renews the entry
  BOOST_TEST(r.fetcher->GetCompletedDownloads() == 1u);
}

BOOST_AUTO_TEST_CASE(a_start_while_running_is_refused_without_an_abort) {
  LanFixture lan({.peers = 1});
  auto peer = ns3::CreateObject<RestartablePeer>();
  peer->SetAttribute("IndexAddress", ns3::AddressValue(lan.index_address()));
  peer->SetAttribute("HeldContent", ns3::StringValue("song:1000"));
  lan.peer_node(0)->AddApplication(peer);
  ns3::Simulator::Schedule(Seconds(1), &RestartablePeer::StartAgain, peer);
  lan.run_until(Seconds(3));

  BOOST_TEST(peer->IsRunning());
  // No PeerName: the node's id makes one up.
  BOOST_TEST(peer->GetPeerName() == "n" + std::to_string(lan.peer_node(0)->GetId()));
  BOOST_TEST(peers_of(*lan.index(), "song") == std::vector<std::string>{peer->GetPeerName()});
}

BOOST_AUTO_TEST_CASE(operations_on_a_stopped_peer_are_ignored) {
  LanFixture lan({.peers = 1});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000"));
  auto peer = lan.install_peer(0, "gone");
  peer->SetStopTime(Seconds(1));
  ns3::Simulator::Schedule(Seconds(2), &ns3::PeerApplication::Register, peer, std::string("song"));
  ns3::Simulator::Schedule(Seconds(2), &ns3::PeerApplication::Download, peer, std::string("other"));
  ns3::Simulator::Schedule(Seconds(2), &ns3::PeerApplication::Crash, peer);
  lan.run_until(Seconds(4));
  BOOST_TEST(lan.index()->GetEntryCount() == 0u);
  BOOST_TEST(lan.events_of("gone", PeerEventKind::DownloadStarted).empty());
}
