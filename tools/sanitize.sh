#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The core's tests under AddressSanitizer and UndefinedBehaviorSanitizer, in a build of their own
# (model/ and tests/core only): a use-after-free or an overflow in the core fails the suite even
# where the optimised build happens to survive it.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${P2P_SANITIZE_BUILD_DIR:-build-sanitize}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DP2P_SANITIZE=address,undefined \
  -DP2P_WERROR=ON -DP2P_WITH_NS3=OFF -DP2P_WITH_NATIVE=OFF -DP2P_WITH_SIMGRID=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
# halt_on_error: the first report fails its test; detect_leaks: a leak in the core is a defect too.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$BUILD" -L core -j "$(nproc)" --output-on-failure
