// SPDX-License-Identifier: GPL-2.0-only
// The PDU codec: every type of protocol.md, UDP framing (one PDU per datagram) and TCP framing
// (type[1] length[2] data). Decoders never throw and never read past their input: bad bytes give a
// ProtocolError whose code is the E code the receiver would answer with.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "digest.h"
#include "endpoint.h"
#include "error_code.h"
#include "name.h"
#include "result.h"

namespace p2p {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::size_t kMaxUdpData = 100;
inline constexpr std::size_t kMaxAddressText = 80;
inline constexpr std::size_t kMaxExcludes = 8;
inline constexpr std::size_t kNamesPerListPage = 9;
inline constexpr std::size_t kMaxErrorMessage = 99;
inline constexpr std::size_t kMaxContentChunk = 65535;
inline constexpr std::size_t kFrameHeaderSize = 3;
inline constexpr std::size_t kSkipReportSize = 31;  // K: peer[10] content[10] server[10] reason[1]

namespace pdu {

struct Register { Name peer; Name content; Endpoint address; bool operator==(const Register&) const = default; };
struct SearchRequest { Name peer; Name content; std::vector<Name> exclude; bool operator==(const SearchRequest&) const = default; };
struct SearchAnswer { Name peer; Name content; Endpoint address; bool operator==(const SearchAnswer&) const = default; };
struct Deregister { Name peer; Name content; bool operator==(const Deregister&) const = default; };
struct ListRequest { std::uint16_t cursor = 0; bool operator==(const ListRequest&) const = default; };
// K, an extension of v2 (docs/protocol-decisions.md, "Skip reports"): a requester tells the index
// why it skips a server, so that the index need not guess from S's exclude list. Unanswered when
// read; a v1 index answers E 2.
enum class SkipReason : std::uint8_t {
  Busy = 1,      // it answered E 11: not held against it
  Failed = 2,    // refused, reset, timed out, or sent bad data: checked at once
  InUse = 3,     // this download already uses it (multi-source): load it carries
  Released = 4,  // it was connected but not needed (another answered first): not held against it
};
constexpr bool is_skip_reason(std::uint8_t v) { return v >= 1 && v <= 4; }
std::string_view describe(SkipReason reason);
struct SkipReport {
  Name peer;  // the requester
  Name content;
  Name server;
  SkipReason reason = SkipReason::Failed;
  bool operator==(const SkipReport&) const = default;
};
struct ListAnswer { std::uint16_t next_cursor = 0; std::vector<Name> names; bool operator==(const ListAnswer&) const = default; };
// Answering an R, v2 adds lease[4]: the entry's lifetime in seconds, 0 = never expires. A 20-byte A
// (a v1 index, or the answer to a T) has none.
struct Ack { Name peer; Name content; std::optional<std::uint32_t> lease; bool operator==(const Ack&) const = default; };
struct Error { ErrorCode code = ErrorCode::Internal; std::string message; bool operator==(const Error&) const = default; };
// 20 bytes: the whole content; with offset (28 bytes): from offset to the end; with offset and length
// (36 bytes): exactly length bytes from offset, length 0 asking for F alone. length needs offset.
struct DownloadRequest {
  Name peer;
  Name content;
  std::optional<std::uint64_t> offset;
  std::optional<std::uint64_t> length;
  bool operator==(const DownloadRequest&) const = default;
};
struct ContentData {
  ByteView data;  // views the decoder's input
  bool operator==(const ContentData& o) const { return std::equal(data.begin(), data.end(), o.data.begin(), o.data.end()); }
};
struct EndOfContent {
  std::uint64_t size = 0;
  Digest sha256{};
  bool operator==(const EndOfContent&) const = default;
};

}  // namespace pdu

// What a peer sends to the index, and what the index sends back.
using UdpRequest = std::variant<pdu::Register, pdu::SearchRequest, pdu::Deregister, pdu::ListRequest, pdu::SkipReport>;
using UdpReply = std::variant<pdu::SearchAnswer, pdu::ListAnswer, pdu::Ack, pdu::Error>;
// What flows peer to peer over TCP.
using StreamPdu = std::variant<pdu::DownloadRequest, pdu::ContentData, pdu::EndOfContent, pdu::Error>;

char type_of(const UdpRequest& p);
char type_of(const UdpReply& p);
char type_of(const StreamPdu& p);

// UDP: the datagram is type[1] data[0..100].
Bytes encode(const UdpRequest& p);
Bytes encode(const UdpReply& p);
Result<UdpRequest> decode_request(ByteView datagram);
Result<UdpReply> decode_reply(ByteView datagram);
// The course's fixed struct: the datagram zero-filled to 101 bytes, which every receiver reads as the
// unpadded PDU (protocol.md, "Framing"). For implementations that read a fixed-size struct.
void zero_fill(Bytes& datagram);

// TCP: frames of type[1] length[2, big-endian] data[length].
Bytes encode_frame(const StreamPdu& p);
void write_frame_header(char type, std::uint16_t length, std::uint8_t* out);
// Checks a frame header before its data has arrived, so that a bad length is refused at once.
Result<std::uint16_t> check_frame_header(char type, std::uint16_t length);
Result<StreamPdu> decode_frame(char type, ByteView data);

// An E PDU's message, cut to the field's size and to printable ASCII.
pdu::Error make_error(ErrorCode code, std::string_view message);

}  // namespace p2p
