# SPDX-License-Identifier: GPL-2.0-only
"""Prints the benchmark rows (tab-separated, from bench_row) as one aligned table, and writes the
same table as Markdown for the README.

usage: table.py ROWS TABLE_MD
"""
import sys

HEADER = ["benchmark", "measure", "figure", "baseline", "ratio", "target", "met"]


def main():
    rows_path, md_path = sys.argv[1], sys.argv[2]
    with open(rows_path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    rows = [r + ["-"] * (len(HEADER) - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in [HEADER] + rows) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(HEADER, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    previous = None
    for r in rows:
        shown = [""] + r[1:] if r[0] == previous else r
        previous = r[0]
        lines.append("  ".join(c.ljust(w) for c, w in zip(shown, widths)).rstrip())
    print("\n".join(lines))
    with open(md_path, "w") as f:
        f.write("| " + " | ".join(HEADER) + " |\n")
        f.write("|" + "---|" * len(HEADER) + "\n")
        for r in rows:
            f.write("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |\n")


if __name__ == "__main__":
    main()
