// SPDX-License-Identifier: GPL-2.0-only
// The index's memory of its last reply to each source, so that a retransmitted request (same
// source, same bytes) gets the same reply instead of being applied twice. A peer has one request
// in flight at a time (docs/protocol-decisions.md), so one reply per source is enough, and any
// other request from that source ends it. Only replies whose re-application would differ are
// kept (protocol.md, "Retransmissions"): the index decides which; an S answer carries the entry it
// names, so that it is not repeated once that entry is gone.
#pragma once
#include <cstdint>
#include <list>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "endpoint.h"
#include "name.h"
#include "timing.h"

namespace p2p {

class ReplyCache {
 public:
  struct Item {
    Endpoint from;
    std::vector<std::uint8_t> request;
    std::vector<std::uint8_t> reply;
    Time stored;
    std::optional<std::pair<Name, Name>> names_entry;  // (peer, content) of the entry an S answer names
  };

  ReplyCache(Duration ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

  // The kept reply for this exact request from this source, if still fresh.
  const Item* find(const Endpoint& from, std::span<const std::uint8_t> request, Time now);
  void store(const Endpoint& from, std::span<const std::uint8_t> request, std::vector<std::uint8_t> reply, Time now,
             std::optional<std::pair<Name, Name>> names_entry = std::nullopt);
  void forget(const Endpoint& from);
  std::size_t size() const { return by_source_.size(); }

 private:
  void expire(Time now);

  Duration ttl_;
  std::size_t capacity_;
  std::list<Item> by_age_;  // oldest first
  std::unordered_map<Endpoint, std::list<Item>::iterator, EndpointHash> by_source_;
};

}  // namespace p2p
