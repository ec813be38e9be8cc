#!/bin/sh
# The ctest entry of the browser test (tests/browser/playground.test.mjs) for
# one shipped page, docs/playground/NAME.html: `ratesim run` on the same
# scenario, with the workers and the seed moved, writes the summary the page
# must equal for the same settings. Usage: shipped_page.sh RATESIM NAME WORKERS_PATH
set -eu
binary="$1"; name="$2"; workers="$3"
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$binary" run "scenarios/$name.yaml" --no-plots --quiet --set "$workers=24" --set seed=7 -o "$dir/expected"
RATESIM_PLAYGROUND_PAGE="docs/playground/$name.html" \
RATESIM_PLAYGROUND_EXPECTED="$dir/expected/summary.json" \
    node --test tests/browser/playground.test.mjs
