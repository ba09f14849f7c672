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
  registry_.set_skip_limits(config.skip_memory, config.max_skip_records);
}

std::optional<Time> IndexServer::next_deadline() {
  std::optional<Time> next = registry_.next_expiry();
  // Checks held back by the rate start when it allows.
  if (!check_queue_.empty() && checks_under_way_.size() < config_.max_checks && (!next || next_check_at_ < *next))
    next = next_check_at_;
  return next;
}

void IndexServer::on_timer(Time now) {
  expire(now);
  start_checks(now);
}

std::vector<AddressCheck> IndexServer::take_checks() {
  std::vector<AddressCheck> out;
  out.swap(checks_to_start_);
  return out;
}

// Only addresses an entry names are checked, each once at a time, at most max_checks at once and
// checks_per_second in all: whatever registers, the index connects to its own registrants only
// (an R naming another host is refused unless trust_addresses), at a bounded rate.
void IndexServer::want_check(const Endpoint& address, Time now, bool reported) {
  if (!config_.check_addresses) return;
  const Registry::AddressRecord* r = registry_.address_record(address);
  if (r == nullptr || r->checking) return;
  const bool stands = r->reach != Reach::Unknown && now - r->checked_at < config_.check_valid;
  // A dead address that registers again (a restarted server) is checked again after the check
  // timeout, not after check_valid; a report always is.
  const bool retry_dead = r->reach == Reach::Unreachable && now - r->checked_at >= config_.check_timeout;
  if (stands && !reported && !retry_dead) return;
  registry_.update_address(address, [](Registry::AddressRecord& record) { record.checking = true; });
  check_queue_.push_back(address);
  start_checks(now);
}

void IndexServer::start_checks(Time now) {
  while (!check_queue_.empty() && checks_under_way_.size() < config_.max_checks && next_check_at_ <= now) {
    Endpoint address = check_queue_.front();
    check_queue_.pop_front();
    if (registry_.address_record(address) == nullptr) continue;  // its entries left meanwhile
    std::uint64_t id = next_check_id_++;
    checks_under_way_.emplace(id, address);
    checks_to_start_.push_back(AddressCheck{id, address});
    // A token bucket: max_checks at once, then checks_per_second.
    const Duration spacing = settings::Setting::seconds(1.0 / config_.checks_per_second);
    const Duration burst = spacing * static_cast<Duration::rep>(config_.max_checks);
    next_check_at_ = std::max(next_check_at_, now - burst) + spacing;
  }
}

void IndexServer::forget_checks() {
  for (const auto& [id, address] : checks_under_way_)
    registry_.update_address(address, [](Registry::AddressRecord& record) { record.checking = false; });
  checks_under_way_.clear();
  checks_to_start_.clear();
}

void IndexServer::on_check_result(std::uint64_t id, bool accepted, Time now) {
  auto it = checks_under_way_.find(id);
  if (it == checks_under_way_.end()) return;
  Endpoint address = it->second;
  checks_under_way_.erase(it);
  Reach before = Reach::Unknown;
  const bool named = registry_.update_address(address, [&](Registry::AddressRecord& record) {
    before = record.reach;
    record.reach = accepted ? Reach::Reachable : Reach::Unreachable;
    record.checked_at = now;
    record.checking = false;
  });
  if (named) {
    const Registry::AddressRecord* r = registry_.address_record(address);
    if (!accepted && before != Reach::Unreachable) {
      IndexEvent ev;
      ev.kind = IndexEventKind::Unreachable;
      ev.time = now;
      ev.from = address;
      ev.detail = address.to_string() + " accepts no connection: its " + std::to_string(r->entries) +
                  " entr" + (r->entries == 1 ? "y is" : "ies are") + " withheld";
      events_.push_back(ev);
    }
  }
  start_checks(now);
}

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
  start_checks(now);
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
  // A skip report (K) is not answered (nothing waits for it) and does not end what the reply cache
  // keeps for this source: it travels between a peer's other requests, not instead of them.
  if (ev.request_type == 'K') {
    auto request = decode_request(datagram);
    if (request) {
      handle_skip_report(std::get<pdu::SkipReport>(*request), ev, now);
      emit(std::nullopt);
      return std::nullopt;
    }
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
        else if constexpr (std::is_same_v<T, pdu::ListRequest>) return handle_list(m);
        else return make_error(ErrorCode::Internal, "K is handled before the reply cache");
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
      if (address.ip == from.ip || config_.trust_addresses) want_check(address, now, false);
      break;
    case Registry::AddResult::Repeat:
      ev.detail = "repeat registration";
      if (address.ip == from.ip || config_.trust_addresses) want_check(address, now, false);
      break;
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
  Endpoint reported;
  const RegistryEntry* chosen = registry_.select(s.content, s.exclude, s.peer, now, &reported);
  // The requester skips the server it was sent to: it failed, or was busy. Checked again, so
  // that a server that died is withheld within one check.
  if (reported.port != 0) want_check(reported, now, true);
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

// A report is believed only as far as it costs nothing to be lied to: a failed server is checked
// (bounded like every check), and a requester's record changes what that requester is offered.
void IndexServer::handle_skip_report(const pdu::SkipReport& k, IndexEvent& ev, Time now) {
  ev.peer = k.peer;
  ev.content = k.content;
  ev.chosen = k.server;
  ev.detail = "skip report: " + k.server.str() + " " + std::string(pdu::describe(k.reason));
  std::optional<Endpoint> address = registry_.report_skip(k.content, k.peer, k.server, k.reason, now);
  if (!address) {
    ev.detail += " (no such entry)";
    return;
  }
  if (k.reason == pdu::SkipReason::Failed) want_check(*address, now, true);
}

UdpReply IndexServer::handle_list(const pdu::ListRequest& o) {
  bool more = false;
  auto names = registry_.list_page(o.cursor, kNamesPerListPage, more);
  // The cursor is a page number; 0 in an answer means "last page", so page 65535 is the last reachable.
  std::uint16_t next = (more && o.cursor < 0xFFFF) ? static_cast<std::uint16_t>(o.cursor + 1) : 0;
  return pdu::ListAnswer{next, std::move(names)};
}

}  // namespace p2p
