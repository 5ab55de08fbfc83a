package panel_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/internal/duckdbtest"
	"github.com/armsflow/armsflow/internal/memlib"
	"github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/panel"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// smallEngine is an engine over a hand-made TIV dataset covering
// 1990-1993: the Soviet Union and Russia to Viet Nam, Russia to a rebel
// group, and a "0" (less than 0.5) delivery.
func smallEngine(t *testing.T) *engine.Engine {
	t.Helper()
	ds := armsflow.Dataset{Name: "tiv-2030-01-01", Kind: armsflow.KindTIV, Generated: "2030-01-01", ImportedAt: time.Now(),
		Coverage: armsflow.Coverage{From: 1990, To: 1993}, Views: []string{armsflow.ViewDyads}}
	c := &armsflow.Content{Flows: []armsflow.Flow{
		{Supplier: "Soviet Union", Recipient: "Viet Nam", Year: 1990, TIV: 100},
		{Supplier: "Soviet Union", Recipient: "Viet Nam", Year: 1991, TIV: 50},
		{Supplier: "Russia", Recipient: "Viet Nam", Year: 1993, TIV: 0},
		{Supplier: "Russia", Recipient: "Hezbollah (Lebanon)*", Year: 1992, TIV: 7},
	}}
	e, err := engine.New(context.Background(), &memlib.Library{DatasetList: []armsflow.Dataset{ds}, Content: map[string]*armsflow.Content{ds.Name: c}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func crosswalk(t *testing.T) *names.Crosswalk {
	cw, err := names.LoadCrosswalk()
	if err != nil {
		t.Fatal(err)
	}
	return cw
}

func TestPanelCSVGolden(t *testing.T) {
	res, err := smallEngine(t).Panel(context.Background(), engine.PanelQuery{})
	if err != nil {
		t.Fatal(err)
	}
	p := panel.New(res, crosswalk(t), panel.Options{})
	if p.Len() != 12 || p.Pairs() != 3 {
		t.Fatalf("%d rows, %d pairs; want 12 rows (3 pairs × 4 years)", p.Len(), p.Pairs())
	}
	var buf bytes.Buffer
	if err := p.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "panel.csv")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, buf.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run 'go test ./panel -update')", err)
	}
	if buf.String() != string(want) {
		t.Errorf("panel CSV differs from %s (run 'go test ./panel -update' if the change is right):\n%s", golden, buf.String())
	}
}

// TestPanelParquet reads the panel's Parquet file back with DuckDB: its
// columns' types, and the values, codes and nulls of each row.
func TestPanelParquet(t *testing.T) {
	res, err := smallEngine(t).Panel(context.Background(), engine.PanelQuery{StatesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	p := panel.New(res, crosswalk(t), panel.Options{StatesOnly: true})
	f := filepath.Join(t.TempDir(), "panel.parquet")
	var buf bytes.Buffer
	if err := p.WriteParquet(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	q := duckdbtest.SQLString(f)
	out := duckdbtest.Query(t,
		"SELECT string_agg(column_name || ' ' || column_type, ', ') AS cols FROM (DESCRIBE SELECT * FROM read_parquet("+q+"))",
		"SELECT supplier, year, tiv, delivered, supplier_cow, supplier_cow_member, recipient, recipient_cow, recipient_m49, recipient_iso3, CAST(generated AS VARCHAR) AS generated FROM read_parquet("+q+")",
		"SELECT key, value FROM parquet_kv_metadata("+q+")")
	if got, want := out[0][0]["cols"], "dataset VARCHAR, generated DATE, year INTEGER, "+
		"supplier VARCHAR, supplier_kind VARCHAR, supplier_iso3 VARCHAR, supplier_cow INTEGER, supplier_cow_abb VARCHAR, supplier_m49 INTEGER, supplier_region VARCHAR, supplier_subregion VARCHAR, supplier_cow_member BOOLEAN, "+
		"recipient VARCHAR, recipient_kind VARCHAR, recipient_iso3 VARCHAR, recipient_cow INTEGER, recipient_cow_abb VARCHAR, recipient_m49 INTEGER, recipient_region VARCHAR, recipient_subregion VARCHAR, recipient_cow_member BOOLEAN, "+
		"tiv DOUBLE, delivered BOOLEAN, tiv_estimated BOOLEAN, year_partial BOOLEAN"; got != want {
		t.Errorf("columns:\n got %v\nwant %v", got, want)
	}
	rows := out[1]
	if len(rows) != 8 {
		t.Fatalf("%d rows with --states-only, want 8 (2 pairs × 4 years)", len(rows))
	}
	for _, r := range rows {
		year := fmt.Sprint(r["year"])
		switch {
		case r["supplier"] == "Russia" && year == "1993":
			if r["delivered"] != true || fmt.Sprint(r["tiv"]) != "0" || fmt.Sprint(r["supplier_cow"]) != "365" {
				t.Errorf("Russia 1993, SIPRI's 0: %v", r)
			}
		case r["supplier"] == "Russia" && year < "1992":
			if r["delivered"] != false || fmt.Sprint(r["tiv"]) != "0" || r["supplier_cow"] != nil {
				t.Errorf("Russia %s: no deliveries, no code (NULL, not 0) before 1992: %v", year, r)
			}
		case r["supplier"] == "Soviet Union" && year >= "1992":
			if r["supplier_cow"] != nil || r["supplier_cow_member"] != false {
				t.Errorf("Soviet Union %s: %v", year, r)
			}
		}
		if r["recipient"] != "Viet Nam" || fmt.Sprint(r["recipient_cow"]) != "816" || fmt.Sprint(r["recipient_m49"]) != "704" || r["recipient_iso3"] != "VNM" {
			t.Errorf("recipient codes: %v", r)
		}
		if r["generated"] != "2030-01-01" {
			t.Errorf("generated %v", r["generated"])
		}
	}
	if kv := fmt.Sprint(out[2]); !strings.Contains(kv, "armsflow.dataset value:tiv-2030-01-01") || !strings.Contains(kv, "armsflow.source value:Source: SIPRI") {
		t.Errorf("key-value metadata: %s", kv)
	}
}

func TestPanelAllPairs(t *testing.T) {
	res, err := smallEngine(t).Panel(context.Background(), engine.PanelQuery{Years: engine.Years{From: 1991, To: 1992}})
	if err != nil {
		t.Fatal(err)
	}
	cw := crosswalk(t)
	p := panel.New(res, cw, panel.Options{AllPairs: true})
	// Each year n states of the COW system give n(n-1) ordered pairs; the
	// traded pairs add their years where a party was not a member.
	n91, n92 := len(cw.States(1991)), len(cw.States(1992))
	if p.Len() < n91*(n91-1)+n92*(n92-1) {
		t.Errorf("%d rows, fewer than the %d COW pairs of 1991-1992", p.Len(), n91*(n91-1)+n92*(n92-1))
	}
	seen := map[string]bool{}
	var total float64
	err = p.Each(1000, func(rows []panel.Row) error {
		for _, r := range rows {
			k := r.Supplier + "|" + r.Recipient + "|" + string(rune(r.Year))
			if seen[k] {
				t.Fatalf("two rows for %s -> %s %d", r.Supplier, r.Recipient, r.Year)
			}
			seen[k] = true
			total += r.TIV
			if r.Supplier == "Andorra" {
				t.Fatalf("Andorra joined the state system in 1993: %+v", r)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total != 57 || !seen["Russia|Hezbollah (Lebanon)*|"+string(rune(1991))] {
		t.Errorf("total %v, want 57 with the traded pairs kept", total)
	}
}

func TestPanelNotCovered(t *testing.T) {
	_, err := smallEngine(t).Panel(context.Background(), engine.PanelQuery{Years: engine.Years{From: 1989, To: 1991}})
	if armsflow.ErrorCode(err) != armsflow.ENOTCOVERED || !strings.Contains(err.Error(), "1990-1993") {
		t.Fatalf("years outside the coverage: %v", err)
	}
}

func TestFormat(t *testing.T) {
	for in, want := range map[string]string{"a.parquet": "parquet", "B.CSV": "csv", "x.xlsx": ""} {
		got, err := panel.Format(in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("Format(%q) = %q, %v", in, got, err)
		}
	}
}

func TestDealRows(t *testing.T) {
	y, n, tiv := 1994, 2, 63.5
	res := &engine.DealResult{Source: engine.Source{Dataset: "register-2030-01-01", Generated: "2030-01-01"},
		Rows: []armsflow.Deal{
			{ID: 7, Supplier: "Russia", Recipient: "Vietnam", OrderYear: &y, Ordered: &n, Designation: "=1+1", Description: "missile boat",
				DeliveryYears: []int{1996}, TIVUnit: &tiv, Deliveries: []armsflow.Delivery{{Year: 1996, Units: &n, TIV: &tiv}}},
			{Supplier: "Soviet Union", Recipient: "Hezbollah (Lebanon)*"},
		}}
	rows := panel.DealRows(res, crosswalk(t))
	if r := rows[0]; *r.SIPRIID != 7 || *r.SupplierCOW != 365 || *r.RecipientCOW != 816 || *r.RecipientISO3 != "VNM" || len(r.Deliveries) != 1 || *r.Deliveries[0].TIV != 63.5 {
		t.Errorf("row 0: %+v", r)
	}
	if r := rows[1]; r.SIPRIID != nil || r.OrderYear != nil || r.Ordered != nil || r.RecipientCOW != nil || *r.SupplierCOW != 365 {
		t.Errorf("row 1, unknowns stay unknown: %+v", r)
	}
	var buf bytes.Buffer
	if err := panel.WriteDealsCSV(&buf, "2030-01-01", rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",'=1+1,") || !strings.Contains(buf.String(), "1996: 63.5") {
		t.Errorf("deals CSV: %s", buf.String())
	}
	buf.Reset()
	if err := panel.WriteDealsParquet(&buf, res.Dataset, rows); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "deals.parquet")
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	back := duckdbtest.Query(t, "SELECT sipri_id, designation, order_year, delivery_years, deliveries, recipient_cow FROM read_parquet("+duckdbtest.SQLString(f)+")")[0]
	got := fmt.Sprint(back)
	want := "[map[deliveries:[map[tiv:63.5 units:2 units_estimate:false year:1996 year_estimate:false]] delivery_years:[1996] designation:=1+1 order_year:1994 recipient_cow:816 sipri_id:7] " +
		"map[deliveries:[] delivery_years:[] designation: order_year:<nil> recipient_cow:<nil> sipri_id:<nil>]]"
	if got != want {
		t.Errorf("deals Parquet read back by DuckDB:\n got %s\nwant %s", got, want)
	}
}
