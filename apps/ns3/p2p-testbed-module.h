// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * The p2p-testbed module header: `#include "ns3/p2p-testbed-module.h"` brings the applications
 * and their helpers. C++17 is enough; the module's own C++20 core is not part of its interface.
 */

/**
 * \defgroup p2p-testbed P2P testbed
 * \brief A centralized-index peer-to-peer file-sharing protocol as ns-3 applications.
 *
 * An index server (IndexServerApplication, UDP) keeps which peer serves which content; peers
 * (PeerApplication) register content (R), search (S), download from each other over TCP (D, then
 * C data, then F with size and SHA-256), register what they downloaded, list what is online (O)
 * and de-register (T). IndexServerHelper and PeerHelper install them in the style of ns-3's
 * application helpers; every knob is an attribute, and the protocol's events are trace sources.
 *
 * The TypeIds are ns3::p2p::IndexServerApplication and ns3::p2p::PeerApplication, in the group
 * P2pTestbed (`--PrintGroup=P2pTestbed`). Logging: NS_LOG=P2pPeerApplication,
 * P2pPeerApplicationImpl, P2pPeerApplicationTransport, P2pIndexServerApplication.
 */

#ifndef P2P_TESTBED_MODULE_H
#define P2P_TESTBED_MODULE_H

#include "index-server-application.h"
#include "index-server-helper.h"
#include "peer-application.h"
#include "peer-helper.h"

#endif /* P2P_TESTBED_MODULE_H */
