# Shared by the end-to-end shell tests (source it): a temporary directory
# removed on exit, failure counting, an equality check, and the final verdict.
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() {
  echo "FAIL $1"
  failures=$((failures + 1))
}
expect_eq() {  # NAME GOT WANT
  if [[ "$2" == "$3" ]]; then echo "ok   $1 ($2)"; else fail "$1: got '$2', want '$3'"; fi
}
finish() {  # WHAT: exits 1 if any check failed
  if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all $1 checks passed"
}
