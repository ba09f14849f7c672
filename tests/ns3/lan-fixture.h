// SPDX-License-Identifier: GPL-2.0-only
// A small CSMA LAN for in-process simulations: node 0 runs the index, nodes 1..n run peers.
// Every random stream is assigned explicitly, so that two runs in one process with the same
// RngRun are identical. The destructor calls Simulator::Destroy.
#pragma once
#include "apps/ns3/index-server-application-internal.h"
#include "apps/ns3/peer-application-internal.h"
#include "apps/ns3/peer-helper.h"

#include "model/peer_events.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace p2p::ns3test {

struct LanOptions {
  std::uint32_t peers = 2;
  std::string data_rate = "100Mbps";
  double loss_rate = 0.0;           // packets dropped at every receiving device, uniformly
  std::uint32_t rng_run = 1;
  std::uint32_t segment_size = 1448;  // TCP MSS: a full Ethernet frame
  bool ipv6 = false;                // IPv6 only (the index is reached over IPv6)
};

class LanFixture {
 public:
  explicit LanFixture(LanOptions options = {});
  ~LanFixture();
  LanFixture(const LanFixture&) = delete;
  LanFixture& operator=(const LanFixture&) = delete;

  // A helper whose peers use this LAN's index; set attributes on it before install_peer.
  ns3::PeerHelper& peers() { return peer_helper_; }
  // Installs a peer on node i + 1 (i counts from 0), gives it fixed random streams and records
  // its events.
  ns3::Ptr<ns3::PeerApplication> install_peer(std::uint32_t i, const std::string& name);
  ns3::Ptr<ns3::IndexServerApplication> index() const { return index_; }
  // The index's socket address, for peers made without the helper.
  ns3::Address index_address() const;
  ns3::Ptr<ns3::Node> peer_node(std::uint32_t i) const { return nodes_.Get(i + 1); }
  IpAddress peer_ip(std::uint32_t i) const;

  void run_until(ns3::Time stop);

  // What every installed peer reported, in order.
  const std::vector<std::string>& csv_rows() const { return csv_rows_; }
  std::vector<PeerEvent> events_of(const std::string& peer, PeerEventKind kind) const;

 private:
  LanOptions options_;
  ns3::NodeContainer nodes_;
  ns3::NetDeviceContainer devices_;
  std::vector<IpAddress> ips_;
  ns3::Ptr<ns3::IndexServerApplication> index_;
  ns3::PeerHelper peer_helper_;
  std::vector<std::string> csv_rows_;
  std::map<std::string, std::vector<PeerEvent>> events_;
};

// A registry entry as servers_of() writes it: "peer@address".
std::string entry(const std::string& peer, const IpAddress& ip, std::uint16_t port = 6000);

// Registry entries of a content as "peer@address", in registration order.
std::vector<std::string> servers_of(const ns3::IndexServerApplication& index, const std::string& content);

// SHA-256 of a content as a peer's store holds it (the empty string when it is not held).
std::string stored_digest(ns3::PeerApplication& peer, const std::string& content);

}  // namespace p2p::ns3test
