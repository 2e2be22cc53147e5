#!/usr/bin/env bash
# End-to-end checks of the `headlock` command line: exact output and exit
# code of each case. Usage: cli_test.sh path/to/headlock
set -uo pipefail

HEADLOCK="$1"
failures=0

# expect NAME EXIT_CODE EXPECTED_STDOUT -- ARGS...
expect() {
  local name="$1" want_rc="$2" want_out="$3"
  shift 4
  local out rc
  out="$("$HEADLOCK" "$@" 2>/dev/null)"
  rc=$?
  if [[ $rc -ne $want_rc || "$out" != "$want_out" ]]; then
    echo "FAIL $name: exit $rc (want $want_rc)"
    echo "  got:  $out"
    echo "  want: $want_out"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

# expect_match NAME EXIT_CODE REGEX -- ARGS...  (for text owned by engine/expr)
expect_match() {
  local name="$1" want_rc="$2" regex="$3"
  shift 4
  local out rc
  out="$("$HEADLOCK" "$@" 2>/dev/null)"
  rc=$?
  if [[ $rc -ne $want_rc ]] || ! grep -Eq -- "$regex" <<<"$out"; then
    echo "FAIL $name: exit $rc (want $want_rc)"
    echo "  got:   $out"
    echo "  regex: $regex"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

ITEM='{"id":{"S":"r1"},"orderNo":{"N":"1700000000000"}}'
LOCK_VALUES='{":lockTo":{"N":"1700000060000"},":clientKey":{"S":"c1"},":previousOrderNo":{"N":"1700000000000"}}'
STALE_VALUES='{":lockTo":{"N":"1700000060000"},":clientKey":{"S":"c2"},":previousOrderNo":{"N":"1699999999999"}}'

expect_match help 0 'eval' -- --help
expect_match version 0 '^headlock [0-9]+\.[0-9]+\.[0-9]+$' -- version

expect item_is_normalised 0 '{"Item":{"id":{"S":"r1"},"n":{"N":"1.5"}}}' -- \
  eval --item '{"id":{"S":"r1"},"n":{"N":"01.50"}}'
expect condition_true 0 '{"ConditionResult":true}' -- \
  eval --item "$ITEM" --condition 'orderNo = :p' --values '{":p":{"N":"1700000000000"}}'
expect lock 0 \
  '{"ConditionResult":true,"Item":{"id":{"S":"r1"},"lockByClient":{"S":"c1"},"orderNo":{"N":"1700000060000"}}}' -- \
  eval --item "$ITEM" --key id --condition 'orderNo = :previousOrderNo' \
  --update 'SET orderNo = :lockTo, lockByClient = :clientKey' --values "$LOCK_VALUES"
expect lock_collision_leaves_item 0 \
  '{"ConditionResult":false,"Item":{"id":{"S":"r1"},"orderNo":{"N":"1700000000000"}}}' -- \
  eval --item "$ITEM" --key id --condition 'orderNo = :previousOrderNo' \
  --update 'SET orderNo = :lockTo, lockByClient = :clientKey' --values "$STALE_VALUES"
expect handled 0 '{"Item":{"handledAt":{"N":"1700000005000"},"id":{"S":"r1"}}}' -- \
  eval --item "$ITEM" --update 'REMOVE orderNo SET handledAt = :now' \
  --values '{":now":{"N":"1700000005000"}}'
expect projection_with_names 0 '{"Item":{"orderNo":{"N":"1700000000000"}}}' -- \
  eval --item "$ITEM" --projection '#o' --names '{"#o":"orderNo"}'
expect no_item 0 '{"ConditionResult":false}' -- \
  eval --condition 'attribute_exists(id)'

expect number_as_json_number 1 \
  '{"__type":"com.amazon.coral.service#SerializationException","Message":"NUMBER_VALUE cannot be converted to String"}' -- \
  eval --item '{"id":{"N":1}}'
expect two_types 1 \
  '{"__type":"com.amazon.coral.validate#ValidationException","message":"Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"}' -- \
  eval --item '{"id":{"S":"a","N":"1"}}'
expect null_false 1 \
  '{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid: Null attribute value types must have the value of true"}' -- \
  eval --item '{"id":{"NULL":false}}'
expect_match malformed_json 1 '^\{"__type":"com.amazon.coral.service#SerializationException","Message":"Malformed JSON' -- \
  eval --item '{"id":'
expect_match unused_value 1 '^\{"__type":"com.amazon.coral.validate#ValidationException","message":".*unused' -- \
  eval --item "$ITEM" --condition 'attribute_exists(id)' --values '{":x":{"S":"a"}}'
expect_match syntax_error 1 '^\{"__type":"com.amazon.coral.validate#ValidationException"' -- \
  eval --item "$ITEM" --update 'SET = 1'
expect_match update_key_attribute 1 '^\{"__type":"com.amazon.coral.validate#ValidationException"' -- \
  eval --item "$ITEM" --key id --update 'SET id = :v' --values '{":v":{"S":"r2"}}'

expect_match demo 0 'ConditionalCheckFailedException' -- demo

if ((failures > 0)); then
  echo "$failures case(s) failed"
  exit 1
fi
