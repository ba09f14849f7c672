// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checkers for the PeerApplication attributes whose values are text with a syntax: PeerName,
 * HeldContent and FetchContent. A malformed value is refused when the attribute is set
 * (SetAttribute, Config::SetDefault, --ns3::p2p::PeerApplication::HeldContent=... on the command
 * line), so that ns-3 names the attribute, rather than when the application starts. Not installed.
 */
#ifndef P2P_TESTBED_ATTRIBUTE_TEXT_CHECKERS_H
#define P2P_TESTBED_ATTRIBUTE_TEXT_CHECKERS_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"

namespace ns3
{

/// A StringValue checker that accepts a peer name (1..10 printable bytes) or "" (made up).
Ptr<const AttributeChecker> MakePeerNameChecker();
/// A StringValue checker that accepts "name:bytes,name:bytes" (or "").
Ptr<const AttributeChecker> MakeHeldContentChecker();
/// A StringValue checker that accepts "name,name" (or "").
Ptr<const AttributeChecker> MakeContentNamesChecker();

} // namespace ns3

#endif /* P2P_TESTBED_ATTRIBUTE_TEXT_CHECKERS_H */
