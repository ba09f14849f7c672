// SPDX-License-Identifier: GPL-2.0-only
#include "scenarios/worlds/simgrid/platform.h"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/kernel/resource/NetworkModelIntf.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <unordered_set>
#include <stdexcept>
#include <vector>

namespace p2p::flow {

namespace s4u = ::simgrid::s4u;
using NetPoint = ::simgrid::kernel::routing::NetPoint;

namespace {

constexpr double kHostSpeed = 1e9;       // flops: no computation is simulated
constexpr double kUnlimited = 1e12;      // bytes/s of a segment's way out to its stations
double seconds(p2p::plan::Nanoseconds ns) { return std::chrono::duration<double>(ns).count(); }

using p2p::plan::IsHost;

}  // namespace

// A tree of routers (lan, star, dumbbell, tree): one star zone per router, nested as the routers
// are (rooted at the index's router), its hosts in it, each with its path to the router: its
// point-to-point link each way, or its segment's one shared link (a star zone takes a link once
// per route, so two hosts of one segment cross it once). Routes cost nothing to build or keep,
// where shortest paths over the whole graph cost the square of the nodes. Null when the graph is
// not such a tree.
std::optional<Platform> BuildTreePlatform(const p2p::plan::Plan& plan) {
  using Direction = s4u::LinkInRoute::Direction;
  const auto& nodes = plan.topology.nodes;
  const auto& links = plan.topology.links;
  std::unordered_map<std::string, const p2p::plan::Node*> node_of;
  for (const auto& n : nodes) node_of[n.id] = &n;
  auto router_on = [&](const p2p::plan::Link& l) -> std::vector<std::string> {
    std::vector<std::string> routers;
    for (const auto& id : l.nodes)
      if (node_of.count(id) && !IsHost(*node_of[id])) routers.push_back(id);
    return routers;
  };
  // Each host's link to its router (or to a segment without one), each router's uplinks.
  std::unordered_map<std::string, const p2p::plan::Link*> host_link;
  std::unordered_map<std::string, std::string> host_router;  // empty: a segment without a router
  std::unordered_map<std::string, std::vector<const p2p::plan::Link*>> router_links;
  for (const auto& l : links) {
    const auto routers = router_on(l);
    if (l.kind == "p2p" && routers.size() == 2) {
      router_links[routers[0]].push_back(&l);
      router_links[routers[1]].push_back(&l);
      continue;
    }
    if (routers.size() > 1 || (l.kind != "p2p" && l.kind != "csma")) return std::nullopt;
    for (const auto& id : l.nodes) {
      if (!node_of.count(id) || !IsHost(*node_of[id])) continue;
      if (host_link.count(id)) return std::nullopt;  // a host on two links
      host_link[id] = &l;
      host_router[id] = routers.empty() ? "" : routers[0];
    }
  }
  for (const auto& n : nodes)
    if (IsHost(n) && !host_link.count(n.id)) return std::nullopt;
  const std::string root = host_router.count(plan.index.node) ? host_router[plan.index.node] : "";
  if (root.empty() && !router_links.empty()) return std::nullopt;

  // SimGrid routes through a zone's gateway only to and from leaf zones: each router R has a zone
  // of zones (its hosts' zone, where its gateway is, and its child routers' zones) when it has
  // child routers, and the root without a router is one zone of hosts (lan).
  // SimGrid refuses a second host of one name by looking the name up in every zone attached to
  // the root: a million hosts in 200 attached zones of hosts took minutes. So each router's zone
  // of hosts is filled while detached (with the root's models) and attached once all hosts exist.
  Platform platform;
  std::unordered_map<std::string, s4u::NetZone*> zone_of;   // a router's zone of zones
  std::unordered_map<std::string, s4u::NetZone*> hosts_of;  // a router's zone of hosts
  std::unordered_map<std::string, NetPoint*> router_point;  // a router's gateway, in its hosts' zone
  std::vector<std::string> routers;                         // parents before children
  std::vector<s4u::NetZone*> made_zones;                    // parents before children
  s4u::NetZone* root_zone = nullptr;
  auto make_router = [&](const std::string& r, s4u::NetZone* parent) {
    s4u::NetZone* zone = s4u::create_star_zone(r + "-zone");
    if (parent) zone->set_parent(parent);
    if (!root_zone) root_zone = zone;
    s4u::NetZone* hosts = s4u::create_star_zone(r + "-hosts");
    auto* impl = hosts->get_impl();
    const auto* models = root_zone->get_impl();
    impl->set_network_model(models->get_network_model());
    impl->set_cpu_pm_model(models->get_cpu_pm_model());
    impl->set_cpu_vm_model(models->get_cpu_vm_model());
    impl->set_disk_model(models->get_disk_model());
    impl->set_host_model(models->get_host_model());
    made_zones.push_back(zone);
    made_zones.push_back(hosts);
    NetPoint* gateway = hosts->create_router(r);
    hosts->add_route(gateway, nullptr, nullptr, nullptr, {}, true);
    zone_of[r] = zone;
    hosts_of[r] = hosts;
    router_point[r] = gateway;
    routers.push_back(r);
  };
  // Each router's links to its children, found from the root.
  std::vector<std::pair<std::string, const p2p::plan::Link*>> child_links;  // (parent, link)
  if (root.empty()) {
    s4u::NetZone* hosts = s4u::create_star_zone("world");
    made_zones.push_back(hosts);
    hosts_of[""] = hosts;
  } else {
    make_router(root, nullptr);
  }
  std::vector<std::string> frontier{root};
  std::unordered_map<std::string, bool> seen{{root, true}};
  while (!frontier.empty()) {
    const std::string r = frontier.back();
    frontier.pop_back();
    for (const p2p::plan::Link* l : router_links[r]) {
      const std::string child = l->nodes[0] == r ? l->nodes[1] : l->nodes[0];
      if (seen[child]) continue;
      seen[child] = true;
      make_router(child, zone_of[r]);
      child_links.emplace_back(r, l);
      frontier.push_back(child);
    }
  }
  for (const auto& [router, links_of] : router_links)
    if (!seen[router]) throw std::runtime_error("router " + router + " is not connected to the index's");
  std::unordered_map<std::string, s4u::Link*> made;  // links of segments, made once
  for (const auto& n : nodes) {
    if (!IsHost(n)) continue;
    const p2p::plan::Link* l = host_link[n.id];
    auto zone_it = hosts_of.find(host_router[n.id]);
    if (zone_it == hosts_of.end()) throw std::runtime_error("host " + n.id + " is not connected to the index's router");
    s4u::NetZone* zone = zone_it->second;
    // SimGrid's own check of a repeated name does not see the other detached zones.
    if (platform.hosts.count(n.id)) throw std::runtime_error("two hosts named " + n.id);
    s4u::Host* host = zone->create_host(n.id, kHostSpeed);
    platform.hosts[n.id] = host;
    if (l->kind == "csma") {
      s4u::Link*& medium = made[l->id];
      if (!medium) {
        medium = zone->create_link(l->id, static_cast<double>(l->rate_bps) / 8);
        medium->set_sharing_policy(s4u::Link::SharingPolicy::SHARED)->set_latency(seconds(l->delay))->seal();
      }
      zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {s4u::LinkInRoute(medium)}, true);
    } else {
      s4u::SplitDuplexLink* a = zone->create_split_duplex_link(l->id, static_cast<double>(l->rate_bps) / 8);
      if (l->up_rate_bps) a->get_link_up()->set_bandwidth(static_cast<double>(*l->up_rate_bps) / 8);
      a->set_latency(seconds(l->delay));
      a->seal();
      const bool host_first = l->nodes[0] == n.id;
      zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr,
                      {s4u::LinkInRoute(a, host_first ? Direction::UP : Direction::DOWN)}, false);
      zone->add_route(nullptr, host->get_netpoint(), nullptr, nullptr,
                      {s4u::LinkInRoute(a, host_first ? Direction::DOWN : Direction::UP)}, false);
    }
    host->seal();
  }
  // Every host exists: each zone of hosts joins its router's zone, then the routers' links.
  for (const std::string& r : routers) {
    hosts_of[r]->set_parent(zone_of[r]);
    zone_of[r]->add_route(hosts_of[r]->get_netpoint(), nullptr, router_point[r], nullptr, {}, true);
  }
  for (const auto& [r, l] : child_links) {
    const std::string child = l->nodes[0] == r ? l->nodes[1] : l->nodes[0];
    s4u::SplitDuplexLink* u = zone_of[r]->create_split_duplex_link(l->id, static_cast<double>(l->rate_bps) / 8);
    if (l->up_rate_bps) u->get_link_up()->set_bandwidth(static_cast<double>(*l->up_rate_bps) / 8);
    u->set_latency(seconds(l->delay));
    u->seal();
    const bool child_first = l->nodes[0] == child;  // UP runs from nodes[0] to nodes[1]
    NetPoint* child_zone = zone_of[child]->get_netpoint();
    zone_of[r]->add_route(child_zone, nullptr, router_point[child], nullptr,
                          {s4u::LinkInRoute(u, child_first ? Direction::UP : Direction::DOWN)}, false);
    zone_of[r]->add_route(nullptr, child_zone, nullptr, router_point[child],
                          {s4u::LinkInRoute(u, child_first ? Direction::DOWN : Direction::UP)}, false);
  }
  // Every zone's own routes are complete now: the innermost first (a zone left unsealed would
  // have no route for its router).
  for (auto it = made_zones.rbegin(); it != made_zones.rend(); ++it) (*it)->seal();
  return platform;
}


// Any graph of these kinds: every node in one zone, shortest paths over the links (their routes
// cached per source: memory in the square of the nodes, for small plans).
Platform BuildGraphPlatform(const p2p::plan::Plan& plan) {
  using Direction = s4u::LinkInRoute::Direction;
  s4u::NetZone* zone = s4u::create_dijkstra_zone("world", true);
  Platform platform;
  std::unordered_map<std::string, NetPoint*> points;
  for (const auto& node : plan.topology.nodes) {
    if (node.role == "peer" || node.role == "index") {
      s4u::Host* host = zone->create_host(node.id, kHostSpeed)->seal();
      platform.hosts[node.id] = host;
      points[node.id] = host->get_netpoint();
    } else {
      points[node.id] = zone->create_router(node.id);
    }
  }
  auto point = [&](const std::string& id) {
    auto it = points.find(id);
    if (it == points.end()) throw std::runtime_error("link to unknown node " + id);
    return it->second;
  };
  for (const auto& link : plan.topology.links) {
    const double bytes_per_s = static_cast<double>(link.rate_bps) / 8;
    if (link.kind == "p2p") {
      if (link.nodes.size() != 2) throw std::runtime_error("point-to-point link " + link.id + " without two ends");
      s4u::SplitDuplexLink* l = zone->create_split_duplex_link(link.id, bytes_per_s);
      if (link.up_rate_bps) l->get_link_up()->set_bandwidth(static_cast<double>(*link.up_rate_bps) / 8);
      l->set_latency(seconds(link.delay));
      l->seal();
      NetPoint* a = point(link.nodes[0]);
      NetPoint* b = point(link.nodes[1]);
      zone->add_route(a, b, nullptr, nullptr, {s4u::LinkInRoute(l, Direction::UP)}, false);
      zone->add_route(b, a, nullptr, nullptr, {s4u::LinkInRoute(l, Direction::DOWN)}, false);
    } else if (link.kind == "csma") {
      // The segment's capacity is taken once per frame: on the way in to the segment. Its way out
      // to each station is free.
      s4u::Link* medium = zone->create_link(link.id, bytes_per_s);
      medium->set_sharing_policy(s4u::Link::SharingPolicy::SHARED)->set_latency(seconds(link.delay))->seal();
      s4u::Link* out = zone->create_link(link.id + "-out", kUnlimited);
      out->set_sharing_policy(s4u::Link::SharingPolicy::FATPIPE)->set_latency(0)->seal();
      NetPoint* segment = zone->create_router(link.id + "-segment");
      for (const auto& id : link.nodes) {
        zone->add_route(point(id), segment, nullptr, nullptr, {s4u::LinkInRoute(medium)}, false);
        zone->add_route(segment, point(id), nullptr, nullptr, {s4u::LinkInRoute(out)}, false);
      }
    } else {
      throw std::runtime_error("a " + link.kind + " link has no flow-level model here");
    }
  }
  zone->seal();
  return platform;
}

// LV08 multiplies every message's latency by 13.01, standing in for TCP's slow start over a bulk
// transfer of about a megabyte. A stream moves here in messages of at most a window (64 KiB,
// peer_node.cc), each paying its path's one-way latency L as many times as this factor says. Slow
// start sends a window in r = ceil(log2(size / IW + 1)) rounds from an initial window IW (the
// plan's "tcp": 10 segments of 1448 bytes unless the run changed them): r - 1 round trips of
// waiting and the last round's L would be 2r - 1; TCP sends the earlier rounds while it waits,
// where SimGrid adds the whole size at the bandwidth after the latency, and ns-3 agrees with
// 2r - 3 (fitted at IW = 14,480 bytes: the tree's 64 KiB crowd at 1,000 peers takes 0.021 s in
// both worlds; the star's one-slot crowd of 8, 3.325 s against 3.330 s). At least 1:
// a message of one packet (a datagram, a connection's open, accept or close) pays L once, and so
// does anything up to three initial windows. Every window pays it, mid-stream too, where a real
// window is already open: long streams on long paths are overcharged. Bandwidth keeps LV08's
// factor (0.97: headers).
double SlowStartLatencyFactor(double size, double initial_window) {
  return std::max(1.0, 2.0 * std::ceil(std::log2(size / initial_window + 1.0)) - 3.0);
}

double InitialWindowBytes(const p2p::plan::Plan& plan) {
  if (plan.tcp.segment_bytes == 0 || plan.tcp.initial_window_segments == 0)
    throw std::runtime_error("the plan has no \"tcp\", or a zero segment size or initial window in it (\"tcp\" "
                             "was added within version 1): write it again with p2p-scenario --writePlan");
  return static_cast<double>(plan.tcp.segment_bytes) * plan.tcp.initial_window_segments;
}

std::uint64_t SendBufferBytes(const p2p::plan::Plan& plan) {
  if (plan.tcp.send_buffer_bytes == 0)
    throw std::runtime_error("the plan's \"tcp\" has no send_buffer_bytes, or a zero one (it was added after "
                             "the other keys, within version 1): write it again with p2p-scenario --writePlan, "
                             "with a send buffer above 0");
  return plan.tcp.send_buffer_bytes;
}

std::string NetworkModelDescription(const p2p::plan::Plan& plan) {
  const double window = InitialWindowBytes(plan);
  return "SimGrid 3.32 LV08: flow level, max-min sharing, no packet loss; a stream window of S bytes pays its "
         "path's latency 2 ceil(log2(S / " + std::to_string(static_cast<long>(window)) +
         " + 1)) - 3 times (at least 1: TCP's slow start from an initial window of that many bytes, " +
         std::to_string(plan.tcp.initial_window_segments) + " segments of " +
         std::to_string(plan.tcp.segment_bytes) + "; " +
         std::to_string(static_cast<long>(SlowStartLatencyFactor(65536, window))) +
         " for 64 KiB), a one-packet message once";
}

void CalibrateSmallMessages(double initial_window) {
  constexpr double kBandwidthFactor = 0.97;
  auto* model = s4u::Engine::get_instance()->get_netzone_root()->get_network_model();
  model->set_lat_factor_cb([initial_window](double size, const s4u::Host*, const s4u::Host*,
                                            const std::vector<s4u::Link*>&, const std::unordered_set<s4u::NetZone*>&) {
    return SlowStartLatencyFactor(size, initial_window);
  });
  model->set_bw_factor_cb([](double, const s4u::Host*, const s4u::Host*, const std::vector<s4u::Link*>&,
                             const std::unordered_set<s4u::NetZone*>&) { return kBandwidthFactor; });
}

Platform BuildPlatform(const p2p::plan::Plan& plan) {
  Platform platform;
  if (auto tree = BuildTreePlatform(plan))
    platform = std::move(*tree);
  else
    platform = BuildGraphPlatform(plan);
  CalibrateSmallMessages(InitialWindowBytes(plan));
  SendBufferBytes(plan);  // refused here, before anything runs
  return platform;
}

}  // namespace p2p::flow
