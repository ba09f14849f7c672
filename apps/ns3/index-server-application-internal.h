// SPDX-License-Identifier: GPL-2.0-only
/*
 * This repository's access to the protocol core behind an IndexServerApplication: the registry
 * and every core event (p2p::IndexEvent), for the scenarios and tests that are built with the core
 * (C++20). Not installed: users of the module see GetEntries and the Request trace instead.
 */
#ifndef P2P_TESTBED_INDEX_SERVER_APPLICATION_INTERNAL_H
#define P2P_TESTBED_INDEX_SERVER_APPLICATION_INTERNAL_H

#include "index-server-application.h"

#include "model/index_server.h"
#include "model/registry.h"

#include "ns3/callback.h"

namespace ns3
{

class IndexServerApplicationInternal
{
  public:
    /// The registry: what every peer registered, in the index's own words.
    static const p2p::Registry& GetRegistry(const IndexServerApplication& app);
    /// Connects \p sink to every event of the index's core, before the public Request trace.
    static void ConnectCoreEvents(IndexServerApplication& app,
                                  const Callback<void, const p2p::IndexEvent&>& sink);
};

} // namespace ns3

#endif /* P2P_TESTBED_INDEX_SERVER_APPLICATION_INTERNAL_H */
