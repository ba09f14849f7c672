// SPDX-License-Identifier: GPL-2.0-only
#include "tests/ns3/lan-fixture.h"

#include "apps/ns3/index-server-helper.h"
#include "apps/ns3/p2p-address-conversion.h"

#include "model/digest.h"
#include "model/event_format.h"

#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-interface-container.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace p2p::ns3test {
namespace {

ns3::Address index_socket_address(const std::vector<IpAddress>& ips) {
  return ns3::ToSocketAddress(Endpoint{ips.at(0), 5000});
}

// Stream numbers handed out explicitly; automatic ones would differ between runs in one process.
constexpr std::int64_t kCsmaStreams = 0;
constexpr std::int64_t kStackStreams = 1000;
constexpr std::int64_t kLossStreams = 2000;
constexpr std::int64_t kAppStreams = 3000;

}  // namespace

LanFixture::LanFixture(LanOptions options) : options_(options), peer_helper_(ns3::Address()) {
  ns3::RngSeedManager::SetSeed(1);
  ns3::RngSeedManager::SetRun(options_.rng_run);
  ns3::Config::SetDefault("ns3::TcpSocket::SegmentSize", ns3::UintegerValue(options_.segment_size));

  nodes_.Create(options_.peers + 1);
  ns3::CsmaHelper csma;
  csma.SetChannelAttribute("DataRate", ns3::StringValue(options_.data_rate));
  csma.SetChannelAttribute("Delay", ns3::TimeValue(ns3::MicroSeconds(2)));
  devices_ = csma.Install(nodes_);
  ns3::InternetStackHelper stack;
  stack.SetIpv4StackInstall(!options_.ipv6);
  stack.Install(nodes_);
  csma.AssignStreams(devices_, kCsmaStreams);
  stack.AssignStreams(nodes_, kStackStreams);

  if (options_.ipv6) {
    ns3::Ipv6AddressHelper address;
    address.SetBase(ns3::Ipv6Address("2001:db8::"), ns3::Ipv6Prefix(64));
    ns3::Ipv6InterfaceContainer interfaces = address.Assign(devices_);
    for (std::uint32_t i = 0; i < interfaces.GetN(); ++i)
      ips_.push_back(ns3::ToP2pIpAddress(interfaces.GetAddress(i, 1)));  // 0 is the link-local one
  } else {
    ns3::Ipv4AddressHelper address;
    address.SetBase("10.1.0.0", "255.255.0.0");
    ns3::Ipv4InterfaceContainer interfaces = address.Assign(devices_);
    for (std::uint32_t i = 0; i < interfaces.GetN(); ++i) ips_.push_back(ns3::ToP2pIpAddress(interfaces.GetAddress(i)));
  }

  if (options_.loss_rate > 0) {
    for (std::uint32_t i = 0; i < devices_.GetN(); ++i) {
      auto loss = ns3::CreateObject<ns3::RateErrorModel>();
      loss->SetAttribute("ErrorUnit", ns3::StringValue("ERROR_UNIT_PACKET"));
      loss->SetAttribute("ErrorRate", ns3::DoubleValue(options_.loss_rate));
      loss->AssignStreams(kLossStreams + i);
      devices_.Get(i)->SetAttribute("ReceiveErrorModel", ns3::PointerValue(loss));
    }
  }

  ns3::IndexServerHelper index_helper(5000);
  index_ = ns3::DynamicCast<ns3::IndexServerApplication>(index_helper.Install(nodes_.Get(0)).Get(0));
  index_->SetStartTime(ns3::Seconds(0));
  index_->AssignStreams(kAppStreams);
  peer_helper_ = ns3::PeerHelper(index_socket_address(ips_));
  peer_helper_.SetAttribute("RunSeed", ns3::UintegerValue(options_.rng_run));
}

LanFixture::~LanFixture() { ns3::Simulator::Destroy(); }

ns3::Ptr<ns3::PeerApplication> LanFixture::install_peer(std::uint32_t i, const std::string& name) {
  auto app = ns3::DynamicCast<ns3::PeerApplication>(peer_helper_.Install(peer_node(i), name).Get(0));
  app->AssignStreams(kAppStreams + 1 + i);
  std::string node = std::to_string(peer_node(i)->GetId());
  ns3::PeerApplicationInternal::ConnectCoreEvents(
      *app, ns3::Callback<void, const PeerEvent&>([this, node, name](const PeerEvent& ev) {
        csv_rows_.push_back(to_csv_row(ev, node, name));
        events_[name].push_back(ev);
      }));
  return app;
}

IpAddress LanFixture::peer_ip(std::uint32_t i) const { return ips_.at(i + 1); }

ns3::Address LanFixture::index_address() const { return index_socket_address(ips_); }

void LanFixture::run_until(ns3::Time stop) {
  ns3::Simulator::Stop(stop);
  ns3::Simulator::Run();
}

std::vector<PeerEvent> LanFixture::events_of(const std::string& peer, PeerEventKind kind) const {
  std::vector<PeerEvent> out;
  if (auto it = events_.find(peer); it != events_.end())
    for (const auto& ev : it->second)
      if (ev.kind == kind) out.push_back(ev);
  return out;
}

std::string entry(const std::string& peer, const IpAddress& ip, std::uint16_t port) {
  return peer + "@" + Endpoint{ip, port}.to_string();
}

std::vector<std::string> servers_of(const ns3::IndexServerApplication& index, const std::string& content) {
  std::vector<std::string> out;
  if (const auto* entries = ns3::IndexServerApplicationInternal::GetRegistry(index).servers_of(*Name::parse(content)))
    for (const auto& e : *entries) out.push_back(entry(e.peer.str(), e.address.ip, e.address.port));
  return out;
}

std::string stored_digest(ns3::PeerApplication& peer, const std::string& content) {
  auto source = ns3::PeerApplicationInternal::GetStore(peer).open(*Name::parse(content));
  if (!source) return {};
  Sha256 hash;
  std::vector<std::uint8_t> buffer(65536);
  for (std::uint64_t offset = 0; offset < source->size();) {
    std::size_t n = source->read(offset, buffer);
    if (n == 0) return "read error";
    hash.update(std::span(buffer.data(), n));
    offset += n;
  }
  return to_hex(hash.finish());
}

}  // namespace p2p::ns3test
