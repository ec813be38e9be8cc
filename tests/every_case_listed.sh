#!/bin/sh
# Every Catch test case of BINARY is an entry of its own in the ctest list
# of BUILD_DIR: a case whose name CMake cannot list (a ';' or an unbalanced
# '[') would otherwise be skipped without a word. This replaces running the
# whole binary once more, which took as long as the suite and ran each case
# twice at once under ctest -j2.
#   sh tests/every_case_listed.sh BINARY BUILD_DIR
set -eu
binary=$1
build=$2
names=$(mktemp)
listed=$(mktemp)
trap 'rm -f "$names" "$listed"' EXIT
"$binary" --list-test-names-only | sed '/^$/d' >"$names" || true
ctest --test-dir "$build" -N | sed -n 's/^ *Test *#[0-9]*: //p' >"$listed"
[ -s "$names" ] || { echo "no test cases listed by $binary" >&2; exit 1; }
missing=$(grep -vxF -f "$listed" "$names" || true)
if [ -n "$missing" ]; then
    echo "Catch cases with no ctest entry (rename them: no ';' and balanced '['):" >&2
    printf '%s\n' "$missing" >&2
    exit 1
fi
echo "$(wc -l <"$names") Catch cases, each a ctest entry"
