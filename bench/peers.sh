#!/usr/bin/env bash
# End-to-end peer benchmark (a benchmark, not a test): one analyst task done by
# three implementations in the same run, each timed as a whole, N times:
#
#   armsflow  the built binary, one FRESH PROCESS per step, fresh library file
#             per repetition: import the TIV tables, then one command per
#             question (19 processes)
#   pandas    bench/peer_pandas.py under Debian's /usr/bin/python3
#             (interpreter start and 'import pandas' included)
#   DuckDB    bench/peer_duckdb.mjs under node with @duckdb/node-api
#             (node start and loading DuckDB included)
#
# The task, on SIPRI's 261 TIV tables (tiv-2022-04): load all tables into a
# fresh store/frame, then the founding study's 18 questions (the six tables of
# the design notes for Russia and Viet Nam, per 5-year period 2002-2006 ...
# 2017-2021 where they are per period): (1) yearly TIV Russia -> Viet Nam
# 2002-2021; (2)-(5) Russia's rank, TIV and share among world exporters;
# (6)-(9) Viet Nam's among Russia's recipients; (10) Viet Nam's among Russia's
# recipients in South East Asia, 2002-2021; (11)-(14) Viet Nam's among world
# importers; (15)-(18) Russia's among Viet Nam's suppliers. Every run's
# answers are checked against the known figures (the first five SIPRI's, see
# issue 2; the others those pandas, DuckDB and armsflow all three gave); a
# wrong answer stops the benchmark with exit status 1.
#
# Prints medians and ratios; writes every timing to -o FILE.
#
#   bench/peers.sh                    # 5 repetitions each
#   bench/peers.sh -n 10 -o /tmp/peers.txt
#   ARMSFLOW_DATA=/path/to/sipri bench/peers.sh
#   ARMSFLOW_BIN=/path/to/armsflow bench/peers.sh   # a prebuilt binary, no go build
#   ARMSFLOW_BASELINE=/path/to/old/armsflow bench/peers.sh  # also time an older
#                                     # build, interleaved, with the same ratios
#
# Installs what it lacks, and says so: python3-pandas (apt-get), bench's npm
# packages (npm ci --prefix bench). armsflow is skipped, with a message, when
# 'go build ./cmd/armsflow' fails. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
	echo "usage: bench/peers.sh [-n REPETITIONS] [-o RESULTS_FILE]" >&2
	echo "  -n N     timed repetitions of each implementation (default 5)" >&2
	echo "  -o FILE  raw timings (default bench/results/peers-<date>.txt)" >&2
	echo "  env ARMSFLOW_DATA: SIPRI data folder (default ../shared/data/sipri)" >&2
	echo "  env ARMSFLOW_BIN: a prebuilt armsflow to time instead of building ./cmd/armsflow" >&2
	echo "  env ARMSFLOW_BASELINE: another armsflow (an older build) to time beside it" >&2
	exit 2
}

REPS=5
OUT=""
while getopts "n:o:h" opt; do
	case $opt in
	n) REPS=$OPTARG ;;
	o) OUT=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
[[ $REPS =~ ^[1-9][0-9]*$ ]] || { echo "peers.sh: -n wants a positive whole number, not '$REPS'" >&2; exit 2; }
OUT=${OUT:-bench/results/peers-$(date +%Y-%m-%d-%H%M%S).txt}

DATA=${ARMSFLOW_DATA:-../shared/data/sipri}
TIV="$DATA/tiv-2022-04"
[ -d "$TIV" ] || { echo "peers.sh: SIPRI's TIV tables are not at $TIV (set ARMSFLOW_DATA to the folder holding tiv-2022-04)" >&2; exit 1; }
TIV=$(cd "$TIV" && pwd)
PY=/usr/bin/python3 # Debian's python3 with python3-pandas; not the one on PATH

say() { echo "peers.sh: $*" >&2; }
die() { echo "peers.sh: FAIL: $*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
		die "need root to run: $*"
	fi
}
apt_install() {
	say "installing $* (apt-get install -y $*)"
	as_root apt-get install -y -q "$@" >/dev/null 2>&1 ||
		{ as_root apt-get update -q >/dev/null && as_root apt-get install -y -q "$@" >/dev/null; } ||
		die "apt-get install -y $* failed"
}

# ---- what the peers need ----
if ! { [ -x $PY ] && $PY -c 'import pandas' 2>/dev/null; }; then
	say "Debian's python3-pandas is missing"
	apt_install python3-pandas
	$PY -c 'import pandas' || die "$PY still cannot import pandas"
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	say "node/npm are missing"
	apt_install nodejs npm
fi
if [ ! -d bench/node_modules/@duckdb/node-api ]; then
	say "bench/node_modules is missing: running npm ci --prefix bench"
	if ! npm ci --prefix bench --no-audit --no-fund >&2; then
		# npm ci refuses a lockfile whose optional platform packages the
		# registry lacks; package.json pins exact versions, so install from it.
		say "npm ci failed: npm install --prefix bench --no-package-lock (versions pinned in package.json)"
		npm install --prefix bench --no-package-lock --no-save --no-audit --no-fund >&2 ||
			die "could not install bench's npm packages"
	fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- armsflow, if it builds ----
ARMSFLOW=""
if [ -n "${ARMSFLOW_BIN:-}" ]; then
	[ -x "$ARMSFLOW_BIN" ] || die "ARMSFLOW_BIN=$ARMSFLOW_BIN is not an executable"
	ARMSFLOW=$(cd "$(dirname "$ARMSFLOW_BIN")" && pwd)/$(basename "$ARMSFLOW_BIN")
	say "armsflow: using ARMSFLOW_BIN=$ARMSFLOW (not building)"
elif ! command -v go >/dev/null; then
	say "armsflow: SKIPPED: no go toolchain on PATH"
elif say "building armsflow (CGO_ENABLED=0 go build ./cmd/armsflow, as the releases are)" && CGO_ENABLED=0 go build -o "$work/armsflow" ./cmd/armsflow 2>"$work/build.log"; then
	ARMSFLOW="$work/armsflow"
else
	say "armsflow: SKIPPED: go build ./cmd/armsflow failed:"
	head -n 8 "$work/build.log" | sed 's/^/    /' >&2
fi

# ---- the answers every implementation must print ----
PERIODS="2002-2006 2007-2011 2012-2016 2017-2021"
cat >"$work/expected.txt" <<'EOF'
flows Russia -> Viet Nam 2002-2021: 54,2,294,164,16,2,164,53,149,974,760,313,1056,735,702,465,333,137,9,72
rank suppliers 2002-2006: Russia rank=2 tiv=27410 share_pct=26.2
rank suppliers 2007-2011: Russia rank=2 tiv=31606 share_pct=24.1
rank suppliers 2012-2016: Russia rank=2 tiv=34389 share_pct=24.1
rank suppliers 2017-2021: Russia rank=2 tiv=25300 share_pct=18.6
recipients of Russia 2002-2006: Viet Nam rank=7 tiv=530 share_pct=1.9 of total=27410
recipients of Russia 2007-2011: Viet Nam rank=5 tiv=1342 share_pct=4.2 of total=31606
recipients of Russia 2012-2016: Viet Nam rank=2 tiv=3566 share_pct=10.4 of total=34389
recipients of Russia 2017-2021: Viet Nam rank=5 tiv=1016 share_pct=4.0 of total=25300
recipients of Russia in South East Asia 2002-2021: Viet Nam rank=1 tiv=6454 share_pct=60.4 of total=10681
rank recipients 2002-2006: Viet Nam rank=37 tiv=637 share_pct=0.6
rank recipients 2007-2011: Viet Nam rank=30 tiv=1410 share_pct=1.1
rank recipients 2012-2016: Viet Nam rank=11 tiv=4120 share_pct=2.9
rank recipients 2017-2021: Viet Nam rank=20 tiv=1824 share_pct=1.3
suppliers of Viet Nam 2002-2006: Russia rank=1 tiv=530 share_pct=83.2 of total=637
suppliers of Viet Nam 2007-2011: Russia rank=1 tiv=1342 share_pct=95.2 of total=1410
suppliers of Viet Nam 2012-2016: Russia rank=1 tiv=3566 share_pct=86.6 of total=4120
suppliers of Viet Nam 2017-2021: Russia rank=1 tiv=1016 share_pct=55.7 of total=1824
EOF

# Each run_X DIR does the whole task once, leaving its answers in DIR (stdout
# in DIR/stdout, stderr in DIR/stderr); answers_X DIR prints them in the form
# of expected.txt. Only run_X is timed.
run_armsflow() { run_with "$ARMSFLOW" "$1"; }
run_baseline() { run_with "$BASELINE" "$1"; }
answers_baseline() { answers_armsflow "$@"; }
run_with() {
	local bin=$1 d=$2 lib="$2/lib.db" p
	"$bin" --db "$lib" import "$TIV" >"$d/import.out" 2>>"$d/stderr" || return
	"$bin" --db "$lib" flows --supplier Russia --recipient "Viet Nam" --years 2002-2021 \
		--by year --format json >"$d/flows.json" 2>>"$d/stderr" || return
	for p in $PERIODS; do
		"$bin" --db "$lib" rank suppliers --years "$p" --format json >"$d/rank-$p.json" 2>>"$d/stderr" || return
	done
	for p in $PERIODS; do
		"$bin" --db "$lib" rank recipients --supplier Russia --years "$p" --limit 0 --format json \
			>"$d/exports-$p.json" 2>>"$d/stderr" || return
	done
	"$bin" --db "$lib" rank recipients --supplier Russia --region "South East Asia" --years 2002-2021 --limit 0 \
		--format json >"$d/region.json" 2>>"$d/stderr" || return
	for p in $PERIODS; do
		"$bin" --db "$lib" rank recipients --years "$p" --limit 0 --format json >"$d/imports-$p.json" 2>>"$d/stderr" || return
	done
	for p in $PERIODS; do
		"$bin" --db "$lib" rank suppliers --recipient "Viet Nam" --years "$p" --limit 0 --format json \
			>"$d/suppliers-$p.json" 2>>"$d/stderr" || return
	done
}
answers_armsflow() {
	$PY - "$1" $PERIODS <<'EOF'
import json, sys
d, periods = sys.argv[1], sys.argv[2:]
flows = json.load(open(f"{d}/flows.json"))
by_year = {r["year"]: r["tiv"] for r in flows["rows"]}
print("flows Russia -> Viet Nam 2002-2021: "
      + ",".join(str(round(by_year.get(y, 0))) for y in range(2002, 2022)))
for p in periods:
    rank = json.load(open(f"{d}/rank-{p}.json"))
    r = next((r for r in rank["rows"] if r["name"] == "Russia"), None)
    if r is None:
        print(f"rank suppliers {p}: Russia missing from the ranking")
        continue
    print(f"rank suppliers {p}: Russia rank={r['rank']} tiv={round(r['tiv'])} "
          f"share_pct={r['share_pct']:.1f}")
def row(file, name, label, total=True):
    res = json.load(open(f"{d}/{file}"))
    r = next((r for r in res["rows"] if r["name"] == name), None)
    if r is None:
        print(f"{label}: {name} missing")
        return
    line = f"{label}: {name} rank={r['rank']} tiv={round(r['tiv'])} share_pct={r['share_pct']:.1f}"
    print(line + (f" of total={round(res['total_tiv'])}" if total else ""))
for p in periods:
    row(f"exports-{p}.json", "Viet Nam", f"recipients of Russia {p}")
row("region.json", "Viet Nam", "recipients of Russia in South East Asia 2002-2021")
for p in periods:
    row(f"imports-{p}.json", "Viet Nam", f"rank recipients {p}", total=False)
for p in periods:
    row(f"suppliers-{p}.json", "Russia", f"suppliers of Viet Nam {p}")
EOF
}
run_pandas() { $PY bench/peer_pandas.py "$TIV" >"$1/stdout" 2>"$1/stderr"; }
answers_pandas() { cat "$1/stdout"; }
run_duckdb() { node bench/peer_duckdb.mjs "$TIV" >"$1/stdout" 2>"$1/stderr"; }
answers_duckdb() { cat "$1/stdout"; }

IMPLS="pandas duckdb"
BASELINE=""
if [ -n "${ARMSFLOW_BASELINE:-}" ]; then
	[ -x "$ARMSFLOW_BASELINE" ] || die "ARMSFLOW_BASELINE=$ARMSFLOW_BASELINE is not an executable"
	BASELINE=$(cd "$(dirname "$ARMSFLOW_BASELINE")" && pwd)/$(basename "$ARMSFLOW_BASELINE")
	IMPLS="baseline $IMPLS"
fi
[ -n "$ARMSFLOW" ] && IMPLS="armsflow $IMPLS"

now_ns() { local t=$EPOCHREALTIME; echo "${t/[.,]/}000"; } # bash 5: microseconds

# run_once IMPL LABEL: one run, checked; prints its wall time in ms.
run_once() {
	local impl=$1 label=$2 d="$work/$1-$2" t0 t1 rc=0
	mkdir -p "$d"
	: >"$d/stderr"
	t0=$(now_ns)
	"run_$impl" "$d" || rc=$?
	t1=$(now_ns)
	if [ $rc -ne 0 ]; then
		say "$impl ($label) exited with status $rc; its stderr:"
		sed 's/^/    /' "$d/stderr" >&2
		die "$impl ($label) failed"
	fi
	if ! "answers_$impl" "$d" >"$d/answers.txt" 2>"$d/answers.err" ||
		! cmp -s "$d/answers.txt" "$work/expected.txt"; then
		say "$impl ($label) gave wrong answers (diff expected actual):"
		diff "$work/expected.txt" "$d/answers.txt" | sed 's/^/    /' >&2 || true
		sed 's/^/    /' "$d/answers.err" "$d/stderr" >&2
		die "$impl ($label): results differ from SIPRI's known figures"
	fi
	rm -rf "$d"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}

# ---- versions, for the record ----
pandas_v=$($PY -c 'import pandas, platform; print(f"pandas {pandas.__version__}, Python {platform.python_version()}")')
duckdb_v=$(node -e 'const p=require("./bench/node_modules/@duckdb/node-api/package.json"); console.log(`@duckdb/node-api ${p.version}, node ${process.version}`)')
armsflow_v="skipped (go build ./cmd/armsflow failed)"
[ -n "$ARMSFLOW" ] && armsflow_v="ARMSFLOW_BIN=$ARMSFLOW"
[ -n "$ARMSFLOW" ] && [ -z "${ARMSFLOW_BIN:-}" ] && armsflow_v="$(go version | awk '{print $3}'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+changes')"
[ -n "$BASELINE" ] && armsflow_v="$armsflow_v; baseline: ARMSFLOW_BASELINE=$BASELINE"

mkdir -p "$(dirname "$OUT")"
{
	echo "# armsflow end-to-end peer benchmark (bench/peers.sh), $(date -Iseconds)"
	echo "# data: $TIV (SIPRI Arms Transfers Database, TIV tables generated 22 April 2022)"
	echo "# task: load 260 recipient tables, then the founding study's 18 questions (see the script's header)"
	echo "# machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "# armsflow: $armsflow_v"
	echo "# pandas:   $pandas_v"
	echo "# duckdb:   $duckdb_v"
	echo "# repetitions: $REPS each, after one untimed warm-up run each; runs interleaved"
	echo "# implementation repetition wall_ms"
} >"$OUT"

# ---- warm-up (untimed, checked), then interleaved timed repetitions ----
for impl in $IMPLS; do
	say "warm-up and check: $impl"
	run_once "$impl" warmup >/dev/null
done
for ((i = 1; i <= REPS; i++)); do
	for impl in $IMPLS; do
		ms=$(run_once "$impl" "$i")
		echo "$impl $i $ms" >>"$OUT"
		say "run $i/$REPS $impl: $ms ms"
	done
done

# ---- summary ----
stats() { # IMPL -> "median min max"
	awk -v impl="$1" '$1 == impl { print $3 }' "$OUT" | sort -g | awk '
		{ v[NR] = $1 }
		END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}
label() {
	case $1 in
	armsflow) echo "armsflow (19 processes)" ;;
	baseline) echo "baseline (19 processes)" ;;
	pandas) echo "pandas (python3)" ;;
	duckdb) echo "DuckDB (node)" ;;
	esac
}
summary=$(
	printf "%-24s %5s %11s %11s %11s\n" implementation runs "median ms" "min ms" "max ms"
	for impl in $IMPLS; do
		read -r med min max < <(stats "$impl")
		printf "%-24s %5d %11.1f %11.1f %11.1f\n" "$(label "$impl")" "$REPS" "$med" "$min" "$max"
	done
	echo
	if [ -n "$ARMSFLOW" ]; then
		for af in armsflow ${BASELINE:+baseline}; do
			read -r a _ < <(stats "$af")
			for peer in pandas duckdb ${BASELINE:+$([ "$af" = armsflow ] && echo baseline)}; do
				read -r m _ < <(stats "$peer")
				awk -v a="$a" -v m="$m" -v af="$af" -v p="$(label "$peer" | cut -d' ' -f1)" 'BEGIN {
					r = m / a
					printf "%-8s vs %-9s median %s / %s ms = %.2f: %s %.1fx %s\n", af, p ":", m, a, r, af,
						(r >= 1 ? r : 1 / r), (r >= 1 ? "faster" : "slower") }'
			done
		done
	else
		echo "armsflow: skipped (go build ./cmd/armsflow failed), no ratios"
	fi
	echo "all answers checked against SIPRI's figures ($((REPS + 1)) runs each)"
)
echo "$summary"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
sed 's/^/# /' <<<"$summary" >>"$OUT"
say "raw timings: $OUT"
