// SPDX-License-Identifier: GPL-2.0-only
// p2p-peer: a peer on real sockets, as an interactive menu or as script commands.
#include <iostream>

#include "apps/native/daemon.h"
#include "apps/native/exit_codes.h"
#include "apps/native/peer_command.h"
#include "apps/native/peer_menu.h"
#include "apps/native/peer_options.h"
#include "apps/native/peer_session.h"

using namespace p2p::native;

int main(int argc, char** argv) {
  PeerOptions options;
  if (auto status = parse_peer_options(argc, argv, options)) return *status;
  ignore_sigpipe();
  raise_descriptor_limit();
  bool menu = options.command.empty();
  // The menu talks to people on the terminal: only errors interrupt it unless asked otherwise.
  LogLevel level = menu && !options.log_level_given ? LogLevel::Error : options.log_level;
  Logger log("p2p-peer", level);
  log.set_tag(options.engine.name.str());
  try {
    if (!options.log_file.empty()) log.set_file(options.log_file);
    if (options.syslog) log.set_syslog();
  } catch (const std::exception& e) {
    std::cerr << "p2p-peer: " << e.what() << "\n";
    return exit_code::kLocalError;
  }
  std::unique_ptr<PeerSession> session;
  try {
    session = std::make_unique<PeerSession>(options, log);
  } catch (const std::exception& e) {
    log.error(e.what());
    return exit_code::kLocalError;
  }
  notify_ready();  // its sockets are bound
  if (menu) return PeerMenu(*session).run();
  return PeerCommand(*session).run();
}
