#!/bin/sh
# Times `ratesim run` on a scenario (default: the flagship) N times (default
# 7). Prints the median, min and max wall time of the whole command, and the
# median simulation speed that ratesim itself reports (attempts per second of
# simulation, without loading and writing). Usage:
# bench/flagship.sh [SCENARIO] [N] [RATESIM RUN OPTIONS...], e.g. `... 7 --no-plots`.
set -eu
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/shared-org.yaml}
runs=${2:-7}
[ $# -ge 2 ] && shift 2 || shift $#
[ -x build/ratesim ] || { echo "build first: sh scripts/setup.sh" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

i=0
while [ "$i" -lt "$runs" ]; do
    start=$(date +%s.%N)
    build/ratesim run "$scenario" -o "$out/run" "$@" >"$out/stdout"
    end=$(date +%s.%N)
    # "... N attempts simulated in Xs wall (R attempts/s)"
    line=$(grep "attempts simulated in" "$out/stdout")
    echo "$start $end $line" | awk '{
        for (f = 1; f <= NF; f++) if ($f == "attempts" && $(f + 1) == "simulated") attempts = $(f - 1)
        rate = $(NF - 1); sub(/^\(/, "", rate)
        printf "%.4f %s %s\n", $2 - $1, attempts, rate }' >>"$out/samples"
    i=$((i + 1))
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
wall=$(cut -d' ' -f1 "$out/samples" | median)
rate=$(cut -d' ' -f3 "$out/samples" | median)
lo=$(cut -d' ' -f1 "$out/samples" | sort -g | head -1)
hi=$(cut -d' ' -f1 "$out/samples" | sort -g | tail -1)
attempts=$(head -1 "$out/samples" | cut -d' ' -f2)
echo "$scenario: $runs runs; wall time of the command: median ${wall}s (min ${lo}s, max ${hi}s)"
echo "$attempts attempts per run; simulation speed (median of ratesim's own figure): $rate attempts/s"
