// SPDX-License-Identifier: GPL-2.0-only
// Exit statuses shared by the native programs, so scripts can tell failures apart.
#pragma once

namespace p2p::native::exit_code {

inline constexpr int kOk = 0;
inline constexpr int kFailed = 1;            // an operation failed (E from the index, download gave up, ...)
inline constexpr int kUsage = 2;             // bad command line or content name
inline constexpr int kIndexUnreachable = 3;  // the index never answered
inline constexpr int kLocalError = 4;        // cannot bind a port, use a directory, ...
inline constexpr int kInterrupted = 130;     // a second SIGINT/SIGTERM/SIGHUP cut the clean shutdown short

inline constexpr const char* kHelpText =
    "Exit status: 0 ok, 1 an operation failed, 2 usage error (bad option or name), 3 the index never\n"
    "answered, 4 local error (cannot bind a port or use a directory), 130 interrupted twice.\n";

}  // namespace p2p::native::exit_code
