// The PDU codec: every type of protocol.md, UDP framing (one PDU per datagram) and TCP framing
// (type[1] length[2] data). Decoders never throw and never read past their input: bad bytes give a
// ProtocolError whose code is the E code the receiver would answer with.
#pragma once
#include <cstdint>
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

namespace pdu {

struct Register { Name peer; Name content; Endpoint address; };
struct SearchRequest { Name peer; Name content; std::vector<Name> exclude; };
struct SearchAnswer { Name peer; Name content; Endpoint address; };
struct Deregister { Name peer; Name content; };
struct ListRequest { std::uint16_t cursor = 0; };
struct ListAnswer { std::uint16_t next_cursor = 0; std::vector<Name> names; };
struct Ack { Name peer; Name content; };
struct Error { ErrorCode code = ErrorCode::Internal; std::string message; };
struct DownloadRequest { Name peer; Name content; };
struct ContentData { ByteView data; };  // views the decoder's input
struct EndOfContent { std::uint64_t size = 0; Digest sha256{}; };

}  // namespace pdu

// What a peer sends to the index, and what the index sends back.
using UdpRequest = std::variant<pdu::Register, pdu::SearchRequest, pdu::Deregister, pdu::ListRequest>;
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

// TCP: frames of type[1] length[2, big-endian] data[length].
Bytes encode_frame(const StreamPdu& p);
void write_frame_header(char type, std::uint16_t length, std::uint8_t* out);
// Checks a frame header before its data has arrived, so that a bad length is refused at once.
Result<std::uint16_t> check_frame_header(char type, std::uint16_t length);
Result<StreamPdu> decode_frame(char type, ByteView data);

// An E PDU's message, cut to the field's size and to printable ASCII.
pdu::Error make_error(ErrorCode code, std::string_view message);

}  // namespace p2p
