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
    if (RegistryEntry* e = entry_of(it->second, peer)) {
      if (e->owner != owner) return AddResult::NameTaken;
      close_assignment(it->second, peer, /*success=*/true);
      if (expires != e->expires) {  // a refresh: the lease starts again
        e->expires = expires;
        if (expires != Time::max()) expiries_.push(Expiry{expires, content, peer});
      }
      return AddResult::Repeat;
    }
    downloaded = close_assignment(it->second, peer, /*success=*/true);
    forget_skips(content, it->second, peer);  // its download ended: what it skipped no longer matters
    // One TCP address serves a content under one name: another name of the same host at this
    // address is stale (a peer restarted under a new name) or junk, and this R takes its place.
    // It is the same server, so it keeps that entry's record: a new name does not wash strikes off.
    if (auto same = it->second.seq_at.find({address, owner}); same != it->second.seq_at.end()) {
      auto e = it->second.entries.find(same->second);
      if (replaced != nullptr) *replaced = e->second.peer;
      struck_by = e->second.struck_by;
      assigned = e->second.assigned;
      erase_entry(it, e);
      it = by_content_.find(content);
    }
  }
  if (size_ >= max_entries_) return AddResult::Full;
  if (quota_ != 0 && entries_of(owner) >= quota_) return AddResult::QuotaExceeded;
  if (it == by_content_.end()) {
    it = by_content_.try_emplace(content).first;
    listing_dirty_ = true;
  }
  ContentServers& servers = it->second;
  const std::uint64_t seq = next_seq_++;
  RegistryEntry& entry = servers.entries.emplace(seq, RegistryEntry{peer, content, address, owner, seq, assigned})
                             .first->second;
  entry.struck_by = std::move(struck_by);
  entry.downloaded = downloaded;
  entry.expires = expires;
  servers.seq_of.emplace(peer, seq);
  servers.seq_at.emplace(std::pair{address, owner}, seq);
  ++addresses_[address].entries;
  holders_[address].push_back(&entry);
  offer(servers, entry);
  if (expires != Time::max()) expiries_.push(Expiry{expires, content, peer});
  ++per_owner_[owner];
  ++size_;
  return AddResult::Added;
}

std::size_t Registry::entries_of(const IpAddress& owner) const {
  auto it = per_owner_.find(owner);
  return it == per_owner_.end() ? 0 : it->second;
}

RegistryEntry* Registry::entry_of(ContentServers& servers, const Name& peer) {
  auto s = servers.seq_of.find(peer);
  return s == servers.seq_of.end() ? nullptr : &servers.entries.at(s->second);
}

// Least-used order: suspects last; then fewest open assignments (downloads in progress), where a
// registration whose check is under way (but a verified download, handed out at once) counts one
// more, so that it waits behind idle checked servers but not behind loaded ones (a flash crowd
// meets seeds faster than checks_per_second checks them); on a tie the checked one first; then
// fewest ever, then the newest (the last field is the complement of seq).
void Registry::offer(ContentServers& servers, RegistryEntry& e) {
  const AddressRecord* a = address_record(e.address);
  if (a != nullptr && a->reach == Reach::Unreachable) return;
  const bool pending = !e.downloaded && a != nullptr && a->checking && a->reach == Reach::Unknown;
  e.order_key = {e.suspect(), e.open + (pending ? 1 : 0), pending, e.assigned, ~e.seq};
  servers.least_used.insert(e.order_key);
  e.offered = true;
}

void Registry::withdraw(ContentServers& servers, RegistryEntry& e) {
  if (e.offered) servers.least_used.erase(e.order_key);
  e.offered = false;
}

void Registry::reorder(ContentServers& servers, RegistryEntry& e, const std::function<void(RegistryEntry&)>& change) {
  withdraw(servers, e);
  change(e);
  offer(servers, e);
}

void Registry::erase_entry(std::map<Name, ContentServers>::iterator it, ServerList::Entries::iterator e) {
  ContentServers& servers = it->second;
  RegistryEntry& entry = e->second;
  // Its assignments close with it; their records stay until their requesters search again or
  // time out, and are known stale by the seq they name.
  open_count_ -= entry.open;
  withdraw(servers, entry);
  if (auto o = per_owner_.find(entry.owner); o != per_owner_.end() && --o->second == 0) per_owner_.erase(o);
  if (auto a = addresses_.find(entry.address); a != addresses_.end() && --a->second.entries == 0) addresses_.erase(a);
  if (auto h = holders_.find(entry.address); h != holders_.end()) {
    std::erase(h->second, &entry);
    if (h->second.empty()) holders_.erase(h);
  }
  servers.seq_of.erase(entry.peer);
  servers.seq_at.erase({entry.address, entry.owner});
  servers.entries.erase(e);
  --size_;
  if (servers.entries.empty()) {
    for (const auto& [requester, record] : servers.skips) skip_order_.erase({record.updated, it->first, requester});
    by_content_.erase(it);
    listing_dirty_ = true;
  }
}

Registry::RemoveResult Registry::remove(const Name& peer, const Name& content, const IpAddress& from) {
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return RemoveResult::NotFound;
  auto s = it->second.seq_of.find(peer);
  if (s == it->second.seq_of.end()) return RemoveResult::NotFound;
  auto e = it->second.entries.find(s->second);
  if (e->second.owner != from) return RemoveResult::NotOwner;
  erase_entry(it, e);
  return RemoveResult::Removed;
}

void Registry::expire(Time now, const std::function<void(const RegistryEntry&)>& gone) {
  while (!expiries_.empty() && expiries_.top().at <= now) {
    Expiry x = expiries_.top();
    expiries_.pop();
    auto it = by_content_.find(x.content);
    if (it == by_content_.end()) continue;
    auto s = it->second.seq_of.find(x.peer);
    if (s == it->second.seq_of.end()) continue;  // removed since
    auto e = it->second.entries.find(s->second);
    if (e->second.expires != x.at) continue;  // refreshed since
    if (gone) gone(e->second);
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
    reorder(it->second, *chosen, [](RegistryEntry& e) { ++e.assigned; });
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
    if (std::find(exclude.begin(), exclude.end(), a->second.server) != exclude.end())
      if (auto e = servers.entries.find(a->second.server_seq); e != servers.entries.end()) {
        // Skipped without a word (a v1 peer), or reported failed: a strike. Busy, in use or
        // released: not held against it.
        const Skip* said = skip_of(servers, requester, a->second.server);
        if (said == nullptr || said->reason == pdu::SkipReason::Failed) {
          if (reported != nullptr && said == nullptr) *reported = e->second.address;  // a report was checked already
          strike(servers, e->second, requester);
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
  reorder(servers, *chosen, [](RegistryEntry& e) {
    ++e.assigned;
    ++e.open;
  });
  servers.last_round_robin_seq = chosen->seq;
  std::uint64_t gen = next_generation_++;
  servers.assignments[requester] = Assignment{chosen->peer, chosen->seq, gen};
  ++open_count_;
  if (assignment_timeout_ > Duration::zero()) opened_.push_back(OpenedAt{now, content, requester, gen});
  return chosen;
}

void Registry::strike(ContentServers& servers, RegistryEntry& e, const Name& requester) {
  if (e.struck_by.size() < 4 && std::find(e.struck_by.begin(), e.struck_by.end(), requester) == e.struck_by.end())
    reorder(servers, e, [&](RegistryEntry& x) { x.struck_by.push_back(requester); });
}

std::size_t Registry::SkipRecord::in_use() const {
  return static_cast<std::size_t>(
      std::count_if(servers.begin(), servers.end(), [](const Skip& k) { return k.reason == pdu::SkipReason::InUse; }));
}

void Registry::edit_skips(ContentServers& servers, SkipRecord& record, const std::function<void(SkipRecord&)>& change) {
  servers.in_use_reports -= record.in_use();
  change(record);
  servers.in_use_reports += record.in_use();
}

void Registry::drop_skips(ContentServers& servers, std::map<Name, SkipRecord>::iterator record, const Name& content) {
  servers.in_use_reports -= record->second.in_use();
  skip_order_.erase({record->second.updated, content, record->first});
  servers.skips.erase(record);
}

std::optional<Endpoint> Registry::report_skip(const Name& content, const Name& requester, const Name& server,
                                              pdu::SkipReason reason, Time now) {
  expire_assignments(now);
  expire_skips(now);
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return std::nullopt;
  ContentServers& servers = it->second;
  RegistryEntry* entry = entry_of(servers, server);
  if (entry == nullptr) return std::nullopt;  // gone: nothing to remember
  const Endpoint address = entry->address;
  auto rec = servers.skips.find(requester);
  if (rec == servers.skips.end()) {
    if (max_skip_records_ == 0) return address;
    while (skip_order_.size() >= max_skip_records_) {  // the least recently reported goes
      auto [at, c, r] = *skip_order_.begin();
      auto other = by_content_.find(c);
      if (other == by_content_.end()) {
        skip_order_.erase(skip_order_.begin());
        continue;
      }
      if (auto gone = other->second.skips.find(r); gone != other->second.skips.end())
        drop_skips(other->second, gone, c);
      else
        skip_order_.erase(skip_order_.begin());
    }
    rec = servers.skips.emplace(requester, SkipRecord{{}, now}).first;
  } else {
    skip_order_.erase({rec->second.updated, content, requester});
    rec->second.updated = now;
  }
  skip_order_.insert({now, content, requester});
  if (reason == pdu::SkipReason::Failed) {
    // A strike, when the index sent it there (its open assignment) or it said it was connecting
    // there (in use): a parallel connect's failed candidates are not all its open assignment.
    auto a = servers.assignments.find(requester);
    const bool sent = a != servers.assignments.end() && a->second.server == server;
    const auto& list = rec->second.servers;
    const bool said = std::any_of(list.begin(), list.end(), [&](const Skip& k) { return k.server == server; });
    if (sent || said) strike(servers, *entry, requester);
  }
  if (reason == pdu::SkipReason::Released) {
    // Not used: its assignment to this server (if it is the open one) closes, and it carries no
    // load for this requester any more; what the requester said of it before (failed) stands.
    if (auto a = servers.assignments.find(requester); a != servers.assignments.end() && a->second.server == server)
      close_assignment(servers, requester);
    edit_skips(servers, rec->second, [&](SkipRecord& r) {
      std::erase_if(r.servers, [&](const Skip& k) { return k.server == server && k.reason == pdu::SkipReason::InUse; });
    });
  } else {
    edit_skips(servers, rec->second, [&](SkipRecord& r) {
      std::erase_if(r.servers, [&](const Skip& k) { return k.server == server; });
      if (r.servers.size() >= kSkipsPerRecord) r.servers.erase(r.servers.begin());
      r.servers.push_back(Skip{server, reason});
    });
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
  if (auto rec = servers.skips.find(requester); rec != servers.skips.end()) drop_skips(servers, rec, content);
}

void Registry::expire_skips(Time now) {
  while (!skip_order_.empty() && now - std::get<0>(*skip_order_.begin()) >= skip_memory_) {
    auto [at, content, requester] = *skip_order_.begin();
    auto it = by_content_.find(content);
    if (it == by_content_.end()) {
      skip_order_.erase(skip_order_.begin());
      continue;
    }
    if (auto gone = it->second.skips.find(requester); gone != it->second.skips.end())
      drop_skips(it->second, gone, content);
    else
      skip_order_.erase(skip_order_.begin());
  }
}

std::map<Name, std::uint64_t> Registry::reported_load(const ContentServers& servers) const {
  std::map<Name, std::uint64_t> load;
  for (const auto& [requester, record] : servers.skips) {
    auto a = servers.assignments.find(requester);
    const bool assigned = a != servers.assignments.end() && servers.entries.contains(a->second.server_seq);
    for (const Skip& k : record.servers)
      if (k.reason == pdu::SkipReason::InUse && (!assigned || a->second.server != k.server)) ++load[k.server];
  }
  return load;
}

const RegistryEntry* Registry::find(const Name& peer, const Name& content) const {
  auto it = by_content_.find(content);
  if (it == by_content_.end()) return nullptr;
  auto s = it->second.seq_of.find(peer);
  return s == it->second.seq_of.end() ? nullptr : &it->second.entries.at(s->second);
}

bool Registry::close_assignment(ContentServers& servers, const Name& requester, bool success) {
  auto a = servers.assignments.find(requester);
  if (a == servers.assignments.end()) return false;
  auto e = servers.entries.find(a->second.server_seq);
  const bool live = e != servers.entries.end();  // else it closed when its entry left
  if (live)
    reorder(servers, e->second, [success](RegistryEntry& x) {
      if (x.open > 0) --x.open;
      if (success) x.struck_by.clear();  // it served a download to its end
    });
  servers.assignments.erase(a);
  if (live) --open_count_;
  return live;
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

const Registry::AddressRecord* Registry::address_record(const Endpoint& address) const {
  auto it = addresses_.find(address);
  return it == addresses_.end() ? nullptr : &it->second;
}

bool Registry::update_address(const Endpoint& address, const std::function<void(AddressRecord&)>& change) {
  auto it = addresses_.find(address);
  if (it == addresses_.end()) return false;
  const std::vector<RegistryEntry*>& holders = holders_.at(address);
  for (RegistryEntry* e : holders) withdraw(by_content_.at(e->content), *e);
  change(it->second);
  for (RegistryEntry* e : holders) offer(by_content_.at(e->content), *e);
  return true;
}

RegistryEntry* Registry::pick(ContentServers& servers, std::span<const Name> exclude) {
  auto excluded = [&](const RegistryEntry& e) {
    return std::find(exclude.begin(), exclude.end(), e.peer) != exclude.end();
  };
  auto offerable = [&](RegistryEntry& e) { return e.offered && !excluded(e); };
  switch (policy_) {
    case SelectionPolicy::LeastUsed:
      if (servers.in_use_reports > 0) return pick_with_reported_load(servers, exclude);
      // The first of the order that is not excluded: at most exclude.size() skipped.
      for (const auto& key : servers.least_used) {
        RegistryEntry& e = servers.entries.at(~std::get<4>(key));
        if (!excluded(e)) return &e;
      }
      return nullptr;
    case SelectionPolicy::MostRecent:
      for (auto e = servers.entries.rbegin(); e != servers.entries.rend(); ++e)
        if (offerable(e->second)) return &e->second;
      return nullptr;
    case SelectionPolicy::RoundRobin: {
      // The next after the last one chosen, in registration order, wrapping around.
      auto after = servers.entries.upper_bound(servers.last_round_robin_seq);
      for (auto e = after; e != servers.entries.end(); ++e)
        if (offerable(e->second)) return &e->second;
      for (auto e = servers.entries.begin(); e != after; ++e)
        if (offerable(e->second)) return &e->second;
      return nullptr;
    }
    case SelectionPolicy::Random: {
      std::vector<RegistryEntry*> candidates;
      for (auto& [seq, e] : servers.entries)
        if (offerable(e)) candidates.push_back(&e);
      return candidates.empty() ? nullptr : candidates[rng_.below(candidates.size())];
    }
  }
  return nullptr;
}

// The order of offer(), with each server's open assignments plus the requesters that reported it in
// use (K) and whose open assignment is elsewhere: a multi-source download loads every server it
// uses, not only the one its last S named. Candidates in ascending seq, so "not worse" lets the
// later one win a full tie, as the order's last field does.
RegistryEntry* Registry::pick_with_reported_load(ContentServers& servers, std::span<const Name> exclude) {
  const std::map<Name, std::uint64_t> reported = reported_load(servers);
  RegistryEntry* best = nullptr;
  std::tuple<bool, std::uint64_t, bool, std::uint64_t> best_key{};
  for (auto& [seq, e] : servers.entries) {
    if (!e.offered || std::find(exclude.begin(), exclude.end(), e.peer) != exclude.end()) continue;
    auto extra = reported.find(e.peer);
    const std::uint64_t load = e.open + (extra == reported.end() ? 0 : extra->second);
    const bool pending = std::get<2>(e.order_key);
    auto key = std::make_tuple(std::get<0>(e.order_key), load + (pending ? 1 : 0), pending, e.assigned);
    if (best == nullptr || key <= best_key) best = &e, best_key = key;
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

const Registry::ServerList* Registry::servers_of(const Name& content) const {
  auto it = by_content_.find(content);
  return it == by_content_.end() ? nullptr : &it->second.list;
}

}  // namespace p2p
