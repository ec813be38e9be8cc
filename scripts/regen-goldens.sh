#!/bin/sh
# Regenerates the golden outputs of tests/golden/ (tests/golden/README.md
# says what each covers) with an already built program, and prints the diff
# of every file it changes. The only way goldens change: no test writes
# them. Run it when a change is meant to move the figures, read the diff,
# and commit the goldens with the change that moved them.
#   sh scripts/regen-goldens.sh [NAME...]   # every golden, or those named
# RATESIM: the program (default build/ratesim).
set -eu
cd "$(dirname "$0")/.."
program=$(cd "$(dirname "${RATESIM:-build/ratesim}")" && pwd)/$(basename "${RATESIM:-build/ratesim}")
[ -x "$program" ] || { echo "regen-goldens: no program at $program; build it first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- $(cd tests/golden && ls -d */ | tr -d /)
changed=0
for name in "$@"; do
    golden=tests/golden/$name
    [ -d "$golden" ] || { echo "regen-goldens: no golden $golden" >&2; exit 2; }
    out=$work/$name
    # The commands the tests run: quickstart's is the shipped scenario
    # (tests/test_determinism.cpp), the others the scenario.yaml beside them
    # run from their own directory (tests/test_goldens.cpp, tests/test_groups.cpp).
    if [ "$name" = quickstart ]; then
        "$program" run scenarios/quickstart.yaml -o "$out" --quiet --no-plots
    else
        (cd "$golden" && "$program" run scenario.yaml -o "$out" --quiet --no-plots)
    fi
    for file in "$golden"/*; do
        base=$(basename "$file")
        [ "$base" = scenario.yaml ] && continue
        if ! cmp -s "$file" "$out/$base"; then
            diff -u "$file" "$out/$base" || true
            cp "$out/$base" "$file"
            changed=$((changed + 1))
        fi
    done
done
echo "regen-goldens: $changed file(s) changed"
