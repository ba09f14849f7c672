// p2p-peer: a peer on real sockets, as an interactive menu or as script commands.
#include <iostream>

#include "apps/native/exit_codes.h"
#include "apps/native/peer_command.h"
#include "apps/native/peer_menu.h"
#include "apps/native/peer_options.h"
#include "apps/native/peer_session.h"

using namespace p2p::native;

int main(int argc, char** argv) {
  PeerOptions options;
  if (auto status = parse_peer_options(argc, argv, options)) return *status;
  bool menu = options.command.empty();
  // The menu talks to people on the terminal: only errors interrupt it unless asked otherwise.
  LogLevel level = menu && !options.log_level_given ? LogLevel::Error : options.log_level;
  Logger log("p2p-peer", level);
  log.set_tag(options.engine.name.str());
  std::unique_ptr<PeerSession> session;
  try {
    session = std::make_unique<PeerSession>(options, log);
  } catch (const std::exception& e) {
    log.error(e.what());
    return exit_code::kLocalError;
  }
  if (menu) return PeerMenu(*session).run();
  return PeerCommand(*session).run();
}
