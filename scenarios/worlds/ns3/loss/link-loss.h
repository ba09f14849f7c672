// SPDX-License-Identifier: GPL-2.0-only
// Puts a loss model on the receiving side of the chosen links of a topology.
#pragma once
#include "loss-model.h"

#include "scenarios/worlds/ns3/topology/topology.h"

#include <string>

namespace p2p::scenario
{

// The devices that get a loss model for `params.on`; empty when the topology has no such link.
ns3::NetDeviceContainer LossyDevices(const Topology& topology, const LossParams& params);

// Attaches one model per device: ReceiveErrorModel on CSMA and point-to-point devices, the PHY's
// post-reception error model on Wi-Fi devices (the MAC then retries, as a real cell does).
// Returns how many devices got one.
uint32_t ApplyLoss(const Topology& topology, const LossParams& params);
// Attaches `params`' model to one device, the `position`-th lossy device of the network (each
// position draws from streams of its own).
void AttachLossModel(ns3::Ptr<ns3::NetDevice> device, const LossParams& params, uint32_t position);

} // namespace p2p::scenario
