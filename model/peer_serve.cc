// Peer engine: serving content. An accepted connection sends one D; the answer is C frames read
// lazily from the source as the adapter pulls (so a large content never sits in memory), then F
// with the size and SHA-256 of exactly the bytes sent, then close. Anything else gets an E.
#include "peer_engine_state.h"

namespace p2p {

void PeerEngine::serve_frames(Connection& c, Time now) {
  if (c.serve->phase != Serve::Phase::AwaitRequest) return;  // the requester has nothing more to say
  auto next = c.reader.next();
  if (!next) return serve_error(c, next.error().code, next.error().message, now);
  if (!next->has_value()) return;
  RawFrame frame = **next;
  emit(PeerEvent{.time = now, .kind = PeerEventKind::PduReceived, .conn = c.id, .pdu = frame.type, .remote = c.remote,
                 .bytes = kFrameHeaderSize + frame.data.size()});
  auto pdu = decode_frame(frame.type, frame.data);
  if (!pdu) return serve_error(c, pdu.error().code, pdu.error().message, now);
  if (auto* d = std::get_if<pdu::DownloadRequest>(&*pdu)) return serve_request(c, *d, now);
  serve_error(c, ErrorCode::UnknownType, std::string("expected a D, got ") + frame.type, now);
}

void PeerEngine::serve_request(Connection& c, const pdu::DownloadRequest& d, Time now) {
  Serve& s = *c.serve;
  s.requester = d.peer;
  s.content = d.content;
  s.source = store_.open(d.content);
  if (!s.source) return serve_error(c, ErrorCode::ContentUnavailable, d.content.str() + " is not served here", now);
  s.phase = Serve::Phase::Sending;
  s.deadline = now + config_.stall_timeout;
  emit(PeerEvent{.time = now, .kind = PeerEventKind::ServeStarted, .conn = c.id, .content = s.content,
                 .server = s.requester, .remote = c.remote, .bytes = s.source->size()});
  actions_.push_back(action::StreamReady{c.id});
}

void PeerEngine::serve_error(Connection& c, ErrorCode code, const std::string& why, Time now) {
  queue_frame(c, make_error(code, why), now);
  close(c.id);
}

void PeerEngine::serve_failed(Connection& c, const std::string& why, Time now) {
  PeerEvent ev{.time = now, .kind = PeerEventKind::ServeFailed, .conn = c.id, .content = c.serve->content,
               .server = c.serve->requester, .remote = c.remote, .bytes = c.serve->offset};
  ev.detail = why;
  emit(std::move(ev));
  c.out.clear();
  c.out_offset = 0;
  close(c.id);  // without an F: the requester sees the end of the stream and fails over
}

bool PeerEngine::produce(Connection& c, Time now) {
  Serve& s = *c.serve;
  const std::uint64_t size = s.source->size();
  if (s.offset < size) {
    auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(config_.chunk_size, size - s.offset));
    c.out.resize(kFrameHeaderSize + chunk);
    std::span<std::uint8_t> data(c.out.data() + kFrameHeaderSize, chunk);
    std::size_t got = s.source->read(s.offset, data);
    if (got == 0) {
      serve_failed(c, "cannot read " + s.content.str(), now);
      return false;
    }
    c.out.resize(kFrameHeaderSize + got);
    write_frame_header('C', static_cast<std::uint16_t>(got), c.out.data());
    s.hash.update(data.first(got));
    s.offset += got;
    emit(PeerEvent{.time = now, .kind = PeerEventKind::PduSent, .conn = c.id, .pdu = 'C', .content = s.content,
                   .server = s.requester, .remote = c.remote, .bytes = c.out.size()});
    return true;
  }
  c.out = encode_frame(pdu::EndOfContent{s.offset, s.hash.finish()});
  emit(PeerEvent{.time = now, .kind = PeerEventKind::PduSent, .conn = c.id, .pdu = 'F', .content = s.content,
                 .server = s.requester, .remote = c.remote, .bytes = c.out.size()});
  emit(PeerEvent{.time = now, .kind = PeerEventKind::ServeCompleted, .conn = c.id, .content = s.content,
                 .server = s.requester, .remote = c.remote, .bytes = s.offset});
  // Hand the F over as the connection's last bytes: pull_stream drains it from closing_.
  ConnId id = c.id;
  closing_[id] = std::move(c.out);
  connections_.erase(id);
  actions_.push_back(action::Close{id});
  return false;
}

}  // namespace p2p
