// SPDX-License-Identifier: GPL-2.0-only
// The PDU codec against protocol.md: exact bytes of every PDU type (written out by hand, not by our
// encoder), round trips, and the typed error the decoder gives for each kind of malformed input.
#include <boost/test/unit_test.hpp>

#include <string_view>
#include <tuple>

#include "model/pdu.h"

using namespace p2p;
using namespace std::literals;

namespace {

constexpr int kOk = 0;
constexpr int kMalformed = 1;
constexpr int kUnknownType = 2;
constexpr int kBadName = 3;

Bytes wire(std::string_view text) { return Bytes(text.begin(), text.end()); }

Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Name name(std::string_view text) { return Name::parse(text).value(); }
Endpoint endpoint(std::string_view text) { return Endpoint::parse(text).value(); }

// 0 when the decoder accepted the input, else the E code it would be answered with.
template <class T>
int error_code(const Result<T>& r) {
  return r.ok() ? kOk : static_cast<int>(r.error().code);
}

// A 10-byte name field holding raw bytes, for names the encoder could never write.
Bytes field(std::string_view raw) {
  Bytes f(raw.begin(), raw.end());
  f.resize(10, 0);
  return f;
}

const Digest kSha256OfAbc = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                             0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                             0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};

}  // namespace

BOOST_AUTO_TEST_SUITE(encoding_matches_the_spec)

BOOST_AUTO_TEST_CASE(register_with_ipv4_address) {
  auto bytes = encode(UdpRequest{pdu::Register{name("alice"), name("song"), endpoint("10.0.0.1:6000")}});
  BOOST_TEST(bytes == wire("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "10.0.0.1:6000"sv),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(register_with_ipv6_address_and_full_length_names) {
  auto bytes = encode(UdpRequest{pdu::Register{name("abcdefghij"), name("0123456789"), endpoint("[2001:db8::1]:80")}});
  BOOST_TEST(bytes == wire("R" "abcdefghij" "0123456789" "[2001:db8::1]:80"sv), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(search_request_without_and_with_excludes) {
  auto none = encode(UdpRequest{pdu::SearchRequest{name("bob"), name("song"), {}}});
  BOOST_TEST(none == wire("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"sv), boost::test_tools::per_element());

  auto two = encode(UdpRequest{pdu::SearchRequest{name("bob"), name("song"), {name("x"), name("yy")}}});
  BOOST_TEST(two == wire("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0" "x\0\0\0\0\0\0\0\0\0" "yy\0\0\0\0\0\0\0\0"sv),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(search_request_with_eight_excludes_fills_the_datagram) {
  std::vector<Name> exclude;
  for (char c = '1'; c <= '8'; ++c) exclude.push_back(name(std::string(10, c)));
  auto bytes = encode(UdpRequest{pdu::SearchRequest{name("bob"), name("song"), exclude}});
  auto expected = wire("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"
                       "1111111111" "2222222222" "3333333333" "4444444444"
                       "5555555555" "6666666666" "7777777777" "8888888888"sv);
  BOOST_TEST(bytes.size() == 101u);
  BOOST_TEST(bytes == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(deregister) {
  auto bytes = encode(UdpRequest{pdu::Deregister{name("alice"), name("song")}});
  BOOST_TEST(bytes == wire("T" "alice\0\0\0\0\0" "song\0\0\0\0\0\0"sv), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(list_request_cursor_is_big_endian) {
  BOOST_TEST(encode(UdpRequest{pdu::ListRequest{0}}) == (Bytes{'O', 0x00, 0x00}), boost::test_tools::per_element());
  BOOST_TEST(encode(UdpRequest{pdu::ListRequest{0x1234}}) == (Bytes{'O', 0x12, 0x34}),
             boost::test_tools::per_element());
  BOOST_TEST(encode(UdpRequest{pdu::ListRequest{65535}}) == (Bytes{'O', 0xFF, 0xFF}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(search_answer) {
  auto bytes = encode(UdpReply{pdu::SearchAnswer{name("alice"), name("song"), endpoint("10.0.0.1:6000")}});
  BOOST_TEST(bytes == wire("S" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "10.0.0.1:6000"sv),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(list_answer) {
  auto empty = encode(UdpReply{pdu::ListAnswer{0, {}}});
  BOOST_TEST(empty == (Bytes{'O', 0x00, 0x00}), boost::test_tools::per_element());

  auto two = encode(UdpReply{pdu::ListAnswer{0x0102, {name("a"), name("song")}}});
  BOOST_TEST(two == join({Bytes{'O', 0x01, 0x02}, wire("a\0\0\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"sv)}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(acknowledge) {
  auto bytes = encode(UdpReply{pdu::Ack{name("alice"), name("song")}});
  BOOST_TEST(bytes == wire("A" "alice\0\0\0\0\0" "song\0\0\0\0\0\0"sv), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(error_on_udp) {
  auto bytes = encode(UdpReply{pdu::Error{ErrorCode::NotFound, "no server"}});
  BOOST_TEST(bytes == join({Bytes{'E', 0x05}, wire("no server")}), boost::test_tools::per_element());
  auto bare = encode(UdpReply{pdu::Error{ErrorCode::Internal, ""}});
  BOOST_TEST(bare == (Bytes{'E', 0x0A}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(download_request_frame) {
  auto bytes = encode_frame(StreamPdu{pdu::DownloadRequest{name("bob"), name("song")}});
  BOOST_TEST(bytes == join({Bytes{'D', 0x00, 0x14}, wire("bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"sv)}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(content_data_frame) {
  Bytes data = wire("xyz");
  BOOST_TEST(encode_frame(StreamPdu{pdu::ContentData{data}}) == (Bytes{'C', 0x00, 0x03, 'x', 'y', 'z'}),
             boost::test_tools::per_element());

  Bytes largest(65535, 0x5A);
  auto frame = encode_frame(StreamPdu{pdu::ContentData{largest}});
  BOOST_TEST(frame.size() == 3u + 65535u);
  BOOST_TEST(frame[0] == 'C');
  BOOST_TEST(frame[1] == 0xFF);
  BOOST_TEST(frame[2] == 0xFF);
}

BOOST_AUTO_TEST_CASE(end_of_content_frame) {
  auto bytes = encode_frame(StreamPdu{pdu::EndOfContent{0x0102030405060708ull, kSha256OfAbc}});
  Bytes expected = {'F', 0x00, 0x28, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                    0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                    0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  BOOST_TEST(bytes == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(error_frame) {
  auto bytes = encode_frame(StreamPdu{pdu::Error{ErrorCode::ContentUnavailable, "not held"}});
  BOOST_TEST(bytes == join({Bytes{'E', 0x00, 0x09, 0x09}, wire("not held")}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(frame_header_writer) {
  std::uint8_t out[3] = {};
  write_frame_header('C', 0xABCD, out);
  BOOST_TEST(out[0] == 'C');
  BOOST_TEST(out[1] == 0xAB);
  BOOST_TEST(out[2] == 0xCD);
}

BOOST_AUTO_TEST_CASE(type_letters) {
  BOOST_TEST(type_of(UdpRequest{pdu::Register{}}) == 'R');
  BOOST_TEST(type_of(UdpRequest{pdu::SearchRequest{}}) == 'S');
  BOOST_TEST(type_of(UdpRequest{pdu::Deregister{}}) == 'T');
  BOOST_TEST(type_of(UdpRequest{pdu::ListRequest{}}) == 'O');
  BOOST_TEST(type_of(UdpReply{pdu::SearchAnswer{}}) == 'S');
  BOOST_TEST(type_of(UdpReply{pdu::ListAnswer{}}) == 'O');
  BOOST_TEST(type_of(UdpReply{pdu::Ack{}}) == 'A');
  BOOST_TEST(type_of(UdpReply{pdu::Error{}}) == 'E');
  BOOST_TEST(type_of(StreamPdu{pdu::DownloadRequest{}}) == 'D');
  BOOST_TEST(type_of(StreamPdu{pdu::ContentData{}}) == 'C');
  BOOST_TEST(type_of(StreamPdu{pdu::EndOfContent{}}) == 'F');
  BOOST_TEST(type_of(StreamPdu{pdu::Error{}}) == 'E');
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(decoding_spec_bytes)

BOOST_AUTO_TEST_CASE(register_fields) {
  auto r = decode_request(wire("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "10.0.0.1:6000"sv));
  BOOST_TEST_REQUIRE(r.ok());
  const auto& m = std::get<pdu::Register>(*r);
  BOOST_TEST(m.peer.view() == "alice");
  BOOST_TEST(m.content.view() == "song");
  BOOST_TEST(m.address.to_string() == "10.0.0.1:6000");
}

BOOST_AUTO_TEST_CASE(address_may_be_nul_padded_to_the_end_of_the_datagram) {
  auto r = decode_request(wire("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "[::1]:7\0\0\0\0"sv));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(std::get<pdu::Register>(*r).address.to_string() == "[::1]:7");
}

BOOST_AUTO_TEST_CASE(ipv6_address_in_any_valid_spelling) {
  auto r = decode_reply(wire("S" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "[2001:0DB8:0:0::0001]:6000"sv));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(std::get<pdu::SearchAnswer>(*r).address == endpoint("[2001:db8::1]:6000"));
}

BOOST_AUTO_TEST_CASE(search_request_excludes) {
  auto r = decode_request(wire("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0" "x\0\0\0\0\0\0\0\0\0" "yy\0\0\0\0\0\0\0\0"sv));
  BOOST_TEST_REQUIRE(r.ok());
  const auto& m = std::get<pdu::SearchRequest>(*r);
  BOOST_TEST_REQUIRE(m.exclude.size() == 2u);
  BOOST_TEST(m.exclude[0].view() == "x");
  BOOST_TEST(m.exclude[1].view() == "yy");
}

BOOST_AUTO_TEST_CASE(list_answer_fields) {
  auto r = decode_reply(join({Bytes{'O', 0x00, 0x07}, wire("a\0\0\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"sv)}));
  BOOST_TEST_REQUIRE(r.ok());
  const auto& m = std::get<pdu::ListAnswer>(*r);
  BOOST_TEST(m.next_cursor == 7);
  BOOST_TEST_REQUIRE(m.names.size() == 2u);
  BOOST_TEST(m.names[1].view() == "song");
}

BOOST_AUTO_TEST_CASE(error_fields) {
  auto r = decode_reply(join({Bytes{'E', 0x04}, wire("taken")}));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(static_cast<int>(std::get<pdu::Error>(*r).code) == 4);
  BOOST_TEST(std::get<pdu::Error>(*r).message == "taken");
}

BOOST_AUTO_TEST_CASE(end_of_content_fields) {
  Bytes data = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03};
  data.insert(data.end(), kSha256OfAbc.begin(), kSha256OfAbc.end());
  auto r = decode_frame('F', data);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(std::get<pdu::EndOfContent>(*r).size == 3u);
  BOOST_TEST(std::get<pdu::EndOfContent>(*r).sha256 == kSha256OfAbc);
  BOOST_TEST(Sha256::of(wire("abc")) == kSha256OfAbc);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(round_trips)

BOOST_AUTO_TEST_CASE(every_request_type) {
  std::vector<UdpRequest> samples = {
      pdu::Register{name("alice"), name("song"), endpoint("10.0.0.1:6000")},
      pdu::Register{name("abcdefghij"), name("~!#$%&'()*"), endpoint("[fe80::1:2]:65535")},
      pdu::Register{name("a"), name("b"), endpoint("0.0.0.0:0")},
      pdu::SearchRequest{name("bob"), name("song"), {}},
      pdu::SearchRequest{name("bob"), name("song"), {name("1"), name("2"), name("3"), name("4"), name("5"),
                                                     name("6"), name("7"), name("8")}},
      pdu::Deregister{name("alice"), name("...")},
      pdu::ListRequest{0},
      pdu::ListRequest{65535},
  };
  for (const auto& original : samples) {
    auto bytes = encode(original);
    BOOST_TEST_CONTEXT("request " << type_of(original) << " of " << bytes.size() << " bytes") {
      auto back = decode_request(bytes);
      BOOST_TEST_REQUIRE(back.ok());
      BOOST_TEST((*back == original));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_reply_type) {
  std::vector<Name> nine;
  for (char c = 'a'; c < 'a' + 9; ++c) nine.push_back(name(std::string(10, c)));
  std::vector<UdpReply> samples = {
      pdu::SearchAnswer{name("alice"), name("song"), endpoint("192.168.1.254:1")},
      pdu::SearchAnswer{name("alice"), name("song"), endpoint("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535")},
      pdu::ListAnswer{0, {}},
      pdu::ListAnswer{3, nine},
      pdu::Ack{name("alice"), name("song")},
      pdu::Error{ErrorCode::Malformed, ""},
      pdu::Error{ErrorCode::Internal, std::string(99, 'm')},
  };
  for (const auto& original : samples) {
    auto bytes = encode(original);
    BOOST_TEST_CONTEXT("reply " << type_of(original) << " of " << bytes.size() << " bytes") {
      auto back = decode_reply(bytes);
      BOOST_TEST_REQUIRE(back.ok());
      BOOST_TEST((*back == original));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_frame_type) {
  Bytes chunk = {0x00, 0xFF, 0x10};
  std::vector<StreamPdu> samples = {
      pdu::DownloadRequest{name("bob"), name("song")},
      pdu::ContentData{chunk},
      pdu::EndOfContent{0, {}},
      pdu::EndOfContent{~0ull, kSha256OfAbc},
      pdu::Error{ErrorCode::ContentUnavailable, "not held"},
  };
  for (const auto& original : samples) {
    auto frame = encode_frame(original);
    BOOST_TEST_CONTEXT("frame " << type_of(original) << " of " << frame.size() << " bytes") {
      auto length = static_cast<std::size_t>((frame[1] << 8) | frame[2]);
      BOOST_TEST(length == frame.size() - 3);
      auto back = decode_frame(static_cast<char>(frame[0]), ByteView(frame).subspan(3));
      BOOST_TEST_REQUIRE(back.ok());
      BOOST_TEST((*back == original));
    }
  }
}

BOOST_AUTO_TEST_CASE(encoder_never_writes_more_than_the_layout_allows) {
  std::vector<Name> nine;
  for (char c = '1'; c <= '9'; ++c) nine.push_back(name(std::string(1, c)));
  auto s = encode(UdpRequest{pdu::SearchRequest{name("bob"), name("song"), nine}});
  BOOST_TEST(s.size() == 101u);  // the ninth exclude is dropped
  BOOST_TEST(decode_request(s).ok());

  std::vector<Name> ten = nine;
  ten.push_back(name("10"));
  auto o = encode(UdpReply{pdu::ListAnswer{1, ten}});
  BOOST_TEST(o.size() == 93u);  // nine names per page
  BOOST_TEST(decode_reply(o).ok());

  auto e = encode(UdpReply{pdu::Error{ErrorCode::Internal, std::string(150, 'x')}});
  BOOST_TEST(e.size() == 101u);
  BOOST_TEST(decode_reply(e).ok());
}

BOOST_AUTO_TEST_CASE(make_error_keeps_messages_printable_and_short) {
  auto e = make_error(ErrorCode::BadName, "tab\there\nand \x01 more" + std::string(200, 'z'));
  BOOST_TEST(e.message.size() == 99u);
  BOOST_TEST(e.message.substr(0, 20) == "tab?here?and ? more"s + "z");
  BOOST_TEST(decode_reply(encode(UdpReply{e})).ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(udp_framing_errors)

BOOST_AUTO_TEST_CASE(empty_datagram_is_malformed) {
  BOOST_TEST(error_code(decode_request(Bytes{})) == kMalformed);
  BOOST_TEST(error_code(decode_reply(Bytes{})) == kMalformed);
}

BOOST_AUTO_TEST_CASE(datagram_over_101_bytes_is_malformed) {
  // An S with 9 excludes: the layout would allow it, the datagram limit does not.
  Bytes nine_excludes = join({wire("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"sv), Bytes(90, 'x')});
  BOOST_TEST(nine_excludes.size() == 111u);
  BOOST_TEST(error_code(decode_request(nine_excludes)) == kMalformed);

  Bytes one_too_long = join({wire("S" "bob\0\0\0\0\0\0\0" "song\0\0\0\0\0\0"sv), Bytes(81, 'x')});
  BOOST_TEST(error_code(decode_request(one_too_long)) == kMalformed);

  // An O answer with 10 names.
  Bytes ten_names = join({Bytes{'O', 0x00, 0x00}, Bytes(100, 'n')});
  BOOST_TEST(error_code(decode_reply(ten_names)) == kMalformed);

  // An E with a 100-byte message.
  Bytes long_error = join({Bytes{'E', 0x01}, Bytes(100, 'm')});
  BOOST_TEST(error_code(decode_reply(long_error)) == kMalformed);
}

BOOST_AUTO_TEST_CASE(unknown_types) {
  for (std::uint8_t type : {std::uint8_t{0x00}, std::uint8_t{'X'}, std::uint8_t{'r'}, std::uint8_t{'s'},
                            std::uint8_t{' '}, std::uint8_t{0xFF}}) {
    BOOST_TEST_CONTEXT("type byte " << int{type}) {
      Bytes d = {type, 0x00, 0x00};
      BOOST_TEST(error_code(decode_request(d)) == kUnknownType);
      BOOST_TEST(error_code(decode_reply(d)) == kUnknownType);
    }
  }
}

BOOST_AUTO_TEST_CASE(replies_sent_to_the_index_are_refused_as_unknown_type) {
  auto ack = wire("A" "alice\0\0\0\0\0" "song\0\0\0\0\0\0"sv);
  BOOST_TEST(error_code(decode_request(ack)) == kUnknownType);
  BOOST_TEST(error_code(decode_request(Bytes{'E', 0x01})) == kUnknownType);
  BOOST_TEST(error_code(decode_request(join({Bytes{'D'}, Bytes(20, 'a')}))) == kUnknownType);
  BOOST_TEST(error_code(decode_request(Bytes{'C', 'x'})) == kUnknownType);
  BOOST_TEST(error_code(decode_request(join({Bytes{'F'}, Bytes(40, 0)}))) == kUnknownType);
}

BOOST_AUTO_TEST_CASE(requests_received_as_replies_are_refused_as_unknown_type) {
  auto r = wire("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0" "10.0.0.1:6000"sv);
  BOOST_TEST(error_code(decode_reply(r)) == kUnknownType);
  auto t = wire("T" "alice\0\0\0\0\0" "song\0\0\0\0\0\0"sv);
  BOOST_TEST(error_code(decode_reply(t)) == kUnknownType);
  BOOST_TEST(error_code(decode_reply(join({Bytes{'D'}, Bytes(20, 'a')}))) == kUnknownType);
  BOOST_TEST(error_code(decode_reply(Bytes{'C', 'x'})) == kUnknownType);
  BOOST_TEST(error_code(decode_reply(join({Bytes{'F'}, Bytes(40, 0)}))) == kUnknownType);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(data_length_errors)

// For every data length 0..100, the decoder accepts exactly the lengths the layout allows; the
// data is filled with a valid name character so that only the length can be wrong.
BOOST_AUTO_TEST_CASE(fixed_and_repeating_layouts) {
  for (std::size_t len = 0; len <= 100; ++len) {
    BOOST_TEST_CONTEXT("data length " << len) {
      auto with = [&](char type) {
        Bytes d(1 + len, 'a');
        d[0] = static_cast<std::uint8_t>(type);
        return d;
      };
      bool names_only = len == 20;
      bool search = len >= 20 && (len - 20) % 10 == 0;
      bool list_answer = len >= 2 && (len - 2) % 10 == 0;
      BOOST_TEST(error_code(decode_request(with('T'))) == (names_only ? kOk : kMalformed));
      BOOST_TEST(error_code(decode_reply(with('A'))) == (names_only || len == 24 ? kOk : kMalformed));
      BOOST_TEST(error_code(decode_request(with('S'))) == (search ? kOk : kMalformed));
      BOOST_TEST(error_code(decode_request(with('O'))) == (len == 2 || len == 0 ? kOk : kMalformed));
      BOOST_TEST(error_code(decode_reply(with('O'))) == (list_answer ? kOk : kMalformed));
    }
  }
}

BOOST_AUTO_TEST_CASE(register_and_search_answer_need_an_address_after_the_names) {
  for (std::size_t len = 0; len <= 20; ++len) {
    BOOST_TEST_CONTEXT("data length " << len) {
      Bytes r(1 + len, 'a');
      r[0] = 'R';
      BOOST_TEST(error_code(decode_request(r)) == kMalformed);
      Bytes s(1 + len, 'a');
      s[0] = 'S';
      BOOST_TEST(error_code(decode_reply(s)) == kMalformed);
    }
  }
}

BOOST_AUTO_TEST_CASE(error_needs_a_code) {
  BOOST_TEST(error_code(decode_reply(Bytes{'E'})) == kMalformed);
  BOOST_TEST(error_code(decode_reply(join({Bytes{'E', 0x01}, Bytes(99, 'm')}))) == kOk);
}

BOOST_AUTO_TEST_CASE(error_with_unknown_code) {
  for (std::uint8_t code : {std::uint8_t{0}, std::uint8_t{13}, std::uint8_t{0x7F}, std::uint8_t{0xFF}}) {
    BOOST_TEST_CONTEXT("code " << int{code}) {
      BOOST_TEST(error_code(decode_reply(Bytes{'E', code, 'x'})) == kMalformed);
      BOOST_TEST(error_code(decode_frame('E', Bytes{code})) == kMalformed);
    }
  }
  for (std::uint8_t code = 1; code <= 10; ++code) BOOST_TEST(error_code(decode_reply(Bytes{'E', code})) == kOk);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(name_field_errors)

// Every position that holds a name: peer and content of R, S, T, A, S answer; excludes; O names; D.
std::vector<Bytes> datagrams_with_name(const Bytes& bad) {
  Bytes ok = field("ok");
  Bytes addr = wire("10.0.0.1:6000");
  std::vector<Bytes> all = {
      join({Bytes{'R'}, bad, ok, addr}), join({Bytes{'R'}, ok, bad, addr}),
      join({Bytes{'S'}, bad, ok}),       join({Bytes{'S'}, ok, bad}),
      join({Bytes{'T'}, bad, ok}),       join({Bytes{'T'}, ok, bad}),
  };
  // An all-NUL exclude slot ends the list (the course's zero-filled struct), so it is not an empty name.
  if (bad != field("")) {
    all.push_back(join({Bytes{'S'}, ok, ok, bad}));
    all.push_back(join({Bytes{'S'}, ok, ok, ok, bad}));
  }
  return all;
}
std::vector<Bytes> replies_with_name(const Bytes& bad) {
  Bytes ok = field("ok");
  Bytes addr = wire("10.0.0.1:6000");
  std::vector<Bytes> all = {
      join({Bytes{'S'}, bad, ok, addr}), join({Bytes{'S'}, ok, bad, addr}),
      join({Bytes{'A'}, bad, ok}),       join({Bytes{'A'}, ok, bad}),
  };
  if (bad != field("")) {  // an all-NUL slot ends an O answer's names
    all.push_back(join({Bytes{'O', 0, 0}, bad}));
    all.push_back(join({Bytes{'O', 0, 1}, ok, bad}));
  }
  return all;
}

void expect_name_error(const Bytes& bad, int code) {
  for (const auto& d : datagrams_with_name(bad)) BOOST_TEST(error_code(decode_request(d)) == code);
  for (const auto& d : replies_with_name(bad)) BOOST_TEST(error_code(decode_reply(d)) == code);
  BOOST_TEST(error_code(decode_frame('D', join({bad, field("ok")}))) == code);
  BOOST_TEST(error_code(decode_frame('D', join({field("ok"), bad}))) == code);
}

BOOST_AUTO_TEST_CASE(the_fixture_itself_decodes) {
  expect_name_error(field("fine"), kOk);
  expect_name_error(field("0123456789"), kOk);
}

BOOST_AUTO_TEST_CASE(bytes_after_the_nul_padding_are_malformed) {
  expect_name_error(field("ab\0c"sv), kMalformed);
  expect_name_error(Bytes{'a', 0, 0, 0, 0, 0, 0, 0, 0, 'z'}, kMalformed);
  expect_name_error(Bytes{0, 'a', 0, 0, 0, 0, 0, 0, 0, 0}, kMalformed);
}

BOOST_AUTO_TEST_CASE(empty_name_is_a_bad_name) { expect_name_error(field(""), kBadName); }

BOOST_AUTO_TEST_CASE(forbidden_characters_are_a_bad_name) {
  for (std::string_view bad : {"a/b"sv, "a\\b"sv, "a b"sv, " a"sv, "a\x7f"sv, "\x01"sv, "a\tb"sv, "\x80x"sv,
                               "\xff"sv}) {
    BOOST_TEST_CONTEXT("name \"" << bad << "\"") { expect_name_error(field(bad), kBadName); }
  }
}

BOOST_AUTO_TEST_CASE(dot_and_dot_dot_are_bad_names) {
  expect_name_error(field("."), kBadName);
  expect_name_error(field(".."), kBadName);
  expect_name_error(field("..."), kOk);
  expect_name_error(field(".a"), kOk);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(address_field_errors)

int register_with_address(std::string_view address) {
  return error_code(decode_request(join({wire("R" "alice\0\0\0\0\0" "song\0\0\0\0\0\0"sv), wire(address)})));
}
int answer_with_address(std::string_view address) {
  return error_code(decode_reply(join({wire("S" "alice\0\0\0\0\0" "song\0\0\0\0\0\0"sv), wire(address)})));
}

BOOST_AUTO_TEST_CASE(valid_addresses) {
  for (std::string_view ok : {"1.2.3.4:5"sv, "0.0.0.0:0"sv, "255.255.255.255:65535"sv, "[::]:1"sv,
                              "[::ffff:10.0.0.1]:80"sv, "[1:2:3:4:5:6:7:8]:80"sv, "[ABCD::ef]:80"sv}) {
    BOOST_TEST_CONTEXT("address \"" << ok << "\"") {
      BOOST_TEST(register_with_address(ok) == kOk);
      BOOST_TEST(answer_with_address(ok) == kOk);
    }
  }
}

BOOST_AUTO_TEST_CASE(malformed_addresses) {
  for (std::string_view bad : {
           "\0"sv,                    // empty (only padding)
           "1.2.3.4"sv,               // no port
           "1.2.3.4:"sv,              // empty port
           ":5000"sv,                 // no host
           "1.2.3.4:65536"sv,         // port out of range
           "1.2.3.4:99999"sv,         // port out of range
           "1.2.3.4:05"sv,            // leading zero in the port
           "01.2.3.4:5"sv,            // leading zero in the host
           "1.2.3.004:5"sv,           // leading zeros in the host
           "256.1.1.1:5"sv,           // octet out of range
           "1.2.3:5"sv,               // three octets
           "1.2.3.4.5:5"sv,           // five octets
           "1..3.4:5"sv,              // empty octet
           "1.2.3.4:-5"sv,            // signed port
           "1.2.3.4:+5"sv,            // signed port
           " 1.2.3.4:5"sv,            // leading space
           "1.2.3.4:5 "sv,            // trailing space
           "1.2.3.4:5\0x"sv,          // bytes after the NUL padding
           "localhost:5"sv,           // a host name
           "::1:5"sv,                 // IPv6 without brackets
           "[::1]5"sv,                // no colon before the port
           "[::1]:"sv,                // empty port
           "[::1:5"sv,                // unclosed bracket
           "[]:5"sv,                  // empty IPv6 host
           "[1.2.3.4]:5"sv,           // IPv4 in brackets
           "[1::2::3]:5"sv,           // two gaps
           "[:::]:5"sv,               // three colons
           "[1:2:3:4:5:6:7]:5"sv,     // seven groups, no gap
           "[1:2:3:4:5:6:7:8:9]:5"sv, // nine groups
           "[1:2:3:4:5:6:7::8]:5"sv,  // a gap that stands for no group
           "[12345::]:5"sv,           // group of five digits
           "[::g]:5"sv,               // not hex
           "[fe80::1%eth0]:5"sv,      // zone index
       }) {
    BOOST_TEST_CONTEXT("address \"" << bad << "\"") {
      BOOST_TEST(register_with_address(bad) == kMalformed);
      BOOST_TEST(answer_with_address(bad) == kMalformed);
    }
  }
}

BOOST_AUTO_TEST_CASE(address_of_81_bytes_overflows_the_datagram) {
  std::string padded = "1.2.3.4:5" + std::string(72, '\0');
  BOOST_TEST(padded.size() == 81u);
  BOOST_TEST(register_with_address(padded) == kMalformed);
  BOOST_TEST(register_with_address(padded.substr(0, 80)) == kOk);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tcp_frame_errors)

BOOST_AUTO_TEST_CASE(header_lengths) {
  BOOST_TEST(error_code(check_frame_header('D', 20)) == kOk);
  for (std::uint16_t len : std::initializer_list<std::uint16_t>{0, 1, 19, 21, 40, 65535})
    BOOST_TEST_CONTEXT("D length " << len) { BOOST_TEST(error_code(check_frame_header('D', len)) == kMalformed); }

  BOOST_TEST(error_code(check_frame_header('F', 40)) == kOk);
  for (std::uint16_t len : std::initializer_list<std::uint16_t>{0, 20, 39, 41, 65535})
    BOOST_TEST_CONTEXT("F length " << len) { BOOST_TEST(error_code(check_frame_header('F', len)) == kMalformed); }

  BOOST_TEST(error_code(check_frame_header('C', 0)) == kMalformed);
  BOOST_TEST(error_code(check_frame_header('C', 1)) == kOk);
  BOOST_TEST(error_code(check_frame_header('C', 65535)) == kOk);

  BOOST_TEST(error_code(check_frame_header('E', 0)) == kMalformed);
  BOOST_TEST(error_code(check_frame_header('E', 1)) == kOk);
  BOOST_TEST(error_code(check_frame_header('E', 100)) == kOk);
  BOOST_TEST(error_code(check_frame_header('E', 101)) == kMalformed);
  BOOST_TEST(error_code(check_frame_header('E', 65535)) == kMalformed);
}

BOOST_AUTO_TEST_CASE(udp_only_and_unknown_types_on_tcp) {
  for (char type : {'R', 'S', 'T', 'O', 'A'})
    BOOST_TEST_CONTEXT("type " << type) { BOOST_TEST(error_code(check_frame_header(type, 20)) == kUnknownType); }
  for (char type : {'X', 'd', '\0'})
    BOOST_TEST_CONTEXT("type " << int{type}) { BOOST_TEST(error_code(check_frame_header(type, 1)) == kUnknownType); }
  BOOST_TEST(error_code(decode_frame('R', Bytes(30, 'a'))) == kUnknownType);
}

BOOST_AUTO_TEST_CASE(decode_frame_checks_the_length_too) {
  BOOST_TEST(error_code(decode_frame('D', Bytes(19, 'a'))) == kMalformed);
  BOOST_TEST(error_code(decode_frame('F', Bytes(39, 0))) == kMalformed);
  BOOST_TEST(error_code(decode_frame('C', Bytes{})) == kMalformed);
  BOOST_TEST(error_code(decode_frame('E', Bytes{})) == kMalformed);
  BOOST_TEST(error_code(decode_frame('C', Bytes(65536, 'x'))) == kMalformed);
}

BOOST_AUTO_TEST_SUITE_END()
