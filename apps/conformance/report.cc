// SPDX-License-Identifier: GPL-2.0-only
#include "apps/conformance/report.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace p2p::conformance {
namespace {

const char* word(Status s) { return s == Status::Pass ? "PASS" : s == Status::Fail ? "FAIL" : "SKIP"; }

std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) out += (c >= 0x20 && c <= 0x7E) ? c : '.';
  return out;
}

std::string names(const std::vector<Name>& list) {
  std::string out;
  for (const Name& n : list) out += (out.empty() ? "" : ",") + n.str();
  return "[" + out + "]";
}

template <class Variant>
std::string describe(const Variant& v) {
  return std::visit(
      [](const auto& m) -> std::string {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, pdu::Register>)
          return "R peer=" + m.peer.str() + " content=" + m.content.str() + " address=" + m.address.to_string();
        else if constexpr (std::is_same_v<T, pdu::SearchRequest>)
          return "S peer=" + m.peer.str() + " content=" + m.content.str() + " exclude=" + names(m.exclude);
        else if constexpr (std::is_same_v<T, pdu::SearchAnswer>)
          return "S peer=" + m.peer.str() + " content=" + m.content.str() + " address=" + m.address.to_string();
        else if constexpr (std::is_same_v<T, pdu::Deregister>)
          return "T peer=" + m.peer.str() + " content=" + m.content.str();
        else if constexpr (std::is_same_v<T, pdu::ListRequest>)
          return "O cursor=" + std::to_string(m.cursor);
        else if constexpr (std::is_same_v<T, pdu::SkipReport>)
          return "K peer=" + m.peer.str() + " content=" + m.content.str() + " server=" + m.server.str() +
                 " reason=" + std::string(pdu::describe(m.reason));
        else if constexpr (std::is_same_v<T, pdu::ListAnswer>)
          return "O next_cursor=" + std::to_string(m.next_cursor) + " names=" + names(m.names);
        else if constexpr (std::is_same_v<T, pdu::Ack>)
          return "A peer=" + m.peer.str() + " content=" + m.content.str() +
                 (m.lease ? " lease=" + std::to_string(*m.lease) : std::string());
        else if constexpr (std::is_same_v<T, pdu::Error>)
          return "E " + std::to_string(static_cast<int>(m.code)) + " \"" + m.message + "\"";
        else if constexpr (std::is_same_v<T, pdu::DownloadRequest>)
          return "D peer=" + m.peer.str() + " content=" + m.content.str() +
                 (m.offset ? " offset=" + std::to_string(*m.offset) : std::string()) +
                 (m.length ? " length=" + std::to_string(*m.length) : std::string());
        else if constexpr (std::is_same_v<T, pdu::ContentData>)
          return "C " + std::to_string(m.data.size()) + " bytes";
        else
          return "F size=" + std::to_string(m.size) + " sha256=" + to_hex(m.sha256);
      },
      v);
}

// Stream bytes as frames, each decoded; a tail that is not a whole frame is said as such.
std::string decoded_stream(const Bytes& bytes) {
  std::string out;
  std::size_t at = 0;
  int shown = 0;
  while (at + kFrameHeaderSize <= bytes.size()) {
    char type = static_cast<char>(bytes[at]);
    std::size_t len = (std::size_t{bytes[at + 1]} << 8) | bytes[at + 2];
    if (at + kFrameHeaderSize + len > bytes.size()) break;
    auto f = decode_frame(type, ByteView(bytes).subspan(at + kFrameHeaderSize, len));
    if (++shown <= 6) out += (out.empty() ? "" : "; ") + (f ? describe(*f) : "undecodable: " + f.error().message);
    at += kFrameHeaderSize + len;
  }
  if (shown > 6) out += "; ... " + std::to_string(shown) + " frames in all";
  if (at < bytes.size()) out += (out.empty() ? "" : "; ") + std::to_string(bytes.size() - at) + " bytes of a partial frame";
  return out;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else out += c;
  }
  return out + "\"";
}

std::string xml_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += (static_cast<unsigned char>(c) < 0x20 && c != '\n') ? '?' : c;
  }
  return out;
}

// The evidence of a FAIL, as printed and as written into JUnit.
std::string evidence(const RuleResult& r) {
  std::ostringstream os;
  for (const auto& x : r.exchanges) {
    if (!x.note.empty()) os << "    (" << x.note << ")\n";
    Channel answer = x.channel == Channel::ToIndex ? Channel::FromIndex : x.channel;
    os << "    sent:     " << hex(x.sent) << "\n              " << decoded(x.sent, x.channel) << "\n";
    if (x.received)
      os << "    received: " << hex(*x.received) << "\n              " << decoded(*x.received, answer) << "\n";
    else
      os << "    received: nothing\n";
  }
  if (!r.expected.empty()) os << "    expected: " << r.expected << "\n";
  if (!r.section.empty()) os << "    spec:     protocol.md, " << r.section << "\n";
  return os.str();
}

}  // namespace

std::string hex(const Bytes& bytes) {
  static constexpr std::size_t kShown = 128;
  std::string out;
  char buf[4];
  for (std::size_t i = 0; i < bytes.size() && i < kShown; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    out += (i ? " " : "") + std::string(buf);
  }
  if (bytes.size() > kShown) out += " ... (" + std::to_string(bytes.size()) + " bytes)";
  return out.empty() ? "(empty)" : out;
}

std::string decoded(const Bytes& bytes, Channel channel) {
  if (channel == Channel::Stream) return decoded_stream(bytes);
  if (channel == Channel::ToIndex) {
    auto r = decode_request(bytes);
    return r ? describe(*r) : "undecodable (E " + std::to_string(static_cast<int>(r.error().code)) + "): " + r.error().message;
  }
  auto r = decode_reply(bytes);
  return r ? describe(*r) : "undecodable (E " + std::to_string(static_cast<int>(r.error().code)) + "): " + r.error().message;
}

void Report::judge(RuleResult r, const std::string& problem, std::string pass, std::string expected) {
  if (problem.empty()) {
    r.status = Status::Pass;
    r.summary = std::move(pass);
    r.exchanges.clear();
  } else {
    r.status = Status::Fail;
    r.summary = problem;
    r.expected = std::move(expected);
  }
  add(std::move(r));
}

void Report::skip(const std::string& id, const std::string& why) {
  add(RuleResult{.id = id, .status = Status::Skip, .summary = why});
}

void Report::add(RuleResult r) {
  std::cout << word(r.status) << "  " << r.id << "  " << printable(r.summary) << "\n";
  if (r.status == Status::Fail) std::cout << evidence(r);
  std::cout.flush();
  rules_.push_back(std::move(r));
}

int Report::count(Status s) const {
  int n = 0;
  for (const auto& r : rules_) n += r.status == s;
  return n;
}

bool Report::write_json(const std::string& path) const {
  std::ofstream out(path);
  out << "{\n  \"checker\": \"p2p-conformance\",\n  \"mode\": " << json_string(mode_) << ",\n  \"target\": "
      << json_string(target_) << ",\n  \"level\": " << json_string(level_) << ",\n  \"passed\": "
      << count(Status::Pass) << ",\n  \"failed\": " << count(Status::Fail) << ",\n  \"skipped\": "
      << count(Status::Skip) << ",\n  \"rules\": [";
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const auto& r = rules_[i];
    out << (i ? "," : "") << "\n    {\"id\": " << json_string(r.id) << ", \"status\": " << json_string(word(r.status))
        << ", \"summary\": " << json_string(printable(r.summary)) << ", \"expected\": " << json_string(r.expected)
        << ", \"section\": " << json_string(r.section) << ",\n     \"exchanges\": [";
    for (std::size_t j = 0; j < r.exchanges.size(); ++j) {
      const auto& x = r.exchanges[j];
      Channel answer = x.channel == Channel::ToIndex ? Channel::FromIndex : x.channel;
      out << (j ? ", " : "") << "{\"note\": " << json_string(x.note) << ", \"sent_hex\": " << json_string(hex(x.sent))
          << ", \"sent\": " << json_string(printable(decoded(x.sent, x.channel))) << ", \"received_hex\": "
          << (x.received ? json_string(hex(*x.received)) : "null") << ", \"received\": "
          << (x.received ? json_string(printable(decoded(*x.received, answer))) : "null") << "}";
    }
    out << "]}";
  }
  out << "\n  ]\n}\n";
  return static_cast<bool>(out);
}

bool Report::write_junit(const std::string& path) const {
  std::ofstream out(path);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"p2p-conformance " << xml_text(mode_) << " "
      << xml_text(target_) << " " << xml_text(level_) << "\" tests=\"" << rules_.size() << "\" failures=\""
      << count(Status::Fail) << "\" skipped=\"" << count(Status::Skip) << "\">\n";
  for (const auto& r : rules_) {
    out << "  <testcase classname=\"" << xml_text(mode_) << "\" name=\"" << xml_text(r.id) << "\">";
    if (r.status == Status::Fail)
      out << "<failure message=\"" << xml_text(printable(r.summary)) << "\">" << xml_text(evidence(r)) << "</failure>";
    else if (r.status == Status::Skip)
      out << "<skipped message=\"" << xml_text(printable(r.summary)) << "\"/>";
    out << "</testcase>\n";
  }
  out << "</testsuite>\n";
  return static_cast<bool>(out);
}

}  // namespace p2p::conformance
