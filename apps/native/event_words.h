// SPDX-License-Identifier: GPL-2.0-only
// The peer's events in words for its log, one line each: "downloaded song from alice: 1048576
// bytes in 0.840 s, sha256 verified", "quit: every registration withdrawn". Presentation only: the
// events, their order and their meaning are the core's (model/peer_events.h); machine-readable
// rows with the event names are event_csv.h's.
#pragma once
#include <string>

#include "model/peer_events.h"

namespace p2p::native {

std::string event_words(const PeerEvent& ev);

}  // namespace p2p::native
