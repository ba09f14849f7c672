// SPDX-License-Identifier: GPL-2.0-only
#include "scenarios/worlds/simgrid/platform.h"

#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <chrono>
#include <stdexcept>

namespace p2p::flow {

namespace s4u = ::simgrid::s4u;
using NetPoint = ::simgrid::kernel::routing::NetPoint;

namespace {

constexpr double kHostSpeed = 1e9;       // flops: no computation is simulated
constexpr double kUnlimited = 1e12;      // bytes/s of a segment's way out to its stations
double seconds(p2p::plan::Nanoseconds ns) { return std::chrono::duration<double>(ns).count(); }

}  // namespace

Platform BuildPlatform(const p2p::plan::Plan& plan) {
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

}  // namespace p2p::flow
