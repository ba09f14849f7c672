// SPDX-License-Identifier: GPL-2.0-only
#include "bulk-replay.h"

#include "scenarios/summary/json-writer.h"
#include "scenarios/worlds/ns3/run/peer-installer.h"

#include "ns3/abort.h"
#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace p2p::scenario
{
namespace
{

// Sinks listen from this port up, one port per transfer to the same downloader.
constexpr uint16_t kFirstSinkPort = 50000;

std::vector<std::string>
SplitCsv(const std::string& line, size_t columns)
{
    // The last column (detail) is the rest of the line.
    std::vector<std::string> fields;
    size_t from = 0;
    while (fields.size() + 1 < columns)
    {
        size_t comma = line.find(',', from);
        if (comma == std::string::npos)
        {
            break;
        }
        fields.push_back(line.substr(from, comma - from));
        from = comma + 1;
    }
    fields.push_back(line.substr(from));
    return fields;
}

// The value of `key=` in a detail text, or -1.
double
DetailValue(const std::string& detail, const std::string& key)
{
    size_t at = detail.find(key + "=");
    return at == std::string::npos ? -1 : std::stod(detail.substr(at + key.size() + 1));
}

// Bytes received by one sink, and whether that is all of them.
struct SinkProgress
{
    uint64_t expected = 0;
    uint64_t received = 0;
};

} // namespace

std::vector<ReplayedTransfer>
ReadCompletedDownloads(const std::string& eventsCsv)
{
    std::ifstream in(eventsCsv);
    NS_ABORT_MSG_UNLESS(in, "cannot read " << eventsCsv);
    std::string line;
    std::getline(in, line);
    NS_ABORT_MSG_UNLESS(line.rfind("time_s,node,peer,event,content,bytes,server,detail", 0) == 0,
                        eventsCsv << " is not an events.csv of p2p-scenario");
    std::vector<ReplayedTransfer> transfers;
    while (std::getline(in, line))
    {
        std::vector<std::string> f = SplitCsv(line, 8);
        if (f.size() != 8 || f[3] != "download_completed")
        {
            continue;
        }
        double duration = DetailValue(f[7], "duration_s");
        NS_ABORT_MSG_IF(duration < 0, "no duration_s in: " << line);
        transfers.push_back({f[2], f[6], std::stoull(f[5]), std::stod(f[0]) - duration});
    }
    return transfers;
}

ReplayFacts
RunBulkReplay(const std::vector<ReplayedTransfer>& transfers,
              const WorkloadPlan& plan,
              const Topology& topology,
              ns3::Time simTime)
{
    using namespace ns3;
    std::map<std::string, Ptr<Node>> nodes;
    for (const PeerPlan& life : plan.lives)
    {
        nodes[life.name] = PeerNode(topology, life);
    }

    ReplayFacts facts;
    auto progress = std::make_shared<std::vector<SinkProgress>>(transfers.size());
    auto remaining = std::make_shared<uint64_t>(transfers.size());
    std::map<uint32_t, uint16_t> nextPort; // by downloader node id
    for (size_t i = 0; i < transfers.size(); ++i)
    {
        const ReplayedTransfer& t = transfers[i];
        NS_ABORT_MSG_UNLESS(nodes.count(t.downloader) && nodes.count(t.server),
                            "events.csv names a peer this workload does not have: "
                                << t.downloader << " or " << t.server
                                << " (replay with the options of the protocol run)");
        Ptr<Node> downloader = nodes.at(t.downloader);
        Ptr<Node> server = nodes.at(t.server);
        auto [port, fresh] = nextPort.try_emplace(downloader->GetId(), kFirstSinkPort);
        InetSocketAddress to(FirstAddress(downloader), port->second++);

        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), to.GetPort()));
        ApplicationContainer sink = sinkHelper.Install(downloader);
        sink.Start(Seconds(0));
        (*progress)[i].expected = t.bytes;
        sink.Get(0)->TraceConnectWithoutContext(
            "Rx", Callback<void, Ptr<const Packet>, const Address&>(
                      [progress, remaining, i](Ptr<const Packet> packet, const Address&) {
                          SinkProgress& p = (*progress)[i];
                          bool wasShort = p.received < p.expected;
                          p.received += packet->GetSize();
                          if (wasShort && p.received >= p.expected && --*remaining == 0)
                          {
                              Simulator::Stop();
                          }
                      }));

        BulkSendHelper sender("ns3::TcpSocketFactory", to);
        sender.SetAttribute("MaxBytes", UintegerValue(t.bytes));
        ApplicationContainer send = sender.Install(server);
        send.Start(Seconds(t.start));
        facts.bytesExpected += t.bytes;
    }
    facts.transfers = transfers.size();

    Simulator::Stop(simTime);
    if (!transfers.empty())
    {
        Simulator::Run();
    }
    for (const SinkProgress& p : *progress)
    {
        facts.bytesReceived += p.received;
        facts.completed += p.received >= p.expected ? 1 : 0;
    }
    facts.simTime = Simulator::Now().GetSeconds();
    facts.simulatorEvents = Simulator::GetEventCount();
    return facts;
}

std::string
WriteReplaySummary(const std::string& path,
                   const std::string& eventsCsv,
                   const ReplayFacts& facts,
                   double wallTime)
{
    return WriteJsonFile(path, [&](JsonWriter& json) {
        json.BeginObject();
        json.Field("mode", "bulk-send replay");
        json.Field("replay", eventsCsv);
        json.Field("transfers", facts.transfers);
        json.Field("transfers_completed", facts.completed);
        json.Field("bytes_expected", facts.bytesExpected);
        json.Field("bytes", facts.bytesReceived);
        json.Field("sim_time_s", facts.simTime);
        json.Field("wall_time_s", wallTime);
        json.Field("events", facts.simulatorEvents);
        json.Field("events_counted", "simulator events executed by the ns-3 scheduler");
        json.EndObject();
    });
}

} // namespace p2p::scenario
