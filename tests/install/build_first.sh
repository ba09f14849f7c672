#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Builds first.cc as a user would, against an installed p2p-testbed (C++17, find_package only),
# runs it and checks that it prints its four completions.
# Usage: build_first.sh FIRST_CC PREFIX WORK_DIR
set -euo pipefail
first=$1 prefix=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cp "$first" "$work/first.cc"
cat >"$work/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(first LANGUAGES CXX)
find_package(p2p-testbed CONFIG REQUIRED)
add_executable(first first.cc)
target_link_libraries(first p2p-testbed::ns3)
CMAKE
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$work" -B "$work/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_STANDARD=17 -DCMAKE_CXX_STANDARD_REQUIRED=ON -DCMAKE_CXX_EXTENSIONS=OFF \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/configure.log"
cmake --build "$work/build" >"$work/build.log" || { cat "$work/build.log"; exit 1; }
grep -q -- '-std=c++17' "$work/build/compile_commands.json" || { echo "FAIL: first.cc was not compiled as C++17"; exit 1; }
"$work/build/first" | tee "$work/first.out"
completions=$(grep -c ' completed song, 1000000 bytes from ' "$work/first.out" || true)
[ "$completions" -eq 4 ] || { echo "FAIL: $completions completions printed, want 4"; exit 1; }
echo "first.cc (C++17, out of tree): $completions completions"
