// The index server's logic: one datagram in, at most one datagram out (to the same source).
#pragma once
#include <functional>
#include <optional>

#include "pdu.h"
#include "registry.h"
#include "reply_cache.h"
#include "timing.h"

namespace p2p {

struct IndexConfig {
  SelectionPolicy policy = SelectionPolicy::LeastUsed;
  std::uint64_t seed = 1;               // for the random policy
  std::size_t max_entries = 1'000'000;  // registry size limit: past it, R gets E 7
  bool trust_addresses = false;         // accept an R whose address names another host
  // How long a retransmission can still come: the peers' retry horizon. With the default retry
  // policy (1 s, x2, 5 tries) the last retransmission leaves 15 s after the first transmission.
  Duration reply_cache_ttl = std::chrono::seconds(20);
  std::size_t reply_cache_capacity = 65536;
  // An S answer opens an assignment that closes by itself after this long (0: only by the rules).
  Duration assignment_timeout = std::chrono::seconds(60);
  std::uint32_t lease_seconds = 0;  // carried in the A answering an R; 0 = entries never expire
};

// What the index did with one datagram, for logs and trace sources.
struct IndexEvent {
  Time time{};
  Endpoint from;
  char request_type = 0;  // 0 when the datagram was empty
  Name peer;              // empty when the request carries none or was malformed
  Name content;
  char reply_type = 0;    // 0: no reply (an E or an empty datagram is never answered)
  std::optional<ErrorCode> error;
  Name chosen;            // the server an S answer names
  bool from_cache = false;
  std::size_t request_bytes = 0;
  std::size_t reply_bytes = 0;
  std::string detail;
};

class IndexServer {
 public:
  explicit IndexServer(IndexConfig config = {});

  // Handles one request; returns the reply to send back to `from`, if any.
  std::optional<Bytes> on_datagram(const Endpoint& from, ByteView datagram, Time now);

  void set_observer(std::function<void(const IndexEvent&)> observer) { observer_ = std::move(observer); }
  const Registry& registry() const { return registry_; }
  Registry& registry() { return registry_; }
  const IndexConfig& config() const { return config_; }

 private:
  UdpReply handle(const Endpoint& from, const UdpRequest& request, IndexEvent& ev, Time now);
  UdpReply handle_register(const Endpoint& from, const pdu::Register& r, IndexEvent& ev, Time now);
  UdpReply handle_search(const pdu::SearchRequest& s, IndexEvent& ev, Time now);
  UdpReply handle_deregister(const Endpoint& from, const pdu::Deregister& t, IndexEvent& ev);
  UdpReply handle_list(const pdu::ListRequest& o);

  IndexConfig config_;
  Registry registry_;
  ReplyCache cache_;
  std::function<void(const IndexEvent&)> observer_;
};

}  // namespace p2p
