// SPDX-License-Identifier: GPL-2.0-only
#include "frame_reader.h"

namespace p2p {

void FrameReader::feed(ByteView bytes) {
  // Drop consumed bytes before growing, so the buffer stays about one frame long.
  if (start_ > 0 && (start_ == buf_.size() || start_ >= buf_.size() / 2)) {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
}

Result<std::optional<RawFrame>> FrameReader::next() {
  std::size_t avail = buf_.size() - start_;
  if (avail < kFrameHeaderSize) return std::optional<RawFrame>{};
  const std::uint8_t* h = buf_.data() + start_;
  char type = static_cast<char>(h[0]);
  auto length = static_cast<std::uint16_t>((h[1] << 8) | h[2]);
  auto checked = check_frame_header(type, length);
  if (!checked) return checked.error();
  if (byteless_ && type == 'C') {
    start_ += kFrameHeaderSize;
    return std::optional<RawFrame>{RawFrame{type, ByteView(), length}};
  }
  if (avail < kFrameHeaderSize + length) return std::optional<RawFrame>{};
  RawFrame f{type, ByteView(h + kFrameHeaderSize, length)};
  start_ += kFrameHeaderSize + length;
  return std::optional<RawFrame>{f};
}

}  // namespace p2p
