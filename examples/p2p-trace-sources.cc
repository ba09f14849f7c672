// SPDX-License-Identifier: GPL-2.0-only
//
// Every trace source of the module, connected through Config paths: the peers' Event, PduSent,
// PduReceived, DownloadStarted, DownloadCompleted, DownloadFailed, Registered and Deregistered,
// and the index's Rx, Tx and Request. A small CSMA LAN where something happens to each: a seed,
// two fetchers, a download of a content nobody holds, and a seed that stops (and so quits) at 3 s.
// Prints the non-PDU events as they come and, at the end, how often each source fired.
//
//   ./p2p-trace-sources
//   ./p2p-trace-sources --verbose=1   # every engine event (the Event source), PDUs included

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/p2p-testbed-module.h"

#include <iostream>
#include <map>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("P2pTraceSourcesExample");

namespace
{

std::map<std::string, uint32_t> g_fired; //!< calls per trace source
bool g_verbose = false;                  //!< print every Event

void
Print(const std::string& what)
{
    std::cout << Simulator::Now().As(Time::S) << " " << what << "\n";
}

void
Event(const std::string& peer, const std::string& /* event */, const std::string& description)
{
    ++g_fired["Event"];
    if (g_verbose)
    {
        Print("[Event] " + peer + ": " + description);
    }
}

void
PduSent(std::string /* context */,
        const std::string& /* peer */,
        char /* type */,
        uint32_t /* bytes */,
        const Address& /* to */)
{
    ++g_fired["PduSent"];
}

void
PduReceived(const std::string& /* peer */,
            char /* type */,
            uint32_t /* bytes */,
            const Address& /* from */)
{
    ++g_fired["PduReceived"];
}

void
DownloadStarted(const std::string& peer, const std::string& content)
{
    ++g_fired["DownloadStarted"];
    Print("[DownloadStarted] " + peer + " asks for " + content);
}

void
DownloadCompleted(const std::string& peer,
                  const std::string& content,
                  const std::string& server,
                  uint64_t bytes,
                  const Time& start,
                  const Time& duration)
{
    ++g_fired["DownloadCompleted"];
    std::ostringstream text;
    text << "[DownloadCompleted] " << peer << " has " << content << ": " << bytes << " bytes from "
         << server << ", asked at " << start.As(Time::S) << ", took " << duration.As(Time::MS);
    Print(text.str());
}

void
DownloadFailed(const std::string& peer, const std::string& content, const std::string& reason)
{
    ++g_fired["DownloadFailed"];
    Print("[DownloadFailed] " + peer + " gave " + content + " up: " + reason);
}

void
Registered(const std::string& peer, const std::string& content)
{
    ++g_fired["Registered"];
    Print("[Registered] " + peer + " serves " + content);
}

void
Deregistered(const std::string& peer, const std::string& content)
{
    ++g_fired["Deregistered"];
    Print("[Deregistered] " + peer + " no longer serves " + content);
}

void
IndexRx(Ptr<const Packet> /* packet */, const Address& /* from */)
{
    ++g_fired["Rx"];
}

void
IndexTx(Ptr<const Packet> /* packet */, const Address& /* to */)
{
    ++g_fired["Tx"];
}

void
IndexRequest(const Address& /* from */,
             const std::string& /* event */,
             const std::string& description)
{
    ++g_fired["Request"];
    if (g_verbose)
    {
        Print("[Request] index: " + description);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.AddValue("verbose", "print every engine event and index request", g_verbose);
    cmd.Parse(argc, argv);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    NodeContainer nodes(4); // the index, a seed, two fetchers
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    NetDeviceContainer devices = csma.Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper address("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = address.Assign(devices);

    IndexServerHelper index;
    index.Install(nodes.Get(0));
    PeerHelper peer(interfaces.GetAddress(0));
    peer.SetAttribute("HeldContent", StringValue("song:500000"));
    ApplicationContainer seed = peer.Install(nodes.Get(1), "seed");
    seed.Stop(Seconds(3)); // a graceful quit: T for its registration
    peer.SetAttribute("HeldContent", StringValue(""));
    peer.SetAttribute("FetchContent", StringValue("song,missing"));
    peer.SetAttribute("FetchDelay", TimeValue(Seconds(1)));
    peer.Install(nodes.Get(2), "fetcherA");
    peer.SetAttribute("FetchContent", StringValue("song"));
    peer.Install(nodes.Get(3), "fetcherB");
    index.AssignStreams(nodes, 0);
    peer.AssignStreams(nodes, 10);

    const std::string peers = "/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/";
    Config::ConnectWithoutContext(peers + "Event", MakeCallback(&Event));
    Config::Connect(peers + "PduSent", MakeCallback(&PduSent)); // with the context (the path)
    Config::ConnectWithoutContext(peers + "PduReceived", MakeCallback(&PduReceived));
    Config::ConnectWithoutContext(peers + "DownloadStarted", MakeCallback(&DownloadStarted));
    Config::ConnectWithoutContext(peers + "DownloadCompleted", MakeCallback(&DownloadCompleted));
    Config::ConnectWithoutContext(peers + "DownloadFailed", MakeCallback(&DownloadFailed));
    Config::ConnectWithoutContext(peers + "Registered", MakeCallback(&Registered));
    Config::ConnectWithoutContext(peers + "Deregistered", MakeCallback(&Deregistered));
    const std::string indexes = "/NodeList/*/ApplicationList/*/$ns3::p2p::IndexServerApplication/";
    Config::ConnectWithoutContext(indexes + "Rx", MakeCallback(&IndexRx));
    Config::ConnectWithoutContext(indexes + "Tx", MakeCallback(&IndexTx));
    Config::ConnectWithoutContext(indexes + "Request", MakeCallback(&IndexRequest));

    // "missing" is asked for again for EmptySwarmWait (10 s) before its download fails.
    Simulator::Stop(Seconds(15));
    Simulator::Run();
    Simulator::Destroy();

    std::cout << "calls per trace source:\n";
    for (const char* source : {"Event",
                               "PduSent",
                               "PduReceived",
                               "DownloadStarted",
                               "DownloadCompleted",
                               "DownloadFailed",
                               "Registered",
                               "Deregistered",
                               "Rx",
                               "Tx",
                               "Request"})
    {
        std::cout << "  " << source << ": " << g_fired[source] << "\n";
    }
    return 0;
}
