#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes a random but valid workload trace (seeded, so the same arguments give the same file).
Usage: make_trace.py OUT --peers N --actions M [--seed S] [--contents C]
  Peers peer1..peerN come and go: each action picks a peer and does what its state allows (a down
  peer joins, and fetches at the same instant; an up peer fetches a content it has not fetched in
  this session, leaves or crashes), at times from 1 s on, spaced so that every action of a peer
  comes strictly after its previous one.
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--peers", type=int, required=True)
    ap.add_argument("--actions", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--contents", type=int, default=2)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    up = {}
    fetched = {}  # by peer: contents asked for in its current session
    t = 1.0
    lines = ["# made by tests/scenarios/make_trace.py --peers %d --actions %d --seed %d"
             % (args.peers, args.actions, args.seed), "time_s,peer,action"]
    contents = ["item%d" % (i + 1) for i in range(args.contents)]
    for _ in range(args.actions):
        t += round(rng.uniform(0.05, 1.5), 3)
        peer = "peer%d" % rng.randint(1, args.peers)
        if not up.get(peer):
            content = rng.choice(contents)
            lines.append("%.3f,%s,join" % (t, peer))
            lines.append("%.3f,%s,fetch %s" % (t, peer, content))
            up[peer], fetched[peer] = True, {content}
        else:
            verb = rng.choice(["fetch", "leave", "crash", "leave"])
            left = [c for c in contents if c not in fetched[peer]]
            if verb == "fetch" and left:
                content = rng.choice(left)
                lines.append("%.3f,%s,fetch %s" % (t, peer, content))
                fetched[peer].add(content)
            elif verb != "fetch":
                lines.append("%.3f,%s,%s" % (t, peer, verb))
                up[peer] = False
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
