# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the scripts that check refused options: one check, one way of saying it failed.

# expect_refused LABEL COMMAND...: COMMAND must exit 2 and say why on stderr (kept in $message).
# Otherwise prints a FAIL line, sets status=1 and returns 1.
expect_refused() {
  local label=$1 code
  shift
  message=$("$@" 2>&1 >/dev/null)
  code=$?
  if [ $code -ne 2 ] || [ -z "$message" ]; then
    echo "FAIL: $label exited $code with message '$message' (want 2 and a message)"
    status=1
    return 1
  fi
}
