# SPDX-License-Identifier: GPL-2.0-only
"""Delay lines: a point-to-point link's delay where the kernel has no netem.

topology puts a namespace of its own between a link's two halves (a -- side0 [line] side1 -- b);
p2p-delay-line there moves each frame from one side to the other after the link's delay, in order
(see its source for why that is accurate under load). Rate, queue and loss stay on the routers'
devices, so a frame is queued and sent at the link's rate, then delayed, then dropped or not at
its receiver: the order of ns-3's point-to-point link and its receive error model."""
import os

from . import netns

READY = "each way"  # what p2p-delay-line prints once its sockets are open


class DelayLine:
    """A p2p-delay-line to start in `ns`, between its devices `a` and `b`."""

    def __init__(self, link_id, ns, a, b, delay_s):
        self.link_id, self.ns, self.a, self.b, self.delay_s = link_id, ns, a, b, delay_s

    def command(self, program):
        return [program, "--a=" + self.a, "--b=" + self.b, "--delay=%.9f" % self.delay_s]


def start(net, lines, program, log_dir):
    """Starts every line and waits until each carries frames; returns their processes."""
    if lines and not net.dry_run and not os.access(program, os.X_OK):
        raise RuntimeError("%s is not built: link %s's delay needs it (no netem here)" % (program, lines[0].link_id))
    procs = []
    for line in lines:
        log = os.path.join(log_dir, "delay-%s.log" % line.link_id)
        proc = net.start("delay-" + line.link_id, line.ns, line.command(program), stderr=open(log, "w"))
        if not net.dry_run and not netns.wait_for_text(log, READY, 15, proc):
            raise RuntimeError("the delay line of link %s did not start: %s" % (line.link_id, netns.last_lines(log)))
        procs.append(proc)
    return procs
