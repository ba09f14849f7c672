# SPDX-License-Identifier: GPL-2.0-only
"""The emulator world: the plan of a p2p-scenario experiment (p2p-scenario --writePlan) carried out
in network namespaces with tc, nftables and the native programs, writing the same run folder as the
simulation (see scenarios/README.md, "The same experiment emulated"). One module per job:

  options    the emulator's own options (every other option is p2p-scenario's)
  plan       the plan: asked of p2p-scenario, or a plan.json given; what cannot be emulated is refused
  netns      namespaces, links and commands, and removing everything that was made
  shaping    rate (htb), loss (nftables), delay (netem when the kernel has it)
  delay_lines  a link's delay without netem: p2p-delay-line between the link's halves
  topology   the plan's topology graph as namespaces (lan, star, dumbbell, tree)
  natives    the command lines of p2p-index and p2p-peer, the plan's settings as their flags
  lives      the plan's lives as processes: starts, fetches, quits, crashes, returns, seeding
  run        the run: network, capture, index, the lives, the end of the workload
  runfolder  plan.json, events.csv, run.json (with the emulation block) and p2p-summarize's summary.json
  fidelity   the same scenario in both worlds, the comparison and its report (compare)
"""
