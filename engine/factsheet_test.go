package engine

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// factsheetFixture: a made-up world around NATO's enlargement of 1999
// (Poland joins) and a table's own Total rows that differ from the sums of
// its rounded rows, as SIPRI's do.
func factsheetFixture(t *testing.T) *Engine {
	t.Helper()
	flows := []armsflow.Flow{
		// 1997-1999: the United States sells to Poland every year, joining
		// NATO in 1999; Germany sells to Poland in 1998; France to India.
		f("United States", "Poland", 1997, 10), f("United States", "Poland", 1998, 20), f("United States", "Poland", 1999, 40),
		f("Germany", "Poland", 1998, 5), f("France", "India", 1998, 30),
		// 2000-2002: France is gone from India, Israel is new.
		f("United States", "Poland", 2000, 70), f("Israel", "India", 2001, 15), f("Russia", "India", 2002, 60),
		f("Russia", "Houthi rebels (Yemen)*", 2001, 5),
	}
	totals := []armsflow.Total{
		// SIPRI's Total rows: world total per year, computed from unrounded values.
		{Side: armsflow.SideImport, Year: 1997, TIV: 11}, {Side: armsflow.SideImport, Year: 1998, TIV: 54}, {Side: armsflow.SideImport, Year: 1999, TIV: 41},
		{Side: armsflow.SideImport, Year: 2000, TIV: 69}, {Side: armsflow.SideImport, Year: 2001, TIV: 21}, {Side: armsflow.SideImport, Year: 2002, TIV: 61},
		// Poland's own table's Total row.
		{Side: armsflow.SideImport, Party: "Poland", Year: 1998, TIV: 26},
	}
	gen := time.Date(2022, 4, 22, 0, 0, 0, 0, time.UTC)
	l := &memLoader{
		DatasetList: []armsflow.Dataset{{Name: "tiv", Kind: armsflow.KindTIV, Generated: "2022-04-22", ImportedAt: gen,
			Coverage: armsflow.Coverage{From: 1990, To: 2021}}},
		Content: map[string]*armsflow.Content{"tiv": {Flows: flows, Totals: totals}},
	}
	e, err := New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func near(a *float64, b float64) bool { return a != nil && math.Abs(*a-b) < 1e-9 }

// TestGroupMembershipChangesInsidePeriod: Poland joins NATO in 1999, so in
// 1997-1999 only its 1999 imports count as NATO's; fixed as of 1999, all
// three years count.
func TestGroupMembershipChangesInsidePeriod(t *testing.T) {
	e := factsheetFixture(t)
	ctx := context.Background()
	r, err := e.Rank(ctx, RankQuery{Side: "suppliers", Recipient: "NATO", Years: Years{1997, 1999}})
	if err != nil {
		t.Fatal(err)
	}
	if r.TotalTIV != 40 || len(r.Rows) != 1 || r.Rows[0].Name != "United States" || r.Group == nil || r.Group.Name != "NATO" {
		t.Fatalf("NATO 1997-1999: total %v rows %+v group %+v", r.TotalTIV, r.Rows, r.Group)
	}
	// World: 10+20+40+5+30 = 105; NATO's share 40/105.
	if r.WorldTIV == nil || *r.WorldTIV != 105 || !near(r.WorldSharePct, 100*40.0/105) {
		t.Errorf("world %v share %v", r.WorldTIV, r.WorldSharePct)
	}
	fixed, err := e.Rank(ctx, RankQuery{Side: "suppliers", Recipient: "NATO", Years: Years{1997, 1999}, MembersAsOf: 1999})
	if err != nil {
		t.Fatal(err)
	}
	if fixed.TotalTIV != 75 || fixed.Group.AsOf != 1999 {
		t.Errorf("NATO as of 1999: total %v group %+v", fixed.TotalTIV, fixed.Group)
	}
	// Flows accept a group too, counted year by year.
	fl, err := e.Flows(ctx, FlowQuery{Supplier: "United States", Recipient: "European NATO members", Years: Years{1997, 2000}})
	if err != nil {
		t.Fatal(err)
	}
	if fl.TotalTIV != 110 || fl.Rows[0].TIV != 0 || fl.Rows[2].TIV != 40 {
		t.Errorf("flows to European NATO members: %+v", fl.Rows)
	}
	// A group on the ranked side keeps the rows to its members: shares
	// stay of the world total.
	g, err := e.Rank(ctx, RankQuery{Side: "recipients", Recipient: "NATO", Years: Years{1999, 2000}})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Rows) != 1 || g.Rows[0].Name != "Poland" || g.TotalTIV != 110 || !near(g.RowsSharePct, 100) {
		t.Errorf("recipients in NATO: rows %+v total %v", g.Rows, g.TotalTIV)
	}
}

// TestCompareAbsentParty: France delivered in the first span only, Israel
// and Russia in the second only: new and gone, never a division by zero.
func TestCompareAbsentParty(t *testing.T) {
	e := factsheetFixture(t)
	r, err := e.Rank(context.Background(), RankQuery{Side: "suppliers", Recipient: "India", Years: Years{2000, 2002}, Compare: Years{1997, 1999}})
	if err != nil {
		t.Fatal(err)
	}
	if *r.PreviousTotalTIV != 30 || r.TotalTIV != 75 || !near(r.TotalChangePct, 150) {
		t.Errorf("totals %v -> %v change %v", *r.PreviousTotalTIV, r.TotalTIV, r.TotalChangePct)
	}
	for _, row := range r.Rows {
		if row.Change != "new" || row.ChangePct != nil || row.Previous != nil {
			t.Errorf("row %s: change %q %v previous %+v", row.Name, row.Change, row.ChangePct, row.Previous)
		}
	}
	if len(r.Gone) != 1 || r.Gone[0].Name != "France" || r.Gone[0].Previous.TIV != 30 || r.Gone[0].Previous.Rank != 1 {
		t.Errorf("gone %+v", r.Gone)
	}
	w, err := e.Rank(context.Background(), RankQuery{Side: "suppliers", Years: Years{2000, 2002}, Compare: Years{1997, 1999}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	// United States 70 after 70 (10+20+40): no change.
	if w.Rows[0].Name != "United States" || !near(w.Rows[0].ChangePct, 0) || w.Rows[0].Previous.Rank != 1 || !near(w.Rows[0].Previous.SharePct, 100*70.0/105) {
		t.Errorf("top row %+v previous %+v", w.Rows[0], w.Rows[0].Previous)
	}
	if !near(w.RowsSharePct, 100*70.0/150) {
		t.Errorf("rows share %v", *w.RowsSharePct)
	}
}

// TestStatesOnly: the Houthi rebels are a recipient of Russia but not a
// state; --states-only leaves them out, and every answer counts both.
func TestStatesOnly(t *testing.T) {
	e := factsheetFixture(t)
	ctx := context.Background()
	all, err := e.Rank(ctx, RankQuery{Side: "recipients", Supplier: "Russia", Years: Years{2000, 2002}})
	if err != nil {
		t.Fatal(err)
	}
	states, err := e.Rank(ctx, RankQuery{Side: "recipients", Supplier: "Russia", Years: Years{2000, 2002}, StatesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if all.Count != 2 || all.StatesCount != 1 || states.Count != 1 || states.StatesCount != 1 || states.Rows[0].Name != "India" {
		t.Errorf("all %d/%d, states only %d/%d %+v", all.Count, all.StatesCount, states.Count, states.StatesCount, states.Rows)
	}
	// A region counts its states unless asked otherwise.
	me, err := e.Rank(ctx, RankQuery{Side: "recipients", Region: "Middle East", Years: Years{2000, 2002}})
	if err != nil {
		t.Fatal(err)
	}
	meAll, err := e.Rank(ctx, RankQuery{Side: "recipients", Region: "Middle East", Years: Years{2000, 2002}, AllParties: true})
	if err != nil {
		t.Fatal(err)
	}
	if me.Count != 0 || meAll.Count != 1 || meAll.TotalTIV != 5 {
		t.Errorf("Middle East: %d states, all parties %d (%v)", me.Count, meAll.Count, meAll.TotalTIV)
	}
}

// TestTotalsSIPRI: with --totals sipri the whole is the tables' own Total
// rows, not the sum of the rows; the answer says which it used.
func TestTotalsSIPRI(t *testing.T) {
	e := factsheetFixture(t)
	ctx := context.Background()
	r, err := e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2000, 2002}, Compare: Years{1997, 1999}, Totals: "sipri"})
	if err != nil {
		t.Fatal(err)
	}
	// SIPRI: 69+21+61 = 151 against 11+54+41 = 106.
	if r.Totals != "sipri" || r.TotalTIV != 151 || *r.PreviousTotalTIV != 106 || !near(r.TotalChangePct, 100*45.0/106) {
		t.Errorf("totals %q %v <- %v change %v", r.Totals, r.TotalTIV, *r.PreviousTotalTIV, *r.TotalChangePct)
	}
	if !near(r.Rows[0].SharePct, 100*70.0/151) {
		t.Errorf("US share %v", *r.Rows[0].SharePct)
	}
	p, err := e.Rank(ctx, RankQuery{Side: "suppliers", Recipient: "Poland", Years: Years{1998, 1998}, Totals: "sipri"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Totals != "sipri" || p.TotalTIV != 26 {
		t.Errorf("Poland 1998: %q %v", p.Totals, p.TotalTIV)
	}
	// Recipients take their own tables' Total rows: Poland's 1998 is 26,
	// where its rows sum to 25.
	rc, err := e.Rank(ctx, RankQuery{Side: "recipients", Years: Years{1998, 1998}, Totals: "sipri"})
	if err != nil {
		t.Fatal(err)
	}
	if rc.Totals != "sipri" || rc.TotalTIV != 54 || rc.Rows[0].Name != "India" || rc.Rows[1].Name != "Poland" || rc.Rows[1].TIV != 26 {
		t.Errorf("recipients 1998: %q %v %+v", rc.Totals, rc.TotalTIV, rc.Rows)
	}
	// A region's whole is the sum of its members' own totals.
	eu, err := e.Rank(ctx, RankQuery{Side: "recipients", Region: "Europe", Years: Years{1998, 1998}, Totals: "sipri"})
	if err != nil {
		t.Fatal(err)
	}
	if eu.Totals != "sipri" || eu.TotalTIV != 26 || !near(eu.WorldSharePct, 100*26.0/54) {
		t.Errorf("Europe 1998: %q %v %v", eu.Totals, eu.TotalTIV, eu.WorldSharePct)
	}
	// No Total row for India: the sum, and the answer says so.
	i, err := e.Rank(ctx, RankQuery{Side: "suppliers", Recipient: "India", Years: Years{1998, 1998}, Totals: "sipri"})
	if err != nil {
		t.Fatal(err)
	}
	if i.Totals != "sum" || i.TotalTIV != 30 {
		t.Errorf("India 1998: %q %v", i.Totals, i.TotalTIV)
	}
	d, err := e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2000, 2002}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Totals != "sum" || d.TotalTIV != 150 {
		t.Errorf("default: %q %v", d.Totals, d.TotalTIV)
	}
	if _, err := e.Rank(ctx, RankQuery{Side: "suppliers", Totals: "mine"}); armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("--totals mine: %v", err)
	}
}

// userGroups is a loader with a group a user defined.
type userGroups struct {
	*memLoader
	groups []names.Group
}

func (u userGroups) Groups(context.Context) ([]names.Group, error) { return u.groups, nil }

func TestUserGroup(t *testing.T) {
	base := factsheetFixture(t)
	l := userGroups{memLoader: base.loader.(*memLoader), groups: []names.Group{{Name: "Visegrad", Members: []names.Member{{Name: "Poland"}, {Name: "Czech Republic", From: 1993}}}}}
	e, err := New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Rank(context.Background(), RankQuery{Side: "suppliers", Recipient: "visegrad", Years: Years{1997, 1999}})
	if err != nil {
		t.Fatal(err)
	}
	if r.TotalTIV != 75 || r.Group == nil || len(r.Group.Members) != 2 || r.Group.Members[1] != "Czechia" {
		t.Errorf("Visegrad: %v %+v", r.TotalTIV, r.Group)
	}
}
