#!/usr/bin/env bash
# The simulator's reference runs, pinned: the default scenario's and the
# four-weeks scenario's digests (every figure of a run, sim/digest.h) and
# both --compare tables, byte for byte. A change meant to leave the
# simulation alone (a restructuring, a speed-up) must leave this file's
# expectations alone; a change meant to move a figure updates
# sim_digest_test.expected in the same commit and says why.
# Usage: sim_digest_test.sh path/to/headlock   (about 8 minutes, Release)
set -uo pipefail

HEADLOCK="$1"
# shellcheck source=test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCENARIOS="$HERE/../../sim/scenarios"

digest() {  # OUT_DIR: the run's digest from its summary.json
  grep -m1 '"digest"' "$1/summary.json" | sed 's/.*: *"//; s/".*//'
}
sim() {  # OUT_DIR [FLAGS...]: stdout without the run directory's path
  local out="$1"
  shift
  "$HEADLOCK" sim --quiet --no-charts --out "$out" "$@" | grep -v "^$out\$"
}

{
  sim "$TMP/default" >/dev/null
  echo "default $(digest "$TMP/default")"
  sim "$TMP/four" --scenario "$SCENARIOS/four-weeks.json" >/dev/null
  echo "four-weeks $(digest "$TMP/four")"
  echo "compare strategies:"
  sim "$TMP/cmp-s" --compare strategies
  echo "compare policies:"
  sim "$TMP/cmp-p" --compare policies
} >"$TMP/got" 2>"$TMP/err"
expect_eq "exit code and stderr" "$?/$(cat "$TMP/err")" "0/"
if diff -u "$HERE/sim_digest_test.expected" "$TMP/got"; then
  echo "ok   digests and comparison tables"
else
  fail "digests or comparison tables changed (diff above)"
fi
finish "sim digest"
