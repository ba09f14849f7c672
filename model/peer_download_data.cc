// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: the data of a download. Each D asks for a range (the whole content, the rest from
// an offset, or one piece); C data is written at its offset; bytes that arrive in order are hashed
// as they come, the others are read back from the sink once the bytes before them are in. Every F
// must agree on size and SHA-256; the whole content is verified before the sink may keep it.
// Byte-less (PeerConfig::byteless): C frames carry sizes, the sink counts them, and the F's size
// and digest must equal the content's identity, which stands for its bytes.
#include <algorithm>

#include "peer_engine_state.h"

namespace p2p {
namespace {

bool contains(const std::vector<Name>& v, const Name& n) { return std::find(v.begin(), v.end(), n) != v.end(); }

std::string error_text(const pdu::Error& e) {
  return "server answered E " + std::to_string(static_cast<int>(e.code)) + " (" + std::string(describe(e.code)) + ")" +
         (e.message.empty() ? "" : ": " + e.message);
}

}  // namespace

bool PeerEngine::Download::complete() const {
  if (!size || !missing.empty() || hashed != *size) return false;
  return std::none_of(workers.begin(), workers.end(), [](const Worker& w) { return w.range.has_value() || w.probing; });
}

void PeerEngine::send_next_request(Download& d, Worker& w, Connection& c, Time now) {
  pdu::DownloadRequest req{config_.name, d.content, std::nullopt, std::nullopt};
  if (d.workers.size() > 1 && !d.digest) {
    // Multi-source: learn size and digest first, from a D of length 0.
    w.probing = true;
    req.offset = 0;
    req.length = 0;
  } else if (d.missing.empty()) {
    return release_worker(d, w);  // nothing left to ask this server for
  } else {
    ByteRange r = d.missing.front();
    d.missing.erase(d.missing.begin());
    w.range = r;
    w.got = 0;
    if (r.offset > 0 || !r.to_end()) req.offset = r.offset;
    if (!r.to_end()) req.length = r.length;
    if (r.resumed || (r.to_end() && r.offset > 0)) {
      emit(PeerEvent{.time = now, .kind = PeerEventKind::DownloadResumed, .op = d.op, .content = d.content,
                     .server = w.server, .remote = w.address, .bytes = r.offset});
    }
  }
  w.deadline = now + config_.stall_timeout;
  queue_frame(c, req, now);
}

void PeerEngine::count_source(Download& d, const Name& server, std::uint64_t bytes) {
  for (auto& s : d.sources)
    if (s.server == server) s.bytes += bytes;
  if (!contains(d.contributors, server)) d.contributors.push_back(server);
}

void PeerEngine::download_frames(Download& d, Worker& w, Connection& c, Time now) {
  OpId op = d.op;
  ConnId conn = c.id;
  while (downloads_.count(op) && w.conn == conn) {
    auto next = c.reader.next();
    if (!next) return worker_failed(d, w, "bad stream from server: " + next.error().message, now);
    if (!next->has_value()) return;
    RawFrame frame = **next;
    emit(PeerEvent{.time = now, .kind = PeerEventKind::PduReceived, .op = op, .conn = conn, .pdu = frame.type,
                   .content = d.content, .server = w.server, .remote = c.remote,
                   .bytes = kFrameHeaderSize + frame.data.size() + frame.elided});
    auto pdu = frame.elided ? Result<StreamPdu>(StreamPdu{pdu::ContentData{}}) : decode_frame(frame.type, frame.data);
    if (!pdu) return worker_failed(d, w, "bad PDU from server: " + pdu.error().message, now);
    if (auto* data = std::get_if<pdu::ContentData>(&*pdu)) {
      if (!w.range) return worker_failed(d, w, "server sent data that was not asked for", now);
      const ByteRange& r = *w.range;
      std::uint64_t n = frame.elided ? frame.elided : data->data.size();
      std::uint64_t at = r.offset + w.got;
      if (!r.to_end() && w.got + n > r.length)
        return worker_failed(d, w, "server sent more than the " + std::to_string(r.length) + " bytes asked for", now);
      if (d.size && at + n > *d.size)
        return worker_failed(d, w, "server sent bytes past the end of the content", now);
      if (config_.max_download_size != 0 && at + n > config_.max_download_size)
        return worker_failed(d, w, "server sent more than the " + std::to_string(config_.max_download_size) +
                                       "-byte limit of a download", now);
      if (!(frame.elided ? d.sink->count_at(at, n) : d.sink->write_at(at, data->data)))
        return finish_download(op, false, "cannot write " + d.content.str() + " locally", now, true);
      if (at == d.hashed) {
        if (!frame.elided) d.hash.update(data->data);
        d.hashed += n;
      }
      w.got += n;
      w.reconnects = 0;
      count_source(d, w.server, n);
      w.deadline = now + config_.stall_timeout;
    } else if (auto* end = std::get_if<pdu::EndOfContent>(&*pdu)) {
      range_finished(d, w, *end, now);
      if (!downloads_.count(op) || w.conn != conn) return;
    } else if (auto* e = std::get_if<pdu::Error>(&*pdu)) {
      if (e->code == ErrorCode::Busy) return worker_busy(d, w, error_text(*e), now);
      // Not held (yet): a server whose registration is still in flight, or that restarted.
      if (e->code == ErrorCode::ContentUnavailable) add_unreachable(d, w.server);
      return worker_failed(d, w, error_text(*e), now);
    } else {
      return worker_failed(d, w, "server sent a D", now);
    }
  }
}

void PeerEngine::range_finished(Download& d, Worker& w, const pdu::EndOfContent& f, Time now) {
  // This F must fit what was asked for...
  if (w.range && w.range->to_end() && f.size != w.range->offset + w.got)
    return worker_failed(d, w, "size mismatch: F says " + std::to_string(f.size) + " bytes, received " +
                                   std::to_string(w.range->offset + w.got), now);
  if (w.range && !w.range->to_end() && w.got != w.range->length)
    return worker_failed(d, w, "F after " + std::to_string(w.got) + " of the " + std::to_string(w.range->length) +
                                   " bytes asked for", now);
  // ...and agree with every F before it.
  if (d.digest && (f.size != *d.size || f.sha256 != *d.digest)) {
    std::string why = "F disagrees with " + d.reference.str() + "'s on " +
                      (f.size != *d.size ? "the size" : "the SHA-256");
    Name reference = d.reference;
    OpId op = d.op;
    worker_failed(d, w, why, now, /*search_again=*/false);
    if (!downloads_.count(op)) return;
    if (!reference.empty() && !contains(d.failed, reference)) {
      d.failed.push_back(reference);  // which of the two is right is unknown: neither is asked again
      ++d.failures;
    }
    return restart_download(d, why, now);
  }
  if (!d.digest) {
    d.size = f.size;
    d.digest = f.sha256;
    d.reference = w.server;
    if (w.probing) {  // multi-source: now the pieces are known
      d.missing.clear();
      for (std::uint64_t at = 0; at < f.size; at += config_.piece_size)
        d.missing.push_back(ByteRange{at, std::min<std::uint64_t>(config_.piece_size, f.size - at), false});
    }
  }
  keep_received(d, w);
  w.range.reset();
  w.got = 0;
  w.probing = false;
  ++w.ranges_on_conn;
  if (!advance_hash(d)) return finish_download(d.op, false, "cannot read back " + d.content.str() + " locally", now, true);
  if (d.complete()) return try_finish(d, now);
  auto c = connections_.find(w.conn);
  if (c != connections_.end()) send_next_request(d, w, *c->second, now);  // same connection: persistent
  wake_workers(d, now);
}

// What a worker received of its range joins the received ranges, to be hashed once the hashed prefix
// reaches it: when its range ends, and when its server fails or is busy part-way (the rest goes back
// among the missing ranges). Bytes past the prefix were kept in the sink but not hashed on arrival.
void PeerEngine::keep_received(Download& d, Worker& w) {
  if (!w.range) return;
  const std::uint64_t end = w.range->offset + w.got;
  const std::uint64_t from = std::max(w.range->offset, d.hashed);
  if (end <= from) return;
  auto at = std::find_if(d.done.begin(), d.done.end(), [&](const ByteRange& r) { return r.offset > from; });
  d.done.insert(at, ByteRange{from, end - from, false});
}

// Hashes the received ranges that now follow the hashed prefix, reading them back from the sink.
bool PeerEngine::advance_hash(Download& d) {
  Bytes buf;
  while (!d.done.empty() && d.done.front().offset <= d.hashed) {
    ByteRange r = d.done.front();
    d.done.erase(d.done.begin());
    std::uint64_t end = r.offset + r.length;
    if (config_.byteless) {  // nothing to read back: the range arrived as its size
      d.hashed = std::max(d.hashed, end);
      continue;
    }
    if (buf.empty()) buf.resize(64 * 1024);
    while (d.hashed < end) {
      auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), end - d.hashed));
      std::size_t got = d.sink->read(d.hashed, std::span<std::uint8_t>(buf.data(), want));
      if (got == 0) return false;
      d.hash.update(std::span<const std::uint8_t>(buf.data(), got));
      d.hashed += got;
    }
  }
  return true;
}

void PeerEngine::restart_download(Download& d, const std::string& why, Time now) {
  for (Worker& w : d.workers) release_worker(d, w);
  d.sink->discard();
  d.sink = store_.create(d.content);
  if (!d.sink) return finish_download(d.op, false, "cannot store " + d.content.str() + " locally", now, true);
  d.size.reset();
  d.digest.reset();
  d.reference = {};
  d.missing.clear();
  if (d.workers.size() == 1) d.missing = {ByteRange{}};
  d.done.clear();
  d.hashed = 0;
  d.hash.reset();
  d.contributors.clear();
  d.last_failure = why;
  if (d.failures >= config_.max_attempts)
    return finish_download(d.op, false, "gave up after " + std::to_string(d.failures) + " servers; last: " + why, now);
  wake_workers(d, now);
}

void PeerEngine::try_finish(Download& d, Time now) {
  const ContentIdentity* identity = config_.byteless ? d.sink->identity() : nullptr;
  const bool verified = config_.byteless
                            ? identity != nullptr && identity->size == *d.size && identity->digest == *d.digest
                            : d.hash.finish() == *d.digest;
  if (!verified) {
    // The bytes do not make the content every F described: none of their servers is asked again.
    std::string why = !config_.byteless ? "SHA-256 mismatch: the bytes received do not hash to the F's digest"
                      : identity == nullptr ? "no identity to verify " + d.content.str() + " by"
                                            : "identity mismatch: the F's size and SHA-256 are not " + d.content.str() + "'s";
    for (const Name& s : d.contributors)
      if (!contains(d.failed, s)) d.failed.push_back(s), ++d.failures;
    if (!contains(d.failed, d.reference)) d.failed.push_back(d.reference), ++d.failures;
    PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadAttemptFailed, .op = d.op, .content = d.content,
                 .server = d.reference};
    ev.detail = why;
    emit(std::move(ev));
    return restart_download(d, why, now);
  }
  download_verified(d, now);
}

void PeerEngine::download_verified(Download& d, Time now) {
  for (Worker& w : d.workers) release_worker(d, w);
  if (!d.sink->commit()) return finish_download(d.op, false, "verified, but could not keep " + d.content.str(), now, true);
  d.sink.reset();
  // Serving it later needs its digest: it is known now, for the version just kept.
  if (auto kept = store_.open(d.content)) digests_[d.content] = KnownDigest{kept->version(), *d.size, *d.digest};
  PeerEvent ev{.time = now, .kind = PeerEventKind::DownloadCompleted, .op = d.op, .content = d.content,
               .server = d.reference, .bytes = *d.size, .duration = now - d.started};
  ev.detail = config_.byteless ? "verified by identity" : "sha256 verified";
  ev.sources = d.sources;
  emit(std::move(ev));
  if (!config_.register_downloads) return finish_download(d.op, true, {}, now);
  d.phase = Download::Phase::Registering;
  UdpRequestState r;
  r.op = d.op;
  r.purpose = Purpose::DownloadRegister;
  r.content = d.content;
  enqueue(std::move(r), now);
}

}  // namespace p2p
