package view_test

import (
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/view"
)

// TestStandingGolden: the party in the top rows, outside them (the focus
// row), and with no transfers in a period (a dash and 0, never blank).
func TestStandingGolden(t *testing.T) {
	rank := func(from, to int, total float64, count int, rows []engine.RankRow, focus *engine.RankRow) *engine.RankResult {
		return &engine.RankResult{Source: tables, Query: engine.RankQuery{Side: "suppliers", Supplier: "Russia", Years: engine.Years{From: from, To: to}},
			ShareOf: "world total", TotalTIV: total, Count: count, Rows: rows, Focus: focus}
	}
	rs := []*engine.RankResult{
		rank(2002, 2006, 118000, 61, []engine.RankRow{{Rank: 1, Name: "United States", TIV: 34000, SharePct: fp(28.8)},
			{Rank: 2, Name: "Russia", TIV: 30100, SharePct: fp(25.5), Focus: true}}, nil),
		rank(2007, 2011, 131000, 64, []engine.RankRow{{Rank: 1, Name: "United States", TIV: 39000, SharePct: fp(29.8)}},
			&engine.RankRow{Rank: 14, Name: "Russia", TIV: 310, SharePct: fp(0.2), Focus: true}),
		rank(2012, 2016, 150000, 66, []engine.RankRow{{Rank: 1, Name: "United States", TIV: 50000, SharePct: fp(33.3)}},
			&engine.RankRow{Name: "Russia", Focus: true}),
	}
	golden(t, "standing", view.Standing("Russia among world exporters, per period", "Exporters", rs))
	if tab := view.Standing("Russia among world exporters, per period", "Exporters", nil); len(tab.Rows) != 0 || len(tab.Notes) != 0 {
		t.Errorf("no periods: %d rows, notes %q; want none", len(tab.Rows), tab.Notes)
	}
}
