#include "apps/native/peer_options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>

#include "apps/native/content_names.h"
#include "apps/native/exit_codes.h"
#include "apps/native/net_address.h"

namespace p2p::native {

namespace po = boost::program_options;
namespace ip = boost::asio::ip;

namespace {

constexpr const char* kUsage =
    "Usage: p2p-peer --name NAME --index HOST:PORT [options] [COMMAND [CONTENT...]]\n"
    "A peer of the P2P protocol: a client of the index, a downloader and a content server at once.\n"
    "Content names are file names in the share directory (1..10 printable ASCII bytes, no / or \\).\n"
    "\n"
    "Without a command: an interactive menu (register, de-register, list local, list online,\n"
    "download, quit) that keeps serving content while it waits for input.\n"
    "Commands:\n"
    "  register CONTENT...    register content held in the share directory, then exit\n"
    "  deregister CONTENT...  withdraw registrations of this peer name, then exit\n"
    "  list                   print the content names online, one per line\n"
    "  get CONTENT...         download, verify (size, SHA-256), keep and register each, then\n"
    "                         de-register them and exit (with --keep-serving: serve them until\n"
    "                         SIGINT/SIGTERM)\n"
    "  serve                  register everything in the share directory and serve it until\n"
    "                         SIGINT/SIGTERM, then de-register everything\n";

ip::tcp::endpoint parse_listen(const std::string& text) {
  auto e = Endpoint::parse(text);
  if (!e) throw std::runtime_error("--listen '" + text + "' is not ADDR:PORT (e.g. 0.0.0.0:6000 or [::]:6000)");
  return to_asio_endpoint<ip::tcp>(*e);
}

}  // namespace

std::optional<int> parse_peer_options(int argc, char** argv, PeerOptions& out) {
  std::string name, index, listen = "0.0.0.0:6000", advertise, level = "info";
  std::string share = ".", downloads;
  unsigned retry_ms = 1000, stall_s = 10;
  std::size_t chunk_size = out.engine.chunk_size;
  int retries = out.engine.udp_retry.max_tries;
  po::options_description visible("Options");
  visible.add_options()
      ("help,h", "show this help")
      ("name,n", po::value(&name)->required(), "this peer's name (1..10 bytes)")
      ("index,i", po::value(&index)->required(), "the index server, HOST:PORT (UDP)")
      ("share,s", po::value(&share)->default_value(share), "directory of the content this peer serves")
      ("downloads,d", po::value(&downloads), "directory downloads are kept in (default: the share directory)")
      ("listen,l", po::value(&listen)->default_value(listen), "TCP address to serve content on (port 0: any free port)")
      ("advertise", po::value(&advertise),
       "address to register instead of the listening port on this host's address (behind NAT)")
      ("retry-timeout", po::value(&retry_ms)->default_value(retry_ms),
       "first UDP retry timeout, in ms (doubles per try)")
      ("retries", po::value(&retries)->default_value(retries), "UDP transmissions per request, the first included")
      ("stall-timeout", po::value(&stall_s)->default_value(stall_s),
       "seconds without progress before a transfer fails over")
      ("keep-serving", po::bool_switch(&out.keep_serving), "get: serve the downloaded content until SIGINT/SIGTERM")
      ("no-register", "get: keep downloads without registering them")
      ("chunk-size", po::value(&chunk_size)->default_value(chunk_size),
       "data bytes per C PDU this peer sends when serving (1..65535)")
      ("upload-limit", po::value(&out.upload_limit)->default_value(0),
       "bytes per second for all uploads together, 0 for none (a testing aid)")
      ("log-level", po::value(&level), "error, warn, info or debug (default: info; error in the menu)");
  po::options_description hidden;
  hidden.add_options()("command", po::value(&out.command))("args", po::value(&out.args)->multitoken());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("args", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << kUsage << "\n" << visible << "\n" << exit_code::kHelpText;
      return exit_code::kOk;
    }
    po::notify(vm);
    auto why = Name::why_invalid(name);
    if (!why.empty()) throw std::runtime_error("--name '" + name + "': " + std::string(why));
    out.engine.name = *Name::parse(name);
    out.engine.index = resolve_host_port(index, "--index");
    out.listen = parse_listen(listen);
    // list and deregister serve nothing: a default port would clash with a serving peer on this host.
    if (vm["listen"].defaulted() && (out.command == "list" || out.command == "deregister")) out.listen.port(0);
    if (!advertise.empty()) {
      auto a = Endpoint::parse(advertise);
      if (!a) throw std::runtime_error("--advertise '" + advertise + "' is not ADDR:PORT");
      out.engine.advertise = *a;
    }
    auto parsed_level = parse_log_level(level);
    if (!parsed_level) throw std::runtime_error("unknown --log-level " + level);
    out.log_level = *parsed_level;
    out.log_level_given = vm.count("log-level") != 0;
    if (retries < 1) throw std::runtime_error("--retries must be at least 1");
    out.engine.udp_retry.initial_timeout = std::chrono::milliseconds(std::max(1u, retry_ms));
    out.engine.udp_retry.max_tries = retries;
    out.engine.stall_timeout = std::chrono::seconds(std::max(1u, stall_s));
    if (chunk_size < 1 || chunk_size > 65535) throw std::runtime_error("--chunk-size must be 1..65535");
    out.engine.chunk_size = chunk_size;
    out.engine.register_downloads = vm.count("no-register") == 0;
    out.share = share;
    out.downloads = downloads.empty() ? out.share : std::filesystem::path(downloads);
    static const std::vector<std::string> kCommands = {"", "register", "deregister", "list", "get", "serve"};
    if (std::find(kCommands.begin(), kCommands.end(), out.command) == kCommands.end())
      throw std::runtime_error("unknown command '" + out.command + "'");
    bool takes_names = out.command == "register" || out.command == "deregister" || out.command == "get";
    if (takes_names && out.args.empty()) throw std::runtime_error(out.command + " needs at least one content name");
    if (!takes_names && !out.args.empty())
      throw std::runtime_error((out.command.empty() ? "the menu" : out.command) + " takes no content names");
    std::string refusal;
    auto names = parse_content_names(out.args, refusal);
    if (!names) throw std::runtime_error(refusal);
    out.names = std::move(*names);
  } catch (const std::exception& e) {
    std::cerr << "p2p-peer: " << e.what() << "\n(see p2p-peer --help)\n";
    return exit_code::kUsage;
  }
  return std::nullopt;
}

}  // namespace p2p::native
