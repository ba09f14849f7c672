// SPDX-License-Identifier: GPL-2.0-only
// p2p-index: the index server daemon. All the protocol logic is p2p::IndexServer.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <csignal>
#include <iostream>
#include <sstream>

#include "apps/native/daemon.h"
#include "apps/native/event_csv.h"
#include "apps/native/exit_codes.h"
#include "apps/native/index_host.h"
#include "apps/native/log.h"
#include "apps/native/net_address.h"
#include "apps/native/option_ranges.h"
#include "model/event_format.h"

namespace asio = boost::asio;
namespace po = boost::program_options;
using namespace p2p;
using namespace p2p::native;

namespace {

struct Options {
  asio::ip::udp::endpoint bind;
  IndexConfig config;
  LogLevel log_level = LogLevel::Info;
  std::string log_file;
  bool syslog = false;
};

constexpr std::int64_t kMaxEntries = std::int64_t{1} << 32;  // far beyond any memory this runs in

// Registrations, searches, de-registrations and expired entries are worth a line at info, dropped
// requests a warning; the rest only at debug.
LogLevel level_of(const IndexEvent& ev) {
  if (ev.kind == IndexEventKind::RateLimited) return LogLevel::Warn;
  if (ev.kind == IndexEventKind::Expired) return LogLevel::Info;
  bool summary = ev.request_type == 'R' || ev.request_type == 'S' || ev.request_type == 'T';
  return summary && !ev.from_cache ? LogLevel::Info : LogLevel::Debug;
}

// A number as the help shows it: "200", "0.5".
std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

int parse(int argc, char** argv, Options& out) {
  // Numbers are read as text and range-checked (option_ranges.h): "-1" must not wrap round.
  std::string port_text, max_entries = std::to_string(out.config.max_entries);
  std::string assignment_timeout = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(out.config.assignment_timeout).count());
  std::string lease = "120";  // the core's default is 0 (no expiry, as v1); a daemon wants soft state
  std::string per_source = std::to_string(out.config.max_entries_per_source);
  std::string rate = number_text(out.config.requests_per_second), burst = number_text(out.config.request_burst);
  std::string bind_text = "0.0.0.0", policy_text = "least-used", level_text = "info";
  po::options_description desc(
      "Usage: p2p-index --port PORT [options]\n"
      "The index server of the P2P protocol (UDP): peers register content, search for a server and\n"
      "list what is online.\n\nOptions");
  desc.add_options()
      ("help,h", "show this help")
      ("version", "print the version and exit")
      ("port,p", po::value(&port_text)->required(), "UDP port to listen on (0: any free port, logged at start)")
      ("bind", po::value(&bind_text)->default_value(bind_text), "address to listen on (IPv4 or IPv6)")
      ("policy", po::value(&policy_text)->default_value(policy_text),
       "server selection: least-used, most-recent, round-robin or random")
      ("seed", po::value(&out.config.seed)->default_value(out.config.seed), "seed of the random policy")
      ("trust-addresses", po::bool_switch(&out.config.trust_addresses),
       "accept registrations naming another host's address (off: E 8)")
      ("max-entries", po::value(&max_entries)->default_value(max_entries), "registry size limit (past it: E 7)")
      ("assignment-timeout", po::value(&assignment_timeout)->default_value(assignment_timeout),
       "seconds an S answer counts toward its server's live load at most (0: until the requester "
       "registers the content or asks again)")
      ("lease", po::value(&lease)->default_value(lease),
       "seconds an entry lives after its owner's last R, sent in the A (0: entries never expire)")
      ("max-entries-per-source", po::value(&per_source)->default_value(per_source),
       "registry entries one source host may own (past it: E 7; 0: no limit)")
      ("requests-per-second", po::value(&rate)->default_value(rate),
       "requests one source host may send a second; more are dropped unanswered (0: no limit)")
      ("request-burst", po::value(&burst)->default_value(burst), "requests a host may send at once beyond that rate")
      ("log-level", po::value(&level_text)->default_value(level_text),
       "error, warn, info (one line per R/S/T) or debug (every request)")
      ("log-file", po::value(&out.log_file), "append the log to this file instead of stderr")
      ("syslog", po::bool_switch(&out.syslog), "send the log to syslog (facility daemon) instead of stderr");
  std::uint16_t port = 0;
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc << "\n" << exit_code::kHelpText;
      return -1;
    }
    if (vm.count("version")) {
      std::cout << version_line("p2p-index") << "\n";
      return -1;
    }
    po::notify(vm);
    port = static_cast<std::uint16_t>(integer_option("--port", port_text, 0, 65535));
    out.config.max_entries = static_cast<std::size_t>(integer_option("--max-entries", max_entries, 0, kMaxEntries));
    out.config.assignment_timeout = seconds_option("--assignment-timeout", assignment_timeout, 0, 86400);
    out.config.lease_seconds = static_cast<std::uint32_t>(integer_option("--lease", lease, 0, 4294967295));
    out.config.max_entries_per_source =
        static_cast<std::size_t>(integer_option("--max-entries-per-source", per_source, 0, kMaxEntries));
    out.config.requests_per_second = number_option("--requests-per-second", rate, 0, 1e9);
    out.config.request_burst = number_option("--request-burst", burst, 1, 1e9);
    if (!out.log_file.empty() && out.syslog) throw std::runtime_error("--log-file and --syslog exclude each other");
  } catch (const std::exception& e) {
    std::cerr << "p2p-index: " << e.what() << "\n(see p2p-index --help)\n";
    return exit_code::kUsage;
  }
  boost::system::error_code ec;
  auto address = asio::ip::make_address(bind_text, ec);
  auto policy = parse_policy(policy_text);
  auto level = parse_log_level(level_text);
  if (ec || !policy || !level) {
    std::cerr << "p2p-index: "
              << (ec ? "--bind needs an IP address" : !policy ? "unknown --policy " + policy_text
                                                              : "unknown --log-level " + level_text)
              << "\n";
    return exit_code::kUsage;
  }
  out.bind = {address, port};
  out.config.policy = *policy;
  out.log_level = *level;
  return exit_code::kOk;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (int status = parse(argc, argv, options); status != exit_code::kOk) return status < 0 ? exit_code::kOk : status;
  ignore_sigpipe();
  Logger log("p2p-index", options.log_level);
  try {
    if (!options.log_file.empty()) log.set_file(options.log_file);
    if (options.syslog) log.set_syslog();
  } catch (const std::exception& e) {
    std::cerr << "p2p-index: " << e.what() << "\n";
    return exit_code::kLocalError;
  }

  asio::io_context io;
  std::unique_ptr<IndexHost> host;
  try {
    host = std::make_unique<IndexHost>(io, options.bind, options.config);
  } catch (const boost::system::system_error& e) {
    log.error("cannot listen on udp " + options.bind.address().to_string() + ":" + std::to_string(options.bind.port()) +
              ": " + e.code().message());
    return exit_code::kLocalError;
  }
  host->set_listener([&log, csv = index_events_csv()](const IndexEvent& ev) {
    if (csv) csv(ev);  // P2P_EVENTS_CSV (event_csv.h)
    LogLevel level = level_of(ev);
    if (log.enabled(level)) log.write(level, describe(ev));
  });
  log.info("listening on udp " + host->local().to_string() + " (policy " +
           std::string(to_string(options.config.policy)) + ")");

  // SIGHUP stops it as SIGTERM does (there is no configuration file to reload; the registry is soft
  // state that the peers' refreshes rebuild within half a lease after a restart).
  asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    const char* name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "SIGHUP";
    log.info(std::string("stopping on ") + name + " with " + std::to_string(host->server().registry().size()) +
             " registrations");
    host->close();
  });
  io.run();
  return exit_code::kOk;
}
