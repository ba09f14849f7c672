// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: downloads, rounds and workers. A download runs one worker per server it uses (one,
// or up to `sources`). A worker searches (S excluding the servers in use, busy this round, or
// failed), connects, and asks for ranges (peer_download_data.cc). E 11 excludes a server for the
// round; when the index has nothing else, the round ends, and after the busy backoff a new round
// forgets who was busy. Failed servers stay excluded; their unfinished bytes resume elsewhere.
#include <algorithm>

#include "peer_engine_state.h"

namespace p2p {
namespace {

bool contains(const std::vector<Name>& v, const Name& n) { return std::find(v.begin(), v.end(), n) != v.end(); }
void add_once(std::vector<Name>& v, const Name& n) {
  if (!n.empty() && !contains(v, n)) v.push_back(n);
}

}  // namespace

OpId PeerEngine::download(const Name& content, Time now) {
  OpId op = next_op();
  emit(PeerEvent{.time = now, .kind = PeerEventKind::DownloadStarted, .op = op, .content = content});
  auto refuse = [&](const std::string& why, bool local_failure) {
    PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadFailed, .op = op, .content = content};
    ev.detail = why;
    ev.local_failure = local_failure;
    emit(ev);
    done(op, false, now, content, why, local_failure);
    return op;
  };
  if (store_.holds(content)) return refuse(content.str() + " is already held locally", false);
  auto d = std::make_unique<Download>();
  d->op = op;
  d->content = content;
  d->started = now;
  d->sink = store_.create(content);
  if (!d->sink) return refuse("cannot store " + content.str() + " locally", true);
  d->workers.resize(std::clamp<std::size_t>(config_.sources, 1, kMaxExcludes));
  for (std::size_t i = 0; i < d->workers.size(); ++i) d->workers[i].id = i;
  if (d->workers.size() == 1) d->missing = {ByteRange{}};  // the whole content, size unknown
  Download& ref = *d;
  downloads_[op] = std::move(d);
  wake_workers(ref, now);
  return op;
}

PeerEngine::Worker* PeerEngine::worker_by_conn(ConnId conn, Download** out) {
  *out = nullptr;
  if (conn == 0) return nullptr;
  auto c = connections_.find(conn);
  if (c == connections_.end() || c->second->download == 0) return nullptr;
  auto d = downloads_.find(c->second->download);
  if (d == downloads_.end()) return nullptr;
  Worker& w = d->second->workers.at(c->second->worker);
  if (w.conn != conn) return nullptr;
  *out = d->second.get();
  return &w;
}

bool PeerEngine::any_worker_active(const Download& d) const {
  return std::any_of(d.workers.begin(), d.workers.end(), [](const Worker& w) {
    return w.phase == Worker::Phase::Searching || w.phase == Worker::Phase::Connecting ||
           w.phase == Worker::Phase::Receiving;
  });
}

// Servers in use by the other workers first (never two connections to one server), then busy
// ones, then failed ones, newest first: S carries at most 8 names.
std::vector<Name> PeerEngine::exclude_list(const Download& d, const Worker& asking) const {
  std::vector<Name> out;
  for (const Worker::Candidate& c : asking.candidates) add_once(out, c.server);  // racing: one of each
  for (const Worker& w : d.workers)
    if (&w != &asking && (w.phase == Worker::Phase::Connecting || w.phase == Worker::Phase::Receiving))
      add_once(out, w.server);
  for (const Name& n : d.busy) add_once(out, n);
  for (auto it = d.failed.rbegin(); it != d.failed.rend(); ++it) add_once(out, *it);
  if (out.size() > kMaxExcludes) out.resize(kMaxExcludes);
  return out;
}

// Starts idle workers for the work there is: one to learn size and digest while they are not
// known (multi-source), else one per range nobody has asked for.
void PeerEngine::wake_workers(Download& d, Time now) {
  if (d.phase != Download::Phase::Fetching) return;
  std::size_t starting = 0;
  for (const Worker& w : d.workers)
    if (w.phase == Worker::Phase::Searching || w.phase == Worker::Phase::Connecting) ++starting;
  std::size_t work = 0;
  if (d.workers.size() > 1 && !d.size)
    work = any_worker_active(d) ? 0 : 1;
  else
    work = d.missing.size() > starting ? d.missing.size() - starting : 0;
  for (Worker& w : d.workers) {  // start_worker only queues an S: the download stays
    if (work == 0) break;
    if (w.phase != Worker::Phase::Idle) continue;
    --work;
    start_worker(d, w, now);
  }
}

void PeerEngine::start_worker(Download& d, Worker& w, Time now) {
  w.phase = Worker::Phase::Searching;
  w.server = {};
  if (!w.racing && race_due(d)) {  // many failures in a row: connect to the next few at once
    w.racing = true;
    w.race_searches = config_.parallel_connects - 1;
  }
  w.race_searching = w.racing;
  UdpRequestState r;
  r.op = d.op;
  r.purpose = Purpose::DownloadSearch;
  r.content = d.content;
  r.worker = w.id;
  enqueue(std::move(r), now);
}

void PeerEngine::worker_found(Download& d, Worker& w, const pdu::SearchAnswer& answer, Time now) {
  if (answer.peer == config_.name) {
    w.server = answer.peer;
    return worker_failed(d, w, "the index named this peer itself", now);
  }
  bool in_use = std::any_of(d.workers.begin(), d.workers.end(), [&](const Worker& o) {
    return &o != &w && o.server == answer.peer &&
           (o.phase == Worker::Phase::Connecting || o.phase == Worker::Phase::Receiving);
  });
  // The index can only be told 8 names: it may offer one this download already avoids.
  if (in_use || contains(d.busy, answer.peer) || contains(d.failed, answer.peer))
    return worker_not_found(d, w, "no other server is free (offered " + answer.peer.str() + " again)", now);
  w.server = answer.peer;
  w.address = answer.address;
  w.idle_rounds = 0;
  d.empty_since.reset();
  d.empty_rounds = 0;
  bool first_use = std::none_of(d.sources.begin(), d.sources.end(), [&](const SourceShare& s) { return s.server == answer.peer; });
  if (first_use) {
    d.sources.push_back(SourceShare{answer.peer, 0});
    emit(PeerEvent{.time = now, .kind = PeerEventKind::SourceAdded, .op = d.op, .content = d.content,
                   .server = answer.peer, .remote = answer.address});
  }
  w.reconnects = 0;
  connect_worker(d, w, now);
}

void PeerEngine::connect_worker(Download& d, Worker& w, Time now) {
  Connection& c = add_connection(true, w.address, now);
  c.download = d.op;
  c.worker = w.id;
  w.conn = c.id;
  w.ranges_on_conn = 0;
  w.phase = Worker::Phase::Connecting;
  w.deadline = now + config_.connect_timeout;
  actions_.push_back(action::Connect{c.id, w.address});
}

// The index had no server for this worker (E 5).
void PeerEngine::worker_not_found(Download& d, Worker& w, const std::string& why, Time now) {
  w.phase = Worker::Phase::Idle;
  w.server = {};
  if (any_worker_active(d)) {
    // Others are fetching: look again later for one more source.
    w.phase = Worker::Phase::Waiting;
    w.deadline = now + config_.busy_backoff.wait(++w.idle_rounds, rng_.uniform01());
    return;
  }
  if (!d.busy.empty()) {  // every server left was busy: the round ends
    d.phase = Download::Phase::BackingOff;
    // The wait grows only while the same servers stay busy; a round that met a server the round
    // before did not (the swarm grew) starts the backoff over, so new capacity is used at once.
    bool grew = std::any_of(d.busy.begin(), d.busy.end(), [&](const Name& n) { return !contains(d.last_round_busy, n); });
    d.busy_rounds = grew ? 1 : d.busy_rounds + 1;
    d.last_round_busy = d.busy;
    d.backoff_until = now + config_.busy_backoff.wait(d.busy_rounds, rng_.uniform01());
    for (Worker& o : d.workers) o.phase = Worker::Phase::Idle;
    return;
  }
  bool nothing_left = std::none_of(d.workers.begin(), d.workers.end(), [](const Worker& o) {
    return o.phase == Worker::Phase::Waiting;
  });
  if (!nothing_left) return;  // a waiting worker will look again
  // In a flash crowd the first servers can register late, and a server that failed may be back:
  // the index is asked again after a backoff, for empty_swarm_wait (the index itself withholds
  // addresses that accept nothing, so servers that could not be reached are tried again).
  // Not when every server it knows misbehaved: asking again would only name them again.
  const bool may_come = d.failed.empty() || !d.unreachable.empty();
  if (!d.empty_since) d.empty_since = now;
  if (may_come && now - *d.empty_since < config_.empty_swarm_wait) {
    d.phase = Download::Phase::BackingOff;
    d.backoff_until = now + config_.busy_backoff.wait(++d.empty_rounds, rng_.uniform01());
    // Servers that could not be reached may be back; those that misbehaved stay excluded.
    std::erase_if(d.failed, [&](const Name& n) { return contains(d.unreachable, n); });
    d.unreachable.clear();
    for (Worker& o : d.workers) o.phase = Worker::Phase::Idle;
    return;
  }
  std::string reason = "search failed: " + why;
  if (may_come && config_.empty_swarm_wait > Duration::zero())
    reason += " (asked again for " + settings::number_text(to_seconds(config_.empty_swarm_wait)) + " s)";
  if (!d.last_failure.empty()) reason += "; last failure: " + d.last_failure;
  finish_download(d.op, false, reason, now);
}

void PeerEngine::worker_connected(Download& d, Worker& w, Connection& c, Time now) {
  w.phase = Worker::Phase::Receiving;
  d.failed_in_row = 0;
  if (d.workers.size() > 1) report_skip(d, w.server, pdu::SkipReason::InUse, now);  // its other S's exclude it
  send_next_request(d, w, c, now);
}

void PeerEngine::release_worker(Download& d, Worker& w) {
  (void)d;
  for (const Worker::Candidate& k : w.candidates)
    if (k.conn != 0) close(k.conn);
  w.candidates.clear();
  w.racing = false;
  w.race_searches = 0;
  if (w.conn != 0) {
    ConnId conn = w.conn;
    w.conn = 0;
    if (auto it = connections_.find(conn); it != connections_.end()) it->second->out.clear(), it->second->out_offset = 0;
    close(conn);
  }
  w.phase = Worker::Phase::Idle;
  w.range.reset();
  w.probing = false;
  w.got = 0;
}

namespace {

// Puts the part of a range that was not received back among the missing ranges, in offset order.
void give_back(std::vector<ByteRange>& missing, const ByteRange& r, std::uint64_t got) {
  ByteRange rest{r.offset + got, r.to_end() ? ByteRange::kToEnd : r.length - got, r.resumed || got > 0};
  if (!rest.to_end() && rest.length == 0) return;
  auto at = std::find_if(missing.begin(), missing.end(), [&](const ByteRange& m) { return m.offset > rest.offset; });
  missing.insert(at, rest);
}

}  // namespace

void PeerEngine::worker_failed(Download& d, Worker& w, const std::string& why, Time now, bool search_again) {
  Name server = w.server;
  Endpoint address = w.address;
  if (w.range) {
    keep_received(d, w);
    give_back(d.missing, *w.range, w.got);
    w.range.reset();
  }
  release_worker(d, w);
  w.server = {};
  PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadAttemptFailed, .op = d.op, .content = d.content,
               .server = server, .remote = address};
  ev.detail = why;
  emit(std::move(ev));
  if (!server.empty() && !contains(d.failed, server)) {
    d.failed.push_back(server);
    ++d.failures;
    ++d.failed_in_row;
  }
  d.last_failure = why;
  report_skip(d, server, pdu::SkipReason::Failed, now);
  // What it sent may have been the last bytes missing (its F lost with it).
  if (search_again && !advance_hash(d))
    return finish_download(d.op, false, "cannot read back " + d.content.str() + " locally", now, true);
  if (search_again && d.complete()) return try_finish(d, now);
  // With a deadline the download goes on while the index names servers it has not tried; without
  // one, max_attempts distinct servers bound it.
  if (d.failures >= config_.max_attempts && config_.download_deadline == Duration::zero())
    return finish_download(d.op, false, "gave up after " + std::to_string(d.failures) + " servers; last: " + why, now);
  if (search_again) start_worker(d, w, now);
}

// A server that failed in a way that may pass (refused, timed out, closed, stalled, or did not hold
// the content yet) is tried again after an empty swarm's backoff; one that broke the protocol is not.
void PeerEngine::add_unreachable(Download& d, const Name& server) { add_once(d.unreachable, server); }

void PeerEngine::worker_busy(Download& d, Worker& w, const std::string& why, Time now) {
  Name server = w.server;
  if (w.range) {
    keep_received(d, w);
    give_back(d.missing, *w.range, w.got);
    w.range.reset();
  }
  release_worker(d, w);
  w.server = {};
  PeerEvent ev{.time = now, .kind = PeerEventKind::ServerBusy, .op = d.op, .content = d.content, .server = server};
  ev.detail = why;
  ev.error = ErrorCode::Busy;
  emit(std::move(ev));
  add_once(d.busy, server);
  report_skip(d, server, pdu::SkipReason::Busy, now);
  if (!advance_hash(d)) return finish_download(d.op, false, "cannot read back " + d.content.str() + " locally", now, true);
  if (d.complete()) return try_finish(d, now);
  start_worker(d, w, now);
}

void PeerEngine::check_download_timers(Time now) {
  std::vector<OpId> ops;
  for (const auto& [op, d] : downloads_) ops.push_back(op);
  for (OpId op : ops) {
    auto it = downloads_.find(op);
    if (it == downloads_.end()) continue;
    Download& d = *it->second;
    if (d.phase == Download::Phase::Registering) continue;
    if (config_.download_deadline > Duration::zero() && now - d.started >= config_.download_deadline) {
      finish_download(op, false, "no verified copy within the download deadline of " +
                                     std::to_string(to_seconds(config_.download_deadline)) + " s" +
                                     (d.last_failure.empty() ? "" : "; last failure: " + d.last_failure), now);
      continue;
    }
    if (d.phase == Download::Phase::BackingOff) {
      if (now < d.backoff_until) continue;
      d.phase = Download::Phase::Fetching;
      d.busy.clear();
      ++d.round;
      PeerEvent ev{.time = now, .kind = PeerEventKind::RoundStarted, .op = op, .content = d.content};
      ev.detail = "round " + std::to_string(d.round);
      emit(std::move(ev));
      wake_workers(d, now);
      continue;
    }
    // By index, and the download looked up again each time: a failure can end it.
    for (std::size_t i = 0; downloads_.count(op) && i < d.workers.size(); ++i) {
      Worker& w = d.workers[i];
      if (w.racing) {
        race_timers(d, w, now);
        continue;
      }
      if (w.deadline > now) continue;
      if (w.phase == Worker::Phase::Connecting) {
        add_unreachable(d, w.server);
        worker_failed(d, w, "connect timed out", now);
      } else if (w.phase == Worker::Phase::Receiving) {
        add_unreachable(d, w.server);  // the path or the server was slow: it may pass
        worker_failed(d, w, "transfer stalled", now);
      } else if (w.phase == Worker::Phase::Waiting) {
        w.phase = Worker::Phase::Idle;
        wake_workers(d, now);
      }
    }
  }
}

void PeerEngine::finish_download(OpId op, bool ok, const std::string& why, Time now, bool local_failure) {
  auto it = downloads_.find(op);
  if (it == downloads_.end()) return;
  std::unique_ptr<Download> d = std::move(it->second);
  downloads_.erase(it);
  for (Worker& w : d->workers) release_worker(*d, w);
  // The servers it told the index it uses carry its load no more (a registration, if one
  // follows, says so too, but not every download registers).
  std::vector<Name> in_use;
  for (const auto& [server, reason] : d->reported)
    if (reason == pdu::SkipReason::InUse) in_use.push_back(server);
  for (const Name& server : in_use) report_skip(*d, server, pdu::SkipReason::Released, now);
  if (d->sink) d->sink->discard();
  // A search or registration for it may still be queued: drop those not yet sent.
  drop_requests(op, now);
  if (!ok) {
    PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadFailed, .op = op, .content = d->content,
                 .server = d->reference, .duration = now - d->started};
    ev.detail = why;
    ev.sources = d->sources;
    ev.local_failure = local_failure;
    emit(std::move(ev));
  }
  done(op, ok, now, d->content, why, local_failure);
}

}  // namespace p2p
