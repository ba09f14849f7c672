// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2p-simgrid: runs a plan (plan.json, docs/plan-format.md) in SimGrid's flow-level network, with
 * the protocol core of every other world, and writes the run folder's events.csv and run.json
 * (`"world": "simgrid"`) beside the plan; p2p-scenario --engine=simgrid runs it and summarizes.
 *
 *   p2p-simgrid RUN_DIR [--simTime=S] [--pduRows=false] [--stackKiB=K] [--crossTraffic=false]
 *               [--contentBytes=true] [--stackGuard=true] [--timeQuantum=S]
 *
 * Content is byte-less by default (model/content.h): it moves as sizes, and a content's identity
 * (seed, size, SHA-256, hashed once per run) stands for its bytes; --contentBytes=true moves the
 * synthetic bytes and verifies them by SHA-256 as the other worlds do.
 *
 * Exit codes: 0 run, 2 a plan this world cannot run (the reason on stderr), 4 an output not written.
 */
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <xbt/log.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "apps/simgrid/index_node.h"
#include "apps/simgrid/peer_node.h"
#include "apps/simgrid/transport.h"
#include "model/content_identity.h"
#include "model/decimal_text.h"
#include "model/event_format.h"
#include "model/memory_store.h"
#include "scenarios/plan/plan-json.h"
#include "scenarios/worlds/simgrid/plan-config.h"
#include "scenarios/worlds/simgrid/platform.h"
#include "scenarios/worlds/simgrid/world-refusal.h"

namespace s4u = simgrid::s4u;
using namespace p2p;
using p2p::sg::IndexNode;
using p2p::sg::PeerNode;
using p2p::sg::Transport;

namespace {

constexpr int kBadPlan = 2;
constexpr int kWriteFailed = 4;
constexpr double kNever = std::numeric_limits<double>::infinity();
// How often a fetch due before the seeds have registered looks again, and how often the run looks
// whether its workload is over once every expected download has ended.
constexpr double kSeedWait = 0.0005;
constexpr double kOverCheck = 0.01;
constexpr unsigned kLargeStackKiB = 8192;  // the index's and the control's actor

double seconds(plan::Nanoseconds ns) { return std::chrono::duration<double>(ns).count(); }

struct Options {
  std::string dir;
  double simTime = -1;  // from the plan's parameters unless given
  bool pduRows = true;
  bool crossTraffic = true;  // LV08's default
  int stackKiB = 16;  // a peer actor's stack: its calls take 5 KiB (scenarios/README.md), 10^5 fit in 2.4 GiB
  bool contentBytes = false;  // byte-less unless asked
  bool stackGuard = false;    // a guard page below each stack: an overflow faults, never corrupts
  double timeQuantum = 0;     // seconds; 0: SimGrid's own precision
};

// What the run shares between its actors (they run one at a time, as coroutines).
struct World {
  const plan::Plan* plan = nullptr;
  Options options;
  std::unique_ptr<ContentIdentities> identities;  // the catalogue's, shared by every peer
  std::ofstream events;
  std::uint64_t rows = 0;
  std::unordered_map<std::uint32_t, std::uint32_t> node_of_ip;  // IPv4 value -> node number
  Endpoint index;
  std::uint64_t seed_operations_left = 0;
  std::uint64_t expected = 0;  // downloads of lives that stay to the end
  std::uint64_t resolved = 0;  // of those, completed or failed
  bool over = false;
  std::uint64_t engine_calls = 0;
  std::vector<PeerNode*> survivors;  // the nodes of lives without an end, once started
  std::chrono::steady_clock::time_point wall_start;

  std::optional<std::uint32_t> resolve(const IpAddress& ip) const {
    if (ip.is_v6()) return std::nullopt;
    auto it = node_of_ip.find(ip.v4_value());
    if (it == node_of_ip.end()) return std::nullopt;
    return it->second;
  }
  void row(const std::string& text) {
    events << text << '\n';
    ++rows;
  }
};

std::uint32_t node_number(const std::string& id) { return static_cast<std::uint32_t>(std::stoul(id.substr(1))); }

bool is_starting_seed(const plan::Life& life) { return !life.held.empty() && !life.returning; }

std::string seconds_field(const char* key, double s) { return key + ("=" + fixed_decimal(s, 9)); }

// One peer slot: its lives one after the other on its host, as the plan's timeline says.
class SlotActor {
 public:
  SlotActor(World& world, std::uint32_t node, std::vector<const plan::Life*> lives)
      : world_(world), node_(node), lives_(std::move(lives)) {}

  void operator()() {
    Transport transport(node_);
    const std::string address = world_.plan->peers[lives_.front()->slot].address;
    PeerNode peer(transport, *IpAddress::parse(address),
                  [this](const IpAddress& ip) { return world_.resolve(ip); },
                  p2p::flow::SendBufferBytes(*world_.plan));
    peer_ = &peer;
    while (!world_.over) {
      const double wake = next_wake();
      auto message = transport.wait(wake == kNever ? -1 : wake);
      if (message) peer.on_message(std::move(message));
      due(p2p::sg::now_seconds());
    }
  }

 private:
  const plan::Life& life() const { return *lives_[current_]; }
  bool started() const { return current_ < lives_.size() && started_; }

  double next_wake() const {
    double wake = kNever;
    if (auto d = peer_->next_deadline()) wake = *d;
    if (current_ >= lives_.size()) return wake;
    if (!started_) return std::min(wake, seconds(life().start));
    if (next_fetch_ < life().fetches.size())
      wake = std::min(wake, world_.seed_operations_left > 0 ? p2p::sg::now_seconds() + kSeedWait
                                                            : seconds(life().fetches[next_fetch_].at));
    if (up_ && life().end) wake = std::min(wake, seconds(*life().end));
    if (up_) wake = std::min(wake, seeding_departure_);
    if (current_ + 1 < lives_.size()) wake = std::min(wake, seconds(lives_[current_ + 1]->start));
    return wake;
  }

  void due(double now) {
    if (auto d = peer_->next_deadline(); d && *d <= now) {
      ++world_.engine_calls;
      peer_->on_timer();
    }
    if (current_ >= lives_.size()) return;
    if (started_ && current_ + 1 < lives_.size() && seconds(lives_[current_ + 1]->start) <= now) {
      if (peer_->running()) {  // a quit still under way: cut short for the next life
        world_.row(life_csv_row(now, std::to_string(node_), life().name, "peer_stopped", "", life().life));
        peer_->stop();
      }
      up_ = false;
      ++current_;
      started_ = false;
    }
    if (!started_ && seconds(life().start) <= now) start(now);
    if (!started_) return;
    while (up_ && next_fetch_ < life().fetches.size() && world_.seed_operations_left == 0 &&
           seconds(life().fetches[next_fetch_].at) <= now) {
      auto name = Name::parse(life().fetches[next_fetch_++].content);
      if (name) peer_->call([&name](PeerEngine& e, Time t) { e.download(*name, t); });
    }
    if (up_ && life().end && seconds(*life().end) <= now) {
      if (life().crashes) {
        end(now);
        world_.row(life_csv_row(now, std::to_string(node_), life().name, "peer_crashed",
                                seconds_field("session_s", now - started_at_), life().life));
        peer_->stop();
      } else {
        quit(now, "planned");
      }
    }
    if (up_ && seeding_departure_ <= now) quit(now, "seeding");
  }

  void start(double now) {
    const plan::Life& l = life();
    started_ = true;
    up_ = true;
    started_at_ = now;
    next_fetch_ = 0;
    downloads_over_ = 0;
    seeding_departure_ = kNever;
    std::string event = l.returning ? "peer_returned" : "peer_joined";
    std::string detail = l.returning && last_departure_ >= 0 ? seconds_field("off_s", now - last_departure_) : "";
    world_.row(life_csv_row(now, std::to_string(node_), l.name, event, detail, l.life));
    // Each life is a program of its own (as in the other worlds): it holds what the plan says.
    peer_->stop();
    store_ = std::make_unique<MemoryStore>(
        world_.options.contentBytes ? MemoryStore::Keep::Regenerate : MemoryStore::Keep::Identity,
        world_.plan->peer_settings.at("content_seed").get<std::uint64_t>(), world_.identities.get());
    for (const auto& item : world_.plan->catalogue)
      for (const auto& held : l.held)
        if (item.name == held && !store_->holds(*Name::parse(held))) store_->add_synthetic(*Name::parse(held), item.size);
    const std::uint64_t life_number = l.life;
    PeerConfig config = flow::PeerConfigOf(world_.plan->peer_settings, *Name::parse(l.name), world_.index,
                                           world_.plan->run * 1000003ULL + life_number);
    config.byteless = !world_.options.contentBytes;
    peer_->start(config, *store_, life_number, [this, life_number](const PeerEvent& ev) { on_event(life_number, ev); });
    if (!l.end) world_.survivors.push_back(peer_);
    peer_->call([this](PeerEngine& e, Time t) {
      for (const Name& name : store_->list()) e.register_content(name, t);
    });
  }

  void quit(double now, const char* reason) {
    end(now);
    world_.row(life_csv_row(now, std::to_string(node_), life().name, "peer_left",
                            std::string("reason=") + reason + "; " + seconds_field("session_s", now - started_at_),
                            life().life));
    peer_->call([](PeerEngine& e, Time t) { e.quit(t); });
  }

  void end(double now) {
    up_ = false;
    last_departure_ = now;
  }

  void on_event(std::uint64_t life_number, const PeerEvent& ev) {
    const plan::Life& l = life();
    const double now = p2p::sg::now_seconds();
    if (world_.options.pduRows || (ev.kind != PeerEventKind::PduSent && ev.kind != PeerEventKind::PduReceived))
      world_.row(to_csv_row(ev, std::to_string(node_), l.name, life_number));
    switch (ev.kind) {
      case PeerEventKind::OperationDone:
        if (is_starting_seed(l) && world_.seed_operations_left > 0) --world_.seed_operations_left;
        break;
      case PeerEventKind::DownloadCompleted:
      case PeerEventKind::DownloadFailed:
        if (!l.end) ++world_.resolved;
        if (up_ && world_.plan->seeding.policy != "stay" && ++downloads_over_ == l.fetches.size()) {
          const double delay = world_.plan->seeding.policy == "linger" ? world_.plan->seeding.linger_s : 0.0;
          if (!l.end || now + delay < seconds(*l.end)) seeding_departure_ = now + delay;
        }
        break;
      case PeerEventKind::QuitCompleted:
        peer_->stop();
        break;
      default:
        break;
    }
  }

  World& world_;
  std::uint32_t node_;
  std::vector<const plan::Life*> lives_;
  PeerNode* peer_ = nullptr;
  std::unique_ptr<MemoryStore> store_;
  std::size_t current_ = 0;
  bool started_ = false;
  bool up_ = false;
  double started_at_ = 0;
  double last_departure_ = -1;
  std::size_t next_fetch_ = 0;
  std::size_t downloads_over_ = 0;
  double seeding_departure_ = kNever;
};

void index_actor(World& world, std::uint32_t node) {
  Transport transport(node);
  const std::string node_text = std::to_string(node);
  IndexNode index(transport, world.index,
                  flow::IndexConfigOf(world.plan->index_settings, world.plan->run),
                  [&world](const IpAddress& ip) { return world.resolve(ip); },
                  [&world, &node_text](const IndexEvent& ev) { world.row(to_csv_row(ev, node_text)); });
  while (!world.over) {
    auto deadline = index.next_deadline();
    auto message = transport.wait(deadline ? *deadline : -1);
    if (message) index.on_message(std::move(message));
    if (auto d = index.next_deadline(); d && *d <= p2p::sg::now_seconds()) index.on_timer();
  }
}

std::string write_run_json(const std::string& path, const World& world, double sim_time, bool over, double wall,
                           std::uint32_t peers);

// Closes events.csv and writes run.json; the exit status.
int finish_run(World& world) {
  const double now = s4u::Engine::get_clock();
  world.events.close();
  if (!world.events) {
    std::cerr << "p2p-simgrid: cannot write events.csv\n";
    return kWriteFailed;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - world.wall_start).count();
  std::uint32_t peers = 0;
  for (const auto& node : world.plan->topology.nodes) peers += node.role == "peer";
  if (std::string error = write_run_json(world.options.dir + "/run.json", world, now, world.over, wall, peers);
      !error.empty()) {
    std::cerr << "p2p-simgrid: " << error << "\n";
    return kWriteFailed;
  }
  return 0;
}

// Ends the run once the workload is over (as the ns-3 world's run control decides it), or at
// --simTime.
void control_actor(World& world, double sim_time) {
  const double last_planned = seconds(world.plan->last_planned);
  while (s4u::Engine::get_clock() < sim_time) {
    s4u::this_actor::sleep_for(kOverCheck);
    if (world.resolved < world.expected || s4u::Engine::get_clock() < last_planned) continue;
    bool busy = false;
    for (PeerNode* p : world.survivors) busy = busy || (p->running() && p->engine().busy());
    if (!busy) break;
  }
  world.over = s4u::Engine::get_clock() < sim_time || world.resolved >= world.expected;
  // The run's outputs are written here and the process ends: killing a million actors and
  // tearing the platform down took over a minute of freeing memory that the exit frees at once.
  const int status = finish_run(world);
  std::cout.flush();
  std::_Exit(status);
}

constexpr const char* kUsage =
    "usage: p2p-simgrid RUN_DIR [--simTime=S] [--pduRows=false] [--stackKiB=K] [--crossTraffic=false]\n"
    "                   [--contentBytes=true] [--stackGuard=true] [--timeQuantum=S]\n";
constexpr const char* kHelp =
    "Runs the plan.json of RUN_DIR in the flow-level world: the protocol core on SimGrid 3.32's S4U\n"
    "(LV08 flows, max-min sharing, no packet loss), and writes RUN_DIR/events.csv and run.json, from\n"
    "which p2p-summarize makes summary.json. p2p-scenario --engine=simgrid makes the plan and calls it.\n"
    "Content is byte-less: it moves as sizes, a content's identity (seed, size, SHA-256) stands for\n"
    "its bytes, and a download is verified by identity.\n\n"
    "Options:\n"
    "  --simTime=S          stop at S simulated seconds (default: the plan's simTime)\n"
    "  --pduRows=false      leave the per-PDU rows out of events.csv (they are gigabytes at 10^6 peers)\n"
    "  --stackKiB=K         each peer actor's stack in KiB (default 16; 8 for a million peers)\n"
    "  --crossTraffic=false no reverse traffic for the acknowledgements (SimGrid's network/crosstraffic)\n"
    "  --contentBytes=true  move the synthetic bytes and verify them by SHA-256, as the other worlds do\n"
    "  --stackGuard=true    a guard page below each actor's stack: an overflow faults (checks --stackKiB)\n"
    "  --timeQuantum=S      re-solve the flows' sharing about once per S seconds (0 or 1e-9..1): timers\n"
    "                       wake on multiples of S and transfers ending within S of each other end\n"
    "                       together (SimGrid's surf/precision); each step of a download may take up to\n"
    "                       S longer (default 0: every event at its own time; scenarios/README.md)\n"
    "  --help, --version    this text; the version\n\n"
    "Exit status: 0 the run finished, 2 no usable plan or options, 4 an output could not be written.\n";

bool parse_options(int argc, char** argv, Options& o) try {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&a](const char* key) -> std::optional<std::string> {
      std::string prefix = std::string(key) + "=";
      if (a.rfind(prefix, 0) == 0) return a.substr(prefix.size());
      return std::nullopt;
    };
    if (auto v = value("--simTime")) o.simTime = std::stod(*v);
    else if (auto v2 = value("--pduRows")) o.pduRows = *v2 != "false" && *v2 != "0";
    else if (auto v3 = value("--stackKiB")) o.stackKiB = std::stoi(*v3);
    else if (auto v4 = value("--crossTraffic")) o.crossTraffic = *v4 != "false" && *v4 != "0";
    else if (auto v5 = value("--contentBytes")) o.contentBytes = *v5 == "true" || *v5 == "1";
    else if (auto v6 = value("--stackGuard")) o.stackGuard = *v6 == "true" || *v6 == "1";
    else if (auto v7 = value("--timeQuantum")) o.timeQuantum = std::stod(*v7);
    else if (a.rfind("--", 0) == 0) return false;
    else o.dir = a;
  }
  // A quantum is a fraction of a transfer's time, never a second or more, and no finer than
  // SimGrid's own precision.
  const bool quantum_ok = o.timeQuantum == 0 || (o.timeQuantum >= p2p::sg::kSmallestQuantum && o.timeQuantum < 1);
  return !o.dir.empty() && quantum_ok && o.stackKiB > 0;
} catch (const std::exception&) {  // a number that std::stod/stoi cannot read
  return false;
}

std::string write_run_json(const std::string& path, const World& world, double sim_time, bool over, double wall,
                           std::uint32_t peers) {
  std::ofstream out(path + ".tmp");
  char text[2048];
  std::snprintf(text, sizeof text,
                "{\n  \"format\": \"p2p-testbed-run\",\n  \"version\": 1,\n  \"world\": \"simgrid\",\n"
                "  \"peers_run\": %u,\n  \"sim_time_s\": %.9f,\n  \"workload_over\": %s,\n"
                "  \"wall_time_s\": %.6f,\n  \"events\": %llu,\n"
                "  \"events_counted\": \"rows of events.csv and engine timer calls (SimGrid has no event count)\",\n"
                "  \"simgrid\": {\n"
                "    \"network_model\": \"%s\",\n"
                "    \"content\": \"%s; a stream moves as messages of up to 64 KiB, costed by their size\",\n"
                "    \"byteless\": %s,\n"
                "    \"time_quantum_s\": %.12g,\n"
                "    \"pdu_rows\": %s\n  }\n}\n",
                peers, sim_time, over ? "true" : "false", wall,
                static_cast<unsigned long long>(world.rows + world.engine_calls),
                p2p::flow::NetworkModelDescription(*world.plan).c_str(), world.options.contentBytes
                    ? "the seeded synthetic bytes, verified by size and SHA-256 as in every world"
                    : "byte-less: content moves as sizes, not bytes; a content's identity (its seed, size and "
                      "SHA-256, hashed once per run) stands for its bytes, and a download is verified by identity "
                      "(the F's size and SHA-256 must equal it; ranges and sizes are checked as in every world)",
                world.options.contentBytes ? "false" : "true", world.options.timeQuantum,
                world.options.pduRows ? "true" : "false");
  out << text;
  out.close();
  if (!out) return "cannot write " + path;
  if (std::rename((path + ".tmp").c_str(), path.c_str()) != 0) return "cannot write " + path;
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  const auto wall_start = std::chrono::steady_clock::now();
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kUsage << kHelp;
      return 0;
    }
    if (a == "--version") {
      std::cout << "p2p-simgrid " << P2P_VERSION << "\n";
      return 0;
    }
  }
  if (!parse_options(argc, argv, options)) {
    std::cerr << kUsage;
    return kBadPlan;
  }
  plan::Plan plan;
  if (std::string error = plan::ReadPlanFile(options.dir + "/plan.json", plan); !error.empty()) {
    std::cerr << "p2p-simgrid: " << error << "\n";
    return kBadPlan;
  }
  if (std::string why = flow::RefusalOf(plan); !why.empty()) {
    std::cerr << "p2p-simgrid: " << why << "\n";
    return kBadPlan;
  }
  try {  // the settings are read again by every actor, which must not be where they fail
    flow::PeerConfigOf(plan.peer_settings, *Name::parse("check"), Endpoint{}, 0);
    flow::IndexConfigOf(plan.index_settings, 0);
  } catch (const std::exception& e) {
    std::cerr << "p2p-simgrid: the plan's " << e.what() << "\n";
    return kBadPlan;
  }
  if (options.simTime < 0) options.simTime = plan.parameters.value("simTime", 300.0);

  int engine_argc = 1;
  s4u::Engine engine(&engine_argc, argv);
  xbt_log_control_set("root.thresh:critical");
  s4u::Engine::set_config("contexts/stack-size:" + std::to_string(options.stackKiB));
  // Guard pages cost a memory mapping per actor (vm.max_map_count): off unless asked, to check that
  // a smaller --stackKiB holds.
  s4u::Engine::set_config(std::string("contexts/guard-size:") + (options.stackGuard ? "4096" : "0"));
  // LV08's reverse traffic (each flow loads the way back with 5% of its rate, for its ACKs):
  // off, every flow is one constraint less to solve.
  s4u::Engine::set_config(std::string("network/crosstraffic:") + (options.crossTraffic ? "1" : "0"));
  p2p::sg::apply_time_quantum(options.timeQuantum);
  Transport::set_time_quantum(options.timeQuantum);
  flow::Platform platform;
  try {
    platform = flow::BuildPlatform(plan);
  } catch (const std::exception& e) {
    std::cerr << "p2p-simgrid: " << e.what() << "\n";
    return kBadPlan;
  }

  std::vector<s4u::Host*> host_of_node;
  for (const auto& [id, host] : platform.hosts) {
    const std::uint32_t n = node_number(id);
    if (n >= host_of_node.size()) host_of_node.resize(n + 1, nullptr);
    host_of_node[n] = host;
  }
  Transport::set_hosts(std::move(host_of_node));

  World world;
  world.wall_start = wall_start;
  world.plan = &plan;
  world.options = options;
  world.events.open(options.dir + "/events.csv");
  if (!world.events) {
    std::cerr << "p2p-simgrid: cannot write " << options.dir << "/events.csv\n";
    return kWriteFailed;
  }
  world.events << events_csv_header() << '\n';
  for (const auto& node : plan.topology.nodes)
    if (auto ip = IpAddress::parse(node.address); ip && !ip->is_v6() && platform.hosts.count(node.id))
      world.node_of_ip[ip->v4_value()] = node_number(node.id);
  world.index = Endpoint{*IpAddress::parse(plan.index.address), plan.index.port};
  world.identities =
      std::make_unique<ContentIdentities>(plan.peer_settings.at("content_seed").get<std::uint64_t>());
  for (const auto& item : plan.catalogue)
    if (auto name = Name::parse(item.name)) world.identities->add(*name, item.size);
  world.expected = plan.SurvivingFetches();

  std::unordered_map<std::uint32_t, std::vector<const plan::Life*>> lives_of_slot;
  std::vector<std::uint32_t> slots;
  for (const auto& life : plan.lives) {
    if (is_starting_seed(life)) world.seed_operations_left += life.held.size();
    if (!lives_of_slot.count(life.slot)) slots.push_back(life.slot);
    lives_of_slot[life.slot].push_back(&life);
  }
  s4u::Host* index_host = platform.hosts.at(plan.index.node);
  // The index and the control are one actor each: a stack of their own, as large as a thread's.
  s4u::Actor::init("index", index_host)->set_stacksize(kLargeStackKiB)->start([&world, &plan] {
    index_actor(world, node_number(plan.index.node));
  });
  for (std::uint32_t slot : slots) {
    const std::string& node = plan.peers.at(slot).node;
    auto actor = std::make_shared<SlotActor>(world, node_number(node), lives_of_slot[slot]);
    s4u::Actor::create(node, platform.hosts.at(node), [actor] { (*actor)(); });
  }
  const double sim_time = options.simTime;
  s4u::Actor::init("control", index_host)->set_stacksize(kLargeStackKiB)->start([&world, sim_time] {
    control_actor(world, sim_time);
  });
  engine.run();
  return finish_run(world);  // only if the control actor could not end the run itself
}
