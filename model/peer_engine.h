// SPDX-License-Identifier: GPL-2.0-only
// The peer: a client of the index, a downloader and a content server at once, as a state machine
// that is driven, never drives. Adapters feed it datagrams, stream bytes, connection changes and
// time; it answers with actions (peer_actions.h) and reports events (peer_events.h).
#pragma once
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "content.h"
#include "frame_reader.h"
#include "peer_actions.h"
#include "peer_config.h"
#include "peer_events.h"
#include "rng.h"

namespace p2p {

class PeerEngine {
 public:
  PeerEngine(PeerConfig config, ContentStore& store);
  ~PeerEngine();
  PeerEngine(const PeerEngine&) = delete;
  PeerEngine& operator=(const PeerEngine&) = delete;

  // Operations. Each returns its id; its last event is OperationDone with that id.
  OpId register_content(const Name& content, Time now);
  OpId deregister_content(const Name& content, Time now);
  OpId list_online(Time now);
  OpId search(const Name& content, Time now);
  OpId download(const Name& content, Time now);  // S, D, C..., F, verify, keep, then R
  OpId quit(Time now);                            // T for everything registered

  // Inputs.
  void on_datagram(const Endpoint& from, ByteView bytes, Time now);
  ConnId on_accepted(const Endpoint& remote, Time now);  // a content request connection came in
  void on_connected(ConnId conn, Time now);
  void on_connect_failed(ConnId conn, Time now);
  void on_stream_bytes(ConnId conn, ByteView bytes, Time now);
  void on_stream_closed(ConnId conn, Time now);  // closed by the other side, or broken
  void on_timer(Time now);
  // Copies up to out.size() bytes the connection wants to send; 0 when it has none now.
  std::size_t pull_stream(ConnId conn, std::span<std::uint8_t> out, Time now);
  // Byte-less (PeerConfig::byteless): the C payload bytes pulled since the last call, which travel
  // as their frames' lengths; they cost as much on the wire as if they were there. pull_stream
  // counts them within out.size(), each just before its frame's header.
  std::uint64_t take_elided(ConnId conn);

  // Outputs. The engine never calls back: what it did and what it wants done wait here, in the
  // order they happened, until the adapter takes them. An adapter takes both after every call
  // (events first, then actions), so neither queue grows without bound.
  std::vector<PeerEvent> take_events();
  std::vector<PeerAction> take_actions();
  std::optional<Time> next_deadline() const;

  // State, for menus and tests.
  const PeerConfig& config() const { return config_; }
  const std::set<Name>& registered() const { return registered_; }
  std::size_t active_downloads() const { return downloads_.size(); }
  std::size_t active_uploads() const;  // connections sending a range now (what upload slots limit)
  bool busy() const;  // any operation, transfer or request still under way (renewals aside)
  // Registrations it will renew or try again later (leases, an index that did not answer): timers
  // that go on while the peer is otherwise idle, until a T or quit.
  bool soft_state_pending() const { return !refresh_at_.empty() || !retry_at_.empty(); }
  // The digest this peer keeps for a content, if it computed or verified one for its current version.
  std::optional<Digest> known_digest(const Name& content) const;
  std::size_t digests_computed() const { return digests_computed_; }

 private:
  static constexpr int kSearchRounds = 3;  // a download's searches may go unanswered this often in a row
  // The serving rate window, within 1 s..24 h: a shorter one sees the bursts of TCP, not a rate
  // (a millisecond window cut readers at 100 Mbit/s), and a zero one would end again and again.
  Duration rate_window() const {
    return std::clamp(config_.serve_rate_window, Duration(std::chrono::seconds(1)), Duration(std::chrono::hours(24)));
  }
  struct UdpRequestState;
  struct Worker;
  struct Download;
  struct Connection;
  struct Serve;
  // Refresh: an R the engine sends by itself, to renew a lease or to retry a registration that
  // got no answer (the index was down).
  enum class Purpose { Register, Deregister, Search, List, DownloadSearch, DownloadRegister, Refresh };

  // UDP requests to the index: one in flight at a time (see docs/protocol-decisions.md).
  void enqueue(UdpRequestState request, Time now);
  void send_head(Time now);
  void finish_head(Time now);
  void on_reply(const UdpReply& reply, Time now);
  void request_succeeded(UdpRequestState& r, const UdpReply& reply, Time now);
  void request_failed(UdpRequestState& r, std::optional<ErrorCode> error, const std::string& why, Time now);
  void check_request_timeout(Time now);
  void quit_step(OpId op, const std::string& failure, Time now);
  void drop_requests(OpId op, Time now);  // of a finished operation, but an R in flight

  // Downloads (peer_download.cc: rounds and workers; peer_download_data.cc: ranges and verification).
  void start_worker(Download& d, Worker& w, Time now);
  void worker_found(Download& d, Worker& w, const pdu::SearchAnswer& answer, Time now);
  void worker_not_found(Download& d, Worker& w, const std::string& why, Time now);
  void worker_connected(Download& d, Worker& w, Connection& c, Time now);
  void worker_failed(Download& d, Worker& w, const std::string& why, Time now, bool search_again = true);
  void worker_busy(Download& d, Worker& w, const std::string& why, Time now);
  void add_unreachable(Download& d, const Name& server);
  // Skip reports (peer_skip_reports.cc): K to the index, unanswered, never waited for.
  void report_skip(Download& d, const Name& server, pdu::SkipReason reason, Time now);
  bool skip_report_answer(const UdpReply& reply, Time now);  // an E 2 that answers a K
  // Parallel connects (peer_download_race.cc): after parallel_after failures in a row, a worker
  // connects to up to parallel_connects servers at once and keeps the first that answers.
  bool race_due(const Download& d) const;
  void race_found(Download& d, Worker& w, const pdu::SearchAnswer& answer, Time now);
  bool race_search_ended(Worker& w);
  static void race_settle(Worker& w);
  bool race_connection(ConnId conn, bool connected, Time now);  // false: not a race's connection
  void race_timers(Download& d, Worker& w, Time now);
  void race_lost(Download& d, Worker& w, std::size_t candidate, const std::string& why, Time now);
  void race_close(Download& d, Worker& w, Time now);  // the other candidates, reported released
  void race_go_on(Download& d, Worker& w, Time now);
  void release_worker(Download& d, Worker& w);
  void connect_worker(Download& d, Worker& w, Time now);
  void wake_workers(Download& d, Time now);
  void check_download_timers(Time now);
  bool any_worker_active(const Download& d) const;
  std::vector<Name> exclude_list(const Download& d, const Worker& asking) const;
  void send_next_request(Download& d, Worker& w, Connection& c, Time now);
  void download_frames(Download& d, Worker& w, Connection& c, Time now);
  void range_finished(Download& d, Worker& w, const pdu::EndOfContent& f, Time now);
  void restart_download(Download& d, const std::string& why, Time now);
  bool advance_hash(Download& d);
  static void keep_received(Download& d, Worker& w);
  void try_finish(Download& d, Time now);
  void download_verified(Download& d, Time now);
  void finish_download(OpId op, bool ok, const std::string& why, Time now, bool local_failure = false);
  Worker* worker_by_conn(ConnId conn, Download** d);
  void count_source(Download& d, const Name& server, std::uint64_t bytes);

  // Soft state (peer_refresh.cc): leases renewed at about half their length, registrations that
  // got no answer tried again with backoff.
  void schedule_refresh(const Name& content, std::optional<std::uint32_t> lease, Time now);
  void schedule_retry(const Name& content, Time now);
  void forget_soft_state(const Name& content);
  void check_refresh_timers(Time now);
  std::string retry_note(const Name& content, Time now) const;

  // Serving.
  void serve_frames(Connection& c, Time now);
  void serve_request(Connection& c, const pdu::DownloadRequest& d, Time now);
  void serve_error(Connection& c, ErrorCode code, const std::string& why, Time now);
  bool produce(Connection& c, Time now);  // appends the next frame to the connection's output
  void serve_failed(Connection& c, const std::string& why, Time now);
  void serve_refused(Connection& c, ErrorCode code, const std::string& why, Time now);
  std::optional<Digest> digest_for(const Name& content, ContentSource& source);  // computed once per version

  // Connections.
  Connection& add_connection(bool outbound, const Endpoint& remote, Time now);
  void queue_frame(Connection& c, const StreamPdu& p, Time now);
  void close(ConnId conn);
  void check_connection_timeouts(Time now);

  void emit(PeerEvent ev);
  void done(OpId op, bool ok, Time now, const Name& content = {}, const std::string& detail = {},
            bool local_failure = false);
  OpId next_op() { return ++last_op_; }

  PeerConfig config_;
  ContentStore& store_;
  std::vector<PeerEvent> events_;
  std::vector<PeerAction> actions_;

  std::deque<UdpRequestState> requests_;
  std::map<OpId, std::unique_ptr<Download>> downloads_;
  std::map<ConnId, std::unique_ptr<Connection>> connections_;
  std::map<ConnId, Bytes> closing_;  // bytes still to pull from connections told to Close
  std::map<OpId, std::vector<Name>> listings_;
  struct QuitState {
    std::size_t remaining = 0;
    std::string failure;
    std::vector<OpId> followers;  // later quits that wait for this one
  };
  std::map<OpId, QuitState> quits_;  // T requests still out per quit
  std::set<Name> registered_;
  std::map<Name, Time> refresh_at_;
  struct RetryState {
    Time at;
    int attempt = 0;
  };
  std::map<Name, RetryState> retry_at_;
  struct KnownDigest {
    ContentVersion version;
    std::uint64_t size;
    Digest digest;
  };
  std::map<Name, KnownDigest> digests_;
  std::size_t digests_computed_ = 0;
  // Skip reports: a token bucket, and whether the index turned them down (E 2: a v1 index).
  double report_tokens_ = 0;
  Time report_refilled_ = Time::min();
  std::uint64_t reports_sent_ = 0;
  bool index_ignores_reports_ = false;
  Rng rng_;
  OpId last_op_ = 0;
  ConnId last_conn_ = 0;
};

}  // namespace p2p
