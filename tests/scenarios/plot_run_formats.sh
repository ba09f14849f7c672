#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# plots/plot_run.py draws a churn run's figures as PNG, PDF and SVG, one and two paper columns
# wide. Skipped (77) when the system python3 has no matplotlib.
# Usage: plot_run_formats.sh P2P_SCENARIO PLOTS_DIR OUT_DIR
set -euo pipefail
bin=$1 plots=$2 out=$3
python=/usr/bin/python3
"$python" -c "import matplotlib" 2>/dev/null || { echo "SKIP: no matplotlib for $python"; exit 77; }
rm -rf "$out"
"$bin" --quiet --outDir="$out/run" --workload=churn --peers=8 --seeds=1 --contentSize=300000 --churnCount=4 >/dev/null
for format in png pdf svg; do
  "$python" "$plots/plot_run.py" "$out/run" --format="$format" --out="$out/$format"
done
"$python" "$plots/plot_run.py" "$out/run" --width=two --titles --out="$out/two"
for figure in completion_cdf swarm_growth server_load; do
  for format in png pdf svg; do
    [ -s "$out/$format/$figure.$format" ] || { echo "FAIL: no $format/$figure.$format"; exit 1; }
  done
done
head -c 8 "$out/png/swarm_growth.png" | grep -q PNG || { echo "FAIL: swarm_growth.png is not a PNG"; exit 1; }
head -c 5 "$out/pdf/swarm_growth.pdf" | grep -q "%PDF" || { echo "FAIL: swarm_growth.pdf is not a PDF"; exit 1; }
grep -q "<svg" "$out/svg/swarm_growth.svg" || { echo "FAIL: swarm_growth.svg is not an SVG"; exit 1; }
echo "OK: completion_cdf, swarm_growth, server_load as PNG, PDF, SVG and two columns wide"
