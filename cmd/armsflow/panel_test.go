package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/panel"
	"github.com/armsflow/armsflow/sqlite"
)

type supplierYear struct {
	supplier string
	year     int
}

// TestPanelTIV2022 is the panel's acceptance on SIPRI's 2022 TIV tables:
// every pair that traded has a row for every year 1950-2021, zeros
// explicit; totals per supplier and year equal rank's; the CSV holds the
// same rows; and DuckDB (or pyarrow) reads the Parquet back with the same
// totals.
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
	rows, err := parquet.ReadFile[panel.Row](pq)
	if err != nil {
		t.Fatal(err)
	}
	years := map[[2]string]map[int]bool{}
	sums := map[supplierYear]float64{}
	var total float64
	for _, r := range rows {
		k := [2]string{r.Supplier, r.Recipient}
		if years[k] == nil {
			years[k] = map[int]bool{}
		}
		if years[k][int(r.Year)] {
			t.Fatalf("%s -> %s %d: two rows", r.Supplier, r.Recipient, r.Year)
		}
		years[k][int(r.Year)] = true
		if !r.Delivered && r.TIV != 0 {
			t.Fatalf("%s -> %s %d: TIV %v without deliveries", r.Supplier, r.Recipient, r.Year, r.TIV)
		}
		sums[supplierYear{r.Supplier, int(r.Year)}] += r.TIV
		total += r.TIV
		if r.Dataset != "tiv-2022-04-22" || r.Generated == nil || r.Estimated {
			t.Fatalf("row's dataset: %+v", r)
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
	// Codes that merge: Russia's and the Soviet Union's COW number is 365
	// in their own years only.
	for _, r := range rows {
		if r.Supplier == "Soviet Union" && r.Year == 1980 && (r.SupplierCOW == nil || *r.SupplierCOW != 365 || !r.SupplierCOWMember) {
			t.Fatalf("Soviet Union 1980: %+v", r)
		}
		if r.Supplier == "Russia" && r.Year == 1980 && r.SupplierCOW != nil {
			t.Fatalf("Russia 1980 has COW code %d", *r.SupplierCOW)
		}
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

	// The CSV has the same rows and total.
	f, err := os.Open(cs)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var csvTotal float64
	for _, rec := range recs[1:] {
		v, _ := strconv.ParseFloat(rec[21], 64)
		csvTotal += v
	}
	if len(recs)-1 != len(rows) || math.Abs(csvTotal-total) > 1e-6 {
		t.Errorf("CSV: %d rows, total %v; Parquet %d rows, total %v", len(recs)-1, csvTotal, len(rows), total)
	}

	// An outside reader agrees.
	got, reader := readBackTotals(t, pq)
	if got == nil {
		return
	}
	if len(got) != len(sums) {
		t.Errorf("%s: %d supplier-years, armsflow %d", reader, len(got), len(sums))
	}
	for k, v := range sums {
		if math.Abs(got[k]-v) > 1e-6 {
			t.Errorf("%s: %s %d: %v, armsflow %v", reader, k.supplier, k.year, got[k], v)
		}
	}
	t.Logf("%s read %d rows back with the same totals per supplier and year (%d supplier-years)", reader, len(rows), len(got))
}

// readBackTotals sums the Parquet file's TIV per supplier and year with
// DuckDB (bench's npm package, as the benchmarks use it) or else with
// Python's pyarrow; nil, with the test skipped, when neither is installed.
func readBackTotals(t *testing.T, file string) (map[supplierYear]float64, string) {
	t.Helper()
	bench, _ := filepath.Abs("../../bench")
	var out []byte
	var err error
	reader := ""
	if node, lerr := exec.LookPath("node"); lerr == nil && dirExists(filepath.Join(bench, "node_modules", "@duckdb", "node-api")) {
		reader = "DuckDB"
		script := fmt.Sprintf(`import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const r = await con.runAndReadAll("SELECT supplier, year, sum(tiv) AS tiv FROM read_parquet(%s) GROUP BY ALL");
console.log(JSON.stringify(r.getRowObjectsJson()));`, sqlString(file))
		cmd := exec.Command(node, "--input-type=module", "-e", script)
		cmd.Dir = bench
		out, err = cmd.Output()
	} else if py, lerr := exec.LookPath("python3"); lerr == nil && exec.Command(py, "-c", "import pyarrow.parquet").Run() == nil {
		reader = "pyarrow"
		script := `import sys, json, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1], columns=["supplier", "year", "tiv"]).group_by(["supplier", "year"]).aggregate([("tiv", "sum")])
print(json.dumps([{"supplier": s, "year": y, "tiv": v} for s, y, v in zip(*(t.column(c).to_pylist() for c in ["supplier", "year", "tiv_sum"]))]))`
		out, err = exec.Command(py, "-c", script, file).Output()
	} else {
		t.Skip("neither DuckDB (npm ci --prefix bench, with node) nor Python's pyarrow is installed: the Parquet file was not read back by another reader")
		return nil, ""
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("%s: %v: %s", reader, err, ee.Stderr)
		}
		t.Fatalf("%s: %v", reader, err)
	}
	var rows []struct {
		Supplier string
		Year     json.Number
		TIV      json.Number
	}
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatalf("%s: %v: %.200s", reader, err, out)
	}
	got := map[supplierYear]float64{}
	for _, r := range rows {
		y, _ := r.Year.Int64()
		v, _ := r.TIV.Float64()
		got[supplierYear{r.Supplier, int(y)}] = v
	}
	return got, reader
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

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
	rows, err := parquet.ReadFile[panel.DealRow](out)
	if err != nil {
		t.Fatal(err)
	}
	v := jsonOf(t, "--db", db, "deals", "--dataset", "register-2025-10-23")
	if float64(len(rows)) != v["count"].(float64) {
		t.Errorf("%d deals in the file, deals says %v", len(rows), v["count"])
	}
	if code, _, _ := runCLI(t, context.Background(), "", "--db", db, "deals", "--out", out); code != 1 {
		t.Errorf("deals --out over an existing file without --force: exit %d, want 1", code)
	}
}
