// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: operations, connections, timers and events. Requests, downloads and serving are in
// peer_requests.cc, peer_download.cc and peer_serve.cc.
#include <algorithm>
#include "decimal_text.h"
#include <cstring>
#include <limits>
#include <utility>

#include "peer_engine_state.h"

namespace p2p {

PeerEngine::PeerEngine(PeerConfig config, ContentStore& store)
    : config_(config), store_(store), rng_(config.seed ^ std::hash<std::string_view>{}(config.name.view())) {
  config_.chunk_size = std::clamp<std::size_t>(config_.chunk_size, 1, kMaxContentChunk);
  config_.max_attempts = std::max<std::size_t>(config_.max_attempts, 1);
  config_.sources = std::clamp<std::size_t>(config_.sources, 1, kMaxExcludes);
  config_.piece_size = std::max<std::uint64_t>(config_.piece_size, 1);
  config_.udp_retry.max_tries = std::max(config_.udp_retry.max_tries, 1);
}

PeerEngine::~PeerEngine() = default;

void PeerEngine::emit(PeerEvent ev) { events_.push_back(std::move(ev)); }

void PeerEngine::done(OpId op, bool ok, Time now, const Name& content, const std::string& detail, bool local_failure) {
  PeerEvent ev;
  ev.time = now;
  ev.kind = PeerEventKind::OperationDone;
  ev.op = op;
  ev.ok = ok;
  ev.content = content;
  ev.detail = detail;
  ev.local_failure = local_failure;
  emit(std::move(ev));
}

std::vector<PeerEvent> PeerEngine::take_events() {
  std::vector<PeerEvent> out;
  out.swap(events_);
  return out;
}

std::vector<PeerAction> PeerEngine::take_actions() {
  std::vector<PeerAction> out;
  out.swap(actions_);
  return out;
}

bool PeerEngine::busy() const {
  // Renewals and retries of registrations (soft state) go on for as long as the peer runs: they
  // do not keep it busy, or a peer whose index is gone would never be idle.
  bool requests = std::any_of(requests_.begin(), requests_.end(), [](const UdpRequestState& r) {
    return r.purpose != Purpose::Refresh || r.quit_op != 0;
  });
  return requests || !downloads_.empty() || !connections_.empty() || !closing_.empty();
}

// ---- operations ------------------------------------------------------------------------------

OpId PeerEngine::register_content(const Name& content, Time now) {
  OpId op = next_op();
  if (!store_.holds(content)) {
    PeerEvent ev{.time = now, .kind = PeerEventKind::RequestFailed, .op = op, .pdu = 'R', .content = content};
    ev.detail = content.str() + " is not held locally";
    emit(ev);
    done(op, false, now, content, ev.detail);
    return op;
  }
  UdpRequestState r;
  r.op = op;
  r.purpose = Purpose::Register;
  r.content = content;
  enqueue(std::move(r), now);
  return op;
}

OpId PeerEngine::deregister_content(const Name& content, Time now) {
  OpId op = next_op();
  forget_soft_state(content);
  UdpRequestState r;
  r.op = op;
  r.purpose = Purpose::Deregister;
  r.content = content;
  enqueue(std::move(r), now);
  return op;
}

OpId PeerEngine::list_online(Time now) {
  OpId op = next_op();
  listings_[op];
  UdpRequestState r;
  r.op = op;
  r.purpose = Purpose::List;
  enqueue(std::move(r), now);
  return op;
}

OpId PeerEngine::search(const Name& content, Time now) {
  OpId op = next_op();
  UdpRequestState r;
  r.op = op;
  r.purpose = Purpose::Search;
  r.content = content;
  enqueue(std::move(r), now);
  return op;
}

OpId PeerEngine::quit(Time now) {
  OpId op = next_op();
  QuitState& q = quits_[op];
  refresh_at_.clear();  // nothing is renewed or retried after a quit
  retry_at_.clear();
  // Downloads that are only registering are done (the content is kept); the others are cancelled.
  std::vector<std::pair<OpId, bool>> active;
  for (const auto& [id, d] : downloads_) active.emplace_back(id, d->phase == Download::Phase::Registering);
  for (auto [id, registering] : active)
    finish_download(id, registering, registering ? "kept; not registered because of quit" : "cancelled by quit", now);
  // Registrations not sent yet are cancelled; one in flight is withdrawn once it is answered.
  std::vector<UdpRequestState> cancelled;
  for (auto it = requests_.begin(); it != requests_.end();) {
    bool is_register = it->purpose == Purpose::Register || it->purpose == Purpose::DownloadRegister ||
                       it->purpose == Purpose::Refresh;
    if (is_register && it->tries == 0) {
      cancelled.push_back(std::move(*it));
      it = requests_.erase(it);
      continue;
    }
    // A refresh of a content still registered needs nothing: the quit's own T follows it.
    bool renewal = it->purpose == Purpose::Refresh && registered_.count(it->content) != 0;
    if (is_register && !renewal && it->quit_op == 0) {
      it->quit_op = op;
      ++q.remaining;
    }
    ++it;
  }
  for (auto& r : cancelled)
    if (r.purpose == Purpose::Register) done(r.op, false, now, r.content, "cancelled by quit");
  // A quit already under way withdraws what it found: this one finishes after it.
  for (auto& [other, state] : quits_) {
    if (other == op) continue;
    state.followers.push_back(op);
    ++q.remaining;
  }
  for (const Name& content : registered_) {
    bool queued = std::any_of(requests_.begin(), requests_.end(), [&](const UdpRequestState& r) {
      return r.purpose == Purpose::Deregister && r.content == content && quits_.count(r.op);
    });
    if (queued) continue;
    ++q.remaining;
    UdpRequestState r;
    r.op = op;
    r.purpose = Purpose::Deregister;
    r.content = content;
    enqueue(std::move(r), now);
  }
  if (q.remaining == 0) {
    quits_.erase(op);
    emit(PeerEvent{.time = now, .kind = PeerEventKind::QuitCompleted, .op = op});
    done(op, true, now);
  }
  return op;
}

// ---- connections -------------------------------------------------------------------------------

PeerEngine::Connection& PeerEngine::add_connection(bool outbound, const Endpoint& remote, Time now) {
  auto c = std::make_unique<Connection>();
  c->id = ++last_conn_;
  c->outbound = outbound;
  c->remote = remote;
  c->reader.set_byteless(config_.byteless);
  if (!outbound) {
    c->connected = true;
    c->serve = std::make_unique<Serve>();
    c->serve->deadline = now + config_.request_timeout;
  }
  auto& ref = *c;
  connections_[c->id] = std::move(c);
  return ref;
}

ConnId PeerEngine::on_accepted(const Endpoint& remote, Time now) {
  std::size_t all = 0, from_host = 0;
  for (const auto& [id, c] : connections_) {
    if (!c->serve) continue;
    ++all;
    if (c->remote.ip == remote.ip) ++from_host;
  }
  Connection& c = add_connection(false, remote, now);
  const ConnId id = c.id;  // a refusal below closes `c`
  // Past a cap the connection is answered E 11 and closed at once: a requester tries elsewhere
  // (busy is not a failure), and one host cannot hold every descriptor with idle connections.
  if (config_.max_connections != 0 && all >= config_.max_connections)
    serve_refused(c, ErrorCode::Busy, "too many connections (" + std::to_string(all) + ")", now);
  else if (config_.max_connections_per_host != 0 && from_host >= config_.max_connections_per_host)
    serve_refused(c, ErrorCode::Busy, "too many connections from " + remote.ip.to_string(), now);
  return id;
}

void PeerEngine::queue_frame(Connection& c, const StreamPdu& p, Time now) {
  Bytes frame = encode_frame(p);
  emit(PeerEvent{.time = now, .kind = PeerEventKind::PduSent, .conn = c.id, .pdu = type_of(p),
                 .remote = c.remote, .bytes = frame.size()});
  bool was_empty = c.pending() == 0;
  c.out.insert(c.out.end(), frame.begin(), frame.end());
  if (was_empty && c.connected) actions_.push_back(action::StreamReady{c.id});
}

void PeerEngine::close(ConnId id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  if (c.pending() > 0) closing_[id].assign(c.out.begin() + static_cast<std::ptrdiff_t>(c.out_offset), c.out.end());
  connections_.erase(it);
  actions_.push_back(action::Close{id});
}

std::size_t PeerEngine::pull_stream(ConnId id, std::span<std::uint8_t> out, Time now) {
  std::size_t written = 0;
  // Byte-less: out.size() bounds the bytes on the wire, the payloads that travel as sizes too.
  // A payload is counted before its C header, so that the header crosses with the payload's last
  // bytes: the receiver reads the frame when all of it would have arrived.
  std::uint64_t elided = 0;
  if (auto it = connections_.find(id); it != connections_.end() && it->second->connected) {
    Connection& c = *it->second;
    while (written + elided < out.size()) {
      if (c.payload_due > 0) {
        const std::uint64_t n = std::min<std::uint64_t>(out.size() - written - elided, c.payload_due);
        c.payload_due -= n;
        c.elided += n;
        elided += n;
        continue;
      }
      if (c.pending() == 0) {
        c.out.clear();
        c.out_offset = 0;
        if (!c.serve || c.serve->phase != Serve::Phase::Sending) break;
        if (!produce(c, now)) break;  // the F went to closing_, or reading failed: `c` is gone
        continue;  // a byte-less C's payload goes first
      }
      std::size_t n = std::min<std::size_t>(out.size() - written - elided, c.pending());
      std::memcpy(out.data() + written, c.out.data() + c.out_offset, n);
      c.out_offset += n;
      written += n;
    }
  }
  if (auto cl = closing_.find(id); cl != closing_.end() && written + elided < out.size()) {
    std::size_t n = std::min<std::size_t>(out.size() - written - elided, cl->second.size());
    std::memcpy(out.data() + written, cl->second.data(), n);
    cl->second.erase(cl->second.begin(), cl->second.begin() + static_cast<std::ptrdiff_t>(n));
    written += n;
    if (cl->second.empty()) closing_.erase(cl);
  }
  return written;
}

std::uint64_t PeerEngine::take_elided(ConnId id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return 0;
  return std::exchange(it->second->elided, 0);
}

void PeerEngine::on_connected(ConnId id, Time now) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  c.connected = true;
  Download* d = nullptr;
  Worker* w = worker_by_conn(id, &d);
  if (w == nullptr) {
    if (race_connection(id, true, now)) return;
    return close(id);
  }
  worker_connected(*d, *w, c, now);
}

void PeerEngine::on_connect_failed(ConnId id, Time now) {
  Download* d = nullptr;
  Worker* w = worker_by_conn(id, &d);
  if (w == nullptr && race_connection(id, false, now)) return;
  connections_.erase(id);
  if (w != nullptr) {
    w->conn = 0;
    add_unreachable(*d, w->server);
    worker_failed(*d, *w, "could not connect to " + w->address.to_string(), now);
  }
}

void PeerEngine::on_stream_closed(ConnId id, Time now) {
  closing_.erase(id);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Download* d = nullptr;
  Worker* w = worker_by_conn(id, &d);
  std::unique_ptr<Connection> c = std::move(it->second);
  connections_.erase(it);
  if (c->serve) {
    if (c->serve->phase == Serve::Phase::Sending) {
      PeerEvent ev{.time = now, .kind = PeerEventKind::ServeFailed, .conn = id, .content = c->serve->content,
                   .server = c->serve->requester, .remote = c->remote, .bytes = c->serve->sent};
      ev.detail = "requester closed the connection";
      emit(std::move(ev));
    }
    return;
  }
  if (w != nullptr) {
    w->conn = 0;
    // Closed between two ranges (the server's idle time ran out while the next D was on its way):
    // the server did nothing wrong. Connect again, once, before calling it a failure.
    if (w->ranges_on_conn > 0 && w->got == 0 && w->reconnects++ == 0) {
      if (w->range) {
        d->missing.insert(std::find_if(d->missing.begin(), d->missing.end(),
                                       [&](const ByteRange& m) { return m.offset > w->range->offset; }),
                          *w->range);
        w->range.reset();
      }
      w->probing = false;
      return connect_worker(*d, *w, now);
    }
    add_unreachable(*d, w->server);  // it crashed or restarted: it may be back
    worker_failed(*d, *w, "server closed the connection before the end of content", now);
  }
}

void PeerEngine::on_stream_bytes(ConnId id, ByteView bytes, Time now) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  c.reader.feed(bytes);
  if (c.serve) {
    serve_frames(c, now);
    return;
  }
  Download* d = nullptr;
  if (Worker* w = worker_by_conn(id, &d)) download_frames(*d, *w, c, now);
}

// ---- time ------------------------------------------------------------------------------------

std::optional<Time> PeerEngine::next_deadline() const {
  std::optional<Time> t;
  auto consider = [&](Time x) { t = t ? std::min(*t, x) : x; };
  if (!requests_.empty() && requests_.front().tries > 0) consider(requests_.front().deadline);
  for (const auto& [op, d] : downloads_) {
    if (d->phase == Download::Phase::Registering) continue;
    if (config_.download_deadline > Duration::zero()) consider(d->started + config_.download_deadline);
    if (d->phase == Download::Phase::BackingOff) {
      consider(d->backoff_until);
      continue;
    }
    for (const Worker& w : d->workers)
      if (w.phase == Worker::Phase::Connecting || w.phase == Worker::Phase::Receiving ||
          w.phase == Worker::Phase::Waiting)
        consider(w.deadline);
  }
  for (const auto& [id, c] : connections_)
    if (c->serve) consider(c->serve->deadline);
  for (const auto& [content, at] : refresh_at_) consider(at);
  for (const auto& [content, r] : retry_at_)
    if (r.at != Time::max()) consider(r.at);
  return t;
}

void PeerEngine::on_timer(Time now) {
  check_request_timeout(now);
  check_refresh_timers(now);
  check_download_timers(now);
  check_connection_timeouts(now);
}

void PeerEngine::check_connection_timeouts(Time now) {
  std::vector<ConnId> expired;
  for (const auto& [id, c] : connections_)
    if (c->serve && c->serve->deadline <= now) expired.push_back(id);
  for (ConnId id : expired) {
    auto it = connections_.find(id);
    if (it == connections_.end()) continue;
    Connection& c = *it->second;
    if (c.serve->phase == Serve::Phase::AwaitRequest) {
      close(id);  // connected but never asked for anything, or nothing more
      continue;
    }
    Serve& s = *c.serve;
    const auto window_s = std::chrono::duration<double>(rate_window()).count();
    // Bytes a window must move, saturated: a rate too high for 64 bits asks for every byte there is.
    const double want = static_cast<double>(config_.serve_min_rate) * window_s;
    constexpr auto kAll = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t needed = want >= static_cast<double>(kAll) ? kAll : std::max<std::uint64_t>(1, static_cast<std::uint64_t>(want));
    if (s.window_bytes >= needed) {  // read fast enough: a new window
      s.window_bytes = 0;
      s.deadline = now + rate_window();
    } else if (s.window_bytes == 0) {
      serve_failed(c, "requester stopped reading", now);
    } else {
      serve_failed(c,
                   "requester reads too slowly (" + std::to_string(s.window_bytes) + " bytes in " +
                       general_decimal(window_s, 6) + " s, at least " + std::to_string(config_.serve_min_rate) +
                       " bytes/s asked)",
                   now);
    }
  }
}

}  // namespace p2p
