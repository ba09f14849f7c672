// SPDX-License-Identifier: GPL-2.0-only
// The flow-level world's adapter of one peer: it runs a PeerEngine (model/) on a SimGrid host.
// After every engine call it carries out the engine's actions (datagrams, connections, stream
// bytes) as messages and hands its events to the world. A stream moves as few large messages (all
// the engine has to send, up to a window, per message), one at a time per connection, so that its
// bytes stay in order and the latency is paid per window, not per C frame. In the byte-less mode
// a message carries the C frames' headers and costs their payloads too. No protocol logic here.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include "apps/simgrid/message.h"
#include "apps/simgrid/transport.h"
#include "model/content.h"
#include "model/peer_engine.h"

namespace p2p::sg {

class PeerNode {
 public:
  using EventSink = std::function<void(const PeerEvent&)>;
  using Resolver = std::function<std::optional<std::uint32_t>(const IpAddress&)>;  // address -> host

  // `send_buffer`: bytes a connection takes from the engine before they have gone out, as a
  // socket's send buffer does (the plan's tcp.send_buffer_bytes).
  PeerNode(Transport& transport, IpAddress address, Resolver resolve, std::uint64_t send_buffer);

  // A new life: a fresh engine (ids start again at 1), its events to `sink`.
  void start(const PeerConfig& config, ContentStore& store, std::uint64_t life, EventSink sink);
  // Ends the life at once, without a word to the index (a crash, or a quit cut short): open
  // connections are closed, so the other side sees its stream end.
  void stop();
  bool running() const { return engine_ != nullptr; }
  PeerEngine& engine() { return *engine_; }

  // Calls the engine (`call(engine, now)`), then carries out what it asked for.
  void call(const std::function<void(PeerEngine&, Time)>& call);
  void on_message(std::unique_ptr<Message> message);
  std::optional<double> next_deadline() const;  // simulated seconds
  void on_timer();

 private:
  // Stream bytes taken from the engine for one message, and the C payloads they stand for in the
  // byte-less mode (their sizes travel, not their bytes): the message costs both.
  struct Segment {
    Bytes bytes;
    std::uint64_t elided = 0;
    std::uint64_t wire() const { return bytes.size() + elided; }
  };
  struct Link {
    std::uint32_t remote = 0;
    ConnId remote_conn = 0;
    std::uint64_t remote_life = 0;
    bool connected = false;
    bool forgotten = false;  // the engine said Close: drain, then end the stream
    bool sending = false;    // a message of this connection is on its way
    std::deque<Segment> buffered;  // taken from the engine, not sent yet: a message each
    std::uint64_t buffered_wire = 0;
  };
  void after_engine_call();
  void perform(const action::SendDatagram& a);
  void perform(const action::Connect& a);
  void perform(const action::StreamReady& a);
  void perform(const action::Close& a);
  void pump(ConnId conn);
  void reply(const Message& to, Message::Kind kind);
  Link* link_of(const Message& m);
  std::unique_ptr<Message> message(Message::Kind kind, const Link& link, ConnId conn) const;

  Transport& transport_;
  std::uint64_t send_buffer_;
  IpAddress address_;
  Resolver resolve_;
  std::unique_ptr<PeerEngine> engine_;
  std::uint64_t life_ = 0;
  EventSink sink_;
  bool processing_ = false;
  std::unordered_map<ConnId, Link> links_;
};

}  // namespace p2p::sg
