#!/usr/bin/env bash
# Installs Headlock's build dependencies (Debian 12 packages, only the ones
# missing) and builds the Release tree in build/release. Idempotent: a second
# run installs nothing and rebuilds only what changed.
#
# Usage (from anywhere; as root on a fresh Debian 12): scripts/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${HEADLOCK_JOBS:-2}"

PACKAGES=(
  build-essential cmake pkg-config git
  libleveldb-dev
  # Debian's leveldb CMake package links "snappy" but libleveldb-dev does not
  # depend on libsnappy-dev, so linking anything with LevelDB needs it.
  libsnappy-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libxxhash-dev libfmt-dev libcli11-dev rapidjson-dev libssl-dev
  gnuplot-nox
  # `headlock serve`: HTTP from Boost.Beast on Asio (header-only), request and
  # response bodies in gzip/deflate (zlib) and br (brotli).
  libboost-dev zlib1g-dev libbrotli-dev
  # tcmalloc for the command line and the benchmarks (CMakeLists.txt says why).
  libgoogle-perftools-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then
      SUDO=(sudo)
    else
      echo "setup: missing packages and not root (and no sudo): ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

echo "setup: building $ROOT/build/release (Release, -j$JOBS)" >&2
cmake -S "$ROOT" -B "$ROOT/build/release" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$ROOT/build/release" -j"$JOBS"
