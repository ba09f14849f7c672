#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# model/ is sans-I/O: it may include the standard library, libcrypto and itself, nothing else.
set -u
cd "$(dirname "$0")/../model" || exit 1
bad=$(grep -hoE '^#include +<[^>]+>' ./*.h ./*.cc | sed -E 's/#include +<(.*)>/\1/' | sort -u |
      grep -vE '^(openssl/evp\.h|[a-z_]+)$')
# Quoted includes must name a file of model/ itself ("ns3/..." or "apps/..." would pass the check above).
while read -r quoted; do
  [ -f "$quoted" ] || bad+="${bad:+$'\n'}\"$quoted\""
done < <(grep -hoE '^#include +"[^"]+"' ./*.h ./*.cc | sed -E 's/#include +"(.*)"/\1/' | sort -u)
if [ -n "$bad" ]; then
  echo "model/ includes headers outside the standard library and libcrypto:"; echo "$bad"; exit 1
fi
echo "model/ includes only the standard library, libcrypto and itself"
