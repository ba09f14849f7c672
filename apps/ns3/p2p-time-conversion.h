// SPDX-License-Identifier: GPL-2.0-only
/*
 * The protocol core counts time in nanoseconds from an epoch its adapter chooses; in simulation
 * that epoch is the start of the simulation, so the core's time is Simulator::Now().
 */
#ifndef P2P_TIME_CONVERSION_H
#define P2P_TIME_CONVERSION_H

#include "model/timing.h"

#include "ns3/nstime.h"

namespace ns3
{

inline p2p::Time
ToP2pTime(Time time)
{
    return p2p::Time(time.GetNanoSeconds());
}

inline Time
ToNs3Time(p2p::Duration duration)
{
    return NanoSeconds(duration.count());
}

} // namespace ns3

#endif /* P2P_TIME_CONVERSION_H */
