// SPDX-License-Identifier: GPL-2.0-only
// An in-memory test world: index and peer cores wired through a fake network (latency, jitter that
// reorders, loss, a seeded RNG) and a fake clock, so whole conversations run in microseconds and the
// same seed gives the same run.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include "model/event_format.h"
#include "model/index_server.h"
#include "model/memory_store.h"
#include "model/peer_engine.h"
#include "model/rng.h"

namespace p2p::testing {

using namespace std::chrono_literals;

struct NetworkConditions {
  Duration latency = 1ms;           // one way
  Duration jitter = 0ms;            // extra uniform delay per datagram: reorders them
  double datagram_loss = 0.0;       // each UDP datagram, each direction
  double segment_loss = 0.0;        // a lost TCP segment costs a retransmission delay, never bytes
  Duration retransmission_delay = 200ms;
  double bytes_per_second = 12.5e6; // stream rate per connection (100 Mbit/s)
  std::size_t send_buffer = 64 * 1024;  // stream bytes taken from a peer at once
};

struct PeerNode {
  std::string name;
  IpAddress ip;
  MemoryStore store;
  std::unique_ptr<PeerEngine> engine;
  std::vector<PeerEvent> events;
  bool alive = true;
  std::uint64_t timer_generation = 0;
  // A slow reader: its application reads its connections at this many bytes a second (0: as fast
  // as they arrive), and reads nothing before stalled_until. Its senders' TCP sees it as a
  // receive window that opens that slowly: they can push no faster.
  double read_rate = 0;
  Time stalled_until{};

  // Events of one kind, optionally for one operation.
  std::vector<PeerEvent> of(PeerEventKind kind, OpId op = 0) const;
  const PeerEvent* done(OpId op) const;  // the OperationDone of op, if it came
};

// A hand-driven TCP endpoint for feeding a peer bad streams and reading its raw answer.
struct RawClient {
  std::vector<std::uint8_t> received;
  bool connected = false;
  bool closed_by_peer = false;
};

class World {
 public:
  explicit World(std::uint64_t seed, NetworkConditions net = {});

  // Calling it again restarts the index: a new, empty one at the same place.
  IndexServer& add_index(const Endpoint& at, IndexConfig config = {});
  // `key` names the node in the world (default: its peer name), so two hosts may use one peer name.
  PeerNode& add_peer(const std::string& name, const std::string& ip, PeerConfig config = {}, std::string key = {});
  PeerNode& peer(const std::string& name);
  IndexServer& index() { return *index_; }
  const Endpoint& index_endpoint() const { return index_endpoint_; }
  NetworkConditions& network() { return net_; }

  Time now() const { return now_; }
  // Runs events until `done` holds or simulated time passes `limit`; tells whether `done` holds.
  bool run_until(const std::function<bool()>& done, Duration limit = 600s);
  void run_for(Duration d);
  // Runs operation `op` of `p` to its end (or the limit); returns its OperationDone event.
  const PeerEvent* finish(PeerNode& p, OpId op, Duration limit = 600s);

  // Failure injection.
  void crash(PeerNode& p, bool connections_reset);  // reset: peers see a close; else silence
  void corrupt_next_stream_byte_from(PeerNode& p) { corrupt_from_.insert(p.name); }
  void inject_datagram(PeerNode& to, const Endpoint& from, std::vector<std::uint8_t> bytes);
  std::optional<Bytes> index_datagram(const Endpoint& from, std::vector<std::uint8_t> bytes);
  RawClient& raw_connect(PeerNode& to);
  void raw_send(RawClient& c, std::vector<std::uint8_t> bytes);
  void raw_close(RawClient& c);

  // One line per event of every node, in order: the run's fingerprint.
  const std::vector<std::string>& trace() const { return trace_; }
  Endpoint udp_endpoint(const PeerNode& p) const { return Endpoint{p.ip, 40000}; }

 private:
  struct LinkEnd {
    PeerNode* peer = nullptr;  // null: a RawClient
    RawClient* raw = nullptr;
    ConnId conn = 0;
  };
  struct Link {
    LinkEnd a, b;  // a connected to b
    Time last_arrival_ab{}, last_arrival_ba{};
    bool pumping_a = false, pumping_b = false;  // a pump event is scheduled for that side
    bool closing_a = false, closing_b = false;
    bool dead = false;
  };

  void at(Time t, std::function<void()> fn);
  void arm_index_timer();
  // After every call into a peer's engine: record its events, carry out its actions, re-arm its
  // timer. A test that calls the engine itself sees the events once the world runs.
  void after_engine_call(PeerNode& p);
  void record_index_events();  // after every call into the index: its events, then its checks
  void run_check(const AddressCheck& check);
  void send_datagram(const Endpoint& from, const Endpoint& to, Bytes bytes);
  void deliver_datagram(const Endpoint& from, const Endpoint& to, const Bytes& bytes);
  void connect(PeerNode& p, ConnId conn, const Endpoint& to);
  void pump(std::size_t link, bool from_a);
  void deliver_stream(std::size_t link, bool to_b, Bytes bytes);
  void close_side(std::size_t link, bool side_a);
  std::size_t link_of(const PeerNode& p, ConnId conn) const;
  Endpoint stream_endpoint(const LinkEnd& end) const;

  NetworkConditions net_;
  Rng rng_;
  Time now_{};
  std::uint64_t seq_ = 0;
  using Item = std::tuple<Time, std::uint64_t, std::function<void()>>;
  struct Later {
    bool operator()(const Item& x, const Item& y) const {
      return std::tie(std::get<0>(x), std::get<1>(x)) > std::tie(std::get<0>(y), std::get<1>(y));
    }
  };
  std::priority_queue<Item, std::vector<Item>, Later> queue_;

  std::unique_ptr<IndexServer> index_;
  std::uint64_t index_timer_generation_ = 0;
  std::uint64_t index_lives_ = 0;  // add_index calls: a check's result goes to the index that asked
  Endpoint index_endpoint_;
  std::map<std::string, std::unique_ptr<PeerNode>> peers_;
  std::vector<Link> links_;
  std::map<std::pair<const PeerNode*, ConnId>, std::size_t> link_by_conn_;
  std::map<const RawClient*, std::size_t> link_by_raw_;
  std::vector<std::unique_ptr<RawClient>> raw_clients_;
  std::set<std::string> corrupt_from_;
  std::vector<std::string> trace_;
};

// Bytes 0..n-1 of a recognisable pattern, for content whose every byte is checked.
std::vector<std::uint8_t> pattern_bytes(std::size_t n, std::uint64_t seed);

}  // namespace p2p::testing
