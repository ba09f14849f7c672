// SPDX-License-Identifier: GPL-2.0-only
// p2p-udp-echo: answers every datagram with one fixed, valid 41-byte S answer and does nothing
// else. The index-rate benchmark runs p2p-load against it and against p2p-index: the difference
// is what the protocol core costs per query.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>

#include "bench/udp_echo_loop.h"
#include "model/pdu.h"

namespace asio = boost::asio;

namespace {

constexpr const char* kUsage =
    "Usage: p2p-udp-echo [--bind ADDR] [--port PORT]\n"
    "Answers every UDP datagram with the same 41-byte S answer, without decoding it: the floor\n"
    "p2p-index is measured against. --port 0 (the default) takes a free port; the port is printed\n"
    "on stdout as \"listening on udp ADDR:PORT\". SIGINT or SIGTERM stops it.\n";

// An S answer as long as the index's longest IPv4 one: a 20-character "a.b.c.d:port" address.
std::vector<std::uint8_t> fixed_answer() {
  p2p::pdu::SearchAnswer answer{*p2p::Name::parse("p0"), *p2p::Name::parse("c0"),
                                *p2p::Endpoint::parse("192.168.100.200:6000")};
  return p2p::encode(p2p::UdpReply{answer});
}

}  // namespace

int main(int argc, char** argv) {
  std::string bind = "127.0.0.1";
  unsigned long port = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--bind" && has_value) {
      bind = argv[++i];
    } else if (arg == "--port" && has_value) {
      const std::string_view value = argv[++i];
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (error != std::errc() || end != value.data() + value.size()) port = 65536;  // refused below
    } else {
      std::cerr << kUsage;
      return arg == "--help" || arg == "-h" ? 0 : 2;
    }
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(bind, ec);
  if (ec || port > 65535) {
    std::cerr << "p2p-udp-echo: bad --bind or --port\n" << kUsage;
    return 2;
  }

  asio::io_context io;
  auto answer = fixed_answer();
  try {
    p2p::bench::UdpEchoLoop loop(io, {address, static_cast<std::uint16_t>(port)}, std::move(answer));
    auto local = loop.local();
    std::printf("listening on udp %s:%u\n", local.address().to_string().c_str(), local.port());
    std::fflush(stdout);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&loop](const boost::system::error_code& e, int) {
      if (!e) loop.close();
    });
    io.run();
  } catch (const boost::system::system_error& e) {
    std::cerr << "p2p-udp-echo: cannot listen on udp " << bind << ":" << port << ": " << e.code().message() << "\n";
    return 4;
  }
  return 0;
}
