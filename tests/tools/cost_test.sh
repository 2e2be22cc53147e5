#!/usr/bin/env bash
# End-to-end test of `headlock exec --capacity-log` and `headlock cost`: a
# weekly table provisioned at 5 write units and an on-demand table each take
# 1,600 one-unit writes in one second; two hours later the log is priced as
# logged and under the four policies. Figures checked by hand:
#   as-logged: 100 writes throttled; on-demand: 3,200 units x $0.625/M.
# Usage: cost_test.sh path/to/headlock
set -uo pipefail

HEADLOCK="$1"
# shellcheck source=test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

{
  echo '{"CreateTable":{"TableName":"requests-2026-w45","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5}}}'
  echo '{"CreateTable":{"TableName":"jobs","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}}'
  for i in $(seq 1 1600); do
    echo "{\"PutItem\":{\"TableName\":\"requests-2026-w45\",\"Item\":{\"pk\":{\"S\":\"k$i\"}}}}"
    echo "{\"PutItem\":{\"TableName\":\"jobs\",\"Item\":{\"pk\":{\"S\":\"k$i\"}}}}"
  done
  echo '{"AdvanceClock":{"Millis":7200000}}'
} >"$TMP/script.jsonl"

"$HEADLOCK" exec --memory --clock manual --start 2026-11-02T00:00:00Z --input "$TMP/script.jsonl" \
  --capacity-log "$TMP/cap.csv" >"$TMP/answers.jsonl"
expect_eq "exec exit code" "$?" "0"
expect_eq "throttled answers" "$(grep -c ProvisionedThroughputExceeded "$TMP/answers.jsonl")" "100"
expect_eq "usage row of the provisioned table" \
  "$(grep ',usage,requests-2026-w45,' "$TMP/cap.csv" | cut -d, -f5-12)" "0,1500,1500,0,100,100,5,5"
expect_eq "end row (the second after the clock's now)" \
  "$(grep ',end,' "$TMP/cap.csv" | cut -d, -f1)" "1793584801000"
expect_eq "storage sampled at creation, on the new hour and at the end" "$(grep -c ",storage,jobs," "$TMP/cap.csv")" "3"

"$HEADLOCK" cost --log "$TMP/cap.csv" --policy as-logged --policy on-demand \
  --policy provisioned:rcu=1,wcu=2 --out "$TMP/bill.csv" >"$TMP/bill.txt"
expect_eq "cost exit code" "$?" "0"
total() { grep "^\"$1\",TOTAL,TOTAL," "$TMP/bill.csv" | cut -d, -f"$2"; }
expect_eq "as-logged throttled write units" "$(total as-logged 13)" "100"
# The 3,100 units the log consumed (the 100 throttled writes never ran) x
# $0.625 per million = $0.0019375.
expect_eq "on-demand write cost" "$(total on-demand 4)" "0.001937"
# 2 tables x (2 hours + 1 second) x (2 x 0.00065 + 1 x 0.00013) = 0.0057208;
# a full bucket holds 300 s x 2 = 600 units and cannot fill beyond that, so
# each table's second gets 600: 1,500 - 600 + 1,600 - 600 = 1,900 would wait. (The quoted policy name holds a comma: fields shift by one.)
expect_eq "fixed provisioned total" "$(grep '^"provisioned:rcu=1,wcu=2",TOTAL,TOTAL,' "$TMP/bill.csv" | cut -d, -f10)" "0.005721"
expect_eq "fixed provisioned throttled" "$(grep '^"provisioned:rcu=1,wcu=2",TOTAL,TOTAL,' "$TMP/bill.csv" | cut -d, -f14)" "1900"
grep -q '^\[2\] on-demand' "$TMP/bill.txt" || fail "the printed table lists the policies"

"$HEADLOCK" cost --log "$TMP/cap.csv" --policy ondemand >/dev/null 2>"$TMP/err.txt"
expect_eq "bad policy exit code" "$?" "1"
grep -q "unknown capacity policy 'ondemand'" "$TMP/err.txt" || fail "bad policy message: $(cat "$TMP/err.txt")"
echo "nonsense" >"$TMP/bad.csv"
"$HEADLOCK" cost --log "$TMP/bad.csv" >/dev/null 2>"$TMP/err.txt"
expect_eq "bad log exit code" "$?" "1"
grep -q "ValidationException.*line 1" "$TMP/err.txt" || fail "bad log message: $(cat "$TMP/err.txt")"

finish "cost"
