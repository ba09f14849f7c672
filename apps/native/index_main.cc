// SPDX-License-Identifier: GPL-2.0-only
// p2p-index: the index server daemon. All the protocol logic is p2p::IndexServer.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <csignal>
#include <iostream>

#include "apps/native/daemon.h"
#include "apps/native/event_csv.h"
#include "apps/native/exit_codes.h"
#include "apps/native/index_host.h"
#include "apps/native/index_metrics.h"
#include "apps/native/log.h"
#include "apps/native/metrics_http.h"
#include "apps/native/net_address.h"
#include "apps/native/option_ranges.h"
#include "apps/native/setting_flags.h"
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
  bool pad = false;
  std::optional<asio::ip::tcp::endpoint> metrics;  // --metrics: off by default
};

// Registrations, searches, de-registrations, expired entries and PDUs that cannot be read are worth a
// line at info, dropped requests a warning; the rest only at debug.
LogLevel level_of(const IndexEvent& ev) {
  if (ev.kind == IndexEventKind::RateLimited) return LogLevel::Warn;
  if (ev.kind == IndexEventKind::Expired) return LogLevel::Info;
  if (ev.kind == IndexEventKind::Unreachable) return LogLevel::Warn;
  bool summary = ev.request_type == 'R' || ev.request_type == 'S' || ev.request_type == 'T';
  // A PDU the index cannot read is said at info with what was wrong: an implementer needs to see it.
  bool unreadable = ev.error && (*ev.error == ErrorCode::Malformed || *ev.error == ErrorCode::UnknownType ||
                                 *ev.error == ErrorCode::BadName);
  return (summary || unreadable) && !ev.from_cache ? LogLevel::Info : LogLevel::Debug;
}

int parse(int argc, char** argv, Options& out) {
  namespace setting = settings::index;
  // The settings' flags (setting_flags.h): text, range-checked below, so that "-1" must not wrap round.
  std::string port_text, bind_text = "0.0.0.0", level_text = "info";
  std::string metrics_text, policy_text, max_entries, assignment_timeout, lease, per_source, rate, burst, check,
      check_timeout;
  po::options_description desc(
      "Usage: p2p-index --port PORT [options]\n"
      "The index server of the P2P protocol (UDP): peers register content, search for a server and\n"
      "list what is online.\n\nOptions");
  desc.add_options()
      ("help,h", "show this help")
      ("version", "print the version and exit")
      ("port,p", po::value(&port_text)->required(), "UDP port to listen on (0: any free port, logged at start)")
      ("bind", po::value(&bind_text)->default_value(bind_text), "address to listen on (IPv4 or IPv6)");
  add_setting_flag(desc, setting::policy, policy_text);
  desc.add_options()
      ("seed", po::value(&out.config.seed)->default_value(out.config.seed), "seed of the random policy")
      ("trust-addresses", po::bool_switch(&out.config.trust_addresses), std::string(setting::trust_addresses.doc).c_str());
  add_setting_flag(desc, setting::max_entries, max_entries);
  add_setting_flag(desc, setting::assignment_timeout, assignment_timeout);
  add_setting_flag(desc, setting::lease_seconds, lease);
  add_setting_flag(desc, setting::max_entries_per_source, per_source);
  add_setting_flag(desc, setting::requests_per_second, rate);
  add_setting_flag(desc, setting::request_burst, burst);
  add_setting_flag(desc, setting::check_addresses, check);
  add_setting_flag(desc, setting::check_timeout, check_timeout);
  desc.add_options()
      ("pad", po::bool_switch(&out.pad),
       "send every answer zero-filled to 101 bytes, as the course's struct pdu { char type; char data[100]; }\n"
       "(received datagrams may always be zero-filled so: NULs after the fields are padding, an all-NUL\n"
       "exclude slot ends S's list, O with no data asks from the start, an R address that is a port\n"
       "alone means the sender's address with that port; other bytes after a field's padding are E 1)")
      ("log-level", po::value(&level_text)->default_value(level_text),
       "error, warn, info (one line per R/S/T) or debug (every request)")
      ("log-file", po::value(&out.log_file), "append the log to this file instead of stderr")
      ("syslog", po::bool_switch(&out.syslog), "send the log to syslog (facility daemon) instead of stderr")
      ("metrics", po::value(&metrics_text), "serve Prometheus metrics over HTTP at ADDR:PORT (GET /metrics)");
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
    out.config.max_entries = static_cast<std::size_t>(setting_value(setting::max_entries, max_entries));
    out.config.assignment_timeout = setting_duration(setting::assignment_timeout, assignment_timeout);
    out.config.lease_seconds = static_cast<std::uint32_t>(setting_value(setting::lease_seconds, lease));
    out.config.max_entries_per_source = static_cast<std::size_t>(setting_value(setting::max_entries_per_source, per_source));
    out.config.requests_per_second = setting_value(setting::requests_per_second, rate);
    out.config.request_burst = setting_value(setting::request_burst, burst);
    out.config.check_addresses = setting_value(setting::check_addresses, check) != 0;
    out.config.check_timeout = setting_duration(setting::check_timeout, check_timeout);
    if (!metrics_text.empty()) out.metrics = parse_metrics_address(metrics_text);
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
  if (std::string why = out.config.validate(); !why.empty()) {
    std::cerr << "p2p-index: " << why << "\n(see p2p-index --help)\n";
    return exit_code::kUsage;
  }
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
  host->set_zero_fill(options.pad);
  IndexMetrics metrics;
  std::unique_ptr<MetricsHttp> metrics_http;
  if (options.metrics) {
    try {
      metrics_http = std::make_unique<MetricsHttp>(io, *options.metrics, [&] { return metrics.render(host->server()); });
    } catch (const boost::system::system_error& e) {
      log.error("cannot serve metrics on tcp " + options.metrics->address().to_string() + ":" +
                std::to_string(options.metrics->port()) + ": " + e.code().message());
      return exit_code::kLocalError;
    }
  }
  host->set_check_listener([&metrics](bool accepted) { metrics.on_check(accepted); });
  host->set_listener([&log, &metrics, csv = index_events_csv()](const IndexEvent& ev) {
    if (csv) csv(ev);  // P2P_EVENTS_CSV (event_csv.h)
    metrics.on_event(ev);
    LogLevel level = level_of(ev);
    if (log.enabled(level)) log.write(level, describe(ev));
  });
  log.info("listening on udp " + host->local().to_string() + " (policy " +
           std::string(to_string(options.config.policy)) + ")");
  if (metrics_http) log.info("metrics on http://" + to_core(metrics_http->local()).to_string() + "/metrics");
  notify_ready();

  // SIGHUP stops it as SIGTERM does (there is no configuration file to reload; the registry is soft
  // state that the peers' refreshes rebuild within half a lease after a restart).
  asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    const char* name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "SIGHUP";
    log.info(std::string("stopping on ") + name + " with " + std::to_string(host->server().registry().size()) +
             " registrations");
    host->close();
    if (metrics_http) metrics_http->close();
  });
  io.run();
  return exit_code::kOk;
}
