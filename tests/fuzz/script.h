// SPDX-License-Identifier: GPL-2.0-only
// What the fuzz targets and their seed generator share: reading a fuzzer's input as a script of
// small choices and byte strings, and the vocabulary of the scripts that drive the index and a peer.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

#include "model/endpoint.h"
#include "model/name.h"

namespace p2p::fuzz {

// Reads the input front to back; past its end every read gives zeros, so any input is a script.
class ScriptReader {
 public:
  ScriptReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  // Up to n bytes: fewer when the input runs out.
  std::span<const std::uint8_t> bytes(std::size_t n) {
    n = std::min(n, size_ - std::min(at_, size_));
    std::span<const std::uint8_t> out(data_ + at_, n);
    at_ += n;
    return out;
  }
  // A length byte, then that many bytes.
  std::span<const std::uint8_t> counted() { return bytes(byte()); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// Writes scripts for the seed corpus in the format ScriptReader reads.
class ScriptWriter {
 public:
  ScriptWriter& byte(std::uint8_t b) {
    out_.push_back(b);
    return *this;
  }
  ScriptWriter& bytes(std::span<const std::uint8_t> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  ScriptWriter& counted(std::span<const std::uint8_t> b) {
    byte(static_cast<std::uint8_t>(std::min<std::size_t>(b.size(), 255)));
    return bytes(b.first(std::min<std::size_t>(b.size(), 255)));
  }
  const std::vector<std::uint8_t>& data() const { return out_; }

 private:
  std::vector<std::uint8_t> out_;
};

// A broken invariant: say which, then abort so that libFuzzer keeps the input.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}
inline void check(bool ok, const char* what) {
  if (!ok) fail(what);
}

inline Name name(std::string_view text) { return *Name::parse(text); }
inline Endpoint endpoint(std::string_view text) { return *Endpoint::parse(text); }

// ---- the index script: a config byte, then records [source + clock][length][datagram] ------------

// Two ports of one host (the owner is the host), another host, and an IPv6 host.
inline const std::array<Endpoint, 4>& index_sources() {
  static const std::array<Endpoint, 4> sources = {endpoint("10.0.0.1:5000"), endpoint("10.0.0.1:5001"),
                                                  endpoint("10.0.0.2:5000"), endpoint("[2001:db8::1]:5000")};
  return sources;
}
// The record's first byte: the source in the low two bits, seconds to let pass in the rest.
inline std::uint8_t index_record_control(std::size_t source, unsigned seconds) {
  return static_cast<std::uint8_t>((seconds << 2) | (source & 3));
}

// ---- the peer script: one command byte, then its arguments --------------------------------------

enum class PeerCommand : std::uint8_t {
  Operation,             // which[1]: low 3 bits the operation, then the name
  DeliverIndexReply,     // the index's oldest pending answer reaches the peer
  LoseIndexReply,        // ... or is lost
  DatagramFromIndex,     // counted bytes, as if the index sent them
  DatagramFromStranger,  // counted bytes from someone else
  Accept,                // an inbound connection arrives
  ResolveConnect,        // conn[1] ok[1]: a pending connect succeeds (ok even) or fails
  StreamBytes,           // conn[1] counted bytes
  ServeContent,          // conn[1] how[1]: the right C... F (or E 9) for the D the peer sent
  StreamClosed,          // conn[1]: the other side closes
  Timer,                 // tenths[1]: time passes (0: to the next deadline) and the timer fires if due
  Pull,                  // conn[1] room[1]: the socket takes up to 1 + room * 37 bytes
  Count
};

enum class PeerOperation : std::uint8_t { Register, Deregister, List, Search, Download, Quit, Count };

// Names the peer's operations pick from: held here, held elsewhere, held nowhere.
inline const std::array<std::string_view, 5>& peer_names() {
  static const std::array<std::string_view, 5> names = {"song", "tiny", "film", "clip", "gone"};
  return names;
}
inline std::uint8_t peer_operation(PeerOperation op, std::size_t name_index) {
  return static_cast<std::uint8_t>((name_index << 3) | static_cast<std::uint8_t>(op));
}

}  // namespace p2p::fuzz
