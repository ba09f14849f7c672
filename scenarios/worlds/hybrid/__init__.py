# SPDX-License-Identifier: GPL-2.0-only
"""Hybrid runs: native p2p-peer processes in network namespaces inside a simulated network (the
p2p-hybrid program, ns-3 in real time). hybrid: the launcher (scenarios/hybrid)."""
