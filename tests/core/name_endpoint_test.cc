// SPDX-License-Identifier: GPL-2.0-only
// Names and addresses: the naming rule, IPv4/IPv6 parsing, RFC 5952 text form, and ordering.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "model/endpoint.h"
#include "model/name.h"

using namespace p2p;
using namespace std::literals;

namespace {

std::string v6_text(std::string_view text) { return IpAddress::parse(text).value().to_string(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(names)

BOOST_AUTO_TEST_CASE(valid_names) {
  for (std::string_view ok : {"a"sv, "song"sv, "abcdefghij"sv, "..."sv, ".hidden"sv, "a.b"sv, "~!#$%&'()*"sv,
                              "-_+=,;:<>?"sv, "ZZ"sv, "0"sv}) {
    BOOST_TEST_CONTEXT("name \"" << ok << "\"") {
      auto n = Name::parse(ok);
      BOOST_TEST_REQUIRE(n.has_value());
      BOOST_TEST(n->view() == ok);
      BOOST_TEST(n->str() == std::string(ok));
      BOOST_TEST(n->size() == ok.size());
      BOOST_TEST(!n->empty());
      BOOST_TEST(Name::why_invalid(ok).empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_names_are_refused_with_a_reason) {
  for (std::string_view bad : {""sv, "abcdefghijk"sv, "."sv, ".."sv, "a b"sv, "a/b"sv, "/"sv, "a\\b"sv,
                               "\x7f"sv, "a\x01"sv, "\t"sv, "a\0b"sv, "\x80"sv, "caf\xc3\xa9"sv}) {
    BOOST_TEST_CONTEXT("name \"" << bad << "\"") {
      BOOST_TEST(!Name::parse(bad).has_value());
      BOOST_TEST(!Name::why_invalid(bad).empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(default_name_is_empty) {
  Name n;
  BOOST_TEST(n.empty());
  BOOST_TEST(n.size() == 0u);
  BOOST_TEST(n.view() == "");
}

BOOST_AUTO_TEST_CASE(wire_field_is_nul_padded_to_ten_bytes) {
  std::uint8_t out[10];
  std::fill(std::begin(out), std::end(out), 0xAA);
  Name::parse("abc")->write_field(out);
  std::uint8_t expected[10] = {'a', 'b', 'c', 0, 0, 0, 0, 0, 0, 0};
  BOOST_TEST(out == expected, boost::test_tools::per_element());

  Name::parse("0123456789")->write_field(out);
  std::uint8_t full[10] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9'};
  BOOST_TEST(out == full, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(order_is_string_order) {
  std::vector<std::string> texts = {"b", "a!", "a", "ab", "Z", "~", "abcdefghij", "abcdefghi", "0", "!"};
  std::vector<Name> names;
  for (const auto& t : texts) names.push_back(*Name::parse(t));
  std::sort(texts.begin(), texts.end());
  std::sort(names.begin(), names.end());
  for (std::size_t i = 0; i < texts.size(); ++i) BOOST_TEST(names[i].view() == texts[i]);
}

BOOST_AUTO_TEST_CASE(equality_and_hash) {
  auto a = *Name::parse("song");
  auto b = *Name::parse(std::string("song"));
  BOOST_TEST((a == b));
  BOOST_TEST(NameHash{}(a) == NameHash{}(b));
  BOOST_TEST((a != *Name::parse("Song")));
  BOOST_TEST((a != *Name::parse("song2")));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ipv4)

BOOST_AUTO_TEST_CASE(parse_and_format) {
  for (std::string_view text : {"0.0.0.0"sv, "10.0.0.1"sv, "192.168.255.1"sv, "255.255.255.255"sv, "1.2.3.4"sv}) {
    BOOST_TEST_CONTEXT(text) {
      auto ip = IpAddress::parse(text);
      BOOST_TEST_REQUIRE(ip.has_value());
      BOOST_TEST(!ip->is_v6());
      BOOST_TEST(ip->to_string() == text);
    }
  }
}

BOOST_AUTO_TEST_CASE(value_is_host_order) {
  auto ip = *IpAddress::parse("10.1.2.3");
  BOOST_TEST(ip.v4_value() == 0x0A010203u);
  BOOST_TEST((ip == IpAddress::v4(0x0A010203u)));
  BOOST_TEST(IpAddress::v4(0xC0A80001u).to_string() == "192.168.0.1");
  BOOST_TEST(ip.bytes()[0] == 10);
  BOOST_TEST(ip.bytes()[3] == 3);
}

BOOST_AUTO_TEST_CASE(unspecified) {
  BOOST_TEST(IpAddress::parse("0.0.0.0")->is_unspecified());
  BOOST_TEST(IpAddress{}.is_unspecified());
  BOOST_TEST(!IpAddress::parse("0.0.0.1")->is_unspecified());
}

BOOST_AUTO_TEST_CASE(malformed) {
  for (std::string_view bad : {""sv, "1"sv, "1.2.3"sv, "1.2.3.4.5"sv, "256.0.0.0"sv, "1.2.3.256"sv, "01.2.3.4"sv,
                               "1.2.3.00"sv, "1..3.4"sv, ".1.2.3"sv, "1.2.3.4."sv, " 1.2.3.4"sv, "1.2.3.4 "sv,
                               "a.b.c.d"sv, "1.2.3.4/24"sv, "-1.2.3.4"sv, "+1.2.3.4"sv, "0x1.2.3.4"sv,
                               "1234567890.1.1.1"sv}) {
    BOOST_TEST_CONTEXT("\"" << bad << "\"") { BOOST_TEST(!IpAddress::parse(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ipv6)

BOOST_AUTO_TEST_CASE(parse_to_bytes) {
  auto ip = IpAddress::parse("2001:db8::ff00:42:8329");
  BOOST_TEST_REQUIRE(ip.has_value());
  BOOST_TEST(ip->is_v6());
  std::array<std::uint8_t, 16> expected = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29};
  BOOST_TEST(ip->bytes() == expected, boost::test_tools::per_element());
  BOOST_TEST((*ip == IpAddress::v6(expected)));
}

BOOST_AUTO_TEST_CASE(embedded_ipv4_tail) {
  auto ip = IpAddress::parse("::ffff:10.0.0.1");
  BOOST_TEST_REQUIRE(ip.has_value());
  std::array<std::uint8_t, 16> expected = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1};
  BOOST_TEST(ip->bytes() == expected, boost::test_tools::per_element());
  BOOST_TEST(IpAddress::parse("1:2:3:4:5:6:1.2.3.4").has_value());
}

BOOST_AUTO_TEST_CASE(spellings_of_one_address_are_equal) {
  auto a = *IpAddress::parse("::1");
  BOOST_TEST((a == *IpAddress::parse("0:0::1")));
  BOOST_TEST((a == *IpAddress::parse("0:0:0:0:0:0:0:1")));
  BOOST_TEST((a == *IpAddress::parse("0000::0001")));
  BOOST_TEST((*IpAddress::parse("2001:DB8::A") == *IpAddress::parse("2001:db8::a")));
}

BOOST_AUTO_TEST_CASE(unspecified) {
  BOOST_TEST(IpAddress::parse("::")->is_unspecified());
  BOOST_TEST(!IpAddress::parse("::1")->is_unspecified());
}

BOOST_AUTO_TEST_CASE(rfc5952_text_form) {
  BOOST_TEST(v6_text("2001:0db8:0000:0000:0000:0000:0000:0001") == "2001:db8::1");  // 4.1, 4.2.1
  BOOST_TEST(v6_text("2001:db8:0:1:1:1:1:1") == "2001:db8:0:1:1:1:1:1");            // 4.2.2: one 0 stays
  BOOST_TEST(v6_text("2001:0:0:1:0:0:0:1") == "2001:0:0:1::1");                     // 4.2.3: longest run
  BOOST_TEST(v6_text("2001:db8:0:0:1:0:0:1") == "2001:db8::1:0:0:1");               // 4.2.3: first of equals
  BOOST_TEST(v6_text("2001:DB8::ABCD") == "2001:db8::abcd");                        // 4.3: lowercase
  BOOST_TEST(v6_text("0:0:0:0:0:0:0:0") == "::");
  BOOST_TEST(v6_text("::1") == "::1");
  BOOST_TEST(v6_text("1:0:0:0:0:0:0:0") == "1::");
  BOOST_TEST(v6_text("1:0:0:0:0:0:0:2") == "1::2");
  BOOST_TEST(v6_text("fe80:0:0:0:1:0:0:0") == "fe80::1:0:0:0");
  BOOST_TEST(v6_text("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

BOOST_AUTO_TEST_CASE(text_form_parses_back_to_the_same_address) {
  for (std::string_view text : {"::"sv, "::1"sv, "1::"sv, "2001:db8::1:0:0:1"sv, "fe80::204:61ff:fe9d:f156"sv,
                                "0:1:0:1:0:1:0:1"sv, "::ffff:10.0.0.1"sv}) {
    BOOST_TEST_CONTEXT(text) {
      auto ip = *IpAddress::parse(text);
      BOOST_TEST((*IpAddress::parse(ip.to_string()) == ip));
    }
  }
}

BOOST_AUTO_TEST_CASE(malformed) {
  for (std::string_view bad : {":"sv, ":::"sv, "1::2::3"sv, "1:2:3:4:5:6:7"sv, "1:2:3:4:5:6:7:8:9"sv,
                               "1:2:3:4:5:6:7::8"sv, "::1:2:3:4:5:6:7:8"sv, "12345::"sv, "g::"sv, ":1::"sv,
                               "1::2:"sv, ":1:2:3:4:5:6:7:8"sv, "1:2:3:4:5:6:7:8:"sv, "fe80::1%eth0"sv,
                               "1.2.3.4::"sv, "::1.2.3"sv, "::256.0.0.0"sv, "1:2:3:4:5:6::1.2.3.4"sv,
                               "::1.2.3.4:5"sv, "[::1]"sv, " ::1"sv, "0x1::"sv}) {
    BOOST_TEST_CONTEXT("\"" << bad << "\"") { BOOST_TEST(!IpAddress::parse(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(endpoints)

BOOST_AUTO_TEST_CASE(parse_and_format) {
  for (std::string_view text : {"10.0.0.1:6000"sv, "0.0.0.0:0"sv, "255.255.255.255:65535"sv, "[::1]:80"sv,
                                "[2001:db8::1]:6000"sv, "[::]:1"sv}) {
    BOOST_TEST_CONTEXT(text) {
      auto ep = Endpoint::parse(text);
      BOOST_TEST_REQUIRE(ep.has_value());
      BOOST_TEST(ep->to_string() == text);
    }
  }
  auto ep = *Endpoint::parse("[2001:DB8:0::1]:443");
  BOOST_TEST(ep.port == 443);
  BOOST_TEST(ep.ip.is_v6());
  BOOST_TEST(ep.to_string() == "[2001:db8::1]:443");
}

BOOST_AUTO_TEST_CASE(malformed) {
  for (std::string_view bad : {""sv, "10.0.0.1"sv, "10.0.0.1:"sv, ":80"sv, "10.0.0.1:65536"sv, "10.0.0.1:080"sv,
                               "10.0.0.1:-1"sv, "10.0.0.1:8o"sv, "10.0.0.1:80:80"sv, "::1:80"sv, "[::1]80"sv,
                               "[::1]:"sv, "[::1:80"sv, "::1]:80"sv, "[]:80"sv, "[10.0.0.1]:80"sv,
                               "host:80"sv, "[::1]:80 "sv}) {
    BOOST_TEST_CONTEXT("\"" << bad << "\"") { BOOST_TEST(!Endpoint::parse(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(comparisons) {
  auto ep = [](std::string_view t) { return *Endpoint::parse(t); };
  BOOST_TEST((ep("[0:0::1]:5") == ep("[::1]:5")));
  BOOST_TEST((ep("10.0.0.1:5") != ep("10.0.0.1:6")));
  BOOST_TEST((ep("10.0.0.1:5") < ep("10.0.0.1:6")));
  BOOST_TEST((ep("10.0.0.1:9") < ep("10.0.0.2:1")));
  BOOST_TEST((ep("9.255.255.255:1") < ep("10.0.0.0:1")));
  // 0.0.0.0 and :: have the same (zero) bytes but are different addresses.
  BOOST_TEST((IpAddress::v4(0) != *IpAddress::parse("::")));
  BOOST_TEST((ep("0.0.0.0:5") != ep("[::]:5")));
  BOOST_TEST(EndpointHash{}(ep("[0:0::1]:5")) == EndpointHash{}(ep("[::1]:5")));
}

BOOST_AUTO_TEST_SUITE_END()
