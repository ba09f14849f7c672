// SPDX-License-Identifier: GPL-2.0-only
#include "index_server.h"

namespace p2p {

IndexServer::IndexServer(IndexConfig config)
    : config_(config),
      registry_(config.max_entries, config.policy, config.seed),
      cache_(config.reply_cache_ttl, config.reply_cache_capacity),
      limiter_(config.requests_per_second, config.request_burst) {
  registry_.set_assignment_timeout(config.assignment_timeout);
  registry_.set_quota_per_owner(config.max_entries_per_source);
}

std::optional<Time> IndexServer::next_deadline() { return registry_.next_expiry(); }

void IndexServer::on_timer(Time now) { expire(now); }

std::vector<IndexEvent> IndexServer::take_events() {
  std::vector<IndexEvent> out;
  out.swap(events_);
  return out;
}

void IndexServer::expire(Time now) {
  registry_.expire(now, [&](const RegistryEntry& e) {
    IndexEvent ev;
    ev.kind = IndexEventKind::Expired;
    ev.time = now;
    ev.from = Endpoint{e.owner, 0};
    ev.peer = e.peer;
    ev.content = e.content;
    ev.chosen = e.peer;
    ev.detail = "lease of " + std::to_string(config_.lease_seconds) + " s ran out: " + e.peer.str() + " at " +
                e.address.to_string() + " is gone";
    events_.push_back(ev);
  });
}

// A host over its rate is dropped without an answer (an answer would cost as much as the request),
// and reported once per interval, not once per datagram.
bool IndexServer::over_rate(const Endpoint& from, Time now) {
  if (limiter_.allow(from.ip, now)) return false;
  DropReport& r = drops_[from.ip];
  ++r.dropped;
  if (!r.reported || now - r.last_report >= config_.rate_report_interval) {
    IndexEvent ev;
    ev.kind = IndexEventKind::RateLimited;
    ev.time = now;
    ev.from = from;
    ev.dropped = r.dropped;
    ev.detail = std::to_string(r.dropped) + " request(s) from " + from.ip.to_string() + " dropped over the limit of " +
                std::to_string(static_cast<long long>(config_.requests_per_second)) + "/s";
    events_.push_back(ev);
    r.dropped = 0;
    r.last_report = now;
    r.reported = true;
  }
  if (drops_.size() > 65536) drops_.clear();  // bounded: reports are only logs
  return true;
}

std::optional<Bytes> IndexServer::on_datagram(const Endpoint& from, ByteView datagram, Time now) {
  expire(now);
  if (over_rate(from, now)) return std::nullopt;
  IndexEvent ev;
  ev.time = now;
  ev.from = from;
  ev.request_type = datagram.empty() ? 0 : static_cast<char>(datagram[0]);
  ev.request_bytes = datagram.size();
  auto emit = [&](const std::optional<Bytes>& reply) {
    if (reply) {
      ev.reply_type = static_cast<char>((*reply)[0]);
      ev.reply_bytes = reply->size();
    }
    events_.push_back(ev);
  };

  // Never answer an E (two misconfigured servers would echo errors forever) or nothing at all.
  if (datagram.empty() || ev.request_type == 'E') {
    ev.detail = datagram.empty() ? "empty datagram ignored" : "E ignored";
    emit(std::nullopt);
    return std::nullopt;
  }
  if (const auto* cached = cache_.find(from, datagram, now)) {
    // A kept S answer names an entry: once that entry is gone the answer is not repeated.
    const auto& named = cached->names_entry;
    const RegistryEntry* still = named ? registry_.find(named->first, named->second) : nullptr;
    if (!named || still != nullptr) {
      ev.from_cache = true;
      ev.detail = "retransmission answered from the reply cache";
      Bytes reply = cached->reply;
      emit(reply);
      return reply;
    }
  }
  cache_.forget(from);  // any other request from this source ends the previous one

  UdpReply reply_pdu = pdu::Error{};
  auto request = decode_request(datagram);
  if (!request) {
    ev.error = request.error().code;
    ev.detail = request.error().message;
    reply_pdu = make_error(request.error().code, request.error().message);
  } else {
    reply_pdu = handle(from, *request, ev, now);
  }
  if (auto* e = std::get_if<pdu::Error>(&reply_pdu)) ev.error = e->code;
  Bytes reply = encode(reply_pdu);
  // Kept: what would differ if applied again. A T's A (again: E 5) and an S answer (again: a
  // second assignment). An R repeats as A, and an E or an O answer is the same either way.
  if (request && std::holds_alternative<pdu::Deregister>(*request) && std::holds_alternative<pdu::Ack>(reply_pdu)) {
    cache_.store(from, datagram, reply, now);
  } else if (const auto* a = std::get_if<pdu::SearchAnswer>(&reply_pdu)) {
    cache_.store(from, datagram, reply, now, std::pair<Name, Name>{a->peer, a->content});
  }
  emit(reply);
  return reply;
}

UdpReply IndexServer::handle(const Endpoint& from, const UdpRequest& request, IndexEvent& ev, Time now) {
  return std::visit(
      [&](const auto& m) -> UdpReply {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pdu::Register>) return handle_register(from, m, ev, now);
        else if constexpr (std::is_same_v<T, pdu::SearchRequest>) return handle_search(m, ev, now);
        else if constexpr (std::is_same_v<T, pdu::Deregister>) return handle_deregister(from, m, ev);
        else return handle_list(m);
      },
      request);
}

UdpReply IndexServer::handle_register(const Endpoint& from, const pdu::Register& r, IndexEvent& ev, Time now) {
  ev.peer = r.peer;
  ev.content = r.content;
  Endpoint address = r.address;
  if (address.ip.is_unspecified()) {
    address.ip = from.ip;  // "0.0.0.0:port" means "my source address"
  } else if (address.ip != from.ip && !config_.trust_addresses) {
    return make_error(ErrorCode::AddressMismatch,
                      "address " + address.ip.to_string() + " is not the sender " + from.ip.to_string());
  }
  const Duration lease = std::chrono::seconds(config_.lease_seconds);
  Name replaced;
  switch (registry_.add(r.peer, r.content, address, from.ip, now, lease, &replaced)) {
    case Registry::AddResult::Added:
      ev.detail = "registered at " + address.to_string();
      if (!replaced.empty()) ev.detail += ", in place of " + replaced.str() + " (one name per address and content)";
      break;
    case Registry::AddResult::Repeat: ev.detail = "repeat registration"; break;
    case Registry::AddResult::NameTaken:
      return make_error(ErrorCode::NameTaken, "peer name " + r.peer.str() + " already serves " + r.content.str() +
                                                  " from another host");
    case Registry::AddResult::Full: return make_error(ErrorCode::RegistryFull, "the registry is full");
    case Registry::AddResult::QuotaExceeded:
      return make_error(ErrorCode::RegistryFull, "this host already has " + std::to_string(config_.max_entries_per_source) +
                                                     " registrations, its share of the registry");
  }
  return pdu::Ack{r.peer, r.content, config_.lease_seconds};
}

UdpReply IndexServer::handle_search(const pdu::SearchRequest& s, IndexEvent& ev, Time now) {
  ev.peer = s.peer;
  ev.content = s.content;
  const RegistryEntry* chosen = registry_.select(s.content, s.exclude, s.peer, now);
  if (chosen == nullptr)
    return make_error(ErrorCode::NotFound, "no server for " + s.content.str() +
                                               (s.exclude.empty() ? "" : " outside the excluded peers"));
  ev.chosen = chosen->peer;
  return pdu::SearchAnswer{chosen->peer, chosen->content, chosen->address};
}

UdpReply IndexServer::handle_deregister(const Endpoint& from, const pdu::Deregister& t, IndexEvent& ev) {
  ev.peer = t.peer;
  ev.content = t.content;
  switch (registry_.remove(t.peer, t.content, from.ip)) {
    case Registry::RemoveResult::Removed: break;
    case Registry::RemoveResult::NotFound:
      return make_error(ErrorCode::NotFound, t.peer.str() + " does not serve " + t.content.str());
    case Registry::RemoveResult::NotOwner:
      return make_error(ErrorCode::NotOwner, "only the host that registered it may de-register it");
  }
  return pdu::Ack{t.peer, t.content};
}

UdpReply IndexServer::handle_list(const pdu::ListRequest& o) {
  bool more = false;
  auto names = registry_.list_page(o.cursor, kNamesPerListPage, more);
  // The cursor is a page number; 0 in an answer means "last page", so page 65535 is the last reachable.
  std::uint16_t next = (more && o.cursor < 0xFFFF) ? static_cast<std::uint16_t>(o.cursor + 1) : 0;
  return pdu::ListAnswer{next, std::move(names)};
}

}  // namespace p2p
