// SPDX-License-Identifier: GPL-2.0-only
// Downloads over a simulated LAN: the bytes arrive intact (size and SHA-256 as the seed's), the
// downloader registers as a second server, content moves at the link's rate, and sequential
// fetching goes through a list one by one.
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"

#include "ns3/boolean.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

using namespace p2p;
using namespace p2p::ns3test;
using ns3::Seconds;

namespace {

struct Transfer {
  std::uint64_t bytes = 0;
  double seconds = 0;
};

// Downloads one content of `size` bytes from a seed over the given LAN and reports the transfer.
Transfer fetch_once(LanOptions options, std::uint64_t size) {
  LanFixture lan(options);
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("blob:" + std::to_string(size)));
  lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("blob"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  lan.install_peer(1, "fetcher");
  lan.run_until(Seconds(60));
  auto done = lan.events_of("fetcher", PeerEventKind::DownloadCompleted);
  BOOST_REQUIRE(done.size() == 1u);
  return {done[0].bytes, to_seconds(done[0].duration)};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_download_delivers_the_seed_bytes_and_registers_a_second_server) {
  LanFixture lan({.peers = 2});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:1000000"));
  auto seed = lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  auto fetcher = lan.install_peer(1, "fetcher");
  lan.run_until(Seconds(10));

  BOOST_TEST(fetcher->GetCompletedDownloads() == 1u);
  BOOST_TEST(fetcher->GetFailedDownloads() == 0u);
  auto done = lan.events_of("fetcher", PeerEventKind::DownloadCompleted);
  BOOST_REQUIRE(done.size() == 1u);
  BOOST_TEST(done[0].bytes == 1000000u);
  BOOST_TEST(done[0].server.str() == "seed");
  BOOST_TEST(ns3::PeerApplicationInternal::GetStore(*fetcher).size_of(*Name::parse("song")) == 1000000u);
  BOOST_TEST(!stored_digest(*fetcher, "song").empty());
  BOOST_TEST(stored_digest(*fetcher, "song") == stored_digest(*seed, "song"));

  std::vector<std::string> servers{entry("seed", lan.peer_ip(0)),
                                   entry("fetcher", lan.peer_ip(1))};
  BOOST_TEST(servers_of(*lan.index(), "song") == servers);
  BOOST_TEST(lan.events_of("seed", PeerEventKind::ServeCompleted).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_downloaded_copy_is_served_onwards) {
  LanFixture lan({.peers = 3});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:300000"));
  lan.peers().SetAttribute("LeaveTime", ns3::TimeValue(Seconds(3)));
  auto seed = lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("LeaveTime", ns3::TimeValue(Seconds(0)));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  lan.install_peer(1, "first");
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(4)));  // after the seed left
  auto second = lan.install_peer(2, "second");
  lan.run_until(Seconds(10));

  auto done = lan.events_of("second", PeerEventKind::DownloadCompleted);
  BOOST_REQUIRE(done.size() == 1u);
  BOOST_TEST(done[0].server.str() == "first");
  BOOST_TEST(stored_digest(*second, "song") == stored_digest(*seed, "song"));
}

BOOST_AUTO_TEST_CASE(a_download_works_over_ipv6) {
  LanFixture lan({.peers = 2, .ipv6 = true});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:200000"));
  auto seed = lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(2)));
  auto fetcher = lan.install_peer(1, "fetcher");
  seed->SetStartTime(Seconds(1));  // after duplicate address detection
  fetcher->SetStartTime(Seconds(1));
  lan.run_until(Seconds(10));

  BOOST_TEST(fetcher->GetCompletedDownloads() == 1u);
  BOOST_TEST(stored_digest(*fetcher, "song") == stored_digest(*seed, "song"));
  auto servers = servers_of(*lan.index(), "song");
  BOOST_REQUIRE(servers.size() == 2u);
  BOOST_TEST(servers[1] == entry("fetcher", lan.peer_ip(1)));
}

BOOST_AUTO_TEST_CASE(sequential_fetching_downloads_one_content_after_the_other) {
  LanFixture lan({.peers = 2});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("a:200000,b:200000,c:200000"));
  lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("c,a,b"));
  lan.peers().SetAttribute("FetchConcurrently", ns3::BooleanValue(false));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  auto fetcher = lan.install_peer(1, "fetcher");
  lan.run_until(Seconds(10));

  BOOST_TEST(fetcher->GetCompletedDownloads() == 3u);
  auto started = lan.events_of("fetcher", PeerEventKind::DownloadStarted);
  auto done = lan.events_of("fetcher", PeerEventKind::OperationDone);
  BOOST_REQUIRE(started.size() == 3u);
  BOOST_TEST(started[0].content.str() == "c");
  BOOST_TEST(started[1].content.str() == "a");
  BOOST_TEST(started[2].content.str() == "b");
  // Each starts only once the one before it is done (verified and registered).
  BOOST_REQUIRE(done.size() == 3u);
  BOOST_TEST(started[1].time >= done[0].time);
  BOOST_TEST(started[2].time >= done[1].time);
}

// Simulated time is exact, so these bounds are deterministic: they catch an adapter that stops
// filling the socket (a stall waiting for a callback), not a slow machine. On this half-duplex
// CSMA LAN, ns-3's own BulkSendApplication reaches 79% of the link rate (1448-byte segments).
BOOST_AUTO_TEST_CASE(a_large_content_moves_at_the_link_rate) {
  const std::uint64_t size = 10'000'000;
  Transfer t = fetch_once({.peers = 2}, size);
  double ideal = static_cast<double>(size) * 8 / 100e6;
  BOOST_TEST_MESSAGE("10 MB over 100 Mbit/s CSMA: " << t.seconds << " s, " << ideal / t.seconds * 100
                                                     << "% of the link rate");
  BOOST_TEST(t.bytes == size);
  BOOST_TEST(t.seconds < ideal / 0.7);
}

BOOST_AUTO_TEST_CASE(a_small_content_completes_within_a_few_round_trips) {
  Transfer t = fetch_once({.peers = 2}, 100'000);
  BOOST_TEST_MESSAGE("100 kB over 100 Mbit/s CSMA: " << t.seconds << " s");
  BOOST_TEST(t.seconds < 0.1);
}
