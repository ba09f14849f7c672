// SPDX-License-Identifier: GPL-2.0-only
// The index's registry: which peer serves which content from where, and who may change it.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <iterator>
#include <queue>
#include <set>
#include <span>
#include <tuple>
#include <vector>

#include "endpoint.h"
#include "name.h"
#include "pdu.h"
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
  // download, handed out at once. Other entries wait for their address check behind idle checked ones.
  bool downloaded = false;
  Time expires = Time::max();  // the end of its lease; Time::max(): never

  // The registry's bookkeeping: where the entry sits in its content's least-used order (absent
  // while its address is known unreachable: no policy offers it then).
  using OrderKey = std::tuple<bool, std::uint64_t, bool, std::uint64_t, std::uint64_t>;  // see offer()
  OrderKey order_key{};
  bool offered = false;
};

// Every operation is logarithmic in the registry's size, or bounded by the request (the excludes,
// the entries one address holds, a requester's reports), whatever the number of servers of one
// content: a flash crowd makes one content with a million servers, and one search must not scan
// them all. Two exceptions scan a content's servers: random (a uniform choice among them), and
// least-used while some requester of that content reports servers in use (multi-source
// downloads), whose load is counted afresh for each choice.
class Registry {
 public:
  // A content's entries in registration order (by seq).
  class ServerList {
   public:
    using Entries = std::map<std::uint64_t, RegistryEntry>;
    // Iterates the entries themselves (the map's values).
    class Iterator {
     public:
      using iterator_category = std::forward_iterator_tag;
      using value_type = RegistryEntry;
      using difference_type = std::ptrdiff_t;
      using pointer = const RegistryEntry*;
      using reference = const RegistryEntry&;
      explicit Iterator(Entries::const_iterator at) : at_(at) {}
      reference operator*() const { return at_->second; }
      pointer operator->() const { return &at_->second; }
      Iterator& operator++() {
        ++at_;
        return *this;
      }
      bool operator==(const Iterator&) const = default;

     private:
      Entries::const_iterator at_;
    };
    explicit ServerList(const Entries& entries) : entries_(&entries) {}
    Iterator begin() const { return Iterator(entries_->begin()); }
    Iterator end() const { return Iterator(entries_->end()); }
    std::size_t size() const { return entries_->size(); }
    const RegistryEntry& operator[](std::size_t i) const {  // linear in i
      return std::next(entries_->begin(), static_cast<std::ptrdiff_t>(i))->second;
    }

   private:
    const Entries* entries_;
  };

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
  // search excludes the server of that assignment and the requester did not say why (K), its
  // address goes to `reported` (it failed the requester, or was busy). Servers the requester
  // reported failed or in use are offered only when nothing else is left, so a requester that
  // tried more than the 8 servers S can exclude still gets untried ones.
  const RegistryEntry* select(const Name& content, std::span<const Name> exclude, const Name& requester, Time now,
                              Endpoint* reported = nullptr);
  const RegistryEntry* find(const Name& peer, const Name& content) const;

  // A requester's report (K) that it skips `server` for `content`, and why. Kept per (requester,
  // content): busy, in-use and released servers are not struck when its next S excludes them;
  // in-use ones count as load it carries (least-used); failed and in-use ones are offered to it
  // last. Released also closes its assignment to that server. Returns the server's address when
  // an entry names it.
  std::optional<Endpoint> report_skip(const Name& content, const Name& requester, const Name& server,
                                      pdu::SkipReason reason, Time now);
  // Bounds of the reports kept: a (requester, content) record lasts `memory` after its last report,
  // holds at most kSkipsPerRecord servers (oldest dropped), and at most `max_records` records are
  // kept (the least recently reported dropped first).
  static constexpr std::size_t kSkipsPerRecord = 24;
  void set_skip_limits(Duration memory, std::size_t max_records) {
    skip_memory_ = memory;
    max_skip_records_ = max_records;
  }
  std::size_t skip_records() const { return skip_order_.size(); }

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
  // least-used offers an unchecked address as if it carried one download more than it does, and no
  // policy offers an unreachable one.
  struct AddressRecord {
    std::size_t entries = 0;
    Reach reach = Reach::Unknown;
    Time checked_at{};
    bool checking = false;  // a check is queued or under way
  };
  const AddressRecord* address_record(const Endpoint& address) const;
  // Changes what is known of an address; the entries naming it move in their contents' order.
  // False (and nothing changed) when no entry names it.
  bool update_address(const Endpoint& address, const std::function<void(AddressRecord&)>& change);
  std::size_t addresses() const { return addresses_.size(); }

  std::size_t size() const { return size_; }
  std::size_t max_entries() const { return max_entries_; }
  SelectionPolicy policy() const { return policy_; }
  const ServerList* servers_of(const Name& content) const;  // null when nobody serves it

 private:
  struct Assignment {
    Name server;
    std::uint64_t server_seq = 0;  // the entry it named; gone when that entry left the registry
    std::uint64_t generation = 0;
  };
  struct Skip {
    Name server;
    pdu::SkipReason reason = pdu::SkipReason::Failed;
  };
  struct SkipRecord {
    std::vector<Skip> servers;  // oldest report first, at most kSkipsPerRecord
    Time updated{};
    std::size_t in_use() const;
  };
  struct ContentServers {
    ContentServers() = default;
    ContentServers(const ContentServers&) = delete;  // `list` points into it
    ServerList::Entries entries;
    ServerList list{entries};
    std::map<Name, std::uint64_t> seq_of;                           // by peer
    std::map<std::pair<Endpoint, IpAddress>, std::uint64_t> seq_at;  // by (address, owner)
    std::set<RegistryEntry::OrderKey> least_used;  // offerable entries, the least-used first
    std::uint64_t last_round_robin_seq = 0;
    std::map<Name, Assignment> assignments;  // by requester
    std::map<Name, SkipRecord> skips;        // by requester (K reports)
    std::size_t in_use_reports = 0;          // in-use servers in `skips`
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
  // Least-used while requesters report servers in use: their load is counted for this choice.
  RegistryEntry* pick_with_reported_load(ContentServers& servers, std::span<const Name> exclude);
  // Servers that requesters reported in use and that no assignment of theirs counts already.
  std::map<Name, std::uint64_t> reported_load(const ContentServers& servers) const;
  const Skip* skip_of(const ContentServers& servers, const Name& requester, const Name& server) const;
  // A requester's reports change (or go) only through here, so that in_use_reports stays right.
  void edit_skips(ContentServers& servers, SkipRecord& record, const std::function<void(SkipRecord&)>& change);
  void drop_skips(ContentServers& servers, std::map<Name, SkipRecord>::iterator record, const Name& content);
  void forget_skips(const Name& content, ContentServers& servers, const Name& requester);
  void expire_skips(Time now);
  // A strike by `requester` against `e`, once per requester and at most four.
  void strike(ContentServers& servers, RegistryEntry& e, const Name& requester);
  RegistryEntry* entry_of(ContentServers& servers, const Name& peer);
  // Every change to what orders an entry goes through here: out of the order, changed, back in.
  void reorder(ContentServers& servers, RegistryEntry& e, const std::function<void(RegistryEntry&)>& change);
  void offer(ContentServers& servers, RegistryEntry& e);
  void withdraw(ContentServers& servers, RegistryEntry& e);
  // Closes the requester's assignment; `success` when its download finished (it registered).
  // Tells whether there was one whose server is still registered.
  bool close_assignment(ContentServers& servers, const Name& requester, bool success = false);
  void erase_entry(std::map<Name, ContentServers>::iterator it, ServerList::Entries::iterator e);
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
  std::map<Endpoint, std::vector<RegistryEntry*>> holders_;  // the entries naming each address
  Duration skip_memory_ = std::chrono::seconds(120);
  std::size_t max_skip_records_ = 16384;
  std::set<std::tuple<Time, Name, Name>> skip_order_;  // (updated, content, requester) of every record
};

}  // namespace p2p
