// SPDX-License-Identifier: GPL-2.0-only
// p2p-conformance: checks an index server or a content server at HOST:PORT against protocol.md, rule
// by rule, for anyone's implementation (a course's students' included).
#include <boost/asio/io_context.hpp>
#include <boost/program_options.hpp>
#include <iostream>

#include "apps/conformance/act_as.h"
#include "apps/conformance/index_rules.h"
#include "apps/conformance/peer_rules.h"
#include "apps/conformance/report.h"
#include "apps/native/daemon.h"
#include "apps/native/net_address.h"
#include "apps/native/option_ranges.h"

namespace asio = boost::asio;
namespace po = boost::program_options;
using namespace p2p;
using namespace p2p::conformance;

namespace {

constexpr int kAllHold = 0, kSomeFail = 1, kUsage = 2, kNoAnswer = 3;

constexpr const char* kUsageText =
    "Usage: p2p-conformance --index HOST:PORT [--level v1|v2] [options]\n"
    "       p2p-conformance --peer HOST:PORT --content NAME [--level v1|v2] [options]\n"
    "       p2p-conformance --act-as-index PORT [--pad] [--duration S] [--count N] [options]\n"
    "       p2p-conformance --act-as-server PORT --content NAME=FILE [--duration S] [--count N] [options]\n"
    "Checks the index server (UDP) or the content server (TCP) at HOST:PORT against the protocol\n"
    "(protocol.md), rule by rule: one line per rule, PASS, FAIL or SKIP; a FAIL shows the bytes sent and\n"
    "received, in hex and decoded, what was expected and the spec's section. Only HOST:PORT is sent to;\n"
    "every answer is awaited --timeout at most and a download is capped (--max-bytes), so a server that\n"
    "is silent or streams forever costs a bounded time. The index rules register this host's own\n"
    "addresses, on which the checker listens, and withdraw them at the end.\n"
    "Index rules (v1): index.R.ack, index.R.repeat, index.R.unspecified, index.R.address_mismatch,\n"
    "  index.R.name_taken (from a second local address: 127.0.0.2 when the index is on loopback, else\n"
    "  --second-address; SKIP without one), index.S.answer, index.S.exclude, index.S.not_found,\n"
    "  index.T.not_owner (second address), index.T.not_found, index.T.owner, index.T.retransmitted,\n"
    "  index.O.paging, index.E1.malformed, index.E2.unknown_type, index.E3.bad_name;\n"
    "  v2 adds index.v2.lease, index.v2.lease_expiry (leases up to --max-wait), index.v2.live_load,\n"
    "  index.v2.reply_cache_fresh.\n"
    "Peer rules (v1): peer.D.whole, peer.F.size, peer.F.sha256, peer.E9.unavailable, peer.E1.malformed;\n"
    "  v2 adds peer.v2.offset, peer.v2.range, peer.v2.empty_range, peer.v2.bad_range,\n"
    "  peer.v2.persistent, peer.v2.busy (SKIP when E 11 cannot be provoked).\n"
    "--act-as-index and --act-as-server play a strict index (the reference's) or content server on\n"
    "127.0.0.1:PORT for the peer under test, driven by hand or by a script: every PDU it sends is\n"
    "answered as the spec says and judged, one line each (from-peer.N.TYPE), PASS when it is laid out as\n"
    "the spec says, FAIL when the answer is E 1, 2, 3 or 8.\n\nOptions";

}  // namespace

int main(int argc, char** argv) {
  std::string index_text, peer_text, content_text, level = "v1", json, junit, second, timeout_text = "2000",
                                                    max_wait_text = "10", max_bytes_text = "268435456";
  std::string act_index, act_server, duration_text = "60", count_text = "100";
  ActAs act;
  po::options_description desc(kUsageText);
  desc.add_options()
      ("help,h", "show this help")
      ("version", "print the version and exit")
      ("index", po::value(&index_text), "check the index server at HOST:PORT (UDP)")
      ("peer", po::value(&peer_text), "check the content server at HOST:PORT (TCP)")
      ("content", po::value(&content_text),
       "with --peer: a content NAME the server holds; with --act-as-server: NAME=FILE to serve")
      ("act-as-index", po::value(&act_index), "play the index on udp 127.0.0.1:PORT")
      ("act-as-server", po::value(&act_server), "play a content server on tcp 127.0.0.1:PORT")
      ("duration", po::value(&duration_text)->default_value(duration_text), "s: how long to act (1..86400)")
      ("count", po::value(&count_text)->default_value(count_text), "PDUs to judge at most when acting (1..100000)")
      ("pad", po::bool_switch(&act.pad), "acting as the index: answer zero-filled to 101 bytes")
      ("level", po::value(&level)->default_value(level), "v1 (the course's protocol) or v2 (leases, live load, ranges)")
      ("timeout", po::value(&timeout_text)->default_value(timeout_text), "ms to wait for each answer (100..60000)")
      ("max-wait", po::value(&max_wait_text)->default_value(max_wait_text),
       "s: the longest index lease whose expiry is waited for (0..600)")
      ("max-bytes", po::value(&max_bytes_text)->default_value(max_bytes_text), "bytes a download may take at most")
      ("second-address", po::value(&second), "a second local address, for E 4 and E 6 (default: 127.0.0.2 on loopback)")
      ("json", po::value(&json), "also write the results as JSON to this file")
      ("junit", po::value(&junit), "also write the results as JUnit XML to this file");
  po::variables_map vm;
  IndexCheck index_check;
  PeerCheck peer_check;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc << "\nExit status: 0 every rule holds (SKIPs allowed), 1 a rule fails, 2 usage error,\n"
                           "3 nothing answers at HOST:PORT.\n";
      return kAllHold;
    }
    if (vm.count("version")) {
      std::cout << native::version_line("p2p-conformance") << "\n";
      return kAllHold;
    }
    po::notify(vm);
    const int modes = !index_text.empty() + !peer_text.empty() + !act_index.empty() + !act_server.empty();
    if (modes != 1) throw std::runtime_error("give one of --index, --peer, --act-as-index, --act-as-server");
    if (level != "v1" && level != "v2") throw std::runtime_error("--level is v1 or v2, not " + level);
    Millis timeout{native::integer_option("--timeout", timeout_text, 100, 60000)};
    act.duration = std::chrono::seconds(native::integer_option("--duration", duration_text, 1, 86400));
    act.count = static_cast<int>(native::integer_option("--count", count_text, 1, 100000));
    act.timeout = timeout;
    if (!act_index.empty() || !act_server.empty()) {
      act.port = static_cast<std::uint16_t>(
          native::integer_option(act_index.empty() ? "--act-as-server" : "--act-as-index",
                                 act_index.empty() ? act_server : act_index, 0, 65535));
      if (!act_server.empty()) {
        auto eq = content_text.find('=');
        if (eq == std::string::npos) throw std::runtime_error("--act-as-server needs --content NAME=FILE");
        auto why = Name::why_invalid(content_text.substr(0, eq));
        if (!why.empty()) throw std::runtime_error("--content '" + content_text.substr(0, eq) + "': " + std::string(why));
        act.content = *Name::parse(content_text.substr(0, eq));
        act.file = content_text.substr(eq + 1);
      }
    } else if (!index_text.empty()) {
      index_check.index = native::to_asio_endpoint<asio::ip::udp>(native::resolve_host_port(index_text, "--index"));
      index_check.v2 = level == "v2";
      index_check.timeout = timeout;
      index_check.max_wait = std::chrono::seconds(native::integer_option("--max-wait", max_wait_text, 0, 600));
      if (!second.empty()) {
        boost::system::error_code ec;
        index_check.second = asio::ip::make_address(second, ec);
        if (ec) throw std::runtime_error("--second-address needs an IP address");
      }
    } else {
      peer_check.server = native::to_asio_endpoint<asio::ip::tcp>(native::resolve_host_port(peer_text, "--peer"));
      auto why = Name::why_invalid(content_text);
      if (!why.empty()) throw std::runtime_error("--content '" + content_text + "': " + std::string(why));
      peer_check.content = *Name::parse(content_text);
      peer_check.v2 = level == "v2";
      peer_check.timeout = timeout;
      peer_check.max_bytes = native::integer_option("--max-bytes", max_bytes_text, 1, 1ull << 40);
    }
  } catch (const std::exception& e) {
    std::cerr << "p2p-conformance: " << e.what() << "\n(see p2p-conformance --help)\n";
    return kUsage;
  }

  asio::io_context io;
  const bool index_mode = !index_text.empty();
  const std::string mode = index_mode            ? "index"
                           : !peer_text.empty()  ? "peer"
                           : !act_index.empty()  ? "act-as-index"
                                                 : "act-as-server";
  const std::string target = index_mode ? index_text : !peer_text.empty() ? peer_text : "127.0.0.1:" + std::to_string(act.port);
  Report report(mode, target, level);
  bool answered = false;
  try {
    if (mode == "index") answered = check_index(io, index_check, report);
    else if (mode == "peer") answered = check_peer(io, peer_check, report);
    else if (mode == "act-as-index") answered = act_as_index(io, act, report);
    else answered = act_as_server(io, act, report);
  } catch (const std::exception& e) {
    std::cerr << "p2p-conformance: " << e.what() << "\n";
    return kUsage;
  }
  if ((!json.empty() && !report.write_json(json)) || (!junit.empty() && !report.write_junit(junit)))
    std::cerr << "p2p-conformance: cannot write the report file\n";
  std::cout << report.count(Status::Pass) << " passed, " << report.count(Status::Fail) << " failed, "
            << report.count(Status::Skip) << " skipped\n";
  if (!answered) {
    std::cerr << "p2p-conformance: " << (mode.rfind("act", 0) == 0 ? "nothing arrived at " : "nothing answers at ")
              << target << "\n";
    return kNoAnswer;
  }
  return report.count(Status::Fail) > 0 ? kSomeFail : kAllHold;
}
