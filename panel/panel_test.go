package panel_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
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

func TestPanelParquet(t *testing.T) {
	res, err := smallEngine(t).Panel(context.Background(), engine.PanelQuery{StatesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	p := panel.New(res, crosswalk(t), panel.Options{StatesOnly: true})
	var buf bytes.Buffer
	if err := p.WriteParquet(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := parquet.Read[panel.Row](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 {
		t.Fatalf("%d rows with --states-only, want 8 (2 pairs × 4 years)", len(rows))
	}
	for _, r := range rows {
		switch {
		case r.Supplier == "Russia" && r.Year == 1993:
			if !r.Delivered || r.TIV != 0 || r.SupplierCOW == nil || *r.SupplierCOW != 365 {
				t.Errorf("Russia 1993, SIPRI's 0: %+v", r)
			}
		case r.Supplier == "Russia" && r.Year < 1992:
			if r.Delivered || r.TIV != 0 || r.SupplierCOW != nil {
				t.Errorf("Russia %d: no deliveries, no code before 1992: %+v", r.Year, r)
			}
		case r.Supplier == "Soviet Union" && r.Year >= 1992:
			if r.SupplierCOW != nil || r.SupplierCOWMember {
				t.Errorf("Soviet Union %d: %+v", r.Year, r)
			}
		}
		if r.Recipient != "Viet Nam" || r.RecipientCOW == nil || *r.RecipientCOW != 816 || *r.RecipientM49 != 704 || *r.RecipientISO3 != "VNM" {
			t.Errorf("recipient codes: %+v", r)
		}
		if r.Generated == nil || time.Unix(int64(*r.Generated)*86400, 0).UTC().Format("2006-01-02") != "2030-01-01" {
			t.Errorf("generated %v", r.Generated)
		}
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
	back, err := parquet.Read[panel.DealRow](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || len(back) != 2 || back[0].Designation != "=1+1" || *back[0].Deliveries[0].Units != 2 {
		t.Fatalf("deals Parquet read back: %v %+v", err, back)
	}
}
