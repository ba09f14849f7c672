#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Line coverage of model/ by the core test suite (gcov + gcovr), in its own build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=build-coverage
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DP2P_COVERAGE=ON -DP2P_WITH_NS3=OFF -DP2P_WITH_SIMGRID=OFF \
  -DP2P_WITH_NATIVE=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
find "$BUILD" -name '*.gcda' -delete
ctest --test-dir "$BUILD" -L core -j "$(nproc)" --output-on-failure >/dev/null
gcovr --root . --filter 'model/' --exclude-unreachable-branches --print-summary \
  --txt "$BUILD/coverage.txt" "$BUILD" | tail -3
echo "per-file report: $BUILD/coverage.txt"
