// SPDX-License-Identifier: GPL-2.0-only
// What every native program does the same way at start: its version (--version), a descriptor
// limit raised as far as it may go, no death by SIGPIPE, and readiness told to systemd.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace p2p::native {

// "p2p-peer (p2p-testbed) 0.1": the project version from CMake (project(... VERSION ...)).
std::string version_line(std::string_view program);

// Raises the soft RLIMIT_NOFILE to the hard limit (a serving peer holds one descriptor per
// connection: the usual soft limit of 1,024 is below the core's 512 connections plus lingering
// ones and downloads). Returns the soft limit now in force.
std::uint64_t raise_descriptor_limit();

// Writes to a closed pipe or terminal fail with EPIPE instead of killing the process (sockets
// never raise SIGPIPE in Boost.Asio; stdout to a pipe that closed would).
void ignore_sigpipe();

// Under a Type=notify service (NOTIFY_SOCKET set), tells systemd that the program is ready: its
// sockets are bound. Elsewhere it does nothing.
void notify_ready();

}  // namespace p2p::native
