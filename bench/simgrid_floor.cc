// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2p-simgrid-floor: the flow-level world's floor. The downloads of a finished run (its
 * summary.json's per_download records) moved again on the same platform (the run's plan.json),
 * with no protocol: at each download's start, its first source's host sends the content's bytes
 * to the downloader's host as one message, between two actors made at that start (by one launcher
 * actor, so that only the transfers in flight hold stacks: two actors per download made at once
 * took 25 KiB each, 24 GiB for a million). What SimGrid itself costs for the bytes the protocol
 * moved, as BulkSend is ns-3's floor.
 *
 *   p2p-simgrid-floor RUN_DIR [--stackKiB=K] [--timeQuantum=S]   prints: downloads, delivered, simulated s
 *
 * --timeQuantum=S as p2p-simgrid's (SimGrid's surf/precision, starts on its multiples): give the
 * floor the run's own.
 */
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mailbox.hpp>
#include <xbt/log.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "apps/simgrid/time_quantum.h"
#include "scenarios/plan/plan-json.h"
#include "scenarios/worlds/simgrid/platform.h"

namespace s4u = simgrid::s4u;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: p2p-simgrid-floor RUN_DIR [--stackKiB=K] [--timeQuantum=S]\n";
    return 2;
  }
  const std::string dir = argv[1];
  int stack_kib = 32;
  double quantum = 0;
  try {  // an option this program does not know, or cannot read, is refused: no floor unlike the run's
    for (int i = 2; i < argc; ++i) {
      const std::string a = argv[i];
      if (a.rfind("--stackKiB=", 0) == 0) stack_kib = std::stoi(a.substr(11));
      else if (a.rfind("--timeQuantum=", 0) == 0) quantum = std::stod(a.substr(14));
      else throw std::invalid_argument(a);
    }
    if (stack_kib <= 0 || (quantum != 0 && (quantum < p2p::sg::kSmallestQuantum || quantum >= 1)))
      throw std::invalid_argument("a stack or quantum out of range");
  } catch (const std::exception& e) {
    std::cerr << "p2p-simgrid-floor: bad option: " << e.what() << "\n";
    return 2;
  }
  p2p::plan::Plan plan;
  if (std::string error = p2p::plan::ReadPlanFile(dir + "/plan.json", plan); !error.empty()) {
    std::cerr << "p2p-simgrid-floor: " << error << "\n";
    return 2;
  }
  nlohmann::json summary;
  try {
    std::ifstream(dir + "/summary.json") >> summary;
  } catch (const std::exception& e) {
    std::cerr << "p2p-simgrid-floor: " << dir << "/summary.json: " << e.what() << "\n";
    return 2;
  }
  int engine_argc = 1;
  s4u::Engine engine(&engine_argc, argv);
  xbt_log_control_set("root.thresh:critical");
  s4u::Engine::set_config("contexts/stack-size:" + std::to_string(stack_kib));
  s4u::Engine::set_config("contexts/guard-size:0");
  p2p::sg::apply_time_quantum(quantum);
  p2p::flow::Platform platform;
  try {
    platform = p2p::flow::BuildPlatform(plan);
  } catch (const std::exception& e) {
    std::cerr << "p2p-simgrid-floor: " << e.what() << "\n";
    return 2;
  }
  std::unordered_map<std::string, std::string> node_of;  // peer name -> node
  for (const auto& p : plan.peers) node_of[p.name] = p.node;

  struct Transfer {
    double start;
    std::uint64_t bytes;
    s4u::Host* from;
    s4u::Host* to;
  };
  std::vector<Transfer> transfers;
  for (const auto& d : summary["downloads"]["per_download"]) {
    if (d["outcome"] != "completed" || d["sources"].empty()) continue;
    const std::string to = node_of.at(d["peer"].get<std::string>());
    const std::string from = node_of.at(d["sources"][0]["server"].get<std::string>());
    double start = d["start_s"].get<double>();
    start = p2p::sg::quantized(start, quantum);
    transfers.push_back({start, d["bytes"].get<std::uint64_t>(), platform.hosts.at(from), platform.hosts.at(to)});
  }
  std::stable_sort(transfers.begin(), transfers.end(),
                   [](const Transfer& a, const Transfer& b) { return a.start < b.start; });
  const std::uint64_t downloads = transfers.size();
  std::uint64_t delivered = 0;
  s4u::Actor::init("launcher", platform.hosts.begin()->second)->set_stacksize(8192)->start([&transfers, &delivered] {
    std::uint64_t n = 0;
    for (const Transfer& t : transfers) {
      s4u::this_actor::sleep_until(t.start);
      const std::string box = "d" + std::to_string(n++);
      const std::uint64_t bytes = t.bytes;
      s4u::Actor::create(box, t.from, [bytes, box] {
        static char payload;  // S4U sends a pointer: nothing is copied
        s4u::Mailbox::by_name(box)->put(&payload, bytes);
      });
      s4u::Actor::create(box + "r", t.to, [box, &delivered] {
        s4u::Mailbox::by_name(box)->get<char>();
        ++delivered;
      });
    }
  });
  engine.run();
  std::printf("downloads %llu, delivered %llu, simulated %.6f s\n", static_cast<unsigned long long>(downloads),
              static_cast<unsigned long long>(delivered), s4u::Engine::get_clock());
  return delivered == downloads ? 0 : 1;
}
