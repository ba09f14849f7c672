// SPDX-License-Identifier: GPL-2.0-only
// Wire format v2 in the codec: D of 20, 28 and 36 bytes, the lease in an R's A, E 11 and E 12.
#include <boost/test/unit_test.hpp>

#include "model/pdu.h"

using namespace p2p;

namespace {

Name name(std::string_view s) { return *Name::parse(s); }

Bytes frame_data(const Bytes& frame) { return Bytes(frame.begin() + kFrameHeaderSize, frame.end()); }

}  // namespace

BOOST_AUTO_TEST_CASE(download_requests_of_each_length_round_trip) {
  const pdu::DownloadRequest whole{name("bob"), name("song"), std::nullopt, std::nullopt};
  const pdu::DownloadRequest rest{name("bob"), name("song"), 0x0102030405060708ull, std::nullopt};
  const pdu::DownloadRequest range{name("bob"), name("song"), 1000, 0};
  for (const auto& d : {whole, rest, range}) {
    Bytes f = encode_frame(d);
    std::size_t expected = d.length ? 36 : d.offset ? 28 : 20;
    BOOST_TEST(f.size() == kFrameHeaderSize + expected);
    BOOST_TEST(f[0] == 'D');
    BOOST_TEST(((f[1] << 8) | f[2]) == static_cast<int>(expected));
    auto back = decode_frame('D', frame_data(f));
    BOOST_REQUIRE(back);
    BOOST_TEST((std::get<pdu::DownloadRequest>(*back) == d));
  }
  // Big-endian: offset 0x0102..08 is sent high byte first, right after the two names.
  Bytes f = encode_frame(rest);
  BOOST_TEST(f[kFrameHeaderSize + 20] == 0x01);
  BOOST_TEST(f[kFrameHeaderSize + 27] == 0x08);
}

BOOST_AUTO_TEST_CASE(download_requests_of_other_lengths_are_refused_at_the_header) {
  for (std::uint16_t len = 0; len <= 64; ++len) {
    bool ok = len == 20 || len == 28 || len == 36;
    BOOST_TEST_CONTEXT("length " << len) {
      BOOST_TEST(static_cast<bool>(check_frame_header('D', len)) == ok);
      if (!ok) BOOST_TEST((check_frame_header('D', len).error().code == ErrorCode::Malformed));
    }
  }
}

BOOST_AUTO_TEST_CASE(an_ack_for_a_register_carries_the_lease_and_a_v1_ack_has_none) {
  Bytes with = encode(UdpReply{pdu::Ack{name("alice"), name("song"), 1800u}});
  BOOST_TEST(with.size() == 25u);
  BOOST_TEST(with[21] == 0x00);
  BOOST_TEST(with[23] == 0x07);  // 1800 = 0x0708
  BOOST_TEST(with[24] == 0x08);
  auto a = decode_reply(with);
  BOOST_REQUIRE(a);
  BOOST_TEST(std::get<pdu::Ack>(*a).lease.value_or(0) == 1800u);

  Bytes without = encode(UdpReply{pdu::Ack{name("alice"), name("song"), std::nullopt}});
  BOOST_TEST(without.size() == 21u);
  auto v1 = decode_reply(without);
  BOOST_REQUIRE(v1);
  BOOST_TEST(!std::get<pdu::Ack>(*v1).lease);
}

BOOST_AUTO_TEST_CASE(busy_and_bad_range_are_known_error_codes) {
  for (auto code : {ErrorCode::Busy, ErrorCode::BadRange}) {
    Bytes e = encode_frame(make_error(code, "try later"));
    auto back = decode_frame('E', frame_data(e));
    BOOST_REQUIRE(back);
    BOOST_TEST((std::get<pdu::Error>(*back).code == code));
    auto udp = decode_reply(encode(UdpReply{make_error(code, "x")}));
    BOOST_REQUIRE(udp);
  }
  BOOST_TEST(static_cast<int>(ErrorCode::Busy) == 11);
  BOOST_TEST(static_cast<int>(ErrorCode::BadRange) == 12);
  BOOST_TEST(describe(ErrorCode::Busy) == "busy");
  BOOST_TEST(describe(ErrorCode::BadRange) == "bad range");
}
