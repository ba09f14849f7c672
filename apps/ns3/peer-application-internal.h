// SPDX-License-Identifier: GPL-2.0-only
/*
 * This repository's access to the protocol core behind a PeerApplication: the engine, the content
 * store and every core event (p2p::PeerEvent), for the scenarios and tests that are built with
 * the core (C++20). Not installed: users of the module see the public trace sources instead.
 */
#ifndef P2P_TESTBED_PEER_APPLICATION_INTERNAL_H
#define P2P_TESTBED_PEER_APPLICATION_INTERNAL_H

#include "peer-application.h"

#include "model/memory_store.h"
#include "model/peer_engine.h"
#include "model/peer_events.h"

#include "ns3/callback.h"

namespace ns3
{

class PeerApplicationInternal
{
  public:
    /// The protocol engine of the current (or last) life, or null before the first start.
    static const p2p::PeerEngine* GetEngine(const PeerApplication& app);
    /// The content the peer holds; made on first use with the current RunSeed.
    static p2p::MemoryStore& GetStore(PeerApplication& app);
    /// Connects \p sink to every event of the peer's engine, before the public trace sources.
    static void ConnectCoreEvents(PeerApplication& app,
                                  const Callback<void, const p2p::PeerEvent&>& sink);
};

} // namespace ns3

#endif /* P2P_TESTBED_PEER_APPLICATION_INTERNAL_H */
