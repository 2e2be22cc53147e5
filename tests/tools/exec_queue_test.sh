#!/usr/bin/env bash
# End-to-end test of `headlock exec` speaking Apify's request queue and
# key-value store (apify-client's method names), with the manual clock so
# that every id and timestamp is fixed: runs exec_queue_test.jsonl and
# compares every answer line with exec_queue_test.expected, exactly, in
# memory and on disk.
#
# The script, in order: a crawl (getOrCreateQueue twice; batch adds with a
# duplicate; a forefront add; listHead; listAndLockHead by client a, then b
# taking the rest, then b finding nothing while queueHasLockedRequests;
# prolongRequestLock by the owner and by another client; updateRequest with
# handledAt by the owner and by another client; prolong / delete the lock of
# a handled request; AdvanceClock past the locks; client c relocks the
# expired requests while a's prolonged lock holds; listRequests pages by
# cursor, exclusiveStartId and the locked / pending / handled filters;
# un-handling by updateRequest without handledAt; deleteRequestLock with
# forefront and by a foreign client; unlockRequests; deleteRequest and
# batchDeleteRequests; a DynamoDB Query on the request index in between;
# updateQueue, an unnamed queue, listQueues, deleteQueue). Then every error
# type and bad input line (unknown method, missing queueId, wrong types,
# unknown parameters), then the key-value store (JSON, text and base64
# records, recordExists, listKeys paging and prefix, deletes, a 500,000-byte
# record past DynamoDB's 400 KB item limit, a 9,437,185-byte one that is too
# large, bad keys, stores listed, renamed, deleted), and ListTables.
#
# The two large values do not fit in a command line or a readable fixture:
# the .jsonl holds @BIG@ and @HUGE@, expanded here; the answer to getRecord
# of the big record is checked byte for byte here and shown in .expected as
# "<long line: N bytes>".
#
# With --capacity-log, the tables the services create are sampled for
# storage when they appear.
#
# A second script throttles: 1,500 addRequest calls in one millisecond on
# one queue meet DynamoDB's 1,000 write units per second per partition key,
# so 500 answer rate-limit-exceeded, and a batch add in the same second
# comes back all unprocessed; a second later writes succeed again and the
# queue's counts agree with what was accepted.
# Usage: exec_queue_test.sh path/to/headlock
set -uo pipefail

HEADLOCK="$1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=test_lib.sh
source "$HERE/test_lib.sh"
CLOCK=(--clock manual --start 2026-11-23T10:00:00Z)

head -c 500000 /dev/zero | tr '\0' 'b' >"$TMP/big"
head -c 9437185 /dev/zero | tr '\0' 'h' >"$TMP/huge"  # kMaxRecordBytes + 1
# expand <in >out: replaces @BIG@ / @HUGE@ with the generated values.
expand() {
  local line
  while IFS= read -r line; do
    case "$line" in
      *@BIG@*) printf '%s' "${line%%@BIG@*}"; cat "$TMP/big"; printf '%s\n' "${line#*@BIG@}" ;;
      *@HUGE@*) printf '%s' "${line%%@HUGE@*}"; cat "$TMP/huge"; printf '%s\n' "${line#*@HUGE@}" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done
}
# shorten <in >out: lines too long to read become "<long line: N bytes>".
shorten() { awk '{ if (length($0) > 4000) print "<long line: " length($0) " bytes>"; else print }'; }

expand <"$HERE/exec_queue_test.jsonl" >"$TMP/script.jsonl"
big_answer="{\"key\":\"BIG\",\"value\":\"$(cat "$TMP/big")\",\"contentType\":\"text/plain\"}"

# check NAME OUT: OUT must match the expected answers, and hold the big record.
check() {
  local name="$1" out="$2"
  shorten <"$out" >"$out.short"
  if cmp -s "$out.short" "$HERE/exec_queue_test.expected"; then
    echo "ok   $name ($(wc -l <"$out") lines)"
  else
    fail "$name"
    diff <(nl -ba "$HERE/exec_queue_test.expected") <(nl -ba "$out.short") | head -12
  fi
  # The only long answer line must be the big record, whole.
  if cmp -s <(printf '%s\n' "$big_answer") <(awk 'length($0) > 4000' "$out"); then
    echo "ok   $name: the 500,000-byte record reads back whole"
  else
    fail "$name: getRecord BIG did not return the record written"
  fi
}

"$HEADLOCK" exec --memory "${CLOCK[@]}" --input "$TMP/script.jsonl" >"$TMP/mem.out" 2>"$TMP/err"
expect_eq "exec --memory exit code" "$?" "0"
check "exec --memory" "$TMP/mem.out"

"$HEADLOCK" exec --db "$TMP/db" "${CLOCK[@]}" <"$TMP/script.jsonl" >"$TMP/disk.out" 2>"$TMP/err"
expect_eq "exec --db exit code" "$?" "0"
check "exec --db" "$TMP/disk.out"

# The capacity log of a queue script: the services' tables are created
# without CreateTable lines and must still be sampled for storage then. The
# store's tables appear at 10:01:02.002; the run here ends a second later.
{ cat "$TMP/script.jsonl"; echo '{"AdvanceClock":{"Millis":1000}}'; } >"$TMP/script-log.jsonl"
"$HEADLOCK" exec --memory "${CLOCK[@]}" --capacity-log "$TMP/capacity.csv" --input "$TMP/script-log.jsonl" \
  >/dev/null 2>"$TMP/err"
expect_eq "exec --capacity-log exit code" "$?" "0"
sampled=0
for table in kv-stores kv-store-names kv-records kv-blob-chunks; do
  grep -qE "^1795428062002,storage,$table," "$TMP/capacity.csv" && sampled=$((sampled + 1))
done
expect_eq "store tables sampled for storage when created" "$sampled" "4"

# Throttling.
{
  echo '{"getOrCreateQueue":{"name":"hot"}}'
  for i in $(seq 1 1500); do
    echo "{\"addRequest\":{\"queueId\":\"hot\",\"request\":{\"url\":\"http://example.com/$i\",\"uniqueKey\":\"http://example.com/$i\"},\"clientKey\":\"a\"}}"
  done
  echo '{"batchAddRequests":{"queueId":"hot","requests":[{"url":"http://example.com/b1","uniqueKey":"http://example.com/b1"},{"url":"http://example.com/b2","uniqueKey":"http://example.com/b2"}],"clientKey":"a"}}'
  echo '{"AdvanceClock":{"Millis":1000}}'
  echo '{"addRequest":{"queueId":"hot","request":{"url":"http://example.com/x","uniqueKey":"http://example.com/x"},"clientKey":"a"}}'
  echo '{"getQueue":{"queueId":"hot"}}'
} >"$TMP/hot.jsonl"
"$HEADLOCK" exec --memory "${CLOCK[@]}" --input "$TMP/hot.jsonl" >"$TMP/hot.out" 2>"$TMP/err"
expect_eq "throttled exec exit code" "$?" "0"
expect_eq "adds accepted in the first second" "$(sed -n '2,1501p' "$TMP/hot.out" | grep -c '"requestId"')" "1000"
expect_eq "adds throttled in the first second" \
  "$(sed -n '2,1501p' "$TMP/hot.out" | grep -c '^{"error":{"type":"rate-limit-exceeded","message":')" "500"
expect_eq "batch add while throttled" "$(sed -n '1502p' "$TMP/hot.out")" \
  '{"processedRequests":[],"unprocessedRequests":[{"uniqueKey":"http://example.com/b1","url":"http://example.com/b1","method":"GET"},{"uniqueKey":"http://example.com/b2","url":"http://example.com/b2","method":"GET"}]}'
expect_eq "add a second later" "$(sed -n '1504p' "$TMP/hot.out" | grep -o '"wasAlreadyPresent":false')" '"wasAlreadyPresent":false'
expect_eq "queue counts after throttling" \
  "$(tail -1 "$TMP/hot.out" | grep -o '"totalRequestCount":[0-9]*,"handledRequestCount":[0-9]*,"pendingRequestCount":[0-9]*')" \
  '"totalRequestCount":1001,"handledRequestCount":0,"pendingRequestCount":1001'

finish "exec queue"
