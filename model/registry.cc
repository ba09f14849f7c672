// SPDX-License-Identifier: GPL-2.0-only
#include "registry.h"

#include <algorithm>
#include <tuple>

namespace p2p {

std::string_view to_string(SelectionPolicy p) {
  switch (p) {
    case SelectionPolicy::LeastUsed: return "least-used";
    case SelectionPolicy::MostRecent: return "most-recent";
    case SelectionPolicy::RoundRobin: return "round-robin";
    case SelectionPolicy::Random: return "random";
  }
  return "least-used";
}

std::optional<SelectionPolicy> parse_policy(std::string_view text) {
  for (auto p : {SelectionPolicy::LeastUsed, SelectionPolicy::MostRecent, SelectionPolicy::RoundRobin,
                 SelectionPolicy::Random})
    if (text == to_string(p)) return p;
  return std::nullopt;
}

Registry::Registry(std::size_t max_entries, SelectionPolicy policy, std::uint64_t seed)
    : max_entries_(max_entries), policy_(policy), rng_(seed) {}

Registry::AddResult Registry::add(const Name& peer, const Name& content, const Endpoint& address,
                                  const IpAddress& owner, Time now, Duration lease, Name* replaced) {
  expire_assignments(now);
  const Time expires = lease > Duration::zero() ? now + lease : Time::max();
  std::vector<Name> struck_by;  // of an entry this one replaces
  std::uint64_t assigned = 0;
  bool downloaded = false;
  auto it = by_content_.find(content);
  if (it != by_content_.end()) {
    for (auto& e : it->second.entries) {
      if (e.peer != peer) continue;
      if (e.owner != owner) return AddResult::NameTaken;
      close_assignment(it->second, peer, /*success=*/true);
      if (expires != e.expires) {  // a refresh: the lease starts again
        e.expires = expires;
        if (expires != Time::max()) expiries_.push(Expiry{expires, content, peer});
      }
      return AddResult::Repeat;
    }
    downloaded = close_assignment(it->second, peer, /*success=*/true);
    forget_skips(content, it->second, peer);  // its download ended: what it skipped no longer matters
    // One TCP address serves a content under one name: another name of the same host at this
    // address is stale (a peer restarted under a new name) or junk, and this R takes its place.
    // It is the same server, so it keeps that entry's record: a new name does not wash strikes off.
    auto same = std::find_if(it->second.entries.begin(), it->second.entries.end(),
                             [&](const RegistryEntry& e) { return e.address == address && e.owner == owner; });
    if (same != it->second.entries.end()) {
      if (replaced != nullptr) *replaced = same->peer;
      struck_by = same->struck_by;
      assigned = same->assigned;
      erase_entry(it, same);
      it = by_content_.find(content);
    }
  }
  if (size_ >= max_entries_) return AddResult::Full;
  if (quota_ != 0 && entries_of(owner) >= quota_) return AddResult::QuotaExceeded;
  if (it == by_content_.end()) {
    it = by_content_.emplace(content, ContentServers{}).first;
    listing_dirty_ = true;
  }
  RegistryEntry entry{peer, content, address, owner, next_seq_++, assigned};
  entry.struck_by = std::move(struck_by);
  entry.downloaded = downloaded;
  entry.expires = expires;
  it->second.entries.push_back(entry);
  ++addresses_[address].entries;
  if (expires != Time::max()) expiries_.push(Expiry{expires, content, peer});
  ++per_owner_[owner];
  ++size_;
  return AddResult::Added;
}

std::size_t Registry::entries_of(const IpAddress& owner) const {
  auto it = per_owner_.find(owner);
  return it == per_owner_.end() ? 0 : it->second;
}

void Registry::erase_entry(std::map<Name, ContentServers>::iterator it, std::vector<RegistryEntry>::iterator e) {
  // The entry's assignments go with it.
  for (auto a = it->second.assignments.begin(); a != it->second.assignments.end();) {
    if (a->second.server == e->peer) {
      a = it->second.assignments.erase(a);
      --open_count_;
    } else {
      ++a;
    }
  }
  if (auto o = per_owner_.find(e->owner); o != per_owner_.end() && --o->second == 0) per_owner_.erase(o);
  if (auto a = addresses_.find(e->address); a != addresses_.end() && --a->second.entries == 0) addresses_.erase(a);
  it->second.entries.erase(e);
  --size_;
  if (it->second.entries.empty()) {
    for (const auto& [requester, record] : it->second.skips) skip_order_.erase({record.updated, it->first, requester});
    by_content_.erase(it);
    listing_dirty_ = true;
  }
}

Registry::RemoveResult Registry::remove(const Name& peer, const Name& content, const IpAddress& from) {
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return RemoveResult::NotFound;
  auto& entries = it->second.entries;
  auto e = std::find_if(entries.begin(), entries.end(), [&](const RegistryEntry& x) { return x.peer == peer; });
  if (e == entries.end()) return RemoveResult::NotFound;
  if (e->owner != from) return RemoveResult::NotOwner;
  erase_entry(it, e);
  return RemoveResult::Removed;
}

void Registry::expire(Time now, const std::function<void(const RegistryEntry&)>& gone) {
  while (!expiries_.empty() && expiries_.top().at <= now) {
    Expiry x = expiries_.top();
    expiries_.pop();
    auto it = by_content_.find(x.content);
    if (it == by_content_.end()) continue;
    auto& entries = it->second.entries;
    auto e = std::find_if(entries.begin(), entries.end(), [&](const RegistryEntry& r) { return r.peer == x.peer; });
    if (e == entries.end() || e->expires != x.at) continue;  // removed, or refreshed since
    if (gone) gone(*e);
    erase_entry(it, e);
  }
}

std::optional<Time> Registry::next_expiry() {
  // Drop stale lease ends so that the next deadline is a real one.
  while (!expiries_.empty()) {
    const Expiry& x = expiries_.top();
    const RegistryEntry* e = find(x.peer, x.content);
    if (e != nullptr && e->expires == x.at) return x.at;
    expiries_.pop();
  }
  return std::nullopt;
}

const RegistryEntry* Registry::select(const Name& content, std::span<const Name> exclude) {
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return nullptr;
  RegistryEntry* chosen = pick(it->second, exclude);
  if (chosen != nullptr) {
    ++chosen->assigned;
    it->second.last_round_robin_seq = chosen->seq;
  }
  return chosen;
}

const RegistryEntry* Registry::select(const Name& content, std::span<const Name> exclude, const Name& requester,
                                      Time now, Endpoint* reported) {
  expire_assignments(now);
  expire_skips(now);
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return nullptr;
  ContentServers& servers = it->second;
  if (auto a = servers.assignments.find(requester); a != servers.assignments.end())
    if (std::find(exclude.begin(), exclude.end(), a->second.server) != exclude.end()) {
      // Skipped without a word (a v1 peer), or reported failed: a strike. Busy, in use or
      // released: not held against it.
      const Skip* said = skip_of(servers, requester, a->second.server);
      if (said == nullptr || said->reason == pdu::SkipReason::Failed)
        for (auto& e : servers.entries) {
          if (e.peer != a->second.server) continue;
          if (reported != nullptr && said == nullptr) *reported = e.address;  // a report was checked already
          if (e.struck_by.size() < 4 && std::find(e.struck_by.begin(), e.struck_by.end(), requester) == e.struck_by.end())
            e.struck_by.push_back(requester);
        }
    }
  close_assignment(servers, requester);
  // What it reported failed or in use is offered last: S names at most 8 servers.
  RegistryEntry* chosen = nullptr;
  if (auto rec = servers.skips.find(requester); rec != servers.skips.end()) {
    std::vector<Name> avoid(exclude.begin(), exclude.end());
    for (const Skip& k : rec->second.servers)
      if (k.reason == pdu::SkipReason::Failed || k.reason == pdu::SkipReason::InUse) avoid.push_back(k.server);
    chosen = pick(servers, avoid);
  }
  if (chosen == nullptr) chosen = pick(servers, exclude);
  if (chosen == nullptr) return nullptr;
  ++chosen->assigned;
  ++chosen->open;
  servers.last_round_robin_seq = chosen->seq;
  std::uint64_t gen = next_generation_++;
  servers.assignments[requester] = Assignment{chosen->peer, gen};
  ++open_count_;
  if (assignment_timeout_ > Duration::zero()) opened_.push_back(OpenedAt{now, content, requester, gen});
  return chosen;
}

std::optional<Endpoint> Registry::report_skip(const Name& content, const Name& requester, const Name& server,
                                              pdu::SkipReason reason, Time now) {
  expire_assignments(now);
  expire_skips(now);
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return std::nullopt;
  ContentServers& servers = it->second;
  auto entry = std::find_if(servers.entries.begin(), servers.entries.end(), [&](const RegistryEntry& e) { return e.peer == server; });
  if (entry == servers.entries.end()) return std::nullopt;  // gone: nothing to remember
  const Endpoint address = entry->address;
  auto rec = servers.skips.find(requester);
  if (rec == servers.skips.end()) {
    if (max_skip_records_ == 0) return address;
    while (skip_order_.size() >= max_skip_records_) {  // the least recently reported goes
      auto [at, c, r] = *skip_order_.begin();
      skip_order_.erase(skip_order_.begin());
      if (auto other = by_content_.find(c); other != by_content_.end()) other->second.skips.erase(r);
    }
    rec = servers.skips.emplace(requester, SkipRecord{{}, now}).first;
  } else {
    skip_order_.erase({rec->second.updated, content, requester});
    rec->second.updated = now;
  }
  skip_order_.insert({now, content, requester});
  auto& list = rec->second.servers;
  if (reason == pdu::SkipReason::Failed) {
    // A strike, when the index sent it there (its open assignment) or it said it was connecting
    // there (in use): a parallel connect's failed candidates are not all its open assignment.
    auto a = servers.assignments.find(requester);
    const bool sent = a != servers.assignments.end() && a->second.server == server;
    const bool said = std::any_of(list.begin(), list.end(), [&](const Skip& k) { return k.server == server; });
    if ((sent || said) && entry->struck_by.size() < 4 &&
        std::find(entry->struck_by.begin(), entry->struck_by.end(), requester) == entry->struck_by.end())
      entry->struck_by.push_back(requester);
  }
  if (reason == pdu::SkipReason::Released) {
    // Not used: its assignment to this server (if it is the open one) closes, and it carries no
    // load for this requester any more; what the requester said of it before (failed) stands.
    if (auto a = servers.assignments.find(requester); a != servers.assignments.end() && a->second.server == server)
      close_assignment(servers, requester);
    std::erase_if(list, [&](const Skip& k) { return k.server == server && k.reason == pdu::SkipReason::InUse; });
  } else {
    std::erase_if(list, [&](const Skip& k) { return k.server == server; });
    if (list.size() >= kSkipsPerRecord) list.erase(list.begin());
    list.push_back(Skip{server, reason});
  }
  return address;
}

const Registry::Skip* Registry::skip_of(const ContentServers& servers, const Name& requester, const Name& server) const {
  auto rec = servers.skips.find(requester);
  if (rec == servers.skips.end()) return nullptr;
  for (const Skip& k : rec->second.servers)
    if (k.server == server) return &k;
  return nullptr;
}

void Registry::forget_skips(const Name& content, ContentServers& servers, const Name& requester) {
  auto rec = servers.skips.find(requester);
  if (rec == servers.skips.end()) return;
  skip_order_.erase({rec->second.updated, content, requester});
  servers.skips.erase(rec);
}

void Registry::expire_skips(Time now) {
  while (!skip_order_.empty() && now - std::get<0>(*skip_order_.begin()) >= skip_memory_) {
    auto [at, content, requester] = *skip_order_.begin();
    skip_order_.erase(skip_order_.begin());
    if (auto it = by_content_.find(content); it != by_content_.end()) it->second.skips.erase(requester);
  }
}

std::map<Name, std::uint64_t> Registry::reported_load(const ContentServers& servers) const {
  std::map<Name, std::uint64_t> load;
  for (const auto& [requester, record] : servers.skips) {
    auto a = servers.assignments.find(requester);
    for (const Skip& k : record.servers)
      if (k.reason == pdu::SkipReason::InUse && (a == servers.assignments.end() || a->second.server != k.server))
        ++load[k.server];
  }
  return load;
}

const RegistryEntry* Registry::find(const Name& peer, const Name& content) const {
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return nullptr;
  for (const auto& e : it->second.entries)
    if (e.peer == peer) return &e;
  return nullptr;
}

bool Registry::close_assignment(ContentServers& servers, const Name& requester, bool success) {
  auto a = servers.assignments.find(requester);
  if (a == servers.assignments.end()) return false;
  for (auto& e : servers.entries) {
    if (e.peer != a->second.server) continue;
    if (e.open > 0) --e.open;
    if (success) e.struck_by.clear();  // it served a download to its end
  }
  servers.assignments.erase(a);
  --open_count_;
  return true;
}

void Registry::expire_assignments(Time now) {
  if (assignment_timeout_ <= Duration::zero()) return;
  while (!opened_.empty() && now - opened_.front().at >= assignment_timeout_) {
    OpenedAt o = opened_.front();
    opened_.pop_front();
    auto it = by_content_.find(o.content);
    if (it == by_content_.end()) continue;
    auto a = it->second.assignments.find(o.requester);
    if (a != it->second.assignments.end() && a->second.generation == o.generation) close_assignment(it->second, o.requester);
  }
}

Registry::AddressRecord* Registry::address_record(const Endpoint& address) {
  auto it = addresses_.find(address);
  return it == addresses_.end() ? nullptr : &it->second;
}

const Registry::AddressRecord* Registry::address_record(const Endpoint& address) const {
  auto it = addresses_.find(address);
  return it == addresses_.end() ? nullptr : &it->second;
}

Reach Registry::reach_of(const Endpoint& address) const {
  auto it = addresses_.find(address);
  return it == addresses_.end() ? Reach::Unknown : it->second.reach;
}

RegistryEntry* Registry::pick(ContentServers& servers, std::span<const Name> exclude) {
  std::vector<RegistryEntry*> candidates;
  for (auto& e : servers.entries)
    if (std::find(exclude.begin(), exclude.end(), e.peer) == exclude.end() && reach_of(e.address) != Reach::Unreachable)
      candidates.push_back(&e);
  if (candidates.empty()) return nullptr;
  switch (policy_) {
    case SelectionPolicy::LeastUsed: {
      // Suspects last, and before them registrations whose check is under way (but verified
      // downloads, handed out at once);
      // then fewest open assignments (downloads in progress), then fewest ever, then the newest:
      // candidates are in ascending seq, so "not worse" lets the later one win a full tie.
      // Open assignments count one server per requester; a multi-source requester's other
      // servers are known from its in-use reports (K).
      const std::map<Name, std::uint64_t> reported = reported_load(servers);
      auto key = [&](const RegistryEntry* e) {
        const AddressRecord* a = address_record(e->address);
        const bool pending = !e->downloaded && a != nullptr && a->checking && a->reach == Reach::Unknown;
        auto extra = reported.find(e->peer);
        const std::uint64_t load = e->open + (extra == reported.end() ? 0 : extra->second);
        return std::make_tuple(e->suspect(), pending, load, e->assigned);
      };
      RegistryEntry* best = candidates.front();
      for (auto* e : candidates)
        if (key(e) <= key(best)) best = e;
      return best;
    }
    case SelectionPolicy::MostRecent:
      return candidates.back();
    case SelectionPolicy::RoundRobin: {
      for (auto* e : candidates)
        if (e->seq > servers.last_round_robin_seq) return e;
      return candidates.front();
    }
    case SelectionPolicy::Random:
      return candidates[rng_.below(candidates.size())];
  }
  return candidates.front();
}

std::vector<Name> Registry::list_page(std::size_t page, std::size_t per_page, bool& more) {
  if (listing_dirty_) {
    listing_.clear();
    for (const auto& [name, servers] : by_content_) listing_.push_back(name);
    listing_dirty_ = false;
  }
  std::size_t from = std::min(listing_.size(), page * per_page);
  std::size_t to = std::min(listing_.size(), from + per_page);
  more = to < listing_.size();
  return {listing_.begin() + static_cast<std::ptrdiff_t>(from), listing_.begin() + static_cast<std::ptrdiff_t>(to)};
}

const std::vector<RegistryEntry>* Registry::servers_of(const Name& content) const {
  auto it = by_content_.find(content);
  return it == by_content_.end() ? nullptr : &it->second.entries;
}

}  // namespace p2p
