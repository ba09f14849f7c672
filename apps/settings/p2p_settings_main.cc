// SPDX-License-Identifier: GPL-2.0-only
// p2p-settings: prints the protocol settings table, as JSON (--json) or as docs/settings.md (--markdown).
#include <cstring>
#include <iostream>

#include "apps/settings/settings_text.h"

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--json") == 0) {
    std::cout << p2p::settings::to_json();
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "--markdown") == 0) {
    std::cout << p2p::settings::to_markdown();
    return 0;
  }
  bool help = argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0);
  (help ? std::cout : std::cerr) << "Usage: p2p-settings --json | --markdown\n"
                                    "Prints every protocol setting of the peer and the index: name, unit, default in\n"
                                    "each world, range, documentation, ns-3 attribute, p2p-scenario option, native flag.\n";
  return help ? 0 : 2;
}
