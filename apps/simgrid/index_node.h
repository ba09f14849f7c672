// SPDX-License-Identifier: GPL-2.0-only
// The flow-level world's adapter of the index: an IndexServer (model/) on a SimGrid host, its
// datagrams as small messages, its leases ended by its own deadline, its address checks as a
// connection opened to the registered host and closed as soon as it is accepted.
#pragma once
#include <functional>
#include <memory>
#include <optional>

#include "apps/simgrid/peer_node.h"
#include "apps/simgrid/transport.h"
#include "model/index_server.h"

namespace p2p::sg {

class IndexNode {
 public:
  using EventSink = std::function<void(const IndexEvent&)>;
  IndexNode(Transport& transport, Endpoint self, const IndexConfig& config, PeerNode::Resolver resolve,
            EventSink sink);

  void on_message(std::unique_ptr<Message> message);
  std::optional<double> next_deadline();  // simulated seconds
  void on_timer();
  const IndexServer& server() const { return server_; }

 private:
  void after_server_call();  // starts the checks the server asks for, then reports its events
  void start_check(const AddressCheck& check);
  Transport& transport_;
  Endpoint self_;
  IndexServer server_;
  PeerNode::Resolver resolve_;
  EventSink sink_;
};

}  // namespace p2p::sg
