// The peer engine's private state, shared by its implementation files only.
#pragma once
#include "peer_engine.h"

namespace p2p {

struct PeerEngine::UdpRequestState {
  OpId op = 0;
  Purpose purpose = Purpose::Register;
  Name content;
  std::uint16_t cursor = 0;
  Bytes bytes;       // the encoded request, sent again unchanged on retry
  char type = 0;
  int tries = 0;     // transmissions so far
  Time deadline{};   // when to retransmit or give up
  OpId quit_op = 0;  // an R in flight when quit came: withdraw it with a T once it is answered
};

struct PeerEngine::Download {
  OpId op = 0;
  Name content;
  std::vector<Name> excluded;  // servers that failed, sent with every new S
  std::size_t attempts = 0;
  enum class Phase { Searching, Connecting, Receiving, Registering } phase = Phase::Searching;
  Name server;
  Endpoint server_address;
  ConnId conn = 0;
  std::unique_ptr<ContentSink> sink;
  Sha256 hash;
  std::uint64_t received = 0;
  Time started{};
  Time deadline{};  // connect or stall deadline of the current phase
  std::string last_failure;
};

struct PeerEngine::Serve {
  enum class Phase { AwaitRequest, Sending } phase = Phase::AwaitRequest;
  Name requester;
  Name content;
  std::unique_ptr<ContentSource> source;
  std::uint64_t offset = 0;
  Sha256 hash;  // of the bytes sent, for the F
  Time deadline{};
};

struct PeerEngine::Connection {
  ConnId id = 0;
  bool outbound = false;
  bool connected = false;
  Endpoint remote;
  FrameReader reader;
  Bytes out;                  // encoded frames not yet pulled
  std::size_t out_offset = 0;
  OpId download = 0;          // for outbound connections
  std::unique_ptr<Serve> serve;  // for accepted connections

  std::size_t pending() const { return out.size() - out_offset; }
};

}  // namespace p2p
