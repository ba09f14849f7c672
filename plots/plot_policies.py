#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compares selection policies: uploads per server, one panel per policy.
Usage: plot_policies.py RUN_DIR... --out FILE.png
Runs that share a policy (e.g. several seeds) are averaged, with the spread as error bars.
"""
import argparse
from collections import defaultdict

import common


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_dirs", nargs="+")
    ap.add_argument("--out", required=True, help="PNG file to write")
    args = ap.parse_args()

    runs = defaultdict(list)  # policy -> summaries
    for d in args.run_dirs:
        s = common.read_summary(d)
        runs[s.get("parameters", {}).get("policy", "?")].append(s)
    servers = sorted({name for group in runs.values() for s in group for name in s.get("per_server_load", {})},
                     key=common.natural_key)

    plt = common.pyplot()
    policies = sorted(runs)
    fig, axes = plt.subplots(1, len(policies), sharey=True, squeeze=False,
                             figsize=(max(5, 0.35 * len(servers) + 2) * len(policies), 4.8))
    for ax, policy in zip(axes[0], policies):
        group = runs[policy]
        stats = [common.mean_ci95([s.get("per_server_load", {}).get(n, 0) for s in group]) for n in servers]
        # Uploads cannot be negative: the interval is cut at zero.
        yerr = [[min(h, m) for m, h in stats], [h for _, h in stats]] if len(group) > 1 else None
        ax.bar(servers, [m for m, _ in stats], yerr=yerr, capsize=3, color="tab:blue")
        jain, _ = common.mean_ci95([s.get("jain_fairness") for s in group])
        ax.set_title("%s\nJain's index %.3f, %d run%s" % (policy, jain, len(group), "s" if len(group) > 1 else ""))
        ax.set_xlabel("server (peer name)")
        ax.grid(axis="x", visible=False)
        if len(servers) > 8:
            ax.tick_params(axis="x", labelrotation=60)
    axes[0][0].set_ylabel("uploads served" + (" (mean, 95% CI)" if any(len(g) > 1 for g in runs.values()) else ""))
    axes[0][0].yaxis.get_major_locator().set_params(integer=True)
    # The title names only what all runs share.
    every = [s for g in runs.values() for s in g]
    shared = []
    for get, fmt in ((lambda s: s.get("scenario"), "%s"),
                     (lambda s: s.get("parameters", {}).get("peers"), "%s peers"),
                     (lambda s: s.get("parameters", {}).get("loss"), "loss %s"),
                     (lambda s: s.get("parameters", {}).get("topology"), "%s")):
        values = {str(get(s)) for s in every}
        if len(values) == 1 and values != {"None"}:
            shared.append(fmt % values.pop())
    fig.suptitle("Uploads per server by selection policy" + (": " + ", ".join(shared) if shared else ""))
    fig.tight_layout()
    fig.savefig(args.out)
    print("wrote %s (%s)" % (args.out, ", ".join(policies)))


if __name__ == "__main__":
    main()
