# SPDX-License-Identifier: GPL-2.0-only
"""The plan's topology graph as network namespaces: every node a namespace (index, peers, routers),
every link its kind's emulation, with the link's rate and loss.

  p2p link:  a veth pair, htb at the link's rate on both ends (up_rate_bps, a peer class's up
             rate, on nodes[0]'s end), each frame counted as the simulated link counts it
             (shaping.PPP_OVERHEAD);
  csma link: a bridge in a namespace of its own, one veth per member, and the segment's one shared
             channel (shaping.shared_medium);
  bridge:    a node of role bridge (the switched LAN's switch) is a namespace with a Linux bridge;
             its point-to-point links are veth pairs as above whose bridge end is a port of that
             bridge, shaped on its own each way (the port's egress carries the link's rate towards
             the host, the host's the rate from it): a full-duplex switch port, no shared channel;
             frames counted as the simulated port counts them (shaping.SWITCH_PORT_OVERHEAD). The
             bridge has no address; its hosts and routers share their subnet;
  loss:      nftables on the ingress of every device of a lossy link.

Every device has the simulation's address (the plan's links list them, with the prefix length);
a bridge's ports and the emulator's own devices (a CSMA segment's bridge, a delay line's sides)
have none. Every node gets the plan's routes, the ones ns-3 installs, each through its device on the
route's link: both worlds route alike by construction. Routers (every node that is neither a host
nor a bridge: router, the tree's switches) forward.

  tcp:       the plan's TCP (its "tcp") on every route: Linux's own (10 segments of 1448 bytes on
             1500-byte veths) unless the plan asks for another initial window (initcwnd) or
             smaller segments (advmss, the segment and the timestamp option); --congestionControl
             as congctl;
  delay:     netem where the kernel has it; otherwise a point-to-point link's delay of at least
             --delayLineMinDelay is carried by a delay line (p2p-delay-line) in a namespace of its
             own between the link's two halves, and a smaller one is not emulated (the run lists it
             in not_reproduced)."""
import collections
import ipaddress
import re

from . import delay_lines, shaping
from .plan import LINUX_INITIAL_WINDOW, LINUX_SEGMENT_BYTES

HOST_ROLES = ("index", "peer")
BRIDGE_ROLE = "bridge"


class Host:
    def __init__(self, role, ns, address, node, dev="eth0"):
        self.role, self.ns, self.address, self.node, self.dev = role, ns, address, node, dev

    def __repr__(self):
        return "Host(%s %s in %s, node %s)" % (self.role, self.address, self.ns, self.node)


class Built:
    def __init__(self):
        self.index = None
        self.peers = {}           # slot -> Host
        self.description = ""
        self.links = []           # what was shaped, for people
        self.not_reproduced = []  # what the emulation could not reproduce, for the summary
        self.loss_devices = []    # (namespace, device): where nftables drops
        self.delay_lines = []     # delay_lines.DelayLine: what the run starts before any traffic
        self.pcap_name = ""


TIMESTAMP_OPTION_BYTES = 12  # advmss counts it: a 1460-byte MSS carries 1448 bytes of data


def route_options(cc, tcp):
    """What every route of a namespace carries: the congestion control (none for 'host') and, where
    the plan's "tcp" differs from Linux's own, its initial window and segment size."""
    options = [] if cc == "host" else ["congctl", cc]
    if not tcp:
        return options
    window, segment = int(tcp["initial_window_segments"]), int(tcp["segment_bytes"])  # plan.check_tcp
    if window != LINUX_INITIAL_WINDOW:
        options += ["initcwnd", str(window)]
    if segment != LINUX_SEGMENT_BYTES:  # smaller only (plan.check_tcp)
        options += ["advmss", str(segment + TIMESTAMP_OPTION_BYTES)]
    return options


def node_number(node_id):
    """The simulation's node number in a plan node id ("n3" -> "3"), as events.csv's node column."""
    m = re.match(r"^[A-Za-z]*(\d+)$", str(node_id))
    return m.group(1) if m else str(node_id)


class _Builder:
    def __init__(self, net, plan, options, netem):
        self.net, self.e, self.netem = net, options.emulator, netem
        self.cc = self.e["congestionControl"]
        self.route_options = route_options(self.cc, plan.get("tcp"))
        self.topo = plan.topology
        self.nodes = {n["id"]: n for n in self.topo["nodes"]}
        self.out = Built()
        self.ns = {}          # node id -> namespace
        self.devs = {}        # (node id, link id) -> device name in the node's namespace
        self.addr = {}        # (node id, link id) -> address (none for a bridge's port)
        self.subnets = {}     # link id -> IPv4Network
        self.links_of = collections.defaultdict(list)  # node id -> its link ids, in the plan's order
        self.loss_plan = collections.OrderedDict()  # namespace -> [(device, fraction)]
        self.delays = set()

    # -- the graph -----------------------------------------------------------------------------
    def is_host(self, node_id):
        return self.nodes[node_id]["role"] in HOST_ROLES

    def is_bridge(self, node_id):
        return self.nodes[node_id]["role"] == BRIDGE_ROLE

    def is_router(self, node_id):
        return not self.is_host(node_id) and not self.is_bridge(node_id)

    def plan_addresses(self):
        """The simulation's addresses of every link's devices, and the link's subnet."""
        for link in self.topo["links"]:
            if len(link["addresses"]) != len(link["nodes"]):
                raise RuntimeError("link %s: %d nodes but %d addresses in the plan"
                                   % (link["id"], len(link["nodes"]), len(link["addresses"])))
            for node, address in zip(link["nodes"], link["addresses"]):
                if self.is_bridge(node):
                    continue  # a port: no address
                if not address:
                    raise RuntimeError("link %s: node %s has no address in the plan" % (link["id"], node))
                self.addr[(node, link["id"])] = address
            given = next((a for a in link["addresses"] if a), None)
            if given is None:
                raise RuntimeError("link %s: no address in the plan" % link["id"])
            self.subnets[link["id"]] = ipaddress.IPv4Network("%s/%d" % (given, link["prefix_length"]),
                                                             strict=False)

    def name_devices(self):
        for link in self.topo["links"]:
            for n in link["nodes"]:
                self.devs[(n, link["id"])] = "eth%d" % len(self.links_of[n])
                self.links_of[n].append(link["id"])

    # -- pieces ----------------------------------------------------------------------------------
    def namespace(self, node_id):
        n = self.nodes[node_id]
        short = ("index" if n["role"] == "index" else "p%d" % n["slot"] if n["role"] == "peer"
                 else "s" + node_number(node_id) if self.is_bridge(node_id) else "r" + node_number(node_id))
        ns = self.net.add_namespace(short)
        if self.is_router(node_id):
            self.net.ns_cmd(ns, ["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
        if self.is_bridge(node_id):
            self.bridge(ns)
        self.ns[node_id] = ns

    def veth(self, ns_a, dev_a, ns_b, dev_b, mac=None):
        self.net.cmd(["ip", "link", "add", dev_a] + (["address", mac] if mac else []) +
                     ["netns", ns_a, "type", "veth", "peer", "name", dev_b, "netns", ns_b])
        for ns, dev in ((ns_a, dev_a), (ns_b, dev_b)):
            # One TCP segment per packet, as on a wire (see the --gsoMaxSegs help).
            self.net.ip(ns, "link", "set", dev, "gso_max_segs", str(self.e["gsoMaxSegs"]))
            self.net.ip(ns, "link", "set", dev, "up")

    def route(self, ns, dest, via, dev):
        self.net.ip(ns, "route", "replace", dest, "via", via, "dev", dev, *self.route_options)

    def bridge(self, ns):
        self.net.ip(ns, "link", "add", "br0", "type", "bridge", "forward_delay", "0")
        self.net.ip(ns, "link", "set", "br0", "up")

    def address(self, node_id, link_id):
        if (node_id, link_id) not in self.addr:
            return  # a bridge's port
        ns, dev = self.ns[node_id], self.devs[(node_id, link_id)]
        net, ip = self.subnets[link_id], self.addr[(node_id, link_id)]
        self.net.ip(ns, "addr", "add", "%s/%d" % (ip, net.prefixlen), "dev", dev)
        if self.route_options:  # the subnet's route again, with the congestion control and TCP
            self.net.ip(ns, "route", "replace", str(net), "dev", dev, "proto", "kernel", "scope", "link",
                        "src", ip, *self.route_options)

    def lossy(self, link, ns, dev):
        if link.get("loss", 0) > 0:
            self.loss_plan.setdefault(ns, []).append((dev, link["loss"]))
            self.out.loss_devices.append((ns, dev))

    def queue_packets(self, link):
        """--queuePackets, or the link's own device queue in the plan (the simulation's)."""
        packets = self.e["queuePackets"] or link.get("queue_packets")
        if not packets:
            raise RuntimeError("link %s: the plan gives no queue length in packets; give --queuePackets" % link["id"])
        return packets

    def shape(self, link, ns, dev, bps, delay, overhead):
        shaping.shape(self.net, ns, dev, bps, overhead, self.e["queue"], self.queue_packets(link), delay, self.netem)

    # -- links -----------------------------------------------------------------------------------
    def p2p(self, link):
        a, b = link["nodes"]
        rate, up = link["rate_bps"], link.get("up_rate_bps")
        delay = link.get("delay_s") or 0.0
        line = not self.netem and delay >= self.e["delayLineMinDelay"] and delay > 0
        if line:  # a -- side0 [delay line] side1 -- b
            ns = self.net.add_namespace("d" + link["id"])
            self.veth(self.ns[a], self.devs[(a, link["id"])], ns, "side0")
            self.veth(ns, "side1", self.ns[b], self.devs[(b, link["id"])])
            self.out.delay_lines.append(delay_lines.DelayLine(link["id"], ns, "side0", "side1", delay))
        else:
            self.veth(self.ns[a], self.devs[(a, link["id"])], self.ns[b], self.devs[(b, link["id"])])
        bridged = any(self.is_bridge(node) for node in (a, b))
        for node in (a, b):
            ns, dev = self.ns[node], self.devs[(node, link["id"])]
            if self.is_bridge(node):
                self.net.ip(ns, "link", "set", dev, "master", "br0")
            own = up if up and node == a else rate  # up_rate_bps: what nodes[0] sends at
            self.shape(link, ns, dev, own, delay, shaping.SWITCH_PORT_OVERHEAD if bridged else shaping.PPP_OVERHEAD)
            self.lossy(link, ns, dev)
        if delay > 0 and not self.netem and not line:
            self.delays.add(delay)
        self.out.links.append("%s: %s %s%s%s" % (
            link["id"], "full-duplex switch port" if bridged else "point-to-point", shaping.tc_rate(rate),
            " (up %s)" % shaping.tc_rate(up) if up else "",
            ", %g ms each way by a delay line" % (delay * 1e3) if line else ""))

    def csma(self, link, segment):
        bridge = self.net.add_namespace("b%d" % segment)
        self.net.ip(bridge, "link", "add", "br0", "type", "bridge", "forward_delay", "0")
        self.net.ip(bridge, "link", "set", "br0", "up")
        ports = []
        for i, node in enumerate(link["nodes"]):
            port = "v%d" % i
            self.veth(self.ns[node], self.devs[(node, link["id"])], bridge, port, mac=shaping.member_mac(segment, i))
            self.net.ip(bridge, "link", "set", port, "master", "br0")
            ports.append(port)
            self.lossy(link, self.ns[node], self.devs[(node, link["id"])])
        delay = link.get("delay_s") or 0.0
        shaping.shared_medium(self.net, bridge, "ifb0", ports, segment, link["rate_bps"], self.e["queue"],
                              self.queue_packets(link), delay)
        self.out.links.append("%s: CSMA segment of %s shared by %d devices, each frame holding it %d bytes' "
                              "time longer (Ethernet trailer and the %g us propagation delay)"
                              % (link["id"], shaping.tc_rate(link["rate_bps"]), len(ports),
                                 shaping.csma_overhead(link["rate_bps"], delay), delay * 1e6))
        if delay > 0:
            self.csma_delay = True

    # -- routes ----------------------------------------------------------------------------------
    def routes(self):
        """Every node's routes as the plan gives them (a bridge has none)."""
        for node_id, node in self.nodes.items():
            for r in node["routes"]:
                dev = self.devs.get((node_id, r["link"]))
                if dev is None:
                    raise RuntimeError("node %s: a route through %s, a link it is not on" % (node_id, r["link"]))
                if ipaddress.ip_address(r["gateway"]) not in self.subnets[r["link"]]:
                    raise RuntimeError("node %s: a route via %s, outside its link %s (%s)"
                                       % (node_id, r["gateway"], r["link"], self.subnets[r["link"]]))
                self.route(self.ns[node_id], "%s/%d" % (r["destination"], r["prefix_length"]), via=r["gateway"],
                           dev=dev)

    # -- the whole ---------------------------------------------------------------------------------
    def build(self):
        self.plan_addresses()
        self.name_devices()
        for node_id in self.nodes:
            self.namespace(node_id)
        segment = 0
        for link in self.topo["links"]:
            if link["kind"] == "csma":
                self.csma(link, segment)
                segment += 1
            elif link["kind"] == "p2p":
                self.p2p(link)
            else:
                raise RuntimeError("link %s: a %s link cannot be emulated" % (link["id"], link["kind"]))
            for node in link["nodes"]:
                self.address(node, link["id"])
        self.routes()
        for ns, devices in self.loss_plan.items():
            shaping.loss(self.net, ns, devices)
        self.hosts()
        self.notes()
        return self.out

    def hosts(self):
        out = self.out
        for node_id, n in self.nodes.items():
            if not self.is_host(node_id):
                continue
            if not self.links_of[node_id]:
                raise RuntimeError("node %s: a %s on no link in the plan" % (node_id, n["role"]))
            link_id = self.links_of[node_id][0]
            host = Host(n["role"], self.ns[node_id], self.addr[(node_id, link_id)], node_number(node_id),
                        self.devs[(node_id, link_id)])
            if n["role"] == "index":
                out.index = host
                # ns-3's device number of the index's interface: 0 on a lone shared segment (its
                # devices come before the IP stacks and their loopback), 1 elsewhere.
                shared_lan = [l["kind"] for l in self.topo["links"]] == ["csma"]
                out.pcap_name = "p2p-%s-%d.pcap" % (host.node, 0 if shared_lan else 1)
            else:
                out.peers[n["slot"]] = host
        hosts = sum(1 for n in self.nodes if self.is_host(n))
        routers = sum(1 for n in self.nodes if self.is_router(n))
        switches = sum(1 for n in self.nodes if self.is_bridge(n))
        segments = sum(1 for l in self.topo["links"] if l["kind"] == "csma")
        out.description = ("%s: %d hosts, %d router(s), %d link(s) (%d bridged CSMA segment(s)%s) as %d namespaces"
                           % (self.topo["name"], hosts, routers, len(self.topo["links"]), segments,
                              ", %d switch(es) of full-duplex ports" % switches if switches else "",
                              len(self.net.created)))

    def notes(self):
        out = self.out
        if self.delays:
            out.not_reproduced.append(
                "delay: point-to-point link delays (%s) are not emulated (this kernel has no sch_netem, and "
                "they are below --delayLineMinDelay); the veths add only the stack's own latency (tens of "
                "microseconds)"
                % ", ".join("%g ms" % (d * 1e3) for d in sorted(self.delays)))
        if getattr(self, "csma_delay", False):
            out.not_reproduced.append(
                "delay: a CSMA segment's delay is emulated as the time each frame holds the channel (as "
                "ns-3's CsmaChannel does), not as latency between its devices")
        if any(l.get("loss", 0) > 0 and l.get("loss_model") == "burst" for l in self.topo["links"]):
            out.not_reproduced.append(
                "lossModel=burst: emulated as uniform loss of the same rate (nftables draws each packet "
                "independently; bursts need netem's gemodel)")


def build(net, plan, options, netem):
    return _Builder(net, plan, options, netem).build()
