// SPDX-License-Identifier: GPL-2.0-only
// A swarm simulator hunting for lost downloads, after TigerBeetle's VOPR: each seed draws a random
// workload in the in-memory world (arrivals, crashes and restarts of peers and of the index,
// datagram loss, junk and dead registrations, slow and stalling readers) and global invariants are
// checked after every step:
//   - no peer keeps a byte the content does not have;
//   - no download is lost while a live server holds its content and its deadline allows (two
//     seeds hold every content and never crash; at the end every download of a live peer is done);
//   - no entry is handed out after its lease (none outlives it in the registry);
//   - memory is bounded (registry entries, address records and open assignments).
// CTest runs seeds 1..200 in seconds; more by hand:  core_swarm_simulation_test -- --seeds 1000:5000
// A failing seed prints itself, and  -- --seeds N:N  replays it exactly (the world is deterministic);
// with P2P_SWARM_TRACE=1 and --log_level=message the replay prints every event and the index's entries.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>

#include "model/pdu.h"
#include "tests/support/fixtures.h"

using namespace p2p;
using namespace p2p::testing;

namespace {

constexpr int kLeaseSeconds = 10;
constexpr std::size_t kPerSource = 64;  // entries one host may own: bounds the registry
constexpr Duration kDeadline = 120s;

struct Simulation {
  explicit Simulation(std::uint64_t run_seed) : seed(run_seed), rng(run_seed), w(run_seed) {
    IndexConfig index;
    index.lease_seconds = kLeaseSeconds;
    index.max_entries_per_source = kPerSource;
    index_config = index;
    w.add_index(default_index_endpoint(), index);
    contents = {pattern_bytes(40'000 + rng.below(30'000), run_seed), pattern_bytes(1 + rng.below(5'000), run_seed + 1)};
    peer_config.download_deadline = kDeadline;
    peer_config.sources = 1 + rng.below(3);
    peer_config.piece_size = 16 * 1024;
    for (int s = 1; s <= 2; ++s) {  // the seeds: always up, holding every content
      PeerNode& p = add("s" + std::to_string(s));
      for (std::size_t c = 0; c < contents.size(); ++c) {
        p.store.add_bytes(content_name(c), contents[c]);
        p.engine->register_content(content_name(c), w.now());
      }
    }
    for (int i = 1; i <= 6; ++i) add("p" + std::to_string(i));
  }

  static Name content_name(std::size_t c) { return *Name::parse("c" + std::to_string(c)); }

  PeerNode& add(const std::string& name) {
    const std::string ip = "10.0.1." + std::to_string(10 + nodes.size());
    std::string key = name + "#" + std::to_string(++lives);
    PeerNode& p = w.add_peer(name, ip, peer_config, key);
    nodes.push_back(&p);
    return p;
  }
  // A restart: the same name on the same host, with its store lost.
  void restart(PeerNode& old) {
    PeerNode& p = w.add_peer(old.name, old.ip.to_string(), peer_config, old.name + "#" + std::to_string(++lives));
    std::replace(nodes.begin(), nodes.end(), &old, &p);
  }
  PeerNode& any_fetcher() { return *nodes[2 + rng.below(nodes.size() - 2)]; }

  void step() {
    switch (rng.below(10)) {
      case 0: case 1: case 2: case 3: {  // a download
        PeerNode& p = any_fetcher();
        std::size_t c = rng.below(contents.size());
        if (!p.alive || p.store.holds(content_name(c))) break;
        downloads.push_back({&p, p.engine->download(content_name(c), w.now()), c});
        break;
      }
      case 4: {  // a crash, silent or with resets
        PeerNode& p = any_fetcher();
        if (p.alive) w.crash(p, rng.below(2) == 0);
        break;
      }
      case 5: {  // a restart of a crashed peer
        PeerNode& p = any_fetcher();
        if (!p.alive) restart(p);
        break;
      }
      case 6:  // the index restarts empty; peers register again at their next refresh
        if (rng.below(4) == 0) w.add_index(default_index_endpoint(), index_config);
        break;
      case 7: {  // junk: registrations at dead ports, from a live peer's host
        PeerNode& p = *nodes[rng.below(nodes.size())];
        for (int i = 0; i < 5; ++i) {
          Endpoint dead{p.ip, static_cast<std::uint16_t>(7000 + rng.below(1000))};
          w.index_datagram(Endpoint{p.ip, 40001}, encode(pdu::Register{
              *Name::parse("junk" + std::to_string(rng.below(100))), content_name(rng.below(contents.size())), dead}));
        }
        break;
      }
      case 8:  // loss comes and goes
        w.network().datagram_loss = rng.below(3) == 0 ? 0.05 : 0.0;
        break;
      case 9: {  // a slow reader (4 to 32 KB/s, above the servers' floor of 1 KB/s) or a stalling one
        // (up to 8 s, below the downloads' stall timeout): neither may cost a download
        PeerNode& p = any_fetcher();
        if (rng.below(2) == 0)
          p.read_rate = p.read_rate > 0 ? 0 : static_cast<double>(4096 + rng.below(28 * 1024));
        else
          p.stalled_until = w.now() + std::chrono::milliseconds(500 + rng.below(7500));
        break;
      }
      default: break;
    }
    w.run_for(std::chrono::milliseconds(100 + rng.below(900)));
  }

  // The invariants; "" when all hold.
  std::string broken() {
    for (PeerNode* p : nodes) {
      if (!p->alive) continue;
      for (std::size_t c = 0; c < contents.size(); ++c)
        if (const auto* held = p->store.bytes_of(content_name(c)); held != nullptr && *held != contents[c])
          return p->name + " keeps a " + content_name(c).str() + " that differs from the content";
    }
    for (const auto& d : downloads) {
      if (!d.peer->alive) continue;
      const PeerEvent* done = d.peer->done(d.op);
      if (done != nullptr && !done->ok && d.peer->store.holds(content_name(d.content)) == false)
        return d.peer->name + " lost its download of " + content_name(d.content).str() +
               " while the seeds held it: " + done->detail;
    }
    Registry& reg = w.index().registry();
    std::size_t entries = 0;
    for (std::size_t c = 0; c < contents.size(); ++c)
      if (const auto* servers = reg.servers_of(content_name(c)))
        for (const RegistryEntry& e : *servers) {
          ++entries;
          if (e.expires <= w.now()) return e.peer.str() + "'s entry outlived its lease";
        }
    if (entries != reg.size()) return "the registry holds entries of contents nobody has";
    if (reg.size() > kPerSource * (nodes.size() + 1)) return "the registry grew past its quota";
    if (reg.addresses() > reg.size()) return "address records outlived their entries";
    if (reg.open_assignments() > downloads.size() * 2 + 64) return "open assignments pile up";
    return {};
  }

  // Runs the workload; "" or what broke, with the seed.
  std::string run(int steps) {
    for (int i = 0; i < steps; ++i) {
      step();
      if (std::string why = broken(); !why.empty()) return report(why);
    }
    w.network().datagram_loss = 0.0;  // then every download of a live peer must end well
    for (int i = 0; i < 150; ++i) {
      w.run_for(1s);
      if (std::string why = broken(); !why.empty()) return report(why);
    }
    for (const auto& d : downloads)
      if (d.peer->alive && d.peer->done(d.op) == nullptr) return report(d.peer->name + "'s download never ended");
    return {};
  }
  // Every event of the run, then the index's entries: what a failing seed's replay shows.
  void dump() {
    for (const std::string& row : w.trace()) BOOST_TEST_MESSAGE(row);
    for (std::size_t c = 0; c < contents.size(); ++c)
      if (const auto* servers = w.index().registry().servers_of(content_name(c)))
        for (const RegistryEntry& e : *servers)
          BOOST_TEST_MESSAGE("entry " << e.peer << " " << content_name(c) << " at " << e.address << " open "
                                      << e.open << " struck " << e.struck_by.size());
  }
  std::string report(const std::string& why) const {
    std::ostringstream out;
    out << "seed " << seed << " broke at " << to_seconds(w.now()) << " s: " << why
        << " (replay: core_swarm_simulation_test -- --seeds " << seed << ":" << seed << ")";
    return out.str();
  }

  struct DownloadRecord {
    PeerNode* peer;
    OpId op;
    std::size_t content;
  };
  std::uint64_t seed;
  Rng rng;
  World w;
  IndexConfig index_config;
  PeerConfig peer_config;
  std::vector<std::vector<std::uint8_t>> contents;
  std::vector<PeerNode*> nodes;
  std::vector<DownloadRecord> downloads;
  int lives = 0;
};

// "--seeds FIRST:LAST" after "--" on the command line; 1..200 otherwise.
std::pair<std::uint64_t, std::uint64_t> seed_range() {
  auto& suite = boost::unit_test::framework::master_test_suite();
  for (int i = 1; i + 1 < suite.argc; ++i)
    if (std::string(suite.argv[i]) == "--seeds") {
      std::string range = suite.argv[i + 1];
      auto colon = range.find(':');
      std::uint64_t first = std::stoull(range.substr(0, colon));
      return {first, colon == std::string::npos ? first : std::stoull(range.substr(colon + 1))};
    }
  return {1, 200};
}

}  // namespace

BOOST_AUTO_TEST_CASE(no_download_is_lost_over_many_seeds) {
  auto [first, last] = seed_range();
  std::size_t failed = 0, started = 0, completed = 0, crashes = 0, unreachable = 0, slow = 0;
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    Simulation sim(seed);
    if (std::string why = sim.run(60); !why.empty()) {
      if (std::getenv("P2P_SWARM_TRACE") != nullptr) sim.dump();
      BOOST_ERROR(why);
      if (++failed == 5) break;  // enough to start with
    }
    started += sim.downloads.size();
    for (const auto& d : sim.downloads) completed += d.peer->done(d.op) && d.peer->done(d.op)->ok;
    for (PeerNode* p : sim.nodes) crashes += !p->alive, slow += p->read_rate > 0 || p->stalled_until > Time{};
    for (const std::string& row : sim.w.trace()) unreachable += row.find(",address_unreachable,") != std::string::npos;
  }
  BOOST_TEST_MESSAGE("seeds " << first << ".." << last << ": " << started << " downloads, " << completed
                              << " completed, " << crashes << " peers down at the end, " << unreachable
                              << " addresses withheld, " << slow << " slow or stalling readers");
  // The workload did what it is for: downloads, crashes and dead registrations met.
  BOOST_TEST(completed > 0u);
  BOOST_TEST(crashes > 0u);
  BOOST_TEST(unreachable > 0u);
  BOOST_TEST(slow > 0u);
}
