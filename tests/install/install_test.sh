#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Installs the project into a temporary prefix (cmake --install), checks the layout, and builds
# and runs examples/first.cc out of tree, as C++17, with a CMakeLists that only says
# find_package(p2p-testbed CONFIG REQUIRED) and links p2p-testbed::ns3.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
echo "== installed:"
(cd "$prefix" && find . -type f -o -type l | sort)

status=0
fail() { echo "FAIL: $*"; status=1; }
for f in include/ns3/p2p-testbed-module.h include/ns3/peer-application.h include/ns3/peer-helper.h \
         include/ns3/index-server-application.h include/ns3/index-server-helper.h \
         lib/libp2p-testbed-ns3.so lib/cmake/p2p-testbed/p2p-testbedConfig.cmake \
         lib/cmake/p2p-testbed/p2p-testbedConfigVersion.cmake lib/cmake/p2p-testbed/p2p-testbedTargets.cmake \
         share/doc/p2p-testbed/LICENSE share/doc/p2p-testbed/examples/first.cc bin/p2p-summarize \
         bin/p2p-scenario share/p2p-testbed/topologies/campus.inet share/man/man1/p2p-scenario.1.gz; do
  [ -e "$prefix/$f" ] || fail "$f is not installed"
done
if [ -x "$build/apps/native/p2p-peer" ]; then
  for f in bin/p2p-index bin/p2p-peer bin/p2p-load bin/p2p-conformance; do [ -x "$prefix/$f" ] || fail "$f is not installed"; done
  # The services' settings stay inside a private prefix (PREFIX/etc, /etc only for the prefix /usr).
  for f in lib/systemd/system/p2p-index.service lib/systemd/system/p2p-peer@.service etc/default/p2p-index \
           etc/default/p2p-peer share/man/man1/p2p-index.1.gz share/man/man1/p2p-peer.1.gz; do
    [ -e "$prefix/$f" ] || fail "$f is not installed"
  done
fi
# Only the public interface: no internal header, no core include, no core symbol.
if ls "$prefix/include/ns3" | grep -Eq 'internal|impl|conversion|content-spec|checkers'; then
  fail "internal headers are installed: $(ls "$prefix/include/ns3")"
fi
if grep -En '#include "(model|apps)/' "$prefix"/include/ns3/*.h; then fail "a public header includes the repository's tree"; fi
if nm -DC --defined-only "$prefix/lib/libp2p-testbed-ns3.so" | grep -E ' [TBDR] p2p::' | head -3 | grep .; then
  fail "the library exports the core's symbols"
fi

echo "== each public header alone, C++17, with ns3/core-module.h"
for h in "$prefix"/include/ns3/*.h; do
  printf '#include "ns3/core-module.h"\n#include "ns3/%s"\n' "$(basename "$h")" |
    g++ -std=c++17 -fsyntax-only -Wall -Wextra -Werror -x c++ -I"$prefix/include" - || fail "$(basename "$h") does not compile as C++17"
done

echo "== the installed p2p-scenario reads the topology installed beside it"
scenario=("$prefix/bin/p2p-scenario" --topology=file --peers=4 --writePlan="$work/plan.json")
LD_LIBRARY_PATH="$prefix/lib" "${scenario[@]}" >/dev/null || fail "the installed p2p-scenario cannot plan --topology=file"
shipped=$prefix/share/p2p-testbed/topologies/campus.inet
printf 'not a topology\n' >"$shipped"
if LD_LIBRARY_PATH="$prefix/lib" "${scenario[@]}" >"$work/broken.log" 2>&1 ||
  ! grep -qF "$shipped" "$work/broken.log"; then
  fail "the installed p2p-scenario did not read $shipped: $(tail -2 "$work/broken.log")"
fi

echo "== examples/first.cc out of tree"
bash "$here/build_first.sh" "$src/examples/first.cc" "$prefix" "$work/user" || fail "first.cc out of tree"
[ $status -eq 0 ] && echo OK
exit $status
