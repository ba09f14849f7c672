#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Makes the Debian package (cpack -G DEB), checks its control fields and its files (the native
# daemons' units and conffiles, every program's manual page included), unpacks it into a
# temporary root (dpkg -x: nothing is installed system-wide) and builds examples/first.cc against
# that root; apt-get checks, as a simulation only, that its dependencies resolve.
# Usage: deb_test.sh BUILD_DIR SOURCE_DIR WORK_DIR     (exit 77: no dpkg-deb here)
set -euo pipefail
build=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
command -v dpkg-deb >/dev/null || { echo "dpkg-deb not found: skipped"; exit 77; }
rm -rf "$work"
mkdir -p "$work"
(cd "$build" && cpack -G DEB -B "$work/pkg") >"$work/cpack.log" || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/pkg/p2p-testbed_*.deb)
echo "== $(basename "$deb")"
dpkg-deb -f "$deb" Package Version Architecture Maintainer Depends Recommends

status=0
fail() { echo "FAIL: $*"; status=1; }
[ "$(dpkg-deb -f "$deb" Package)" = p2p-testbed ] || fail "package name"
version=$(sed -n 's/^project(p2p-testbed VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "version is not the project's $version"
for dep in libns3.37 libssl3 libboost-program-options1.74.0; do
  dpkg-deb -f "$deb" Depends | grep -q "$dep" || fail "Depends lacks $dep"
done
dpkg-deb -c "$deb" | awk '{print $6}' | sort >"$work/files"
for f in ./usr/include/ns3/p2p-testbed-module.h ./usr/include/ns3/peer-helper.h ./usr/lib/libp2p-testbed-ns3.so \
         ./usr/lib/cmake/p2p-testbed/p2p-testbedConfig.cmake ./usr/lib/cmake/p2p-testbed/p2p-testbedTargets.cmake \
         ./usr/share/doc/p2p-testbed/LICENSE ./usr/share/doc/p2p-testbed/examples/first.cc ./usr/bin/p2p-summarize; do
  grep -qx -- "$f" "$work/files" || fail "the package lacks $f"
done
if [ -x "$build/apps/native/p2p-peer" ]; then
  for f in ./usr/bin/p2p-index ./usr/bin/p2p-peer ./usr/bin/p2p-load ./usr/bin/p2p-conformance \
           ./usr/lib/systemd/system/p2p-index.service ./usr/lib/systemd/system/p2p-peer@.service \
           ./etc/default/p2p-index ./etc/default/p2p-peer; do
    grep -qx -- "$f" "$work/files" || fail "the package lacks $f"
  done
  dpkg-deb -f "$deb" Depends | grep -q libsystemd0 || fail "Depends lacks libsystemd0 (sd_notify)"
  dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles >"$work/conffiles" 2>/dev/null || true
  for f in /etc/default/p2p-index /etc/default/p2p-peer; do
    grep -qx -- "$f" "$work/conffiles" || fail "$f is not a conffile"
  done
fi
# A manual page for every program in bin/, whichever parts of the tree were built.
for program in $(grep -oE '^\./usr/bin/[^/]+$' "$work/files" | sed 's|.*/||'); do
  grep -qx -- "./usr/share/man/man1/$program.1.gz" "$work/files" ||
    fail "the package lacks the manual page of $program"
done
if grep -E 'internal|impl' "$work/files"; then fail "the package ships internal headers"; fi
dpkg-deb -e "$deb" "$work/control"
# CMake writes an ldconfig trigger, or (3.25) ldconfig in postinst; and a shlibs file.
grep -qs ldconfig "$work/control/triggers" "$work/control/postinst" || fail "no ldconfig for the shared library"
grep -q libp2p-testbed-ns3 "$work/control/shlibs" || fail "no shlibs file"

dpkg -x "$deb" "$work/root"
bash "$here/build_first.sh" "$src/examples/first.cc" "$work/root/usr" "$work/user" || fail "first.cc against the unpacked package"
if command -v apt-get >/dev/null; then
  if apt-get -s install "$deb" >"$work/apt.log" 2>&1; then
    echo "apt-get -s install: the dependencies resolve"
  else
    grep -E "Depends|unmet|E:" "$work/apt.log"
    fail "apt-get -s install $(basename "$deb") does not resolve"
  fi
fi
[ $status -eq 0 ] && echo OK
exit $status
