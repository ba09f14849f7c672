#include "peer-installer.h"

#include "apps/ns3/index-server-helper.h"
#include "apps/ns3/peer-helper.h"

#include "ns3/boolean.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <map>

namespace p2p::scenario
{
namespace
{

std::string
HeldSpec(const PeerPlan& life, const WorkloadPlan& plan)
{
    std::map<std::string, uint64_t> sizes;
    for (const ContentItem& item : plan.catalogue)
    {
        sizes[item.name] = item.size;
    }
    std::string spec;
    for (const std::string& name : life.held)
    {
        spec += (spec.empty() ? "" : ",") + name + ":" + std::to_string(sizes.at(name));
    }
    return spec;
}

// When the same peer's next life starts, if it has one.
ns3::Time
NextStart(const WorkloadPlan& plan, const PeerPlan& life)
{
    for (const PeerPlan& other : plan.lives)
    {
        if (other.slot == life.slot && other.start > life.start)
        {
            return other.start;
        }
    }
    return ns3::Time();
}

} // namespace

ns3::Ptr<ns3::Node>
PeerNode(const Topology& topology, const PeerPlan& life)
{
    return topology.peerNodes.Get(life.slot);
}

ns3::Ptr<ns3::IndexServerApplication>
InstallIndex(const Topology& topology, const IndexSettings& settings)
{
    using namespace ns3;
    IndexServerHelper helper;
    helper.SetAttribute("Policy", StringValue(settings.policy));
    helper.SetAttribute("Seed", UintegerValue(settings.seed));
    helper.SetAttribute("AssignmentTimeout", TimeValue(Seconds(settings.assignmentTimeout)));
    ApplicationContainer apps = helper.Install(topology.indexNode);
    apps.Start(Seconds(0));
    return DynamicCast<IndexServerApplication>(apps.Get(0));
}

std::vector<InstalledLife>
InstallPeers(const WorkloadPlan& plan, const Topology& topology, const PeerSettings& settings)
{
    using namespace ns3;
    PeerHelper helper(topology.indexAddress);
    helper.SetAttribute("ChunkSize", UintegerValue(settings.chunkSize));
    helper.SetAttribute("RetryTimeout", TimeValue(Seconds(settings.retryTimeout)));
    helper.SetAttribute("RetryMaxTries", UintegerValue(settings.retryMaxTries));
    helper.SetAttribute("ConnectTimeout", TimeValue(Seconds(settings.connectTimeout)));
    helper.SetAttribute("StallTimeout", TimeValue(Seconds(settings.stallTimeout)));
    helper.SetAttribute("RequestTimeout", TimeValue(Seconds(settings.requestTimeout)));
    helper.SetAttribute("UploadSlots", UintegerValue(settings.uploadSlots));
    helper.SetAttribute("Sources", UintegerValue(settings.sources));
    helper.SetAttribute("PieceSize", UintegerValue(settings.pieceSize));
    helper.SetAttribute("BusyBackoff", TimeValue(Seconds(settings.busyBackoff)));
    helper.SetAttribute("BusyBackoffMax", TimeValue(Seconds(settings.busyBackoffMax)));
    helper.SetAttribute("DownloadDeadline", TimeValue(Seconds(settings.downloadDeadline)));
    helper.SetAttribute("RunSeed", UintegerValue(settings.runSeed));

    std::vector<InstalledLife> lives;
    for (const PeerPlan& life : plan.lives)
    {
        helper.SetAttribute("HeldContent", StringValue(HeldSpec(life, plan)));
        bool leaves = !life.Survives() && !life.crashes;
        helper.SetAttribute("LeaveTime", TimeValue(leaves ? life.end - life.start : ns3::Time()));

        Ptr<Node> node = PeerNode(topology, life);
        ApplicationContainer apps = helper.Install(node, life.name);
        apps.Start(life.start);
        ns3::Time stop;
        if (life.crashes)
        {
            stop = life.end;
        }
        else if (leaves && !NextStart(plan, life).IsZero())
        {
            stop = NextStart(plan, life) - MicroSeconds(1);
        }
        if (!stop.IsZero())
        {
            apps.Stop(stop);
        }
        lives.push_back({&life, DynamicCast<PeerApplication>(apps.Get(0)), node->GetId(), stop});
    }
    return lives;
}

} // namespace p2p::scenario
