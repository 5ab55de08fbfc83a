package report

import (
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// TestCellTextSmallShares: the HTML, LaTeX and XLSX reports showed a share
// of 0.05 % (Cambodia among Russia's recipients in South East Asia) as
// "0.0", read as none, where the command line and Markdown print "<0.1";
// and a rise of 153.2 % without its "+".
func TestCellTextSmallShares(t *testing.T) {
	for _, c := range []struct {
		v    any
		col  table.Column
		want string
	}{
		{0.047, table.Column{Name: "Share %", Decimals: table.FactSheet}, "<0.1"},
		{0.098, table.Column{Name: "Share %", Decimals: table.FactSheet}, "<0.1"},
		{-0.04, table.Column{Name: "Change %", Decimals: table.Change}, "-<0.1"},
		{0.0, table.Column{Name: "Share %", Decimals: table.FactSheet}, "0"},
		{38.58, table.Column{Name: "Share %", Decimals: table.FactSheet}, "38.6"},
		// A rise kept its sign only where the change was whole.
		{153.16, table.Column{Name: "Change %", Decimals: table.Change}, "+153.2"},
		{14.0, table.Column{Name: "Change %", Decimals: table.Change}, "+14"},
		{-71.5, table.Column{Name: "Change %", Decimals: table.Change}, "-71.5"},
		{1234.5, table.Column{Name: "Change %", Decimals: table.Change}, "+1,234.5"},
		{1234.56, table.Column{Name: "TIV", Decimals: -1}, "1,234.6"},
		{6454, table.Column{Name: "TIV", Decimals: -1}, "6,454"},
		{2014, table.Column{Name: "Year", Decimals: -1}, "2014"},
	} {
		if got := cellText(c.v, c.col); got != c.want {
			t.Errorf("cellText(%v, %s) = %q, want %q", c.v, c.col.Name, got, c.want)
		}
	}
}

// TestFooterSaysHowFiguresWereMade: every report's header said "rounded by
// SIPRI", also over years only a classic register covers, whose figures
// armsflow estimated.
func TestFooterSaysHowFiguresWereMade(t *testing.T) {
	for _, c := range []struct {
		src  engine.Source
		want string
	}{
		{engine.Source{Dataset: "tiv-2022-04-22", Generated: "2022-04-22"}, "rounded by SIPRI."},
		{engine.Source{Dataset: "register-2025-10-23", Estimated: true}, "estimated from a classic trade register"},
		{engine.Source{Dataset: "register-2025-02-10", Exact: true}, "sums of the trade register's yearly values."},
	} {
		r := &Report{Yearly: &engine.FlowResult{Source: c.src}}
		if f := r.footer(); !strings.Contains(f, c.want) || c.want != "rounded by SIPRI." && strings.Contains(f, "rounded by SIPRI") {
			t.Errorf("%s: footer %q, want %q", c.src.Dataset, f, c.want)
		}
	}
}

// TestFindingsMarkPartialLastPeriod: a key finding comparing with a last
// period that holds a year not over when SIPRI generated the data says so.
func TestFindingsMarkPartialLastPeriod(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, false)), Query{Supplier: "Russia", Recipient: "Vietnam", Years: engine.Years{From: 2016, To: 2025}})
	found := false
	for _, f := range r.Findings {
		if strings.Contains(f.Text, "2021–2025") {
			found = true
			if !strings.Contains(f.Text, "2021–2025 (2025 partial)") {
				t.Errorf("finding without the partial year: %s", f.Text)
			}
		}
	}
	if !found {
		t.Fatalf("no finding names the last period: %+v", r.Findings)
	}
}
