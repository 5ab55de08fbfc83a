#!/usr/bin/env bash
# Hostile-traffic load benchmark of the web server (a benchmark, not a test):
# builds armsflow, imports SIPRI's TIV tables and a trade register into a
# temporary library, starts 'armsflow serve' on loopback, and for DURATION
# runs wrk with CONN connections of mixed anonymous reads (bench/load/mixed.lua)
# while bench/load/mixed sends unique junk URLs from one client, wrong
# passwords from another and a register upload every second from an
# editor's script, and bench/load/churn imports and deletes the older
# register in the same library from another process. mixed samples the server's RSS
# every 100 ms. Prints one line per kind of traffic;
# exit 1 on any error. docs/benchmarks.md ("## Web load under attack")
# records the figures. Only loopback traffic; bounded by DURATION.
#
#   bench/load-mixed.sh                 # 64 connections, 20 s
#   CONN=64 DURATION=30s bench/load-mixed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${ARMSFLOW_DATA:-../shared/data/sipri}
CONN=${CONN:-64}
DURATION=${DURATION:-20s}
PORT=${PORT:-18182}
[ -d "$DATA/tiv-2022-04" ] || { echo "load-mixed.sh: SIPRI's files are not at $DATA" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

CGO_ENABLED=0 go build -o "$work/armsflow" ./cmd/armsflow
go build -o "$work/mixed" ./bench/load/mixed
go build -o "$work/churn" ./bench/load
"$work/armsflow" --db "$work/lib.db" import "$DATA/tiv-2022-04" "$DATA/register-2025-10.csv" >"$work/import.out" 2>&1 ||
  { cat "$work/import.out" >&2; exit 1; }
printf 'bench-password\n' | "$work/armsflow" --db "$work/lib.db" users add editor --role editor >/dev/null
token=$("$work/armsflow" --db "$work/lib.db" users token editor --label load-mixed 2>/dev/null)
"$work/armsflow" --db "$work/lib.db" serve --addr "127.0.0.1:$PORT" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

echo "# $(nproc) CPUs, $(uname -srm), $(go version | cut -d' ' -f3), load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "wrk -t1 -c$CONN reads + junk URLs + password guesser + uploads, $DURATION"
secs=${DURATION%s}
# The attackers, the uploads and the memory sampler run a little longer
# than wrk, so that the reads are measured under all of them throughout.
"$work/mixed" --url "http://127.0.0.1:$PORT" --pid "$pid" --conn 0 --for "$((secs + 2))s" \
  --token "$token" --upload "$DATA/register-2025-03.csv" >"$work/mixed.out" 2>&1 &
mixed=$!
# And another process imports and deletes a register in the same library
# back to back, so that the server swaps its snapshot about every second.
# It is the older register, which no read uses by default: the reads run
# during imports, not against a deletion of their own data (for that, set
# CHURN_FILE=register-2025-10.csv; the reads are then answered again on a
# fresh snapshot, with far higher latency).
# CHURN=0 leaves the churn out: the reads then run during the uploads'
# imports alone (one a second), as issue 10's acceptance words it.
if [ "${CHURN:-1}" != 0 ]; then
  "$work/churn" --db "$work/lib.db" --file "$DATA/${CHURN_FILE:-register-2025-03.csv}" --for "$((secs + 2))s" >"$work/churn.out" 2>&1 &
  churn=$!
else
  churn=""; echo "CHURN off" >"$work/churn.out"
fi
sleep 1
reads=$(wrk -t1 -c"$CONN" -d"$DURATION" --latency -s bench/load/mixed.lua "http://127.0.0.1:$PORT" | grep '^LOAD' | sed 's/^LOAD/reads/')
echo "$reads"
status=0
# Any failed read (connect, read, write, timeout, non-2xx) is an error.
if echo "$reads" | grep -Eq 'errors_[a-z]+=[1-9]'; then status=1; fi
wait "$mixed" || status=$?
[ -z "$churn" ] || wait "$churn" || status=$?
grep -v '^reads' "$work/mixed.out"
cat "$work/churn.out"
grep -c 'level=ERROR' "$work/serve.log" | sed 's/^/server_errors_logged=/' || true
grep 'level=ERROR' "$work/serve.log" | head -3 >&2 || true
exit $status
