# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the root tests that run the emulator. ended_runs_namespaces BEFORE: the emulator
# namespaces (p2pemu<pid>-...) made since BEFORE (a sorted `ip netns list` of names) whose run has
# ended. A test's own runs end before it looks; another emulator run on the machine may be making
# its own meanwhile, and those are not the test's to judge or to remove.
ended_runs_namespaces() {
  { comm -13 <(echo "$1") <(ip netns list | awk '{print $1}' | sort) | grep '^p2pemu' || true; } |
    while read -r ns; do
      pid=${ns#p2pemu}
      kill -0 "${pid%%-*}" 2>/dev/null || echo "$ns"
    done
}
