# SPDX-License-Identifier: GPL-2.0-only
"""lan, star and dumbbell as network namespaces, with the simulation's addresses, node numbers and
per-link rate and loss (scenarios/topology/). Every host is a namespace with one interface, eth0;
routers and bridges are namespaces of their own.

  lan:      one bridge (namespace `lan`); the CSMA segment's shared channel is an ifb at the
            segment's rate that every frame entering the bridge passes (shaping.shared_medium);
            10.1.0.0/16: the index .0.1, peer k .0.(2+k); nodes: index 0, peer k 1+k.
  star:     a router namespace, a veth to every host, rate on both ends; 10.2.0.0 in /30s, link 0
            the index's, link 1+k peer k's, host .1 and router .2 of each; nodes: router 0,
            index 1, peer k 2+k.
  dumbbell: two LANs (bridges with an ifb channel each), each with a router, the routers joined by
            a veth at the bottleneck rate; the index and even peers left (10.3.1.0/24, router .1,
            index .2), odd peers right (10.3.2.0/24, router .1); bottleneck 10.3.3.0/24; nodes:
            routers 0 and 1, index 2, peer k 3+k.
"""
import ipaddress

from . import shaping, units


class Host:
    def __init__(self, role, ns, address, node, pcap_device):
        self.role, self.ns, self.address, self.node = role, ns, address, node
        self.pcap_device = pcap_device  # the ns-3 device number of its interface (pcap file names)
        self.dev = "eth0"

    def __repr__(self):
        return "Host(%s %s in %s, node %d)" % (self.role, self.address, self.ns, self.node)


class Built:
    def __init__(self):
        self.index = None
        self.peers = []          # by slot
        self.description = ""
        self.links = []          # what was shaped, for people
        self.not_reproduced = []  # settings the emulation could not reproduce, for the summary
        self.loss_devices = []   # (namespace, device): where nftables drops


def _addr(base, offset):
    return str(ipaddress.IPv4Address(base) + offset)


class _Builder:
    def __init__(self, net, s, e, netem):
        self.net, self.s, self.e, self.netem = net, s, e, netem
        self.out = Built()
        self.rate = units.rate_bps(s["dataRate"])
        self.delay = units.time_s(s["delay"])
        self.cc = e["congestionControl"]
        self.loss_plan = {}  # namespace -> [(device, fraction)]

    # -- pieces ----------------------------------------------------------------------------------
    def veth(self, ns_a, dev_a, ns_b, dev_b, mac=None):
        self.net.cmd(["ip", "link", "add", dev_a] + (["address", mac] if mac else []) +
                     ["netns", ns_a, "type", "veth", "peer", "name", dev_b, "netns", ns_b])
        for ns, dev in ((ns_a, dev_a), (ns_b, dev_b)):
            # One TCP segment per packet, as on a wire (see the --gsoMaxSegs help).
            self.net.ip(ns, "link", "set", dev, "gso_max_segs", str(self.e["gsoMaxSegs"]))
            self.net.ip(ns, "link", "set", dev, "up")

    def address(self, ns, dev, cidr):
        self.net.ip(ns, "addr", "add", cidr, "dev", dev)

    def route(self, ns, dest, via=None, dev="eth0"):
        args = ["route", "replace", dest] + (["via", via] if via else []) + ["dev", dev]
        if self.cc != "host":
            args += ["congctl", self.cc]
        self.net.ip(ns, *args)

    def connected_route(self, ns, cidr, dev="eth0"):
        # The kernel's route of the subnet again, with the congestion control (peers on a LAN talk
        # over it).
        net = ipaddress.IPv4Interface(cidr)
        if self.cc != "host":
            self.net.ip(ns, "route", "replace", str(net.network), "dev", dev, "proto", "kernel", "scope", "link",
                        "src", str(net.ip), "congctl", self.cc)

    def lossy(self, ns, dev, on_access=True):
        s = self.s
        wanted = s["lossOn"] == "all" or (s["lossOn"] == "access") == on_access
        if s["loss"] > 0 and wanted:
            self.loss_plan.setdefault(ns, []).append((dev, s["loss"]))
            self.out.loss_devices.append((ns, dev))

    def shape(self, ns, dev, bps, overhead, delay):
        e = self.e
        shaping.shape(self.net, ns, dev, bps, overhead, e["queue"], e["queuePackets"], delay, self.netem)

    def forwarding(self, ns):
        self.net.ns_cmd(ns, ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])

    def finish(self):
        for ns, devices in self.loss_plan.items():
            shaping.loss(self.net, ns, devices)
        s, out = self.s, self.out
        if self.delay > 0 and not self.netem and not getattr(self, "delay_reported", False):
            out.not_reproduced.append(
                "delay: --delay=%s per link is not emulated (this kernel has no sch_netem); the veths add "
                "only the stack's own latency (tens of microseconds)" % s["delay"])
        if s["loss"] > 0 and s["lossModel"] == "burst":
            out.not_reproduced.append(
                "lossModel=burst: emulated as uniform loss of the same rate (nftables draws each packet "
                "independently; bursts need netem's gemodel)")
        return out

    def lan_segment(self, bridge_ns, members, bps, tag, segment):
        """A bridge in `bridge_ns` with one veth per (ns, dev) member, and the shared channel."""
        net = self.net
        net.ip(bridge_ns, "link", "add", "br0", "type", "bridge", "forward_delay", "0")
        net.ip(bridge_ns, "link", "set", "br0", "up")
        ports = []
        for i, (ns, dev) in enumerate(members):
            port = "%s%d" % (tag, i)
            self.veth(ns, dev, bridge_ns, port, mac=shaping.member_mac(segment, i))
            net.ip(bridge_ns, "link", "set", port, "master", "br0")
            ports.append(port)
        shaping.shared_medium(net, bridge_ns, "ifb0", ports, segment, bps, self.e["queue"], self.e["queuePackets"],
                              self.delay)
        self.out.links.append("CSMA segment %d: %s shared by %d devices, each frame holding it %d bytes' time "
                              "longer (Ethernet trailer and the %g us propagation delay)"
                              % (segment, units.tc_rate(bps), len(members), shaping.csma_overhead(bps, self.delay),
                                 self.delay * 1e6))
        return ports

    # -- topologies ------------------------------------------------------------------------------
    def lan(self):
        s, net, out = self.s, self.net, self.out
        bridge = net.add_namespace("lan")
        hosts = [("index", net.add_namespace("index"))] + [
            ("peer%d" % k, net.add_namespace("p%d" % k)) for k in range(s["peers"])]
        self.lan_segment(bridge, [(ns, "eth0") for _, ns in hosts], self.rate, "v", 0)
        for i, (role, ns) in enumerate(hosts):
            cidr = "%s/16" % _addr("10.1.0.0", 1 + i)
            self.address(ns, "eth0", cidr)
            self.connected_route(ns, cidr)
            self.lossy(ns, "eth0")
            host = Host(role, ns, cidr.split("/")[0], node=i, pcap_device=0)
            if i == 0:
                out.index = host
            else:
                out.peers.append(host)
        self.csma_delay_note()
        out.description = "lan: one bridge (namespaces), a shared %s channel (ifb), index + %d peers" % (
            s["dataRate"], s["peers"])
        return self.finish()

    def csma_delay_note(self):
        """A CSMA segment's delay is emulated as channel time (csma_overhead), not as latency."""
        if self.delay > 0:
            self.out.not_reproduced.append(
                "delay: a CSMA segment's --delay=%s is emulated as the time each frame holds the channel "
                "(as ns-3's CsmaChannel does), not as latency between its devices" % self.s["delay"])
            self.delay_reported = True

    def star(self):
        s, net, out = self.s, self.net, self.out
        router = net.add_namespace("r")
        self.forwarding(router)
        hosts = [("index", net.add_namespace("index"))] + [
            ("peer%d" % k, net.add_namespace("p%d" % k)) for k in range(s["peers"])]
        for i, (role, ns) in enumerate(hosts):
            port = "v%d" % i
            self.veth(ns, "eth0", router, port)
            host_ip, router_ip = _addr("10.2.0.0", 4 * i + 1), _addr("10.2.0.0", 4 * i + 2)
            self.address(ns, "eth0", host_ip + "/30")
            self.address(router, port, router_ip + "/30")
            self.connected_route(ns, host_ip + "/30")
            self.route(ns, "default", via=router_ip)
            for where, dev in ((ns, "eth0"), (router, port)):
                self.shape(where, dev, self.rate, shaping.PPP_OVERHEAD, self.delay)
                self.lossy(where, dev)
            host = Host(role, ns, host_ip, node=1 + i, pcap_device=1)
            if i == 0:
                out.index = host
            else:
                out.peers.append(host)
        out.description = "star: %d veth pairs of %s (htb both ways) around one router namespace" % (
            len(hosts), s["dataRate"])
        out.links.append("%d point-to-point links %s each way" % (len(hosts), s["dataRate"]))
        return self.finish()

    def dumbbell(self):
        s, net, out = self.s, self.net, self.out
        left_r, right_r = net.add_namespace("rl"), net.add_namespace("rr")
        left_b, right_b = net.add_namespace("bl"), net.add_namespace("br")
        for r in (left_r, right_r):
            self.forwarding(r)
        index_ns = net.add_namespace("index")
        peer_ns = [net.add_namespace("p%d" % k) for k in range(s["peers"])]
        left = [(left_r, "lan0"), (index_ns, "eth0")] + [(peer_ns[k], "eth0") for k in range(0, s["peers"], 2)]
        right = [(right_r, "lan0")] + [(peer_ns[k], "eth0") for k in range(1, s["peers"], 2)]
        self.lan_segment(left_b, left, self.rate, "l", 1)
        self.lan_segment(right_b, right, self.rate, "r", 2)
        for base, members in (("10.3.1.0", left), ("10.3.2.0", right)):
            for j, (ns, dev) in enumerate(members):
                cidr = "%s/24" % _addr(base, 1 + j)
                self.address(ns, dev, cidr)
                self.connected_route(ns, cidr, dev)
                self.lossy(ns, dev)
                if j > 0:
                    self.route(ns, "default", via=_addr(base, 1))
        # The bottleneck.
        rate = units.rate_bps(s["bottleneckRate"] or "10Mbps")
        delay = units.time_s(s["bottleneckDelay"] or "10ms")
        self.veth(left_r, "btl", right_r, "btl")
        self.address(left_r, "btl", "10.3.3.1/24")
        self.address(right_r, "btl", "10.3.3.2/24")
        self.route(left_r, "10.3.2.0/24", via="10.3.3.2", dev="btl")
        self.route(right_r, "10.3.1.0/24", via="10.3.3.1", dev="btl")
        for r in (left_r, right_r):
            self.shape(r, "btl", rate, shaping.PPP_OVERHEAD, delay)
            self.lossy(r, "btl", on_access=False)
        if delay > 0 and not self.netem:
            out.not_reproduced.append("bottleneckDelay: %s on the bottleneck is not emulated (no sch_netem)"
                                      % (s["bottleneckDelay"] or "10ms (the topology default)"))
        out.index = Host("index", index_ns, "10.3.1.2", node=2, pcap_device=1)
        slots = {0: 3, 1: 2}  # the next free address in each LAN
        for k in range(s["peers"]):
            side = k % 2
            base = "10.3.1.0" if side == 0 else "10.3.2.0"
            out.peers.append(Host("peer%d" % k, peer_ns[k], _addr(base, slots[side]), node=3 + k, pcap_device=1))
            slots[side] += 1
        self.csma_delay_note()
        out.description = ("dumbbell: two bridged LANs of %s (ifb channels) over a %s/%s bottleneck veth "
                           "(namespaces)" % (s["dataRate"], s["bottleneckRate"] or "10Mbps",
                                             s["bottleneckDelay"] or "10ms"))
        out.links.append("bottleneck %s each way%s" % (s["bottleneckRate"] or "10Mbps",
                                                        ", %g ms delay (netem)" % (delay * 1e3) if self.netem and delay else ""))
        return self.finish()


def build(net, scenario, emulator, netem):
    builder = _Builder(net, scenario, emulator, netem)
    return getattr(builder, scenario["topology"])()
