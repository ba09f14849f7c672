# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the namespace tests: a LAN of network namespaces on one bridge. The caller owns the
# NAMESPACES array and deletes every namespace in it on exit (pass or fail).

# netns_bridge_host BRIDGE_NS NS VETH ADDRESS: namespace NS (added to NAMESPACES) with eth0 at
# ADDRESS/24, its veth peer VETH enslaved to br0 in BRIDGE_NS, and loopback up.
netns_bridge_host() {
  local bridge=$1 ns=$2 veth=$3 address=$4
  ip netns add "$ns"
  NAMESPACES+=("$ns")
  ip link add eth0 netns "$ns" type veth peer name "$veth" netns "$bridge"
  ip -n "$bridge" link set "$veth" master br0 up
  ip -n "$ns" addr add "$address/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
}
