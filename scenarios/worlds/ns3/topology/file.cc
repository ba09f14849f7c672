// SPDX-License-Identifier: GPL-2.0-only
// A network read from a topology file (ns-3 topology-read: Inet, Orbis, Rocketfuel). Every link of
// the file becomes a point-to-point link; peers run on the file's nodes 1, 2, ... and the index on
// a host of its own hanging off node 0, so that it has one address (the peers accept replies only
// from the address they sent to). Links with a node of degree one are access links, the others
// are bottleneck (core) links.
#include "topology.h"

#include "ns3/abort.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"
#include "ns3/topology-reader-helper.h"

#include <map>

namespace p2p::scenario
{

Topology
BuildFileTopology(const TopologyParams& params)
{
    using namespace ns3;
    TopologyReaderHelper reader;
    reader.SetFileName(params.file);
    reader.SetFileType(params.format);
    Ptr<TopologyReader> input = reader.GetTopologyReader();
    NS_ABORT_MSG_IF(!input, "cannot read a topology of format " << params.format);
    NodeContainer routers = input->Read();
    NS_ABORT_MSG_IF(routers.GetN() < 2,
                    "topology file " << params.file << " has fewer than two nodes");

    Topology topo;
    NodeContainer index(1);
    topo.indexNode = index.Get(0);
    topo.allNodes.Add(routers);
    topo.allNodes.Add(index);
    for (uint32_t i = 1; i < routers.GetN() && i <= params.peers; ++i)
    {
        topo.peerNodes.Add(routers.Get(i));
    }
    InternetStackHelper().Install(topo.allNodes);

    std::map<Ptr<Node>, uint32_t> degree;
    for (auto link = input->LinksBegin(); link != input->LinksEnd(); ++link)
    {
        ++degree[link->GetFromNode()];
        ++degree[link->GetToNode()];
    }

    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", StringValue(params.dataRate));
    access.SetChannelAttribute("Delay", StringValue(params.delay));
    std::string rate = OrDefault(params.bottleneckRate, params.dataRate);
    std::string delay = OrDefault(params.bottleneckDelay, params.delay);
    PointToPointHelper core;
    core.SetDeviceAttribute("DataRate", StringValue(rate));
    core.SetChannelAttribute("Delay", StringValue(delay));

    Ipv4AddressHelper addresses("10.6.0.0", "255.255.255.252");
    NetDeviceContainer indexLink = access.Install(index.Get(0), routers.Get(0));
    addresses.Assign(indexLink);
    addresses.NewNetwork();
    topo.accessDevices.Add(indexLink);
    for (auto link = input->LinksBegin(); link != input->LinksEnd(); ++link)
    {
        bool leaf = degree[link->GetFromNode()] == 1 || degree[link->GetToNode()] == 1;
        NetDeviceContainer devices =
            (leaf ? access : core).Install(link->GetFromNode(), link->GetToNode());
        addresses.Assign(devices);
        addresses.NewNetwork();
        (leaf ? topo.accessDevices : topo.bottleneckDevices).Add(devices);
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    topo.indexAddress = FirstAddress(topo.indexNode);
    topo.description = "file: " + params.format + " topology with " +
                       std::to_string(routers.GetN()) + " nodes and " +
                       std::to_string(input->LinksSize()) + " links, peers on nodes 1.." +
                       std::to_string(topo.peerNodes.GetN());
    return topo;
}

} // namespace p2p::scenario
