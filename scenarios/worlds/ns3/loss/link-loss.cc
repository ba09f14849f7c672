// SPDX-License-Identifier: GPL-2.0-only
#include "link-loss.h"

#include "ns3/abort.h"
#include "ns3/pointer.h"
#include "ns3/wifi-net-device.h"
#include "ns3/wifi-phy.h"

namespace p2p::scenario
{
namespace
{
// Error models draw from streams of their own (two per model, for the burst model), away from the
// workload's and from the ones ns-3 assigns automatically.
constexpr int64_t kFirstLossStream = 1000;
} // namespace

ns3::NetDeviceContainer
LossyDevices(const Topology& topology, const LossParams& params)
{
    ns3::NetDeviceContainer devices;
    if (params.on == "all" || params.on == "access")
    {
        devices.Add(topology.accessDevices);
    }
    if (params.on == "all" || params.on == "bottleneck")
    {
        devices.Add(topology.bottleneckDevices);
    }
    return devices;
}

void
AttachLossModel(ns3::Ptr<ns3::NetDevice> device, const LossParams& params, uint32_t position)
{
    using namespace ns3;
    Ptr<ErrorModel> model = MakeLossModel(params, kFirstLossStream + 2 * int64_t{position});
    if (Ptr<WifiNetDevice> wifi = DynamicCast<WifiNetDevice>(device))
    {
        wifi->GetPhy()->SetPostReceptionErrorModel(model);
    }
    else
    {
        device->SetAttribute("ReceiveErrorModel", PointerValue(model));
    }
}

uint32_t
ApplyLoss(const Topology& topology, const LossParams& params)
{
    using namespace ns3;
    if (params.rate <= 0)
    {
        return 0;
    }
    NetDeviceContainer devices = LossyDevices(topology, params);
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        AttachLossModel(devices.Get(i), params, i);
    }
    return devices.GetN();
}

} // namespace p2p::scenario
