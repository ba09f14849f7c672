// SPDX-License-Identifier: GPL-2.0-only
#include "apps/conformance/act_as.h"

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <fstream>
#include <iostream>
#include <iterator>

#include "apps/native/net_address.h"
#include "model/index_server.h"

namespace p2p::conformance {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

// A PDU that the reference answers with E 1, 2 or 3 breaks the format; E 8 names another host. Other
// errors (E 4, 5, 6) come from the registry's state and say nothing against the PDU.
bool breaks_the_spec(const Bytes& reply) {
  auto d = decode_reply(reply);
  const auto* e = d ? std::get_if<pdu::Error>(&*d) : nullptr;
  if (!e) return false;
  return e->code == ErrorCode::Malformed || e->code == ErrorCode::UnknownType || e->code == ErrorCode::BadName ||
         e->code == ErrorCode::AddressMismatch;
}

std::string source_text(const Endpoint& from) { return from.to_string(); }

}  // namespace

bool act_as_index(asio::io_context& io, const ActAs& act, Report& report) {
  udp::socket socket(io, udp::endpoint(asio::ip::address_v4::loopback(), act.port));
  std::cout << "acting as an index on udp 127.0.0.1:" << socket.local_endpoint().port() << " for at most "
            << act.duration.count() / 1000 << " s or " << act.count << " PDUs" << std::endl;
  IndexServer index;
  const auto start = Clock::now();
  const auto end = start + act.duration;
  std::array<std::uint8_t, 2048> buffer{};
  int seen = 0;
  while (seen < act.count && Clock::now() < end) {
    bool done = false;
    std::size_t size = 0;
    udp::endpoint from;
    socket.async_receive_from(asio::buffer(buffer), from, [&](const boost::system::error_code& ec, std::size_t n) {
      done = !ec;
      size = n;
    });
    if (!run_until(io, socket, done, std::chrono::duration_cast<Millis>(end - Clock::now()))) break;
    const Bytes datagram(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(size));
    const Endpoint source = native::to_core(from);
    // The checker is an index of protocol.md alone: K, this project's skip report, is a type it does not
    // know, answered E 2 as a v1 index does (after which a peer of this project sends no more).
    const bool extension = !datagram.empty() && datagram[0] == 'K';
    std::optional<Bytes> reply =
        extension ? std::optional<Bytes>(encode(UdpReply{make_error(ErrorCode::UnknownType, "unknown PDU type")}))
                  : index.on_datagram(source, datagram, std::chrono::duration_cast<Time>(Clock::now() - start));
    index.take_events();
    ++seen;
    RuleResult r{.id = "from-peer." + std::to_string(seen) + "." +
                       (datagram.empty() ? std::string("empty") : std::string(1, static_cast<char>(datagram[0]))),
                 .section = "Framing; PDU types"};
    r.exchanges.push_back(Exchange{Channel::ToIndex, datagram, reply, "from " + source_text(source)});
    bool bad = datagram.empty() || (reply && breaks_the_spec(*reply));
    r.status = bad ? Status::Fail : Status::Pass;
    r.summary = decoded(datagram, Channel::ToIndex) + (reply ? " -> " + decoded(*reply, Channel::FromIndex) : "");
    if (bad) r.expected = "a PDU laid out as protocol.md says (the answer names what is wrong)";
    report.add(std::move(r));
    if (reply) {
      if (act.pad) zero_fill(*reply);
      boost::system::error_code ignored;
      socket.send_to(asio::buffer(*reply), from, 0, ignored);
    }
  }
  return seen > 0;
}

namespace {

// Answers the D frames of one connection as the spec says, judging each frame it receives.
void serve_connection(TcpProbe& tcp, const ActAs& act, const Bytes& content, const Digest& digest, Report& report,
                      int& seen) {
  const std::string who = "connection " + std::to_string(seen + 1);
  while (seen < act.count) {
    auto frame = tcp.read_header(act.timeout * 5);  // the spec's 10 s idle time, with the default timeout
    if (!frame) return;
    ++seen;
    Bytes wire(kFrameHeaderSize);
    write_frame_header(frame->type, static_cast<std::uint16_t>(frame->data.size()), wire.data());
    // A bad header is answered at once, without waiting for data that may never come (a course-style D).
    auto header = check_frame_header(frame->type, static_cast<std::uint16_t>(frame->data.size()));
    if (header && !tcp.read_data(*frame, act.timeout * 5)) return;
    if (header) wire.insert(wire.end(), frame->data.begin(), frame->data.end());
    RuleResult r{.id = "from-peer." + std::to_string(seen) + "." + std::string(1, frame->type), .section = "Framing; Peer rules"};
    auto pdu = header ? decode_frame(frame->type, frame->data) : Result<StreamPdu>(header.error());
    Bytes answer;
    if (!pdu) {
      answer = encode_frame(StreamPdu{make_error(pdu.error().code, pdu.error().message)});
    } else if (const auto* d = std::get_if<pdu::DownloadRequest>(&*pdu)) {
      const std::uint64_t offset = d->offset.value_or(0);
      if (d->content != act.content) {
        answer = encode_frame(StreamPdu{make_error(ErrorCode::ContentUnavailable, d->content.str() + " is not held here")});
      } else if (offset > content.size() || (d->length && *d->length > content.size() - offset)) {
        answer = encode_frame(StreamPdu{make_error(ErrorCode::BadRange, "the range runs past the end")});
      } else {
        const std::uint64_t length = d->length.value_or(content.size() - offset);
        for (std::uint64_t at = 0; at < length; at += 16384) {
          auto piece = ByteView(content).subspan(offset + at, std::min<std::uint64_t>(16384, length - at));
          tcp.send(encode_frame(StreamPdu{pdu::ContentData{piece}}), act.timeout * 5);
        }
        answer = encode_frame(StreamPdu{pdu::EndOfContent{content.size(), digest}});
      }
    } else {
      answer = encode_frame(StreamPdu{make_error(ErrorCode::UnknownType, "a content server takes D frames only")});
    }
    bool ok = pdu && std::holds_alternative<pdu::DownloadRequest>(*pdu);
    r.status = ok ? Status::Pass : Status::Fail;
    r.summary = who + ": " + (ok ? decoded(wire, Channel::Stream) : "cannot be used: " + (pdu ? std::string("not a D") : pdu.error().message));
    if (!ok) r.expected = "D type[1] length[2] peer[10] content[10] (offset[8] (length[8]))";
    Bytes shown = answer.size() > 64 ? Bytes(answer.begin(), answer.begin() + 64) : answer;
    r.exchanges.push_back(Exchange{Channel::Stream, wire, shown, who});
    report.add(std::move(r));
    tcp.send(answer, act.timeout * 5);
    if (!ok || answer[0] == 'E') return;  // E, then close
  }
}

}  // namespace

bool act_as_server(asio::io_context& io, const ActAs& act, Report& report) {
  std::ifstream in(act.file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + act.file.string());
  const Bytes content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Digest digest = Sha256::of(content);
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), act.port));
  std::cout << "acting as the content server of " << act.content << " (" << content.size() << " bytes) on tcp 127.0.0.1:"
            << acceptor.local_endpoint().port() << " for at most " << act.duration.count() / 1000 << " s or "
            << act.count << " PDUs" << std::endl;
  const auto end = Clock::now() + act.duration;
  int seen = 0;
  while (seen < act.count && Clock::now() < end) {
    TcpProbe tcp(io);
    bool done = false;
    acceptor.async_accept(tcp.socket(), [&](const boost::system::error_code& ec) { done = !ec; });
    if (!run_until(io, acceptor, done, std::chrono::duration_cast<Millis>(end - Clock::now()))) break;
    serve_connection(tcp, act, content, digest, report, seen);
  }
  return seen > 0;
}

}  // namespace p2p::conformance
