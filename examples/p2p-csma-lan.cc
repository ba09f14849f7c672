// SPDX-License-Identifier: GPL-2.0-only
//
// The classic lab LAN: one CSMA segment with the index and the peers, a flash crowd of fetchers
// after one seed, and optional packet loss on every device.
//
//   ./p2p-csma-lan --peers=10 --contentSize=2000000 --loss=0.02
//   ./p2p-csma-lan --ns3::p2p::IndexServerApplication::Policy=round-robin --RngRun=2
//
// Every attribute of the applications can be set on the command line (--PrintGroup=P2pTestbed,
// --PrintAttributes=ns3::p2p::PeerApplication).

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/p2p-testbed-module.h"

#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("P2pCsmaLanExample");

namespace
{

uint32_t g_completed = 0; //!< downloads verified
uint32_t g_failed = 0;    //!< downloads given up
Time g_totalTime;         //!< sum of the completion times

void
DownloadCompleted(const std::string& peer,
                  const std::string& content,
                  const std::string& server,
                  uint64_t bytes,
                  const Time& /* start */,
                  const Time& duration)
{
    ++g_completed;
    g_totalTime += duration;
    std::cout << Simulator::Now().As(Time::S) << " " << peer << " completed " << content << " ("
              << bytes << " bytes from " << server << " in " << duration.As(Time::MS) << ")\n";
}

void
DownloadFailed(const std::string& peer, const std::string& content, const std::string& reason)
{
    ++g_failed;
    std::cout << Simulator::Now().As(Time::S) << " " << peer << " failed " << content << ": "
              << reason << "\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t peers = 8;
    uint64_t contentSize = 1000000;
    double loss = 0.0;
    std::string dataRate = "100Mbps";

    CommandLine cmd(__FILE__);
    cmd.AddValue("peers", "peers on the LAN, the first one a seed", peers);
    cmd.AddValue("contentSize", "bytes of the shared content", contentSize);
    cmd.AddValue("loss", "packet loss rate at every receiving device", loss);
    cmd.AddValue("dataRate", "the LAN's data rate", dataRate);
    cmd.Parse(argc, argv);
    // Full-size segments: ns-3's default is 536 bytes.
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    NodeContainer nodes;
    nodes.Create(peers + 1); // node 0 is the index
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue(dataRate));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
    NetDeviceContainer devices = csma.Install(nodes);
    if (loss > 0)
    {
        for (uint32_t i = 0; i < devices.GetN(); ++i)
        {
            Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            em->SetAttribute("ErrorRate", DoubleValue(loss));
            em->AssignStreams(100 + i);
            devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
    }
    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper address("10.1.0.0", "255.255.0.0");
    Ipv4InterfaceContainer interfaces = address.Assign(devices);

    IndexServerHelper index;
    ApplicationContainer indexApps = index.Install(nodes.Get(0));

    PeerHelper peer(interfaces.GetAddress(0));
    peer.SetAttribute("HeldContent", StringValue("song:" + std::to_string(contentSize)));
    ApplicationContainer peerApps = peer.Install(nodes.Get(1), "seed");
    peer.SetAttribute("HeldContent", StringValue(""));
    peer.SetAttribute("FetchContent", StringValue("song"));
    peer.SetAttribute("FetchDelay", TimeValue(Seconds(1)));
    for (uint32_t i = 2; i <= peers; ++i)
    {
        peerApps.Add(peer.Install(nodes.Get(i), "peer" + std::to_string(i - 1)));
    }
    // Fixed streams: the same --RngRun gives the same run.
    int64_t stream = index.AssignStreams(nodes, 0);
    peer.AssignStreams(nodes, stream);

    Config::ConnectWithoutContext(
        "/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/DownloadCompleted",
        MakeCallback(&DownloadCompleted));
    Config::ConnectWithoutContext(
        "/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/DownloadFailed",
        MakeCallback(&DownloadFailed));

    Simulator::Stop(Seconds(120));
    Simulator::Run();
    std::cout << g_completed << " downloads completed, " << g_failed << " failed";
    if (g_completed > 0)
    {
        std::cout << ", mean " << Seconds(g_totalTime.GetSeconds() / g_completed).As(Time::S);
    }
    std::cout << "\n";
    Simulator::Destroy();
    return g_completed + g_failed == peers - 1 ? 0 : 1;
}
