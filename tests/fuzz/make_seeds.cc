// SPDX-License-Identifier: GPL-2.0-only
// Writes the fuzz targets' seed corpora (valid PDUs, streams and scripts) into DIR/codec,
// DIR/index and DIR/peer, so that the fuzzers start from inputs that reach deep into the core.
// Usage: fuzz_seeds DIR
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "model/pdu.h"
#include "script.h"

namespace {

using namespace p2p;
using fuzz::endpoint;
using fuzz::name;
using fuzz::PeerCommand;
using fuzz::PeerOperation;
using fuzz::ScriptWriter;

void write(const std::filesystem::path& dir, const std::string& file, const std::vector<std::uint8_t>& bytes) {
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

Bytes join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

UdpRequest R(std::string_view peer, std::string_view content, std::string_view address) {
  return pdu::Register{name(peer), name(content), endpoint(address)};
}
UdpRequest S(std::string_view peer, std::string_view content, std::vector<Name> exclude = {}) {
  return pdu::SearchRequest{name(peer), name(content), std::move(exclude)};
}
UdpRequest T(std::string_view peer, std::string_view content) { return pdu::Deregister{name(peer), name(content)}; }

// ---- codec: a cut byte, then one PDU or a stream of frames ---------------------------------------

void codec_seeds(const std::filesystem::path& dir) {
  std::vector<std::pair<std::string, Bytes>> pdus = {
      {"register", encode(R("alice", "song", "10.0.0.1:6000"))},
      {"register_v6", encode(R("abcdefghij", "0123456789", "[2001:db8::1]:65535"))},
      {"search", encode(S("bob", "song"))},
      {"search_excludes", encode(S("bob", "song", {name("x1"), name("x2"), name("x3")}))},
      {"deregister", encode(T("alice", "song"))},
      {"list", encode(UdpRequest{pdu::ListRequest{3}})},
      {"search_answer", encode(UdpReply{pdu::SearchAnswer{name("alice"), name("song"), endpoint("[::1]:80")}})},
      {"list_answer", encode(UdpReply{pdu::ListAnswer{1, {name("a"), name("b"), name("song")}}})},
      {"ack", encode(UdpReply{pdu::Ack{name("alice"), name("song")}})},
      {"ack_lease", encode(UdpReply{pdu::Ack{name("alice"), name("song"), 1800u}})},
      {"busy", encode(UdpReply{pdu::Error{ErrorCode::Busy, "all 4 upload slots are in use"}})},
      {"error", encode(UdpReply{pdu::Error{ErrorCode::NotFound, "no server for song"}})},
  };
  Bytes chunk = {1, 2, 3, 4, 5};
  Bytes transfer = join({encode_frame(pdu::DownloadRequest{name("bob"), name("song")}),
                         encode_frame(pdu::ContentData{chunk}), encode_frame(pdu::ContentData{chunk}),
                         encode_frame(pdu::EndOfContent{10, Sha256::of(join({chunk, chunk}))})});
  pdus.emplace_back("stream_transfer", transfer);
  pdus.emplace_back("stream_error", encode_frame(pdu::Error{ErrorCode::ContentUnavailable, "not held"}));
  pdus.emplace_back("stream_ranges", join({encode_frame(pdu::DownloadRequest{name("bob"), name("song"), 5, {}}),
                                           encode_frame(pdu::DownloadRequest{name("bob"), name("song"), 2, 3}),
                                           encode_frame(pdu::DownloadRequest{name("bob"), name("song"), 0, 0}),
                                           encode_frame(pdu::Error{ErrorCode::BadRange, "past the end"})}));
  std::uint8_t cut = 1;
  for (const auto& [file, bytes] : pdus) write(dir, file, join({Bytes{cut++}, bytes}));
}

// ---- index: a config byte, then [source + seconds][length][datagram] records ---------------------

struct IndexScript {
  ScriptWriter w;
  explicit IndexScript(std::uint8_t config) { w.byte(config); }
  IndexScript& send(std::size_t source, const Bytes& datagram, unsigned seconds = 0) {
    w.byte(fuzz::index_record_control(source, seconds)).counted(datagram);
    return *this;
  }
};

void index_seeds(const std::filesystem::path& dir) {
  write(dir, "register_search_deregister",
        IndexScript(0)
            .send(0, encode(R("alice", "song", "0.0.0.0:6000")))
            .send(2, encode(S("bob", "song")))
            .send(1, encode(T("alice", "song")))
            .send(3, encode(UdpRequest{pdu::ListRequest{0}}))
            .w.data());
  write(dir, "three_servers_excludes",
        IndexScript(0x01)
            .send(0, encode(R("p1", "song", "10.0.0.1:6000")))
            .send(2, encode(R("p2", "song", "0.0.0.0:6000")))
            .send(3, encode(R("p3", "song", "[::]:6000")))
            .send(1, encode(S("q", "song", {name("p1")})))
            .send(1, encode(S("q", "song", {name("p1"), name("p2"), name("p3")})))
            .w.data());
  write(dir, "taken_mismatch_full",
        IndexScript(0x08)
            .send(0, encode(R("alice", "song", "0.0.0.0:6000")))
            .send(2, encode(R("alice", "song", "0.0.0.0:6000")))
            .send(2, encode(R("bob", "song", "10.0.0.1:6000")))
            .send(3, encode(R("carol", "film", "0.0.0.0:1")))
            .send(3, encode(R("dave", "clip", "0.0.0.0:1")))
            .w.data());
  write(dir, "retransmissions_and_ttl",
        IndexScript(0x02)
            .send(0, encode(R("alice", "song", "0.0.0.0:6000")))
            .send(0, encode(R("alice", "song", "0.0.0.0:6000")), 1)
            .send(0, encode(T("alice", "song")))
            .send(0, encode(T("alice", "song")), 2)
            .send(0, encode(T("alice", "song")), 40)
            .w.data());
  IndexScript paging(0x43);
  for (char c = 'a'; c <= 'z'; ++c) paging.send(0, encode(R("p", std::string(1, c) + "x", "0.0.0.0:1")));
  for (std::uint16_t page = 0; page < 4; ++page) paging.send(2, encode(UdpRequest{pdu::ListRequest{page}}));
  write(dir, "paging", paging.w.data());
  write(dir, "malformed",
        IndexScript(0)
            .send(0, Bytes{})
            .send(0, Bytes{'E', 1, 'x'})
            .send(1, Bytes{'X'})
            .send(2, Bytes{'T', 'a'})
            .send(3, encode(UdpReply{pdu::Ack{name("a"), name("b")}}))
            .w.data());
}

// ---- peer: a config byte, then commands ------------------------------------------------------------

struct PeerScript {
  ScriptWriter w;
  explicit PeerScript(std::uint8_t config) { w.byte(config); }
  PeerScript& command(PeerCommand c) {
    w.byte(static_cast<std::uint8_t>(c));
    return *this;
  }
  PeerScript& op(PeerOperation o, std::size_t name_index) {
    command(PeerCommand::Operation).w.byte(fuzz::peer_operation(o, name_index));
    return *this;
  }
  PeerScript& deliver() { return command(PeerCommand::DeliverIndexReply); }
  PeerScript& lose() { return command(PeerCommand::LoseIndexReply); }
  PeerScript& with(std::uint8_t b) {
    w.byte(b);
    return *this;
  }
  PeerScript& counted(const Bytes& b) {
    w.counted(b);
    return *this;
  }
};

constexpr std::size_t kSong = 0, kTiny = 1, kFilm = 2, kClip = 3;

void peer_seeds(const std::filesystem::path& dir) {
  write(dir, "register_list_deregister",
        PeerScript(0)
            .op(PeerOperation::Register, kSong).deliver()
            .op(PeerOperation::Register, kTiny).deliver()
            .op(PeerOperation::List, 0).deliver()
            .op(PeerOperation::Deregister, kTiny).deliver()
            .op(PeerOperation::Search, kFilm).deliver()
            .w.data());
  // Download film: S answered, connect, the D pulled, the content served, the R answered.
  write(dir, "download",
        PeerScript(0x03)
            .op(PeerOperation::Download, kFilm).deliver()
            .command(PeerCommand::ResolveConnect).with(0).with(0)
            .command(PeerCommand::Pull).with(0).with(1)
            .command(PeerCommand::ServeContent).with(0).with(0x05)
            .deliver()
            .w.data());
  write(dir, "download_corrupt_then_retry",
        PeerScript(0x13)
            .op(PeerOperation::Download, kFilm).deliver()
            .command(PeerCommand::ResolveConnect).with(0).with(0)
            .command(PeerCommand::Pull).with(0).with(1)
            .command(PeerCommand::ServeContent).with(0).with(0xC1)
            .deliver()
            .command(PeerCommand::ResolveConnect).with(0).with(0)
            .command(PeerCommand::Pull).with(0).with(1)
            .command(PeerCommand::ServeContent).with(0).with(0x02)
            .deliver()
            .w.data());
  write(dir, "download_connect_fails",
        PeerScript(0x20)
            .op(PeerOperation::Download, kClip).deliver()
            .command(PeerCommand::ResolveConnect).with(0).with(1)
            .deliver()
            .command(PeerCommand::Timer).with(0)
            .w.data());
  Bytes request = encode_frame(pdu::DownloadRequest{name("bob"), name("song")});
  write(dir, "serve",
        PeerScript(0x01)
            .command(PeerCommand::Accept)
            .command(PeerCommand::StreamBytes).with(0).counted(request)
            .command(PeerCommand::Pull).with(0).with(200)
            .command(PeerCommand::Pull).with(0).with(200)
            .command(PeerCommand::Pull).with(0).with(200)
            .w.data());
  Bytes ranges = join({encode_frame(pdu::DownloadRequest{name("bob"), name("song"), 3, {}}),
                       encode_frame(pdu::DownloadRequest{name("bob"), name("song"), 0, 0}),
                       encode_frame(pdu::DownloadRequest{name("bob"), name("song"), 1, 2})});
  write(dir, "serve_ranges_on_one_connection",
        PeerScript(0x01)
            .command(PeerCommand::Accept)
            .command(PeerCommand::StreamBytes).with(0).counted(ranges)
            .command(PeerCommand::Pull).with(0).with(200)
            .command(PeerCommand::Pull).with(0).with(200)
            .command(PeerCommand::Pull).with(0).with(200)
            .w.data());
  write(dir, "serve_unknown_and_stall",
        PeerScript(0x01)
            .command(PeerCommand::Accept)
            .command(PeerCommand::StreamBytes).with(0).counted(encode_frame(pdu::DownloadRequest{name("bob"), name("film")}))
            .command(PeerCommand::Accept)
            .command(PeerCommand::StreamBytes).with(1).counted(request)
            .command(PeerCommand::Timer).with(0)
            .command(PeerCommand::Timer).with(200)
            .w.data());
  write(dir, "retries_and_quit",
        PeerScript(0)
            .op(PeerOperation::Register, kSong).lose()
            .command(PeerCommand::Timer).with(0).deliver()
            .op(PeerOperation::Quit, 0).deliver()
            .w.data());
  write(dir, "stray_datagrams",
        PeerScript(0)
            .op(PeerOperation::Search, kSong)
            .command(PeerCommand::DatagramFromStranger).counted(encode(UdpReply{pdu::Ack{name("me"), name("song")}}))
            .command(PeerCommand::DatagramFromIndex).counted(encode(UdpReply{pdu::ListAnswer{0, {}}}))
            .command(PeerCommand::DatagramFromIndex).counted(encode(UdpReply{pdu::Error{ErrorCode::NotFound, "no"}}))
            .w.data());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_seeds DIR\nwrites the seed corpora of the fuzz targets into DIR/codec, DIR/index "
                 "and DIR/peer\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  codec_seeds(dir / "codec");
  index_seeds(dir / "index");
  peer_seeds(dir / "peer");
  return 0;
}
