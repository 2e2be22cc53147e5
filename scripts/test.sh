#!/usr/bin/env bash
# Builds and tests Headlock twice: the Release tree (build/release) and an
# AddressSanitizer + UndefinedBehaviorSanitizer tree (build/sanitize). Runs
# both test suites even if the first fails; exits non-zero if either failed.
#
# Usage (from the repo root, as root on a fresh Debian 12): ./scripts/test.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${HEADLOCK_JOBS:-2}"

"$ROOT/scripts/setup.sh"

# The client tests (tests/clients: the AWS SDK and apify-client against
# `headlock serve`) need Node.js and npm: Debian's, when missing, then the
# exact dependency tree of the committed lockfile.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "test: installing nodejs npm" >&2
  SUDO=()
  [[ $(id -u) -ne 0 ]] && SUDO=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends nodejs npm
fi
echo "test: npm ci in tests/clients" >&2
(cd "$ROOT/tests/clients" && npm ci --no-audit --no-fund --loglevel=error)
# Configure again so that CMake finds node for the client tests.
cmake -S "$ROOT" -B "$ROOT/build/release" >/dev/null

echo "test: building $ROOT/build/sanitize (ASan+UBSan, RelWithDebInfo, -j$JOBS)" >&2
cmake -S "$ROOT" -B "$ROOT/build/sanitize" -DHEADLOCK_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEADLOCK_BUILD_BENCH=OFF >/dev/null
cmake --build "$ROOT/build/sanitize" -j"$JOBS"

failed=()
for tree in release sanitize; do
  echo "test: ctest in build/$tree" >&2
  if ! ctest --test-dir "$ROOT/build/$tree" --output-on-failure -j"$JOBS"; then
    failed+=("$tree")
  fi
done

if ((${#failed[@]} > 0)); then
  echo "test: FAILED in build/${failed[*]}" >&2
  exit 1
fi
echo "test: all tests passed in build/release and build/sanitize" >&2
