// SPDX-License-Identifier: GPL-2.0-only
// The index's registry: which peer serves which content from where, and who may change it.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <queue>
#include <span>
#include <vector>

#include "endpoint.h"
#include "name.h"
#include "rng.h"
#include "selection_policy.h"
#include "timing.h"
#include <optional>

namespace p2p {

// What the index last learned of an address: whether it accepts a TCP connection.
enum class Reach { Unknown, Reachable, Unreachable };

struct RegistryEntry {
  Name peer;
  Name content;
  Endpoint address;      // where the peer serves this content (TCP)
  IpAddress owner;       // source IP of the R that created the entry
  std::uint64_t seq = 0; // registration order, for most-recent and ties
  std::uint64_t assigned = 0;  // downloads the index ever sent to this entry
  std::uint64_t open = 0;      // assignments to this entry still open: its live load
  // Requesters that were sent here and then asked again excluding it (it failed them, or was busy),
  // since it last served a download to its end; two or more make it a suspect that least-used
  // offers last, so registrations whose address accepts nothing are not handed out again and again.
  // (A multi-source requester strikes the servers it uses too: the exclude list cannot say "in use"
  // from "failed".)
  std::vector<Name> struck_by;
  bool suspect() const { return struck_by.size() >= 2; }
  // Registered by a requester the index had sent to a server of this content: a verified
  // download, handed out at once. Other entries wait for their address check behind checked ones.
  bool downloaded = false;
  Time expires = Time::max();  // the end of its lease; Time::max(): never
};

class Registry {
 public:
  Registry(std::size_t max_entries, SelectionPolicy policy, std::uint64_t seed);

  enum class AddResult { Added, Repeat, NameTaken, Full, QuotaExceeded };
  // An R that succeeds also closes the registering peer's assignment for that content: its
  // download finished. A lease (0: none) makes the entry expire that long after its last R. An
  // entry of another name from the same owner at the same address is replaced (its name in
  // `replaced`): a TCP address serves a content under one name.
  AddResult add(const Name& peer, const Name& content, const Endpoint& address, const IpAddress& owner,
                Time now = {}, Duration lease = {}, Name* replaced = nullptr);

  enum class RemoveResult { Removed, NotFound, NotOwner };
  RemoveResult remove(const Name& peer, const Name& content, const IpAddress& from);

  // Chooses a server for `content` that is not excluded and not known unreachable, and counts the
  // choice; null if none.
  const RegistryEntry* select(const Name& content, std::span<const Name> exclude);
  // The same for a search by `requester`: its previous assignment for the content closes (its
  // previous attempt ended) and the choice opens a new one (protocol.md, "Live load"). When the
  // search excludes the server of that assignment, its address goes to `reported` (it failed
  // the requester, or was busy).
  const RegistryEntry* select(const Name& content, std::span<const Name> exclude, const Name& requester, Time now,
                              Endpoint* reported = nullptr);
  const RegistryEntry* find(const Name& peer, const Name& content) const;

  // Open assignments older than this close by themselves (a requester that vanished). 0: never.
  void set_assignment_timeout(Duration timeout) { assignment_timeout_ = timeout; }
  std::size_t open_assignments() const { return open_count_; }

  // Entries whose lease ran out by `now` leave the registry (with their assignments); each is
  // passed to `gone` first.
  void expire(Time now, const std::function<void(const RegistryEntry&)>& gone = {});
  std::optional<Time> next_expiry();  // of the entries that have a lease
  // At most this many entries owned by one host (0: no quota); past it R gets QuotaExceeded.
  void set_quota_per_owner(std::size_t quota) { quota_ = quota; }
  std::size_t entries_of(const IpAddress& owner) const;

  // Page `page` (0-based) of the distinct content names in name order; `more` tells whether a
  // later page exists.
  std::vector<Name> list_page(std::size_t page, std::size_t per_page, bool& more);

  // What is known of the addresses entries name (one record per address while an entry names it):
  // least-used offers reachable addresses before unchecked ones, and no policy offers an
  // unreachable one.
  struct AddressRecord {
    std::size_t entries = 0;
    Reach reach = Reach::Unknown;
    Time checked_at{};
    bool checking = false;  // a check is queued or under way
  };
  AddressRecord* address_record(const Endpoint& address);
  const AddressRecord* address_record(const Endpoint& address) const;
  Reach reach_of(const Endpoint& address) const;
  std::size_t addresses() const { return addresses_.size(); }

  std::size_t size() const { return size_; }
  std::size_t max_entries() const { return max_entries_; }
  SelectionPolicy policy() const { return policy_; }
  const std::vector<RegistryEntry>* servers_of(const Name& content) const;  // in registration order

 private:
  struct Assignment {
    Name server;
    std::uint64_t generation = 0;
  };
  struct ContentServers {
    std::vector<RegistryEntry> entries;  // in registration order (seq ascending)
    std::set<Name> names;                // of the entries: an R under a new name skips the scan
    std::uint64_t last_round_robin_seq = 0;
    std::map<Name, Assignment> assignments;  // by requester
  };
  struct OpenedAt {  // for the timeout: assignments in the order they were opened
    Time at;
    Name content;
    Name requester;
    std::uint64_t generation;
  };
  struct Expiry {  // a lease end; stale once the entry was refreshed or removed
    Time at;
    Name content;
    Name peer;
    bool operator>(const Expiry& o) const { return at > o.at; }
  };
  RegistryEntry* pick(ContentServers& servers, std::span<const Name> exclude);
  RegistryEntry* pick_least_used(ContentServers& servers, std::span<const Name> exclude);
  // Closes the requester's assignment; `success` when its download finished (it registered).
  // Tells whether there was one.
  bool close_assignment(ContentServers& servers, const Name& requester, bool success = false);
  void erase_entry(std::map<Name, ContentServers>::iterator it, std::vector<RegistryEntry>::iterator e);
  void expire_assignments(Time now);

  std::size_t max_entries_;
  SelectionPolicy policy_;
  Rng rng_;
  std::uint64_t next_seq_ = 1;
  std::size_t size_ = 0;
  std::map<Name, ContentServers> by_content_;
  std::vector<Name> listing_;  // distinct names, rebuilt lazily after a change
  bool listing_dirty_ = true;
  Duration assignment_timeout_{};
  std::deque<OpenedAt> opened_;
  std::uint64_t next_generation_ = 1;
  std::size_t open_count_ = 0;
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiries_;
  std::size_t quota_ = 0;
  std::map<IpAddress, std::size_t> per_owner_;
  std::map<Endpoint, AddressRecord> addresses_;
};

}  // namespace p2p
