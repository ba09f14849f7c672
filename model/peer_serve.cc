// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: serving content. An accepted connection sends a D; the answer is C frames of the
// range asked for, read lazily from the source as the adapter pulls (a large content never sits
// in memory), then F with the size and SHA-256 of the whole content, which is computed once per
// version of the content and kept, so streaming never hashes. The connection then waits for the
// same requester's next D. At most `upload_slots` ranges are sent at once; one more D gets E 11.
#include <algorithm>

#include "peer_engine_state.h"

namespace p2p {

std::size_t PeerEngine::active_uploads() const {
  return static_cast<std::size_t>(std::count_if(connections_.begin(), connections_.end(), [](const auto& c) {
    return c.second->serve != nullptr && c.second->serve->phase == Serve::Phase::Sending;
  }));
}

std::optional<Digest> PeerEngine::known_digest(const Name& content) const {
  auto it = digests_.find(content);
  if (it == digests_.end()) return std::nullopt;
  return it->second.digest;
}

void PeerEngine::serve_frames(Connection& c, Time now) {
  ConnId id = c.id;
  while (connections_.count(id) && c.serve->phase == Serve::Phase::AwaitRequest) {
    auto next = c.reader.next();
    // A frame that cannot be read is refused as a D is, so that the server's operator sees what came.
    if (!next) return serve_refused(c, next.error().code, next.error().message, now);
    if (!next->has_value()) return;
    RawFrame frame = **next;
    emit(PeerEvent{.time = now, .kind = PeerEventKind::PduReceived, .conn = c.id, .pdu = frame.type,
                   .remote = c.remote, .bytes = kFrameHeaderSize + frame.data.size()});
    auto pdu = decode_frame(frame.type, frame.data);
    if (!pdu) return serve_refused(c, pdu.error().code, pdu.error().message, now);
    auto* d = std::get_if<pdu::DownloadRequest>(&*pdu);
    if (d == nullptr) return serve_refused(c, ErrorCode::UnknownType, std::string("expected a D, got ") + frame.type, now);
    serve_request(c, *d, now);
  }
}

void PeerEngine::serve_request(Connection& c, const pdu::DownloadRequest& d, Time now) {
  Serve& s = *c.serve;
  if (s.served > 0 && d.peer != s.requester)
    return serve_error(c, ErrorCode::Malformed, "this connection belongs to " + s.requester.str(), now);
  s.requester = d.peer;
  s.content = d.content;
  // Only what this peer registered is served: a file that merely sits in the store is not shared.
  bool shared = !config_.serve_registered_only || registered_.count(d.content) != 0;
  auto source = shared ? store_.open(d.content) : nullptr;
  if (!source) return serve_refused(c, ErrorCode::ContentUnavailable, d.content.str() + " is not served here", now);
  const std::uint64_t size = source->size();
  const std::uint64_t offset = d.offset.value_or(0);
  if (offset > size || (d.length && *d.length > size - offset))
    return serve_refused(c, ErrorCode::BadRange,
                         "range past the end of " + d.content.str() + " (" + std::to_string(size) + " bytes)", now);
  if (config_.upload_slots != 0 && active_uploads() >= config_.upload_slots)
    return serve_refused(c, ErrorCode::Busy, "all " + std::to_string(config_.upload_slots) + " upload slots are in use", now);
  s.version = source->version();
  s.source = std::move(source);
  s.offset = offset;
  s.end = d.length ? offset + *d.length : size;
  s.sent = 0;
  s.phase = Serve::Phase::Sending;
  ++s.served;
  s.window_bytes = 0;
  s.deadline = now + rate_window();
  emit(PeerEvent{.time = now, .kind = PeerEventKind::ServeStarted, .conn = c.id, .content = s.content,
                 .server = s.requester, .remote = c.remote, .bytes = s.end - s.offset,
                 .detail = "offset=" + std::to_string(s.offset)});
  actions_.push_back(action::StreamReady{c.id});
}

void PeerEngine::serve_error(Connection& c, ErrorCode code, const std::string& why, Time now) {
  queue_frame(c, make_error(code, why), now);
  close(c.id);
}

void PeerEngine::serve_refused(Connection& c, ErrorCode code, const std::string& why, Time now) {
  PeerEvent ev{.time = now, .kind = PeerEventKind::ServeRefused, .conn = c.id, .content = c.serve->content,
               .server = c.serve->requester, .remote = c.remote};
  ev.error = code;
  ev.detail = why;
  emit(std::move(ev));
  serve_error(c, code, why, now);
}

void PeerEngine::serve_failed(Connection& c, const std::string& why, Time now) {
  PeerEvent ev{.time = now, .kind = PeerEventKind::ServeFailed, .conn = c.id, .content = c.serve->content,
               .server = c.serve->requester, .remote = c.remote, .bytes = c.serve->sent};
  ev.detail = why;
  emit(std::move(ev));
  c.out.clear();
  c.out_offset = 0;
  close(c.id);  // without an F: the requester sees the end of the stream and fails over
}

std::optional<Digest> PeerEngine::digest_for(const Name& content, ContentSource& source) {
  const ContentVersion version = source.version();
  const std::uint64_t size = source.size();
  if (const ContentIdentity* identity = source.identity(); identity != nullptr && identity->size == size)
    return identity->digest;  // hashed once for the whole run
  if (auto it = digests_.find(content); it != digests_.end() && it->second.version == version && it->second.size == size)
    return it->second.digest;
  Sha256 h;
  Bytes buf(64 * 1024);
  for (std::uint64_t at = 0; at < size;) {
    std::size_t got = source.read(at, buf);
    if (got == 0) return std::nullopt;
    h.update(std::span<const std::uint8_t>(buf.data(), got));
    at += got;
  }
  if (source.version() != version) return std::nullopt;  // it changed while being hashed
  ++digests_computed_;
  Digest d = h.finish();
  digests_[content] = KnownDigest{version, size, d};
  return d;
}

bool PeerEngine::produce(Connection& c, Time now) {
  Serve& s = *c.serve;
  if (s.offset < s.end) {
    auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(config_.chunk_size, s.end - s.offset));
    std::size_t got = chunk;
    if (config_.byteless) {
      c.out.resize(kFrameHeaderSize);  // the header alone: the range's size stands for its bytes
      c.payload_due = chunk;
    } else {
      c.out.resize(kFrameHeaderSize + chunk);
      got = s.source->read(s.offset, std::span<std::uint8_t>(c.out.data() + kFrameHeaderSize, chunk));
      if (got == 0) {
        serve_failed(c, "cannot read " + s.content.str(), now);
        return false;
      }
      c.out.resize(kFrameHeaderSize + got);
    }
    write_frame_header('C', static_cast<std::uint16_t>(got), c.out.data());
    s.offset += got;
    s.sent += got;
    const std::uint64_t frame = kFrameHeaderSize + got;
    s.window_bytes += frame;  // handed over as it is pulled: the reader's rate, a frame ahead at most
    emit(PeerEvent{.time = now, .kind = PeerEventKind::PduSent, .conn = c.id, .pdu = 'C', .content = s.content,
                   .server = s.requester, .remote = c.remote, .bytes = frame});
    return true;
  }
  // The F describes the whole content as it was when the D came: if it changed since, the bytes
  // sent may be a mix, so the transfer ends without an F and the requester goes elsewhere.
  std::optional<Digest> digest;
  if (s.source->version() == s.version) digest = digest_for(s.content, *s.source);
  if (!digest) {
    digests_.erase(s.content);
    serve_failed(c, s.source->version() == s.version ? "cannot read " + s.content.str()
                                                     : s.content.str() + " changed while being served", now);
    return false;
  }
  c.out = encode_frame(pdu::EndOfContent{s.source->size(), *digest});
  emit(PeerEvent{.time = now, .kind = PeerEventKind::PduSent, .conn = c.id, .pdu = 'F', .content = s.content,
                 .server = s.requester, .remote = c.remote, .bytes = c.out.size()});
  emit(PeerEvent{.time = now, .kind = PeerEventKind::ServeCompleted, .conn = c.id, .content = s.content,
                 .server = s.requester, .remote = c.remote, .bytes = s.sent});
  // The connection stays open for the same requester's next D.
  s.phase = Serve::Phase::AwaitRequest;
  s.source.reset();
  s.deadline = now + config_.idle_timeout;
  const ConnId id = c.id;  // serve_frames may close the connection (a pipelined D answered E): `c` goes
  if (c.reader.buffered() > 0) serve_frames(c, now);
  return connections_.count(id) != 0;
}

}  // namespace p2p
