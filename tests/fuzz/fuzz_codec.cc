// SPDX-License-Identifier: GPL-2.0-only
// libFuzzer target: the PDU codec and the frame reader on arbitrary bytes.
// Input: one byte that chooses how the stream is cut into pieces, then the bytes, which are read
// three ways: as a datagram to the index, as a datagram from it, and as a TCP stream of frames.
// Whatever decodes must survive encode + decode unchanged; the stream must give the same frames
// however it is cut.
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "model/frame_reader.h"
#include "model/pdu.h"
#include "script.h"

namespace {

using namespace p2p;
using fuzz::check;

void check_request(ByteView datagram) {
  auto decoded = decode_request(datagram);
  if (!decoded) return;
  Bytes again = encode(*decoded);
  check(again.size() <= 1 + kMaxUdpData, "a decoded request encodes into more than 101 bytes");
  auto back = decode_request(again);
  check(back.ok() && (*back == *decoded), "a request does not survive encode + decode");
}

void check_reply(ByteView datagram) {
  auto decoded = decode_reply(datagram);
  if (!decoded) return;
  Bytes again = encode(*decoded);
  check(again.size() <= 1 + kMaxUdpData, "a decoded reply encodes into more than 101 bytes");
  auto back = decode_reply(again);
  check(back.ok() && (*back == *decoded), "a reply does not survive encode + decode");
}

struct Frames {
  std::vector<std::pair<char, Bytes>> frames;
  int error = 0;  // the code that ended the stream, 0 if none
};

// Reads a stream with a FrameReader fed in pieces of 1..64 bytes chosen by `cut` (0: all at once).
Frames read_stream(ByteView stream, std::uint8_t cut) {
  FrameReader reader;
  Frames out;
  std::uint32_t state = cut;
  for (std::size_t at = 0; at < stream.size();) {
    std::size_t piece = stream.size();
    if (cut != 0) {
      state = state * 1103515245u + 12345u;
      piece = 1 + (state >> 16) % 64;
    }
    piece = std::min(piece, stream.size() - at);
    reader.feed(stream.subspan(at, piece));
    at += piece;
    while (true) {
      auto next = reader.next();
      if (!next) {
        out.error = static_cast<int>(next.error().code);
        return out;
      }
      if (!next->has_value()) break;
      out.frames.emplace_back((*next)->type, Bytes((*next)->data.begin(), (*next)->data.end()));
    }
  }
  return out;
}

void check_frame(char type, const Bytes& data) {
  check(data.size() <= kMaxContentChunk, "a frame longer than its length field can say");
  check(check_frame_header(type, static_cast<std::uint16_t>(data.size())).ok(),
        "the reader let through a header that check_frame_header refuses");
  auto decoded = decode_frame(type, data);
  if (!decoded) return;
  Bytes frame = encode_frame(*decoded);
  check(frame.size() >= kFrameHeaderSize, "an encoded frame without a header");
  check(static_cast<std::size_t>((frame[1] << 8) | frame[2]) == frame.size() - kFrameHeaderSize,
        "an encoded frame's length field is not its data length");
  auto back = decode_frame(static_cast<char>(frame[0]), ByteView(frame).subspan(kFrameHeaderSize));
  check(back.ok() && (*back == *decoded), "a frame does not survive encode + decode");
  if (type != 'E') {  // D, C and F have one spelling; an E's message may lose its NUL padding
    Bytes original = {static_cast<std::uint8_t>(type), static_cast<std::uint8_t>(data.size() >> 8),
                      static_cast<std::uint8_t>(data.size())};
    original.insert(original.end(), data.begin(), data.end());
    check(frame == original, "a D, C or F re-encodes into other bytes");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::uint8_t cut = data[0];
  ByteView bytes(data + 1, size - 1);

  check_request(bytes);
  check_reply(bytes);

  Frames whole = read_stream(bytes, 0);
  Frames pieces = read_stream(bytes, cut == 0 ? 1 : cut);
  check(whole.frames == pieces.frames && whole.error == pieces.error,
        "the frames depend on how the stream was cut");
  for (const auto& [type, frame_data] : whole.frames) check_frame(type, frame_data);
  return 0;
}
