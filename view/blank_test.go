package view_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// TestConcentrationNoBlanks: the country page's short first period
// ("1950-1951, 2 of 5 years", nothing delivered) showed a TIV of 0, which
// reads "less than 0.5", and blank top supplier, share and HHI. Each cell
// now says what it is: "–" with a note for nothing delivered, 0 for the
// count of suppliers, "not covered" for years outside the data.
func TestConcentrationNoBlanks(t *testing.T) {
	rows := []engine.ConcentrationRow{
		{Period: "1945-1949", YearsCovered: 0, PeriodLength: 5},
		{Period: "1950-1951", Suppliers: 0, YearsCovered: 2, PeriodLength: 5},
		{Period: "1952-1956", TotalTIV: 38, Suppliers: 1, TopSupplier: "Soviet Union", TopSharePct: fp(100), HHI: fp(10000), YearsCovered: 5, PeriodLength: 5},
	}
	tb := view.Concentration(&engine.ConcentrationResult{Source: tables, Recipient: *vn, Rows: rows, Note: armsflow.RoundingNote})
	want := [][]string{
		{"1945-1949", "not covered", "not covered", "not covered", "not covered", "not covered"},
		{"1950-1951, 2 of 5 years", "–", "0", "–", "–", "–"},
		{"1952-1956", "38", "1", "Soviet Union", "100", "10,000"},
	}
	d := table.DocOf(tb)
	for i, w := range want {
		if strings.Join(d.Rows[i], "|") != strings.Join(w, "|") {
			t.Errorf("row %d: %q, want %q", i, d.Rows[i], w)
		}
	}
	var b bytes.Buffer
	table.Write(&b, "table", tb)
	if !strings.Contains(b.String(), "–: no deliveries recorded in the period") {
		t.Errorf("no note for –:\n%s", b.String())
	}
}

// TestUncertainYearsStayYears: SIPRI's uncertain counts are grouped like
// other figures ("1,500?"), but an uncertain year or date is not a count.
func TestUncertainYearsStayYears(t *testing.T) {
	n, y := 1500, 2018
	deals := view.Deals(&engine.DealResult{Rows: []armsflow.Deal{{Supplier: "Russia", Recipient: "India", OrderYear: &y, OrderYearUncertain: true,
		Ordered: &n, OrderedUncertain: true, Delivered: &n}}})
	events := view.Events(&engine.EventResult{Count: 1, Rows: []armsflow.Event{{ID: "x", Date: "2017", Uncertain: true, Kind: "other", Title: "t"}}})
	var b bytes.Buffer
	table.Write(&b, "table", deals)
	table.Write(&b, "table", events)
	for _, w := range []string{"2018?", "1,500?", "1,500", "2017?"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("no %q in\n%s", w, b.String())
		}
	}
	if strings.Contains(b.String(), "2,01") {
		t.Errorf("a year grouped:\n%s", b.String())
	}
}
