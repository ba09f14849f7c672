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
    const bool known = it->second.names.count(peer) != 0;  // a new name (a crowd's R) skips the scan
    for (auto& e : it->second.entries) {
      if (!known) break;
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
    // One TCP address serves a content under one name: another name of the same host at this
    // address is stale (a peer restarted under a new name) or junk, and this R takes its place.
    // It is the same server, so it keeps that entry's record: a new name does not wash strikes off.
    const AddressRecord* record = address_record(address);
    auto same = record == nullptr || record->entries == 0
                    ? it->second.entries.end()
                    : std::find_if(it->second.entries.begin(), it->second.entries.end(),
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
  it->second.names.insert(peer);
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
  it->second.names.erase(e->peer);
  it->second.entries.erase(e);
  --size_;
  if (it->second.entries.empty()) {
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
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return nullptr;
  if (auto a = it->second.assignments.find(requester); a != it->second.assignments.end())
    if (std::find(exclude.begin(), exclude.end(), a->second.server) != exclude.end())
      for (auto& e : it->second.entries) {
        if (e.peer != a->second.server) continue;
        if (reported != nullptr) *reported = e.address;
        if (e.struck_by.size() < 4 && std::find(e.struck_by.begin(), e.struck_by.end(), requester) == e.struck_by.end())
          e.struck_by.push_back(requester);
      }
  close_assignment(it->second, requester);
  RegistryEntry* chosen = pick(it->second, exclude);
  if (chosen == nullptr) return nullptr;
  ++chosen->assigned;
  ++chosen->open;
  it->second.last_round_robin_seq = chosen->seq;
  std::uint64_t gen = next_generation_++;
  it->second.assignments[requester] = Assignment{chosen->peer, gen};
  ++open_count_;
  if (assignment_timeout_ > Duration::zero()) opened_.push_back(OpenedAt{now, content, requester, gen});
  return chosen;
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
  if (policy_ == SelectionPolicy::LeastUsed) return pick_least_used(servers, exclude);
  std::vector<RegistryEntry*> candidates;
  for (auto& e : servers.entries)
    if (std::find(exclude.begin(), exclude.end(), e.peer) == exclude.end() && reach_of(e.address) != Reach::Unreachable)
      candidates.push_back(&e);
  if (candidates.empty()) return nullptr;
  switch (policy_) {
    case SelectionPolicy::LeastUsed:
      break;  // above
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

// Suspects last, and before them registrations whose check is under way (but verified downloads,
// handed out at once); then fewest open assignments (downloads in progress), then fewest ever, then
// the newest. Entries are in ascending seq, so the scan runs from the newest and an older entry wins
// only when strictly better; the first entry that nothing can beat ends it. A swarm's newest
// registrations are mostly unused, so a search costs a few entries, not the whole swarm (a flash
// crowd of N peers made picking O(N^2)).
RegistryEntry* Registry::pick_least_used(ContentServers& servers, std::span<const Name> exclude) {
  RegistryEntry* best = nullptr;
  std::tuple<bool, bool, std::uint64_t, std::uint64_t> best_key{};
  for (auto it = servers.entries.rbegin(); it != servers.entries.rend(); ++it) {
    RegistryEntry& e = *it;
    if (std::find(exclude.begin(), exclude.end(), e.peer) != exclude.end()) continue;
    const AddressRecord* a = address_record(e.address);
    if (a != nullptr && a->reach == Reach::Unreachable) continue;
    const bool pending = !e.downloaded && a != nullptr && a->checking && a->reach == Reach::Unknown;
    const auto key = std::make_tuple(e.suspect(), pending, e.open, e.assigned);
    if (best == nullptr || key < best_key) {
      best = &e;
      best_key = key;
      if (key == decltype(key){}) break;  // unbeatable: not suspect, not pending, never assigned
    }
  }
  return best;
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
