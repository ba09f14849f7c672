# SPDX-License-Identifier: GPL-2.0-only
"""How a link is made to behave as the simulation's: rate, queue, loss and delay.

- Rate: htb, one class at the link's rate (ceiling too), with a size table that counts each packet
  as the simulated link does: a point-to-point frame is the IP packet plus 2 bytes of PPP (so the
  Ethernet header of a veth is taken off: overhead -12), a CSMA frame the IP packet plus 18 bytes
  of Ethernet header and trailer (overhead +4), a frame on a link to a switch (ns-3's
  SimpleNetDevice) the IP packet alone (overhead -14).
- Queue: behind the rate, a pfifo of 100 packets (the length of an ns-3 device queue), or fq_codel.
- Loss: nftables on the receiving device's ingress hook, so ARP is dropped too, as ns-3's receive
  error models do: `numgen random mod 1000000 < p*10^6 drop`, independent per packet.
- Delay: netem when the kernel has it (the measured machine kind does not: CONFIG_NET_SCH_NETEM
  off); otherwise it is not emulated, and the run says so.
"""
import subprocess

PPP_OVERHEAD = -12   # veth frame (14-byte Ethernet header + IP) -> IP + 2 bytes of PPP
CSMA_OVERHEAD = 4    # veth frame -> IP + 14-byte header + 4-byte trailer, as CsmaNetDevice sends
SWITCH_PORT_OVERHEAD = -14  # veth frame -> IP alone, as a SimpleNetDevice (a simulated switch port) sends


def tc_rate(bps):
    """A rate for tc: whole bits per second."""
    return "%dbit" % round(bps)


def qdisc_available(net, *words):
    """Whether the kernel has the qdisc `words` names (its module built): tried on the loopback of a
    throw-away namespace. A dry run assumes it has not."""
    if net.dry_run:
        return False
    ns = net.prefix + "qdisc-probe"
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True, capture_output=True)
        p = subprocess.run(["tc", "-n", ns, "qdisc", "add", "dev", "lo", "root", *words], capture_output=True)
        return p.returncode == 0
    except subprocess.CalledProcessError:
        return False
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def netem_available(net):
    """Whether sch_netem works here."""
    return qdisc_available(net, "netem", "delay", "1ms")


def burst_bytes(bps):
    """htb's burst: about a millisecond at the rate, at least two full frames."""
    return max(2 * 1514, int(bps / 8 / 1000))


def leaf(queue, packets, delay_s=0.0, netem=False):
    """The qdisc behind a rate: its tc words."""
    if delay_s > 0 and netem:
        return ["netem", "delay", "%dus" % round(delay_s * 1e6), "limit", str(packets)]
    if queue == "fq_codel":
        return ["fq_codel"]
    return ["pfifo", "limit", str(packets)]


def shape(net, ns, dev, bps, overhead, queue, packets, delay_s=0.0, netem=False):
    """Rate (and, with netem, delay) on the egress of `dev` in `ns`."""
    b = str(burst_bytes(bps))
    net.tc(ns, "qdisc", "replace", "dev", dev, "root", "handle", "1:", "stab", "overhead", str(overhead),
           "htb", "default", "1")
    net.tc(ns, "class", "add", "dev", dev, "parent", "1:", "classid", "1:1", "htb", "rate", tc_rate(bps),
           "ceil", tc_rate(bps), "burst", b, "cburst", b)
    net.tc(ns, "qdisc", "add", "dev", dev, "parent", "1:1", "handle", "10:", *leaf(queue, packets, delay_s, netem))


def member_mac(segment, member):
    """The MAC address of device `member` on CSMA segment `segment`: 02:5S:MM:MM:00:01, whose first
    four bytes tell the devices apart (shared_medium classifies by them)."""
    return "02:%02x:%02x:%02x:00:01" % (0x50 + segment, member >> 8, member & 0xFF)


def csma_overhead(bps, delay_s):
    """Bytes a frame costs the CSMA channel beyond its veth length: 4 (header and trailer, see above)
    plus the channel's propagation delay at its rate, because an ns-3 CsmaChannel stays busy for the
    delay after each frame (state PROPAGATING) before another device may send: at 100 Mbit/s and 50 us
    that is 625 bytes a frame, a third of the segment's capacity for full frames."""
    return CSMA_OVERHEAD + int(round(delay_s * bps / 8))


def shared_medium(net, ns, ifb, ports, segment, bps, queue, packets, delay_s=0.0):
    """A CSMA segment's one channel: every frame entering the bridge from any port is sent through
    `ifb` at the segment's rate, each device (told apart by its source MAC, member_mac) with its own
    queue, sharing the channel round-robin (htb borrowing), as the devices on one ns-3 CsmaChannel
    take turns; each frame holds the channel for its propagation delay too (csma_overhead). (u32 and
    mirred only: this kernel kind has neither matchall, fw nor skbedit.)"""
    net.ip(ns, "link", "add", ifb, "type", "ifb")
    net.ip(ns, "link", "set", ifb, "up")
    b = str(burst_bytes(bps))
    share = max(8000, bps / max(1, len(ports)))
    net.tc(ns, "qdisc", "replace", "dev", ifb, "root", "handle", "1:", "stab", "overhead",
           str(csma_overhead(bps, delay_s)), "htb", "default", "2")
    net.tc(ns, "class", "add", "dev", ifb, "parent", "1:", "classid", "1:1", "htb", "rate", tc_rate(bps),
           "ceil", tc_rate(bps), "burst", b, "cburst", b)
    # Frames from no known device (none expected) share the channel too.
    for i in range(len(ports) + 1):
        cls = "1:%x" % (2 + i)
        net.tc(ns, "class", "add", "dev", ifb, "parent", "1:1", "classid", cls, "htb", "rate", tc_rate(share),
               "ceil", tc_rate(bps), "burst", b, "cburst", b)
        net.tc(ns, "qdisc", "add", "dev", ifb, "parent", cls, *leaf(queue, packets))
    for i, port in enumerate(ports):
        first4 = "0x%02x%02x%02x%02x" % (0x02, 0x50 + segment, i >> 8, i & 0xFF)
        # The source MAC starts 8 bytes before the IP header (the Ethernet header is pushed back
        # for the redirect).
        net.tc(ns, "filter", "add", "dev", ifb, "parent", "1:", "protocol", "all", "prio", "1", "u32",
               "match", "u32", first4, "0xffffffff", "at", "-8", "classid", "1:%x" % (3 + i))
        net.tc(ns, "qdisc", "add", "dev", port, "handle", "ffff:", "ingress")
        net.tc(ns, "filter", "add", "dev", port, "parent", "ffff:", "protocol", "all", "prio", "1", "u32",
               "match", "u32", "0", "0", "action", "mirred", "egress", "redirect", "dev", ifb)


def drop_rules(devices_with_rate):
    """An nftables script dropping the fraction p of what each device receives (netdev ingress)."""
    chains = []
    for i, (dev, fraction) in enumerate(devices_with_rate):
        if fraction <= 0:
            continue
        threshold = round(fraction * 1000000)
        chains.append(
            "  chain in%d {\n    type filter hook ingress device \"%s\" priority 0; policy accept;\n"
            "    numgen random mod 1000000 < %d counter drop\n  }\n" % (i, dev, threshold))
    if not chains:
        return ""
    return "table netdev p2p_emu_loss {\n%s}\n" % "".join(chains)


def loss(net, ns, devices_with_rate):
    script = drop_rules(devices_with_rate)
    if script:
        net.nft(ns, script)
