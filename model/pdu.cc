// SPDX-License-Identifier: GPL-2.0-only
#include "pdu.h"

#include <algorithm>
#include <cstring>

namespace p2p {
namespace {

ProtocolError malformed(std::string message) { return {ErrorCode::Malformed, std::move(message)}; }

std::string hex_byte(std::uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

// The course's fixed struct zero-fills a PDU to 101 bytes: whatever follows a field's NUL padding must be NUL
// too. `base` is the field's offset in the PDU's data, so that the error names the byte a sender must fix.
Result<bool> only_padding(ByteView rest, std::size_t base, std::string_view what) {
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (rest[i] != 0)
      return malformed(std::string(what) + ": byte " + hex_byte(rest[i]) + " at data offset " +
                       std::to_string(base + i) + " follows its NUL padding");
  return true;
}

bool all_nul(ByteView bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

// Reads one 10-byte NUL-padded name field found at `base` in the data.
Result<Name> read_name(ByteView field, std::size_t base, const char* what) {
  std::size_t len = 0;
  while (len < Name::kMaxSize && field[len] != 0) ++len;
  auto padding = only_padding(field.subspan(len), base + len, std::string(what) + " name");
  if (!padding) return padding.error();
  std::string_view text(reinterpret_cast<const char*>(field.data()), len);
  auto why = Name::why_invalid(text);
  if (!why.empty()) return ProtocolError{ErrorCode::BadName, std::string(what) + " " + std::string(why)};
  return *Name::parse(text);
}

// Reads an address text field that runs to the end of the data (at `base`), NUL padding allowed at its end.
// An R may give a decimal port alone, "the address I send from, this port": it reads as 0.0.0.0:port, which
// the index takes as the sender's address.
enum class PortAlone { Refused, MeansSender };
Result<Endpoint> read_address(ByteView field, std::size_t base, PortAlone port_alone) {
  std::size_t len = 0;
  while (len < field.size() && field[len] != 0) ++len;
  auto padding = only_padding(field.subspan(len), base + len, "address");
  if (!padding) return padding.error();
  if (len == 0) return malformed("address is empty");
  if (len > kMaxAddressText) return malformed("address is longer than 80 bytes");
  std::string_view text(reinterpret_cast<const char*>(field.data()), len);
  bool digits = std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  auto ep = port_alone == PortAlone::MeansSender && digits ? Endpoint::parse("0.0.0.0:" + std::string(text))
                                                          : Endpoint::parse(text);
  if (!ep)
    return malformed(port_alone == PortAlone::MeansSender ? "address is not a.b.c.d:port, [v6]:port or a port"
                                                          : "address is not a.b.c.d:port or [v6]:port");
  return *ep;
}

std::uint16_t read_u16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

void put_u16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put_u32(Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

void put_u64(Bytes& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

std::uint64_t read_be(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

void put_name(Bytes& out, const Name& n) {
  auto at = out.size();
  out.resize(at + Name::kMaxSize);
  n.write_field(out.data() + at);
}

void put_text(Bytes& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

struct TwoNames { Name peer; Name content; };
Result<TwoNames> read_two_names(ByteView d) {
  auto peer = read_name(d.subspan(0, 10), 0, "peer");
  if (!peer) return peer.error();
  auto content = read_name(d.subspan(10, 10), 10, "content");
  if (!content) return content.error();
  return TwoNames{*peer, *content};
}

ProtocolError wrong_size(char type, std::size_t got) {
  return malformed(std::string("PDU ") + type + " has a data length of " + std::to_string(got) +
                   " bytes, which its layout does not allow");
}

// Names in 10-byte slots from `at` to the end of the data (S's excludes, an O answer's names): an all-NUL slot
// ends the list, and so does a trailing slot shorter than 10 bytes; only NUL may follow.
Result<std::vector<Name>> read_name_slots(ByteView d, std::size_t at, std::size_t max, const char* what) {
  std::vector<Name> names;
  for (; at < d.size(); at += Name::kMaxSize) {
    auto slot = d.subspan(at, std::min(Name::kMaxSize, d.size() - at));
    if (all_nul(slot)) break;
    if (slot.size() < Name::kMaxSize || names.size() == max) break;
    auto n = read_name(slot, at, what);
    if (!n) return n.error();
    names.push_back(*n);
  }
  auto padding = only_padding(d.subspan(std::min(at, d.size())), at, std::string("the ") + what + " names");
  if (!padding) return padding.error();
  return names;
}

// A stream frame whose length field its type does not allow. Course implementations that send a UDP-style
// PDU over TCP (type, then the data) hit this first, so the message says what a frame is.
ProtocolError wrong_frame_length(char type, std::uint16_t length) {
  static constexpr const char* kAllowed[] = {"20, 28 or 36", "1..65535", "40", "1..100"};
  auto which = std::string_view("DCFE").find(type);
  return malformed(std::string("frame ") + type + " says length " + std::to_string(length) +
                   "; frames are type[1] length[2, big-endian] data, " + type + " length " + kAllowed[which]);
}

Result<UdpRequest> decode_request_data(char type, ByteView d) {
  switch (type) {
    case 'R': {
      if (d.size() < 21) return wrong_size(type, d.size());
      auto names = read_two_names(d);
      if (!names) return names.error();
      auto addr = read_address(d.subspan(20), 20, PortAlone::MeansSender);
      if (!addr) return addr.error();
      return UdpRequest{pdu::Register{names->peer, names->content, *addr}};
    }
    case 'S': {
      if (d.size() < 20) return wrong_size(type, d.size());
      auto names = read_two_names(d);
      if (!names) return names.error();
      auto exclude = read_name_slots(d, 20, kMaxExcludes, "excluded");
      if (!exclude) return exclude.error();
      return UdpRequest{pdu::SearchRequest{names->peer, names->content, std::move(*exclude)}};
    }
    case 'T': {
      if (d.size() < 20) return wrong_size(type, d.size());
      auto names = read_two_names(d);
      if (!names) return names.error();
      auto padding = only_padding(d.subspan(20), 20, "T after its names");
      if (!padding) return padding.error();
      return UdpRequest{pdu::Deregister{names->peer, names->content}};
    }
    case 'O': {
      // No data, or all NUL, asks from the start; else cursor[2], then padding.
      if (d.size() == 1 && d[0] != 0) return wrong_size(type, d.size());
      std::uint16_t cursor = d.size() >= 2 ? read_u16(d.data()) : 0;
      auto padding = only_padding(d.subspan(std::min<std::size_t>(2, d.size())), 2, "O after its cursor");
      if (!padding) return padding.error();
      return UdpRequest{pdu::ListRequest{cursor}};
    }
    case 'K': {
      // peer[10] content[10] server[10] reason[1], then only padding.
      if (d.size() < kSkipReportSize) return wrong_size(type, d.size());
      auto names = read_two_names(d);
      if (!names) return names.error();
      auto server = read_name(d.subspan(20, 10), 20, "server");
      if (!server) return server.error();
      if (!pdu::is_skip_reason(d[30]))
        return malformed("K reason byte " + hex_byte(d[30]) + " is not 1..4 in binary (busy, failed, in use, released)");
      auto padding = only_padding(d.subspan(kSkipReportSize), kSkipReportSize, "K after its reason");
      if (!padding) return padding.error();
      return UdpRequest{pdu::SkipReport{names->peer, names->content, *server, static_cast<pdu::SkipReason>(d[30])}};
    }
    case 'A': case 'E': case 'D': case 'C': case 'F':
      return ProtocolError{ErrorCode::UnknownType, std::string("PDU ") + type + " is not a request to the index"};
    default:
      return ProtocolError{ErrorCode::UnknownType, "unknown PDU type"};
  }
}

Result<pdu::Error> decode_error(ByteView d) {
  if (d.empty() || d.size() > 1 + kMaxErrorMessage) return wrong_size('E', d.size());
  if (!is_known_error_code(d[0])) {
    std::string text(reinterpret_cast<const char*>(d.data()), std::min<std::size_t>(d.size(), 40));
    for (char& c : text) c = (c >= 0x20 && c <= 0x7E) ? c : '.';
    return malformed("E code byte " + hex_byte(d[0]) + " is not 1..12 in binary; E data: \"" + text + "\"");
  }
  std::size_t len = d.size() - 1;
  while (len > 0 && d[len] == 0) --len;  // NUL padding after the text
  return pdu::Error{static_cast<ErrorCode>(d[0]), std::string(reinterpret_cast<const char*>(d.data() + 1), len)};
}

Result<UdpReply> decode_reply_data(char type, ByteView d) {
  switch (type) {
    case 'S': {
      if (d.size() < 21) return wrong_size(type, d.size());
      auto names = read_two_names(d);
      if (!names) return names.error();
      auto addr = read_address(d.subspan(20), 20, PortAlone::Refused);
      if (!addr) return addr.error();
      return UdpReply{pdu::SearchAnswer{names->peer, names->content, *addr}};
    }
    case 'O': {
      if (d.size() < 2) return wrong_size(type, d.size());
      auto names = read_name_slots(d, 2, kNamesPerListPage, "listed content");
      if (!names) return names.error();
      return UdpReply{pdu::ListAnswer{read_u16(d.data()), std::move(*names)}};
    }
    case 'A': {
      // 20 bytes, or 24 with the lease; zero-filled further, a padded 20-byte A reads as lease 0 (never expires),
      // which a peer treats as no lease.
      if (d.size() < 20 || (d.size() > 20 && d.size() < 24 && !all_nul(d.subspan(20))))
        return wrong_size(type, d.size());
      auto names = read_two_names(d);
      if (!names) return names.error();
      pdu::Ack a{names->peer, names->content, std::nullopt};
      if (d.size() >= 24) {
        auto padding = only_padding(d.subspan(24), 24, "A after its lease");
        if (!padding) return padding.error();
        a.lease = static_cast<std::uint32_t>(read_be(d.data() + 20, 4));
      }
      return UdpReply{a};
    }
    case 'E': {
      auto e = decode_error(d);
      if (!e) return e.error();
      return UdpReply{std::move(*e)};
    }
    case 'R': case 'T': case 'K': case 'D': case 'C': case 'F':
      return ProtocolError{ErrorCode::UnknownType, std::string("PDU ") + type + " is not a reply from the index"};
    default:
      return ProtocolError{ErrorCode::UnknownType, "unknown PDU type"};
  }
}

// Splits a datagram into type and data after the UDP framing checks.
Result<std::pair<char, ByteView>> split_datagram(ByteView datagram) {
  if (datagram.empty()) return malformed("empty datagram");
  if (datagram.size() > 1 + kMaxUdpData) return malformed("datagram is longer than 101 bytes");
  return std::pair<char, ByteView>{static_cast<char>(datagram[0]), datagram.subspan(1)};
}

}  // namespace

char type_of(const UdpRequest& p) {
  static constexpr char kTypes[] = {'R', 'S', 'T', 'O', 'K'};
  return kTypes[p.index()];
}
char type_of(const UdpReply& p) {
  static constexpr char kTypes[] = {'S', 'O', 'A', 'E'};
  return kTypes[p.index()];
}
char type_of(const StreamPdu& p) {
  static constexpr char kTypes[] = {'D', 'C', 'F', 'E'};
  return kTypes[p.index()];
}

std::string_view pdu::describe(SkipReason reason) {
  switch (reason) {
    case SkipReason::Busy: return "busy";
    case SkipReason::Failed: return "failed";
    case SkipReason::InUse: return "in use";
    case SkipReason::Released: return "released";
  }
  return "?";
}

pdu::Error make_error(ErrorCode code, std::string_view message) {
  std::string m;
  for (char c : message.substr(0, kMaxErrorMessage)) m += (c >= 0x20 && c <= 0x7E) ? c : '?';
  return {code, std::move(m)};
}

Bytes encode(const UdpRequest& p) {
  Bytes out;
  out.reserve(1 + kMaxUdpData);
  out.push_back(static_cast<std::uint8_t>(type_of(p)));
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pdu::Register>) {
          put_name(out, m.peer);
          put_name(out, m.content);
          put_text(out, m.address.to_string());
        } else if constexpr (std::is_same_v<T, pdu::SearchRequest>) {
          put_name(out, m.peer);
          put_name(out, m.content);
          for (std::size_t i = 0; i < m.exclude.size() && i < kMaxExcludes; ++i) put_name(out, m.exclude[i]);
        } else if constexpr (std::is_same_v<T, pdu::Deregister>) {
          put_name(out, m.peer);
          put_name(out, m.content);
        } else if constexpr (std::is_same_v<T, pdu::SkipReport>) {
          put_name(out, m.peer);
          put_name(out, m.content);
          put_name(out, m.server);
          out.push_back(static_cast<std::uint8_t>(m.reason));
        } else {
          put_u16(out, m.cursor);
        }
      },
      p);
  return out;
}

Bytes encode(const UdpReply& p) {
  Bytes out;
  out.reserve(1 + kMaxUdpData);
  out.push_back(static_cast<std::uint8_t>(type_of(p)));
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pdu::SearchAnswer>) {
          put_name(out, m.peer);
          put_name(out, m.content);
          put_text(out, m.address.to_string());
        } else if constexpr (std::is_same_v<T, pdu::ListAnswer>) {
          put_u16(out, m.next_cursor);
          for (std::size_t i = 0; i < m.names.size() && i < kNamesPerListPage; ++i) put_name(out, m.names[i]);
        } else if constexpr (std::is_same_v<T, pdu::Ack>) {
          put_name(out, m.peer);
          put_name(out, m.content);
          if (m.lease) put_u32(out, *m.lease);
        } else {
          out.push_back(static_cast<std::uint8_t>(m.code));
          put_text(out, std::string_view(m.message).substr(0, kMaxErrorMessage));
        }
      },
      p);
  return out;
}

void zero_fill(Bytes& datagram) {
  if (datagram.size() < 1 + kMaxUdpData) datagram.resize(1 + kMaxUdpData, 0);
}

Result<UdpRequest> decode_request(ByteView datagram) {
  auto split = split_datagram(datagram);
  if (!split) return split.error();
  return decode_request_data(split->first, split->second);
}

Result<UdpReply> decode_reply(ByteView datagram) {
  auto split = split_datagram(datagram);
  if (!split) return split.error();
  return decode_reply_data(split->first, split->second);
}

void write_frame_header(char type, std::uint16_t length, std::uint8_t* out) {
  out[0] = static_cast<std::uint8_t>(type);
  out[1] = static_cast<std::uint8_t>(length >> 8);
  out[2] = static_cast<std::uint8_t>(length);
}

Bytes encode_frame(const StreamPdu& p) {
  Bytes out;
  out.reserve(kFrameHeaderSize + 64);
  out.resize(kFrameHeaderSize);  // (not Bytes out(3): GCC 12 then warns falsely in -Warray-bounds)
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pdu::DownloadRequest>) {
          put_name(out, m.peer);
          put_name(out, m.content);
          if (m.offset || m.length) put_u64(out, m.offset.value_or(0));
          if (m.length) put_u64(out, *m.length);
        } else if constexpr (std::is_same_v<T, pdu::ContentData>) {
          auto d = m.data.subspan(0, std::min(m.data.size(), kMaxContentChunk));
          out.insert(out.end(), d.begin(), d.end());
        } else if constexpr (std::is_same_v<T, pdu::EndOfContent>) {
          put_u64(out, m.size);
          out.insert(out.end(), m.sha256.begin(), m.sha256.end());
        } else {
          out.push_back(static_cast<std::uint8_t>(m.code));
          put_text(out, std::string_view(m.message).substr(0, kMaxErrorMessage));
        }
      },
      p);
  write_frame_header(type_of(p), static_cast<std::uint16_t>(out.size() - kFrameHeaderSize), out.data());
  return out;
}

Result<std::uint16_t> check_frame_header(char type, std::uint16_t length) {
  bool ok = false;
  switch (type) {
    case 'D': ok = length == 20 || length == 28 || length == 36; break;
    case 'C': ok = length >= 1; break;
    case 'F': ok = length == 40; break;
    case 'E': ok = length >= 1 && length <= 1 + kMaxErrorMessage; break;
    case 'R': case 'S': case 'T': case 'O': case 'A': case 'K':
      return ProtocolError{ErrorCode::UnknownType, std::string("PDU ") + type + " does not travel over TCP"};
    default:
      return ProtocolError{ErrorCode::UnknownType, "unknown PDU type on the stream"};
  }
  if (!ok) return wrong_frame_length(type, length);
  return length;
}

Result<StreamPdu> decode_frame(char type, ByteView d) {
  if (d.size() > 0xFFFF) return malformed("frame longer than 65535 bytes");
  auto header = check_frame_header(type, static_cast<std::uint16_t>(d.size()));
  if (!header) return header.error();
  switch (type) {
    case 'D': {
      auto names = read_two_names(d);
      if (!names) return names.error();
      pdu::DownloadRequest r{names->peer, names->content, std::nullopt, std::nullopt};
      if (d.size() >= 28) r.offset = read_be(d.data() + 20, 8);
      if (d.size() == 36) r.length = read_be(d.data() + 28, 8);
      return StreamPdu{r};
    }
    case 'C':
      return StreamPdu{pdu::ContentData{d}};
    case 'F': {
      pdu::EndOfContent f;
      f.size = read_be(d.data(), 8);
      std::copy(d.begin() + 8, d.begin() + 40, f.sha256.begin());
      return StreamPdu{f};
    }
    default: {
      auto e = decode_error(d);
      if (!e) return e.error();
      return StreamPdu{std::move(*e)};
    }
  }
}

}  // namespace p2p
