#!/bin/sh
# A sweep on one process against the same sweep split in two under mpirun
# and merged: times `ratesim run SCENARIO --threads 1` and, interleaved with
# it, `mpirun -np 2 ratesim run SCENARIO --threads 1 --shard auto` followed
# by `ratesim merge`, N times each, and prints the medians of wall and CPU
# time (user + system, the shards' included) of each step. Also checks that
# the merged directory is the one-process directory, byte for byte.
# Usage: bench/shards.sh [SCENARIO] [N]; RATESIM_ARGS adds run and merge
# options (e.g. RATESIM_ARGS=--no-plots).
set -eu
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/workers-sweep.yaml}
runs=${2:-3}
[ -x build/ratesim ] || { echo "build first: sh scripts/setup.sh" >&2; exit 1; }
command -v mpirun >/dev/null || { echo "mpirun not found: install openmpi-bin" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Appends "wall cpu" of the command to file $1.
timed() {
    file=$1
    shift
    /usr/bin/time -f '%e %U %S' -o "$out/t" "$@"
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$out/t" >>"$file"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column() { awk -v c="$2" '{ print $c }' "$1" | median; }

: >"$out/one" && : >"$out/shards" && : >"$out/merge" && : >"$out/both"
i=0
while [ "$i" -lt "$runs" ]; do
    # shellcheck disable=SC2086
    # Both results are written as $out/result: without plots the report names its directory.
    timed "$out/one" build/ratesim run "$scenario" -o "$out/result" --threads 1 --quiet ${RATESIM_ARGS:-}
    rm -rf "$out/plain" && mv "$out/result" "$out/plain"
    rm -rf "$out/parts"
    timed "$out/shards" mpirun --allow-run-as-root --oversubscribe -np 2 \
        build/ratesim run "$scenario" -o "$out/parts" --threads 1 --quiet --shard auto
    # shellcheck disable=SC2086
    timed "$out/merge" build/ratesim merge "$out/parts" -o "$out/result" --quiet ${RATESIM_ARGS:-}
    echo "$(tail -1 "$out/shards") $(tail -1 "$out/merge")" |
        awk '{ printf "%.3f %.3f\n", $1 + $3, $2 + $4 }' >>"$out/both"
    i=$((i + 1))
done
(cd "$out/plain" && find . -type f | sort) | while read -r f; do
    cmp -s "$out/plain/$f" "$out/result/$f" || { echo "DIFFERENT: $f" >&2; exit 1; }
done
echo "$scenario, $runs interleaved repetitions, on $(nproc) cores"
printf '%-36s %10s %10s\n' step wall_s cpu_s
for step in one shards merge both; do
    case $step in
        one) name="one process, --threads 1" ;;
        shards) name="mpirun -np 2, --shard auto" ;;
        merge) name="ratesim merge" ;;
        both) name="mpirun -np 2 + merge" ;;
    esac
    printf '%-36s %10s %10s\n' "$name" "$(column "$out/$step" 1)" "$(column "$out/$step" 2)"
done
echo "merged result byte-identical to the one-process result: yes"
