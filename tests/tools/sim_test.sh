#!/usr/bin/env bash
# End-to-end test of `headlock sim`: a tiny run writes the whole run
# directory; the same seed gives byte-identical reports; a comparison prints
# its table; bad input is refused with a clear message and exit code 2.
# Usage: sim_test.sh path/to/headlock
set -uo pipefail

HEADLOCK="$1"
# shellcheck source=test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

run() {  # OUT_DIR [FLAGS...]
  local out="$1"
  shift
  "$HEADLOCK" sim --duration 3m --scale 0.002 --seed 5 --quiet --out "$out" "$@"
}

expect_eq "run exit code" "$(run "$TMP/a" >"$TMP/a.out" 2>"$TMP/a.err"; echo $?)" "0"
expect_eq "stdout is the run directory" "$(cat "$TMP/a.out")" "$TMP/a"
for f in summary.md summary.json timeline.csv tables.csv scenario.json performance.json; do
  [[ -s "$TMP/a/$f" ]] || fail "missing $f"
done
if command -v gnuplot >/dev/null; then
  for f in writes_per_minute.png writes_per_minute.svg table_write_units.png cost_per_policy.svg; do
    [[ -s "$TMP/a/$f" ]] || fail "missing chart $f"
  done
  expect_eq "a PNG is a PNG" "$(head -c 4 "$TMP/a/writes_per_minute.png" | tail -c 3)" "PNG"
fi
expect_eq "timeline rows (3 minutes + header)" "$(wc -l <"$TMP/a/timeline.csv")" "4"
expect_eq "timeline header" "$(head -1 "$TMP/a/timeline.csv" | cut -d, -f1-4)" \
  "minute,time,target_api_writes,api_writes"
grep -q '"requests_handled"' "$TMP/a/summary.json" || fail "summary.json has no requests_handled"
grep -q '"cost_usd"' "$TMP/a/summary.json" || fail "summary.json has no cost_usd"
grep -q '^## Capacity units per table-week' "$TMP/a/summary.md" || fail "summary.md has no table-week section"
handled="$(grep -m1 '"requests_handled"' "$TMP/a/summary.json" | tr -dc '0-9.')"
[[ "${handled%.*}" -gt 0 ]] || fail "nothing handled ($handled)"
# The calibration against the seed: API writes per request added, and what
# the seed's 500 million requests a month mean at the run's rate of writes.
field() { grep -m1 "\"$1\"" "$TMP/a/summary.json" | sed 's/.*: *//; s/,$//'; }
secs="$(field duration_seconds)"
awk -v w="$(field api_writes)" -v a="$(field requests_added)" \
  -v per="$(field api_writes_per_request_added)" -v seed="$(field seed_api_writes_per_request_stored)" \
  -v s="$secs" 'BEGIN {
    want_seed = w / (s / 86400) * 30.4375 / 500e6
    exit !(a > 0 && per > 0 && (per - w / a) ^ 2 < 1e-9 * per ^ 2 &&
           (seed - want_seed) ^ 2 < 1e-9 * want_seed ^ 2) }' ||
  fail "calibration fields do not match api_writes and requests_added"
grep -q '^Calibration: this run made' "$TMP/a/summary.md" || fail "summary.md has no calibration"

# Same seed, same bytes (the wall time aside): two runs with charts.
run "$TMP/b" >/dev/null 2>&1
# Every file but performance.json (wall time), charts included.
for path in "$TMP"/a/*; do
  f="$(basename "$path")"
  [[ "$f" == performance.json ]] && continue
  cmp -s "$TMP/a/$f" "$TMP/b/$f" || fail "$f differs between two runs of one seed"
done
expect_eq "files compared" "$(ls "$TMP/a" | wc -l)" "$(ls "$TMP/b" | wc -l)"
expect_eq "same digest" "$(grep '"digest"' "$TMP/b/summary.json" | head -1)" \
  "$(grep '"digest"' "$TMP/a/summary.json" | head -1)"
run "$TMP/c" --seed 6 --no-charts >/dev/null 2>&1
cmp -s "$TMP/a/timeline.csv" "$TMP/c/timeline.csv" && fail "another seed gave the same timeline"

# A comparison of strategies: one subdirectory per strategy and the table.
"$HEADLOCK" sim --duration 2m --scale 0.001 --quiet --no-charts --compare strategies \
  --out "$TMP/cmp" >"$TMP/cmp.out" 2>&1
expect_eq "compare exit code" "$?" "0"
for s in order-no lock-index filter client-side; do
  [[ -s "$TMP/cmp/$s/summary.json" ]] || fail "no run directory for $s"
  grep -q "^| \`$s\` |" "$TMP/cmp.out" || fail "no row for $s in the table"
done
grep -q '^## Findings' "$TMP/cmp/summary.md" || fail "comparison summary has no findings"

# Several seeds: each seed's comparison, means with intervals, paired differences.
"$HEADLOCK" sim --duration 2m --scale 0.001 --quiet --no-charts --compare strategies --seeds 2 \
  --seed 4 --out "$TMP/seeds" >"$TMP/seeds.out" 2>&1
expect_eq "--seeds exit code" "$?" "0"
for s in 4 5; do
  [[ -s "$TMP/seeds/seed-$s/order-no/summary.json" ]] || fail "no comparison for seed $s"
done
grep -q '^| `lock-index` minus\|minus `order-no`, same seed' "$TMP/seeds.out" ||
  fail "no paired differences table"
grep -q '^## What differs at this sample' "$TMP/seeds/summary.md" || fail "no differences section"
grep -q '"low95"' "$TMP/seeds/summary.json" || fail "summary.json has no intervals"

# A scenario file, overridden by flags.
printf '{"name":"tiny","duration":"1m","scale":0.001,"lock_strategy":"filter"}' >"$TMP/s.json"
"$HEADLOCK" sim --scenario "$TMP/s.json" --seed 3 --quiet --no-charts --out "$TMP/s" >/dev/null 2>&1
expect_eq "scenario run" "$?" "0"
expect_eq "scenario name and strategy kept" \
  "$(grep -c -e '"name": "tiny"' -e '"lock_strategy": "filter"' "$TMP/s/scenario.json")" "2"
expect_eq "flag overrides the file" "$(grep -c '"seed": 3' "$TMP/s/scenario.json")" "1"

# Bad input.
bad() {  # NAME WANT_SUBSTRING FLAGS...
  local name="$1" want="$2"
  shift 2
  local err code
  err="$("$HEADLOCK" sim --quiet --no-charts --out "$TMP/bad" "$@" 2>&1 >/dev/null)"
  code=$?
  expect_eq "$name: exit code" "$code" "2"
  [[ "$err" == *"$want"* ]] || fail "$name: message '$err' lacks '$want'"
}
bad "scale above 1" "'scale'" --scale 2
bad "unknown strategy" "order-no" --strategy magic
bad "bad policy" "unknown capacity policy" --policy cheap
bad "zero seeds" "--seeds" --seeds 0
bad "duration without a unit" "'duration'" --duration 90
bad "--strategy with --compare strategies" "cannot be combined" --compare strategies --strategy filter
bad "--policy with --compare policies" "cannot be combined" --compare policies --policy on-demand
# The run directory is checked before the simulation.
out_bad() {  # NAME WANT_SUBSTRING DIR
  local err code
  err="$("$HEADLOCK" sim --quiet --no-charts --duration 4w --out "$3" 2>&1 >/dev/null)"
  code=$?
  expect_eq "$1: exit code" "$code" "2"
  [[ "$err" == *"$2"* ]] || fail "$1: message '$err' lacks '$2'"
}
printf 'x' >"$TMP/afile"
out_bad "--out is a file" "not a directory" "$TMP/afile"
mkdir -p "$TMP/full" && touch "$TMP/full/x"
out_bad "--out not empty" "--force" "$TMP/full"
if [[ $(id -u) -ne 0 ]]; then
  mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
  out_bad "--out not writable" "cannot" "$TMP/ro/run"
fi
"$HEADLOCK" sim --quiet --no-charts --duration 1m --scale 0.001 --out "$TMP/full" --force >/dev/null 2>&1
expect_eq "--force writes into a non-empty --out" "$? $([[ -s $TMP/full/summary.json ]] && echo written)" "0 written"
bad "missing scenario file" "cannot read scenario file" --scenario "$TMP/none.json"
printf '{"scael":1}' >"$TMP/typo.json"
bad "typo in a scenario" "'scael': unknown field" --scenario "$TMP/typo.json"
# A missing pricing file is refused before four simulated weeks, not after.
printf '{"pricing_csv":"%s/none.csv","duration":"4w"}' "$TMP" >"$TMP/noprice.json"
bad "missing pricing file" "cannot read pricing file" --scenario "$TMP/noprice.json"
"$HEADLOCK" sim --compare everything >/dev/null 2>&1
[[ $? -ne 0 ]] || fail "--compare everything accepted"
[[ -e "$TMP/bad" ]] && fail "a refused run left a directory"

finish "headlock sim"
