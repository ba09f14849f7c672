#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# docs/settings.md is what p2p-settings --markdown prints from the table: a change of the table
# without regenerating the reference fails here.
# Usage: doc_is_current.sh P2P_SETTINGS DOCS_SETTINGS_MD
set -uo pipefail
if ! diff -u "$2" <("$1" --markdown); then
  echo "FAIL: $2 is stale: regenerate it with 'p2p-settings --markdown > docs/settings.md'"
  exit 1
fi
echo OK
