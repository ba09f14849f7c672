// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: parallel connects. After parallel_after servers failed in a row (a crowd of dead
// registrations, or a swarm whose servers crashed), a worker asks the index for up to
// parallel_connects servers one after the other and connects to each as soon as it is named,
// without waiting for the others, as BitTorrent clients connect to several peers at once. The
// first connection accepted is kept; the other candidates are closed and reported released, so
// the index holds no assignment for them; those that fail are failed servers like any other.
#include <algorithm>

#include "peer_engine_state.h"

namespace p2p {
namespace {

bool contains(const std::vector<Name>& v, const Name& n) { return std::find(v.begin(), v.end(), n) != v.end(); }

}  // namespace

// Only with an index that takes skip reports: to one that cannot be told that the candidates are
// in use, each search that excludes them would strike them, live ones too.
bool PeerEngine::race_due(const Download& d) const {
  return config_.parallel_after > 0 && config_.parallel_connects > 1 && d.failed_in_row >= config_.parallel_after &&
         config_.skip_reports_per_second > 0 && !index_ignores_reports_;
}

void PeerEngine::race_found(Download& d, Worker& w, const pdu::SearchAnswer& answer, Time now) {
  const bool taken = std::any_of(d.workers.begin(), d.workers.end(), [&](const Worker& o) {
    return &o != &w && o.server == answer.peer &&
           (o.phase == Worker::Phase::Connecting || o.phase == Worker::Phase::Receiving);
  });
  const bool candidate = std::any_of(w.candidates.begin(), w.candidates.end(),
                                     [&](const Worker::Candidate& c) { return c.server == answer.peer; });
  if (answer.peer == config_.name || taken || candidate || contains(d.busy, answer.peer) || contains(d.failed, answer.peer)) {
    // Nothing new to connect to: the candidates out decide, or, with none, the usual rules.
    w.race_searches = 0;
    if (!w.candidates.empty()) {
      // The index opened an assignment to a server this download will not use: released.
      if (answer.peer != config_.name) report_skip(d, answer.peer, pdu::SkipReason::Released, now);
      return;
    }
    w.racing = false;
    return worker_found(d, w, answer, now);
  }
  Connection& c = add_connection(true, answer.address, now);
  c.download = d.op;
  c.worker = w.id;
  w.candidates.push_back(Worker::Candidate{answer.peer, answer.address, c.id, now + config_.connect_timeout});
  actions_.push_back(action::Connect{c.id, answer.address});
  if (w.race_searches > 0) {
    // The next search excludes it because this download is connecting to it: not a strike.
    report_skip(d, answer.peer, pdu::SkipReason::InUse, now);
    --w.race_searches;
    w.race_searching = true;
    UdpRequestState r;
    r.op = d.op;
    r.purpose = Purpose::DownloadSearch;
    r.content = d.content;
    r.worker = w.id;
    enqueue(std::move(r), now);
  }
  race_settle(w);
}

// The race's search got E 5 or no answer: the candidates out decide (true); with none it is
// handled as any search's failure (false).
bool PeerEngine::race_search_ended(Worker& w) {
  w.race_searching = false;
  w.race_searches = 0;
  if (!w.racing) return true;  // the race ended meanwhile: nothing waits for this search
  if (!w.candidates.empty()) return true;
  w.racing = false;
  return false;
}

bool PeerEngine::race_connection(ConnId conn, bool connected, Time now) {
  auto c = connections_.find(conn);
  if (c == connections_.end() || c->second->download == 0) return false;
  auto dit = downloads_.find(c->second->download);
  if (dit == downloads_.end()) return false;
  Download& d = *dit->second;
  Worker& w = d.workers.at(c->second->worker);
  auto cand = std::find_if(w.candidates.begin(), w.candidates.end(), [&](const Worker::Candidate& k) { return k.conn == conn; });
  if (cand == w.candidates.end()) return false;
  const std::size_t i = static_cast<std::size_t>(cand - w.candidates.begin());
  if (!connected) {
    connections_.erase(c);
    w.candidates[i].conn = 0;
    race_lost(d, w, i, "could not connect to " + w.candidates[i].address.to_string(), now);
    return true;
  }
  c->second->connected = true;
  Worker::Candidate win = w.candidates[i];
  w.candidates.erase(w.candidates.begin() + static_cast<std::ptrdiff_t>(i));
  race_close(d, w, now);
  // Searches for more candidates not sent yet are not needed; one out is released when answered.
  std::erase_if(requests_, [&](const UdpRequestState& r) {
    return r.tries == 0 && r.op == d.op && r.purpose == Purpose::DownloadSearch && r.worker == w.id;
  });
  w.racing = false;
  w.race_searches = 0;
  w.server = win.server;
  w.address = win.address;
  w.conn = win.conn;
  w.reconnects = 0;
  w.idle_rounds = 0;
  d.empty_since.reset();
  d.empty_rounds = 0;
  if (std::none_of(d.sources.begin(), d.sources.end(), [&](const SourceShare& s) { return s.server == win.server; })) {
    d.sources.push_back(SourceShare{win.server, 0});
    emit(PeerEvent{.time = now, .kind = PeerEventKind::SourceAdded, .op = d.op, .content = d.content,
                   .server = win.server, .remote = win.address});
  }
  // The index's open assignment may name another candidate (the last one it was asked for):
  // this one is in use, the others were released.
  report_skip(d, win.server, pdu::SkipReason::InUse, now);
  worker_connected(d, w, *c->second, now);
  return true;
}

void PeerEngine::race_close(Download& d, Worker& w, Time now) {
  std::vector<Worker::Candidate> others = std::move(w.candidates);
  w.candidates.clear();
  for (const Worker::Candidate& k : others) {
    if (k.conn != 0) close(k.conn);
    report_skip(d, k.server, pdu::SkipReason::Released, now);
  }
}

void PeerEngine::race_lost(Download& d, Worker& w, std::size_t i, const std::string& why, Time now) {
  Worker::Candidate k = w.candidates[i];
  w.candidates.erase(w.candidates.begin() + static_cast<std::ptrdiff_t>(i));
  if (k.conn != 0) close(k.conn);
  PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadAttemptFailed, .op = d.op, .content = d.content,
               .server = k.server, .remote = k.address};
  ev.detail = why;
  emit(std::move(ev));
  add_unreachable(d, k.server);
  if (!contains(d.failed, k.server)) {
    d.failed.push_back(k.server);
    ++d.failures;
    ++d.failed_in_row;
  }
  d.last_failure = why;
  report_skip(d, k.server, pdu::SkipReason::Failed, now);
  if (d.failures >= config_.max_attempts && config_.download_deadline == Duration::zero())
    return finish_download(d.op, false, "gave up after " + std::to_string(d.failures) + " servers; last: " + why, now);
  race_go_on(d, w, now);
}

void PeerEngine::race_go_on(Download& d, Worker& w, Time now) {
  race_settle(w);
  if (!w.candidates.empty() || w.race_searching) return;
  w.racing = false;
  start_worker(d, w, now);  // every candidate failed: the next race, or the usual search
}

void PeerEngine::race_timers(Download& d, Worker& w, Time now) {
  const OpId op = d.op;
  for (;;) {
    auto late = std::find_if(w.candidates.begin(), w.candidates.end(), [&](const Worker::Candidate& k) { return k.deadline <= now; });
    if (late == w.candidates.end()) return;
    race_lost(d, w, static_cast<std::size_t>(late - w.candidates.begin()), "connect timed out", now);
    if (!downloads_.count(op) || !w.racing) return;
  }
}

// The worker waits on its candidates' connects (Connecting, until the earliest deadline), or on
// its search for one (Searching).
void PeerEngine::race_settle(Worker& w) {
  if (w.candidates.empty()) {
    w.phase = Worker::Phase::Searching;
    return;
  }
  w.phase = Worker::Phase::Connecting;
  w.deadline = std::min_element(w.candidates.begin(), w.candidates.end(), [](const auto& a, const auto& b) {
                 return a.deadline < b.deadline;
               })->deadline;
}

}  // namespace p2p
