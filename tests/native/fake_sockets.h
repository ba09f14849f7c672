// SPDX-License-Identifier: GPL-2.0-only
// Plain loopback sockets that play the other side in wire tests (a fake index, a fake peer), so
// that what the native programs send is captured as raw bytes, not decoded by our own codec.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace p2p::testing {

using Wire = std::string;  // raw bytes; std::string makes literals with embedded NULs easy to compare

inline sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

inline bool readable(int fd, std::chrono::milliseconds limit) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(limit.count())) == 1;
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept {
    reset();
    fd_ = o.fd_;
    o.fd_ = -1;
    return *this;
  }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

inline std::uint16_t local_port(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

class FakeUdp {
 public:
  FakeUdp() : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    auto a = loopback(0);
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind udp");
  }
  std::uint16_t port() const { return local_port(fd_.get()); }
  // The next datagram, remembering its source for reply(); nothing after `limit`.
  std::optional<Wire> receive(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    if (!readable(fd_.get(), limit)) return std::nullopt;
    char buf[2048];
    socklen_t len = sizeof last_from_;
    ssize_t n = ::recvfrom(fd_.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&last_from_), &len);
    if (n < 0) return std::nullopt;
    return Wire(buf, static_cast<std::size_t>(n));
  }
  void reply(const Wire& bytes) { send_to(bytes, last_from_); }
  void send_to(const Wire& bytes, std::uint16_t port) { send_to(bytes, loopback(port)); }
  void send_to(const Wire& bytes, const sockaddr_in& to) {
    ::sendto(fd_.get(), bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
  }

 private:
  Fd fd_;
  sockaddr_in last_from_{};
};

class FakeTcp {
 public:
  explicit FakeTcp(Fd fd) : fd_(std::move(fd)) {}
  static FakeTcp connect_to(std::uint16_t port) {
    Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
    auto a = loopback(port);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
    return FakeTcp(std::move(fd));
  }
  void send(const Wire& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::send(fd_.get(), bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send");
      done += static_cast<std::size_t>(n);
    }
  }
  // Exactly `n` bytes, or fewer if the stream ends or `limit` passes without data.
  Wire read(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    Wire out;
    char buf[4096];
    while (out.size() < n && readable(fd_.get(), limit)) {
      ssize_t got = ::recv(fd_.get(), buf, std::min(sizeof buf, n - out.size()), 0);
      if (got <= 0) break;
      out.append(buf, static_cast<std::size_t>(got));
    }
    return out;
  }
  // Everything until the other side closes (or `limit` passes without data).
  Wire read_to_end(std::chrono::milliseconds limit = std::chrono::seconds(10)) { return read(SIZE_MAX, limit); }
  // Whether the other side closed (or reset) the connection within `limit`; data waiting to be
  // read means it did not, and is left for read().
  bool closed_within(std::chrono::milliseconds limit) {
    if (!readable(fd_.get(), limit)) return false;
    char c;
    return ::recv(fd_.get(), &c, 1, MSG_PEEK) <= 0;
  }
  void close() { fd_.reset(); }
  void shutdown_send() { ::shutdown(fd_.get(), SHUT_WR); }  // a half-close: FIN, reading goes on

 private:
  Fd fd_;
};

class FakeTcpListener {
 public:
  FakeTcpListener() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    int one = 1;
    ::setsockopt(fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    auto a = loopback(0);
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_.get(), 8) != 0)
      throw std::runtime_error("bind tcp");
  }
  std::uint16_t port() const { return local_port(fd_.get()); }
  std::optional<FakeTcp> accept(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    if (!readable(fd_.get(), limit)) return std::nullopt;
    return FakeTcp(Fd(::accept(fd_.get(), nullptr, nullptr)));
  }

 private:
  Fd fd_;
};

}  // namespace p2p::testing
