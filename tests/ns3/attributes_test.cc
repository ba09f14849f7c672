// SPDX-License-Identifier: GPL-2.0-only
// The applications' attributes in ns-3's terms: TypeIds of their own group, closed choices as
// EnumValues, malformed text refused when it is set (not when the application starts), and the
// random streams the helpers assign.
#include <boost/test/unit_test.hpp>

#include "apps/ns3/index-server-application.h"
#include "apps/ns3/index-server-helper.h"
#include "apps/ns3/peer-application.h"
#include "apps/ns3/peer-helper.h"

#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/node-container.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

using namespace ns3;

BOOST_AUTO_TEST_CASE(type_ids_live_in_their_own_namespace_and_group) {
  for (const char* name : {"ns3::p2p::PeerApplication", "ns3::p2p::IndexServerApplication"}) {
    TypeId tid;
    BOOST_REQUIRE(TypeId::LookupByNameFailSafe(name, &tid));
    BOOST_TEST(tid.GetGroupName() == "P2pTestbed");
    BOOST_TEST(tid.GetParent() == TypeId::LookupByName("ns3::Application"));
  }
  TypeId peer = PeerApplication::GetTypeId();
  for (const char* source : {"Event", "PduSent", "PduReceived", "DownloadStarted", "DownloadCompleted",
                             "DownloadFailed", "Registered", "Deregistered"})
    BOOST_TEST(peer.LookupTraceSourceByName(source) != nullptr, source);
}

BOOST_AUTO_TEST_CASE(the_policy_is_an_enum_value) {
  auto index = CreateObject<IndexServerApplication>();
  BOOST_TEST(!index->SetAttributeFailSafe("Policy", StringValue("bogus")));
  BOOST_TEST(index->SetAttributeFailSafe("Policy", StringValue("round-robin")));
  EnumValue policy;
  index->GetAttribute("Policy", policy);
  BOOST_TEST(policy.Get() == IndexServerApplication::ROUND_ROBIN);
  BOOST_TEST(index->SetAttributeFailSafe("Policy", EnumValue(IndexServerApplication::RANDOM)));
  StringValue text;
  index->GetAttribute("Policy", text);
  BOOST_TEST(text.Get() == "random");
  BOOST_TEST(!Config::SetDefaultFailSafe("ns3::p2p::IndexServerApplication::Policy", StringValue("bogus")));
}

BOOST_AUTO_TEST_CASE(malformed_content_text_is_refused_when_set) {
  auto peer = CreateObject<PeerApplication>();
  for (const char* held : {"garbage", "song", "song:12x", "song:", "averylongname:12", "a:1,,b:2"})
    BOOST_TEST(!peer->SetAttributeFailSafe("HeldContent", StringValue(held)), held);
  for (const char* held : {"", "song:1048576", "song:1, video:5000000"})
    BOOST_TEST(peer->SetAttributeFailSafe("HeldContent", StringValue(held)), held);
  BOOST_TEST(!peer->SetAttributeFailSafe("FetchContent", StringValue("a,,b")));
  BOOST_TEST(!peer->SetAttributeFailSafe("FetchContent", StringValue("elevenbytes")));
  BOOST_TEST(peer->SetAttributeFailSafe("FetchContent", StringValue("song,video")));
  BOOST_TEST(!peer->SetAttributeFailSafe("PeerName", StringValue("averylongname")));
  BOOST_TEST(!peer->SetAttributeFailSafe("PeerName", StringValue("a b")));
  BOOST_TEST(peer->SetAttributeFailSafe("PeerName", StringValue("alice")));
  // The defaults, as a command line would set them.
  BOOST_TEST(!Config::SetDefaultFailSafe("ns3::p2p::PeerApplication::HeldContent", StringValue("garbage")));
  BOOST_TEST(!Config::SetDefaultFailSafe("ns3::p2p::PeerApplication::FetchContent", StringValue("a,,b")));
}

BOOST_AUTO_TEST_CASE(helpers_assign_one_stream_per_application) {
  NodeContainer nodes(3);
  IndexServerHelper index;
  index.Install(nodes.Get(0));
  PeerHelper peers(Ipv4Address("10.0.0.1"));
  peers.Install(NodeContainer(nodes.Get(1), nodes.Get(2)), "p");
  BOOST_TEST(index.AssignStreams(nodes, 10) == 1);
  BOOST_TEST(peers.AssignStreams(nodes, 11) == 2);
  BOOST_TEST(peers.AssignStreams(NodeContainer(nodes.Get(0)), 11) == 0);
  Simulator::Destroy();
}
