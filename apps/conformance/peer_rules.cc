// SPDX-License-Identifier: GPL-2.0-only
#include "apps/conformance/peer_rules.h"

#include <memory>

namespace p2p::conformance {
namespace {

namespace asio = boost::asio;
using namespace std::string_literals;

constexpr const char* kServing = "Peer rules (Serving, D data)";
constexpr const char* kFraming = "Framing";
const Name kRequester = *Name::parse("checker");

// What a D got: the content bytes of its C frames, and how the answer ended.
struct Answer {
  Bytes content;
  std::optional<pdu::EndOfContent> end;
  std::optional<pdu::Error> error;
  std::string broke;       // why the answer ended without F or E, if it did
  Bytes wire;              // evidence: the frame that ended the answer (F, E, ...), whole; C frames are counted
  std::size_t c_frames = 0;
  std::size_t frames = 0;
  bool before_f_other = false;  // a frame other than C came before F
};

class PeerChecker {
 public:
  PeerChecker(asio::io_context& io, const PeerCheck& check, Report& report) : io_(io), check_(check), report_(report) {}

  bool run() {
    auto whole = download(pdu::DownloadRequest{kRequester, check_.content, std::nullopt, std::nullopt});
    if (!connected_) {
      report_.add(RuleResult{.id = "peer.D.whole", .status = Status::Fail,
                             .summary = "cannot connect to " + to_string(check_.server) + ": " + connect_error_,
                             .section = kServing});
      return false;
    }
    judge_whole(whole);
    unavailable();
    malformed();
    if (check_.v2) {
      if (!whole_ok_) {
        for (const char* id : {"peer.v2.offset", "peer.v2.range", "peer.v2.empty_range", "peer.v2.bad_range",
                               "peer.v2.persistent", "peer.v2.busy"})
          skip(id, "needs a whole download with its F first (peer.D.whole failed)");
        return true;
      }
      ranges();
      bad_range();
      persistent();
      busy();
    }
    return true;
  }

 private:
  static std::string to_string(const asio::ip::tcp::endpoint& e) {
    return (e.address().is_v6() ? "[" + e.address().to_string() + "]" : e.address().to_string()) + ":" +
           std::to_string(e.port());
  }

  // Reads the answer to one D: C frames until F or E, bounded by the deadline and the byte cap.
  Answer read_answer(TcpProbe& tcp) {
    Answer a;
    const auto deadline = Clock::now() + check_.download_timeout;
    while (true) {
      if (Clock::now() >= deadline) {
        a.broke = "the download took longer than " + std::to_string(check_.download_timeout.count() / 1000) + " s";
        return a;
      }
      auto f = tcp.read_frame(check_.timeout);
      if (!f) {
        a.broke = tcp.why();
        return a;
      }
      ++a.frames;
      Bytes header(kFrameHeaderSize);
      write_frame_header(f->type, static_cast<std::uint16_t>(f->data.size()), header.data());
      if (f->type == 'C') {
        ++a.c_frames;
      } else {
        a.wire = header;
        a.wire.insert(a.wire.end(), f->data.begin(), f->data.end());
      }
      auto pdu = decode_frame(f->type, f->data);
      if (!pdu) {
        a.broke = "a frame that does not decode: " + pdu.error().message;
        return a;
      }
      if (const auto* c = std::get_if<pdu::ContentData>(&*pdu)) {
        a.content.insert(a.content.end(), c->data.begin(), c->data.end());
        if (a.content.size() > check_.max_bytes) {
          a.broke = "more than " + std::to_string(check_.max_bytes) + " bytes (--max-bytes) without F";
          return a;
        }
        continue;
      }
      if (const auto* e = std::get_if<pdu::EndOfContent>(&*pdu)) {
        a.end = *e;
        return a;
      }
      if (const auto* e = std::get_if<pdu::Error>(&*pdu)) {
        a.error = *e;
        return a;
      }
      a.before_f_other = true;
      a.broke = "a D frame from the server";
      return a;
    }
  }

  std::unique_ptr<TcpProbe> open() {
    auto tcp = std::make_unique<TcpProbe>(io_);
    if (!tcp->connect(check_.server, check_.timeout)) {
      connect_error_ = tcp->why();
      return nullptr;
    }
    connected_ = true;
    return tcp;
  }

  Answer download(const pdu::DownloadRequest& d, TcpProbe* on = nullptr) {
    std::unique_ptr<TcpProbe> own;
    if (!on) {
      own = open();
      if (!own) return Answer{.broke = "cannot connect: " + connect_error_};
      on = own.get();
    }
    last_request_ = encode_frame(StreamPdu{d});
    if (!on->send(last_request_, check_.timeout)) return Answer{.broke = on->why()};
    return read_answer(*on);
  }

  RuleResult evidence(const std::string& id, const Answer& a, const char* section) const {
    RuleResult r{.id = id, .section = section};
    r.exchanges.push_back(Exchange{Channel::Stream, last_request_, received(a), note(a)});
    return r;
  }

  void judge(RuleResult r, const std::string& problem, std::string pass, std::string expected) {
    report_.judge(std::move(r), problem, std::move(pass), std::move(expected));
  }
  void skip(const std::string& id, const std::string& why) { report_.skip(id, why); }

  // What the evidence does not show: the C frames before the frame received, and how the answer broke off.
  static std::string note(const Answer& a) {
    std::string n;
    const std::string frames = std::to_string(a.c_frames) + " C frames (" + std::to_string(a.content.size()) + " bytes)";
    if (a.c_frames > 0) n = a.wire.empty() ? frames + " came" : "received after " + frames;
    if (!a.broke.empty()) n += (n.empty() ? "" : "; ") + std::string("then ") + a.broke;
    return n;
  }

  static std::optional<Bytes> received(const Answer& a) {
    if (a.wire.empty()) return std::nullopt;
    return a.wire;
  }

  static std::string how_it_ended(const Answer& a) {
    if (a.error) return "E " + std::to_string(static_cast<int>(a.error->code)) + " \"" + a.error->message + "\"";
    return a.broke.empty() ? "F" : "no F or E (" + a.broke + ")";
  }

  void judge_whole(const Answer& a) {
    std::string frames_problem;
    if (!a.end) frames_problem = "the answer to a whole D ended after " + std::to_string(a.content.size()) +
                                 " content bytes with " + how_it_ended(a);
    judge(evidence("peer.D.whole", a, kServing), frames_problem,
          "a whole D got C frames, then F (" + std::to_string(a.content.size()) + " bytes)",
          "C frames of the whole content, then F size[8] sha256[32]");
    if (!a.end) {
      skip("peer.F.size", "no F (peer.D.whole failed)");
      skip("peer.F.sha256", "no F (peer.D.whole failed)");
      return;
    }
    std::string size_problem;
    if (a.end->size != a.content.size())
      size_problem = "F says size " + std::to_string(a.end->size) + ", but " + std::to_string(a.content.size()) +
                     " bytes came in C frames";
    judge(evidence("peer.F.size", a, kServing), size_problem, "F's size matches the bytes received",
          "F size = " + std::to_string(a.content.size()));
    Digest got = Sha256::of(a.content);
    std::string digest_problem;
    if (got != a.end->sha256)
      digest_problem = "F's SHA-256 " + to_hex(a.end->sha256).substr(0, 16) + "... is not that of the bytes received, " +
                       to_hex(got).substr(0, 16) + "...";
    judge(evidence("peer.F.sha256", a, kServing), digest_problem, "F's SHA-256 matches the bytes received",
          "F sha256 = " + to_hex(got));
    whole_ok_ = size_problem.empty() && digest_problem.empty();
    whole_ = a.content;
    digest_ = got;
  }

  void unavailable() {
    Name none = *Name::parse("no-such-c");
    if (none == check_.content) none = *Name::parse("no-such-d");
    auto a = download(pdu::DownloadRequest{kRequester, none, std::nullopt, std::nullopt});
    std::string problem;
    if (!a.error || a.error->code != ErrorCode::ContentUnavailable)
      problem = "a D for content not held got " + (a.end ? "C frames and F" : how_it_ended(a));
    judge(evidence("peer.E9.unavailable", a, kServing), problem, "a D for content not held got E 9",
          "E 9 (content unavailable), then close");
  }

  // A D frame of 5 data bytes; then, on another connection, a course-style D with no length field.
  void malformed() {
    RuleResult r{.id = "peer.E1.malformed", .section = kFraming};
    std::string problem;
    // The second is the course's D, type then the names: "ch" of "checker" reads as length 25448.
    Bytes course = {'D'};
    course.resize(21, 0);
    kRequester.write_field(course.data() + 1);
    check_.content.write_field(course.data() + 11);
    for (const Bytes& bad : {Bytes{'D', 0, 5, 'a', 'b', 'c', 'd', 'e'}, course}) {
      if (!problem.empty()) break;
      auto tcp = open();
      if (!tcp || !tcp->send(bad, check_.timeout)) {
        problem = "could not send the frame";
        break;
      }
      Answer a = read_answer(*tcp);
      r.exchanges.push_back(Exchange{Channel::Stream, bad, received(a), note(a)});
      if (!a.error || a.error->code != ErrorCode::Malformed)
        problem = std::string(bad.size() == 8 ? "a D frame of 5 data bytes" : "a D without a length field") + " got " +
                  (a.end ? "F" : how_it_ended(a));
    }
    judge(std::move(r), problem, "a malformed frame got E 1", "E 1 (malformed PDU), then close");
  }

  void ranges() {
    const std::uint64_t size = whole_.size();
    const std::uint64_t half = size / 2;
    {
      auto a = download(pdu::DownloadRequest{kRequester, check_.content, half, std::nullopt});
      std::string problem;
      if (!a.end) problem = "a 28-byte D (offset " + std::to_string(half) + ") ended with " + how_it_ended(a);
      else if (a.content != Bytes(whole_.begin() + static_cast<std::ptrdiff_t>(half), whole_.end()))
        problem = "a 28-byte D (offset " + std::to_string(half) + ") got " + std::to_string(a.content.size()) +
                  " bytes that are not the content from there";
      else if (a.end->size != size || a.end->sha256 != digest_)
        problem = "the F after a range is not the whole content's";
      judge(evidence("peer.v2.offset", a, kServing), problem, "a 28-byte D got the content from its offset, then F",
            "the " + std::to_string(size - half) + " bytes from offset " + std::to_string(half) + ", then the whole F");
    }
    {
      const std::uint64_t offset = size > 0 ? 1 : 0;
      const std::uint64_t length = size > 1 ? std::min<std::uint64_t>(3, size - 1) : 0;
      auto a = download(pdu::DownloadRequest{kRequester, check_.content, offset, length});
      std::string problem;
      if (!a.end) problem = "a 36-byte D ended with " + how_it_ended(a);
      else if (a.content != Bytes(whole_.begin() + static_cast<std::ptrdiff_t>(offset),
                                  whole_.begin() + static_cast<std::ptrdiff_t>(offset + length)))
        problem = "a 36-byte D (offset " + std::to_string(offset) + ", length " + std::to_string(length) + ") got " +
                  std::to_string(a.content.size()) + " bytes that are not that range";
      judge(evidence("peer.v2.range", a, kServing), problem, "a 36-byte D got exactly its range, then F",
            "exactly " + std::to_string(length) + " bytes from offset " + std::to_string(offset) + ", then F");
    }
    {
      auto a = download(pdu::DownloadRequest{kRequester, check_.content, 0, 0});
      std::string problem;
      if (!a.end || !a.content.empty()) problem = "a D of length 0 got " + std::to_string(a.content.size()) +
                                                 " bytes and " + how_it_ended(a);
      else if (a.end->size != size || a.end->sha256 != digest_) problem = "the F of a D of length 0 is not the content's";
      judge(evidence("peer.v2.empty_range", a, kServing), problem, "a D of length 0 got F alone", "F alone");
    }
  }

  void bad_range() {
    auto a = download(pdu::DownloadRequest{kRequester, check_.content, whole_.size() + 1, std::nullopt});
    std::string problem;
    if (!a.error || a.error->code != ErrorCode::BadRange) problem = "a D past the end got " + how_it_ended(a);
    judge(evidence("peer.v2.bad_range", a, kServing), problem, "a D past the end got E 12", "E 12 (bad range)");
  }

  void persistent() {
    auto tcp = open();
    RuleResult r{.id = "peer.v2.persistent", .section = kServing};
    std::string problem = tcp ? "" : "cannot connect";
    for (int i = 0; i < 2 && problem.empty(); ++i) {
      auto a = download(pdu::DownloadRequest{kRequester, check_.content, 0, std::min<std::uint64_t>(1, whole_.size())},
                        tcp.get());
      r.exchanges.push_back(Exchange{Channel::Stream, last_request_, received(a), note(a)});
      if (!a.end) problem = "D number " + std::to_string(i + 1) + " on one connection ended with " + how_it_ended(a);
    }
    judge(std::move(r), problem, "two D on one connection were both answered", "C and F for each D, on one connection");
  }

  // E 11 can be provoked only while transfers last: several connections send a whole D and do not read.
  void busy() {
    constexpr int kConnections = 8;
    std::vector<std::unique_ptr<TcpProbe>> held;
    Bytes d = encode_frame(StreamPdu{pdu::DownloadRequest{kRequester, check_.content, std::nullopt, std::nullopt}});
    for (int i = 0; i < kConnections; ++i) {
      auto tcp = open();
      if (!tcp || !tcp->send(d, check_.timeout)) break;
      held.push_back(std::move(tcp));
    }
    for (auto& tcp : held) {
      auto f = tcp->read_frame(check_.timeout);
      if (f && f->type == 'E') {
        auto e = decode_frame('E', f->data);
        if (e && std::get<pdu::Error>(*e).code == ErrorCode::Busy)
          return report_.add(RuleResult{.id = "peer.v2.busy", .status = Status::Pass,
                                        .summary = "one D more than the upload slots got E 11", .section = kServing});
      }
    }
    skip("peer.v2.busy", "no E 11 with " + std::to_string(kConnections) +
                             " whole downloads at once (the content is too small to hold a slot, or the slots are more)");
  }

  asio::io_context& io_;
  const PeerCheck& check_;
  Report& report_;
  bool connected_ = false;
  std::string connect_error_;
  Bytes last_request_;
  bool whole_ok_ = false;
  Bytes whole_;
  Digest digest_{};
};

}  // namespace

bool check_peer(asio::io_context& io, const PeerCheck& check, Report& report) {
  return PeerChecker(io, check, report).run();
}

}  // namespace p2p::conformance
