package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/internal/duckdbtest"
	"github.com/armsflow/armsflow/sqlite"
)

type supplierYear struct {
	supplier string
	year     int
}

// TestPanelTIV2022 is the panel's acceptance on SIPRI's 2022 TIV tables:
// every pair that traded has a row for every year 1950-2021, zeros
// explicit; totals per supplier and year equal rank's; and DuckDB reads
// the Parquet file back with the CSV's rows, totals, codes and nulls.
func TestPanelTIV2022(t *testing.T) {
	db := realDB(t)
	dir := t.TempDir()
	pq, cs := filepath.Join(dir, "panel.parquet"), filepath.Join(dir, "panel.csv")
	for _, out := range []string{pq, cs} {
		code, stdout, stderr := runCLI(t, context.Background(), "", "--db", db, "panel", "--dataset", "tiv-2022-04-22", "--years", "1950-2021", "--out", out)
		if code != 0 {
			t.Fatalf("panel --out %s: exit %d: %s", out, code, stderr)
		}
		if !strings.Contains(stdout, "rows") || !strings.Contains(stdout, "have no Correlates of War code") {
			t.Errorf("panel's summary: %q", stdout)
		}
	}
	f, err := os.Open(cs)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	rows := recs[1:]
	years := map[[2]string]map[int]bool{}
	sums := map[supplierYear]float64{}
	var total float64
	cowCoded := 0
	for _, r := range rows {
		supplier, recipient := r[col["supplier"]], r[col["recipient"]]
		year, _ := strconv.Atoi(r[col["year"]])
		tiv, err := strconv.ParseFloat(r[col["tiv"]], 64)
		if err != nil {
			t.Fatalf("%s -> %s %d: tiv %q", supplier, recipient, year, r[col["tiv"]])
		}
		k := [2]string{supplier, recipient}
		if years[k] == nil {
			years[k] = map[int]bool{}
		}
		if years[k][year] {
			t.Fatalf("%s -> %s %d: two rows", supplier, recipient, year)
		}
		years[k][year] = true
		if r[col["delivered"]] != "true" && tiv != 0 {
			t.Fatalf("%s -> %s %d: TIV %v without deliveries", supplier, recipient, year, tiv)
		}
		sums[supplierYear{supplier, year}] += tiv
		total += tiv
		if r[col["dataset"]] != "tiv-2022-04-22" || r[col["generated"]] != "2022-04-22" || r[col["tiv_estimated"]] != "false" {
			t.Fatalf("row's dataset: %v", r)
		}
		if r[col["supplier_cow"]] != "" {
			cowCoded++
		}
		// Codes that merge: Russia's and the Soviet Union's COW number is
		// 365 in their own years only.
		if supplier == "Soviet Union" && year == 1980 && (r[col["supplier_cow"]] != "365" || r[col["supplier_cow_member"]] != "true") {
			t.Fatalf("Soviet Union 1980: %v", r)
		}
		if supplier == "Russia" && year == 1980 && r[col["supplier_cow"]] != "" {
			t.Fatalf("Russia 1980 has COW code %s", r[col["supplier_cow"]])
		}
	}
	for k, ys := range years {
		if len(ys) != 72 {
			t.Errorf("%s -> %s: %d years, want every year 1950-2021", k[0], k[1], len(ys))
		}
	}
	if len(rows) != 72*len(years) {
		t.Errorf("%d rows for %d pairs", len(rows), len(years))
	}

	// Totals per supplier and year equal rank's.
	sdb, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	e, err := engine.New(context.Background(), sdb)
	if err != nil {
		t.Fatal(err)
	}
	ranked := 0
	for y := 1950; y <= 2021; y++ {
		res, err := e.Rank(context.Background(), engine.RankQuery{Side: "suppliers", Years: engine.Years{From: y, To: y}, Dataset: "tiv-2022-04-22"})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range res.Rows {
			if got := sums[supplierYear{row.Name, y}]; math.Abs(got-row.TIV) > 1e-9 {
				t.Errorf("%s %d: panel %v, rank %v", row.Name, y, got, row.TIV)
			}
			ranked++
		}
	}
	if ranked == 0 {
		t.Fatal("rank gave no rows")
	}

	// DuckDB reads the Parquet file back with the same rows, totals per
	// supplier and year, and codes: a missing code is NULL, not 0.
	q := "read_parquet(" + duckdbtest.SQLString(pq) + ")"
	out := duckdbtest.Query(t,
		"SELECT supplier, year, sum(tiv) AS tiv FROM "+q+" GROUP BY ALL",
		"SELECT count(*) AS n, count(supplier_cow) AS cow, count(*) FILTER (supplier_cow = 0) AS zeros, sum(tiv) AS tiv, "+
			"count(*) FILTER (supplier = 'Soviet Union' AND year = 1980 AND (supplier_cow IS DISTINCT FROM 365 OR NOT supplier_cow_member)) AS su_uncoded, "+
			"count(*) FILTER (supplier = 'Russia' AND year = 1980 AND supplier_cow IS NOT NULL) AS ru_coded FROM "+q)
	if len(out[0]) != len(sums) {
		t.Errorf("DuckDB: %d supplier-years, armsflow %d", len(out[0]), len(sums))
	}
	for _, r := range out[0] {
		y, _ := strconv.Atoi(fmt.Sprint(r["year"]))
		v, _ := strconv.ParseFloat(fmt.Sprint(r["tiv"]), 64)
		k := supplierYear{fmt.Sprint(r["supplier"]), y}
		if math.Abs(sums[k]-v) > 1e-6 {
			t.Errorf("DuckDB: %s %d: %v, CSV %v", k.supplier, k.year, v, sums[k])
		}
	}
	m := out[1][0]
	n, _ := strconv.Atoi(fmt.Sprint(m["n"]))
	cow, _ := strconv.Atoi(fmt.Sprint(m["cow"]))
	dtotal, _ := strconv.ParseFloat(fmt.Sprint(m["tiv"]), 64)
	if n != len(rows) || cow != cowCoded || fmt.Sprint(m["zeros"]) != "0" || math.Abs(dtotal-total) > 1e-6 || fmt.Sprint(m["su_uncoded"]) != "0" || fmt.Sprint(m["ru_coded"]) != "0" {
		t.Errorf("DuckDB: %v; the CSV has %d rows, %d with a COW code, total %v", m, len(rows), cowCoded, total)
	}
	t.Logf("DuckDB read %d rows back with the CSV's totals per supplier and year (%d supplier-years)", n, len(out[0]))
}

// TestImportQuietRounding: SIPRI's rounding differences are one summary
// line unless --all-warnings lists them.
func TestImportQuietRounding(t *testing.T) {
	file := filepath.Join(sharedSIPRI(t), "tiv-2022-04", "ALG.csv")
	for _, all := range []bool{false, true} {
		args := []string{"--db", filepath.Join(t.TempDir(), "lib.db"), "import", file}
		if all {
			args = append(args, "--all-warnings")
		}
		code, stdout, stderr := runCLI(t, context.Background(), "", args...)
		if code != 0 {
			t.Fatalf("import: exit %d: %s", code, stderr)
		}
		n := strings.Count(stderr, "warning: ")
		if !strings.Contains(stdout, "rounding differences") || !strings.Contains(stdout, "--all-warnings") {
			t.Errorf("import's summary: %q", stdout)
		}
		if all && (n == 0 || !strings.Contains(stderr, "Total says")) {
			t.Errorf("--all-warnings: %q", stderr)
		}
		if !all && n != 0 {
			t.Errorf("rounding warnings printed without --all-warnings: %q", stderr)
		}
	}
}

func TestCodeFlag(t *testing.T) {
	db := realDB(t)
	v := jsonOf(t, "--db", db, "rank", "suppliers", "--years", "1980-1984", "--limit", "2", "--code", "cow", "--dataset", "tiv-2022-04-22")
	rows := v["rows"].([]any)
	if first := rows[0].(map[string]any); first["name"] != "Soviet Union" || first["code"] != "365" {
		t.Errorf("rank --code cow: first row %v", first)
	}
	v = jsonOf(t, "--db", db, "flows", "--supplier", "Russia", "--recipient", "Viet Nam", "--years", "2017-2021", "--code", "m49", "--dataset", "tiv-2022-04-22")
	if s := v["supplier"].(map[string]any); s["code"] != "643" {
		t.Errorf("flows --code m49: supplier %v", s)
	}
	if code, _, _ := runCLI(t, context.Background(), "", "--db", db, "rank", "suppliers", "--code", "iso2"); code != 2 {
		t.Errorf("--code iso2: exit %d, want 2", code)
	}
	// Every party of the 2022 TIV tables and of both registers is in the
	// crosswalk, and every state with a COW code has it: the states
	// without one are the list docs/interop.md gives.
	documented := map[string]bool{"Aruba": true, "Biafra": true, "Katanga": true, "Libya GNC": true, "Northern Cyprus": true,
		"Palestine": true, "Western Sahara": true, "Yemen Arab Republic": true, "Yemen Arab Republic (North Yemen)": true}
	for _, ds := range []string{"tiv-2022-04-22", "register-2025-03-13", "register-2025-10-23"} {
		code, out, stderr := runCLI(t, context.Background(), "", "--db", db, "codes", "--missing", "--dataset", ds, "--format", "csv")
		if code != 0 || !strings.Contains(out, "Hezbollah (Lebanon)*") || strings.Contains(out, "Soviet Union") {
			t.Errorf("codes --missing --dataset %s: exit %d: %s %s", ds, code, out, stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs[1:] {
			if len(r) < 8 {
				continue // the notes under the table
			}
			if strings.Contains(r[7], "not in armsflow's crosswalk") {
				t.Errorf("%s: %s is not in names/codes.csv", ds, r[0])
			}
			if r[1] == "state" && !documented[r[0]] {
				t.Errorf("%s: state %s has no COW code and is not in docs/interop.md's list", ds, r[0])
			}
		}
	}
}

func TestDealsOut(t *testing.T) {
	db := realDB(t)
	out := filepath.Join(t.TempDir(), "deals.parquet")
	code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "deals", "--dataset", "register-2025-10-23", "--out", out)
	if code != 0 {
		t.Fatalf("deals --out: exit %d: %s", code, stderr)
	}
	if code, _, _ := runCLI(t, context.Background(), "", "--db", db, "deals", "--out", out); code != 1 {
		t.Errorf("deals --out over an existing file without --force: exit %d, want 1", code)
	}
	v := jsonOf(t, "--db", db, "deals", "--dataset", "register-2025-10-23")
	n := duckdbtest.Query(t, "SELECT count(*) AS n FROM read_parquet("+duckdbtest.SQLString(out)+")")[0][0]["n"]
	if fmt.Sprint(n) != fmt.Sprint(v["count"]) {
		t.Errorf("%v deals in the file, deals says %v", n, v["count"])
	}
}
