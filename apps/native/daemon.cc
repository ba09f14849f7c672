// SPDX-License-Identifier: GPL-2.0-only
#include "apps/native/daemon.h"

#include <sys/resource.h>
#include <systemd/sd-daemon.h>

#include <csignal>

#ifndef P2P_VERSION
#error "P2P_VERSION is defined by apps/native/CMakeLists.txt from the project version"
#endif

namespace p2p::native {

std::string version_line(std::string_view program) {
  return std::string(program) + " (p2p-testbed) " + P2P_VERSION;
}

std::uint64_t raise_descriptor_limit() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    struct rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

void ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }

void notify_ready() { ::sd_notify(0, "READY=1"); }

}  // namespace p2p::native
