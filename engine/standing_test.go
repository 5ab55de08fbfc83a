package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
)

// TestStanding: one ranking per period, all from the dataset of the
// party's own flows, with the party's row in focus even outside the limit.
func TestStanding(t *testing.T) {
	e := fixture(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		q       StandingQuery
		party   string
		periods []string
		ranks   []int     // the party's rank per period
		tivs    []float64 // the party's TIV per period
		totals  []float64 // the world's per period
		dataset string
	}{
		{"exporter", StandingQuery{Party: "RUS", Side: "suppliers", Years: Years{2010, 2013}, PeriodLength: 2},
			"Russia", []string{"2010-2011", "2012-2013"}, []int{1, 1}, []float64{1400, 600}, []float64{2450, 750}, "tiv-2022-04-22"},
		{"importer outside the limit", StandingQuery{Party: "Vietnam", Side: "recipients", Years: Years{2010, 2013}, PeriodLength: 2, Limit: 1},
			"Viet Nam", []string{"2010-2011", "2012-2013"}, []int{3, 3}, []float64{450, 50}, []float64{2450, 750}, "tiv-2022-04-22"},
		{"a first period shorter than the rest", StandingQuery{Party: "Russia", Side: "suppliers", Years: Years{2010, 2012}, PeriodLength: 2},
			"Russia", []string{"2010", "2011-2012"}, []int{1, 1}, []float64{1100, 900}, []float64{1900, 1300}, "tiv-2022-04-22"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Standing(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Party.Name != tt.party || res.Side != tt.q.Side || len(res.Periods) != len(tt.periods) {
				t.Fatalf("party %q side %q, %d periods; want %q %q %d", res.Party.Name, res.Side, len(res.Periods), tt.party, tt.q.Side, len(tt.periods))
			}
			if res.PeriodLength != tt.q.PeriodLength || res.Years != tt.q.Years {
				t.Errorf("years %v by %d, want %v by %d", res.Years, res.PeriodLength, tt.q.Years, tt.q.PeriodLength)
			}
			for i, p := range res.Periods {
				var focus *RankRow
				for j := range p.Rows {
					if p.Rows[j].Focus {
						focus = &p.Rows[j]
					}
				}
				if focus == nil {
					focus = p.Focus
				}
				if focus == nil {
					t.Fatalf("%s: no row of %s", tt.periods[i], tt.party)
				}
				if got := p.Query.Years.String(); got != tt.periods[i] || focus.Rank != tt.ranks[i] || focus.TIV != tt.tivs[i] || p.TotalTIV != tt.totals[i] {
					t.Errorf("period %s: rank %d, TIV %v of %v; want %s: %d, %v of %v", got, focus.Rank, focus.TIV, p.TotalTIV, tt.periods[i], tt.ranks[i], tt.tivs[i], tt.totals[i])
				}
				if p.Dataset != tt.dataset {
					t.Errorf("period %s from %s, want %s", tt.periods[i], p.Dataset, tt.dataset)
				}
				if tt.q.Limit > 0 && len(p.Rows) > tt.q.Limit {
					t.Errorf("period %s: %d rows, limit %d", tt.periods[i], len(p.Rows), tt.q.Limit)
				}
			}
		})
	}
}

// TestStandingOneDataset: a dataset named is used for every period, and
// an open span is that dataset's coverage.
func TestStandingOneDataset(t *testing.T) {
	e := fixture(t)
	res, err := e.Standing(context.Background(), StandingQuery{Party: "Russia", Side: "suppliers", PeriodLength: 10, Dataset: "register-2025-03-13"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Periods) == 0 {
		t.Fatal("no periods")
	}
	for _, p := range res.Periods {
		if p.Dataset != "register-2025-03-13" {
			t.Errorf("period %s from %s", p.Query.Years, p.Dataset)
		}
	}
	if last := res.Periods[len(res.Periods)-1].Query.Years; last.To != res.Years.To || res.Years.From == 0 {
		t.Errorf("years %v, last period %v", res.Years, last)
	}
}

// TestStandingRefusals: errors say what to give, in the command line's
// words (query.ForAPI says them in the API's).
func TestStandingRefusals(t *testing.T) {
	e := fixture(t)
	for _, tt := range []struct {
		q    StandingQuery
		code string
		msg  string
	}{
		{StandingQuery{Side: "suppliers"}, armsflow.EINVALID, "standing needs a party"},
		{StandingQuery{Party: "Russia", Side: "exporters"}, armsflow.EINVALID, `--side "exporters": use suppliers`},
		{StandingQuery{Party: "Russia", Side: "suppliers", Limit: -1}, armsflow.EINVALID, "--limit -1"},
		{StandingQuery{Party: "Russia", Side: "suppliers", PeriodLength: 101}, armsflow.EINVALID, "--period-length 101"},
		{StandingQuery{Party: "Atlantis", Side: "suppliers"}, armsflow.ENOTFOUND, "Atlantis"},
		{StandingQuery{Party: "Russia", Side: "suppliers", Years: Years{2090, 2091}}, armsflow.ENOTCOVERED, "2090"},
	} {
		_, err := e.Standing(context.Background(), tt.q)
		if armsflow.ErrorCode(err) != tt.code || !strings.Contains(armsflow.ErrorMessage(err), tt.msg) || strings.Contains(armsflow.ErrorMessage(err), "--partial") {
			t.Errorf("%+v: %v (%s), want %s with %q", tt.q, err, armsflow.ErrorCode(err), tt.code, tt.msg)
		}
	}
}
