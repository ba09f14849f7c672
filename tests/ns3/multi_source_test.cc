// SPDX-License-Identifier: GPL-2.0-only
// Multi-source downloads in simulation: a downloader whose downlink is four times each server's
// uplink gets the content from four servers at once in at most 0.35x the time one server needs,
// and the bytes are the seeds' bytes (SHA-256 verified by the sink, compared here again).
//
// The world is a star built by hand: a router, and one full-duplex link of its own per host (the
// index, the downloader at 10 Mbit/s, four seeds at 2.5 Mbit/s, 1 ms each way), so that every
// host has its own rate. The links are ns-3's SimpleNetDevice in point-to-point mode (in the
// network module, which these tests link; CSMA would be half duplex, the ACKs taking a share of
// every link, and the four flows colliding on the downloader's).
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"  // stored_digest

#include "apps/ns3/index-server-helper.h"
#include "apps/ns3/p2p-address-conversion.h"

#include "model/event_format.h"

#include "ns3/config.h"
#include "ns3/data-rate.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simple-net-device-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <numeric>
#include <sstream>

using namespace p2p;
using namespace p2p::ns3test;
using ns3::Seconds;

namespace {

constexpr std::uint64_t kSize = 2'000'000;
constexpr std::uint64_t kPieceSize = 128 * 1024;
constexpr double kDownlinkBps = 10e6;
constexpr double kUplinkBps = kDownlinkBps / 4;
constexpr std::uint32_t kServers = 4;

struct Outcome {
  std::uint32_t completed = 0;
  std::uint32_t failed = 0;
  double seconds = 0;                // the download's duration, request to verification (simulated)
  std::vector<SourceShare> sources;  // as the DownloadCompleted event reports them
  bool verified = false;             // the sink's check (event detail) and the stored bytes match the seed's
  std::string why;                   // what went wrong, for the messages
};

// One download of kSize bytes with `sources` sources over the star; the simulator is destroyed
// before returning, so two worlds can run in one process.
Outcome download_with(std::uint32_t sources) {
  ns3::RngSeedManager::SetSeed(1);
  ns3::RngSeedManager::SetRun(1);
  ns3::Config::SetDefault("ns3::TcpSocket::SegmentSize", ns3::UintegerValue(1448));

  ns3::NodeContainer router(1), index(1), downloader(1), servers(kServers);
  ns3::NodeContainer hosts(index, downloader, servers);
  ns3::NodeContainer all(router, hosts);
  ns3::InternetStackHelper stack;
  stack.Install(all);
  stack.AssignStreams(all, 1000);

  ns3::Ipv4AddressHelper address;
  std::vector<ns3::Ipv4Address> ip;  // of each host, in the order of `hosts`
  for (std::uint32_t i = 0; i < hosts.GetN(); ++i) {
    bool server = i >= 2;
    ns3::SimpleNetDeviceHelper link;
    link.SetNetDevicePointToPointMode(true);
    link.SetDeviceAttribute("DataRate", ns3::DataRateValue(ns3::DataRate(static_cast<std::uint64_t>(
                                            server ? kUplinkBps : kDownlinkBps))));
    link.SetChannelAttribute("Delay", ns3::TimeValue(ns3::MilliSeconds(1)));
    ns3::NetDeviceContainer devices = link.Install(ns3::NodeContainer(hosts.Get(i), router.Get(0)));
    std::ostringstream net;
    net << "10.4." << i << ".0";
    address.SetBase(net.str().c_str(), "255.255.255.0");
    ns3::Ipv4InterfaceContainer interfaces = address.Assign(devices);
    ip.push_back(interfaces.GetAddress(0));
  }
  ns3::Ipv4GlobalRoutingHelper::PopulateRoutingTables();

  ns3::IndexServerHelper index_helper(5000);
  index_helper.Install(index.Get(0)).Start(Seconds(0));
  ns3::PeerHelper peers(ns3::ToSocketAddress(Endpoint{ns3::ToP2pIpAddress(ip[0]), 5000}));
  peers.SetAttribute("RunSeed", ns3::UintegerValue(1));
  peers.SetAttribute("HeldContent", ns3::StringValue("song:" + std::to_string(kSize)));
  std::vector<ns3::Ptr<ns3::PeerApplication>> seeds;
  for (std::uint32_t i = 0; i < kServers; ++i)
    seeds.push_back(ns3::DynamicCast<ns3::PeerApplication>(
        peers.Install(servers.Get(i), "seed" + std::to_string(i)).Get(0)));
  peers.SetAttribute("HeldContent", ns3::StringValue(""));
  peers.SetAttribute("FetchContent", ns3::StringValue("song"));
  peers.SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));  // every seed has registered by then
  peers.SetAttribute("Sources", ns3::UintegerValue(sources));
  peers.SetAttribute("PieceSize", ns3::UintegerValue(kPieceSize));
  auto fetcher = ns3::DynamicCast<ns3::PeerApplication>(peers.Install(downloader.Get(0), "fetcher").Get(0));

  Outcome out;
  std::vector<PeerEvent> done;
  ns3::PeerApplicationInternal::ConnectCoreEvents(
      *fetcher, ns3::Callback<void, const PeerEvent&>([&](const PeerEvent& ev) {
        if (ev.kind == PeerEventKind::DownloadCompleted) done.push_back(ev);
        if (ev.kind == PeerEventKind::DownloadFailed) out.why = ev.detail;
      }));
  ns3::Simulator::Stop(Seconds(120));
  ns3::Simulator::Run();

  out.completed = fetcher->GetCompletedDownloads();
  out.failed = fetcher->GetFailedDownloads();
  if (done.size() == 1) {
    out.seconds = to_seconds(done[0].duration);
    out.sources = done[0].sources;
    std::string digest = stored_digest(*fetcher, "song");
    out.verified = done[0].bytes == kSize && done[0].detail.find("sha256 verified") != std::string::npos &&
                   !digest.empty() && digest == stored_digest(*seeds[0], "song");
  }
  ns3::Simulator::Destroy();
  return out;
}

std::uint64_t total_bytes(const std::vector<SourceShare>& shares) {
  return std::accumulate(shares.begin(), shares.end(), std::uint64_t{0},
                         [](std::uint64_t sum, const SourceShare& s) { return sum + s.bytes; });
}

}  // namespace

BOOST_AUTO_TEST_CASE(four_sources_at_a_quarter_of_the_downlink_each_beat_one_by_far) {
  Outcome one = download_with(1);
  Outcome four = download_with(kServers);

  BOOST_TEST_MESSAGE("2 MB, 1 source at 2.5 Mbit/s: " << one.seconds << " s; 4 sources into 10 Mbit/s: "
                                                       << four.seconds << " s; ratio "
                                                       << four.seconds / one.seconds);
  for (const Outcome* o : {&one, &four}) {
    BOOST_TEST_REQUIRE(o->completed == 1u, "download did not complete: " << o->why);
    BOOST_TEST(o->failed == 0u);
    BOOST_TEST(o->verified);
  }
  // The world is what it claims: one server alone cannot beat its uplink.
  BOOST_TEST_REQUIRE(one.seconds >= kSize * 8 / kUplinkBps);
  BOOST_TEST_REQUIRE(one.sources.size() == 1u);
  BOOST_TEST(total_bytes(one.sources) == kSize);

  // Every seed carried a share, and no byte came twice.
  BOOST_TEST_REQUIRE(four.sources.size() == kServers);
  for (const auto& s : four.sources) BOOST_TEST(s.bytes > 0u, s.server.str() << " sent nothing");
  BOOST_TEST(total_bytes(four.sources) == kSize);

  BOOST_TEST(four.seconds <= 0.35 * one.seconds);
}
