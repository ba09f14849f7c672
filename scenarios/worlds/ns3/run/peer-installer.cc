// SPDX-License-Identifier: GPL-2.0-only
#include "peer-installer.h"

#include "apps/ns3/index-server-helper.h"
#include "apps/ns3/peer-helper.h"

#include "ns3/boolean.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
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

// For each life, when the same peer's next life starts (zero: it has none). A peer's lives are
// planned in the order they start.
std::vector<ns3::Time>
NextStarts(const WorkloadPlan& plan)
{
    std::vector<ns3::Time> next(plan.lives.size());
    std::map<uint32_t, ns3::Time> laterStart; // by slot, scanning from the last life
    for (size_t i = plan.lives.size(); i-- > 0;)
    {
        auto it = laterStart.find(plan.lives[i].slot);
        if (it != laterStart.end())
        {
            next[i] = it->second;
        }
        laterStart[plan.lives[i].slot] = plan.lives[i].start;
    }
    return next;
}

} // namespace

ns3::Ptr<ns3::Node>
PeerNode(const Topology& topology, const PeerPlan& life)
{
    return topology.peerNodes.Get(life.slot);
}

ns3::Ptr<ns3::IndexServerApplication>
InstallIndex(const Topology& topology)
{
    using namespace ns3;
    IndexServerHelper helper; // the protocol settings are the attributes' defaults
    ApplicationContainer apps = helper.Install(topology.indexNode);
    apps.Start(Seconds(0));
    return DynamicCast<IndexServerApplication>(apps.Get(0));
}

std::vector<InstalledLife>
InstallPeers(const WorkloadPlan& plan, const Topology& topology, const PeerSettings& settings)
{
    using namespace ns3;
    PeerHelper helper(topology.indexAddress);
    // The protocol settings are the attributes' defaults, which the options set (option-attributes.h).
    if (!settings.registerDownloads)
    {
        // Only then: otherwise the attribute's default (which --ns3:: may set) holds.
        helper.SetAttribute("RegisterDownloads", BooleanValue(false));
    }
    helper.SetAttribute("RunSeed", UintegerValue(settings.runSeed));

    std::vector<InstalledLife> lives;
    std::vector<ns3::Time> nextStarts = NextStarts(plan);
    for (size_t i = 0; i < plan.lives.size(); ++i)
    {
        const PeerPlan& life = plan.lives[i];
        helper.SetAttribute("HeldContent", StringValue(HeldSpec(life, plan)));

        Ptr<Node> node = PeerNode(topology, life);
        ApplicationContainer apps = helper.Install(node, life.name);
        apps.Start(life.start);
        ns3::Time stop;
        ns3::Time next = nextStarts[i];
        if (life.crashes)
        {
            stop = life.end; // the crash itself
        }
        else if (!next.IsZero())
        {
            // A peer's lives never overlap: the next starts after this one's end. Its stop comes
            // between the two, at most 1 us before the next start.
            stop = next - std::min(MicroSeconds(1), (next - life.end) / 2);
        }
        // No stop time: stopping an application quits it gracefully. The PeerLifeCycle crashes
        // it at `stop` instead.
        lives.push_back({&life, DynamicCast<PeerApplication>(apps.Get(0)), node->GetId(), stop});
    }
    return lives;
}

} // namespace p2p::scenario
