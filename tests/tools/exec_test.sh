#!/usr/bin/env bash
# End-to-end test of `headlock exec` and `headlock check` on the real binary:
# runs exec_test.jsonl (the request-queue lock from Apify's design, plus
# malformed lines) and compares every answer line with exec_test.expected,
# exactly. The clock is held fixed so that CreationDateTime is stable.
# Usage: exec_test.sh path/to/headlock
set -uo pipefail

HEADLOCK="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCRIPT="$HERE/exec_test.jsonl"
EXPECTED="$HERE/exec_test.expected"
CLOCK=(--fixed-clock-ms 1700000000000)
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() {
  echo "FAIL $1"
  failures=$((failures + 1))
}

# compare NAME FILE: FILE must equal the expected answers line by line.
compare() {
  local name="$1" got="$2"
  if cmp -s "$got" "$EXPECTED"; then
    echo "ok   $name ($(wc -l <"$got") lines)"
    return
  fi
  fail "$name"
  # Show the first differing line with its number.
  diff <(nl -ba "$EXPECTED") <(nl -ba "$got") | head -8
}

# 1. On disk, requests from --input.
"$HEADLOCK" exec --db "$TMP/db" "${CLOCK[@]}" --input "$SCRIPT" >"$TMP/disk.out" 2>"$TMP/disk.err"
rc=$?
[[ $rc -eq 0 ]] || fail "exec --db exit code $rc (want 0): $(cat "$TMP/disk.err")"
compare "exec --db --input" "$TMP/disk.out"

# 2. The same answers in memory, requests from stdin, with --sync.
"$HEADLOCK" exec --memory --sync "${CLOCK[@]}" <"$SCRIPT" >"$TMP/mem.out" 2>/dev/null
rc=$?
[[ $rc -eq 0 ]] || fail "exec --memory exit code $rc (want 0)"
compare "exec --memory (stdin)" "$TMP/mem.out"

# 3. The database the script left behind is consistent, and survives reopening.
out="$("$HEADLOCK" check --db "$TMP/db")"
rc=$?
if [[ $rc -ne 0 || "$out" != "ok: 1 tables checked" ]]; then
  fail "check: exit $rc, output: $out"
else
  echo "ok   check ($out)"
fi
got="$(echo '{"GetItem":{"TableName":"requests","Key":{"queueId":{"S":"q1"},"id":{"S":"r3"}}}}' |
  "$HEADLOCK" exec --db "$TMP/db")"
want='{"Item":{"id":{"S":"r3"},"orderNo":{"N":"1699999993000"},"queueId":{"S":"q1"}}}'
[[ "$got" == "$want" ]] && echo "ok   reopen" || fail "reopen: got $got"

# 4. Command-line errors.
"$HEADLOCK" exec </dev/null >/dev/null 2>&1
rc=$?
[[ $rc -eq 2 ]] && echo "ok   exec without --db or --memory" || fail "exec with no database: exit $rc (want 2)"
"$HEADLOCK" exec --db "$TMP/db" --memory </dev/null >/dev/null 2>&1
rc=$?
[[ $rc -ne 0 ]] && echo "ok   exec with both --db and --memory" || fail "exec --db --memory: exit 0"
"$HEADLOCK" check --db "$TMP/missing" >/dev/null 2>&1
rc=$?
[[ $rc -eq 1 ]] && echo "ok   check of a missing database" || fail "check missing db: exit $rc (want 1)"
[[ ! -e "$TMP/missing" ]] || fail "check created a database"

if ((failures > 0)); then
  echo "$failures case(s) failed"
  exit 1
fi
