#!/usr/bin/env bash
# Cold commands (a benchmark, not a test): the wall time of one armsflow
# command from a fresh process, for two or more builds side by side, with
# hyperfine (Debian's package; installed when missing). The machine is
# shared and noisy, so the builds are interleaved: ROUNDS rounds, each
# running every build RUNS times in turn (after a warm-up), and the median of
# all a build's runs is reported, with its ratio to the first build's.
#
#   bench/cold.sh OLD_BINARY NEW_BINARY...            # rank suppliers 2017-2021
#   ROUNDS=20 RUNS=5 bench/cold.sh /tmp/old /tmp/new
#   CMD='help' bench/cold.sh /tmp/old /tmp/new         # another command
#
# The library is made once in a temporary directory by the first build,
# importing SIPRI's TIV tables (ARMSFLOW_DATA, default ../shared/data/sipri);
# every build reads its own copy of it. See docs/benchmarks.md, "Cold commands".
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] || { echo "usage: bench/cold.sh BINARY... (env ROUNDS, RUNS, CMD, ARMSFLOW_DATA)" >&2; exit 2; }
ROUNDS=${ROUNDS:-10}
RUNS=${RUNS:-10}
DATA=${ARMSFLOW_DATA:-../shared/data/sipri}
TIV="$DATA/tiv-2022-04"
[ -d "$TIV" ] || { echo "cold.sh: SIPRI's TIV tables are not at $TIV (set ARMSFLOW_DATA)" >&2; exit 1; }
if ! command -v hyperfine >/dev/null; then
	echo "cold.sh: installing hyperfine (apt-get install -y hyperfine)" >&2
	apt-get install -y -q hyperfine >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q hyperfine >/dev/null; }
fi
bins=()
for b in "$@"; do
	[ -x "$b" ] || { echo "cold.sh: $b is not an executable" >&2; exit 1; }
	bins+=("$(cd "$(dirname "$b")" && pwd)/$(basename "$b")")
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"${bins[0]}" --db "$work/lib.db" import "$TIV" >/dev/null 2>&1
# A copy for each build: a build's connections may keep or delete the
# library's -wal and -shm files when they close, which the next command
# finds or has to create again.
for i in "${!bins[@]}"; do cp "$work/lib.db" "$work/lib$i.db"; done
CMD=${CMD:-rank suppliers --years 2017-2021}

for ((r = 1; r <= ROUNDS; r++)); do
	args=()
	for i in "${!bins[@]}"; do args+=("${bins[$i]} --db $work/lib$i.db $CMD"); done
	hyperfine -N -w 2 -r "$RUNS" --export-json "$work/round-$r.json" "${args[@]}" >/dev/null 2>&1
done

# Medians over all rounds, per build; ratios to the first.
python3 - "$work" "$ROUNDS" "$@" <<'EOF'
import json, statistics, sys
work, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = [[] for _ in names]
for r in range(1, rounds + 1):
    for i, res in enumerate(json.load(open(f"{work}/round-{r}.json"))["results"]):
        times[i] += res["times"]
base = statistics.median(times[0])
print(f"{'build':<32} {'runs':>5} {'median ms':>10} {'min ms':>8} {'vs first':>9}")
for n, t in zip(names, times):
    m = statistics.median(t)
    print(f"{n:<32} {len(t):>5} {m * 1000:>10.2f} {min(t) * 1000:>8.2f} {m / base:>8.2f}x")
EOF
