// SPDX-License-Identifier: GPL-2.0-only
#include "apps/simgrid/peer_node.h"

#include <algorithm>
#include <span>
#include <vector>

namespace p2p::sg {

namespace {
// Bytes of stream one message carries at most: a whole range of a small content, a window of a
// large one. Each message pays the path's latency once, so fewer are cheaper; but the receiver
// sees a window's bytes only when all of it has arrived, so a window must take well under the
// stall timeout even on a link shared many ways (64 KiB: 3.4 s at 64 flows on 10 Mbit/s).
constexpr std::size_t kWindow = 64 * 1024;
constexpr std::uint64_t kControlBytes = 40;  // a SYN, SYN-ACK, RST or FIN: IP and TCP headers
constexpr std::uint64_t kDatagramHeaders = 28;  // IPv4 and UDP
constexpr std::uint16_t kUdpPort = 50000;     // the peers' datagram port (the index answers to it)
constexpr std::uint16_t kFirstEphemeralPort = 49152;
}  // namespace

// A connection takes what the engine has up to its send buffer, so that a server is done with a
// range, and frees its upload slot, when its last bytes are buffered, not when they have arrived.
PeerNode::PeerNode(Transport& transport, IpAddress address, Resolver resolve, std::uint64_t send_buffer)
    : transport_(transport), send_buffer_(send_buffer), address_(address), resolve_(std::move(resolve)) {}

void PeerNode::start(const PeerConfig& config, ContentStore& store, std::uint64_t life, EventSink sink) {
  stop();
  life_ = life;
  sink_ = std::move(sink);
  engine_ = std::make_unique<PeerEngine>(config, store);
}

void PeerNode::stop() {
  if (!engine_) return;
  for (const auto& [conn, link] : links_)
    if (link.connected) transport_.send(link.remote, message(Message::Kind::Fin, link, conn), kControlBytes);
  links_.clear();
  engine_.reset();
}

void PeerNode::call(const std::function<void(PeerEngine&, Time)>& call) {
  if (!engine_) return;
  call(*engine_, now());
  after_engine_call();
}

std::optional<double> PeerNode::next_deadline() const {
  if (!engine_) return std::nullopt;
  auto deadline = engine_->next_deadline();
  if (!deadline) return std::nullopt;
  return to_seconds(*deadline);
}

void PeerNode::on_timer() {
  call([](PeerEngine& e, Time t) { e.on_timer(t); });
}

void PeerNode::after_engine_call() {
  if (processing_) return;
  processing_ = true;
  while (engine_) {
    auto actions = engine_->take_actions();
    for (const auto& a : actions) std::visit([this](const auto& x) { perform(x); }, a);
    auto events = engine_->take_events();
    if (actions.empty() && events.empty()) break;
    for (const auto& ev : events) sink_(ev);  // a sink may stop this life: the loop ends then
  }
  processing_ = false;
}

std::unique_ptr<Message> PeerNode::message(Message::Kind kind, const Link& link, ConnId conn) const {
  auto m = std::make_unique<Message>();
  m->kind = kind;
  m->from = transport_.node();
  m->from_conn = conn;
  m->from_life = life_;
  m->to_conn = link.remote_conn;
  m->to_life = link.remote_life;
  return m;
}

void PeerNode::perform(const action::SendDatagram& a) {
  auto to = resolve_(a.to.ip);
  if (!to) return;  // no host has that address: the datagram is lost
  auto m = std::make_unique<Message>();
  m->kind = Message::Kind::Datagram;
  m->from = transport_.node();
  m->source = Endpoint{address_, kUdpPort};
  m->bytes = a.bytes;
  const std::uint64_t size = m->bytes.size() + kDatagramHeaders;
  transport_.send(*to, std::move(m), size);
}

void PeerNode::perform(const action::Connect& a) {
  auto to = resolve_(a.to.ip);
  if (!to) return;  // nobody answers: the engine's connect timeout ends it
  Link link;
  link.remote = *to;
  links_[a.conn] = link;
  auto m = message(Message::Kind::Connect, link, a.conn);
  m->source = Endpoint{address_, static_cast<std::uint16_t>(kFirstEphemeralPort + a.conn % 16000)};
  transport_.send(*to, std::move(m), kControlBytes);
}

void PeerNode::perform(const action::StreamReady& a) { pump(a.conn); }

void PeerNode::perform(const action::Close& a) {
  auto it = links_.find(a.conn);
  if (it == links_.end()) return;
  it->second.forgotten = true;
  if (!it->second.connected) {
    links_.erase(it);  // a connect under way is abandoned; a late accept is answered with a FIN
    return;
  }
  pump(a.conn);
}

// Takes what the engine has for `conn` into the connection's send buffer, as a socket would (the
// engine counts those bytes as sent), in segments of at most a window on the wire, and sends one
// segment per message; once a forgotten connection is drained, its FIN follows its last bytes.
void PeerNode::pump(ConnId conn) {
  auto it = links_.find(conn);
  if (it == links_.end() || !engine_) return;
  Link& link = it->second;
  if (!link.connected) return;
  // One scratch buffer for every peer: actors run one at a time, and a buffer per peer would cost
  // a send buffer's worth of memory for each.
  static Bytes scratch(kWindow);
  bool drained = false;
  while (link.buffered_wire < send_buffer_) {
    if (link.buffered.empty() || link.buffered.back().wire() >= kWindow) link.buffered.emplace_back();
    Segment& last = link.buffered.back();
    const std::size_t room = static_cast<std::size_t>(
        std::min<std::uint64_t>(send_buffer_ - link.buffered_wire, kWindow - last.wire()));
    const std::size_t n = engine_->pull_stream(conn, std::span(scratch.data(), room), now());
    const std::uint64_t elided = engine_->take_elided(conn);
    if (n == 0 && elided == 0) {
      drained = true;
      break;
    }
    last.bytes.insert(last.bytes.end(), scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(n));
    last.elided += elided;
    link.buffered_wire += n + elided;
  }
  if (!link.buffered.empty() && link.buffered.back().wire() == 0) link.buffered.pop_back();
  if (link.sending) return;
  if (link.buffered.empty()) {
    if (drained && link.forgotten) {
      transport_.send(link.remote, message(Message::Kind::Fin, link, conn), kControlBytes);
      links_.erase(it);
    }
    return;
  }
  Segment segment = std::move(link.buffered.front());
  link.buffered.pop_front();
  const std::uint64_t wire = segment.wire();
  link.buffered_wire -= wire;
  auto m = message(Message::Kind::Data, link, conn);
  m->bytes = std::move(segment.bytes);
  link.sending = true;
  const std::uint64_t life = life_;
  transport_.send(link.remote, std::move(m), wire, [this, conn, life] {
    if (life != life_ || !engine_) return;
    auto found = links_.find(conn);
    if (found == links_.end()) return;
    found->second.sending = false;
    pump(conn);
    after_engine_call();
  });
}

PeerNode::Link* PeerNode::link_of(const Message& m) {
  if (!engine_ || m.to_life != life_) return nullptr;
  auto it = links_.find(m.to_conn);
  return it == links_.end() ? nullptr : &it->second;
}

void PeerNode::reply(const Message& to, Message::Kind kind) {
  Link link;
  link.remote = to.from;
  link.remote_conn = to.from_conn;
  link.remote_life = to.from_life;
  transport_.send(to.from, message(kind, link, 0), kControlBytes);
}

void PeerNode::on_message(std::unique_ptr<Message> m) {
  switch (m->kind) {
    case Message::Kind::Datagram:
      if (engine_) call([&m](PeerEngine& e, Time t) { e.on_datagram(m->source, m->bytes, t); });
      return;
    case Message::Kind::Connect: {
      if (!engine_) return reply(*m, Message::Kind::Refuse);
      const ConnId conn = engine_->on_accepted(m->source, now());
      Link& link = links_[conn];
      link.remote = m->from;
      link.remote_conn = m->from_conn;
      link.remote_life = m->from_life;
      link.connected = true;
      link.sending = true;  // the accept goes first: no stream byte may overtake it
      const std::uint64_t life = life_;
      transport_.send(link.remote, message(Message::Kind::Accept, link, conn), kControlBytes,
                      [this, conn, life] {
                        if (life != life_ || !engine_) return;
                        auto found = links_.find(conn);
                        if (found == links_.end()) return;
                        found->second.sending = false;
                        pump(conn);
                        after_engine_call();
                      });
      after_engine_call();
      return;
    }
    case Message::Kind::Accept: {
      Link* link = link_of(*m);
      if (!link) return reply(*m, Message::Kind::Fin);  // abandoned meanwhile
      link->remote_conn = m->from_conn;
      link->remote_life = m->from_life;
      link->connected = true;
      const ConnId conn = m->to_conn;
      call([conn](PeerEngine& e, Time t) { e.on_connected(conn, t); });
      return;
    }
    case Message::Kind::Refuse: {
      if (!link_of(*m)) return;
      const ConnId conn = m->to_conn;
      links_.erase(conn);
      call([conn](PeerEngine& e, Time t) { e.on_connect_failed(conn, t); });
      return;
    }
    case Message::Kind::Data: {
      Link* link = link_of(*m);
      if (!link || link->forgotten) return;
      const ConnId conn = m->to_conn;
      call([conn, &m](PeerEngine& e, Time t) { e.on_stream_bytes(conn, m->bytes, t); });
      return;
    }
    case Message::Kind::Fin: {
      Link* link = link_of(*m);
      if (!link) return;
      const ConnId conn = m->to_conn;
      if (link->forgotten) {
        links_.erase(conn);
        return;
      }
      link->remote_conn = 0;  // the other side is gone: our FIN goes nowhere
      call([conn](PeerEngine& e, Time t) { e.on_stream_closed(conn, t); });
      return;
    }
  }
}

}  // namespace p2p::sg
