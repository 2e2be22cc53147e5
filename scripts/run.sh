#!/usr/bin/env bash
# Sets Headlock up (packages + Release build) and runs its main job. For now
# that is the demo of Apify's request-queue lock; the simulator takes its
# place once it exists.
#
# Usage (from the repo root, as root on a fresh Debian 12): ./scripts/run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build output goes to stderr so that stdout is the demo alone.
"$ROOT/scripts/setup.sh" >&2
exec "$ROOT/build/release/tools/headlock" demo
