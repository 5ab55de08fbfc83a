"""pandas peer for bench/peers.sh: the program an analyst would write.

Loads every SIPRI TIV table of a directory (one CSV per recipient, CP1252,
10 preamble lines, a header of years plus "Total", one row per supplier, an
empty separator row with one field too many, then a "Total" row) into one
long frame (recipient, supplier, year, tiv), then answers:

the founding study's 18 questions (docs/benchmarks.md):

  - yearly TIV Russia -> Viet Nam, 2002-2021;
  - Russia's rank, TIV and share among world exporters in each of
    2002-2006, 2007-2011, 2012-2016, 2017-2021 (world total = all supplier
    rows of all recipient tables; ALL.csv, the world table whose rows are
    recipients, is skipped);
  - per period, Viet Nam's rank, TIV and share among Russia's recipients;
  - Viet Nam's among Russia's recipients in South East Asia, 2002-2021;
  - per period, Viet Nam's rank, TIV and share among world importers;
  - per period, Russia's among Viet Nam's suppliers.

Prints the same lines as the DuckDB peer and the armsflow adapter in
bench/peers.sh, which checks them.

    /usr/bin/python3 bench/peer_pandas.py ../shared/data/sipri/tiv-2022-04

Source of the data: SIPRI Arms Transfers Database.
"""

import csv
import glob
import os
import re
import sys

import pandas as pd

SUPPLIER, RECIPIENT = "Russia", "Viet Nam"
FLOW_YEARS = (2002, 2021)
PERIODS = [(2002, 2006), (2007, 2011), (2012, 2016), (2017, 2021)]
# SIPRI's South East Asia: states only.
SOUTH_EAST_ASIA = {"Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines",
                   "Singapore", "Thailand", "Timor-Leste", "Viet Nam"}
TITLE = re.compile(r"^TIV of arms exports to (.*), \d{4}-\d{4}$")


def load(directory):
    """(1) Every recipient table of directory as one long frame."""
    frames = []
    for path in sorted(glob.glob(os.path.join(directory, "*.csv"))):
        if os.path.basename(path) == "ALL.csv":  # world table: rows are recipients
            continue
        with open(path, encoding="cp1252", newline="") as f:
            title = next(csv.reader(f))[0]
        m = TITLE.match(title)
        if not m:
            sys.exit(f"{path}:1: not a SIPRI TIV table: {title!r}")
        # The separator row before "Total" has one field too many: skip it.
        df = pd.read_csv(path, encoding="cp1252", skiprows=10, on_bad_lines="skip")
        df = df.rename(columns={df.columns[0]: "supplier"})
        df = df[df["supplier"].notna() & (df["supplier"] != "Total")]
        df = df.drop(columns="Total")
        long = df.melt(id_vars="supplier", var_name="year", value_name="tiv")
        long = long.dropna(subset=["tiv"])
        long["recipient"] = m.group(1)
        frames.append(long)
    data = pd.concat(frames, ignore_index=True)
    data["year"] = data["year"].astype(int)
    return data


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/sipri/tiv-2022-04"
    data = load(directory)

    # (2) yearly TIV supplier -> recipient
    a, b = FLOW_YEARS
    pair = data[(data["supplier"] == SUPPLIER) & (data["recipient"] == RECIPIENT)
                & data["year"].between(a, b)]
    yearly = pair.groupby("year")["tiv"].sum().reindex(range(a, b + 1), fill_value=0)
    print(f"flows {SUPPLIER} -> {RECIPIENT} {a}-{b}: "
          + ",".join(str(int(v)) for v in yearly.values))

    # suppliers ranked among world exporters, per period
    for a, b in PERIODS:
        r, tiv, share, _ = ranked(data, a, b, "supplier", SUPPLIER)
        print(f"rank suppliers {a}-{b}: {SUPPLIER} rank={r} tiv={tiv} share_pct={share:.1f}")
    # the supplier's recipients, per period
    exports = data[data["supplier"] == SUPPLIER]
    for a, b in PERIODS:
        r, tiv, share, total = ranked(exports, a, b, "recipient", RECIPIENT)
        print(f"recipients of {SUPPLIER} {a}-{b}: {RECIPIENT} rank={r} tiv={tiv} share_pct={share:.1f} of total={total}")
    # the supplier's recipients in one region, over 20 years
    a, b = FLOW_YEARS
    r, tiv, share, total = ranked(exports[exports["recipient"].isin(SOUTH_EAST_ASIA)], a, b, "recipient", RECIPIENT)
    print(f"recipients of {SUPPLIER} in South East Asia {a}-{b}: {RECIPIENT} rank={r} tiv={tiv} share_pct={share:.1f} of total={total}")
    # recipients ranked among world importers, per period
    for a, b in PERIODS:
        r, tiv, share, _ = ranked(data, a, b, "recipient", RECIPIENT)
        print(f"rank recipients {a}-{b}: {RECIPIENT} rank={r} tiv={tiv} share_pct={share:.1f}")
    # the recipient's suppliers, per period
    imports = data[data["recipient"] == RECIPIENT]
    for a, b in PERIODS:
        r, tiv, share, total = ranked(imports, a, b, "supplier", SUPPLIER)
        print(f"suppliers of {RECIPIENT} {a}-{b}: {SUPPLIER} rank={r} tiv={tiv} share_pct={share:.1f} of total={total}")


def ranked(frame, a, b, by, name):
    """name's rank, TIV and share (%) among frame's parties by in years a-b, and their total."""
    period = frame[frame["year"].between(a, b)]
    sums = period.groupby(by)["tiv"].sum()
    sums = sums[sums > 0].sort_values(ascending=False)
    ranks = sums.rank(method="min", ascending=False)
    total = sums.sum()
    return int(ranks[name]), int(sums[name]), 100 * sums[name] / total, int(total)

if __name__ == "__main__":
    main()
