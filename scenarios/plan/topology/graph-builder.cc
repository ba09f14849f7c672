// SPDX-License-Identifier: GPL-2.0-only
#include "graph-builder.h"

#include "ipv4-text.h"

#include <utility>

namespace p2p::topology
{
namespace
{

bool
LossOn(const LossChoice& loss, bool bottleneck)
{
    return loss.rate > 0 &&
           (loss.on == "all" || (loss.on == "bottleneck") == bottleneck);
}

} // namespace

GraphBuilder::GraphBuilder(const std::string& name, const NetworkParams& params)
    : m_params(params)
{
    m_graph.name = name;
    m_graph.emulable = true;
}

uint32_t
GraphBuilder::AddNode(const char* role, std::optional<uint32_t> slot)
{
    const auto number = static_cast<uint32_t>(m_graph.nodes.size());
    p2p::plan::Node node;
    node.id = "n" + std::to_string(number);
    node.role = role;
    node.slot = slot;
    m_graph.nodes.push_back(std::move(node));
    return number;
}

uint32_t
GraphBuilder::AddLink(LinkSpec spec)
{
    const auto number = static_cast<uint32_t>(m_graph.links.size());
    p2p::plan::Link link;
    link.id = "l" + std::to_string(number);
    link.kind = spec.kind;
    link.nodes.reserve(spec.nodes.size());
    link.addresses.reserve(spec.nodes.size());
    for (size_t i = 0; i < spec.nodes.size(); ++i)
    {
        p2p::plan::Node& node = m_graph.nodes.at(spec.nodes[i]);
        const uint32_t given = spec.addresses.at(i);
        const std::string address = given == 0 ? std::string() : Ipv4Text(given);
        if (node.address.empty())
        {
            node.address = address; // its first interface's
        }
        link.nodes.push_back(node.id);
        link.addresses.push_back(address);
    }
    link.prefix_length = spec.prefixLength;
    link.rate_bps = spec.rate.bps;
    if (spec.up && spec.up->bps != spec.rate.bps)
    {
        link.up_rate_bps = spec.up->bps;
    }
    link.delay = spec.delay.value;
    link.bottleneck = spec.bottleneck;
    if (LossOn(m_params.loss, spec.bottleneck))
    {
        link.loss = m_params.loss.rate;
        link.loss_model = m_params.loss.model;
        link.burst_size = m_params.loss.model == "burst" ? m_params.loss.burstSize : 0;
    }
    const bool csma = link.kind == "csma";
    link.mtu = csma ? m_params.devices.csmaMtu : m_params.devices.p2pMtu;
    link.queue_packets = m_params.devices.queuePackets;
    link.queue_disc = m_queueDisc;
    m_graph.links.push_back(std::move(link));
    return number;
}

void
GraphBuilder::SetAccessRates(LinkSpec& link,
                             const NetworkParams& params,
                             std::optional<uint32_t> peerSlot)
{
    link.rate = params.dataRate;
    link.up.reset();
    link.delay = params.delay;
    if (params.HasClasses() && peerSlot)
    {
        const ClassLink& c = params.classLinks.at(params.classOf.at(*peerSlot));
        link.rate = c.down;
        link.up = c.up;
        link.delay = c.delay;
    }
}

void
GraphBuilder::AddRoute(uint32_t node,
                       uint32_t destination,
                       uint32_t prefixLength,
                       uint32_t gateway,
                       uint32_t link)
{
    m_graph.nodes.at(node).routes.push_back(
        {Ipv4Text(destination), prefixLength, Ipv4Text(gateway), m_graph.links.at(link).id});
}

p2p::plan::Topology
GraphBuilder::Finish()
{
    return std::move(m_graph);
}

} // namespace p2p::topology
