// SPDX-License-Identifier: GPL-2.0-only
// libFuzzer target: a PeerEngine driven the way an adapter drives it, by a script of commands
// (script.h, PeerCommand): operations, datagrams from the index (real answers from an IndexServer
// or arbitrary bytes), connections that open, fail, carry bytes and close, and time passing.
// The engine must never crash, must send only valid requests and frames, must end every operation
// with exactly one OperationDone, and once the network falls silent it must wind down on its own.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "model/event_format.h"
#include "model/frame_reader.h"
#include "model/index_server.h"
#include "model/memory_store.h"
#include "model/peer_engine.h"
#include "script.h"

namespace {

using namespace p2p;
using namespace std::chrono_literals;
using fuzz::check;
using fuzz::endpoint;
using fuzz::fail;
using fuzz::name;
using fuzz::PeerCommand;
using fuzz::PeerOperation;

const Endpoint kIndex = endpoint("10.0.0.100:9000");
const Endpoint kSelf = endpoint("10.0.0.1:4000");  // the peer's UDP source as the index sees it
const Endpoint kStranger = endpoint("10.0.0.7:9000");

Bytes pattern(std::size_t size, std::uint8_t step) {
  Bytes b(size);
  for (std::size_t i = 0; i < size; ++i) b[i] = static_cast<std::uint8_t>(i * step + 7);
  return b;
}

PeerConfig peer_config(std::uint8_t b) {
  PeerConfig c;
  c.name = name("me");
  c.index = kIndex;
  c.chunk_size = 1 + (b & 0x0F) * 700u;
  c.max_attempts = 1 + ((b >> 4) & 3);
  c.register_downloads = (b & 0x40) == 0;
  // The top bit turns on multi-source downloads by tiny pieces; slots stay small so E 11 happens.
  c.sources = (b & 0x80) ? 3 : 1;
  c.piece_size = 1 + (b & 0x0F);
  c.upload_slots = 1 + ((b >> 4) & 1);
  return c;
}

class PeerHarness {
 public:
  explicit PeerHarness(fuzz::ScriptReader& in) : in_(in), engine_(peer_config(in.byte()), store_) {
    store_.add_bytes(name("song"), pattern(3000, 3));
    store_.add_bytes(name("tiny"), pattern(1, 5));
    remote_.add_bytes(name("film"), pattern(5000, 11));
    remote_.add_bytes(name("clip"), pattern(1, 13));
    // Two other peers already serve film, one serves clip.
    register_elsewhere("10.0.0.5:4000", "srv1", "film");
    register_elsewhere("10.0.0.6:4000", "srv2", "film");
    register_elsewhere("10.0.0.5:4000", "srv1", "clip");
  }

  void run() {
    while (!in_.done()) step(static_cast<PeerCommand>(in_.byte() % static_cast<std::uint8_t>(PeerCommand::Count)));
    wind_down();
  }

 private:
  struct Conn {
    bool outbound = false;
    bool connected = false;
    FrameReader sent;             // what the engine sent on it, checked frame by frame
    std::optional<Name> request;  // the content of the D the engine sent
  };

  void register_elsewhere(std::string_view from, std::string_view peer, std::string_view content) {
    auto r = encode(UdpRequest{pdu::Register{name(peer), name(content), endpoint("0.0.0.0:6000")}});
    index_.on_datagram(endpoint(from), r, now_);
    index_.take_events();  // the index only answers here: its events are not under test
  }

  void step(PeerCommand command) {
    switch (command) {
      case PeerCommand::Operation: return operation(in_.byte());
      case PeerCommand::DeliverIndexReply:
        if (!replies_.empty()) {
          Bytes reply = std::move(replies_.front());
          replies_.pop_front();
          engine_.on_datagram(kIndex, reply, now_);
        }
        return settle();
      case PeerCommand::LoseIndexReply:
        if (!replies_.empty()) replies_.pop_front();
        return;
      case PeerCommand::DatagramFromIndex:
        engine_.on_datagram(kIndex, in_.counted(), now_);
        return settle();
      case PeerCommand::DatagramFromStranger:
        engine_.on_datagram(kStranger, in_.counted(), now_);
        return settle();
      case PeerCommand::Accept: {
        ConnId id = engine_.on_accepted(endpoint("10.0.0.9:50000"), now_);
        check(conns_.count(id) == 0 && id != 0, "on_accepted gave an id already in use");
        conns_[id].connected = true;
        return settle();
      }
      case PeerCommand::ResolveConnect: {
        ConnId id = pick([](const Conn& c) { return c.outbound && !c.connected; });
        bool ok = in_.byte() % 2 == 0;
        auto it = conns_.find(id);
        if (ok) {
          if (it != conns_.end()) it->second.connected = true;
          engine_.on_connected(id, now_);
        } else {
          forget(id);
          engine_.on_connect_failed(id, now_);
        }
        return settle();
      }
      case PeerCommand::StreamBytes: {
        ConnId id = pick([](const Conn& c) { return c.connected; });
        engine_.on_stream_bytes(id, in_.counted(), now_);
        return settle();
      }
      case PeerCommand::ServeContent: return serve_content();
      case PeerCommand::StreamClosed: {
        ConnId id = pick([](const Conn& c) { return c.connected; });
        forget(id);
        engine_.on_stream_closed(id, now_);
        return settle();
      }
      case PeerCommand::Timer: {
        std::uint8_t tenths = in_.byte();
        auto deadline = engine_.next_deadline();
        if (tenths == 0 && deadline) now_ = std::max(now_, *deadline);
        now_ += tenths * 100ms;
        if (deadline && *deadline <= now_) engine_.on_timer(now_);
        return settle();
      }
      case PeerCommand::Pull: {
        ConnId id = pick([](const Conn& c) { return c.connected; });
        pull(id, 1 + in_.byte() * 37u);
        return settle();
      }
      case PeerCommand::Count: return;
    }
  }

  void operation(std::uint8_t which) {
    const auto& names = fuzz::peer_names();
    Name content = name(names[(which >> 3) % names.size()]);
    OpId op = 0;
    switch (static_cast<PeerOperation>((which & 7) % static_cast<std::uint8_t>(PeerOperation::Count))) {
      case PeerOperation::Register: op = engine_.register_content(content, now_); break;
      case PeerOperation::Deregister: op = engine_.deregister_content(content, now_); break;
      case PeerOperation::List: op = engine_.list_online(now_); break;
      case PeerOperation::Search: op = engine_.search(content, now_); break;
      case PeerOperation::Download: op = engine_.download(content, now_); break;
      case PeerOperation::Quit: op = engine_.quit(now_); break;
      case PeerOperation::Count: return;
    }
    check(started_.insert(op).second, "an operation id was handed out twice");
    settle();
  }

  // What a remote server would answer to the D the engine sent on this connection.
  void serve_content() {
    ConnId id = pick([](const Conn& c) { return c.outbound && c.connected && c.request; });
    std::uint8_t how = in_.byte();
    auto it = conns_.find(id);
    if (it == conns_.end() || !it->second.request) return;
    Bytes stream;
    auto append = [&](const StreamPdu& p) {
      auto f = encode_frame(p);
      stream.insert(stream.end(), f.begin(), f.end());
    };
    const Bytes* content = remote_.bytes_of(*it->second.request);
    if (content == nullptr) {
      append(pdu::Error{ErrorCode::ContentUnavailable, "not here"});
    } else {
      std::size_t chunk = 1 + (how & 0x3F) * 97u;
      for (std::size_t at = 0; at < content->size(); at += chunk)
        append(pdu::ContentData{ByteView(*content).subspan(at, std::min(chunk, content->size() - at))});
      Digest digest = Sha256::of(*content);
      if ((how & 0x80) != 0) digest[0] ^= 1;  // a corrupted transfer
      append(pdu::EndOfContent{content->size(), digest});
    }
    std::size_t half = (how & 0x40) != 0 ? stream.size() / 2 : stream.size();
    engine_.on_stream_bytes(id, ByteView(stream).first(half), now_);
    settle();
    if (half < stream.size()) {
      engine_.on_stream_bytes(id, ByteView(stream).subspan(half), now_);
      settle();
    }
  }

  // A connection the adapter knows in the wanted state, or (when there is none, or the script says
  // so) an id the engine has forgotten or never gave out: the engine must shrug those off.
  template <class Wanted>
  ConnId pick(Wanted wanted) {
    std::uint8_t choice = in_.byte();
    std::vector<ConnId> ids;
    for (const auto& [id, c] : conns_)
      if (wanted(c)) ids.push_back(id);
    if (!ids.empty() && choice != 0xFF) return ids[choice % ids.size()];
    if (!forgotten_.empty() && choice % 2 == 0) return forgotten_[choice % forgotten_.size()];
    return 1'000'000'000 + choice;  // far beyond any id the engine hands out
  }

  void forget(ConnId id) {
    if (conns_.erase(id) != 0) forgotten_.push_back(id);
  }

  std::size_t pull(ConnId id, std::size_t room) {
    std::vector<std::uint8_t> buffer(room);
    std::size_t n = engine_.pull_stream(id, buffer, now_);
    check(n <= room, "pull_stream wrote past the room it was given");
    if (n > 0) {
      auto it = conns_.find(id);
      check(it != conns_.end(), "pull_stream gave bytes for a connection the adapter never had");
      check_sent(it->second, ByteView(buffer).first(n));
    }
    return n;
  }

  // Every byte the engine sends on a stream must be a valid frame: D outbound; C, F or E inbound.
  void check_sent(Conn& c, ByteView bytes) {
    c.sent.feed(bytes);
    while (true) {
      auto next = c.sent.next();
      check(next.ok(), "the engine sent a bad frame header");
      if (!next->has_value()) return;
      auto frame = decode_frame((*next)->type, (*next)->data);
      check(frame.ok(), "the engine sent a frame that does not decode");
      if (c.outbound) {
        const auto* d = std::get_if<pdu::DownloadRequest>(&*frame);
        check(d != nullptr, "the engine sent something other than D to a content server");
        check(!c.request, "the engine sent two D on one connection");
        c.request = d->content;
      } else {
        check(!std::holds_alternative<pdu::DownloadRequest>(*frame), "the engine sent a D to a requester");
      }
    }
  }

  // Checks the engine's events and carries out its actions as an adapter would, until it has
  // neither (pulls while carrying out a Close report events too).
  void settle() {
    for (int round = 0; round < 10000; ++round) {
      for (const PeerEvent& ev : engine_.take_events()) observe(ev);
      auto actions = engine_.take_actions();
      if (actions.empty()) return;
      for (auto& a : actions) carry_out(a);
    }
    fail("the engine keeps asking for actions");
  }

  void carry_out(const PeerAction& a) {
    if (const auto* send = std::get_if<action::SendDatagram>(&a)) {
      check(send->to == kIndex, "a datagram to someone other than the index");
      check(decode_request(send->bytes).ok(), "the engine sent a request that does not decode");
      if (auto reply = index_.on_datagram(kSelf, send->bytes, now_)) replies_.push_back(std::move(*reply));
      index_.take_events();
    } else if (const auto* connect = std::get_if<action::Connect>(&a)) {
      check(connect->conn != 0 && conns_.count(connect->conn) == 0, "Connect with an id already in use");
      conns_[connect->conn].outbound = true;
    } else if (const auto* ready = std::get_if<action::StreamReady>(&a)) {
      auto it = conns_.find(ready->conn);
      check(it != conns_.end() && it->second.connected, "StreamReady for a connection that is not open");
    } else if (const auto* close = std::get_if<action::Close>(&a)) {
      check(conns_.count(close->conn) != 0, "Close for a connection the adapter does not have");
      while (pull(close->conn, 4096) > 0) {
      }
      forget(close->conn);
    }
  }

  void observe(const PeerEvent& ev) {
    if (std::getenv("P2P_FUZZ_TRACE")) std::fprintf(stderr, "event op %llu: %s\n", static_cast<unsigned long long>(ev.op), describe(ev).c_str());
    (void)describe(ev);
    (void)to_csv_row(ev, "n1", "me");
    if (ev.op == 0) return;
    // A cancelled operation's request already on the wire still finishes its retries, so wire
    // events may follow its OperationDone; nothing else may.
    bool wire = ev.kind == PeerEventKind::PduSent || ev.kind == PeerEventKind::PduReceived ||
                ev.kind == PeerEventKind::Retransmit;
    check(wire || finished_.count(ev.op) == 0, "an event for an operation after its OperationDone");
    if (ev.kind == PeerEventKind::OperationDone) finished_.insert(ev.op);
    // A completed quit withdrew every registration: nothing started before it may register later.
    if (ev.kind == PeerEventKind::QuitCompleted) quit_cutoff_ = std::max(quit_cutoff_, ev.op);
    check(ev.kind != PeerEventKind::Registered || ev.op > quit_cutoff_,
          "content registered by an operation from before a completed quit");
  }

  // The network falls silent: only time passes. Every operation must end, and the engine go idle
  // but for the registrations it renews or retries (soft state: they go on until a T or quit).
  void wind_down() {
    replies_.clear();
    for (int round = 0; round < 100000; ++round) {
      auto deadline = engine_.next_deadline();
      if (!deadline) break;
      if (!engine_.busy() && engine_.soft_state_pending()) break;
      now_ = std::max(now_, *deadline);
      engine_.on_timer(now_);
      settle();
      replies_.clear();
    }
    check(!engine_.next_deadline().has_value() || (!engine_.busy() && engine_.soft_state_pending()),
          "the engine's timers never run out");
    check(!engine_.busy(), "the engine stays busy with no timer to end it");
    for (OpId op : started_) check(finished_.count(op) != 0, "an operation never got its OperationDone");
  }

  fuzz::ScriptReader& in_;
  MemoryStore store_;
  MemoryStore remote_;
  IndexServer index_;
  PeerEngine engine_;
  Time now_{};
  std::deque<Bytes> replies_;  // the index's answers on their way to the peer
  std::map<ConnId, Conn> conns_;
  std::vector<ConnId> forgotten_;
  std::set<OpId> started_;
  std::set<OpId> finished_;
  OpId quit_cutoff_ = 0;  // the latest quit that completed
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ScriptReader in(data, size);
  PeerHarness harness(in);
  harness.run();
  return 0;
}
