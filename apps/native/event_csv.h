// SPDX-License-Identifier: GPL-2.0-only
// A machine-readable event log for runs that merge several processes into one events.csv (the
// emulator, scenarios/emulation/): when the environment variable P2P_EVENTS_CSV names a file, every
// event of the core is appended to it as a row of events.csv (model/event_format.h). The time
// column is the steady clock (CLOCK_MONOTONIC: seconds since boot, shared by every process and
// network namespace of the machine), so rows of different processes sort into one timeline; the
// node column is P2P_EVENTS_NODE (empty when unset), the life column P2P_EVENTS_LIFE (the peer's life
// in the run's plan, a number; empty when unset). Each row is written with one write(2), so a
// process killed at any moment leaves whole rows only. Unset P2P_EVENTS_CSV: nothing is written.
#pragma once
#include <functional>
#include <string>

#include "model/index_server.h"
#include "model/peer_events.h"

namespace p2p::native {

// For a peer named `peer` whose event times count from `epoch` (its host's start, on the steady
// clock). Empty when P2P_EVENTS_CSV is unset; throws std::runtime_error when the file cannot be
// opened.
std::function<void(const PeerEvent&)> peer_events_csv(const std::string& peer, Time epoch);

// For the index, whose event times count from its host's start: that start is taken from the
// first event (reported while it is handled, within microseconds of its time).
std::function<void(const IndexEvent&)> index_events_csv();

// The steady clock now, as the core's Time.
Time steady_now();

}  // namespace p2p::native
