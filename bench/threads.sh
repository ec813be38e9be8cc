#!/bin/sh
# How a sweep scales with threads: times `ratesim run SCENARIO --threads T`
# N times for each T (default: 1 and 2) and prints the median, min and max
# wall time and the speed-up over one thread. Also checks that every output
# file is byte-identical across thread counts.
# Usage: bench/threads.sh [SCENARIO] [N] [THREADS...]; RATESIM_ARGS adds run
# options (e.g. RATESIM_ARGS=--no-plots).
set -eu
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/workers-sweep.yaml}
runs=${2:-5}
shift 2 2>/dev/null || shift $#
threads=${*:-1 2}
[ -x build/ratesim ] || { echo "build first: sh scripts/setup.sh" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "$scenario, $runs runs per thread count, on $(nproc) cores"
printf '%8s %10s %10s %10s %9s\n' threads median_s min_s max_s speedup
base=""
for t in $threads; do
    : >"$out/samples-$t"
    i=0
    while [ "$i" -lt "$runs" ]; do
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        build/ratesim run "$scenario" -o "$out/run" --threads "$t" --quiet ${RATESIM_ARGS:-}
        end=$(date +%s.%N)
        echo "$start $end" | awk '{ printf "%.4f\n", $2 - $1 }' >>"$out/samples-$t"
        i=$((i + 1))
    done
    # One output path for every thread count: the report may name it.
    rm -rf "$out/run-$t" && mv "$out/run" "$out/run-$t"
    med=$(median <"$out/samples-$t")
    lo=$(sort -g "$out/samples-$t" | head -1)
    hi=$(sort -g "$out/samples-$t" | tail -1)
    [ -n "$base" ] || base=$med
    printf '%8s %10s %10s %10s %9s\n' "$t" "$med" "$lo" "$hi" "$(echo "$base $med" | awk '{ printf "%.2fx", $1 / $2 }')"
done
first=$(echo "$threads" | awk '{ print $1 }')
for t in $threads; do
    (cd "$out/run-$first" && find . -type f | sort) | while read -r f; do
        cmp -s "$out/run-$first/$f" "$out/run-$t/$f" || { echo "DIFFERENT: $f at $t threads" >&2; exit 1; }
    done
done
echo "outputs byte-identical across thread counts: yes"
