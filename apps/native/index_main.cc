// p2p-index: the index server daemon. All the protocol logic is p2p::IndexServer.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <csignal>
#include <iostream>

#include "apps/native/exit_codes.h"
#include "apps/native/index_host.h"
#include "apps/native/log.h"
#include "apps/native/net_address.h"
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
};

// Registrations, searches and de-registrations are worth a line at info; the rest only at debug.
bool is_summary(const IndexEvent& ev) {
  return ev.request_type == 'R' || ev.request_type == 'S' || ev.request_type == 'T';
}

int parse(int argc, char** argv, Options& out) {
  std::uint16_t port = 0;
  std::string bind_text = "0.0.0.0", policy_text = "least-used", level_text = "info";
  po::options_description desc(
      "Usage: p2p-index --port PORT [options]\n"
      "The index server of the P2P protocol (UDP): peers register content, search for a server and\n"
      "list what is online.\n\nOptions");
  desc.add_options()
      ("help,h", "show this help")
      ("port,p", po::value(&port)->required(), "UDP port to listen on (0: any free port, logged at start)")
      ("bind", po::value(&bind_text)->default_value(bind_text), "address to listen on (IPv4 or IPv6)")
      ("policy", po::value(&policy_text)->default_value(policy_text),
       "server selection: least-used, most-recent, round-robin or random")
      ("seed", po::value(&out.config.seed)->default_value(out.config.seed), "seed of the random policy")
      ("trust-addresses", po::bool_switch(&out.config.trust_addresses),
       "accept registrations naming another host's address (off: E 8)")
      ("max-entries", po::value(&out.config.max_entries)->default_value(out.config.max_entries),
       "registry size limit (past it: E 7)")
      ("log-level", po::value(&level_text)->default_value(level_text),
       "error, warn, info (one line per R/S/T) or debug (every request)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc << "\n" << exit_code::kHelpText;
      return -1;
    }
    po::notify(vm);
  } catch (const po::error& e) {
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
  Logger log("p2p-index", options.log_level);

  asio::io_context io;
  std::unique_ptr<IndexHost> host;
  try {
    host = std::make_unique<IndexHost>(io, options.bind, options.config);
  } catch (const boost::system::system_error& e) {
    log.error("cannot listen on udp " + options.bind.address().to_string() + ":" + std::to_string(options.bind.port()) +
              ": " + e.code().message());
    return exit_code::kLocalError;
  }
  host->server().set_observer([&log](const IndexEvent& ev) {
    LogLevel level = is_summary(ev) && !ev.from_cache ? LogLevel::Info : LogLevel::Debug;
    if (log.enabled(level)) log.write(level, describe(ev));
  });
  log.info("listening on udp " + host->local().to_string() + " (policy " +
           std::string(to_string(options.config.policy)) + ")");

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    log.info(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + " with " +
             std::to_string(host->server().registry().size()) + " registrations");
    host->close();
  });
  io.run();
  return exit_code::kOk;
}
