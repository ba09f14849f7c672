// SPDX-License-Identifier: GPL-2.0-only
#pragma once

#include <string>

namespace p2p::hybrid
{

/**
 * Creates tap device `device` inside the named network namespace (`ip netns add NAME`: the file
 * /run/netns/NAME) and returns its file descriptor, which carries whole Ethernet frames (no packet
 * information header). The tap lives as long as the descriptor: it goes away with the program.
 * This program's own thread returns to its namespace before the call ends. Throws
 * std::runtime_error with the reason when it cannot.
 */
int OpenTapInNamespace(const std::string& netns, const std::string& device);

} // namespace p2p::hybrid
