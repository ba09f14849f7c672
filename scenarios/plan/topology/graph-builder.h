// SPDX-License-Identifier: GPL-2.0-only
// Builds a plan's topology graph node by node and link by link, in the order a world creates them
// (node n<k> is the k-th node; links keep the order they are added in): each node's address is
// its address on its first link, and each link gets the loss that --lossOn puts on it.
#pragma once
#include "network-params.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace p2p::topology
{

class GraphBuilder
{
  public:
    GraphBuilder(const std::string& name, const NetworkParams& params);

    // Returns the node's number (its id is n<number>).
    uint32_t AddNode(const char* role, std::optional<uint32_t> slot = std::nullopt);

    struct LinkSpec
    {
        const char* kind; // csma | p2p
        std::vector<uint32_t> nodes;
        std::vector<uint32_t> addresses; // of each of `nodes`; 0: none (a bridge's port)
        uint32_t prefixLength = 0;
        Rate rate;                  // both ways, or towards nodes[0] with `up`
        std::optional<Rate> up;     // p2p: from nodes[0] to nodes[1]
        Delay delay;
        bool bottleneck = false;
    };
    // Returns the link's number (its id is l<number>).
    uint32_t AddLink(LinkSpec spec);
    // A route of `node` to destination/prefixLength through `gateway` on link `link`.
    void AddRoute(uint32_t node,
                  uint32_t destination,
                  uint32_t prefixLength,
                  uint32_t gateway,
                  uint32_t link);

    // The queue disc of the links added from now on (plan.h's Link::queue_disc; fq_codel at first).
    void SetQueueDisc(const char* queueDisc) { m_queueDisc = queueDisc; }

    p2p::plan::Topology Finish();

    // A host's access link at --dataRate and --delay; with peer classes, a peer's (`peerSlot`) is
    // at its class's rates, down towards it and up from it, and its class's delay.
    static void SetAccessRates(LinkSpec& link,
                               const NetworkParams& params,
                               std::optional<uint32_t> peerSlot);

  private:
    const NetworkParams& m_params;
    const char* m_queueDisc = "fq_codel";
    p2p::plan::Topology m_graph;
};

} // namespace p2p::topology
