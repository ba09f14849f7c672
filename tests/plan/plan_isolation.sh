#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# scenarios/plan/ (with its network planners, scenarios/plan/topology/) is world-neutral: every
# world reads it, so it may include the standard library, nlohmann-json and itself, and nothing of
# a world (ns-3, the native programs, the scenarios).
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
bad=""
for dir in scenarios/plan scenarios/plan/topology; do
  cd "$root/$dir" || exit 1
  more=$(grep -hoE '^#include +<[^>]+>' ./*.h ./*.cc | sed -E 's/#include +<(.*)>/\1/' | sort -u |
         grep -vE '^(nlohmann/json\.hpp|[a-z_]+)$')
  [ -n "$more" ] && bad+="${bad:+$'\n'}$more"
  while read -r quoted; do
    case "$quoted" in
      scenarios/plan/*) [ -f "$root/$quoted" ] && continue ;;
      *) [ -f "$quoted" ] && continue ;;
    esac
    bad+="${bad:+$'\n'}\"$quoted\" (in $dir)"
  done < <(grep -hoE '^#include +"[^"]+"' ./*.h ./*.cc | sed -E 's/#include +"(.*)"/\1/' | sort -u)
done
if [ -n "$bad" ]; then
  echo "scenarios/plan/ includes headers outside the standard library and nlohmann-json:"; echo "$bad"; exit 1
fi
echo "scenarios/plan/ includes only the standard library, nlohmann-json and itself"
