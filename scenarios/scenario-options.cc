// SPDX-License-Identifier: GPL-2.0-only
#include "scenario-options.h"

#include "scenarios/worlds/ns3/tcp-profile.h"

#include "option-attributes.h"

#include "scenarios/summary/json-writer.h"
#include "scenarios/plan/topology/peer-classes.h"
#include "scenarios/plan/topology/tree-plan.h"
#include "scenarios/workload/distribution.h"
#include "scenarios/workload/seeding-policy.h"

#include "ns3/command-line.h"
#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <filesystem>
#include <initializer_list>
#include <utility>
#include <vector>
#include <sstream>
#include <system_error>

namespace p2p::scenario
{
namespace
{

bool
OneOf(const std::string& value, std::initializer_list<const char*> choices)
{
    for (const char* c : choices)
    {
        if (value == c)
        {
            return true;
        }
    }
    return false;
}

bool
IsDataRate(const std::string& text)
{
    std::istringstream in(text);
    ns3::DataRate rate;
    return static_cast<bool>(in >> rate) && rate.GetBitRate() > 0;
}

// x in [lo, hi]; false for NaN.
bool
InRange(double x, double lo, double hi)
{
    return x >= lo && x <= hi;
}

// A link delay as ns-3's Time parses it (a number, then s, ms, us, ns, ps, fs, min, h, d, y or no
// unit for seconds), from 0 to kMaxDelay. ns-3 itself aborts on an unknown unit.
bool
IsDelay(const std::string& text)
{
    constexpr double kMaxDelay = 10; // s
    size_t unitAt = text.find_first_not_of("+-0123456789.eE");
    std::string number = text.substr(0, unitAt);
    std::string unit = unitAt == std::string::npos ? "s" : text.substr(unitAt);
    std::istringstream in(number);
    double value = 0;
    if (number.empty() || !(in >> value) || !in.eof() ||
        !OneOf(unit, {"s", "ms", "us", "ns", "ps", "fs", "min", "h", "d", "y"}))
    {
        return false;
    }
    return InRange(ns3::Time(text).GetSeconds(), 0, kMaxDelay);
}

// Whether `a` and `b` name the same existing directory (symbolic links and spellings resolved).
bool
SameDirectory(const std::string& a, const std::string& b)
{
    std::error_code error;
    return std::filesystem::equivalent(a.empty() ? "." : a, b.empty() ? "." : b, error) && !error;
}

} // namespace

void
ScenarioOptions::AddTo(ns3::CommandLine& cmd)
{
    cmd.AddValue("topology", "lan | star | dumbbell | tree | wifi | file", topology);
    cmd.AddValue("workload", "flash-crowd | staggered | churn | zipf | sessions | trace", workload);
    cmd.AddValue("peers",
                 "peer nodes in all, seeds included (at most 100000; 1000000 with --engine=simgrid)",
                 peers);
    cmd.AddValue("seeds", "peers holding the content from the start", seeds);
    cmd.AddValue("contentSize", "bytes per content", contentSize);
    cmd.AddValue("contents", "zipf: catalogue size", contents);
    cmd.AddValue("zipfExponent", "zipf: popularity exponent s", zipfExponent);
    cmd.AddValue("fetchPerPeer", "zipf: distinct contents each fetcher downloads", fetchPerPeer);
    cmd.AddValue("loss", "packet drop probability per receiving device (0..1)", loss);
    cmd.AddValue("lossModel", "uniform (RateErrorModel) | burst (BurstErrorModel)", lossModel);
    cmd.AddValue("burstSize", "burst: mean packets lost per burst", burstSize);
    cmd.AddValue("lossOn", "all | access | bottleneck links", lossOn);
    cmd.AddValue("dataRate", "access link rate", dataRate);
    cmd.AddValue("delay", "access link delay", delay);
    cmd.AddValue("bottleneckRate", "router-to-router link rate (empty: topology default)",
                 bottleneckRate);
    cmd.AddValue("bottleneckDelay", "router-to-router link delay (empty: topology default)",
                 bottleneckDelay);
    cmd.AddValue("lanMedium",
                 "the LANs of lan, dumbbell and tree: switched (each host on its own full-duplex "
                 "link to a switch, as LANs are today; the tree's peers to an access switch, "
                 "always with --peerClasses) | shared (one half-duplex CSMA segment per LAN)",
                 lanMedium);
    cmd.AddValue("topologyFile", "file: topology file (empty: the shipped campus.inet)",
                 topologyFile);
    cmd.AddValue("topologyFormat", "file: Inet | Orbis | Rocketfuel", topologyFormat);
    cmd.AddValue("lanSize", "tree: peers per access LAN", lanSize);
    cmd.AddValue("lansPerRouter",
                 "tree: access LANs per distribution router (at most 200 routers: a million peers "
                 "need e.g. --lansPerRouter=210 with --lanSize=24)",
                 lansPerRouter);
    cmd.AddValue("peerClasses",
                 "star, tree: access link classes SHARE%:DOWN[/UP][:DELAY],..., e.g. "
                 "20%:100Mbps/10Mbps:2ms,80%:10Mbps/1Mbps:10ms (empty: --dataRate for all)",
                 peerClasses);
    cmd.AddValue("seedClass",
                 "with --peerClasses: every seed in this class (1 = the first); 0 = seeds take "
                 "their share like the fetchers",
                 seedClass);
    AddProtocolOptions(cmd);
    cmd.AddValue("crowdWindow",
                 "flash crowd: fetchers arrive uniformly within this window (s); 0 = same instant",
                 crowdWindow);
    cmd.AddValue("arrivalMean", "mean gap between peer arrivals (s)", arrivalMean);
    cmd.AddValue("churnInterval", "churn: mean gap between departures (s)", churnInterval);
    cmd.AddValue("churnCount", "churn: departures (0 = half of the fetchers)", churnCount);
    cmd.AddValue("downTime", "churn: time a departed peer stays away (s)", downTime);
    cmd.AddValue("crashFraction",
                 "churn, sessions: share of departures that crash instead of quitting",
                 crashFraction);
    cmd.AddValue("session",
                 "sessions: time a peer stays up, exponential:mean=M | weibull:shape=K,scale=L | "
                 "pareto:shape=A,scale=XM | constant:value=C, optionally ,bound=B (s)",
                 session);
    cmd.AddValue("offTime", "sessions: time a peer stays away between sessions (as --session)",
                 offTime);
    cmd.AddValue("churnUntil", "sessions: no session starts at or after this time (s)",
                 churnUntil);
    cmd.AddValue("trace",
                 "trace: a CSV of time_s,peer,action with actions join, fetch CONTENT, leave, "
                 "crash (see scenarios/README.md)",
                 trace);
    cmd.AddValue("seeding",
                 "after its downloads a fetcher stays (serves on), linger=T (serves T s, then "
                 "quits) or leave (quits at once, never serving)",
                 seeding);
    cmd.AddValue("simTime",
                 "longest simulated time (s); the run ends earlier when every fetch is over",
                 simTime);
    cmd.AddValue("outDir", "folder for events.csv, summary.json, flowmon.xml and traces", outDir);
    cmd.AddValue("pcap", "write pcap traces", pcap);
    cmd.AddValue("ascii", "write an ascii trace", ascii);
    cmd.AddValue("netanim", "write NetAnim XML", netanim);
    cmd.AddValue("flowmon",
                 "write flowmon.xml: auto (on up to 2000 peers: its set-up grows with the square of "
                 "the nodes), true or false (FlowMonitor tags every packet: off for timing runs)",
                 flowmon);
    cmd.AddValue("verbose", "print every protocol event but PDUs sent and received", verbose);
    cmd.AddValue("quiet", "no progress display while the simulation runs", quiet);
    cmd.AddValue("replay",
                 "events.csv of a protocol run with the same options: no protocol, one ns-3 "
                 "BulkSend per completed download (the floor of the overhead benchmark); "
                 "--outDir must be another folder",
                 replay);
    cmd.AddValue("writePlan",
                 "write the run's plan (plan.json format: docs/plan-format.md) to this file and "
                 "exit without simulating",
                 writePlan);
    cmd.AddValue("engine",
                 "the world that runs the plan: ns3 (packet level) or simgrid (flow level: no "
                 "packet loss, so --loss defaults to 0 there; see scenarios/README.md)",
                 engine);
    cmd.AddValue("pduRows",
                 "write a row per PDU sent and received to events.csv (--engine=simgrid only may "
                 "turn them off: gigabytes at a million peers)",
                 pduRows);
    cmd.AddValue("tcp",
                 "whose TCP timers the simulated hosts keep: linux (minimum RTO 200 ms, first SYN "
                 "retransmission after 1 s, delayed ACK 40 ms: a download takes as long as between "
                 "real hosts) or ns3 (ns-3's defaults: 1 s, 3 s, 200 ms); an explicit "
                 "--ns3::... timer wins; no TCP at flow level",
                 tcp);
}

bool
ScenarioOptions::WantsFlowMonitor() const
{
    return engine == "ns3" &&
           (flowmon == "true" || (flowmon == "auto" && peers <= kFlowmonAutoPeers));
}

uint32_t
ScenarioOptions::MaxPeers(const std::string& engine)
{
    // Peer names are at most 10 bytes: peer999999 is the last fetcher a million peers have. ns-3
    // ran 100,000 peers' flash crowd on the tree in 6.3 GiB (shared LANs, 36 min) and 7.4 GiB
    // (access switches, the default, 20 min; bench/README.md).
    return engine == "simgrid" ? 1'000'000 : 100'000;
}

std::string
ScenarioOptions::Problem() const
{
    if (!OneOf(topology, {"lan", "star", "dumbbell", "tree", "wifi", "file"}))
    {
        return "unknown --topology=" + topology;
    }
    if (!OneOf(workload, {"flash-crowd", "staggered", "churn", "zipf", "sessions", "trace"}))
    {
        return "unknown --workload=" + workload;
    }
    if (std::string problem = WorkloadProblem(); !problem.empty())
    {
        return problem;
    }
    if (std::string problem = PeerClassesProblem(); !problem.empty())
    {
        return problem;
    }
    if (std::string problem = EngineProblem(); !problem.empty())
    {
        return problem;
    }
    if (!OneOf(flowmon, {"auto", "true", "false"}))
    {
        return "--flowmon is auto, true or false";
    }
    if (seeds < 1 || peers <= seeds)
    {
        return "need --seeds >= 1 and --peers > --seeds (the rest are fetchers)";
    }
    if (peers > MaxPeers(engine))
    {
        return "--peers is at most " + std::to_string(MaxPeers(engine)) +
               " with --engine=" + engine;
    }
    if (contentSize < 1)
    {
        return "--contentSize must be at least 1 byte";
    }
    if (workload == "zipf" &&
        (contents < 1 || contents > 99999 || fetchPerPeer < 1 || fetchPerPeer > contents))
    {
        return "zipf needs 1 <= --fetchPerPeer <= --contents <= 99999";
    }
    if (!InRange(zipfExponent, 0, 100))
    {
        return "--zipfExponent must be in [0, 100]";
    }
    if (!(loss >= 0 && loss < 1))
    {
        return "--loss must be in [0, 1)";
    }
    if (!OneOf(lossModel, {"uniform", "burst"}) || burstSize < 1)
    {
        return "--lossModel is uniform or burst, and --burstSize >= 1";
    }
    if (!OneOf(lanMedium, {"shared", "switched"}))
    {
        return "--lanMedium is shared or switched";
    }
    if (!OneOf(lossOn, {"all", "access", "bottleneck"}))
    {
        return "--lossOn is all, access or bottleneck";
    }
    if (!InRange(crowdWindow, 0, kMaxSeconds) || !InRange(arrivalMean, 0, kMaxSeconds) ||
        !(churnInterval > 0) || churnInterval > kMaxSeconds || !(downTime > 0) ||
        downTime > kMaxSeconds || !InRange(crashFraction, 0, 1))
    {
        return "need --crowdWindow and --arrivalMean in [0, 1e6] s, --churnInterval and --downTime "
               "in (0, 1e6] s, 0 <= --crashFraction <= 1";
    }
    if (churnCount > kMaxChurnCount)
    {
        return "--churnCount is at most " + std::to_string(kMaxChurnCount);
    }
    if (lanSize < 1 || lanSize > 250 || lansPerRouter < 1 || lansPerRouter > 256)
    {
        return "tree needs 1 <= --lanSize <= 250 and 1 <= --lansPerRouter <= 256";
    }
    if (topology == "tree")
    {
        // One /16 per distribution router, 10.16.0.0 to 10.215.0.0 (plan/topology/tree-plan.cc).
        uint32_t lans = (peers + lanSize - 1) / lanSize;
        uint32_t routers = (lans + lansPerRouter - 1) / lansPerRouter;
        if (routers > p2p::topology::kTreeMaxRouters)
        {
            return "tree: " + std::to_string(peers) + " peers need " + std::to_string(routers) +
                   " distribution routers, at most " +
                   std::to_string(p2p::topology::kTreeMaxRouters) +
                   " (raise --lanSize or --lansPerRouter)";
        }
        const bool switched = lanMedium == "switched" || !peerClasses.empty();
        if (switched &&
            p2p::topology::TreeSwitchBlockSize(lanSize) * uint64_t{lansPerRouter} > 65536)
        {
            return "tree: " + std::to_string(lansPerRouter) + " access switches of " +
                   std::to_string(lanSize) +
                   " peers do not fit the /16 of a distribution router (a switch takes 4 "
                   "addresses per peer, rounded up to a power of 2): lower --lanSize or "
                   "--lansPerRouter";
        }
    }
    // The index (and the access point or routers) share one subnet with the peers.
    if ((topology == "lan" || topology == "wifi") && peers > 65533)
    {
        return topology + ": at most 65533 peers (one /16 for the peers, the index or the access "
                          "point)";
    }
    if (topology == "dumbbell" && peers > 504)
    {
        return "dumbbell: at most 504 peers (two /24 LANs, each with its router, the left one with "
               "the index)";
    }
    if (!OneOf(topologyFormat, {"Inet", "Orbis", "Rocketfuel"}))
    {
        return "--topologyFormat is Inet, Orbis or Rocketfuel";
    }
    if (!(simTime > 0) || simTime > kMaxSeconds)
    {
        return "--simTime must be in (0, 1e6] s";
    }
    if (!IsDataRate(dataRate) || (!bottleneckRate.empty() && !IsDataRate(bottleneckRate)))
    {
        return "not a data rate (write e.g. 100Mbps): " + dataRate + " " + bottleneckRate;
    }
    if (!IsDelay(delay) || (!bottleneckDelay.empty() && !IsDelay(bottleneckDelay)))
    {
        return "not a delay from 0 to 10 s (write e.g. 50us or 2ms): " + delay + " " +
               bottleneckDelay;
    }
    if (outDir.empty())
    {
        return "--outDir must not be empty";
    }
    if (!replay.empty() && SameDirectory(outDir, std::filesystem::path(replay).parent_path()))
    {
        return "--replay would overwrite the summary.json of the run it replays: give --outDir "
               "another folder than the one of " +
               replay;
    }
    return {};
}

std::string
ScenarioOptions::WorkloadProblem() const
{
    Distribution d;
    for (const auto& [name, text] : {std::pair{"--session", &session}, {"--offTime", &offTime}})
    {
        if (std::string why = ParseDistribution(*text, d); !why.empty())
        {
            return std::string(name) + ": " + why;
        }
    }
    if (!(churnUntil > 0) || churnUntil > kMaxSeconds)
    {
        return "--churnUntil must be in (0, 1e6] s";
    }
    if ((workload == "trace") != !trace.empty())
    {
        return workload == "trace" ? "--workload=trace needs --trace=FILE"
                                   : "--trace needs --workload=trace";
    }
    SeedingPolicy parsed;
    return ParseSeedingPolicy(seeding, parsed);
}

std::string
ScenarioOptions::PeerClassesProblem() const
{
    if (peerClasses.empty())
    {
        return seedClass == 0 ? "" : "--seedClass needs --peerClasses";
    }
    std::vector<PeerClass> classes;
    if (std::string why = ParsePeerClasses(peerClasses, classes); !why.empty())
    {
        return why;
    }
    for (const PeerClass& c : classes)
    {
        if (!IsDataRate(c.down) || !IsDataRate(c.up))
        {
            return "--peerClasses: not a data rate (write e.g. 10Mbps): " + c.down + "/" + c.up;
        }
        if (!c.delay.empty() && !IsDelay(c.delay))
        {
            return "--peerClasses: not a delay from 0 to 10 s (write e.g. 2ms): " + c.delay;
        }
    }
    if (seedClass > classes.size())
    {
        return "--seedClass=" + std::to_string(seedClass) + ": there are " +
               std::to_string(classes.size()) + " classes";
    }
    if (!OneOf(topology, {"star", "tree"}) && !(topology == "lan" && lanMedium == "switched"))
    {
        return "--peerClasses works on --topology=star, tree and lan with --lanMedium=switched (a "
               "shared CSMA LAN or Wi-Fi cell has one rate for every station and both directions; "
               "the dumbbell's LANs take no classes)";
    }
    return {};
}

void
ScenarioOptions::WriteJson(JsonWriter& json) const
{
    json.BeginObject();
    json.Field("topology", topology);
    json.Field("workload", workload);
    json.Field("peers", peers);
    json.Field("seeds", seeds);
    json.Field("contentSize", contentSize);
    json.Field("contents", contents);
    json.Field("zipfExponent", zipfExponent);
    json.Field("fetchPerPeer", fetchPerPeer);
    json.Field("loss", loss);
    json.Field("lossModel", lossModel);
    json.Field("burstSize", burstSize);
    json.Field("lossOn", lossOn);
    json.Field("dataRate", dataRate);
    json.Field("delay", delay);
    json.Field("bottleneckRate", bottleneckRate);
    json.Field("bottleneckDelay", bottleneckDelay);
    json.Field("lanMedium", lanMedium);
    json.Field("topologyFile", topologyFile);
    json.Field("topologyFormat", topologyFormat);
    json.Field("lanSize", lanSize);
    json.Field("lansPerRouter", lansPerRouter);
    json.Field("peerClasses", peerClasses);
    json.Field("seedClass", seedClass);
    WriteProtocolOptions(json);
    json.Field("crowdWindow", crowdWindow);
    json.Field("arrivalMean", arrivalMean);
    json.Field("churnInterval", churnInterval);
    json.Field("churnCount", churnCount);
    json.Field("downTime", downTime);
    json.Field("crashFraction", crashFraction);
    json.Field("session", session);
    json.Field("offTime", offTime);
    json.Field("churnUntil", churnUntil);
    json.Field("trace", trace);
    json.Field("seeding", seeding);
    json.Field("simTime", simTime);
    json.Field("outDir", outDir);
    json.Field("pcap", pcap);
    json.Field("ascii", ascii);
    json.Field("netanim", netanim);
    json.Field("flowmon", WantsFlowMonitor());
    json.Field("engine", engine);
    json.Field("pduRows", pduRows);
    json.Field("tcp", tcp);
    json.EndObject();
}

std::string
ScenarioOptions::EngineProblem() const
{
    if (!OneOf(engine, {"ns3", "simgrid"}))
    {
        return "--engine is ns3 or simgrid";
    }
    if (std::string problem = TcpProfileProblem(tcp); !problem.empty())
    {
        return problem;
    }
    if (engine == "ns3")
    {
        return pduRows ? "" : "--pduRows=false needs --engine=simgrid (ns-3 always writes them)";
    }
    const std::string flowLevel = " has no meaning at flow level (--engine=simgrid)";
    if (loss > 0)
    {
        return "--loss: SimGrid's flow-level network loses no packet (--engine=simgrid runs "
               "with --loss=0)";
    }
    if (OneOf(topology, {"wifi", "file"}))
    {
        return "--topology=" + topology + flowLevel;
    }
    for (auto [name, on] : {std::pair{"--pcap", pcap}, std::pair{"--ascii", ascii},
                            std::pair{"--netanim", netanim}, std::pair{"--flowmon", flowmon == "true"},
                            std::pair{"--replay", !replay.empty()}})
    {
        if (on)
        {
            return std::string(name) + flowLevel;
        }
    }
    return "";
}

} // namespace p2p::scenario
