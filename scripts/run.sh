#!/usr/bin/env bash
# Sets Headlock up (packages + Release build) and runs its main job: the
# simulator's default scenario once per lock strategy, into a fresh run
# directory under ./headlock-runs/ (its path is the last line of stdout).
#
# Usage (from the repo root, as root on a fresh Debian 12): ./scripts/run.sh
# Extra arguments go to `headlock sim` (e.g. --seed 7, --compare policies).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build output goes to stderr so that stdout is the simulator's alone.
"$ROOT/scripts/setup.sh" >&2
if (($# == 0)); then set -- --compare strategies; fi
exec "$ROOT/build/release/tools/headlock" sim "$@"
