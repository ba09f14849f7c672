// Peer engine: downloads. S (excluding servers that failed) -> connect -> D -> C... -> F, then
// size and SHA-256 are checked before the sink may keep the content, and only then is it registered.
#include <algorithm>

#include "peer_engine_state.h"

namespace p2p {

OpId PeerEngine::download(const Name& content, Time now) {
  OpId op = next_op();
  auto d = std::make_unique<Download>();
  d->op = op;
  d->content = content;
  d->started = now;
  emit(PeerEvent{.time = now, .kind = PeerEventKind::DownloadStarted, .op = op, .content = content});
  if (store_.holds(content)) {
    PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadFailed, .op = op, .content = content};
    ev.detail = content.str() + " is already held locally";
    emit(ev);
    done(op, false, now, content, ev.detail);
    return op;
  }
  Download& ref = *d;
  downloads_[op] = std::move(d);
  start_search(ref, now);
  return op;
}

PeerEngine::Download* PeerEngine::download_by_conn(ConnId conn) {
  if (conn == 0) return nullptr;
  auto c = connections_.find(conn);
  if (c != connections_.end() && c->second->download != 0) {
    auto d = downloads_.find(c->second->download);
    return d == downloads_.end() ? nullptr : d->second.get();
  }
  for (auto& [op, d] : downloads_)
    if (d->conn == conn) return d.get();
  return nullptr;
}

void PeerEngine::start_search(Download& d, Time now) {
  d.phase = Download::Phase::Searching;
  ++d.attempts;
  UdpRequestState r;
  r.op = d.op;
  r.purpose = Purpose::DownloadSearch;
  r.content = d.content;
  enqueue(std::move(r), now);
}

void PeerEngine::download_found(Download& d, const pdu::SearchAnswer& answer, Time now) {
  d.server = answer.peer;
  d.server_address = answer.address;
  if (answer.peer == config_.name) return attempt_failed(d, "the index named this peer itself", now);
  d.sink = store_.create(d.content);
  if (!d.sink) return finish_download(d.op, false, "cannot store " + d.content.str() + " locally", now);
  d.hash.reset();
  d.received = 0;
  Connection& c = add_connection(true, answer.address, now);
  c.download = d.op;
  d.conn = c.id;
  d.phase = Download::Phase::Connecting;
  d.deadline = now + config_.connect_timeout;
  actions_.push_back(action::Connect{c.id, answer.address});
}

void PeerEngine::download_frames(Download& d, Connection& c, Time now) {
  OpId op = d.op;
  while (downloads_.count(op) && d.conn == c.id) {
    auto next = c.reader.next();
    if (!next) return attempt_failed(d, "bad stream from server: " + next.error().message, now);
    if (!next->has_value()) return;
    RawFrame frame = **next;
    emit(PeerEvent{.time = now, .kind = PeerEventKind::PduReceived, .op = op, .conn = c.id, .pdu = frame.type,
                   .content = d.content, .server = d.server, .remote = c.remote,
                   .bytes = kFrameHeaderSize + frame.data.size()});
    auto pdu = decode_frame(frame.type, frame.data);
    if (!pdu) return attempt_failed(d, "bad PDU from server: " + pdu.error().message, now);
    if (auto* data = std::get_if<pdu::ContentData>(&*pdu)) {
      if (!d.sink->write(data->data)) return finish_download(op, false, "cannot write " + d.content.str() + " locally", now);
      d.hash.update(data->data);
      d.received += data->data.size();
      d.deadline = now + config_.stall_timeout;
    } else if (auto* end = std::get_if<pdu::EndOfContent>(&*pdu)) {
      if (end->size != d.received)
        return attempt_failed(d, "size mismatch: F says " + std::to_string(end->size) + " bytes, received " +
                                     std::to_string(d.received), now);
      if (end->sha256 != d.hash.finish()) return attempt_failed(d, "SHA-256 mismatch", now);
      return download_verified(d, end->size, now);
    } else if (auto* e = std::get_if<pdu::Error>(&*pdu)) {
      return attempt_failed(d, "server answered E " + std::to_string(static_cast<int>(e->code)) + " (" +
                                   std::string(describe(e->code)) + ")" + (e->message.empty() ? "" : ": " + e->message),
                            now);
    } else {
      return attempt_failed(d, "server sent a D", now);
    }
  }
}

void PeerEngine::download_verified(Download& d, std::uint64_t size, Time now) {
  ConnId conn = d.conn;
  d.conn = 0;
  close(conn);
  if (!d.sink->commit()) return finish_download(d.op, false, "verified, but could not keep " + d.content.str(), now);
  d.sink.reset();
  PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadCompleted, .op = d.op, .content = d.content,
               .server = d.server, .remote = d.server_address, .bytes = size, .duration = now - d.started};
  ev.detail = "sha256 verified";
  emit(std::move(ev));
  if (!config_.register_downloads) return finish_download(d.op, true, {}, now);
  d.phase = Download::Phase::Registering;
  UdpRequestState r;
  r.op = d.op;
  r.purpose = Purpose::DownloadRegister;
  r.content = d.content;
  enqueue(std::move(r), now);
}

void PeerEngine::attempt_failed(Download& d, const std::string& why, Time now) {
  if (d.conn != 0) {
    ConnId conn = d.conn;
    d.conn = 0;
    if (auto it = connections_.find(conn); it != connections_.end()) it->second->out.clear(), it->second->out_offset = 0;
    close(conn);
  }
  if (d.sink) {
    d.sink->discard();
    d.sink.reset();
  }
  d.received = 0;
  d.last_failure = why;
  PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadAttemptFailed, .op = d.op, .content = d.content,
               .server = d.server, .remote = d.server_address};
  ev.detail = why;
  emit(std::move(ev));
  if (!d.server.empty() && std::find(d.excluded.begin(), d.excluded.end(), d.server) == d.excluded.end())
    d.excluded.push_back(d.server);
  if (d.attempts >= config_.max_attempts)
    return finish_download(d.op, false, "gave up after " + std::to_string(d.attempts) + " servers; last: " + why, now);
  start_search(d, now);
}

void PeerEngine::finish_download(OpId op, bool ok, const std::string& why, Time now) {
  auto it = downloads_.find(op);
  if (it == downloads_.end()) return;
  std::unique_ptr<Download> d = std::move(it->second);
  downloads_.erase(it);
  if (d->conn != 0) close(d->conn);
  if (d->sink) d->sink->discard();
  // A search or registration for it may still be queued: drop those not yet sent.
  drop_requests(op, now);
  if (!ok) {
    PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadFailed, .op = op, .content = d->content,
                 .server = d->server, .duration = now - d->started};
    ev.detail = why;
    emit(std::move(ev));
  }
  done(op, ok, now, d->content, why);
}

}  // namespace p2p
