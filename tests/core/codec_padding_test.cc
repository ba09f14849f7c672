// SPDX-License-Identifier: GPL-2.0-only
// The course's fixed struct (`struct pdu { char type; char data[100]; }`) sent as 101 zero-filled bytes:
// every UDP PDU decodes as its unpadded self, in both directions (protocol.md, "Framing"); bytes other
// than NUL after the padding are E 1 naming the field and the offset; an R address that is a port alone
// means the sender's address; TCP frames take no padding.
#include <boost/test/unit_test.hpp>

#include <string_view>

#include "model/pdu.h"

using namespace p2p;
using namespace std::literals;

namespace {

Bytes wire(std::string_view text) { return Bytes(text.begin(), text.end()); }
Bytes zero_filled(std::string_view text) {
  Bytes b = wire(text);
  b.resize(101, 0);
  return b;
}
Name name(std::string_view text) { return Name::parse(text).value(); }
Endpoint endpoint(std::string_view text) { return Endpoint::parse(text).value(); }

template <class T>
int error_code(const Result<T>& r) {
  return r.ok() ? 0 : static_cast<int>(r.error().code);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(zero_filled_datagrams)

BOOST_AUTO_TEST_CASE(requests_decode_as_their_unpadded_selves) {
  auto r = decode_request(zero_filled("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "10.0.0.1:6000"sv));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST((std::get<pdu::Register>(*r) == pdu::Register{name("alice"), name("song"), endpoint("10.0.0.1:6000")}));

  auto s = decode_request(zero_filled("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"sv));
  BOOST_TEST_REQUIRE(s.ok());
  BOOST_TEST((std::get<pdu::SearchRequest>(*s) == pdu::SearchRequest{name("bob"), name("song"), {}}));

  auto s2 = decode_request(zero_filled("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0" "x\0\0\0\0\0\0\0\0\0" "yy"sv));
  BOOST_TEST_REQUIRE(s2.ok());
  BOOST_TEST(std::get<pdu::SearchRequest>(*s2).exclude == (std::vector<Name>{name("x"), name("yy")}));

  auto t = decode_request(zero_filled("T" "alice\0\0\0\0\0" "song"sv));
  BOOST_TEST_REQUIRE(t.ok());
  BOOST_TEST((std::get<pdu::Deregister>(*t) == pdu::Deregister{name("alice"), name("song")}));

  for (const Bytes& o : {Bytes{'O'}, zero_filled("O"), zero_filled("O\0"sv), Bytes{'O', 0}}) {
    auto list = decode_request(o);
    BOOST_TEST_REQUIRE(list.ok());
    BOOST_TEST(std::get<pdu::ListRequest>(*list).cursor == 0u);
  }
  auto page3 = decode_request(zero_filled("O\x00\x03"sv));
  BOOST_TEST_REQUIRE(page3.ok());
  BOOST_TEST(std::get<pdu::ListRequest>(*page3).cursor == 3u);
}

BOOST_AUTO_TEST_CASE(replies_decode_as_their_unpadded_selves) {
  auto s = decode_reply(zero_filled("S" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "10.0.0.1:6000"sv));
  BOOST_TEST_REQUIRE(s.ok());
  BOOST_TEST(std::get<pdu::SearchAnswer>(*s).address == endpoint("10.0.0.1:6000"));

  auto o = decode_reply(zero_filled("O\x00\x00" "a\0\0\0\0\0\0\0\0\0" "song"sv));
  BOOST_TEST_REQUIRE(o.ok());
  BOOST_TEST(std::get<pdu::ListAnswer>(*o).names == (std::vector<Name>{name("a"), name("song")}));

  auto a = decode_reply(zero_filled("A" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "\x00\x00\x00\x78"sv));
  BOOST_TEST_REQUIRE(a.ok());
  BOOST_TEST(std::get<pdu::Ack>(*a).lease.value_or(0) == 120u);

  // A padded 20-byte A reads as lease 0, "never expires": a peer refreshes neither.
  auto a20 = decode_reply(zero_filled("A" "alice\0\0\0\0\0" "song"sv));
  BOOST_TEST_REQUIRE(a20.ok());
  BOOST_TEST(std::get<pdu::Ack>(*a20).lease.value_or(0) == 0u);

  auto e = decode_reply(zero_filled("E\x05" "no such content"sv));
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(std::get<pdu::Error>(*e).message == "no such content");
}

BOOST_AUTO_TEST_CASE(bytes_after_the_padding_are_malformed_and_named) {
  auto t = decode_request(zero_filled("T" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "\0\0junk"sv));
  BOOST_TEST(error_code(t) == 1);
  BOOST_TEST(t.error().message == "T after its names: byte 0x6a at data offset 22 follows its NUL padding");

  auto name_junk = decode_request(zero_filled("T" "al\0\xcc\xcc\0\0\0\0\0" "song"sv));
  BOOST_TEST(error_code(name_junk) == 1);
  BOOST_TEST(name_junk.error().message == "peer name: byte 0xcc at data offset 3 follows its NUL padding");

  auto address_junk = decode_request(zero_filled("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "10.0.0.1:6000\0\x01"sv));
  BOOST_TEST(error_code(address_junk) == 1);
  BOOST_TEST(address_junk.error().message == "address: byte 0x01 at data offset 34 follows its NUL padding");

  // After an all-NUL exclude slot only padding may follow.
  auto late = decode_request(zero_filled("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0\0\0" "x"sv));
  BOOST_TEST(error_code(late) == 1);
  BOOST_TEST(late.error().message == "the excluded names: byte 0x78 at data offset 30 follows its NUL padding");

  BOOST_TEST(error_code(decode_request(zero_filled("O\x00\x01\x02"sv))) == 1);
  BOOST_TEST(error_code(decode_request(Bytes{'O', 7})) == 1);
  BOOST_TEST(error_code(decode_reply(zero_filled("A" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "\0\0\0\0!"sv))) == 1);
  BOOST_TEST(error_code(decode_reply(wire("A" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "\0\x01"sv))) == 1);
}

BOOST_AUTO_TEST_CASE(a_register_address_that_is_a_port_alone_means_the_sender) {
  auto r = decode_request(zero_filled("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "58719"sv));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(std::get<pdu::Register>(*r).address == endpoint("0.0.0.0:58719"));
  BOOST_TEST(error_code(decode_request(wire("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "65536"sv))) == 1);
  BOOST_TEST(error_code(decode_request(wire("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "05871"sv))) == 1);
  // Only in R: an index's S answer names a whole address.
  BOOST_TEST(error_code(decode_reply(wire("S" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "58719"sv))) == 1);
}

BOOST_AUTO_TEST_CASE(tcp_frames_take_no_padding) {
  Bytes d = wire("alice\0\0\0\0\0" "song\0\0\0\0\0\0"sv);
  d.resize(100, 0);
  BOOST_TEST(error_code(decode_frame('D', d)) == 1);
}

BOOST_AUTO_TEST_CASE(a_course_style_download_request_is_told_what_a_frame_is) {
  // 'D' then a zero-filled name: the name's first two bytes are read as the length.
  auto header = check_frame_header('D', static_cast<std::uint16_t>(('s' << 8) | 'o'));
  BOOST_TEST(error_code(header) == 1);
  BOOST_TEST(header.error().message ==
             "frame D says length 29551; frames are type[1] length[2, big-endian] data, D length 20, 28 or 36");
  BOOST_TEST(header.error().message.size() <= kMaxErrorMessage);
}

BOOST_AUTO_TEST_SUITE_END()
