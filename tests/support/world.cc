// SPDX-License-Identifier: GPL-2.0-only
#include "world.h"

#include <algorithm>
#include <stdexcept>

namespace p2p::testing {

std::vector<PeerEvent> PeerNode::of(PeerEventKind kind, OpId op) const {
  std::vector<PeerEvent> out;
  for (const auto& e : events)
    if (e.kind == kind && (op == 0 || e.op == op)) out.push_back(e);
  return out;
}

const PeerEvent* PeerNode::done(OpId op) const {
  for (const auto& e : events)
    if (e.kind == PeerEventKind::OperationDone && e.op == op) return &e;
  return nullptr;
}

std::vector<std::uint8_t> pattern_bytes(std::size_t n, std::uint64_t seed) {
  std::vector<std::uint8_t> b(n);
  Rng rng(seed);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng.next());
  return b;
}

World::World(std::uint64_t seed, NetworkConditions net) : net_(net), rng_(seed) {}

void World::arm_index_timer() {
  auto deadline = index_->next_deadline();
  std::uint64_t gen = ++index_timer_generation_;
  if (!deadline) return;
  at(*deadline, [this, gen] {
    if (index_timer_generation_ != gen) return;
    index_->on_timer(now_);
    record_index_events();
    arm_index_timer();
  });
}

IndexServer& World::add_index(const Endpoint& at, IndexConfig config) {
  ++index_timer_generation_;  // a restarted index forgets the old one's timer
  index_endpoint_ = at;
  index_ = std::make_unique<IndexServer>(config);
  ++index_lives_;
  return *index_;
}

PeerNode& World::add_peer(const std::string& name, const std::string& ip, PeerConfig config, std::string key) {
  auto node = std::make_unique<PeerNode>();
  node->name = name;
  node->ip = *IpAddress::parse(ip);
  config.name = *Name::parse(name);
  config.index = index_endpoint_;
  node->engine = std::make_unique<PeerEngine>(config, node->store);
  auto& ref = *node;
  peers_[key.empty() ? name : key] = std::move(node);
  return ref;
}

PeerNode& World::peer(const std::string& name) {
  auto it = peers_.find(name);
  if (it == peers_.end()) throw std::out_of_range("no peer " + name);
  return *it->second;
}

void World::record_index_events() {
  for (const IndexEvent& ev : index_->take_events()) trace_.push_back(to_csv_row(ev, "index"));
  for (const AddressCheck& check : index_->take_checks()) run_check(check);
}

// An address check as the adapters carry it out: a live server's port accepts, a live host's other
// ports refuse (as does an address no host has), and a host that crashed answers nothing until the
// check timeout. Only the index that asked hears the result (a restarted one is another index).
void World::run_check(const AddressCheck& check) {
  bool accepted = false, refused = true;
  for (auto& [name, q] : peers_) {
    if (q->ip != check.address.ip) continue;
    if (!q->alive) refused = false;
    if (q->alive && q->engine->config().listen_port == check.address.port) accepted = true;
  }
  if (accepted) refused = false;
  Duration after = accepted || refused ? 2 * net_.latency : index_->config().check_timeout;
  at(now_ + after, [this, life = index_lives_, check, accepted] {
    if (index_lives_ != life) return;
    index_->on_check_result(check.id, accepted, now_);
    record_index_events();
    arm_index_timer();
  });
}

void World::at(Time t, std::function<void()> fn) { queue_.emplace(std::max(t, now_), seq_++, std::move(fn)); }

bool World::run_until(const std::function<bool()>& done, Duration limit) {
  // Tests call engine operations directly: record and carry out what those reported and asked for first.
  for (auto& [name, p] : peers_) after_engine_call(*p);
  Time end = now_ + limit;
  while (!done()) {
    if (queue_.empty() || std::get<0>(queue_.top()) > end) {
      now_ = std::max(now_, end);
      return done();
    }
    auto fn = std::move(const_cast<std::function<void()>&>(std::get<2>(queue_.top())));
    now_ = std::get<0>(queue_.top());
    queue_.pop();
    fn();
  }
  return true;
}

void World::run_for(Duration d) { run_until([] { return false; }, d); }

const PeerEvent* World::finish(PeerNode& p, OpId op, Duration limit) {
  run_until([&] { return p.done(op) != nullptr; }, limit);
  return p.done(op);
}

// ---- actions ---------------------------------------------------------------------------------

void World::after_engine_call(PeerNode& p) {
  for (PeerEvent& ev : p.engine->take_events()) {
    trace_.push_back(to_csv_row(ev, p.name, p.name));
    p.events.push_back(std::move(ev));
  }
  if (!p.alive) return;
  for (auto& a : p.engine->take_actions()) {
    if (auto* d = std::get_if<action::SendDatagram>(&a)) {
      send_datagram(udp_endpoint(p), d->to, std::move(d->bytes));
    } else if (auto* c = std::get_if<action::Connect>(&a)) {
      connect(p, c->conn, c->to);
    } else if (auto* r = std::get_if<action::StreamReady>(&a)) {
      std::size_t l = link_of(p, r->conn);
      if (l == SIZE_MAX) continue;
      bool side_a = links_[l].a.peer == &p && links_[l].a.conn == r->conn;
      bool& pumping = side_a ? links_[l].pumping_a : links_[l].pumping_b;
      if (!pumping) {
        pumping = true;
        at(now_, [this, l, side_a] { pump(l, side_a); });
      }
    } else if (auto* cl = std::get_if<action::Close>(&a)) {
      std::size_t l = link_of(p, cl->conn);
      if (l == SIZE_MAX) continue;
      bool side_a = links_[l].a.peer == &p && links_[l].a.conn == cl->conn;
      (side_a ? links_[l].closing_a : links_[l].closing_b) = true;
      bool& pumping = side_a ? links_[l].pumping_a : links_[l].pumping_b;
      if (!pumping) {
        pumping = true;
        at(now_, [this, l, side_a] { pump(l, side_a); });
      }
    }
  }
  auto deadline = p.engine->next_deadline();
  std::uint64_t gen = ++p.timer_generation;
  if (deadline) {
    PeerNode* node = &p;
    at(*deadline, [this, node, gen] {
      if (!node->alive || node->timer_generation != gen) return;
      node->engine->on_timer(now_);
      after_engine_call(*node);
    });
  }
}

// ---- datagrams -------------------------------------------------------------------------------

void World::send_datagram(const Endpoint& from, const Endpoint& to, Bytes bytes) {
  if (rng_.uniform01() < net_.datagram_loss) return;
  Duration jitter{static_cast<Duration::rep>(rng_.uniform01() * static_cast<double>(net_.jitter.count()))};
  at(now_ + net_.latency + jitter, [this, from, to, b = std::move(bytes)] { deliver_datagram(from, to, b); });
}

void World::deliver_datagram(const Endpoint& from, const Endpoint& to, const Bytes& bytes) {
  if (index_ && to == index_endpoint_) {
    auto reply = index_->on_datagram(from, bytes, now_);
    record_index_events();
    if (reply) send_datagram(index_endpoint_, from, std::move(*reply));
    arm_index_timer();
    return;
  }
  for (auto& [name, p] : peers_) {
    if (p->alive && udp_endpoint(*p) == to) {
      p->engine->on_datagram(from, bytes, now_);
      after_engine_call(*p);
      return;
    }
  }
}

void World::inject_datagram(PeerNode& to, const Endpoint& from, std::vector<std::uint8_t> bytes) {
  at(now_, [this, &to, from, b = std::move(bytes)] {
    to.engine->on_datagram(from, b, now_);
    after_engine_call(to);
  });
}

std::optional<Bytes> World::index_datagram(const Endpoint& from, std::vector<std::uint8_t> bytes) {
  auto reply = index_->on_datagram(from, bytes, now_);
  record_index_events();
  return reply;
}

// ---- streams ---------------------------------------------------------------------------------

std::size_t World::link_of(const PeerNode& p, ConnId conn) const {
  auto it = link_by_conn_.find({&p, conn});
  return it == link_by_conn_.end() ? SIZE_MAX : it->second;
}

Endpoint World::stream_endpoint(const LinkEnd& end) const {
  if (end.peer) return Endpoint{end.peer->ip, static_cast<std::uint16_t>(50000 + end.conn % 10000)};
  return Endpoint{*IpAddress::parse("192.0.2.99"), 50000};
}

void World::connect(PeerNode& p, ConnId conn, const Endpoint& to) {
  PeerNode* server = nullptr;
  bool host_exists = false;
  for (auto& [name, q] : peers_) {
    if (q->ip != to.ip) continue;
    host_exists = true;
    if (q->alive && q->engine->config().listen_port == to.port) server = q.get();
  }
  PeerNode* client = &p;
  if (server == nullptr) {
    if (host_exists) return;  // a crashed host answers nothing: the connect times out
    at(now_ + 2 * net_.latency, [this, client, conn] {
      if (!client->alive) return;
      client->engine->on_connect_failed(conn, now_);
      after_engine_call(*client);
    });
    return;
  }
  at(now_ + net_.latency, [this, client, conn, server] {
    if (!server->alive) return;
    std::size_t l = links_.size();
    links_.push_back(Link{});
    links_[l].a = LinkEnd{client, nullptr, conn};
    ConnId sconn = server->engine->on_accepted(stream_endpoint(links_[l].a), now_);
    links_[l].b = LinkEnd{server, nullptr, sconn};
    link_by_conn_[{client, conn}] = l;
    link_by_conn_[{server, sconn}] = l;
    after_engine_call(*server);
    at(now_ + net_.latency, [this, client, conn, l] {
      if (!client->alive || links_[l].dead) return;
      client->engine->on_connected(conn, now_);
      after_engine_call(*client);
    });
  });
}

void World::pump(std::size_t l, bool from_a) {
  Link& link = links_[l];
  bool& pumping = from_a ? link.pumping_a : link.pumping_b;
  LinkEnd& src = from_a ? link.a : link.b;
  if (link.dead || src.peer == nullptr || !src.peer->alive) {
    pumping = false;
    return;
  }
  const PeerNode* reader = (from_a ? link.b : link.a).peer;
  if (reader != nullptr && reader->stalled_until > now_) {  // its window is shut: nothing can be sent
    at(reader->stalled_until, [this, l, from_a] { pump(l, from_a); });
    return;
  }
  double rate = net_.bytes_per_second;
  std::size_t window = net_.send_buffer;
  if (reader != nullptr && reader->read_rate > 0 && reader->read_rate < rate) {
    rate = reader->read_rate;
    // A slow reader's window opens a little at a time: bytes trickle in, they do not come in bursts.
    window = std::clamp<std::size_t>(static_cast<std::size_t>(rate / 10), 1024, net_.send_buffer);
  }
  Bytes buf(window);
  std::size_t n = src.peer->engine->pull_stream(src.conn, buf, now_);
  // Byte-less peers send C frames as their headers: the payloads they stand for cost time too.
  const std::uint64_t wire = n + src.peer->engine->take_elided(src.conn);
  after_engine_call(*src.peer);
  if (wire == 0) {
    pumping = false;
    if (from_a ? link.closing_a : link.closing_b) {
      Time last = from_a ? link.last_arrival_ab : link.last_arrival_ba;
      at(std::max(last, now_ + net_.latency), [this, l, from_a] { close_side(l, from_a); });
    }
    return;
  }
  buf.resize(n);
  if (corrupt_from_.count(src.peer->name) && n > 10) {
    buf[10] ^= 0x5A;
    corrupt_from_.erase(src.peer->name);
  }
  auto transmit = Duration(static_cast<Duration::rep>(static_cast<double>(wire) / rate * 1e9));
  Duration delay = net_.latency + transmit;
  if (rng_.uniform01() < net_.segment_loss) delay += net_.retransmission_delay;
  Time& last = from_a ? link.last_arrival_ab : link.last_arrival_ba;
  last = std::max(last, now_ + delay);  // TCP delivers in order
  at(last, [this, l, from_a, b = std::move(buf)]() mutable { deliver_stream(l, from_a, std::move(b)); });
  at(now_ + transmit, [this, l, from_a] { pump(l, from_a); });
}

void World::deliver_stream(std::size_t l, bool to_b, Bytes bytes) {
  Link& link = links_[l];
  if (link.dead) return;
  LinkEnd& dst = to_b ? link.b : link.a;
  if (dst.raw) {
    dst.raw->received.insert(dst.raw->received.end(), bytes.begin(), bytes.end());
    return;
  }
  if (!dst.peer->alive) return;
  dst.peer->engine->on_stream_bytes(dst.conn, bytes, now_);
  after_engine_call(*dst.peer);
}

void World::close_side(std::size_t l, bool side_a) {
  Link& link = links_[l];
  if (link.dead) return;
  LinkEnd& other = side_a ? link.b : link.a;
  if (other.raw) other.raw->closed_by_peer = true;
  if (other.peer && other.peer->alive) {
    other.peer->engine->on_stream_closed(other.conn, now_);
    after_engine_call(*other.peer);
  }
  link.dead = true;
}

void World::crash(PeerNode& p, bool connections_reset) {
  p.alive = false;
  for (std::size_t l = 0; l < links_.size(); ++l) {
    Link& link = links_[l];
    if (link.dead || (link.a.peer != &p && link.b.peer != &p)) continue;
    if (connections_reset) {
      bool crashed_is_a = link.a.peer == &p;
      at(now_ + net_.latency, [this, l, crashed_is_a] { close_side(l, crashed_is_a); });
    } else {
      link.dead = true;
    }
  }
}

RawClient& World::raw_connect(PeerNode& to) {
  raw_clients_.push_back(std::make_unique<RawClient>());
  RawClient* c = raw_clients_.back().get();
  std::size_t l = links_.size();
  links_.push_back(Link{});
  links_[l].a = LinkEnd{nullptr, c, 0};
  ConnId sconn = to.engine->on_accepted(stream_endpoint(links_[l].a), now_);
  links_[l].b = LinkEnd{&to, nullptr, sconn};
  link_by_conn_[{&to, sconn}] = l;
  link_by_raw_[c] = l;
  c->connected = true;
  after_engine_call(to);
  return *c;
}

void World::raw_send(RawClient& c, std::vector<std::uint8_t> bytes) {
  std::size_t l = link_by_raw_.at(&c);
  at(now_ + net_.latency, [this, l, b = std::move(bytes)]() mutable { deliver_stream(l, true, std::move(b)); });
}

void World::raw_close(RawClient& c) {
  std::size_t l = link_by_raw_.at(&c);
  at(now_ + net_.latency, [this, l] { close_side(l, true); });
}

}  // namespace p2p::testing
