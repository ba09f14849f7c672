// SPDX-License-Identifier: GPL-2.0-only
// Cuts whole TCP frames out of a byte stream that arrives in arbitrary pieces.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "pdu.h"

namespace p2p {

struct RawFrame {
  char type = 0;
  ByteView data;  // valid until the next feed() or next()
  // Byte-less: the length of a C frame whose payload is not in the stream (its size stands for it).
  std::uint16_t elided = 0;
};

class FrameReader {
 public:
  // Byte-less streams carry each C frame as its header alone (PeerConfig::byteless).
  void set_byteless(bool byteless) { byteless_ = byteless; }
  void feed(ByteView bytes);
  // The next complete frame, nothing when more bytes are needed, or the error that ends the stream.
  // A bad header is refused as soon as its three bytes are in, without waiting for its data.
  Result<std::optional<RawFrame>> next();
  std::size_t buffered() const { return buf_.size() - start_; }

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t start_ = 0;
  bool byteless_ = false;
};

}  // namespace p2p
