// SPDX-License-Identifier: GPL-2.0-only
#include "graph-network.h"
#include "indexed-static-routing.h"

#include "arp-learning.h"
#include "scenarios/worlds/ns3/tcp/small-queues-tcp-socket-factory.h"

#include "ns3/abort.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-list-routing-helper.h"

namespace p2p::scenario
{

namespace
{

// InternetStackHelper's default stack, with the indexed static routing in the place of ns-3's.
ns3::InternetStackHelper
GraphStack()
{
    ns3::Ipv4ListRoutingHelper list;
    list.Add(IndexedStaticRoutingHelper(), 0);
    list.Add(ns3::Ipv4GlobalRoutingHelper(), -10);
    ns3::InternetStackHelper stack;
    stack.SetRoutingHelper(list);
    return stack;
}

} // namespace

uint32_t
GraphNodeNumber(const std::string& id)
{
    NS_ABORT_MSG_UNLESS(id.size() > 1 && id[0] == 'n', "not a node id: " << id);
    return static_cast<uint32_t>(std::stoul(id.substr(1)));
}

Topology
BuildGraphNetwork(const p2p::plan::Topology& graph, const std::string& description)
{
    using namespace ns3;
    Topology topo;
    topo.description = description;
    topo.allNodes.Create(static_cast<uint32_t>(graph.nodes.size()));
    std::vector<Ptr<Node>> peers;
    for (uint32_t n = 0; n < graph.nodes.size(); ++n)
    {
        const p2p::plan::Node& entry = graph.nodes[n];
        NS_ABORT_MSG_UNLESS(GraphNodeNumber(entry.id) == n, "node " << entry.id << " out of order");
        if (entry.role == "index")
        {
            topo.indexNode = topo.allNodes.Get(n);
        }
        else if (entry.role == "peer" && entry.slot)
        {
            peers.resize(std::max<size_t>(peers.size(), *entry.slot + 1));
            peers[*entry.slot] = topo.allNodes.Get(n);
        }
    }
    NS_ABORT_MSG_UNLESS(topo.indexNode, "the graph has no index node");
    for (const Ptr<Node>& peer : peers)
    {
        NS_ABORT_MSG_UNLESS(peer, "the graph misses a peer slot");
        topo.peerNodes.Add(peer);
    }

    // The order ns-3 creates its objects in decides the random streams they draw from (a CSMA
    // device's back-off, a node's ARP jitter): a single shared segment gets its devices before the
    // nodes' IP stacks, every other network the stacks first, as they always were.
    const bool stacksFirst = !(graph.links.size() == 1 && graph.links[0].kind == "csma");
    if (stacksFirst)
    {
        GraphStack().Install(topo.allNodes);
    }
    std::vector<NetDeviceContainer> links;
    links.reserve(graph.links.size());
    for (const p2p::plan::Link& link : graph.links)
    {
        NodeContainer members;
        for (const std::string& id : link.nodes)
        {
            members.Add(topo.allNodes.Get(GraphNodeNumber(id)));
        }
        links.push_back(InstallGraphLink(link, members, IsBridged(link, graph)));
        (link.bottleneck ? topo.bottleneckDevices : topo.accessDevices).Add(links.back());
        if (stacksFirst)
        {
            AssignGraphAddresses(link, links.back(), graph);
        }
    }
    InstallGraphBridges(graph, topo.allNodes, links);
    if (!stacksFirst)
    {
        GraphStack().Install(topo.allNodes);
        for (size_t l = 0; l < graph.links.size(); ++l)
        {
            AssignGraphAddresses(graph.links[l], links[l], graph);
        }
    }
    for (uint32_t n = 0; n < graph.nodes.size(); ++n)
    {
        InstallGraphRoutes(topo.allNodes.Get(n), graph.nodes[n], graph, links);
    }
    ApplyGraphLoss(graph, links);
    LearnArpFromRequests(topo.allNodes);
    InstallTcpSmallQueues(topo.allNodes);
    topo.indexAddress = FirstAddress(topo.indexNode);
    return topo;
}

} // namespace p2p::scenario
