#!/usr/bin/env bash
# Load benchmark of the web API (a benchmark, not a test): builds armsflow,
# imports SIPRI's full TIV tables and a trade register into a temporary
# library, starts 'armsflow serve' on loopback and runs wrk with 64
# connections against the dyad (flows) and rank endpoints; then again while
# another process keeps importing a register into the same library
# (bench/load/churn.go: import, delete, import, ...). Prints p50/p90/p99 and
# errors per run; docs/benchmarks.md ("## Web load") records the figures.
#
#   bench/load.sh                 # 64 connections, 20 s per run
#   CONN=64 DURATION=30s bench/load.sh
#
# wrk runs one thread by default: on a 2-core machine a second wrk thread
# takes the server's CPU and measures wrk's own scheduling delays (p99 about
# 12 ms with -t2 against 8 ms with -t1, at the same throughput).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ARMSFLOW_DATA:-../shared/data/sipri}
CONN=${CONN:-64}
THREADS=${THREADS:-1}
DURATION=${DURATION:-20s}
PORT=${PORT:-18181}
command -v wrk >/dev/null || { echo "load.sh: wrk missing: apt-get install -y wrk" >&2; exit 1; }
[ -d "$DATA/tiv-2022-04" ] || { echo "load.sh: SIPRI's files are not at $DATA" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

CGO_ENABLED=0 go build -o "$work/armsflow" ./cmd/armsflow
go build -o "$work/churn" ./bench/load
"$work/armsflow" --db "$work/lib.db" import "$DATA/tiv-2022-04" "$DATA/register-2025-03.csv" >"$work/import.out" 2>&1 ||
  { cat "$work/import.out" >&2; exit 1; }
"$work/armsflow" --db "$work/lib.db" serve --addr "127.0.0.1:$PORT" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

base="http://127.0.0.1:$PORT"
dyad="$base/api/v1/flows?supplier=Russia&recipient=Viet%20Nam&years=1995-2021"
rank="$base/api/v1/rank/suppliers?years=2017-2021"
echo "# $(nproc) CPUs, $(uname -srm), $(go version | cut -d' ' -f3), wrk -t$THREADS -c$CONN -d$DURATION"
for u in "$dyad" "$rank"; do curl -sf "$u" >/dev/null || { echo "load.sh: $u fails" >&2; exit 1; }; done

run() { # name url
  wrk -t"$THREADS" -c"$CONN" -d"$DURATION" --latency -s bench/load/report.lua "$2" | grep '^LOAD' | sed "s/^LOAD/$1/"
}
run "dyad" "$dyad"
run "rank" "$rank"

secs=${DURATION%s}
"$work/churn" --db "$work/lib.db" --file "$DATA/register-2025-10.csv" --for "$((secs * 2 + 2))s" >"$work/churn.out" &
churn=$!
sleep 1
run "dyad+import" "$dyad"
run "rank+import" "$rank"
wait "$churn"
cat "$work/churn.out"
grep -ci 'level=error' "$work/serve.log" | sed 's/^/server_errors_logged=/'
