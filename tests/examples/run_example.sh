#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs an example as a user would and checks what it prints.
# Usage: run_example.sh EXAMPLE EXPECTED_REGEX [--absent REGEX] [example arguments...]
set -uo pipefail
example=$1 expected=$2
shift 2
absent=
if [ "${1:-}" = --absent ]; then absent=$2; shift 2; fi
output=$("$example" "$@" 2>&1)
code=$?
echo "$output"
[ $code -eq 0 ] || { echo "FAIL: $(basename "$example") exited $code"; exit 1; }
grep -Eq -- "$expected" <<<"$output" || { echo "FAIL: no line matches '$expected'"; exit 1; }
if [ -n "$absent" ] && grep -Eq -- "$absent" <<<"$output"; then
  echo "FAIL: a line matches '$absent'"; exit 1
fi
echo "OK"
