// SPDX-License-Identifier: GPL-2.0-only
// What hosts send each other in the flow-level world: a datagram, or a step of a TCP connection
// (open, accept, refuse, a run of stream bytes, close). A message's simulated size is what it costs
// on the links; its payload travels by pointer.
#pragma once
#include <cstdint>

#include "model/endpoint.h"
#include "model/pdu.h"
#include "model/peer_events.h"

namespace p2p::sg {

struct Message {
  enum class Kind : std::uint8_t { Datagram, Connect, Accept, Refuse, Data, Fin };
  Kind kind = Kind::Datagram;
  std::uint32_t from = 0;        // the sending host's node number
  Endpoint source;               // the sender's address and port as the receiver sees it
  // Connections: each side's id and the life (engine) it belongs to, so that a message for an
  // engine that is gone (ids start again at 1 in every life) is dropped, as a reset would.
  ConnId from_conn = 0;
  ConnId to_conn = 0;
  std::uint64_t from_life = 0;
  std::uint64_t to_life = 0;
  Bytes bytes;  // a datagram, or stream bytes
  // A message of one packet crosses as a same-host comm (no flow on the path's links) and is
  // handed over at this simulated time: its path's latency and its size at the path's bandwidth.
  double due = 0;
};

}  // namespace p2p::sg
