#!/bin/sh
# The mutation check (docs/testing.md): applies each one-line mutant of
# scripts/mutants.txt to the source in turn, rebuilds the test binary and
# the program in build-mutants/ (never build/), runs the Catch suite until
# its first failure, and puts the file back, always (a trap, even on
# Ctrl-C). Prints each mutant as killed or SURVIVED, then the kill rate.
#   nice -n 19 sh scripts/mutants.sh [FIRST [LAST]]   # mutants by line number in the table
# RATESIM_MUTANTS_TESTS: a Catch test spec (e.g. "[plan-command],[spend]")
# to run instead of the whole suite, for a quick look; a survivor is only
# a survivor of the whole suite. Not in CI: each mutant costs a rebuild and
# a run of the suite.
set -eu
cd "$(dirname "$0")/.."
table=scripts/mutants.txt
build=${RATESIM_MUTANTS_BUILD:-build-mutants}
first=${1:-1}
last=${2:-999999}
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd .. && pwd)}"
if [ ! -f "$build/CMakeCache.txt" ]; then
    launcher=""
    command -v ccache >/dev/null 2>&1 && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release $launcher >/dev/null
fi
backup=""
restore() {
    if [ -n "$backup" ] && [ -f "$backup" ]; then
        cp "$backup" "$target" && rm -f "$backup"
        backup=""
    fi
}
trap 'restore' EXIT
trap 'restore; exit 130' INT
trap 'restore; exit 143' TERM
killed=0
survived=0
n=0
survivors=""
# Each line: FILE | ORIGINAL | MUTANT; blank lines and # comments skipped.
for number in $(grep -n -v '^[[:space:]]*\(#\|$\)' "$table" | cut -d: -f1); do
    [ "$number" -ge "$first" ] && [ "$number" -le "$last" ] || continue
    line=$(sed -n "${number}p" "$table")
    target=$(printf '%s' "$line" | awk -F' [|] ' '{print $1}')
    if [ ! -f "$target" ]; then
        echo "mutants.txt:$number: no file '$target'" >&2
        exit 2
    fi
    backup=$(mktemp)
    cp "$target" "$backup"
    if ! python3 - "$target" "$line" <<'PY'
import sys
path, line = sys.argv[1], sys.argv[2]
parts = line.split(" | ")
if len(parts) != 3:
    sys.exit(f"not FILE | ORIGINAL | MUTANT: {line}")
_, original, mutant = parts
text = open(path).read()
count = text.count(original)
if count != 1:
    sys.exit(f"{path}: the original text occurs {count} times, not once: {original}")
open(path, "w").write(text.replace(original, mutant))
PY
    then
        echo "mutants.txt:$number: cannot apply" >&2
        restore
        exit 2
    fi
    n=$((n + 1))
    if ! cmake --build "$build" --target ratesim ratesim_tests -j2 >"$build/mutant-build.log" 2>&1; then
        verdict="killed (does not compile)"
        killed=$((killed + 1))
    elif ! (cd "$build" && ./ratesim_tests --abort ${RATESIM_MUTANTS_TESTS:+"$RATESIM_MUTANTS_TESTS"} \
                >mutant-tests.log 2>&1); then
        # The first failing case: the name between the rules of dashes of the
        # first header followed by FAILED (a WARN prints a header too).
        case_name=$(awk '/^-+$/ && length($0) > 70 { head = !head; if (head) name = ""; next }
                         head { sub(/^ +/, ""); name = name (name == "" ? "" : " ") $0; next }
                         /FAILED:/ { print name; exit }' "$build/mutant-tests.log")
        verdict="killed by \"${case_name:-a crash}\""
        killed=$((killed + 1))
    else
        verdict="SURVIVED"
        survived=$((survived + 1))
        survivors="$survivors $number"
    fi
    restore
    echo "mutants.txt:$number: $verdict: $line"
done
# Leave the build matching the unmutated source.
cmake --build "$build" --target ratesim ratesim_tests -j2 >"$build/mutant-build.log" 2>&1 || true
echo "mutants: $n tried, $killed killed, $survived survived${survivors:+ (lines$survivors)}"
