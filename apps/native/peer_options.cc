// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/peer_options.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "apps/native/content_names.h"
#include "apps/native/daemon.h"
#include "apps/native/exit_codes.h"
#include "apps/native/metrics_http.h"
#include "apps/native/net_address.h"
#include "apps/native/option_ranges.h"
#include "apps/native/setting_flags.h"

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

constexpr std::int64_t kMaxRate = std::int64_t{1} << 40;  // bytes/s: far beyond any link

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

}  // namespace

std::optional<int> parse_peer_options(int argc, char** argv, PeerOptions& out) {
  namespace setting = settings::peer;
  std::string name, index, advertise, level = "info";
  std::string listen = "0.0.0.0:" + settings::number_text(setting::listen_port.default_in_native());
  std::string share = ".", downloads, upload_limit = "0", metrics_text;
  // The settings' flags (setting_flags.h): text, range-checked below, so that "-1" must not wrap round.
  std::string retry_timeout, retries, stall_timeout, serve_min_rate, serve_rate_window, sources, piece_size;
  std::string busy_backoff, busy_backoff_max, download_deadline, empty_swarm_wait, upload_slots, chunk_size;
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
       "address to register instead of the listening port on this host's address (behind NAT)");
  add_setting_flag(visible, setting::retry_timeout, retry_timeout);
  add_setting_flag(visible, setting::retry_max_tries, retries);
  add_setting_flag(visible, setting::stall_timeout, stall_timeout);
  add_setting_flag(visible, setting::serve_min_rate, serve_min_rate);
  add_setting_flag(visible, setting::serve_rate_window, serve_rate_window);
  visible.add_options()
      ("keep-serving", po::bool_switch(&out.keep_serving), "get: serve the downloaded content until SIGINT, SIGTERM or SIGHUP")
      ("no-register", "get: keep downloads without registering them");
  add_setting_flag(visible, setting::sources, sources);
  add_setting_flag(visible, setting::piece_size, piece_size);
  add_setting_flag(visible, setting::busy_backoff, busy_backoff);
  add_setting_flag(visible, setting::busy_backoff_max, busy_backoff_max);
  add_setting_flag(visible, setting::download_deadline, download_deadline);
  add_setting_flag(visible, setting::empty_swarm_wait, empty_swarm_wait);
  add_setting_flag(visible, setting::upload_slots, upload_slots);
  add_setting_flag(visible, setting::chunk_size, chunk_size);
  visible.add_options()
      ("upload-limit", po::value(&upload_limit)->default_value(upload_limit),
       "bytes per second for all uploads together, 0 for none (a testing aid)")
      ("pad", po::bool_switch(&out.pad),
       "send datagrams to the index zero-filled to 101 bytes, as the course's struct pdu { char type;\n"
       "char data[100]; } (answers may always be zero-filled so; TCP frames never are)")
      ("log-level", po::value(&level), "error, warn, info or debug (default: info; error in the menu)")
      ("log-file", po::value(&out.log_file), "append the log to this file instead of stderr")
      ("syslog", po::bool_switch(&out.syslog), "send the log to syslog (facility daemon) instead of stderr")
      ("metrics", po::value(&metrics_text), "serve Prometheus metrics over HTTP at ADDR:PORT (GET /metrics)");
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
    // A one-shot command exits when its operations end: it retries no unanswered registration later, so
    // it must not say it will.
    bool stays = out.command.empty() || out.command == "serve" || (out.command == "get" && out.keep_serving);
    if (!stays) out.engine.registration_retry_max = Duration::zero();
    if (!advertise.empty()) {
      auto a = Endpoint::parse(advertise);
      if (!a) throw std::runtime_error("--advertise '" + advertise + "' is not ADDR:PORT");
      out.engine.advertise = *a;
    }
    auto parsed_level = parse_log_level(level);
    if (!parsed_level) throw std::runtime_error("unknown --log-level " + level);
    out.log_level = *parsed_level;
    out.log_level_given = vm.count("log-level") != 0;
    out.engine.udp_retry.initial_timeout = setting_duration(setting::retry_timeout, retry_timeout);
    out.engine.udp_retry.max_tries = static_cast<int>(setting_value(setting::retry_max_tries, retries));
    out.engine.stall_timeout = setting_duration(setting::stall_timeout, stall_timeout);
    out.engine.serve_min_rate = static_cast<std::uint64_t>(setting_value(setting::serve_min_rate, serve_min_rate));
    out.engine.serve_rate_window = setting_duration(setting::serve_rate_window, serve_rate_window);
    out.engine.chunk_size = static_cast<std::size_t>(setting_value(setting::chunk_size, chunk_size));
    out.upload_limit = static_cast<std::uint64_t>(integer_option("--upload-limit", upload_limit, 0, kMaxRate));
    out.engine.upload_slots = static_cast<std::size_t>(setting_value(setting::upload_slots, upload_slots));
    out.engine.sources = static_cast<std::size_t>(setting_value(setting::sources, sources));
    out.engine.piece_size = static_cast<std::uint64_t>(setting_value(setting::piece_size, piece_size));
    out.engine.busy_backoff.initial = setting_duration(setting::busy_backoff, busy_backoff);
    out.engine.busy_backoff.max = setting_duration(setting::busy_backoff_max, busy_backoff_max);
    // A first wait set above the default cap raises the cap with it; a cap given below it is an error.
    if (vm["busy-backoff-max"].defaulted())
      out.engine.busy_backoff.max = std::max(out.engine.busy_backoff.max, out.engine.busy_backoff.initial);
    if (out.engine.busy_backoff.max < out.engine.busy_backoff.initial)
      throw std::runtime_error("--busy-backoff-max (" + busy_backoff_max + ") must be at least --busy-backoff (" +
                               busy_backoff + ")");
    out.engine.download_deadline = setting_duration(setting::download_deadline, download_deadline);
    out.engine.empty_swarm_wait = setting_duration(setting::empty_swarm_wait, empty_swarm_wait);
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
    if (std::string invalid = out.engine.validate(); !invalid.empty()) throw std::runtime_error(invalid);
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
    if (!metrics_text.empty()) out.metrics = parse_metrics_address(metrics_text);
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
