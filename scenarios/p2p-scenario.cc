// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2p-scenario: the centralized-index P2P protocol on a chosen topology, with a chosen workload
 * and loss. One run writes one folder: plan.json, events.csv, run.json, summary.json (computed from
 * the other three by the summarizer, scenarios/summary/), flowmon.xml, and on request pcap and
 * ascii traces and NetAnim XML. Replications: --RngRun=1, 2, ... (ns-3's global RngRun).
 *
 *   p2p-scenario                                   # lan, flash crowd, 2% loss, 20 peers
 *   p2p-scenario --topology=tree --peers=2000 --workload=staggered --arrivalMean=0.01
 *   p2p-scenario --loss=0.1 --peers=40 --policy=random --RngRun=3 --outDir=runs/r3
 *   p2p-scenario --replay=runs/default/events.csv --outDir=runs/bulk   # ns-3 BulkSend floor
 *
 * Any ns-3 attribute can be set as well, and wins over the scenario's stack defaults:
 *   p2p-scenario --ns3::TcpSocket::SegmentSize=536 --ns3::p2p::PeerApplication::ChunkSize=1000
 *
 * See scenarios/README.md for every topology, workload and output.
 */

#include "scenarios/worlds/ns3/baseline/bulk-replay.h"
#include "scenarios/worlds/ns3/loss/link-loss.h"
#include "scenarios/worlds/ns3/ns3-settings.h"
#include "scenarios/option-attributes.h"
#include "scenarios/worlds/ns3/output/animation.h"
#include "scenarios/worlds/ns3/output/event-log.h"
#include "scenarios/worlds/ns3/output/flow-monitor-output.h"
#include "scenarios/summary/json-writer.h"
#include "scenarios/worlds/ns3/output/packet-traces.h"
#include "scenarios/worlds/ns3/output/progress-display.h"
#include "scenarios/worlds/ns3/output/run-record.h"
#include "scenarios/plan/plan-json.h"
#include "scenarios/worlds/ns3/run-control.h"
#include "scenarios/worlds/ns3/tcp-profile.h"
#include "scenarios/scenario-options.h"
#include "scenarios/scenario-plan.h"
#include "scenarios/summary/summarize.h"
#include "scenarios/worlds/ns3/topology/graph-network.h"
#include "scenarios/worlds/ns3/topology/topology-graph.h"
#include "scenarios/worlds/ns3/topology/topology.h"
#include "scenarios/network-options.h"
#include "scenarios/worlds/ns3/full-size-segments.h"
#include "scenarios/plan/topology/network-plan.h"
#include "scenarios/worlds/ns3/run/fetch-scheduler.h"
#include "scenarios/worlds/ns3/run/peer-installer.h"
#include "scenarios/worlds/ns3/run/peer-life-cycle.h"
#include "scenarios/workload/plan-lives.h"
#include "scenarios/worlds/ns3/run/plan-settings.h"
#include "scenarios/workload/seeding-policy.h"
#include "scenarios/workload/trace.h"
#include "scenarios/workload/workload.h"
#include "scenarios/world-program.h"

#include "apps/ns3/index-server-application-internal.h"
#include "apps/ns3/peer-application-internal.h"

#include "model/event_format.h"

#include "ns3/animation-interface.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#ifndef P2P_SCENARIO_TOPOLOGIES_DIR
#define P2P_SCENARIO_TOPOLOGIES_DIR "scenarios/topologies"
#endif
#ifndef P2P_SCENARIO_INSTALLED_TOPOLOGIES
#define P2P_SCENARIO_INSTALLED_TOPOLOGIES "../share/p2p-testbed/topologies"
#endif

using namespace ns3;
using namespace p2p::scenario;

NS_LOG_COMPONENT_DEFINE("P2pScenario");

namespace
{

// Exit codes besides 0 (success) and 1 (a replay that did not deliver every transfer).
constexpr int kBadOptions = 2;  // refused before anything ran, with a message
constexpr int kWriteFailed = 4; // an output could not be written (summary.json is then absent)

// The shipped example topology: beside an installed program (PREFIX/bin/../share/p2p-testbed), else
// in the source tree the program was built from.
std::string
ShippedTopologyFile()
{
    std::error_code error;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error)
    {
        std::filesystem::path installed =
            self.parent_path() / P2P_SCENARIO_INSTALLED_TOPOLOGIES / "campus.inet";
        if (std::filesystem::exists(installed, error))
        {
            return installed.lexically_normal().string();
        }
    }
    return std::string(P2P_SCENARIO_TOPOLOGIES_DIR) + "/campus.inet";
}

TopologyParams
TopologyParamsOf(const ScenarioOptions& o)
{
    TopologyParams p;
    p.peers = o.peers;
    p.dataRate = o.dataRate;
    p.delay = o.delay;
    p.bottleneckRate = o.bottleneckRate;
    p.bottleneckDelay = o.bottleneckDelay;
    p.file = o.topologyFile.empty() ? ShippedTopologyFile() : o.topologyFile;
    p.format = o.topologyFormat;
    return p;
}

// The network of a run and its graph. lan, star, dumbbell and tree: the graph is planned from the
// options, and ns-3 builds its network from the graph when it runs the plan (before the workload
// is planned, as it always was: ns-3 numbers its random streams in the order objects are made).
// wifi and file: ns-3 builds the network and the graph is read off it.
struct RunNetwork
{
    p2p::plan::Topology graph;
    std::string description;
    Topology topology; // empty when ns-3 does not run a planned topology
    p2p::topology::NetworkParams params; // planned topologies
    uint32_t peers = 0;
};

// Returns why the network cannot be made, or an empty string.
std::string
MakeRunNetwork(const ScenarioOptions& o, bool buildNs3, RunNetwork& out)
{
    const std::string noLossyLinks = "topology " + o.topology + " has no " + o.lossOn +
                                     " links (use --lossOn=all or access)";
    if (p2p::topology::IsPlannedAsGraph(o.topology))
    {
        out.params = NetworkParamsOf(o);
        p2p::topology::NetworkPlan network = p2p::topology::PlanNetwork(o.topology, out.params);
        if (o.loss > 0 && std::none_of(network.graph.links.begin(), network.graph.links.end(),
                                       [](const auto& link) { return link.loss > 0; }))
        {
            return noLossyLinks;
        }
        if (buildNs3)
        {
            out.topology = BuildGraphNetwork(network.graph, network.description);
        }
        out.graph = std::move(network.graph);
        out.description = network.description;
        out.peers = o.peers;
        return {};
    }
    TopologyParams topologyParams = TopologyParamsOf(o);
    if (o.topology == "file" && !std::ifstream(topologyParams.file))
    {
        return "cannot read --topologyFile=" + topologyParams.file;
    }
    out.topology = BuildTopology(o.topology, topologyParams);
    const LossParams loss{o.loss, o.lossModel, o.burstSize, o.lossOn};
    if (o.loss > 0 && LossyDevices(out.topology, loss).GetN() == 0)
    {
        return noLossyLinks;
    }
    ApplyLoss(out.topology, loss);
    out.graph = DescribeTopology(o.topology, out.topology, loss);
    out.description = out.topology.description;
    out.peers = out.topology.peerNodes.GetN();
    return {};
}

WorkloadParams
WorkloadParamsOf(const ScenarioOptions& o, uint32_t peers, Time begin, const Trace* trace)
{
    WorkloadParams p;
    p.peers = peers;
    p.seeds = o.seeds;
    p.contentSize = o.contentSize;
    p.contents = o.contents;
    p.zipfExponent = o.zipfExponent;
    p.fetchPerPeer = o.fetchPerPeer;
    p.crowdWindow = o.crowdWindow;
    p.arrivalMean = o.arrivalMean;
    p.churnInterval = o.churnInterval;
    p.churnCount = o.churnCount;
    p.downTime = o.downTime;
    p.crashFraction = o.crashFraction;
    ParseDistribution(o.session, p.session); // checked by ScenarioOptions::Problem()
    ParseDistribution(o.offTime, p.offTime);
    p.churnUntil = o.churnUntil;
    p.trace = trace;
    p.begin = begin;
    return p;
}

// The seed names of a run: seed0, seed1, ... (workload.cc), which a trace may address.
std::set<std::string>
SeedNames(uint32_t seeds)
{
    std::set<std::string> names;
    for (uint32_t s = 0; s < seeds; ++s)
    {
        names.insert("seed" + std::to_string(s));
    }
    return names;
}

// ns-3 defaults that would distort a file-sharing run or slow it down; set before the command line
// is parsed, so that a --ns3::... setting of the same attribute (or --SchedulerType) wins.
void
ConfigureStackDefaults()
{
    UseFullSizeSegments();
    // After an unanswered ARP (three lost requests on a lossy link) ns-3 drops every packet to
    // that neighbour for 100 s; hosts try again much sooner, so a lost ARP costs a retry, not a
    // peer.
    Config::SetDefault("ns3::ArpCache::DeadTimeout", TimeValue(Seconds(1)));
    // ns-3 3.37 crashes when a zero-window persist timer fires with nothing left to send
    // (TcpSocketBase::PersistTimeout copies a byte from an empty send buffer), as seen with 3,000
    // peers at 2% loss. The probes are off (a timer longer than any run): a connection that stays
    // at a zero window is caught by the stall timeout and fails over, like any stalled transfer.
    Config::SetDefault("ns3::TcpSocket::PersistTimeout", TimeValue(Seconds(1e6)));
    // The event queue: a binary heap (std::priority_queue) runs the same events as ns-3's default
    // map in 5-9% less CPU (the tree's flash crowd at 1,000 to 10,000 peers; bench/README.md).
    GlobalValue::Bind("SchedulerType", StringValue("ns3::PriorityQueueScheduler"));
}

// Every index request goes to events.csv (and to stdout with --verbose).
void
ConnectIndexTrace(Ptr<IndexServerApplication> index, uint32_t node, EventLog& events, bool verbose)
{
    IndexServerApplicationInternal::ConnectCoreEvents(
        *index, Callback<void, const p2p::IndexEvent&>(
                       [&events, node, verbose](const p2p::IndexEvent& ev) {
                           events.Write(node, ev);
                           if (verbose)
                           {
                               std::printf("%.6f index: %s\n", p2p::to_seconds(ev.time),
                                           p2p::describe(ev).c_str());
                           }
                       }));
}

// Every event of every peer's core goes to events.csv, the progress display's tally, the run
// control and the life cycle (and to stdout with --verbose, but PDUs sent and received).
void
ConnectPeerTraces(const std::vector<InstalledLife>& lives,
                  EventLog& events,
                  DownloadTally& downloads,
                  RunControl& control,
                  FetchScheduler& fetches,
                  PeerLifeCycle& lifeCycle,
                  bool verbose)
{
    for (size_t i = 0; i < lives.size(); ++i)
    {
        const InstalledLife& life = lives[i];
        auto sink = [&events, &downloads, &control, &fetches, &lifeCycle, &life, i,
                     verbose](const p2p::PeerEvent& ev) {
            events.Write(life.node, life.plan->name, i, ev);
            downloads.OnPeerEvent(life.plan->Survives(), ev);
            control.OnPeerEvent(i, ev);
            fetches.OnPeerEvent(i, ev);
            lifeCycle.OnPeerEvent(i, ev);
            if (verbose && ev.kind != p2p::PeerEventKind::PduSent &&
                ev.kind != p2p::PeerEventKind::PduReceived)
            {
                std::printf("%.6f %s: %s\n", p2p::to_seconds(ev.time), life.plan->name.c_str(),
                            p2p::describe(ev).c_str());
            }
        };
        PeerApplicationInternal::ConnectCoreEvents(*life.app,
                                                   Callback<void, const p2p::PeerEvent&>(sink));
    }
}

void
PrintSummary(const p2p::summary::Summary& summary, const std::string& outDir)
{
    using p2p::summary::DownloadFigures;
    const p2p::summary::Json& plan = summary.folder.plan;
    const p2p::summary::Json& run = summary.folder.run;
    const p2p::summary::RunStatistics& stats = summary.stats;
    const DownloadFigures& d = stats.Downloads();
    std::printf("%s: %s; %s\n", plan["scenario"].get<std::string>().c_str(),
                plan["description"]["topology"].get<std::string>().c_str(),
                plan["description"]["workload"].get<std::string>().c_str());
    std::printf("  downloads: %llu requested, %llu completed, %llu failed",
                static_cast<unsigned long long>(d.requested),
                static_cast<unsigned long long>(d.completed),
                static_cast<unsigned long long>(d.failed));
    if (!d.completionTimes.empty())
    {
        std::printf("; completion time mean %.3f s, p50 %.3f s, p95 %.3f s",
                    p2p::summary::Mean(d.completionTimes),
                    p2p::summary::Percentile(d.completionTimes, 0.5),
                    p2p::summary::Percentile(d.completionTimes, 0.95));
    }
    std::printf(
        "\n  servers: %zu, Jain's fairness %.3f; UDP retransmissions %llu, failed attempts %llu\n",
        stats.ServerLoad().size(), stats.JainFairness(),
        static_cast<unsigned long long>(stats.Retransmissions()),
        static_cast<unsigned long long>(stats.FailedAttempts()));
    const p2p::summary::UploadStatistics& uploads = stats.Uploads();
    std::printf("  swarming: %llu busy answers, %llu new rounds, %llu resumes, %llu D refused; "
                "ranges served at once: mean %.2f, peak %llu\n",
                static_cast<unsigned long long>(stats.BusyAnswers()),
                static_cast<unsigned long long>(stats.RoundsStarted()),
                static_cast<unsigned long long>(stats.Resumes()),
                static_cast<unsigned long long>(uploads.Refused()), uploads.MeanActive(),
                static_cast<unsigned long long>(uploads.PeakActive()));
    const LifeCycleCounts& c = stats.Churn();
    if (c.Departures() + c.returns > 0)
    {
        std::printf("  churn: %llu arrivals, %llu departures (%llu crashes, %llu quits of which "
                    "%llu by the seeding policy), %llu returns; sessions ended: %llu, "
                    "mean %.3f s\n",
                    static_cast<unsigned long long>(c.arrivals),
                    static_cast<unsigned long long>(c.Departures()),
                    static_cast<unsigned long long>(c.crashes),
                    static_cast<unsigned long long>(c.quits),
                    static_cast<unsigned long long>(c.seedingDepartures),
                    static_cast<unsigned long long>(c.returns),
                    static_cast<unsigned long long>(c.sessionsEnded),
                    c.sessionsEnded ? c.sessionSeconds / static_cast<double>(c.sessionsEnded)
                                    : 0.0);
    }
    std::printf(
        "  simulated %.3f s (%s) in %.2f s of wall time, %llu simulator events, %llu event rows\n",
        run["sim_time_s"].get<double>(),
        run["workload_over"].get<bool>() ? "workload over" : "hit --simTime",
        run["wall_time_s"].get<double>(),
        static_cast<unsigned long long>(run["events"].get<uint64_t>()),
        static_cast<unsigned long long>(summary.eventRows));
    std::printf("  outputs in %s\n", outDir.c_str());
}

// Whether `--name` was given on the command line (a default that depends on the engine yields to
// it).
bool
GivenOnCommandLine(int argc, char* argv[], const std::string& name)
{
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg == "--" + name || arg.rfind("--" + name + "=", 0) == 0)
        {
            return true;
        }
    }
    return false;
}

// The summary of a finished run folder: summary.json, and the run's lines on stdout.
int
SummarizeFolder(const std::string& outDir)
{
    p2p::summary::Summary summary;
    std::string error = p2p::summary::Summarize(outDir, summary);
    if (error.empty())
    {
        error = WriteFileWhole(outDir + "/summary.json", summary.json);
    }
    if (!error.empty())
    {
        std::cerr << "p2p-scenario: " << error << "\n";
        return kWriteFailed;
    }
    PrintSummary(summary, outDir);
    return 0;
}

// --engine=simgrid: the flow-level world runs the plan in the run folder and writes its events.csv
// and run.json; the summary is the one every world gets.
int
RunFlowLevel(const ScenarioOptions& o)
{
    const std::string program = WorldProgram("p2p-simgrid");
    std::ostringstream simTime;
    simTime.precision(17);
    simTime << o.simTime;
    int code = RunWorldProgram(program, {o.outDir, "--simTime=" + simTime.str(),
                                         std::string("--pduRows=") + (o.pduRows ? "true" : "false")});
    if (code != 0)
    {
        if (code < 0)
        {
            std::cerr << "p2p-scenario: cannot run " << program << "\n";
        }
        return code < 0 ? kWriteFailed : code;
    }
    return SummarizeFolder(o.outDir);
}

// --replay: the same topology, loss and peer placement, ns-3's BulkSend instead of the protocol.
int
RunReplay(const ScenarioOptions& o,
          const WorkloadPlan& plan,
          const Topology& topology,
          std::chrono::steady_clock::time_point wallStart)
{
    ReplayFacts facts = RunBulkReplay(ReadCompletedDownloads(o.replay), plan, topology,
                                      Seconds(o.simTime));
    double wallTime =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::string error = WriteReplaySummary(o.outDir + "/summary.json", o.replay, facts, wallTime);
    if (!error.empty())
    {
        std::cerr << "p2p-scenario: " << error << "\n";
        Simulator::Destroy();
        return kWriteFailed;
    }
    std::printf("%s bulk-send replay of %s: %s\n", o.ScenarioName().c_str(), o.replay.c_str(),
                topology.description.c_str());
    std::printf("  transfers: %llu, %llu completed; bytes %llu of %llu received\n",
                static_cast<unsigned long long>(facts.transfers),
                static_cast<unsigned long long>(facts.completed),
                static_cast<unsigned long long>(facts.bytesReceived),
                static_cast<unsigned long long>(facts.bytesExpected));
    std::printf("  simulated %.3f s in %.2f s of wall time, %llu simulator events\n", facts.simTime,
                wallTime, static_cast<unsigned long long>(facts.simulatorEvents));
    std::printf("  outputs in %s\n", o.outDir.c_str());
    Simulator::Destroy();
    return facts.completed == facts.transfers ? 0 : 1;
}

} // namespace

int
main(int argc, char* argv[])
{
    auto wallStart = std::chrono::steady_clock::now();
    const Ns3Settings globalsAtStart = SnapshotGlobals();
    ConfigureStackDefaults();
    ScenarioOptions options;
    CommandLine cmd(__FILE__);
    options.AddTo(cmd);
    // Checked first: ns-3 itself would abort on a malformed value, or exit 1 with the whole help.
    if (std::string problem = ApplyAttributeArguments(argc, argv); !problem.empty())
    {
        std::cerr << "p2p-scenario: " << problem << "\n";
        return kBadOptions;
    }
    cmd.Parse(argc, argv);
    if (options.engine == "simgrid" && !GivenOnCommandLine(argc, argv, "loss"))
    {
        options.loss = 0; // SimGrid's network loses no packet: the default follows
    }
    for (const std::string& problem : {AttributeSettingsProblem(), options.Problem()})
    {
        if (!problem.empty())
        {
            std::cerr << "p2p-scenario: " << problem << "\n";
            return kBadOptions;
        }
    }
    ApplyTcpProfile(options.tcp, [argc, argv](const std::string& attribute) {
        return GivenOnCommandLine(argc, argv, attribute);
    });
    if (std::string problem = TcpProblem(TcpOfNs3()); !problem.empty())
    {
        std::cerr << "p2p-scenario: " << problem << "\n";
        return kBadOptions;
    }
    // --writePlan only plans: no run folder.
    const bool planOnly = !options.writePlan.empty();
    std::error_code dirError;
    if (!planOnly)
    {
        std::filesystem::create_directories(options.outDir, dirError);
        if (dirError || !std::filesystem::is_directory(options.outDir))
        {
            std::cerr << "p2p-scenario: cannot create --outDir=" << options.outDir
                      << (dirError ? ": " + dirError.message() : std::string()) << "\n";
            return kBadOptions;
        }
    }
    const std::string dir = options.outDir + "/";
    if (!planOnly)
    {
        // A summary.json left by an earlier run in this folder must not pass for this run's.
        std::filesystem::remove(dir + "summary.json", dirError);
    }

    // Until the resolution is fixed (or the simulator runs), ns-3 keeps a record of every Time
    // made, so that a change of resolution can convert them: a set insertion and erasure per Time,
    // and the planners make millions at a million peers. Fixing it (ns-3's nanoseconds, as ever)
    // ends the record.
    Time::SetResolution(Time::NS);
    RunNetwork network;
    const bool runsNs3 = !planOnly && options.engine == "ns3";
    if (std::string problem = MakeRunNetwork(options, runsNs3, network); !problem.empty())
    {
        std::cerr << "p2p-scenario: " << problem << "\n";
        return kBadOptions;
    }
    const Topology& topology = network.topology;
    const uint32_t peers = network.peers;
    if (peers <= options.seeds)
    {
        std::cerr << "p2p-scenario: the topology hosts " << peers
                  << " peers, not more than --seeds\n";
        return kBadOptions;
    }

    Trace trace;
    if (options.workload == "trace")
    {
        if (std::string error = ReadTrace(options.trace, SeedNames(options.seeds), trace);
            !error.empty())
        {
            std::cerr << "p2p-scenario: --trace: " << error << "\n";
            return kBadOptions;
        }
    }
    const WorkloadPlan planned = PlanWorkload(
        options.workload, WorkloadParamsOf(options, peers, topology.warmUp, &trace));
    if (!planned.problem.empty())
    {
        std::cerr << "p2p-scenario: " << planned.problem << "\n";
        return kBadOptions;
    }
    if (planned.lastPlanned > Seconds(options.simTime))
    {
        std::cerr << "p2p-scenario: warning: the workload's last planned event is at "
                  << planned.lastPlanned.GetSeconds() << " s, after --simTime=" << options.simTime
                  << ": the run will be cut short (raise --simTime)\n";
    }
    const uint64_t run = RngSeedManager::GetRun();
    const std::string planFile = planOnly ? options.writePlan : dir + "plan.json";
    if (std::string error = p2p::plan::WritePlanFile(
            planFile,
            MakeScenarioPlan({options, network.description, topology.warmUp,
                              network.params.peerClasses, network.params.classOf, planned,
                              PeerSettingsOfOptions(options, run), RngSeedManager::GetSeed(), run,
                              TcpOfNs3()},
                             std::move(network.graph)));
        !error.empty())
    {
        std::cerr << "p2p-scenario: " << error << "\n";
        Simulator::Destroy();
        return kWriteFailed;
    }
    if (planOnly)
    {
        Simulator::Destroy();
        return 0;
    }
    if (options.engine == "simgrid")
    {
        Simulator::Destroy();
        return RunFlowLevel(options);
    }
    // From here on the ns-3 world runs plan.json as any world reads it: its lives and settings,
    // not the planners' output (so the file is all another world needs to run the same lives).
    p2p::plan::Plan worldPlan;
    if (std::string error = p2p::plan::ReadPlanFile(planFile, worldPlan); !error.empty())
    {
        std::cerr << "p2p-scenario: " << error << "\n";
        Simulator::Destroy();
        return kWriteFailed;
    }
    const WorkloadPlan plan = WorkloadPlanOf(worldPlan);
    if (!options.replay.empty())
    {
        return RunReplay(options, plan, topology, wallStart);
    }
    // The plan's settings become the attributes' defaults, so every application takes them.
    for (const auto& [component, settings] :
         {std::pair{"peer", &worldPlan.peer_settings}, std::pair{"index", &worldPlan.index_settings}})
    {
        if (std::string error = ApplyProtocolSettings(component, *settings); !error.empty())
        {
            std::cerr << "p2p-scenario: " << error << "\n";
            Simulator::Destroy();
            return kBadOptions;
        }
    }
    Ptr<IndexServerApplication> index = InstallIndex(topology);
    const SeedingPolicy seeding = SeedingPolicyOf(worldPlan.seeding);
    std::vector<InstalledLife> lives =
        InstallPeers(plan, topology, PeerSettingsOf(worldPlan.peer_settings));

    EventLog events(dir + "events.csv");
    if (!events.IsOpen())
    {
        std::cerr << "p2p-scenario: cannot write " << dir << "events.csv\n";
        return kWriteFailed;
    }
    DownloadTally downloads;
    RunControl control(plan, lives, Seconds(options.simTime));
    FetchScheduler fetches(plan, lives);
    PeerLifeCycle lifeCycle(lives, seeding, events);
    ConnectIndexTrace(index, topology.indexNode->GetId(), events, options.verbose);
    ConnectPeerTraces(lives, events, downloads, control, fetches, lifeCycle, options.verbose);

    std::optional<FlowMonitorOutput> flows;
    if (options.WantsFlowMonitor())
    {
        flows.emplace();
    }
    else if (options.flowmon == "auto")
    {
        std::cout << "  FlowMonitor off above " << ScenarioOptions::kFlowmonAutoPeers
                  << " peers (its set-up grows with the square of the nodes); --flowmon=true forces it\n";
    }
    NetDeviceContainer devices(topology.accessDevices, topology.bottleneckDevices);
    if (options.pcap)
    {
        EnablePcap(dir + "p2p", devices);
    }
    if (options.ascii)
    {
        EnableAscii(dir + "p2p.tr", devices);
    }
    std::unique_ptr<AnimationInterface> animation;
    if (options.netanim)
    {
        animation = StartAnimation(dir + "netanim.xml", topology.allNodes);
    }

    std::optional<ProgressDisplay> progress;
    if (!options.quiet)
    {
        progress.emplace(downloads, plan, Seconds(options.simTime), ProgressDisplay::ModeOfStderr(),
                         wallStart);
    }
    Simulator::Run();
    if (progress)
    {
        progress->Finish();
    }
    RunRecord record;
    record.simTime = Simulator::Now().GetSeconds();
    record.workloadOver = control.Finished();
    // The run's own events: the progress display's checks are not part of it.
    record.simulatorEvents = Simulator::GetEventCount() - (progress ? progress->Checks() : 0);
    record.peersRun = peers;
    if (flows)
    {
        flows->Write(dir + "flowmon.xml");
    }
    // The folder complete (plan.json, written before the run; events.csv, run.json) before
    // summary.json says the run is over; the summary is computed from the folder alone, as
    // p2p-summarize would.
    std::string error = events.Close();
    record.wallTime =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    record.ns3Settings = ChangedSettings(globalsAtStart);
    if (error.empty())
    {
        error = WriteRunRecord(dir + "run.json", record);
    }
    p2p::summary::Summary summary;
    if (error.empty())
    {
        error = p2p::summary::Summarize(options.outDir, summary);
    }
    if (error.empty())
    {
        error = WriteFileWhole(dir + "summary.json", summary.json);
    }
    if (error.empty())
    {
        PrintSummary(summary, options.outDir);
    }

    animation.reset();
    Simulator::Destroy();
    if (!error.empty())
    {
        std::cerr << "p2p-scenario: " << error << "\n";
        return kWriteFailed;
    }
    return 0;
}
