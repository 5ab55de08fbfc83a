package view_test

import (
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/view"
)

// TestEventsGolden: an event with an end, an uncertain one, an actor, one
// without sources.
func TestEventsGolden(t *testing.T) {
	golden(t, "events", view.Events(&engine.EventResult{Count: 3, Rows: []armsflow.Event{
		{ID: "1979-border-war", Date: "1979-02-17", End: "1979-03-16", Kind: "conflict", Title: "Sino-Vietnamese War",
			Parties: []string{"Viet Nam", "China"}, Actor: "Soviet Union",
			Sources: []armsflow.EventSource{{Title: "A history", Publisher: "Example Press", URL: "https://example.org/war"}, {Publisher: "Other", URL: "https://example.org/2"}}},
		{ID: "2001-partnership", Date: "2001-03", Uncertain: true, Kind: "agreement", Title: "Strategic partnership",
			Parties: []string{"Viet Nam", "Russia"}, Sources: []armsflow.EventSource{{Publisher: "Example News", URL: "https://example.org/p"}}},
		{ID: "2022-vote", Date: "2022", Kind: "vote", Title: "UN vote", Parties: []string{"Viet Nam", "Russia", "Ukraine"}},
	}}))
	if n := view.Events(&engine.EventResult{Count: 1, Rows: []armsflow.Event{{ID: "x"}}}).Notes[0]; !strings.HasPrefix(n, "1 event.") {
		t.Errorf("one event: %q", n)
	}
}

// TestEventStudyGolden: a study with a change, and one with no deliveries
// before, whose change is not defined.
func TestEventStudyGolden(t *testing.T) {
	ev := armsflow.Event{ID: "2011-contract", Date: "2011-05", Title: "Submarine contract"}
	golden(t, "event-study", view.EventStudy(&engine.EventStudyResult{Source: tables, Event: ev, Supplier: *ru, Recipient: *vn,
		Before:    engine.StudySide{Years: engine.Years{From: 2009, To: 2010}, InData: 2, TotalTIV: 100, MeanTIV: fp(50)},
		EventYear: engine.FlowRow{Year: 2011, TIV: 300, Deliveries: true, Covered: true},
		After:     engine.StudySide{Years: engine.Years{From: 2012, To: 2013}, InData: 2, TotalTIV: 25, MeanTIV: fp(12.5)},
		ChangePct: fp(-75), Note: "The event's year is in neither window; means are per year that the dataset covers."}))
	none := view.EventStudy(&engine.EventStudyResult{Source: tables, Event: ev, Supplier: *ru, Recipient: *vn,
		Before: engine.StudySide{Years: engine.Years{From: 2009, To: 2010}, InData: 2, MeanTIV: fp(0)}})
	if n := none.Notes[0]; n != "Change of the yearly mean, before → after: not defined (no deliveries before)." {
		t.Errorf("no change: %q", n)
	}
}

// TestConcentrationGolden: a short first period, a partial one, an
// estimate's straddle column, and a period with nothing delivered (HHI
// unknown, never zero).
func TestConcentrationGolden(t *testing.T) {
	rows := []engine.ConcentrationRow{
		{Period: "2020-2021", TotalTIV: 120, Suppliers: 2, TopSupplier: "Russia", TopSharePct: fp(75), HHI: fp(6250), YearsCovered: 2, PeriodLength: 5},
		{Period: "2022-2026", TotalTIV: 0, Suppliers: 0, YearsCovered: 4, PeriodLength: 5, Partial: true},
	}
	golden(t, "concentration", view.Concentration(&engine.ConcentrationResult{Source: tables, Recipient: *vn, Rows: rows, Note: armsflow.RoundingNote}))
	est := rows[:1:1]
	est[0].StraddleSharePct = fp(40)
	golden(t, "concentration-estimated", view.Concentration(&engine.ConcentrationResult{Source: estimate, Recipient: *vn, Rows: est,
		StraddleSharePct: fp(40), Note: armsflow.RoundingNote}))
}

// TestDealsGolden: uncertain and unknown numbers, an open order, no
// deliveries yet.
func TestDealsGolden(t *testing.T) {
	golden(t, "deals", view.Deals(&engine.DealResult{Source: engine.Source{Dataset: "register-2025-03-13", Kind: armsflow.KindRegister, Generated: "2025-03-13"},
		Count: 2, TIVDelivered: 256, Unknown: 1, Note: "Empty numbers are unknown in SIPRI's register.",
		Rows: []armsflow.Deal{
			{Supplier: "Russia", Recipient: "Viet Nam", OrderYear: ip(2017), OrderYearUncertain: true, Ordered: ip(64), Designation: "T-90S", Description: "tank",
				Delivered: ip(64), DeliveredUncertain: true, DeliveryYears: []int{2018, 2019}, Status: "New", TIVUnit: fp(4), TIVTotal: fp(256), TIVDelivered: fp(256)},
			{Supplier: "Russia", Recipient: "Viet Nam", OrderYear: ip(2019), Ordered: nil, Designation: "Yak-130", Description: "trainer aircraft",
				DeliveryYears: []int{}, Status: "New", Comments: "number unknown"},
		}}))
}

func TestChangeText(t *testing.T) {
	for _, tt := range []struct {
		pct   *float64
		label string
		want  string
	}{
		{fp(92), "", "+92 %"},
		{fp(-4.64), "", "-4.6 %"},
		{nil, "new", "new"},
		{nil, "", "no change to measure"},
	} {
		if got := view.ChangeText(tt.pct, tt.label); got != tt.want {
			t.Errorf("ChangeText(%v, %q) = %q, want %q", tt.pct, tt.label, got, tt.want)
		}
	}
}
