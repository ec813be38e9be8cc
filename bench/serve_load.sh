#!/bin/sh
# Load on `ratesim serve` (a benchmark, not a test; nothing here runs in CI).
#  1. 429s: CONNECTIONS keep-alive connections send REQUESTS requests in all
#     to bench/scenarios/serve-429.yaml (1 RPM: nearly all answers are 429):
#     answers per second and the overhead over the model's 1 ms; then the
#     same with 16 connections, where the overhead is the server's own rather
#     than the queue of 500 clients on 2 cores (client and server share them).
#  2. streams: STREAMS connections each hold one streamed success of about
#     10 s open (bench/scenarios/serve-streams.yaml): the most open at once.
# Each part prints the server's peak RSS (VmHWM) and its RSS at the end.
# Targets on 2 cores: >= 5,000 429 answers/s with p99 overhead < 5 ms;
# >= 1,000 concurrent streams with bounded memory.
# Usage: bench/serve_load.sh [CONNECTIONS [REQUESTS [STREAMS]]] (default 500 50000 1000)
set -eu
cd "$(dirname "$0")/.."
connections=${1:-500}
requests=${2:-50000}
streams=${3:-1000}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target ratesim ratesim_serve_load -j2 >/dev/null
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# serve SCENARIO THREADS MODE CONNECTIONS REQUESTS
load() {
    build/ratesim serve "$1" --port 0 -o "$work/live-$3" --no-plots -q --threads "$2" >"$work/address" &
    pid=$!
    for _ in $(seq 100); do grep -q listening "$work/address" 2>/dev/null && break; sleep 0.1; done
    port=$(sed -n 's|listening on http://127.0.0.1:||p' "$work/address")
    echo "== $3: $1, serve --threads $2 (pid $pid, port $port), on $(nproc) cores"
    build/ratesim_serve_load "$3" "$port" "$4" "$5" || echo "(some requests failed)"
    grep -E 'VmHWM|VmRSS|Threads' "/proc/$pid/status" | tr -s '\t ' ' ' | sed 's/^/  serve /'
    kill -TERM "$pid"
    wait "$pid"
}

load bench/scenarios/serve-429.yaml "$((connections + 100))" 429 "$connections" "$requests"
load bench/scenarios/serve-429.yaml 116 429 16 "$requests"
load bench/scenarios/serve-streams.yaml "$((streams + 100))" stream "$streams" "$streams"
