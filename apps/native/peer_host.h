// SPDX-License-Identifier: GPL-2.0-only
// The peer adapter: one PeerEngine driven by real sockets in one Boost.Asio event loop.
// A UDP socket talks to the index, a TCP acceptor takes content requests, outbound TCP connections
// fetch content, and one steady_timer is re-armed at the engine's next deadline. After every call
// into the engine its actions are carried out and its events reported, in order (after_engine_call).
#pragma once
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "model/peer_engine.h"

namespace p2p::native {

struct PeerHostOptions {
  PeerConfig engine;  // its listen_port is replaced by the port actually bound
  boost::asio::ip::tcp::endpoint listen{boost::asio::ip::address_v4::any(), 6000};
  // Bytes per second for all uploads together; 0: no limit. A testing aid that makes transfers
  // slow enough to interrupt on a fast link.
  std::uint64_t upload_limit = 0;
  // Datagrams to the index zero-filled to 101 bytes, for course indexes that read a fixed-size struct.
  bool zero_fill = false;
};

class PeerHost {
 public:
  using Operation = std::function<OpId(PeerEngine&, Time)>;
  using EventHandler = std::function<void(const PeerEvent&)>;

  // Binds the TCP acceptor and the UDP socket; throws boost::system::system_error when it cannot,
  // its what() telling which socket and why.
  PeerHost(boost::asio::io_context& io, PeerHostOptions options, ContentStore& store);
  ~PeerHost();
  PeerHost(const PeerHost&) = delete;
  PeerHost& operator=(const PeerHost&) = delete;

  // Starts an operation (`start` calls the engine); `done` later gets its OperationDone event,
  // always after run() has returned.
  void run(const Operation& start, EventHandler done);
  // Sees every event, in order, after the engine call that reported it has returned. A listener
  // may start operations (run) or close the host.
  void add_listener(EventHandler listener) { listeners_.push_back(std::move(listener)); }

  const PeerEngine& engine() const { return *engine_; }
  Endpoint listening() const;     // the bound TCP address
  Time now() const;               // steady clock since this host started
  bool heard_from_index() const { return heard_from_index_; }
  void close();                   // stops accepting and closes every socket

 private:
  struct Link;
  using LinkPtr = std::shared_ptr<Link>;

  // After every engine call: carries out its actions, then reports its events, until it has
  // neither; then re-arms the timer.
  void after_engine_call();
  void report(const PeerEvent& ev);
  void rearm_timer();
  void perform(const action::SendDatagram& a);
  void perform(const action::Connect& a);
  void perform(const action::StreamReady& a);
  void perform(const action::Close& a);

  void start_accept();
  void start_receive();
  void start_read(const LinkPtr& link);
  void write_more(const LinkPtr& link);
  void watch_progress(const LinkPtr& link);
  std::size_t upload_allowance(const LinkPtr& link, std::size_t room);
  void finish(const LinkPtr& link);   // a forgotten link has sent everything: close gracefully
  void broken(const LinkPtr& link);   // the other side closed or the socket failed
  void close_link(const LinkPtr& link);
  LinkPtr find(ConnId conn) const;

  boost::asio::io_context& io_;
  PeerHostOptions options_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::udp::socket udp_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer accept_retry_;
  std::optional<Time> armed_;  // the deadline the timer waits for, if any
  std::unique_ptr<PeerEngine> engine_;
  std::map<ConnId, LinkPtr> links_;
  std::array<std::uint8_t, 2048> datagram_{};
  boost::asio::ip::udp::endpoint datagram_from_;
  bool heard_from_index_ = false;
  bool closed_ = false;

  std::vector<EventHandler> listeners_;
  std::map<OpId, EventHandler> waiting_;  // operations whose end someone awaits
  bool processing_ = false;               // inside after_engine_call: a nested call joins its loop

  double upload_tokens_ = 0;  // token bucket of the upload limit, in bytes
  std::chrono::steady_clock::time_point upload_refilled_ = start_;
};

}  // namespace p2p::native
