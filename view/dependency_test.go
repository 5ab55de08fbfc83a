package view_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

func ip(v int) *int { return &v }

// depResult is a dependency answer made by hand, as the engine's test
// register gives it as of 2020.
func depResult(series bool) *engine.DependencyResult {
	r := &engine.DependencyResult{
		Source:    engine.Source{Dataset: "register-2025-03-13", Kind: "register", Generated: "2025-03-13", Estimated: true},
		Recipient: "Viet Nam", Code: "VNM", AsOf: 2020, Weight: engine.WeightTIV, By: engine.BySupplier,
		TotalTIV: 400, TotalUnits: 40,
		Rows: []engine.DependencyRow{
			{Name: "Russia", Code: "RUS", TIV: 330, Units: ip(39), SharePct: fp(82.5), LowPct: fp(80), HighPct: fp(84.4), Includes: []string{"Soviet Union"},
				FlowSharePct: fp(100)},
			{Name: "Israel", Code: "ISR", TIV: 70, Units: ip(1), SharePct: fp(17.5), LowPct: fp(15.6), HighPct: fp(20), FlowSharePct: fp(0)},
		},
		FlowPeriod: "2016-2020",
		FlowShare:  []engine.FlowShareRow{{Name: "Russia", Period: "2016-2020", SharePct: fp(100)}},
		Pipeline:   []engine.PipelineRow{{Name: "Russia", TIV: 80, Units: ip(32)}, {Name: "United States", TIV: 54}},
		Exposure: []engine.ExposureRow{
			{Regime: "United States sanctions on Russia", Targets: engine.TargetsSupplier, Event: "2014-western-sanctions",
				Title: "US and EU sanctions over Crimea", Suppliers: []string{"Russia"}, StockSharePct: fp(82.5), PipelineSharePct: fp(59.7)},
			{Regime: "United States sanctions on buyers of arms from Russia", Targets: engine.TargetsBuyers, Event: "2017-caatsa, 2018-caatsa-china",
				Title: "CAATSA enacted; CAATSA sanctions on China for Su-35 and S-400 purchases", Suppliers: []string{"Russia"},
				StockSharePct: fp(82.5), PipelineSharePct: fp(59.7)}},
		Note: "The register records transfers, not inventories.",
	}
	if series {
		r.Query.Years = engine.Years{From: 2019, To: 2020}
		r.Series = []engine.SeriesRow{
			{Year: 2019, Name: "Russia", Code: "RUS", TIV: 380, Units: ip(44), SharePct: fp(84.4), LowPct: fp(80), HighPct: fp(84.4), FlowSharePct: fp(100)},
			{Year: 2019, Name: "Israel", Code: "ISR", TIV: 70, Units: ip(1), SharePct: fp(15.6), LowPct: fp(15.6), HighPct: fp(20), FlowSharePct: fp(0)},
			{Year: 2020, Name: "Russia", Code: "RUS", TIV: 330, Units: ip(39), SharePct: fp(82.5), LowPct: fp(80), HighPct: fp(84.4), FlowSharePct: fp(100)},
		}
	}
	return r
}

func TestDependencyGolden(t *testing.T) {
	for _, series := range []bool{false, true} {
		for _, format := range table.Formats {
			name := "dependency." + format
			if series {
				name = "dependency-series." + format
			}
			var b bytes.Buffer
			if err := table.Write(&b, format, view.Dependency(depResult(series))); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run 'go test ./view/ -update' to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the golden file:\n%s", name, b.String())
			}
		}
	}
}

// TestExposureSaysWhomItAims: CAATSA's sanctions on China and Türkiye for
// buying Russian arms were counted under "sanctions on Russia" without a
// word; each item now says whom its measures aim at.
func TestExposureSaysWhomItAims(t *testing.T) {
	got := view.ExposureText(depResult(false))
	for _, w := range []string{
		"United States sanctions on Russia, aimed at the supplier (events 2014-western-sanctions: US and EU sanctions over Crimea): Russia; 82.5 % of the stock",
		"United States sanctions on buyers of arms from Russia, aimed at recipients for buying from the supplier (events 2017-caatsa, 2018-caatsa-china:",
		"sanction recipients for buying from that supplier, not the supplier itself",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("exposure lacks %q:\n%s", w, got)
		}
	}
}

// TestDependencyFlowShareShown: the flow share column was blank both where
// a supplier delivered nothing while others did (a true 0) and where the
// recipient received nothing in the 5 years (no share to take); now the
// first reads 0 and the second "–" with the engine's reason in a note.
func TestDependencyFlowShareShown(t *testing.T) {
	r := depResult(false)
	r.Rows = append(r.Rows, engine.DependencyRow{Name: "Poland", Code: "POL", TIV: 0, Units: ip(0), SharePct: fp(0), LowPct: fp(0), HighPct: fp(0.4),
		FlowSharePct: fp(0)})
	tb := view.Dependency(r)
	if got := table.Text(tb.Rows[2][7], tb.Columns[7]); got != "0" || tb.Columns[7].Name != "Flow share % 2016-2020" {
		t.Errorf("%s of a supplier without deliveries among others': %q, want 0", tb.Columns[7].Name, got)
	}
	why := "no deliveries to Viet Nam in 2001-2005, so no flow share"
	for i := range r.Rows {
		r.Rows[i].FlowSharePct, r.Rows[i].NullReason = nil, why
	}
	tb = view.Dependency(r)
	for _, row := range tb.Rows {
		if row[7] != "–" {
			t.Errorf("%v: flow share %v, want –", row[0], row[7])
		}
	}
	var b bytes.Buffer
	table.Write(&b, "table", tb)
	if !strings.Contains(b.String(), "–: "+why+".") {
		t.Errorf("no note of why:\n%s", b.String())
	}
	d := table.DocOf(tb)
	if d.Rows[0][7] != "–" {
		t.Errorf("web cell %q, want –", d.Rows[0][7])
	}
}

// TestDependencySeriesReasonsOnce: a series whose years had no deliveries
// says so once, naming the years, not once per year.
func TestDependencySeriesReasonsOnce(t *testing.T) {
	r := depResult(true)
	for i := range r.Series {
		s := &r.Series[i]
		s.FlowSharePct = nil
		s.NullReason = fmt.Sprintf("no deliveries to Viet Nam in %d-%d, so no flow share", s.Year-4, s.Year)
	}
	var b bytes.Buffer
	table.Write(&b, "table", view.Dependency(r))
	if want := "–: no deliveries to Viet Nam in the 5 years to each of 2019-2020, so no flow share."; !strings.Contains(b.String(), want) {
		t.Errorf("no %q in\n%s", want, b.String())
	}
}
