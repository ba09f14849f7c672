// SPDX-License-Identifier: GPL-2.0-only
// Peer engine: requests to the index over UDP, one in flight at a time, retried with backoff.
// The protocol's replies carry no request id and an E names nothing, so a reply can only be
// matched to the single request in flight; A and S answers are also checked for their names.
#include "peer_engine_state.h"

namespace p2p {
namespace {

std::string error_text(const pdu::Error& e) {
  std::string s = "E " + std::to_string(static_cast<int>(e.code)) + " (" + std::string(describe(e.code)) + ")";
  if (!e.message.empty()) s += ": " + e.message;
  return s;
}

}  // namespace

void PeerEngine::enqueue(UdpRequestState r, Time now) {
  Endpoint advertise = config_.advertise.value_or(Endpoint{IpAddress{}, config_.listen_port});
  switch (r.purpose) {
    case Purpose::Register:
    case Purpose::DownloadRegister:
    case Purpose::Refresh: r.bytes = encode(UdpRequest{pdu::Register{config_.name, r.content, advertise}}); break;
    case Purpose::Deregister: r.bytes = encode(UdpRequest{pdu::Deregister{config_.name, r.content}}); break;
    case Purpose::Search: r.bytes = encode(UdpRequest{pdu::SearchRequest{config_.name, r.content, {}}}); break;
    case Purpose::DownloadSearch:  // its exclude list is made when it is first sent (send_head)
      r.bytes = encode(UdpRequest{pdu::SearchRequest{config_.name, r.content, {}}});
      break;
    case Purpose::List: r.bytes = encode(UdpRequest{pdu::ListRequest{r.cursor}}); break;
  }
  r.type = static_cast<char>(r.bytes[0]);
  requests_.push_back(std::move(r));
  if (requests_.size() == 1) send_head(now);
}

void PeerEngine::send_head(Time now) {
  if (requests_.empty()) return;
  UdpRequestState& r = requests_.front();
  if (r.tries == 0 && r.purpose == Purpose::DownloadSearch) {
    // A search waits behind other requests: what to exclude is decided when it leaves, so that a
    // server another worker got meanwhile is excluded too. Retransmissions repeat these bytes.
    if (auto it = downloads_.find(r.op); it != downloads_.end())
      r.exclude = exclude_list(*it->second, it->second->workers.at(r.worker));
    r.bytes = encode(UdpRequest{pdu::SearchRequest{config_.name, r.content, r.exclude}});
  }
  ++r.tries;
  r.deadline = now + config_.udp_retry.timeout(r.tries);
  if (r.tries > 1) {
    // error set: an answer came, but it could not be used (detail says what it was).
    emit(PeerEvent{.time = now, .kind = PeerEventKind::Retransmit, .op = r.op, .pdu = r.type, .content = r.content,
                   .remote = config_.index, .bytes = r.bytes.size(), .error = r.unusable_code,
                   .detail = "try " + std::to_string(r.tries) + (r.unusable.empty() ? "" : "; it answered " + r.unusable)});
  }
  emit(PeerEvent{.time = now, .kind = PeerEventKind::PduSent, .op = r.op, .pdu = r.type, .content = r.content,
                 .remote = config_.index, .bytes = r.bytes.size()});
  actions_.push_back(action::SendDatagram{config_.index, r.bytes});
}

void PeerEngine::finish_head(Time now) {
  requests_.pop_front();
  if (!requests_.empty()) send_head(now);
}

void PeerEngine::check_request_timeout(Time now) {
  if (requests_.empty() || requests_.front().tries == 0 || requests_.front().deadline > now) return;
  UdpRequestState& r = requests_.front();
  if (r.tries < config_.udp_retry.max_tries) {
    send_head(now);
    return;
  }
  UdpRequestState failed = std::move(r);
  requests_.pop_front();
  const std::string tries = " after " + std::to_string(failed.tries) + " tries";
  request_failed(failed, std::nullopt,
                 failed.unusable.empty() ? "no answer from the index " + config_.index.to_string() + tries
                                         : "the index " + config_.index.to_string() + " answered" + tries +
                                               ", but with " + failed.unusable,
                 now);
  if (!requests_.empty() && requests_.front().tries == 0) send_head(now);
}

namespace {

// "an A of 100 data bytes that cannot be used: ...", for a person to fix the index that sent it.
std::string describe_unusable(ByteView bytes, const ProtocolError& why) {
  if (bytes.empty()) return "an empty datagram";
  char type = static_cast<char>(bytes[0]);
  std::string what = type >= 0x21 && type <= 0x7E ? std::string(std::string_view("AEFHILMNORSX").find(type) !=
                                                                    std::string_view::npos ? "an " : "a ") + type
                                                  : "type byte " + std::to_string(static_cast<unsigned char>(type));
  return what + " of " + std::to_string(bytes.size() - 1) + " data bytes that cannot be used (E " +
         std::to_string(static_cast<int>(why.code)) + "): " + why.message;
}

}  // namespace

void PeerEngine::on_datagram(const Endpoint& from, ByteView bytes, Time now) {
  if (from != config_.index) return;  // only the index speaks to us on UDP
  auto reply = decode_reply(bytes);
  PeerEvent ev{.time = now, .kind = PeerEventKind::PduReceived, .pdu = bytes.empty() ? '\0' : static_cast<char>(bytes[0]),
               .remote = from, .bytes = bytes.size()};
  if (!reply) ev.detail = "malformed: " + reply.error().message;
  emit(std::move(ev));
  if (!reply) {
    // A reply that cannot be read is as good as a lost one, and the retry timer covers it; but if no
    // better one follows, the failure says what came, not "no answer".
    if (!requests_.empty() && requests_.front().tries > 0) {
      requests_.front().unusable = describe_unusable(bytes, reply.error());
      requests_.front().unusable_code = reply.error().code;
    }
    return;
  }
  on_reply(*reply, now);
}

void PeerEngine::on_reply(const UdpReply& reply, Time now) {
  if (skip_report_answer(reply, now)) return;
  if (requests_.empty() || requests_.front().tries == 0) return;  // late duplicate
  UdpRequestState& r = requests_.front();
  bool matches = std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pdu::Ack>)
          return (r.type == 'R' || r.type == 'T') && m.peer == config_.name && m.content == r.content;
        else if constexpr (std::is_same_v<T, pdu::SearchAnswer>)
          return r.type == 'S' && m.content == r.content;
        else if constexpr (std::is_same_v<T, pdu::ListAnswer>)
          return r.type == 'O';
        else
          return true;
      },
      reply);
  if (!matches) return;
  UdpRequestState done_request = std::move(r);
  requests_.pop_front();
  if (const auto* e = std::get_if<pdu::Error>(&reply))
    request_failed(done_request, e->code, error_text(*e), now);
  else
    request_succeeded(done_request, reply, now);
  if (!requests_.empty() && requests_.front().tries == 0) send_head(now);
}

void PeerEngine::request_succeeded(UdpRequestState& r, const UdpReply& reply, Time now) {
  switch (r.purpose) {
    case Purpose::Refresh: {
      bool again = registered_.count(r.content) != 0;
      registered_.insert(r.content);
      const auto* ack = std::get_if<pdu::Ack>(&reply);
      schedule_refresh(r.content, ack ? ack->lease : std::nullopt, now);
      PeerEvent ev{.time = now, .kind = again ? PeerEventKind::Refreshed : PeerEventKind::Registered,
                   .op = r.quit_op, .content = r.content};
      if (ack && ack->lease) ev.detail = "lease " + std::to_string(*ack->lease) + " s";
      emit(std::move(ev));
      if (r.quit_op != 0) {  // quit came while this R was in flight: withdraw it as part of the quit
        UdpRequestState t;
        t.op = r.quit_op;
        t.purpose = Purpose::Deregister;
        t.content = r.content;
        enqueue(std::move(t), now);
      }
      return;
    }
    case Purpose::Register:
    case Purpose::DownloadRegister: {
      registered_.insert(r.content);
      if (const auto* ack = std::get_if<pdu::Ack>(&reply)) schedule_refresh(r.content, ack->lease, now);
      // A download that quit already ended reports its late registration under the quit.
      bool owner_ended = r.purpose == Purpose::DownloadRegister && !downloads_.count(r.op);
      OpId event_op = owner_ended && r.quit_op != 0 ? r.quit_op : r.op;
      emit(PeerEvent{.time = now, .kind = PeerEventKind::Registered, .op = event_op, .content = r.content});
      if (r.purpose == Purpose::DownloadRegister)
        finish_download(r.op, true, {}, now);  // no-op if the download ended meanwhile
      else
        done(r.op, true, now, r.content);
      if (r.quit_op != 0) {  // quit came while this R was in flight: withdraw it as part of the quit
        UdpRequestState t;
        t.op = r.quit_op;
        t.purpose = Purpose::Deregister;
        t.content = r.content;
        enqueue(std::move(t), now);
      }
      return;
    }
    case Purpose::Deregister: {
      registered_.erase(r.content);
      forget_soft_state(r.content);  // a refresh answered just before must not register it again
      emit(PeerEvent{.time = now, .kind = PeerEventKind::Deregistered, .op = r.op, .content = r.content});
      if (quits_.count(r.op)) {
        quit_step(r.op, {}, now);
      } else {
        done(r.op, true, now, r.content);
      }
      return;
    }
    case Purpose::Search: {
      const auto& a = std::get<pdu::SearchAnswer>(reply);
      emit(PeerEvent{.time = now, .kind = PeerEventKind::SearchAnswered, .op = r.op, .content = r.content,
                     .server = a.peer, .remote = a.address});
      done(r.op, true, now, r.content);
      return;
    }
    case Purpose::DownloadSearch: {
      auto it = downloads_.find(r.op);
      if (it == downloads_.end()) return;
      it->second->unanswered_searches = 0;
      Worker& w = it->second->workers.at(r.worker);
      const auto& answer = std::get<pdu::SearchAnswer>(reply);
      if (w.race_searching) {
        w.race_searching = false;
        if (w.racing) return race_found(*it->second, w, answer, now);
        // The race was won meanwhile: the index opened an assignment to a server not used.
        return report_skip(*it->second, answer.peer, pdu::SkipReason::Released, now);
      }
      if (w.phase == Worker::Phase::Searching) worker_found(*it->second, w, answer, now);
      return;
    }
    case Purpose::List: {
      const auto& a = std::get<pdu::ListAnswer>(reply);
      auto& names = listings_[r.op];
      names.insert(names.end(), a.names.begin(), a.names.end());
      if (a.next_cursor != 0 && a.next_cursor > r.cursor) {
        UdpRequestState more;
        more.op = r.op;
        more.purpose = Purpose::List;
        more.cursor = a.next_cursor;
        enqueue(std::move(more), now);
        return;
      }
      PeerEvent ev{.time = now, .kind = PeerEventKind::ListAnswered, .op = r.op};
      ev.names = std::move(names);
      listings_.erase(r.op);
      emit(std::move(ev));
      done(r.op, true, now);
      return;
    }
  }
}

void PeerEngine::request_failed(UdpRequestState& r, std::optional<ErrorCode> error, const std::string& why, Time now) {
  if (r.quit_op != 0) quit_step(r.quit_op, {}, now);  // nothing was registered: nothing to withdraw
  if (r.purpose == Purpose::DownloadSearch) {
    auto it = downloads_.find(r.op);
    if (it == downloads_.end()) return;
    Download& d = *it->second;
    Worker& w = d.workers.at(r.worker);
    if (w.race_searching && race_search_ended(w)) return;
    if (w.phase != Worker::Phase::Searching) return;
    if (error == ErrorCode::NotFound) {
      d.unanswered_searches = 0;
      // Servers it excluded only because they were in use or busy then may be free now.
      if (!any_worker_active(d) && d.busy.empty() && exclude_list(d, w) != r.exclude) return start_worker(d, w, now);
      return worker_not_found(d, w, why, now);
    }
    if (!error && ++d.unanswered_searches < kSearchRounds) {
      // A lost search (or a slow index) is no reason to give up what is held: look again later.
      w.phase = Worker::Phase::Waiting;
      w.deadline = now + config_.busy_backoff.wait(++w.idle_rounds, rng_.uniform01());
      return;
    }
    finish_download(r.op, false, "search failed: " + why, now);
    return;
  }
  if (r.purpose == Purpose::Refresh) {
    if (!error) {
      schedule_retry(r.content, now);  // the index may be down, or restarting: keep trying
    } else {
      registered_.erase(r.content);  // the index refused it: it does not hold it for this peer
      forget_soft_state(r.content);
    }
    PeerEvent ev{.time = now, .kind = PeerEventKind::RequestFailed, .pdu = r.type, .content = r.content};
    ev.error = error;
    ev.detail = "registering " + r.content.str() + " again: " + why + retry_note(r.content, now);
    emit(std::move(ev));
    return;
  }
  if (!error && (r.purpose == Purpose::Register || r.purpose == Purpose::DownloadRegister))
    schedule_retry(r.content, now);  // no answer at all: the index is not there (yet)
  if (r.purpose == Purpose::DownloadRegister) {
    if (!downloads_.count(r.op)) return;
    // The content is verified and kept; only its registration failed.
    PeerEvent ev{.time = now, .kind = PeerEventKind::RequestFailed, .op = r.op, .pdu = r.type, .content = r.content};
    ev.error = error;
    ev.detail = why + retry_note(r.content, now);
    emit(std::move(ev));
    finish_download(r.op, true, "kept, but registration failed: " + why + retry_note(r.content, now), now);
    return;
  }
  std::string reason = why + (r.purpose == Purpose::Register ? retry_note(r.content, now) : std::string());
  PeerEvent ev{.time = now, .kind = PeerEventKind::RequestFailed, .op = r.op, .pdu = r.type, .content = r.content};
  ev.error = error;
  ev.detail = reason;
  emit(std::move(ev));
  if (r.purpose == Purpose::Deregister && error == ErrorCode::NotFound) registered_.erase(r.content);
  if (quits_.count(r.op)) {
    // Quit goes on with the other registrations and reports the failure at its end.
    registered_.erase(r.content);  // nothing more this peer can do for it
    // Not found means not registered, which is what quit wants.
    quit_step(r.op, error == ErrorCode::NotFound ? std::string() : r.content.str() + ": " + why, now);
    return;
  }
  listings_.erase(r.op);
  done(r.op, false, now, r.content, reason);
}

void PeerEngine::drop_requests(OpId op, Time now) {
  bool head_dropped = false;
  for (auto it = requests_.begin(); it != requests_.end();) {
    bool in_flight = it == requests_.begin() && it->tries > 0;
    // An R in flight stays: its answer decides what the index holds, and registered() must follow it.
    bool keep = it->op != op || (in_flight && (it->purpose == Purpose::Register ||
                                               it->purpose == Purpose::DownloadRegister));
    if (keep) {
      ++it;
      continue;
    }
    head_dropped |= in_flight;
    it = requests_.erase(it);
  }
  if (head_dropped && !requests_.empty()) send_head(now);
}

void PeerEngine::quit_step(OpId op, const std::string& failure, Time now) {
  auto q = quits_.find(op);
  if (q == quits_.end()) return;
  if (!failure.empty() && q->second.failure.empty()) q->second.failure = failure;
  if (--q->second.remaining > 0) return;
  std::string why = std::move(q->second.failure);
  std::vector<OpId> followers = std::move(q->second.followers);
  quits_.erase(q);
  emit(PeerEvent{.time = now, .kind = PeerEventKind::QuitCompleted, .op = op, .ok = why.empty(), .detail = why});
  done(op, why.empty(), now, {}, why);
  for (OpId f : followers) quit_step(f, {}, now);
}

}  // namespace p2p
