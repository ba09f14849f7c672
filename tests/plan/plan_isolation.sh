#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scenarios/plan/ is world-neutral: every world reads it, so it may include the standard library,
# nlohmann-json and itself, and nothing of a world (ns-3, the native programs, the scenarios).
set -u
cd "$(dirname "$0")/../../scenarios/plan" || exit 1
bad=$(grep -hoE '^#include +<[^>]+>' ./*.h ./*.cc | sed -E 's/#include +<(.*)>/\1/' | sort -u |
      grep -vE '^(nlohmann/json\.hpp|[a-z_]+)$')
while read -r quoted; do
  [ -f "$quoted" ] || bad+="${bad:+$'\n'}\"$quoted\""
done < <(grep -hoE '^#include +"[^"]+"' ./*.h ./*.cc | sed -E 's/#include +"(.*)"/\1/' | sort -u)
if [ -n "$bad" ]; then
  echo "scenarios/plan/ includes headers outside the standard library and nlohmann-json:"; echo "$bad"; exit 1
fi
echo "scenarios/plan/ includes only the standard library, nlohmann-json and itself"
