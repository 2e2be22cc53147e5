#!/usr/bin/env bash
# `headlock serve` end to end, with nothing but bash (/dev/tcp): the exact
# first stderr line, --port 0, a request of each protocol, the trace, a
# graceful SIGTERM (exit 0), the data still there after a restart on the
# same --db, and bad flags. Usage: serve_test.sh path/to/headlock
set -uo pipefail
HEADLOCK="$1"
source "$(dirname "$0")/test_lib.sh"

PID=""
PORT=""
# start ARGS...: starts the server, waits for its first stderr line, sets PORT.
start() {
  "$HEADLOCK" serve --port 0 "$@" 2>"$TMP/stderr" &
  PID=$!
  for _ in $(seq 1 100); do
    [[ -s "$TMP/stderr" ]] && break
    sleep 0.05
  done
  local first
  first="$(head -n 1 "$TMP/stderr")"
  if [[ "$first" =~ ^headlock\ serve:\ listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
    PORT="${BASH_REMATCH[1]}"
    echo "ok   first stderr line ($first)"
  else
    fail "first stderr line: '$first'"
  fi
}
# http METHOD TARGET [HEADER_LINES] [BODY]: prints the status line and the body.
http() {
  local body="${4:-}"
  exec 3<>"/dev/tcp/127.0.0.1/$PORT"
  printf '%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%sContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "${3:-}" "${#body}" "$body" >&3
  local response
  response="$(cat <&3)"
  exec 3<&-
  printf '%s\n' "${response%%$'\r'*}"         # the status line
  printf '%s\n' "${response#*$'\r\n\r\n'}"    # the body
}
stop() {
  kill -TERM "$PID"
  wait "$PID"
  expect_eq "exit code after SIGTERM" "$?" 0
}

# ddb OPERATION BODY: a DynamoDB call.
ddb() {
  http POST / "X-Amz-Target: DynamoDB_20120810.$1"$'\r\nContent-Type: application/x-amz-json-1.0\r\n' "$2"
}
start --db "$TMP/db" --trace "$TMP/trace.jsonl"
expect_eq "health" "$(http GET /health)" $'HTTP/1.1 200 OK\n{"status":"ok"}'
CREATE='{"TableName":"jobs","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}'
expect_eq "CreateTable" "$(ddb CreateTable "$CREATE" | head -n 1)" "HTTP/1.1 200 OK"
expect_eq "PutItem" "$(ddb PutItem '{"TableName":"jobs","Item":{"pk":{"S":"a"}}}')" \
  $'HTTP/1.1 200 OK\n{}'
expect_eq "unknown operation" "$(ddb Frobnicate '{}')" \
  $'HTTP/1.1 400 Bad Request\n{"__type":"com.amazon.coral.service#UnknownOperationException"}'
expect_eq "Apify get-or-create" "$(http POST '/v2/key-value-stores?name=state' | head -n 1)" "HTTP/1.1 201 Created"
expect_eq "Apify record PUT" "$(http PUT /v2/key-value-stores/state/records/STATE $'Content-Type: text/plain\r\n' 'page 3')" \
  $'HTTP/1.1 201 Created\n{"data":{}}'
expect_eq "Apify missing queue" "$(http GET /v2/request-queues/nope | head -n 1)" "HTTP/1.1 404 Not Found"
stop
expect_eq "stderr at the end" "$(tail -n 1 "$TMP/stderr")" "headlock serve: stopped"
expect_eq "trace lines" "$(wc -l < "$TMP/trace.jsonl" | tr -d ' ')" 7
expect_eq "trace PutItem" "$(sed -n 3p "$TMP/trace.jsonl" | sed 's/"time":"[^"]*",//; s/"latencyMs":[0-9.e-]*/"latencyMs":L/')" \
  '{"protocol":"dynamodb","operation":"PutItem","table":"jobs","status":200,"readUnits":0.0,"writeUnits":1.0,"latencyMs":L}'

# The same --db again: what was answered is there.
start --db "$TMP/db"
expect_eq "GetItem after restart" "$(ddb GetItem '{"TableName":"jobs","Key":{"pk":{"S":"a"}}}')" \
  $'HTTP/1.1 200 OK\n{"Item":{"pk":{"S":"a"}}}'
expect_eq "record after restart" "$(http GET /v2/key-value-stores/state/records/STATE)" $'HTTP/1.1 200 OK\npage 3'
stop

"$HEADLOCK" serve --memory --clock manual >/dev/null 2>&1
expect_eq "--clock manual without --start" "$?" 2
"$HEADLOCK" serve --memory --host not-an-address --port 0 >/dev/null 2>&1
expect_eq "a bad --host" "$?" 1
finish serve
