// SPDX-License-Identifier: GPL-2.0-only
// The peer engine's private state, shared by its implementation files only.
#pragma once
#include <limits>

#include "peer_engine.h"

namespace p2p {

struct PeerEngine::UdpRequestState {
  OpId op = 0;
  Purpose purpose = Purpose::Register;
  Name content;
  std::uint16_t cursor = 0;
  std::size_t worker = 0;  // DownloadSearch: which worker of the download asked
  std::vector<Name> exclude;  // DownloadSearch: the exclude list sent, made when first sent
  Bytes bytes;       // the encoded request, sent again unchanged on retry
  char type = 0;
  int tries = 0;     // transmissions so far
  Time deadline{};   // when to retransmit or give up
  OpId quit_op = 0;  // an R in flight when quit came: withdraw it with a T once it is answered
  std::string unusable;  // the last answer that came but could not be read, said if no better one follows
  std::optional<ErrorCode> unusable_code;  // the E code a reader would answer it with
};

// A byte range of a content; kToEnd as length means "to the end, size not known yet".
struct ByteRange {
  static constexpr std::uint64_t kToEnd = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t offset = 0;
  std::uint64_t length = kToEnd;
  bool resumed = false;  // the rest of a range whose server failed
  bool to_end() const { return length == kToEnd; }
};

// One server connection of a download. A single-source download has one worker; a multi-source
// one has up to `sources`, each fetching pieces from its own server.
struct PeerEngine::Worker {
  std::size_t id = 0;
  enum class Phase { Idle, Waiting, Searching, Connecting, Receiving } phase = Phase::Idle;
  Name server;
  Endpoint address;
  ConnId conn = 0;
  std::optional<ByteRange> range;  // asked for with the last D; none: probing size and digest
  bool probing = false;            // the D in flight has length 0
  std::uint64_t got = 0;           // bytes of `range` received
  Time deadline{};                 // connect or stall deadline; Waiting: when to search again
  int idle_rounds = 0;             // consecutive searches that found no free server
  std::size_t ranges_on_conn = 0;  // ranges this connection delivered: a close after one is benign
  int reconnects = 0;              // reconnections to the same server since its last byte
  // Racing (parallel connects): servers connected to at once; the first that answers becomes
  // `server`, the others are closed. Searches for more candidates go on while `race_searches`.
  struct Candidate {
    Name server;
    Endpoint address;
    ConnId conn = 0;
    Time deadline{};
  };
  bool racing = false;
  std::vector<Candidate> candidates;
  std::size_t race_searches = 0;   // searches still to send for candidates
  bool race_searching = false;     // a search for a candidate is out
};

struct PeerEngine::Download {
  OpId op = 0;
  Name content;
  enum class Phase { Fetching, BackingOff, Registering } phase = Phase::Fetching;
  Time started{};
  Time backoff_until{};
  std::vector<Worker> workers;  // fixed size once started: references stay valid

  // What the content is, once an F said so; every later F must agree.
  std::optional<std::uint64_t> size;
  std::optional<Digest> digest;
  Name reference;               // the server whose F set size and digest
  std::vector<ByteRange> missing;  // not asked for yet, by offset
  std::vector<ByteRange> done;     // received, not yet hashed (beyond `hashed`), by offset
  std::uint64_t hashed = 0;        // bytes [0, hashed) are in `hash`
  Sha256 hash;
  std::unique_ptr<ContentSink> sink;

  std::vector<Name> failed;  // excluded (the unreachable ones until an empty swarm's backoff)
  std::vector<Name> unreachable;  // failed in a way that may pass (connect, close, stall, E 9): tried again after an empty swarm's backoff
  std::vector<Name> busy;    // excluded for this round
  std::vector<Name> contributors;  // servers whose bytes are in the sink now
  std::size_t failures = 0;
  std::size_t failed_in_row = 0;  // servers that failed since one last answered (parallel connects)
  std::map<Name, pdu::SkipReason> reported;  // the last skip report sent per server
  int round = 1;
  int busy_rounds = 0;  // consecutive rounds that ended with every server busy and none new
  std::vector<Name> last_round_busy;  // who was busy in the round before
  int unanswered_searches = 0;        // consecutive searches the index never answered
  std::optional<Time> empty_since;    // when the index first had no server left for it (E 5)
  int empty_rounds = 0;               // rounds since, each after a backoff
  std::vector<SourceShare> sources;  // bytes received per server, in the order first used
  std::string last_failure;

  bool complete() const;
};

struct PeerEngine::Serve {
  enum class Phase { AwaitRequest, Sending } phase = Phase::AwaitRequest;
  Name requester;
  Name content;
  std::unique_ptr<ContentSource> source;
  ContentVersion version{};  // of the source when the D came
  std::uint64_t offset = 0;  // next byte to send
  std::uint64_t end = 0;     // one past the last byte asked for
  std::uint64_t sent = 0;    // bytes of this range sent
  std::size_t served = 0;    // D answered on this connection
  std::uint64_t window_bytes = 0;  // Sending: bytes of C frames made for pulling in the current rate window
  Time deadline{};                 // AwaitRequest: idle or request timeout; Sending: the window's end
};

struct PeerEngine::Connection {
  ConnId id = 0;
  bool outbound = false;
  bool connected = false;
  Endpoint remote;
  FrameReader reader;
  Bytes out;                  // encoded frames not yet pulled
  std::size_t out_offset = 0;
  std::uint64_t payload_due = 0;  // byte-less: the payload of the C header in `out`, pulled before it
  std::uint64_t elided = 0;       // byte-less: payload bytes pulled, not yet taken (take_elided)
  OpId download = 0;          // for outbound connections
  std::size_t worker = 0;
  std::unique_ptr<Serve> serve;  // for accepted connections

  std::size_t pending() const { return out.size() - out_offset; }
};

}  // namespace p2p
