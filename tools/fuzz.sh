#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds the libFuzzer targets (tests/fuzz) with clang++-14, ASan and UBSan in build-fuzz/, writes
# their seed corpora, and runs each target for SECONDS_PER_TARGET seconds (default 30).
# Prints the executions per target; exits non-zero if any target crashed (the crashing input is
# kept under build-fuzz/artifacts/, the full log under build-fuzz/logs/).
#
# Usage: tools/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail

seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS_PER_TARGET (default 30)]" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
build=build-fuzz
cxx="${CXX:-clang++-14}"
bin="$build/tests/fuzz"
targets=(fuzz_codec fuzz_index fuzz_peer)

cmake -S . -B "$build" -G Ninja -DP2P_FUZZ=ON -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" -j2 "${targets[@]}" fuzz_seeds

rm -rf "$build/seeds"
"$bin/fuzz_seeds" "$build/seeds"
mkdir -p "$build/logs" "$build/artifacts"

status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"  # grows across runs; the seeds stay apart
  mkdir -p "$corpus"
  log="$build/logs/$target.log"
  seed_dir="$build/seeds/${target#fuzz_}"
  if "$bin/$target" "$corpus" "$seed_dir" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$target-" >"$log" 2>&1; then
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
    echo "$target: ${executions:-?} executions in ${seconds} s (${coverage:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs), no crash"
  else
    status=1
    echo "$target: CRASH; log: $log"
    grep -E '^(invariant broken|==[0-9]+==ERROR|SUMMARY)|runtime error' "$log" | head -n 5 || true
    ls "$build"/artifacts/"$target"-* 2>/dev/null | sed 's/^/  input: /' || true
  fi
done
exit "$status"
