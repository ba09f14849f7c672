// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/peer_host.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstring>

#include "apps/native/net_address.h"

namespace p2p::native {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;
using boost::system::error_code;

namespace {
constexpr std::size_t kWriteBuffer = 256 * 1024;  // bytes pulled from the engine per socket write
constexpr std::size_t kReadBuffer = 256 * 1024;  // a loopback read can bring this much at once
// Buffers start this small and grow to the sizes above once a transfer fills them: an idle
// connection, or the direction that carries only a D, costs little.
constexpr std::size_t kFirstBuffer = 4096;
constexpr auto kLinger = std::chrono::seconds(5);  // wait for the other side's close after ours
constexpr std::size_t kMinPacedWrite = 4096;
// A write that waits for room in the socket is looked at this often: when the kernel's send queue
// shrank (the requester read some), as many bytes are pulled from the engine, which counts them
// toward the requester's reading rate; a requester reading a few KB/s is kept, however much the
// kernel buffers (MBs on loopback).
constexpr auto kProgressCheck = std::chrono::milliseconds(1000);
constexpr std::size_t kMaxSpill = 1 << 20;  // bytes pulled that way while a write waits, at most

void grow_if_filled(std::vector<std::uint8_t>& buffer, std::size_t used, std::size_t full) {
  if (used == buffer.size() && buffer.size() < full) buffer.resize(full);
}

// Bytes in the socket's send queue (sent and not acknowledged, or not sent yet); -1 if unknown.
long queued_bytes(int fd) {
  int queued = 0;
  return ::ioctl(fd, SIOCOUTQ, &queued) == 0 ? queued : -1;
}
}  // namespace

struct PeerHost::Link {
  Link(asio::io_context& io, ConnId conn)
      : socket(io), linger(io), pace(io), watch(io), id(conn), in(kFirstBuffer), out(kFirstBuffer) {}
  tcp::socket socket;
  asio::steady_timer linger;
  asio::steady_timer pace;
  asio::steady_timer watch;  // looks at a waiting write's progress (watch_progress)
  ConnId id;
  bool connected = false;
  bool inbound = false;    // accepted: the other side is a requester
  bool peer_done = false;  // inbound, and the requester closed its side: it sends no further D
  bool reading = false;
  bool writing = false;    // an async_write is under way
  bool pacing = false;     // waiting for the upload limit
  bool forgotten = false;  // the engine said Close: report nothing more about this connection
  bool finishing = false;  // everything sent, our side shut down
  bool watching = false;   // the watch timer is set
  bool open = true;
  std::vector<std::uint8_t> in;
  // Bytes to send: out[out_begin, out_end), handed to async_write_some, which may take only part.
  std::vector<std::uint8_t> out;
  std::size_t out_begin = 0;
  std::size_t out_end = 0;
  std::vector<std::uint8_t> spill;  // pulled while a write waits; sent after out's bytes
  long last_queued = -1;            // the send queue at the last look
  // A write completed, or the send queue shrank.
  std::chrono::steady_clock::time_point last_progress = std::chrono::steady_clock::now();
  std::size_t pending() const { return out_end - out_begin; }
};

PeerHost::PeerHost(asio::io_context& io, PeerHostOptions options, ContentStore& store)
    : io_(io), options_(std::move(options)), acceptor_(io), udp_(io), timer_(io), accept_retry_(io) {
  error_code ec;
  acceptor_.open(options_.listen.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(options_.listen, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw boost::system::system_error(ec, "cannot serve on tcp " + to_core(options_.listen).to_string());
  options_.engine.listen_port = acceptor_.local_endpoint().port();

  const udp protocol = options_.engine.index.ip.is_v6() ? udp::v6() : udp::v4();
  udp_.open(protocol, ec);
  if (!ec) udp_.bind(udp::endpoint(protocol, 0), ec);
  if (ec) throw boost::system::system_error(ec, "cannot open a udp socket to the index " +
                                                  options_.engine.index.to_string());

  engine_ = std::make_unique<PeerEngine>(options_.engine, store);
  start_accept();
  start_receive();
}

PeerHost::~PeerHost() { close(); }

Endpoint PeerHost::listening() const {
  error_code ec;
  auto e = acceptor_.local_endpoint(ec);
  return ec ? Endpoint{} : to_core(e);
}

Time PeerHost::now() const {
  return std::chrono::duration_cast<Time>(std::chrono::steady_clock::now() - start_);
}

void PeerHost::close() {
  if (closed_) return;
  closed_ = true;
  error_code ec;
  acceptor_.close(ec);
  udp_.close(ec);
  timer_.cancel();
  accept_retry_.cancel();
  auto links = links_;
  for (auto& [id, link] : links) close_link(link);
}

// ---- operations and events --------------------------------------------------------------------

void PeerHost::run(const Operation& start, EventHandler done) {
  waiting_[start(*engine_, now())] = std::move(done);
  after_engine_call();
}

// The actions go first, then the events: a listener that starts an operation sends after what the
// engine asked for in the same call, and its call's actions and events join this loop, behind
// those taken before them. Events are reported after close() too: they happened.
void PeerHost::after_engine_call() {
  if (processing_) return;
  processing_ = true;
  for (;;) {
    auto actions = engine_->take_actions();
    for (const auto& a : actions)
      if (!closed_) std::visit([this](const auto& x) { perform(x); }, a);
    auto events = engine_->take_events();
    if (actions.empty() && events.empty()) break;
    for (const auto& ev : events) report(ev);
  }
  processing_ = false;
  if (!closed_) rearm_timer();
}

void PeerHost::report(const PeerEvent& ev) {
  for (const auto& listener : listeners_) listener(ev);
  if (ev.kind != PeerEventKind::OperationDone) return;
  if (auto it = waiting_.find(ev.op); it != waiting_.end()) {
    // Posted: an operation can end within run() itself (a download of content held already), and
    // its caller learns the id from run() before it hears of the end.
    asio::post(io_, [done = std::move(it->second), ev] { done(ev); });
    waiting_.erase(it);
  }
}

// ---- actions and the timer ----------------------------------------------------------------------

void PeerHost::rearm_timer() {
  auto deadline = engine_->next_deadline();
  // A timer already set for an earlier time stays: firing early costs one idle on_timer, while
  // re-arming on every transfer step (each moves the stall deadline) would cost a syscall each.
  if (!deadline || (armed_ && *armed_ <= *deadline)) return;
  armed_ = deadline;
  timer_.expires_at(start_ + *deadline);
  timer_.async_wait([this](const error_code& ec) {
    if (ec == asio::error::operation_aborted || closed_) return;
    armed_.reset();
    engine_->on_timer(now());
    after_engine_call();
  });
}

void PeerHost::perform(const action::SendDatagram& a) {
  error_code ec;
  if (options_.zero_fill) {
    Bytes padded = a.bytes;
    zero_fill(padded);
    udp_.send_to(asio::buffer(padded), to_asio_endpoint<udp>(a.to), 0, ec);
  } else {
    udp_.send_to(asio::buffer(a.bytes), to_asio_endpoint<udp>(a.to), 0, ec);
  }
  // A lost datagram is the retry timer's business; nothing else to do here.
}

void PeerHost::perform(const action::Connect& a) {
  auto link = std::make_shared<Link>(io_, a.conn);
  links_[a.conn] = link;
  link->socket.async_connect(to_asio_endpoint<tcp>(a.to), [this, link](const error_code& ec) {
    if (!link->open) return;
    if (ec) {
      bool report = !link->forgotten;
      close_link(link);
      if (report) {
        engine_->on_connect_failed(link->id, now());
        after_engine_call();
      }
      return;
    }
    link->connected = true;
    error_code ignored;
    link->socket.set_option(tcp::no_delay(true), ignored);
    start_read(link);
    if (link->forgotten) return finish(link);
    engine_->on_connected(link->id, now());
    after_engine_call();
  });
}

void PeerHost::perform(const action::StreamReady& a) {
  if (auto link = find(a.conn)) write_more(link);
}

void PeerHost::perform(const action::Close& a) {
  auto link = find(a.conn);
  if (!link) return;
  link->forgotten = true;
  if (!link->connected) return close_link(link);  // cancels a connect under way
  write_more(link);  // drains what the engine still holds for it, then finishes
}

// ---- connections ----------------------------------------------------------------------------------

PeerHost::LinkPtr PeerHost::find(ConnId conn) const {
  auto it = links_.find(conn);
  return it == links_.end() ? nullptr : it->second;
}

void PeerHost::start_accept() {
  acceptor_.async_accept([this](const error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || closed_) return;
    if (ec) {  // e.g. out of file descriptors: try again a little later instead of spinning
      accept_retry_.expires_after(std::chrono::milliseconds(100));
      accept_retry_.async_wait([this](const error_code& e) {
        if (!e && !closed_) start_accept();
      });
      return;
    }
    error_code remote_ec;
    auto remote = socket.remote_endpoint(remote_ec);
    if (!remote_ec) {
      error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      ConnId conn = engine_->on_accepted(to_core(remote), now());
      auto link = std::make_shared<Link>(io_, conn);
      link->socket = std::move(socket);
      link->connected = true;
      link->inbound = true;
      links_[conn] = link;
      start_read(link);
      after_engine_call();
    }
    start_accept();
  });
}

void PeerHost::start_receive() {
  udp_.async_receive_from(asio::buffer(datagram_), datagram_from_, [this](const error_code& ec, std::size_t n) {
    if (ec == asio::error::operation_aborted || closed_) return;
    if (!ec) {
      Endpoint from = to_core(datagram_from_);
      if (from == options_.engine.index) heard_from_index_ = true;
      engine_->on_datagram(from, ByteView(datagram_.data(), n), now());
      after_engine_call();
    }
    start_receive();
  });
}

void PeerHost::start_read(const LinkPtr& link) {
  link->reading = true;
  link->socket.async_read_some(asio::buffer(link->in), [this, link](const error_code& ec, std::size_t n) {
    link->reading = false;
    if (!link->open) return;
    if (ec) {  // end of stream or a broken connection
      // A forgotten link still draining keeps sending after the other side's half-close.
      if (link->forgotten && ec == asio::error::eof && !link->finishing) return;
      if (link->forgotten) return close_link(link);
      // A requester that closes its side (a half-close after its D, or the end of a persistent
      // connection) still gets what it asked for; write_more() closes once nothing is left, and a
      // write error reports a real closure.
      if (link->inbound && ec == asio::error::eof) {
        link->peer_done = true;
        write_more(link);
        after_engine_call();
        return;
      }
      broken(link);
      after_engine_call();
      return;
    }
    if (!link->forgotten) {
      engine_->on_stream_bytes(link->id, ByteView(link->in.data(), n), now());
      after_engine_call();
    }
    grow_if_filled(link->in, n, kReadBuffer);
    if (link->open) start_read(link);
  });
}

std::size_t PeerHost::upload_allowance(const LinkPtr& link, std::size_t room) {
  if (options_.upload_limit == 0) return room;
  auto t = std::chrono::steady_clock::now();
  const double rate = static_cast<double>(options_.upload_limit);
  const double burst = std::max<double>(kMinPacedWrite, rate / 10);
  upload_tokens_ = std::min(burst, upload_tokens_ + rate * std::chrono::duration<double>(t - upload_refilled_).count());
  upload_refilled_ = t;
  if (upload_tokens_ >= static_cast<double>(kMinPacedWrite))
    return std::min(room, static_cast<std::size_t>(upload_tokens_));
  link->pacing = true;
  auto wait = std::chrono::duration<double>((static_cast<double>(kMinPacedWrite) - upload_tokens_) / rate);
  link->pace.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait));
  link->pace.async_wait([this, link](const error_code& ec) {
    link->pacing = false;
    if (ec || !link->open) return;
    write_more(link);
    after_engine_call();
  });
  return 0;
}

// Pulls what the engine has into the room left in the link's buffer and writes what is pending.
// A write hands the kernel what it takes at once (async_write_some): the engine is pulled again for
// as much as was sent, so a slow requester's transfer shows progress piece by piece, not once per
// 256 KiB. A write waiting for room is watched (watch_progress).
void PeerHost::write_more(const LinkPtr& link) {
  if (!link->open || !link->connected || link->writing || link->finishing) return;
  if (link->out_begin > 0) {
    std::memmove(link->out.data(), link->out.data() + link->out_begin, link->pending());
    link->out_end -= link->out_begin;
    link->out_begin = 0;
  }
  if (!link->spill.empty()) {
    if (link->out.size() < link->out_end + link->spill.size()) link->out.resize(link->out_end + link->spill.size());
    std::memcpy(link->out.data() + link->out_end, link->spill.data(), link->spill.size());
    link->out_end += link->spill.size();
    link->spill.clear();
  }
  bool pulled_nothing = false;
  if (std::size_t room = link->out.size() - link->out_end; room > 0 && !link->pacing) {
    std::size_t allowed = upload_allowance(link, room);
    if (allowed > 0) {
      std::size_t n = engine_->pull_stream(link->id, std::span(link->out.data() + link->out_end, allowed), now());
      if (options_.upload_limit != 0) upload_tokens_ -= static_cast<double>(n);
      link->out_end += n;
      pulled_nothing = n == 0;
      if (n == room && link->pending() == link->out.size()) grow_if_filled(link->out, link->out.size(), kWriteBuffer);
    }
  }
  if (link->pending() == 0) {
    if (!pulled_nothing) return;  // paced: the pace timer calls again
    if (link->forgotten) return finish(link);
    // Everything asked for is sent and no other D can come: the connection is over (the engine
    // would otherwise hold it open until its idle timeout).
    if (link->peer_done) {
      link->forgotten = true;
      engine_->on_stream_closed(link->id, now());
      finish(link);
    }
    return;
  }
  link->writing = true;
  auto buffer = asio::buffer(link->out.data() + link->out_begin, link->pending());
  link->socket.async_write_some(buffer, [this, link](const error_code& ec, std::size_t sent) {
    link->writing = false;
    if (!link->open) return;
    if (sent > 0) link->last_progress = std::chrono::steady_clock::now();
    link->out_begin += sent;
    if (link->out_begin == link->out_end) link->out_begin = link->out_end = 0;
    if (ec) {
      if (link->forgotten) return close_link(link);
      broken(link);
      after_engine_call();
      return;
    }
    write_more(link);
    after_engine_call();
  });
  watch_progress(link);
}

// While a write waits for room in the socket, a look every second: when the kernel's send queue
// shrank since the last look, the requester is reading, and as many bytes (at most kMaxSpill in
// all) are pulled from the engine, which counts them toward the requester's reading rate. A
// requester that reads too little in a rate window is dropped by the engine. A connection the
// engine is done with (forgotten) that makes no progress for a rate window is closed: draining it
// is bounded too, and as patient as serving was.
void PeerHost::watch_progress(const LinkPtr& link) {
  if (link->watching || !link->open) return;
  link->watching = true;
  link->last_queued = queued_bytes(link->socket.native_handle());
  link->watch.expires_after(kProgressCheck);
  link->watch.async_wait([this, link](const error_code& ec) {
    link->watching = false;
    if (ec || !link->open || !link->writing) return;
    long queued = queued_bytes(link->socket.native_handle());
    bool moved = queued >= 0 && link->last_queued >= 0 && queued < link->last_queued;
    auto t = std::chrono::steady_clock::now();
    if (moved) link->last_progress = t;
    if (link->forgotten) {
      if (t - link->last_progress > options_.engine.serve_rate_window) return close_link(link);
    } else if (moved && !link->pacing && link->spill.size() < kMaxSpill) {
      auto drained = static_cast<std::size_t>(link->last_queued - queued);
      std::size_t want = upload_allowance(link, std::min(drained, kMaxSpill - link->spill.size()));
      std::size_t at = link->spill.size();
      link->spill.resize(at + want);
      std::size_t n = want == 0 ? 0 : engine_->pull_stream(link->id, std::span(link->spill.data() + at, want), now());
      if (options_.upload_limit != 0) upload_tokens_ -= static_cast<double>(n);
      link->spill.resize(at + n);
      after_engine_call();
      if (!link->open) return;
    }
    watch_progress(link);
  });
}

void PeerHost::finish(const LinkPtr& link) {
  link->finishing = true;
  error_code ec;
  link->socket.shutdown(tcp::socket::shutdown_send, ec);
  // Reading on until the other side closes avoids a reset that could destroy data it has not read
  // yet; the linger timer bounds the wait for a peer that never closes.
  if (ec || !link->reading) return close_link(link);
  link->linger.expires_after(kLinger);
  link->linger.async_wait([this, link](const error_code& e) {
    if (!e && link->open) close_link(link);
  });
}

void PeerHost::broken(const LinkPtr& link) {
  close_link(link);
  engine_->on_stream_closed(link->id, now());
}

void PeerHost::close_link(const LinkPtr& link) {
  if (!link->open) return;
  link->open = false;
  error_code ec;
  link->socket.close(ec);
  link->linger.cancel();
  link->pace.cancel();
  link->watch.cancel();
  links_.erase(link->id);
}

}  // namespace p2p::native
