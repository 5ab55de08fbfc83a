package view_test

import (
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/view"
)

// TestFlowsPartlyCoveredPeriod: a period that the dataset covers in part
// (flows --partial --by period) shows its TIV and says how many of its
// years are covered.
func TestFlowsPartlyCoveredPeriod(t *testing.T) {
	r := &engine.FlowResult{Supplier: &engine.Party{Name: "Russia"}, Recipient: &engine.Party{Name: "Viet Nam"},
		Query: engine.FlowQuery{Years: engine.Years{From: 2017, To: 2025}, By: "period", PeriodLength: 5, Partial: true},
		Rows: []engine.FlowRow{
			{Period: "2017-2020", From: 2017, To: 2020, TIV: 900, Deliveries: true, Covered: true, YearsCovered: 4, PeriodLength: 5},
			{Period: "2021-2025", From: 2021, To: 2025, TIV: 72, Deliveries: true, Covered: true, YearsCovered: 1, PeriodLength: 5},
		}}
	tb := view.Flows(r)
	if got := tb.Rows[1][1]; got != 72.0 {
		t.Errorf("TIV cell %v, want 72", got)
	}
	if got := tb.Rows[1][2]; got != "1 of 5 years covered" {
		t.Errorf("coverage cell %q", got)
	}
	if got := tb.Rows[0][2]; got != "" {
		t.Errorf("a short first period, every year covered, is marked %q", got)
	}
}

// TestEventStudyChangeNote: the change reads "+5.5 %" as every other note
// writes a percentage (it read "+5.5%").
func TestEventStudyChangeNote(t *testing.T) {
	c := 5.5
	r := &engine.EventStudyResult{Supplier: engine.Party{Name: "Russia"}, Recipient: engine.Party{Name: "Viet Nam"}, ChangePct: &c}
	if n := view.EventStudy(r).Notes[0]; !strings.Contains(n, "before → after: +5.5 %.") {
		t.Errorf("note %q", n)
	}
}

// TestProvenanceUndated: a dataset without SIPRI's date (the long form)
// read "(generated undated; ...)".
func TestProvenanceUndated(t *testing.T) {
	r := &engine.FlowResult{Source: engine.Source{Dataset: "long", Kind: "long"}, Supplier: &engine.Party{Name: "Russia"},
		Recipient: &engine.Party{Name: "Viet Nam"}, Query: engine.FlowQuery{Years: engine.Years{From: 2020, To: 2020}, By: "year"},
		Rows: []engine.FlowRow{{Year: 2020, TIV: 9, Deliveries: true, Covered: true}}}
	notes := strings.Join(view.Flows(r).Notes, " ")
	if !strings.Contains(notes, "dataset long (undated).") || strings.Contains(notes, "generated undated") {
		t.Errorf("notes %q", notes)
	}
}
