// SPDX-License-Identifier: GPL-2.0-only
// FrameReader: whole frames out of a TCP byte stream however it is cut, and a bad header refused
// as soon as its three bytes are in.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "model/frame_reader.h"

using namespace p2p;

namespace {

Name name(std::string_view text) { return Name::parse(text).value(); }

struct Frame {
  char type;
  Bytes data;
};

// A transfer as a server sends it: D is the request, then C... F, and an E for good measure.
std::vector<StreamPdu> sample_pdus(const Bytes& chunk) {
  return {
      pdu::DownloadRequest{name("bob"), name("song")},
      pdu::ContentData{ByteView(chunk).first(1)},
      pdu::ContentData{chunk},
      pdu::EndOfContent{chunk.size() + 1, Sha256::of(chunk)},
      pdu::Error{ErrorCode::ContentUnavailable, "gone"},
  };
}

Bytes stream_of(const std::vector<StreamPdu>& pdus) {
  Bytes out;
  for (const auto& p : pdus) {
    auto f = encode_frame(p);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

// Takes every complete frame the reader has now; fails the test on an error.
void drain(FrameReader& reader, std::vector<Frame>& out) {
  while (true) {
    auto next = reader.next();
    BOOST_TEST_REQUIRE(next.ok(), (next.ok() ? "" : next.error().message));
    if (!next->has_value()) return;
    out.push_back(Frame{(*next)->type, Bytes((*next)->data.begin(), (*next)->data.end())});
  }
}

// The frames, each decoded, must be the PDUs that were encoded.
void expect_frames(const std::vector<Frame>& frames, const std::vector<StreamPdu>& pdus) {
  BOOST_TEST_REQUIRE(frames.size() == pdus.size());
  for (std::size_t i = 0; i < pdus.size(); ++i) {
    BOOST_TEST(frames[i].type == type_of(pdus[i]));
    auto encoded = encode_frame(pdus[i]);
    BOOST_TEST(frames[i].data == Bytes(encoded.begin() + 3, encoded.end()), boost::test_tools::per_element());
    BOOST_TEST(decode_frame(frames[i].type, frames[i].data).ok());
  }
}

int error_code(FrameReader& reader) {
  auto next = reader.next();
  return next.ok() ? 0 : static_cast<int>(next.error().code);
}

}  // namespace

BOOST_AUTO_TEST_CASE(many_frames_in_one_feed) {
  Bytes chunk(300, 0x42);
  auto pdus = sample_pdus(chunk);
  auto stream = stream_of(pdus);
  FrameReader reader;
  reader.feed(stream);
  std::vector<Frame> frames;
  drain(reader, frames);
  expect_frames(frames, pdus);
  BOOST_TEST(reader.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(split_in_two_at_every_byte_boundary) {
  Bytes chunk(40, 0);
  for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<std::uint8_t>(i * 7);
  auto pdus = sample_pdus(chunk);
  auto stream = stream_of(pdus);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    BOOST_TEST_CONTEXT("cut at byte " << cut) {
      FrameReader reader;
      std::vector<Frame> frames;
      reader.feed(ByteView(stream).first(cut));
      drain(reader, frames);
      reader.feed(ByteView(stream).subspan(cut));
      drain(reader, frames);
      expect_frames(frames, pdus);
    }
  }
}

BOOST_AUTO_TEST_CASE(one_byte_at_a_time) {
  Bytes chunk(100, 0xC3);
  auto pdus = sample_pdus(chunk);
  auto stream = stream_of(pdus);
  FrameReader reader;
  std::vector<Frame> frames;
  for (std::uint8_t b : stream) {
    reader.feed(ByteView(&b, 1));
    drain(reader, frames);
  }
  expect_frames(frames, pdus);
}

BOOST_AUTO_TEST_CASE(largest_content_frame_in_uneven_pieces) {
  Bytes chunk(65535, 0);
  for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<std::uint8_t>(i ^ (i >> 8));
  std::vector<StreamPdu> pdus = {pdu::ContentData{chunk}, pdu::ContentData{chunk}};
  auto stream = stream_of(pdus);
  FrameReader reader;
  std::vector<Frame> frames;
  for (std::size_t at = 0, piece = 1; at < stream.size(); at += piece, piece = piece * 3 % 4093 + 1) {
    reader.feed(ByteView(stream).subspan(at, std::min(piece, stream.size() - at)));
    drain(reader, frames);
  }
  expect_frames(frames, pdus);
}

BOOST_AUTO_TEST_CASE(partial_frame_waits_and_is_counted_as_buffered) {
  auto frame = encode_frame(StreamPdu{pdu::DownloadRequest{name("bob"), name("song")}});
  FrameReader reader;
  reader.feed(ByteView(frame).first(10));
  auto next = reader.next();
  BOOST_TEST_REQUIRE(next.ok());
  BOOST_TEST(!next->has_value());
  BOOST_TEST(reader.buffered() == 10u);
  reader.feed(ByteView(frame).subspan(10));
  next = reader.next();
  BOOST_TEST_REQUIRE(next.ok());
  BOOST_TEST_REQUIRE(next->has_value());
  BOOST_TEST((*next)->type == 'D');
  BOOST_TEST(reader.buffered() == 0u);
}

BOOST_AUTO_TEST_CASE(header_with_no_data_yet_is_not_an_error) {
  FrameReader reader;
  reader.feed(Bytes{'C', 0xFF, 0xFF});  // a full-size C whose data has not arrived
  auto next = reader.next();
  BOOST_TEST_REQUIRE(next.ok());
  BOOST_TEST(!next->has_value());
}

BOOST_AUTO_TEST_CASE(bad_header_is_refused_as_soon_as_three_bytes_arrive) {
  struct Case {
    Bytes header;
    int code;
  };
  std::vector<Case> cases = {
      {{'D', 0x00, 0x13}, 1}, {{'D', 0x00, 0x15}, 1}, {{'D', 0xFF, 0xFF}, 1}, {{'F', 0x00, 0x27}, 1},
      {{'F', 0x00, 0x29}, 1}, {{'C', 0x00, 0x00}, 1}, {{'E', 0x00, 0x00}, 1}, {{'E', 0x00, 0x65}, 1},
      {{'R', 0x00, 0x14}, 2}, {{'S', 0x00, 0x14}, 2}, {{'T', 0x00, 0x14}, 2}, {{'O', 0x00, 0x02}, 2},
      {{'A', 0x00, 0x14}, 2}, {{'X', 0x00, 0x01}, 2}, {{0x00, 0x00, 0x01}, 2},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("header " << c.header[0] << " " << int{c.header[1]} << " " << int{c.header[2]}) {
      FrameReader reader;
      reader.feed(ByteView(c.header).first(2));
      BOOST_TEST(error_code(reader) == 0);  // two bytes: not yet a header
      reader.feed(ByteView(c.header).subspan(2));
      BOOST_TEST(error_code(reader) == c.code);
    }
  }
}

BOOST_AUTO_TEST_CASE(bad_header_after_good_frames) {
  auto good = encode_frame(StreamPdu{pdu::DownloadRequest{name("bob"), name("song")}});
  Bytes stream = good;
  stream.insert(stream.end(), {'F', 0x00, 0x01});
  FrameReader reader;
  reader.feed(stream);
  auto first = reader.next();
  BOOST_TEST_REQUIRE(first.ok());
  BOOST_TEST_REQUIRE(first->has_value());
  BOOST_TEST(error_code(reader) == 1);
}
