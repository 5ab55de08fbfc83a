#!/usr/bin/env bash
# Benchmark (not a test) of a full-size register with SIPRI's export option:
# the import into a fresh library, and a cold query on it beside the same
# query on the 2022 TIV tables. The register is built in a temporary folder
# from SIPRI's sample (deliveries in 2000-2001), its rows repeated over
# 1950-2025 with years shifted and IDs made unique: about 54,000 rows and
# 41,000 deals, the size of SIPRI's whole database. Nothing is written to the
# repository.
#
#   bench/yearly.sh            # 11 runs of each, medians
#   bench/yearly.sh -n 21
#   ARMSFLOW_BASE=/tmp/armsflow-main bench/yearly.sh   # and the cold queries of
#       another build (e.g. main's), interleaved with this one's, each on
#       libraries it imported itself
set -euo pipefail
cd "$(dirname "$0")/.."
n=11
[ "${1:-}" = "-n" ] && n=$2
data=${ARMSFLOW_DATA:-../shared/data/sipri}
[ -f "$data/register-flat-2025-02-sample.csv" ] || { echo "yearly.sh: $data/register-flat-2025-02-sample.csv not found (set ARMSFLOW_DATA)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/armsflow" ./cmd/armsflow
python3 - "$data/register-flat-2025-02-sample.csv" "$tmp/register-full.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="ascii").read().rstrip("\n").split("\n")
h = next(i for i, l in enumerate(lines) if l.startswith("SIPRI AT Database ID"))
out = [lines[0].replace("'2000' to '2001'", "'1950' to '2025'")] + lines[1:h + 1]
for k in range(38):  # 1950-1951, ..., 2024-2025
    by = 1950 + 2 * k - 2000
    for l in lines[h + 1:]:
        f = l.split(",")
        f[0] = str(int(f[0]) + 1_000_000 * (k + 1))
        for i in (6, 10):
            if f[i].isdigit():
                f[i] = str(int(f[i]) + by)
        out.append(",".join(f))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
echo "register: $(($(wc -l < "$tmp/register-full.csv") - 12)) rows, $(du -k "$tmp/register-full.csv" | cut -f1) KB"; echo
ms() { local a b; a=$(date +%s%N); "$@" >/dev/null 2>&1; b=$(date +%s%N); echo $(((b - a) / 1000)); }
median() { sort -n | awk '{v[NR]=$1} END {m=v[int((NR+1)/2)]; printf "%.1f ms", m/1000}'; }
AF="$tmp/armsflow"
BASE=${ARMSFLOW_BASE:-}
libs() { # $1: binary, $2: prefix of its libraries
	"$1" --db "$tmp/$2tiv.db" import "$data/tiv-2022-04" >/dev/null 2>&1
	"$1" --db "$tmp/$2reg.db" import "$tmp/register-full.csv" >/dev/null 2>&1
	"$1" --db "$tmp/$2classic.db" import "$data/register-2025-10.csv" >/dev/null 2>&1
}
libs "$AF" ""
[ -n "$BASE" ] && libs "$BASE" base-
name() { "$AF" --db "$1" datasets --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print((d.get("datasets") or d.get("rows"))[0]["name"])'; }
ds=$(name "$tmp/reg.db"); cds=$(name "$tmp/classic.db")
imp=() ; tivimp=() ; qreg=() ; qtiv=() ; qcls=() ; breg=() ; btiv=() ; bcls=()
rank() { ms "$1" --db "$2" rank suppliers --years 2017-2021 ${3:+--dataset "$3"}; }
for i in $(seq "$n"); do   # interleaved, so that the machine's load falls on all alike
	rm -f "$tmp/i.db"*; imp+=("$(ms "$AF" --db "$tmp/i.db" import "$tmp/register-full.csv")")
	rm -f "$tmp/t.db"*; tivimp+=("$(ms "$AF" --db "$tmp/t.db" import "$data/tiv-2022-04")")
	qreg+=("$(rank "$AF" "$tmp/reg.db" "$ds")")
	qtiv+=("$(rank "$AF" "$tmp/tiv.db")")
	qcls+=("$(rank "$AF" "$tmp/classic.db" "$cds")")
	if [ -n "$BASE" ]; then
		breg+=("$(rank "$BASE" "$tmp/base-reg.db" "$ds")")
		btiv+=("$(rank "$BASE" "$tmp/base-tiv.db")")
		bcls+=("$(rank "$BASE" "$tmp/base-classic.db" "$cds")")
	fi
done
echo "import, export-option register (full size): $(printf '%s\n' "${imp[@]}" | median)"
echo "import, 2022 TIV tables (261 files):         $(printf '%s\n' "${tivimp[@]}" | median)"
echo "cold rank suppliers 2017-2021, register:     $(printf '%s\n' "${qreg[@]}" | median)"
echo "cold rank suppliers 2017-2021, TIV tables:   $(printf '%s\n' "${qtiv[@]}" | median)"
echo "cold rank suppliers 2017-2021, classic register (2025-10, estimated): $(printf '%s\n' "${qcls[@]}" | median)"
if [ -n "$BASE" ]; then
	echo "$BASE, cold rank, register:   $(printf '%s\n' "${breg[@]}" | median)"
	echo "$BASE, cold rank, TIV tables: $(printf '%s\n' "${btiv[@]}" | median)"
	echo "$BASE, cold rank, classic register: $(printf '%s\n' "${bcls[@]}" | median)"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
