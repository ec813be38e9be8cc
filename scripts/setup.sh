#!/bin/sh
# Installs what is missing (Debian 12, as root), then configures and builds
# ratesim and its tests into build/. Safe to run again: it only does what is
# not done yet.
set -eu
cd "$(dirname "$0")/.."

# One package list: scripts/debian-packages.txt (comments after '#').
packages=$(sed 's/#.*//' scripts/debian-packages.txt)
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: these Debian packages are missing; run as root or install them:$missing" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Node and npm for the SDK tests (tests/sdk/): Debian's only when none is on
# the PATH. A machine may already have another Node (e.g. NodeSource's Node
# 20, which brings its own npm and conflicts with Debian's npm package).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "setup: installing nodejs npm" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: node and npm are missing; run as root or install them" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# The official TypeScript SDK, at the version package-lock.json pins; again
# only when that version is not installed yet.
if ! (cd tests/sdk && npm ls --silent >/dev/null 2>&1); then
    echo "setup: npm ci in tests/sdk" >&2
    (cd tests/sdk && npm ci --no-audit --no-fund --silent)
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "setup: built build/ratesim and build/ratesim_tests" >&2
