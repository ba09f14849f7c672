// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/peer_options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "apps/native/content_names.h"
#include "apps/native/daemon.h"
#include "apps/native/exit_codes.h"
#include "apps/native/net_address.h"
#include "apps/native/option_ranges.h"

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
    "                         SIGINT, SIGTERM or SIGHUP)\n"
    "  serve                  register every regular, non-hidden file of the share directory\n"
    "                         (--share is required: --share . for the current directory) and\n"
    "                         serve it until SIGINT, SIGTERM or SIGHUP, then de-register everything\n"
    "Hidden files (a name starting with '.'), symbolic links, FIFOs, devices and sockets are never\n"
    "listed, registered or served. Directories are never created unless --create-downloads says so.\n";

constexpr std::int64_t kMaxRate = std::int64_t{1} << 40;   // bytes/s: far beyond any link
constexpr std::int64_t kMaxPiece = std::int64_t{1} << 40;  // bytes: a piece as large as any content

namespace fs = std::filesystem;

// A directory named on the command line must exist: a typo must not become a new, empty directory
// (and, for --share, an empty share).
void check_directory(const fs::path& dir, const char* flag) {
  std::error_code ec;
  auto status = fs::status(dir, ec);
  if (fs::is_directory(status)) return;
  if (ec && ec != std::errc::no_such_file_or_directory)  // e.g. a parent directory it may not enter
    throw std::runtime_error(std::string(flag) + " " + dir.string() + ": " + ec.message());
  if (fs::exists(status)) throw std::runtime_error(std::string(flag) + " " + dir.string() + " is not a directory");
  throw std::runtime_error(std::string(flag) + " " + dir.string() + ": no such directory (none is created" +
                           (std::string(flag) == "--downloads" ? "; --create-downloads creates it)" : ")"));
}

ip::tcp::endpoint parse_listen(const std::string& text) {
  auto e = Endpoint::parse(text);
  if (!e) throw std::runtime_error("--listen '" + text + "' is not ADDR:PORT (e.g. 0.0.0.0:6000 or [::]:6000)");
  return to_asio_endpoint<ip::tcp>(*e);
}

// Seconds as the command line shows them: "0.1", "10".
std::string seconds_text(Duration d) {
  std::ostringstream s;
  s << to_seconds(d);
  return s.str();
}

}  // namespace

std::optional<int> parse_peer_options(int argc, char** argv, PeerOptions& out) {
  std::string name, index, listen = "0.0.0.0:6000", advertise, level = "info";
  std::string share = ".", downloads;
  // Numbers are read as text and range-checked (option_ranges.h): "-1" must not wrap round.
  const PeerConfig defaults;
  std::string retry_ms = "1000", stall_s = "10", retries = std::to_string(defaults.udp_retry.max_tries);
  std::string chunk_size = std::to_string(defaults.chunk_size), upload_limit = "0";
  std::string upload_slots = std::to_string(defaults.upload_slots), sources = std::to_string(defaults.sources);
  std::string piece_size = std::to_string(defaults.piece_size);
  std::string busy_backoff = seconds_text(defaults.busy_backoff.initial);
  std::string busy_backoff_max = seconds_text(defaults.busy_backoff.max);
  std::string serve_min_rate = std::to_string(defaults.serve_min_rate);
  std::string serve_rate_window = seconds_text(defaults.serve_rate_window);
  std::string download_deadline = "3600";  // the core has none by default; a script's get should end
  po::options_description visible("Options");
  visible.add_options()
      ("help,h", "show this help")
      ("version", "print the version and exit")
      ("name,n", po::value(&name)->required(), "this peer's name (1..10 bytes)")
      ("index,i", po::value(&index)->required(), "the index server, HOST:PORT (UDP)")
      ("share,s", po::value(&share)->default_value(share),
       "directory of the content this peer serves (serve needs it given, --share . included)")
      ("downloads,d", po::value(&downloads), "directory downloads are kept in (default: the share directory)")
      ("create-downloads", "create the --downloads directory (and its parents) if it does not exist")
      ("listen,l", po::value(&listen)->default_value(listen), "TCP address to serve content on (port 0: any free port)")
      ("advertise", po::value(&advertise),
       "address to register instead of the listening port on this host's address (behind NAT)")
      ("retry-timeout", po::value(&retry_ms)->default_value(retry_ms),
       "first UDP retry timeout, in ms (1..600000; doubles per try)")
      ("retries", po::value(&retries)->default_value(retries), "UDP transmissions per request, the first included (1..100)")
      ("stall-timeout", po::value(&stall_s)->default_value(stall_s),
       "seconds without progress before a transfer fails over (1..86400)")
      ("serve-min-rate", po::value(&serve_min_rate)->default_value(serve_min_rate),
       "bytes/s a requester must read, over each --serve-rate-window, to keep being served (0: any byte)")
      ("serve-rate-window", po::value(&serve_rate_window)->default_value(serve_rate_window),
       "seconds over which a requester's reading rate is measured (1..86400)")
      ("keep-serving", po::bool_switch(&out.keep_serving), "get: serve the downloaded content until SIGINT, SIGTERM or SIGHUP")
      ("no-register", "get: keep downloads without registering them")
      ("sources", po::value(&sources)->default_value(sources),
       "get: servers one download fetches pieces from at once (1..8; 1: one server, whole content)")
      ("piece-size", po::value(&piece_size)->default_value(piece_size),
       "get with --sources > 1: bytes per piece, one D each (>= 1)")
      ("busy-backoff", po::value(&busy_backoff)->default_value(busy_backoff),
       "get: seconds to wait before a new round when every server was busy (E 11), doubling per round")
      ("busy-backoff-max", po::value(&busy_backoff_max)->default_value(busy_backoff_max),
       "get: the longest wait between busy rounds, in seconds")
      ("download-deadline", po::value(&download_deadline)->default_value(download_deadline),
       "get: seconds a download may take before it gives up (0: no deadline)")
      ("upload-slots", po::value(&upload_slots)->default_value(upload_slots),
       "downloads served at once; one more gets E 11 (busy) (0: unlimited)")
      ("chunk-size", po::value(&chunk_size)->default_value(chunk_size),
       "data bytes per C PDU this peer sends when serving (1..65535)")
      ("upload-limit", po::value(&upload_limit)->default_value(upload_limit),
       "bytes per second for all uploads together, 0 for none (a testing aid)")
      ("log-level", po::value(&level), "error, warn, info or debug (default: info; error in the menu)")
      ("log-file", po::value(&out.log_file), "append the log to this file instead of stderr")
      ("syslog", po::bool_switch(&out.syslog), "send the log to syslog (facility daemon) instead of stderr");
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
    if (vm.count("version")) {
      std::cout << version_line("p2p-peer") << "\n";
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
    out.engine.udp_retry.initial_timeout =
        std::chrono::milliseconds(integer_option("--retry-timeout", retry_ms, 1, 600000));
    out.engine.udp_retry.max_tries = static_cast<int>(integer_option("--retries", retries, 1, 100));
    out.engine.stall_timeout = seconds_option("--stall-timeout", stall_s, 1, 86400);
    out.engine.serve_min_rate = static_cast<std::uint64_t>(integer_option("--serve-min-rate", serve_min_rate, 0, kMaxRate));
    out.engine.serve_rate_window = seconds_option("--serve-rate-window", serve_rate_window, 1, 86400);
    out.engine.chunk_size = static_cast<std::size_t>(integer_option("--chunk-size", chunk_size, 1, 65535));
    out.upload_limit = static_cast<std::uint64_t>(integer_option("--upload-limit", upload_limit, 0, kMaxRate));
    out.engine.upload_slots = static_cast<std::size_t>(integer_option("--upload-slots", upload_slots, 0, 65535));
    out.engine.sources = static_cast<std::size_t>(integer_option("--sources", sources, 1, 8));
    out.engine.piece_size = static_cast<std::uint64_t>(integer_option("--piece-size", piece_size, 1, kMaxPiece));
    out.engine.busy_backoff.initial = seconds_option("--busy-backoff", busy_backoff, 0.001, 3600);
    out.engine.busy_backoff.max = seconds_option("--busy-backoff-max", busy_backoff_max, 0.001, 3600);
    // A first wait set above the default cap raises the cap with it; a cap given below it is an error.
    if (vm["busy-backoff-max"].defaulted())
      out.engine.busy_backoff.max = std::max(out.engine.busy_backoff.max, out.engine.busy_backoff.initial);
    if (out.engine.busy_backoff.max < out.engine.busy_backoff.initial)
      throw std::runtime_error("--busy-backoff-max (" + busy_backoff_max + ") must be at least --busy-backoff (" +
                               busy_backoff + ")");
    out.engine.download_deadline = seconds_option("--download-deadline", download_deadline, 0, 31536000);
    // --upload-limit is shared by the upload slots, and this peer must not be the reason a reader
    // looks slow: the floor is at most one slot's share (unlimited slots: any progress will do).
    if (out.upload_limit != 0) {
      const std::uint64_t slot_share = out.engine.upload_slots == 0 ? 0 : out.upload_limit / out.engine.upload_slots;
      if (out.engine.serve_min_rate > slot_share) {
        if (!vm["serve-min-rate"].defaulted())
          throw std::runtime_error("--serve-min-rate " + serve_min_rate + " is more than one upload slot's share of --upload-limit " +
                                   upload_limit + " (" + std::to_string(slot_share) + " bytes/s)");
        out.engine.serve_min_rate = slot_share;
      }
    }
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
    if (!out.log_file.empty() && out.syslog) throw std::runtime_error("--log-file and --syslog exclude each other");
    // serve publishes every file of the directory: the current one only when asked for by name.
    if (out.command == "serve" && vm["share"].defaulted())
      throw std::runtime_error("serve registers every file of the share directory: name it with --share DIR "
                               "(--share . to share the current directory)");
    check_directory(out.share, "--share");
    if (!downloads.empty()) {
      std::error_code ec;
      if (vm.count("create-downloads") && !fs::exists(out.downloads, ec)) {
        fs::create_directories(out.downloads, ec);
        if (ec) throw std::runtime_error("cannot create --downloads " + out.downloads.string() + ": " + ec.message());
      }
      check_directory(out.downloads, "--downloads");
    }
  } catch (const std::exception& e) {
    std::cerr << "p2p-peer: " << e.what() << "\n(see p2p-peer --help)\n";
    return exit_code::kUsage;
  }
  return std::nullopt;
}

}  // namespace p2p::native
