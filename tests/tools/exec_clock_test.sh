#!/usr/bin/env bash
# End-to-end test of `headlock exec --clock manual`: time moves only on
# AdvanceClock lines, so throttling can be scripted exactly. The scenario of
# the capacity issue: a table provisioned at 5 write units takes 1,500
# one-unit writes at once (300 seconds of burst), throttles the rest, and
# takes 5 more a second later; an on-demand table takes 4,000 at once.
# Usage: exec_clock_test.sh path/to/headlock
set -uo pipefail

HEADLOCK="$1"
# shellcheck source=test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

{
  echo '{"CreateTable":{"TableName":"prov","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}}}'
  for i in $(seq 1 1600); do echo "{\"PutItem\":{\"TableName\":\"prov\",\"Item\":{\"pk\":{\"S\":\"k$i\"}}}}"; done
  echo '{"AdvanceClock":{"Millis":1000}}'
  for i in $(seq 1 6); do echo "{\"PutItem\":{\"TableName\":\"prov\",\"Item\":{\"pk\":{\"S\":\"later$i\"}}}}"; done
  echo '{"CreateTable":{"TableName":"ondemand","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}}'
  for i in $(seq 1 4010); do echo "{\"PutItem\":{\"TableName\":\"ondemand\",\"Item\":{\"pk\":{\"S\":\"k$i\"}}}}"; done
} >"$TMP/script.jsonl"

"$HEADLOCK" exec --memory --clock manual --start 2026-11-02T00:00:00Z --input "$TMP/script.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_eq "exit code" "$rc" "0"
expect_eq "answer lines" "$(wc -l <"$TMP/out")" "$(wc -l <"$TMP/script.jsonl")"
# Lines 2..1601: the first burst.
expect_eq "burst writes accepted" "$(sed -n '2,1601p' "$TMP/out" | grep -c '^{}$')" "1500"
expect_eq "burst writes throttled" "$(sed -n '2,1601p' "$TMP/out" | grep -c 'ProvisionedThroughputExceededException')" "100"
expect_eq "AdvanceClock answer" "$(sed -n '1602p' "$TMP/out")" "{}"
expect_eq "writes one second later" "$(sed -n '1603,1608p' "$TMP/out" | grep -c '^{}$')" "5"
expect_eq "creation time is the manual clock" \
  "$(head -1 "$TMP/out" | grep -o '"CreationDateTime":[0-9.]*')" '"CreationDateTime":1793577600.0'
expect_eq "on-demand writes accepted" "$(tail -n 4010 "$TMP/out" | grep -c '^{}$')" "4000"
expect_eq "on-demand writes throttled" "$(tail -n 4010 "$TMP/out" | grep -c 'ThrottlingException')" "10"

# Bad uses of the clock.
out="$(echo '{"AdvanceClock":{"Millis":5}}' | "$HEADLOCK" exec --memory)"
[[ "$out" == *ValidationException*"--clock manual"* ]] && echo "ok   AdvanceClock on the wall clock" || fail "AdvanceClock without manual clock: $out"
out="$(echo '{"AdvanceClock":{"Millis":-5}}' | "$HEADLOCK" exec --memory --clock manual --start 2026-11-02T00:00:00Z)"
[[ "$out" == *ValidationException* ]] && echo "ok   negative AdvanceClock" || fail "negative AdvanceClock: $out"
"$HEADLOCK" exec --memory --clock manual </dev/null >/dev/null 2>&1
expect_eq "--clock manual without --start" "$?" "2"
"$HEADLOCK" exec --memory --clock manual --start yesterday </dev/null >/dev/null 2>&1
expect_eq "--start not a time" "$?" "2"

finish "exec clock"
