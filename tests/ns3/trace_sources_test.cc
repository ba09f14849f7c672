// SPDX-License-Identifier: GPL-2.0-only
// The public trace sources, in ns-3's style: const references, the peer's name first, the start
// time in DownloadCompleted, the remote address of every PDU; and the jitter seed drawn from a
// random stream, so that AssignStreams decides the busy backoff.
#include <boost/test/unit_test.hpp>

#include "tests/ns3/lan-fixture.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <set>

using namespace p2p;
using namespace p2p::ns3test;
using ns3::Seconds;

namespace {

struct Completion {
  std::string peer, content, server;
  std::uint64_t bytes = 0;
  ns3::Time start, duration, at;
};

}  // namespace

BOOST_AUTO_TEST_CASE(download_completed_names_the_peer_and_the_start) {
  LanFixture lan({.peers = 2});
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:200000"));
  lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  auto fetcher = lan.install_peer(1, "fetcher");
  fetcher->SetStartTime(Seconds(0.5));

  std::vector<Completion> done;
  std::set<char> sent_types;
  std::set<std::string> events;
  std::vector<std::string> registered;
  fetcher->TraceConnectWithoutContext(
      "DownloadCompleted",
      ns3::Callback<void, const std::string&, const std::string&, const std::string&, std::uint64_t,
                    const ns3::Time&, const ns3::Time&>(
          [&](const std::string& peer, const std::string& content, const std::string& server, std::uint64_t bytes,
              const ns3::Time& start, const ns3::Time& duration) {
            done.push_back({peer, content, server, bytes, start, duration, ns3::Simulator::Now()});
          }));
  fetcher->TraceConnectWithoutContext(
      "PduSent", ns3::Callback<void, const std::string&, char, std::uint32_t, const ns3::Address&>(
                     [&](const std::string& peer, char type, std::uint32_t bytes, const ns3::Address& to) {
                       BOOST_TEST(peer == "fetcher");
                       BOOST_TEST(bytes > 0u);
                       BOOST_TEST(ns3::InetSocketAddress::IsMatchingType(to));
                       sent_types.insert(type);
                     }));
  fetcher->TraceConnectWithoutContext(
      "Event", ns3::Callback<void, const std::string&, const std::string&, const std::string&>(
                   [&](const std::string&, const std::string& event, const std::string& description) {
                     BOOST_TEST(!description.empty());
                     events.insert(event);
                   }));
  fetcher->TraceConnectWithoutContext(
      "Registered", ns3::Callback<void, const std::string&, const std::string&>(
                        [&](const std::string& peer, const std::string& content) {
                          registered.push_back(peer + "/" + content);
                        }));
  lan.run_until(Seconds(5));

  BOOST_REQUIRE(done.size() == 1u);
  BOOST_TEST(done[0].peer == "fetcher");
  BOOST_TEST(done[0].content == "song");
  BOOST_TEST(done[0].server == "seed");
  BOOST_TEST(done[0].bytes == 200000u);
  BOOST_TEST(done[0].start == Seconds(1.5));  // its start time plus FetchDelay
  BOOST_TEST(done[0].start + done[0].duration == done[0].at);
  BOOST_TEST(sent_types == (std::set<char>{'S', 'D', 'R'}));
  BOOST_TEST(events.count("download_completed") == 1u);
  BOOST_TEST(registered == std::vector<std::string>{"fetcher/song"});
}

namespace {

// The first busy round's wait of a crowd of two against one upload slot, with the fetchers'
// streams given by `stream`.
double busy_wait(std::int64_t stream) {
  LanFixture lan({.peers = 3});
  lan.peers().SetAttribute("UploadSlots", ns3::UintegerValue(1));
  lan.peers().SetAttribute("HeldContent", ns3::StringValue("song:2000000"));
  lan.install_peer(0, "seed");
  lan.peers().SetAttribute("HeldContent", ns3::StringValue(""));
  lan.peers().SetAttribute("FetchContent", ns3::StringValue("song"));
  lan.peers().SetAttribute("FetchDelay", ns3::TimeValue(Seconds(1)));
  lan.peers().SetAttribute("RegisterDownloads", ns3::BooleanValue(false));
  lan.peers().SetAttribute("BusyBackoff", ns3::TimeValue(Seconds(1)));
  auto one = lan.install_peer(1, "one");
  auto two = lan.install_peer(2, "two");
  one->AssignStreams(stream);
  two->AssignStreams(stream + 1);
  lan.run_until(Seconds(8));
  for (const char* peer : {"one", "two"}) {
    auto busy = lan.events_of(peer, PeerEventKind::ServerBusy);
    auto rounds = lan.events_of(peer, PeerEventKind::RoundStarted);
    if (!busy.empty() && !rounds.empty()) return to_seconds(rounds[0].time - busy[0].time);
  }
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(assign_streams_decides_the_busy_backoff_jitter) {
  double first = busy_wait(100);
  BOOST_TEST_REQUIRE(first > 0);
  BOOST_TEST(busy_wait(100) == first);  // the same streams, the same wait
  BOOST_TEST(busy_wait(200) != first);  // other streams, another jitter
}
