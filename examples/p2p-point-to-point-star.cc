// SPDX-License-Identifier: GPL-2.0-only
//
// A star of point-to-point links, the index at the hub: two seeds, and fetchers that download
// pieces from both at once (Sources=2) while each seed serves a limited number of ranges
// (UploadSlots), the rest waiting in busy rounds.
//
//   ./p2p-point-to-point-star --fetchers=6 --dataRate=5Mbps --delay=10ms --uploadSlots=2

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/p2p-testbed-module.h"
#include "ns3/point-to-point-layout-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("P2pPointToPointStarExample");

namespace
{

uint32_t g_completed = 0; //!< downloads verified

void
DownloadCompleted(const std::string& peer,
                  const std::string& content,
                  const std::string& server,
                  uint64_t bytes,
                  const Time& start,
                  const Time& duration)
{
    ++g_completed;
    std::cout << start.As(Time::S) << " + " << duration.As(Time::S) << ": " << peer << " completed "
              << content << " (" << bytes << " bytes, first from " << server << ")\n";
}

void
PduSent(std::string /* context */,
        const std::string& peer,
        char type,
        uint32_t bytes,
        const Address& /* to */)
{
    if (type == 'E')
    {
        std::cout << Simulator::Now().As(Time::S) << " " << peer << " sent an E (" << bytes
                  << " bytes): a busy answer\n";
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t fetchers = 4;
    uint64_t contentSize = 2000000;
    std::string dataRate = "10Mbps";
    std::string delay = "5ms";
    uint32_t uploadSlots = 2;
    uint32_t sources = 2;

    CommandLine cmd(__FILE__);
    cmd.AddValue("fetchers", "peers that download the content", fetchers);
    cmd.AddValue("contentSize", "bytes of the shared content", contentSize);
    cmd.AddValue("dataRate", "rate of every link", dataRate);
    cmd.AddValue("delay", "delay of every link", delay);
    cmd.AddValue("uploadSlots", "ranges a peer serves at once (0 = unlimited)", uploadSlots);
    cmd.AddValue("sources", "servers one download fetches pieces from at once", sources);
    cmd.Parse(argc, argv);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue(dataRate));
    link.SetChannelAttribute("Delay", StringValue(delay));
    PointToPointStarHelper star(fetchers + 2, link); // two seeds on spokes 0 and 1
    InternetStackHelper stack;
    star.InstallStack(stack);
    star.AssignIpv4Addresses(Ipv4AddressHelper("10.1.0.0", "255.255.255.0"));
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    IndexServerHelper index;
    index.Install(star.GetHub());

    PeerHelper peer(star.GetHubIpv4Address(0));
    peer.SetAttribute("UploadSlots", UintegerValue(uploadSlots));
    peer.SetAttribute("Sources", UintegerValue(sources));
    peer.SetAttribute("PieceSize", UintegerValue(262144));
    peer.SetAttribute("HeldContent", StringValue("film:" + std::to_string(contentSize)));
    peer.Install(star.GetSpokeNode(0), "seedA");
    peer.Install(star.GetSpokeNode(1), "seedB");
    peer.SetAttribute("HeldContent", StringValue(""));
    peer.SetAttribute("FetchContent", StringValue("film"));
    peer.SetAttribute("FetchDelay", TimeValue(Seconds(1)));
    NodeContainer spokes;
    for (uint32_t i = 0; i < star.SpokeCount(); ++i)
    {
        spokes.Add(star.GetSpokeNode(i));
        if (i >= 2)
        {
            peer.Install(star.GetSpokeNode(i), "peer" + std::to_string(i - 1));
        }
    }
    index.AssignStreams(NodeContainer(star.GetHub()), 0);
    peer.AssignStreams(spokes, 1);

    Config::ConnectWithoutContext(
        "/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/DownloadCompleted",
        MakeCallback(&DownloadCompleted));
    Config::Connect("/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/PduSent",
                    MakeCallback(&PduSent));

    Simulator::Stop(Seconds(120));
    Simulator::Run();
    std::cout << g_completed << " of " << fetchers << " downloads completed\n";
    Simulator::Destroy();
    return g_completed == fetchers ? 0 : 1;
}
