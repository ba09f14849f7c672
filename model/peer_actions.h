// SPDX-License-Identifier: GPL-2.0-only
// What a peer engine asks its adapter to do. After each call into the engine the adapter takes the
// actions, carries them out in order, and re-arms one timer at next_deadline().
#pragma once
#include <variant>

#include "endpoint.h"
#include "pdu.h"
#include "peer_events.h"

namespace p2p::action {

struct SendDatagram { Endpoint to; Bytes bytes; };
// Open a TCP connection; report on_connected or on_connect_failed with this id.
struct Connect { ConnId conn; Endpoint to; };
// The connection has bytes to send: call pull_stream whenever the socket can take more.
struct StreamReady { ConnId conn; };
// Pull and send whatever the connection still has, then close it. The engine has forgotten it.
struct Close { ConnId conn; };

}  // namespace p2p::action

namespace p2p {
using PeerAction = std::variant<action::SendDatagram, action::Connect, action::StreamReady, action::Close>;
}
