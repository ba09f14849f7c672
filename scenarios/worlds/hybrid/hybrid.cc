// SPDX-License-Identifier: GPL-2.0-only
//
// p2p-hybrid: a simulated 802.11n cell that real hosts join. ns-3 runs in real time (wall-clock
// scheduler, real checksums); the access point runs the index, simulated stations run peers
// (apps/ns3), and every namespace given with --netns gets a tap ("eth0") whose other end is an
// FdNetDevice on a simulated station of its own: that station routes between the cell and the
// host behind it, so a native p2p-peer in the namespace registers with the simulated index,
// downloads from simulated peers and serves them.
//
//   cell 10.1.0.0/24: access point .1 (index, UDP 5000), simulated stations .2 .., gateways after
//   namespace i:      10.2.(i+1).2/24 on eth0, default route via 10.2.(i+1).1 (its gateway)
//
// The program prints one "host" line per namespace (what the launcher configures there), then
// "ready" when time 0 starts; a line per download the simulated peers complete or give up; and
// at the end how far the simulation fell behind the wall clock. The launcher is scenarios/hybrid.

#include "tap-in-namespace.h"

#include "scenarios/worlds/ns3/full-size-segments.h"
#include "scenarios/worlds/ns3/topology/wifi-cell.h"

#include "apps/ns3/index-server-helper.h"
#include "apps/ns3/peer-helper.h"

// One header each rather than the modules: core-module brings headers C++20 refuses.
#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/fd-net-device-helper.h"
#include "ns3/fd-net-device.h"
#include "ns3/global-value.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/wifi-helper.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

uint32_t g_completed = 0; //!< downloads the simulated peers verified
uint32_t g_failed = 0;    //!< downloads they gave up

void
Completed(const std::string& peer,
          const std::string& content,
          const std::string& server,
          uint64_t bytes,
          const Time& /* start */,
          const Time& duration)
{
    ++g_completed;
    std::cout << "completed " << peer << " " << content << " " << bytes << " bytes from " << server
              << " in " << duration.GetSeconds() << " s at " << Simulator::Now().GetSeconds() << " s"
              << std::endl;
}

void
Failed(const std::string& peer, const std::string& content, const std::string& reason)
{
    ++g_failed;
    std::cout << "failed " << peer << " " << content << ": " << reason << std::endl;
}

// How far the simulation ran behind the wall clock: real hosts see a late event as added latency
// (ns-3's best-effort real-time mode runs late rather than failing).
struct Lateness
{
    std::chrono::steady_clock::time_point start;
    double worst = 0; //!< seconds
};

void
CheckLateness(Lateness* lateness)
{
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - lateness->start).count();
    lateness->worst = std::max(lateness->worst, wall - Simulator::Now().GetSeconds());
    Simulator::Schedule(MilliSeconds(10), &CheckLateness, lateness);
}

std::vector<std::string>
Split(const std::string& list)
{
    std::vector<std::string> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
    {
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

Ipv4Address
HostNetwork(uint32_t i)
{
    return Ipv4Address((10u << 24) | (2u << 16) | ((i + 1) << 8));
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string netnsList;
    uint32_t stations = 3;
    uint64_t contentSize = 500000;
    std::string fetchContent;
    double fetchAt = 8;
    double duration = 30;
    double radius = 10;

    p2p::scenario::UseFullSizeSegments(); // before the command line, which may set another
    CommandLine cmd(__FILE__);
    cmd.AddValue("netns", "comma-separated network namespaces (ip netns) whose hosts join the cell",
                 netnsList);
    cmd.AddValue("stations", "simulated peers: the first holds 'song', the others fetch it", stations);
    cmd.AddValue("contentSize", "bytes of 'song'", contentSize);
    cmd.AddValue("fetchContent", "content the last simulated station fetches (e.g. a native host's)",
                 fetchContent);
    cmd.AddValue("fetchAt", "when it fetches it (s)", fetchAt);
    cmd.AddValue("duration", "seconds the cell runs (wall clock: the simulation keeps real time)",
                 duration);
    cmd.AddValue("radius", "distance of the stations from the access point (m)", radius);
    cmd.Parse(argc, argv);
    const std::vector<std::string> namespaces = Split(netnsList);
    if (stations < 2 || namespaces.size() > 200 || duration <= 0)
    {
        std::cerr << "p2p-hybrid: --stations must be at least 2, --duration positive, at most 200 "
                     "namespaces\n";
        return 2;
    }

    // Real time, and checksums that real hosts accept and check.
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    const auto gatewayCount = static_cast<uint32_t>(namespaces.size());
    NodeContainer ap(1);
    NodeContainer peers(stations);
    NodeContainer gateways(gatewayCount);
    NodeContainer cellStations(peers, gateways);
    const NodeContainer cell(ap, cellStations);

    p2p::scenario::WifiCell wifiCell = p2p::scenario::InstallWifiCell(ap.Get(0), cellStations, "p2p-hybrid");
    NetDeviceContainer stationDevices = wifiCell.stations;
    NetDeviceContainer apDevice = wifiCell.ap;
    p2p::scenario::PlaceCell(ap.Get(0), {}, cellStations, radius);

    InternetStackHelper().Install(cell);
    Ipv4AddressHelper cellAddresses("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer apAddress = cellAddresses.Assign(apDevice);
    Ipv4InterfaceContainer stationAddresses = cellAddresses.Assign(stationDevices);

    // Each namespace's tap, wired to its gateway station by an FdNetDevice.
    FdNetDeviceHelper fdHelper;
    Ipv4StaticRoutingHelper staticRouting;
    for (uint32_t i = 0; i < gatewayCount; ++i)
    {
        int tap = -1;
        try
        {
            tap = p2p::hybrid::OpenTapInNamespace(namespaces[i], "eth0");
        }
        catch (const std::exception& e)
        {
            std::cerr << "p2p-hybrid: " << e.what() << "\n";
            return 1;
        }
        Ptr<Node> gateway = gateways.Get(i);
        Ptr<FdNetDevice> device = DynamicCast<FdNetDevice>(fdHelper.Install(gateway).Get(0));
        device->SetFileDescriptor(tap);
        device->SetAddress(Mac48Address::Allocate());
        Ptr<Ipv4> ipv4 = gateway->GetObject<Ipv4>();
        int32_t interface = ipv4->AddInterface(device);
        Ipv4Address network = HostNetwork(i);
        Ipv4Address gatewayAddress(network.Get() + 1);
        ipv4->AddAddress(interface, Ipv4InterfaceAddress(gatewayAddress, Ipv4Mask("/24")));
        ipv4->SetMetric(interface, 1);
        ipv4->SetUp(interface);
        // Every other node of the cell reaches the host through this gateway.
        Ipv4Address via = stationAddresses.GetAddress(stations + i);
        for (auto node = cell.Begin(); node != cell.End(); ++node)
        {
            if (*node != gateway)
            {
                staticRouting.GetStaticRouting((*node)->GetObject<Ipv4>())
                    ->AddNetworkRouteTo(network, Ipv4Mask("/24"), via, 1);
            }
        }
        std::cout << "host " << namespaces[i] << " eth0 " << Ipv4Address(network.Get() + 2)
                  << "/24 via " << gatewayAddress << " index " << apAddress.GetAddress(0) << ":5000"
                  << std::endl;
    }

    IndexServerHelper index;
    index.Install(ap.Get(0));
    PeerHelper peer(apAddress.GetAddress(0));
    peer.SetAttribute("HeldContent", StringValue("song:" + std::to_string(contentSize)));
    ApplicationContainer apps = peer.Install(peers.Get(0), "simseed");
    peer.SetAttribute("HeldContent", StringValue(""));
    peer.SetAttribute("FetchContent", StringValue("song"));
    peer.SetAttribute("FetchDelay", TimeValue(Seconds(1))); // after the seed's registration
    const uint32_t songFetchers = fetchContent.empty() ? stations - 1 : stations - 2;
    for (uint32_t i = 1; i <= songFetchers; ++i)
    {
        apps.Add(peer.Install(peers.Get(i), "sim" + std::to_string(i)));
    }
    if (!fetchContent.empty())
    {
        // Stations start at 1 s: the fetch is planned at fetchAt on the wall clock.
        peer.SetAttribute("FetchContent", StringValue(fetchContent));
        peer.SetAttribute("FetchDelay", TimeValue(Seconds(std::max(0.0, fetchAt - 1))));
        apps.Add(peer.Install(peers.Get(stations - 1), "sim" + std::to_string(stations - 1)));
    }
    // Stations associate with the access point from its beacons before they can send.
    apps.Start(Seconds(1));
    index.AssignStreams(ap, 0);
    peer.AssignStreams(peers, 1);
    WifiHelper().AssignStreams(NetDeviceContainer(apDevice, stationDevices), 100);

    Config::ConnectWithoutContext(
        "/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/DownloadCompleted",
        MakeCallback(&Completed));
    Config::ConnectWithoutContext(
        "/NodeList/*/ApplicationList/*/$ns3::p2p::PeerApplication/DownloadFailed",
        MakeCallback(&Failed));

    Simulator::Stop(Seconds(duration));
    Lateness lateness;
    Simulator::ScheduleNow(&CheckLateness, &lateness);
    std::cout << "ready" << std::endl;
    lateness.start = std::chrono::steady_clock::now();
    Simulator::Run();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - lateness.start).count();
    const uint32_t planned = songFetchers + (fetchContent.empty() ? 0 : 1);
    std::cout << "simulated " << duration << " s in " << wall << " s of wall clock, at most "
              << lateness.worst * 1e3 << " ms behind it (checked every 10 ms); " << g_completed
              << " of " << planned << " simulated downloads completed, " << g_failed << " failed"
              << std::endl;
    Simulator::Destroy();
    return g_completed == planned ? 0 : 1;
}
