# SPDX-License-Identifier: GPL-2.0-only
"""The emulator: a p2p-scenario experiment built from network namespaces, tc, nftables and the
native programs, writing the same run folder as the simulation (see scenarios/README.md,
"The same experiment emulated"). One module per job:

  options   the p2p-scenario options (defaults read from the program's --help) and the emulator's own
  units     ns-3 rate and time strings
  rng       ns-3's MRG32k3a streams, to draw the same arrival times as the simulation
  workload  who is a seed, who fetches what and when (flash-crowd, staggered)
  netns     namespaces, links and commands, and removing everything that was made
  shaping   rate (htb), loss (nftables), delay (netem when the kernel has it)
  topology  lan, star and dumbbell as namespaces
  natives   the command lines of p2p-index and p2p-peer for a scenario
  run       the run: network, capture, index, seeds, arrivals, the end of the workload
  summary   events.csv and summary.json from the native event logs
  fidelity  the same scenario in both worlds, the comparison and its report
"""
