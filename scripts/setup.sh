#!/bin/sh
# Installs what is missing (Debian 12, as root), then configures and builds
# ratesim and its tests into build/. Safe to run again: it only does what is
# not done yet. With --install [PREFIX] it then installs the binary, man page,
# shell completions and scenario schema under PREFIX (default /usr/local):
# `cmake --install build --prefix PREFIX`.
set -eu
cd "$(dirname "$0")/.."
install_prefix=""
if [ "${1:-}" = "--install" ]; then
    install_prefix="${2:-/usr/local}"
elif [ $# -gt 0 ]; then
    echo "setup: unknown argument '$1'; allowed: --install [PREFIX]" >&2
    exit 2
fi

# One package list: scripts/debian-packages.txt (comments after '#').
packages=$(sed 's/#.*//' scripts/debian-packages.txt)
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# install_packages PACKAGES...: apt-get install, as root only.
install_packages() {
    echo "setup: installing $*" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: these Debian packages are missing; run as root or install them: $*" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
[ -z "$missing" ] || install_packages $missing

# Node and npm for the SDK tests (tests/sdk/): Debian's only when none is on
# the PATH. A machine may already have another Node (e.g. NodeSource's Node
# 20, which brings its own npm and conflicts with Debian's npm package).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || install_packages nodejs npm
# The official TypeScript SDK, and ws for the browser test, at the versions
# their package-lock.json files pin; again only when not installed yet.
for dir in tests/sdk tests/browser; do  # tests/browser: ws, for the DevTools protocol
    if ! (cd "$dir" && npm ls --silent >/dev/null 2>&1); then
        echo "setup: npm ci in $dir" >&2
        (cd "$dir" && npm ci --no-audit --no-fund --silent)
    fi
done

# A unity build, the test files too (each keeps its body in a namespace of
# its own): the heavy headers compile once per batch, not once per file.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "setup: built build/ratesim and build/ratesim_tests" >&2
# The playground's WebAssembly module (docs/playground.md), beside build/ratesim.
sh scripts/build-playground-module build
if [ -n "$install_prefix" ]; then
    cmake --install build --prefix "$install_prefix" >/dev/null
    echo "setup: installed ratesim, its man page, completions and schema under $install_prefix" >&2
fi
