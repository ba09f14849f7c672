// What the native programs put on the wire, captured by plain sockets playing the other side and
// compared byte for byte with protocol.md's layouts. The expected bytes are written out literally
// here, never produced by the project's own encoder.
#include <boost/test/unit_test.hpp>
#include <csignal>
#include <fstream>

#include "tests/native/child_process.h"
#include "tests/native/fake_sockets.h"

using namespace std::string_literals;
using namespace std::chrono_literals;
using namespace p2p::testing;
namespace fs = std::filesystem;

namespace {

// sha256("hello") = 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
const Wire kHelloSha256 =
    "\x2c\xf2\x4d\xba\x5f\xb0\xa3\x0e\x26\xe8\x3b\x2a\xc5\xb9\xe2\x9e"
    "\x1b\x16\x1e\x5c\x1f\xa7\x42\x5e\x73\x04\x33\x62\x93\x8b\x98\x24"s;
// C frame of "hello", then F: size[8] = 5 and the digest.
const Wire kHelloStream = "C\x00\x05hello"s + "F\x00\x28"s + "\x00\x00\x00\x00\x00\x00\x00\x05"s + kHelloSha256;

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / ("p2p-wire-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(path);
    fs::create_directories(path / "share");
  }
  ~TempDir() { fs::remove_all(path); }
  void put(const std::string& name, const std::string& bytes) const {
    std::ofstream(path / "share" / name, std::ios::binary) << bytes;
  }
};

std::vector<std::string> peer_args(const TempDir& dir, std::uint16_t index_port, std::vector<std::string> tail) {
  std::vector<std::string> args = {P2P_PEER_EXE, "--name", "alice", "--index",
                                   "127.0.0.1:" + std::to_string(index_port), "--share", (dir.path / "share").string(),
                                   "--listen", "127.0.0.1:0", "--retry-timeout", "200", "--log-level", "debug"};
  args.insert(args.end(), tail.begin(), tail.end());
  return args;
}

ChildProcess start(const TempDir& dir, const std::vector<std::string>& args) {
  return ChildProcess(args, dir.path / "out", dir.path / "err");
}

// The TCP port the peer reported in its first log line ("serving on tcp 127.0.0.1:PORT").
std::string served_port(const ChildProcess& p) {
  BOOST_REQUIRE(p.wait_for_err("serving on tcp 127.0.0.1:", 10s));
  std::string err = p.err();
  auto at = err.find("serving on tcp 127.0.0.1:") + std::string("serving on tcp 127.0.0.1:").size();
  return err.substr(at, err.find_first_not_of("0123456789", at) - at);
}


// Answers a serving peer's R for `content` with A and waits until it says so; its TCP port.
std::uint16_t acknowledge_serving(const ChildProcess& peer, FakeUdp& index, const std::string& content) {
  const Wire field = content + std::string(10 - content.size(), '\0');
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"),
                    "R"s + "alice\0\0\0\0\0"s + field + "0.0.0.0:" + served_port(peer));
  index.reply("A"s + "alice\0\0\0\0\0"s + field);
  BOOST_REQUIRE(peer.wait_for_err("registered " + content, 10s));
  return static_cast<std::uint16_t>(std::stoi(served_port(peer)));
}

}  // namespace

BOOST_AUTO_TEST_CASE(register_is_R_peer_content_address_and_retries_resend_the_same_bytes) {
  TempDir dir;
  dir.put("song", "hello");
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"--advertise", "127.0.0.1:7001", "register", "song"}));
  const Wire expected = "R"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "127.0.0.1:7001"s;
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), expected);
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), expected);  // unanswered: sent again, unchanged
  index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
  BOOST_CHECK_EQUAL(peer.out(), "register song: ok\n");
}

BOOST_AUTO_TEST_CASE(register_without_advertise_names_the_unspecified_host_and_the_listening_port) {
  TempDir dir;
  dir.put("song", "hello");
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"register", "song"}));
  auto got = index.receive();
  BOOST_CHECK_EQUAL(got.value_or("(none)"),
                    "R"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "0.0.0.0:" + served_port(peer));
  index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
}

BOOST_AUTO_TEST_CASE(deregister_is_T_peer_content_and_an_E_fails_with_status_1) {
  TempDir dir;
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"deregister", "song"}));
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "T"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  index.reply("E\x05"s + "alice does not serve song");
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 1);
  BOOST_CHECK(peer.err().find("alice does not serve song") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(list_is_O_cursor_and_follows_next_cursor_to_the_last_page) {
  TempDir dir;
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"list"}));
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "O\x00\x00"s);
  index.reply("O\x00\x01"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "O\x00\x01"s);
  index.reply("O\x00\x00"s + "tune\0\0\0\0\0\0"s + "0123456789"s);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
  BOOST_CHECK_EQUAL(peer.out(), "song\ntune\n0123456789\n");
}

BOOST_AUTO_TEST_CASE(get_is_S_then_D_then_R_then_T_on_exit_and_a_failed_server_is_excluded_in_the_next_S) {
  TempDir dir;
  FakeUdp index;
  FakeTcpListener bob, carol;
  auto peer = start(dir, peer_args(dir, index.port(), {"get", "song"}));

  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "S"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  index.reply("S"s + "bob\0\0\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "127.0.0.1:" + std::to_string(bob.port()));
  auto to_bob = bob.accept();
  BOOST_REQUIRE(to_bob);
  BOOST_CHECK_EQUAL(to_bob->read(23), "D\x00\x14"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  to_bob->send("E\x00\x05\x09nope"s);  // content unavailable
  to_bob->close();

  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"),
                    "S"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "bob\0\0\0\0\0\0\0"s);
  index.reply("S"s + "carol\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "127.0.0.1:" + std::to_string(carol.port()));
  auto to_carol = carol.accept();
  BOOST_REQUIRE(to_carol);
  BOOST_CHECK_EQUAL(to_carol->read(23), "D\x00\x14"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  to_carol->send(kHelloStream);

  // Verified and kept: the download is registered as a new server.
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"),
                    "R"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "0.0.0.0:" + served_port(peer));
  index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  // Nothing serves it once get exits: the registration is withdrawn before, not left stale.
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "T"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
  std::ifstream kept(dir.path / "share" / "song", std::ios::binary);
  BOOST_CHECK_EQUAL(std::string(std::istreambuf_iterator<char>(kept), {}), "hello");
}

BOOST_AUTO_TEST_CASE(get_with_no_register_sends_neither_R_nor_T) {
  TempDir dir;
  FakeUdp index;
  FakeTcpListener bob;
  auto peer = start(dir, peer_args(dir, index.port(), {"--no-register", "get", "song"}));
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "S"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  index.reply("S"s + "bob\0\0\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "127.0.0.1:" + std::to_string(bob.port()));
  auto to_bob = bob.accept();
  BOOST_REQUIRE(to_bob);
  BOOST_CHECK_EQUAL(to_bob->read(23), "D\x00\x14"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  to_bob->send(kHelloStream);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
  BOOST_CHECK(!index.receive(200ms));
  BOOST_CHECK(fs::exists(dir.path / "share" / "song"));
}

BOOST_AUTO_TEST_CASE(get_keep_serving_exits_with_status_1_when_every_download_failed) {
  TempDir dir;
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"--keep-serving", "get", "song"}));
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "S"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  index.reply("E\x05"s + "nobody serves song");
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 1);  // not serving nothing until a signal
  BOOST_CHECK(peer.err().find("nobody serves song") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_content_name_is_a_usage_error_before_a_port_or_directory_is_used) {
  TempDir dir;
  FakeTcpListener busy;  // the port the peer is told to listen on is taken
  fs::path share = dir.path / "not-yet";
  auto peer = start(dir, {P2P_PEER_EXE, "--name", "alice", "--index", "127.0.0.1:9", "--share", share.string(),
                          "--listen", "127.0.0.1:" + std::to_string(busy.port()), "get", "../x"});
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 2);
  BOOST_CHECK(peer.err().find("'../x' is not a valid content name") != std::string::npos);
  BOOST_CHECK(!fs::exists(share));
}

BOOST_AUTO_TEST_CASE(serving_answers_D_with_C_frames_then_F_and_unknown_content_with_E_9) {
  TempDir dir;
  dir.put("song", "hello");
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"serve"}));
  auto port = acknowledge_serving(peer, index, "song");

  auto client = FakeTcp::connect_to(port);
  client.send("D\x00\x14"s + "bob\0\0\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(client.read_to_end(), kHelloStream);  // and then the server closes

  auto asks_missing = FakeTcp::connect_to(port);
  asks_missing.send("D\x00\x14"s + "bob\0\0\0\0\0\0\0"s + "nope\0\0\0\0\0\0"s);
  Wire e = asks_missing.read_to_end();
  BOOST_REQUIRE_GE(e.size(), 4u);
  BOOST_CHECK_EQUAL(e.substr(0, 1), "E");
  BOOST_CHECK_EQUAL((static_cast<unsigned char>(e[1]) << 8) | static_cast<unsigned char>(e[2]), e.size() - 3);
  BOOST_CHECK_EQUAL(static_cast<int>(e[3]), 9);

  peer.signal(SIGTERM);  // de-registers before it exits
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "T"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
}

BOOST_AUTO_TEST_CASE(a_requester_that_half_closes_after_its_D_still_gets_the_whole_content) {
  TempDir dir;
  const std::size_t size = 4 * 1024 * 1024;  // more than one socket write, so the FIN is read mid-transfer
  dir.put("big", std::string(size, 'x'));
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"serve"}));
  auto port = acknowledge_serving(peer, index, "big");

  auto client = FakeTcp::connect_to(port);
  client.send("D\x00\x14"s + "bob\0\0\0\0\0\0\0"s + "big\0\0\0\0\0\0\0"s);
  client.shutdown_send();
  Wire got = client.read_to_end();
  // C frames of 16 KiB with 3-byte headers, then F: its header and the size 4 MiB.
  BOOST_CHECK_EQUAL(got.size(), size + size / 16384 * 3 + 43);
  BOOST_CHECK_EQUAL(got.substr(std::min(got.size(), size + size / 16384 * 3), 11),
                    "F\x00\x28"s + "\x00\x00\x00\x00\x00\x40\x00\x00"s);

  peer.signal(SIGTERM);
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "T"s + "alice\0\0\0\0\0"s + "big\0\0\0\0\0\0\0"s);
  index.reply("A"s + "alice\0\0\0\0\0"s + "big\0\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
}

BOOST_AUTO_TEST_CASE(the_menu_says_registered_only_when_the_index_acknowledged_the_download) {
  for (bool no_register : {true, false}) {
    BOOST_TEST_CONTEXT("--no-register " << no_register) {
      TempDir dir;
      FakeUdp index;
      FakeTcpListener bob;
      std::vector<std::string> tail;
      if (no_register) tail.push_back("--no-register");
      ChildProcess peer(peer_args(dir, index.port(), tail), dir.path / "out", dir.path / "err", true);
      peer.type("D song\n");
      BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "S"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
      index.reply("S"s + "bob\0\0\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "127.0.0.1:" +
                  std::to_string(bob.port()));
      auto to_bob = bob.accept();
      BOOST_REQUIRE(to_bob);
      to_bob->read(23);
      to_bob->send(kHelloStream);
      if (!no_register) {
        BOOST_CHECK_EQUAL(index.receive().value_or("(none)").substr(0, 21),
                          "R"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
        index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
      }
      BOOST_REQUIRE(peer.wait_for_out("downloaded song", 10s));
      BOOST_REQUIRE(peer.wait_for_out("\n", 10s));
      std::string out = peer.out();
      std::string line = out.substr(out.find("downloaded song"));
      line = line.substr(0, line.find('\n'));
      BOOST_CHECK_EQUAL(line.find("registered") != std::string::npos, !no_register);
      peer.end_input();  // leaves as Q does: de-registers what it registered
      if (!no_register) {
        BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "T"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
        index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
      }
      BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(chunk_size_sets_the_data_bytes_of_each_served_C_frame_and_is_checked) {
  TempDir dir;
  dir.put("song", "hello");
  FakeUdp index;
  auto peer = start(dir, peer_args(dir, index.port(), {"--chunk-size", "2", "serve"}));
  auto port = acknowledge_serving(peer, index, "song");
  auto client = FakeTcp::connect_to(port);
  client.send("D\x00\x14"s + "bob\0\0\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(client.read_to_end(), "C\x00\x02he"s + "C\x00\x02ll"s + "C\x00\x01o"s + "F\x00\x28"s +
                                              "\x00\x00\x00\x00\x00\x00\x00\x05"s + kHelloSha256);
  peer.signal(SIGTERM);
  BOOST_CHECK_EQUAL(index.receive().value_or("(none)"), "T"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  index.reply("A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(peer.wait_exit(10s).value_or(-1), 0);

  for (const char* bad : {"0", "65536"}) {
    auto refused = start(dir, peer_args(dir, index.port(), {"--chunk-size", bad, "serve"}));
    BOOST_CHECK_EQUAL(refused.wait_exit(10s).value_or(-1), 2);
    BOOST_CHECK(refused.err().find("--chunk-size must be 1..65535") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(index_replies_follow_the_spec_layouts) {
  TempDir dir;
  ChildProcess index({P2P_INDEX_EXE, "--port", "0", "--bind", "127.0.0.1", "--log-level", "debug"}, dir.path / "out",
                     dir.path / "err");
  BOOST_REQUIRE(index.wait_for_err("listening on udp 127.0.0.1:", 10s));
  std::string err = index.err();
  auto at = err.find("127.0.0.1:") + 10;
  auto port = static_cast<std::uint16_t>(std::stoi(err.substr(at)));
  FakeUdp peer;
  auto ask = [&](const Wire& request) {
    peer.send_to(request, port);
    return peer.receive().value_or("(none)");
  };

  BOOST_CHECK_EQUAL(ask("R"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "0.0.0.0:7001"s),
                    "A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  // "0.0.0.0" was read as the sender's address.
  BOOST_CHECK_EQUAL(ask("S"s + "bob\0\0\0\0\0\0\0"s + "song\0\0\0\0\0\0"s),
                    "S"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "127.0.0.1:7001"s);
  BOOST_CHECK_EQUAL(ask("O\x00\x00"s), "O\x00\x00"s + "song\0\0\0\0\0\0"s);
  BOOST_CHECK_EQUAL(ask("R"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s + "10.1.2.3:7001"s).substr(0, 2), "E\x08"s);
  BOOST_CHECK_EQUAL(ask("T"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s),
                    "A"s + "alice\0\0\0\0\0"s + "song\0\0\0\0\0\0"s);
  // (Requests differ from earlier ones: identical bytes would be answered from the reply cache.)
  BOOST_CHECK_EQUAL(ask("T"s + "alice\0\0\0\0\0"s + "tune\0\0\0\0\0\0"s).substr(0, 2), "E\x05"s);
  BOOST_CHECK_EQUAL(ask("S"s + "carol\0\0\0\0\0"s + "song\0\0\0\0\0\0"s).substr(0, 2), "E\x05"s);
  BOOST_CHECK_EQUAL(ask("Zzz"s).substr(0, 2), "E\x02"s);
  BOOST_CHECK_EQUAL(ask("T"s + "alice\0\0\0\0\0"s + "../x\0\0\0\0\0\0"s).substr(0, 2), "E\x03"s);
  BOOST_CHECK_EQUAL(ask("T"s + "alice"s).substr(0, 2), "E\x01"s);
  // Neither an empty datagram nor an E is answered: the next reply is the O's.
  peer.send_to(""s, port);
  peer.send_to("E\x01"s, port);
  BOOST_CHECK_EQUAL(ask("O\x00\x00"s), "O\x00\x00"s);
  index.signal(SIGTERM);
  BOOST_CHECK_EQUAL(index.wait_exit(10s).value_or(-1), 0);
}
