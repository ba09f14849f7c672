// SPDX-License-Identifier: GPL-2.0-only
// A star of point-to-point links: the index at the hub, a seed and four fetchers on the spokes.
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/p2p-testbed-module.h"
#include "ns3/point-to-point-layout-module.h"
using namespace ns3;
void
Completed(const std::string& peer, const std::string& content, const std::string& server,
          uint64_t bytes, const Time& start, const Time& duration)
{
    std::cout << peer << " completed " << content << ", " << bytes << " bytes from " << server
              << ", asked at " << start.As(Time::S) << ", took " << duration.As(Time::S) << "\n";
}
int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.Parse(argc, argv);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    PointToPointStarHelper star(5, link);
    star.InstallStack(InternetStackHelper());
    star.AssignIpv4Addresses(Ipv4AddressHelper("10.1.0.0", "255.255.255.0"));
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    IndexServerHelper().Install(star.GetHub());
    PeerHelper peers(star.GetHubIpv4Address(0));
    peers.Install(star.GetSpokeNode(0), "seed").Get(0)->SetAttribute("HeldContent",
                                                                      StringValue("song:1000000"));
    peers.SetAttribute("FetchContent", StringValue("song"));
    for (uint32_t i = 1; i < star.SpokeCount(); ++i)
    {
        peers.Install(star.GetSpokeNode(i), "peer" + std::to_string(i)).Start(Seconds(1));
    }
    Config::ConnectWithoutContext("/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/"
                                  "DownloadCompleted", MakeCallback(&Completed));
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    Simulator::Destroy();
}
