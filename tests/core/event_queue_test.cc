// SPDX-License-Identifier: GPL-2.0-only
// The core never calls back: its events wait, in the order they happened and across calls, until
// the adapter takes them, and each is handed out once.
#include <boost/test/unit_test.hpp>

#include "model/index_server.h"
#include "model/memory_store.h"
#include "model/pdu.h"
#include "model/peer_engine.h"

using namespace p2p;
using namespace std::chrono_literals;

namespace {
Name name(std::string_view text) { return *Name::parse(text); }
}  // namespace

BOOST_AUTO_TEST_CASE(a_peer_hands_out_its_events_in_order_once) {
  MemoryStore store;
  store.add_bytes(name("song"), {1, 2, 3});
  PeerConfig config;
  config.name = name("alice");
  config.index = *Endpoint::parse("10.0.0.1:5000");
  PeerEngine engine(config, store);

  // Two calls before anything is taken: a download that is refused at once, then a listing.
  OpId refused = engine.download(name("song"), 1s);
  OpId listing = engine.list_online(2s);
  auto events = engine.take_events();
  BOOST_REQUIRE_EQUAL(events.size(), 4u);
  BOOST_TEST((events[0].kind == PeerEventKind::DownloadStarted && events[0].op == refused));
  BOOST_TEST((events[1].kind == PeerEventKind::DownloadFailed && events[1].op == refused));
  BOOST_TEST((events[2].kind == PeerEventKind::OperationDone && events[2].op == refused && !events[2].ok));
  BOOST_TEST((events[3].kind == PeerEventKind::PduSent && events[3].pdu == 'O' && events[3].time == 2s));
  BOOST_TEST(engine.take_events().empty());
  BOOST_TEST(engine.take_actions().size() == 1u);  // the O, still to send: events did not take it

  // The listing's end comes with the answer, in a later call.
  engine.on_datagram(config.index, encode(UdpReply{pdu::ListAnswer{0, {name("song")}}}), 3s);
  events = engine.take_events();
  BOOST_REQUIRE(!events.empty());
  BOOST_TEST((events.back().kind == PeerEventKind::OperationDone && events.back().op == listing && events.back().ok));
}

BOOST_AUTO_TEST_CASE(an_index_hands_out_its_events_in_order_once) {
  IndexConfig config;
  config.lease_seconds = 30;
  IndexServer index(config);
  const Endpoint host = *Endpoint::parse("10.0.0.2:4000");
  auto r = encode(UdpRequest{pdu::Register{name("alice"), name("song"), *Endpoint::parse("0.0.0.0:6000")}});
  auto o = encode(UdpRequest{pdu::ListRequest{0}});
  index.on_datagram(host, r, 0s);
  index.on_datagram(host, o, 1s);
  auto events = index.take_events();
  BOOST_REQUIRE_EQUAL(events.size(), 2u);
  BOOST_TEST(events[0].request_type == 'R');
  BOOST_TEST(events[1].request_type == 'O');
  BOOST_TEST(index.take_events().empty());

  // A request after the lease ran out: the expiry it causes comes before the request itself.
  index.on_datagram(host, o, 31s);
  events = index.take_events();
  BOOST_REQUIRE_EQUAL(events.size(), 2u);
  BOOST_TEST((events[0].kind == IndexEventKind::Expired));
  BOOST_TEST((events[1].kind == IndexEventKind::Request && events[1].request_type == 'O'));
}
