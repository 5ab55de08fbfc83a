package revision

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
)

func ip(n int) *int         { return &n }
func fp(v float64) *float64 { return &v }
func register(scope string) armsflow.Dataset {
	return armsflow.Dataset{Name: "register-" + scope, Kind: armsflow.KindRegister, Scope: scope, Generated: "2025-03-13"}
}

// deal makes a classic register deal: supplier, recipient, designation,
// order year, number ordered (and delivered), delivery years, TIV per unit.
func deal(sup, rcp, desig string, year, n int, unit float64, delivered ...int) armsflow.Deal {
	d := armsflow.Deal{Supplier: sup, Recipient: rcp, Designation: desig, Description: "tank", OrderYear: ip(year),
		Ordered: ip(n), Delivered: ip(0), Status: "New", TIVUnit: fp(unit), TIVTotal: fp(unit * float64(n)), DeliveryYears: delivered}
	if len(delivered) > 0 {
		d.Delivered = ip(n)
		d.TIVDelivered = fp(unit * float64(n))
	}
	return d
}

func with(d armsflow.Deal, f func(*armsflow.Deal)) armsflow.Deal {
	f(&d)
	return d
}

// base is a small old register that each case revises.
func base() []armsflow.Deal {
	return []armsflow.Deal{
		deal("Russia", "Viet Nam", "T-90S", 2017, 64, 4, 2018, 2019),
		deal("Soviet Union", "Egypt", "P-15", 1961, 30, 0.6, 1962, 1964),
		deal("France", "Chile", "PVP", 2009, 9, 0.12, 2010, 2011),
		deal("France", "Chile", "PVP", 2010, 6, 0.12, 2011),
		deal("United States", "Jordan", "M-60A1 Patton-2", 1976, 82, 1.5, 1977),
		deal("Jordan", "Libya HoR*", "Al-Wahsh", 2018, 5, 0.2, 2018),
		deal("Russia", "Libya HoR*", "R-73", 2020, 100, 0.06, 2021),
	}
}

func TestCompareKinds(t *testing.T) {
	tests := []struct {
		name    string
		old     []armsflow.Deal
		new     []armsflow.Deal
		oldDS   armsflow.Dataset
		newDS   armsflow.Dataset
		want    map[string]int // summary counts that must be so (others 0)
		change  string         // the kind of the listed entry checked
		fields  []string
		oldDeal []string // designations or order years of its old deals
		newDeal []string
	}{
		{name: "unchanged", old: base(), new: base(), want: map[string]int{Unchanged: 7}},
		{name: "changed number", old: base(), new: func() []armsflow.Deal {
			ds := base()
			ds[1].Ordered, ds[1].Delivered, ds[1].TIVTotal, ds[1].TIVDelivered = ip(23), ip(23), fp(13.8), fp(13.8)
			return ds
		}(), want: map[string]int{Changed: 1, Unchanged: 6}, change: Changed,
			fields: []string{"ordered", "delivered", "tiv_total", "tiv_delivered"}, oldDeal: []string{"P-15 1961"}, newDeal: []string{"P-15 1961"}},
		{name: "changed order year", old: base(), new: func() []armsflow.Deal {
			ds := base()
			ds[0].OrderYear = ip(2016)
			return ds
		}(), want: map[string]int{Changed: 1, Unchanged: 6}, change: Changed, fields: []string{"order_year"},
			oldDeal: []string{"T-90S 2017"}, newDeal: []string{"T-90S 2016"}},
		{name: "renamed weapon", old: base(), new: func() []armsflow.Deal {
			ds := base()
			ds[4].Designation = "M-60A1"
			return ds
		}(), want: map[string]int{Renamed: 1, Unchanged: 6}, change: Renamed, fields: []string{"designation"},
			oldDeal: []string{"M-60A1 Patton-2 1976"}, newDeal: []string{"M-60A1 1976"}},
		{name: "renamed party throughout", old: base(), new: func() []armsflow.Deal {
			ds := base()
			ds[5].Recipient, ds[6].Recipient = "HoR (Libya)*", "HoR (Libya)*"
			ds[6].Designation = "R-73E" // renamed twice over: still one deal
			return ds
		}(), want: map[string]int{Renamed: 2, Unchanged: 5}, change: Renamed, fields: []string{"recipient"},
			oldDeal: []string{"Al-Wahsh 2018"}, newDeal: []string{"Al-Wahsh 2018"}},
		{name: "merged", old: base(), new: func() []armsflow.Deal {
			ds := base()
			ds[2].Ordered, ds[2].Delivered, ds[2].TIVTotal, ds[2].TIVDelivered = ip(15), ip(15), fp(1.8), fp(1.8)
			return slices.Delete(ds, 3, 4)
		}(), want: map[string]int{Merged: 1, Unchanged: 5}, change: Merged,
			fields:  []string{"order_year", "ordered", "delivered", "delivery_years", "tiv_total", "tiv_delivered"},
			oldDeal: []string{"PVP 2009", "PVP 2010"}, newDeal: []string{"PVP 2009"}},
		{name: "split", old: base(), new: func() []armsflow.Deal {
			ds := base()
			ds[0] = deal("Russia", "Viet Nam", "T-90S", 2017, 40, 4, 2018)
			return append(ds, deal("Russia", "Viet Nam", "T-90S", 2018, 24, 4, 2019))
		}(), want: map[string]int{Split: 1, Unchanged: 6}, change: Split,
			oldDeal: []string{"T-90S 2017"}, newDeal: []string{"T-90S 2017", "T-90S 2018"}},
		{name: "added and removed", old: base(), new: func() []armsflow.Deal {
			ds := base()
			ds[0] = deal("Russia", "India", "Su-30MKI", 2000, 50, 30, 2002)
			return ds
		}(), want: map[string]int{Added: 1, Removed: 1, Unchanged: 6}, change: Added,
			newDeal: []string{"Su-30MKI 2000"}},
		{name: "out of scope, not removed", old: append(base(), deal("Russia", "Viet Nam", "Su-35", 2024, 12, 30)),
			new: base(), newDS: register("deliveries 1950-2025"),
			want: map[string]int{OutOfScope: 1, Unchanged: 7}, change: OutOfScope, oldDeal: []string{"Su-35 2024"}},
		{name: "not delivered, yet in an all-deals export: removed", old: append(base(), deal("Russia", "Viet Nam", "Su-35", 2024, 12, 30)),
			new: base(), want: map[string]int{Removed: 1, Unchanged: 7}, change: Removed, oldDeal: []string{"Su-35 2024"}},
		{name: "a new deal outside the old export's years", old: base(), oldDS: register("deliveries 1950-2020"),
			new:  append(base(), deal("India", "Armenia", "Pinaka", 2022, 4, 5, 2023)),
			want: map[string]int{OutOfScope: 1, Unchanged: 7}, change: OutOfScope, newDeal: []string{"Pinaka 2022"}},
		{name: "party-limited export", old: base(), new: base()[:1], newDS: register("from Russia to Viet Nam, all deals"),
			want: map[string]int{OutOfScope: 6, Unchanged: 1}, change: OutOfScope},
		{name: "IDs match whatever the key", old: withIDs(base()), new: func() []armsflow.Deal {
			ds := withIDs(base())
			ds[0].Designation, ds[0].OrderYear, ds[0].Ordered = "T-90MS", ip(2015), ip(60)
			return ds
		}(), want: map[string]int{Changed: 1, Unchanged: 6}, change: Changed, fields: []string{"order_year", "ordered", "designation"},
			oldDeal: []string{"T-90S 2017"}, newDeal: []string{"T-90MS 2015"}},
		{name: "a new ID is a new deal, however alike", old: withIDs(base()), new: func() []armsflow.Deal {
			ds := withIDs(base())
			ds[0].ID = 999
			return ds
		}(), want: map[string]int{Added: 1, Removed: 1, Unchanged: 6}, change: Added, newDeal: []string{"T-90S 2017"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.oldDS.Name == "" {
				tt.oldDS = register("all deals")
				tt.oldDS.Name = "old"
			}
			if tt.newDS.Name == "" {
				tt.newDS = register("all deals")
			}
			tt.newDS.Name = "new"
			res, err := Compare(tt.oldDS, &armsflow.Content{Deals: tt.old}, tt.newDS, &armsflow.Content{Deals: tt.new}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range append(slices.Clone(Kinds), Unchanged) {
				if got := res.Summary.Count(k); got != tt.want[k] {
					t.Errorf("%s: %d, want %d (summary %+v)", k, got, tt.want[k], res.Summary)
				}
			}
			if tt.change == "" {
				return
			}
			i := slices.IndexFunc(res.Deals, func(d DealChange) bool { return d.Change == tt.change })
			if i < 0 {
				t.Fatalf("no %s entry in %+v", tt.change, res.Deals)
			}
			e := res.Deals[i]
			if tt.fields != nil && !slices.Equal(e.Fields, tt.fields) {
				t.Errorf("fields %v, want %v", e.Fields, tt.fields)
			}
			if tt.oldDeal != nil && !slices.Equal(labels(e.Old), tt.oldDeal) {
				t.Errorf("old deals %v, want %v", labels(e.Old), tt.oldDeal)
			}
			if tt.newDeal != nil && !slices.Equal(labels(e.New), tt.newDeal) {
				t.Errorf("new deals %v, want %v", labels(e.New), tt.newDeal)
			}
		})
	}
}

func withIDs(ds []armsflow.Deal) []armsflow.Deal {
	for i := range ds {
		ds[i].ID = 100 + i
	}
	return ds
}

func labels(ds []armsflow.Deal) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s %d", d.Designation, *d.OrderYear))
	}
	return out
}

// TestConventionAndVocabulary: a flag SIPRI changed in most deals and a
// description reworded throughout are reported once, not as changes of each
// deal; --strict counts them.
func TestConventionAndVocabulary(t *testing.T) {
	var old, new []armsflow.Deal
	for i := range 60 {
		d := deal("Germany", "Greece", fmt.Sprintf("Leopard-%d", i), 1990+i%30, 10+i, 2, 1995)
		d.Description = "APC"
		d.Comments = "aid"
		old = append(old, d)
		n := d
		n.DeliveredUncertain = true
		n.Description = "armoured personnel carrier"
		new = append(new, n)
	}
	new[0].Comments = "revised"
	res, err := Compare(register("all deals"), &armsflow.Content{Deals: old}, register("all deals"), &armsflow.Content{Deals: new}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Changed != 1 || res.Summary.Unchanged != 59 || !slices.Equal(res.Deals[0].Fields, []string{"comments"}) {
		t.Errorf("summary %+v, first fields %v", res.Summary, res.Deals[0].Fields)
	}
	if len(res.Systematic) != 1 || res.Systematic[0] != (Systematic{Field: "delivered_uncertain", Deals: 60, Matched: 60}) {
		t.Errorf("systematic %+v", res.Systematic)
	}
	if !slices.Contains(res.Renames, Rename{Kind: "description", Old: "APC", New: "armoured personnel carrier", Deals: 60}) {
		t.Errorf("renames %+v", res.Renames)
	}
	ignored, _ := Compare(register("all deals"), &armsflow.Content{Deals: old}, register("all deals"), &armsflow.Content{Deals: new}, Options{Ignore: []string{"comments"}})
	if ignored.Summary.Changed != 0 || ignored.Summary.Unchanged != 60 {
		t.Errorf("ignoring comments: %+v", ignored.Summary)
	}
	strict, _ := Compare(register("all deals"), &armsflow.Content{Deals: old}, register("all deals"), &armsflow.Content{Deals: new}, Options{Strict: true})
	if strict.Summary.Changed != 60 {
		t.Errorf("strict: %+v", strict.Summary)
	}
}

// TestFlowsAndRanks checks the TIV revision of two tiny TIV tables: per
// pair and year, per period, the world and the ranks.
func TestFlowsAndRanks(t *testing.T) {
	tables := func(cov armsflow.Coverage, flows ...armsflow.Flow) (armsflow.Dataset, *armsflow.Content) {
		return armsflow.Dataset{Name: "tiv", Kind: armsflow.KindTIV, Coverage: cov}, &armsflow.Content{Flows: flows}
	}
	f := func(s, r string, y int, v float64) armsflow.Flow {
		return armsflow.Flow{Supplier: s, Recipient: r, Year: y, TIV: v}
	}
	oldDS, oldC := tables(armsflow.Coverage{From: 2015, To: 2021},
		f("Russia", "India", 2016, 100), f("France", "India", 2016, 50), f("Russia", "India", 2020, 10), f("France", "Qatar", 2021, 80))
	newDS, newC := tables(armsflow.Coverage{From: 2015, To: 2024, PartialFrom: 2024},
		f("Russia", "India", 2016, 100), f("France", "India", 2016, 70), f("Russia", "India", 2020, 10), f("France", "Qatar", 2021, 100),
		f("France", "Qatar", 2023, 5))
	oldDS.Name, newDS.Name = "tiv-old", "tiv-new"
	res, err := Compare(oldDS, oldC, newDS, newC, Options{PeriodLength: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Years != (Years{From: 2015, To: 2021}) {
		t.Errorf("years %+v", res.Years)
	}
	got, _ := json.Marshal(res.Flows)
	want := `[{"supplier":"France","recipient":"India","year":2016,"old":50,"new":70,"change":20,"change_pct":40},` +
		`{"supplier":"France","recipient":"Qatar","year":2021,"old":80,"new":100,"change":20,"change_pct":25}]`
	if string(got) != want {
		t.Errorf("flows\n%s\nwant\n%s", got, want)
	}
	// Periods of 3 ending in 2021: 2015, 2016-2018, 2019-2021.
	got, _ = json.Marshal(res.World)
	want = `[{"period":"2015","from":2015,"to":2015,"old":0,"new":0,"change":0,"change_pct":null},` +
		`{"period":"2016-2018","from":2016,"to":2018,"old":150,"new":170,"change":20,"change_pct":13.3},` +
		`{"period":"2019-2021","from":2019,"to":2021,"old":90,"new":110,"change":20,"change_pct":22.2}]`
	if string(got) != want {
		t.Errorf("world\n%s\nwant\n%s", got, want)
	}
	// Shares move though no rank does.
	var moved []string
	for _, m := range res.Ranks {
		moved = append(moved, fmt.Sprintf("%s %s %s %d→%d %.2f→%.2f", m.Period, m.Side, m.Name, m.OldRank, m.NewRank, m.OldSharePct, m.NewSharePct))
	}
	wantMoves := []string{
		"2016-2018 suppliers France 2→2 33.33→41.18", "2016-2018 suppliers Russia 1→1 66.67→58.82",
		"2019-2021 suppliers France 1→1 88.89→90.91", "2019-2021 suppliers Russia 2→2 11.11→9.09",
		"2019-2021 recipients India 2→2 11.11→9.09", "2019-2021 recipients Qatar 1→1 88.89→90.91",
	}
	if !slices.Equal(moved, wantMoves) {
		t.Errorf("rank moves\n%s\nwant\n%s", strings.Join(moved, "\n"), strings.Join(wantMoves, "\n"))
	}
	// Years limit the TIV comparison, within what both cover.
	res, err = Compare(oldDS, oldC, newDS, newC, Options{PeriodLength: 3, Years: engine.Years{From: 2019}})
	if err != nil || res.Years != (Years{From: 2019, To: 2021}) || len(res.Flows) != 1 || len(res.World) != 1 {
		t.Errorf("--years 2019-: %v %+v, %d flows, %d periods", err, res.Years, len(res.Flows), len(res.World))
	}
	if _, err := Compare(oldDS, oldC, newDS, newC, Options{Years: engine.Years{From: 2020, To: 2023}}); armsflow.ErrorCode(err) != armsflow.ENOTCOVERED {
		t.Errorf("--years 2020-2023 beyond the old coverage: %v", err)
	}
	// Filtered to a supplier, only its flows and its rank rows.
	res, _ = Compare(oldDS, oldC, newDS, newC, Options{Supplier: "FRA", PeriodLength: 3})
	for _, fl := range res.Flows {
		if fl.Supplier != "France" {
			t.Errorf("flow of %s with --supplier France", fl.Supplier)
		}
	}
	for _, m := range res.Ranks {
		if m.Side == "suppliers" && m.Name != "France" {
			t.Errorf("rank row of %s with --supplier France", m.Name)
		}
	}
}

// TestRegisterFlows: a register's yearly TIV comes from its per-year
// deliveries where deals carry them, and a renamed party's flows are
// compared under its new name.
func TestRegisterFlows(t *testing.T) {
	old := []armsflow.Deal{deal("Jordan", "Libya HoR*", "Al-Wahsh", 2018, 5, 2, 2018, 2019)}
	new := []armsflow.Deal{with(deal("Jordan", "HoR (Libya)*", "Al-Wahsh", 2018, 5, 2, 2018, 2019), func(d *armsflow.Deal) {
		d.Deliveries = []armsflow.Delivery{{Year: 2018, Units: ip(4), TIV: fp(8)}, {Year: 2019, Units: ip(1), TIV: fp(2)}}
	})}
	res, err := Compare(register("all deals"), &armsflow.Content{Deals: old}, register("all deals"), &armsflow.Content{Deals: new}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(res.Flows)
	want := `[{"supplier":"Jordan","recipient":"HoR (Libya)*","year":2018,"old":5,"new":8,"change":3,"change_pct":60},` +
		`{"supplier":"Jordan","recipient":"HoR (Libya)*","year":2019,"old":5,"new":2,"change":-3,"change_pct":-60}]`
	if string(got) != want {
		t.Errorf("flows\n%s\nwant\n%s", got, want)
	}
	if !res.OldSide.Estimated || res.NewSide.Estimated {
		t.Errorf("estimated: old %v new %v", res.OldSide.Estimated, res.NewSide.Estimated)
	}
}

func TestOptions(t *testing.T) {
	old, new := base(), base()
	new[1].Ordered = ip(23)
	new[4].Designation = "M-60A1"
	new = append(new, deal("Russia", "India", "Su-30MKI", 2000, 50, 30, 2002))
	ds := register("all deals")
	for _, tt := range []struct {
		opt     Options
		changes []string
		total   int
	}{
		{Options{}, []string{Changed, Renamed, Added}, 3},
		{Options{Changes: []string{Renamed}}, []string{Renamed}, 1},
		{Options{Fields: []string{"ordered"}}, []string{Changed}, 1},
		{Options{Limit: 2}, []string{Changed, Renamed}, 3},
		{Options{Supplier: "Soviet Union"}, []string{Changed}, 1},
		{Options{Recipient: "JOR"}, []string{Renamed}, 1},
	} {
		res, err := Compare(ds, &armsflow.Content{Deals: old}, ds, &armsflow.Content{Deals: new}, tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range res.Deals {
			got = append(got, d.Change)
		}
		if !slices.Equal(got, tt.changes) || res.DealsTotal != tt.total {
			t.Errorf("%+v: %v (total %d), want %v (total %d)", tt.opt, got, res.DealsTotal, tt.changes, tt.total)
		}
	}
	for _, opt := range []Options{{Changes: []string{"deleted"}}, {Fields: []string{"price"}}, {Supplier: "Atlantis"}} {
		if _, err := Compare(ds, &armsflow.Content{Deals: old}, ds, &armsflow.Content{Deals: new}, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}

func TestScopeOf(t *testing.T) {
	c := &armsflow.Content{Deals: []armsflow.Deal{deal("A", "B", "X", 1990, 1, 1, 1991), deal("A", "B", "Y", 2020, 1, 1, 2024)}}
	for _, tt := range []struct {
		scope, generated string
		want             string
		in               []bool // the two deals of c
	}{
		{"all deals", "2025-03-13", "1991-2024", []bool{true, true}},
		{"deliveries 1950-2025", "2025-10-23", "1950-2025 (2025 partial)", []bool{true, true}},
		{"deliveries 2000-2024", "2025-01-10", "2000-2024", []bool{false, true}},
		{"deliveries up to 2000", "", "1991-2000", []bool{true, false}},
		{"from Russia to Viet Nam, all deals", "", "1991-2024", []bool{false, false}},
	} {
		s := scopeOf(armsflow.Dataset{Scope: tt.scope, Generated: tt.generated}, c)
		if s.years.String() != tt.want {
			t.Errorf("%q: years %s, want %s", tt.scope, s.years, tt.want)
		}
		for i, want := range tt.in {
			if got := s.holds(&c.Deals[i]); got != want {
				t.Errorf("%q: holds deal %d = %v", tt.scope, i, got)
			}
		}
	}
}

func TestSimilarDesignation(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"M-60A1 Patton-2", "M-60A1", true},
		{"EL/M-2084", "M-2084", true},
		{"Giraffe AMB", "Giraffe-AMB", true},
		{"T-72Z", "Type-72Z", true},
		{"JT8D", "JT-8D", true},
		{"Su-30MKI", "T-90S", false},
		{"Type-86", "Boragh", false},
	} {
		if got := similarDesignation(&rec{desig: tt.a}, &rec{desig: tt.b}); got != tt.want {
			t.Errorf("%q ~ %q = %v", tt.a, tt.b, got)
		}
	}
}
