// SPDX-License-Identifier: GPL-2.0-only
// The adapter's conversions: ns-3 addresses to protocol endpoints and back, simulated time to the
// core's time, and the text of the HeldContent / FetchContent attributes.
#include <boost/test/unit_test.hpp>

#include "apps/ns3/p2p-address-conversion.h"
#include "apps/ns3/p2p-content-spec.h"
#include "apps/ns3/p2p-time-conversion.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"

using namespace ns3;

BOOST_AUTO_TEST_CASE(ipv4_socket_address_round_trips) {
  auto endpoint = ToP2pEndpoint(InetSocketAddress(Ipv4Address("10.1.2.3"), 6000));
  BOOST_REQUIRE(endpoint);
  BOOST_TEST(endpoint->to_string() == "10.1.2.3:6000");
  Address back = ToSocketAddress(*endpoint);
  BOOST_REQUIRE(InetSocketAddress::IsMatchingType(back));
  BOOST_TEST(InetSocketAddress::ConvertFrom(back).GetIpv4() == Ipv4Address("10.1.2.3"));
  BOOST_TEST(InetSocketAddress::ConvertFrom(back).GetPort() == 6000);
}

BOOST_AUTO_TEST_CASE(ipv6_socket_address_round_trips) {
  auto endpoint = ToP2pEndpoint(Inet6SocketAddress(Ipv6Address("2001:db8::7"), 5000));
  BOOST_REQUIRE(endpoint);
  BOOST_TEST(endpoint->to_string() == "[2001:db8::7]:5000");
  Address back = ToSocketAddress(*endpoint);
  BOOST_REQUIRE(Inet6SocketAddress::IsMatchingType(back));
  BOOST_TEST(Inet6SocketAddress::ConvertFrom(back).GetIpv6() == Ipv6Address("2001:db8::7"));
}

BOOST_AUTO_TEST_CASE(a_plain_ip_address_takes_the_default_port) {
  BOOST_TEST(ToP2pEndpoint(Ipv4Address("10.0.0.1"), 5000)->to_string() == "10.0.0.1:5000");
  BOOST_TEST(ToP2pEndpoint(Ipv6Address("::1"), 5000)->to_string() == "[::1]:5000");
  // A socket address keeps its own port.
  BOOST_TEST(ToP2pEndpoint(InetSocketAddress(Ipv4Address("10.0.0.1"), 7000), 5000)->port == 7000);
  BOOST_TEST(!ToP2pEndpoint(Address(), 5000));
}

BOOST_AUTO_TEST_CASE(simulated_time_is_the_core_time) {
  BOOST_TEST(ToP2pTime(MilliSeconds(1500)).count() == 1'500'000'000);
  BOOST_TEST(ToNs3Time(std::chrono::milliseconds(250)) == MilliSeconds(250));
}

BOOST_AUTO_TEST_CASE(held_content_lists_names_and_sizes) {
  std::vector<HeldContentItem> items;
  std::string error;
  BOOST_REQUIRE(ParseHeldContent("song:1048576, video:5000000", items, error));
  BOOST_REQUIRE(items.size() == 2u);
  BOOST_TEST(items[0].name.str() == "song");
  BOOST_TEST(items[0].size == 1048576u);
  BOOST_TEST(items[1].name.str() == "video");
  BOOST_TEST(items[1].size == 5000000u);
  BOOST_TEST(ParseHeldContent("", items, error));
  BOOST_TEST(items.empty());
}

BOOST_AUTO_TEST_CASE(bad_content_text_is_refused_with_a_reason) {
  std::vector<HeldContentItem> items;
  std::vector<p2p::Name> names;
  std::string error;
  BOOST_TEST(!ParseHeldContent("song", items, error));
  BOOST_TEST(!ParseHeldContent("song:12x", items, error));
  BOOST_TEST(!ParseHeldContent("averylongname:12", items, error));
  BOOST_TEST(!error.empty());
  BOOST_TEST(!ParseContentNames("song,,video", names, error));
  BOOST_REQUIRE(ParseContentNames("song,video", names, error));
  BOOST_TEST(names.size() == 2u);
}
