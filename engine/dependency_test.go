package engine_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/internal/memlib"
)

func depInt(v int) *int           { return &v }
func depF(v float64) *float64     { return &v }
func depYear(y int) *int          { return &y }
func depPct(p *float64) float64   { return math.Round(*p*10) / 10 } // shares are kept unrounded; compare at one decimal
func depUnits(p *int) (int, bool) { return derefInt(p) }
func derefInt(p *int) (int, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

// depClassic is a classic register for Viet Nam, built by hand. The stock
// as of 2020, worked out in the comments, is what the tests check.
//
//	deal                       category  life  delivered         TIV  units
//	Soviet Union fighters      Aircraft  30    1990, 1991        100  10   → 1991 half in (age 29), 1990 retired (age 30)
//	Russia frigates            Ships     30    2010, 2011        200   2   → in
//	Israel SAMs                Missiles  15    2000               50 100   → retired (age 20)
//	Israel radar               Sensors   20    2012               70   1   → in
//	Russia tanks, 64 ordered   Armoured  35    2018, 2019 (32)    80  32   → in; 32 units and 80 TIV still on order
//	United States patrol ship  Ships     30    none (order 2022)   -   -   → pipeline from 2022
//	Russia → Laos fighters                                        999       → another recipient
func depClassic() *memlib.Library {
	deals := []armsflow.Deal{
		{Supplier: "Soviet Union", Recipient: "Viet Nam", OrderYear: depYear(1988), Ordered: depInt(10), Description: "fighter aircraft",
			Delivered: depInt(10), DeliveryYears: []int{1990, 1991}, TIVTotal: depF(100), TIVDelivered: depF(100)},
		{Supplier: "Russia", Recipient: "Viet Nam", OrderYear: depYear(2006), Ordered: depInt(2), Description: "frigate",
			Delivered: depInt(2), DeliveryYears: []int{2010, 2011}, TIVTotal: depF(200), TIVDelivered: depF(200)},
		{Supplier: "Israel", Recipient: "Viet Nam", OrderYear: depYear(1999), Ordered: depInt(100), Description: "SAM",
			Delivered: depInt(100), DeliveryYears: []int{2000}, TIVTotal: depF(50), TIVDelivered: depF(50)},
		{Supplier: "Israel", Recipient: "Viet Nam", OrderYear: depYear(2011), Ordered: depInt(1), Description: "air search radar",
			Delivered: depInt(1), DeliveryYears: []int{2012}, TIVTotal: depF(70), TIVDelivered: depF(70)},
		{Supplier: "Russia", Recipient: "Viet Nam", OrderYear: depYear(2016), Ordered: depInt(64), Description: "tank",
			Delivered: depInt(32), DeliveryYears: []int{2018, 2019}, TIVUnit: depF(2.5), TIVTotal: depF(160), TIVDelivered: depF(80)},
		{Supplier: "United States", Recipient: "Viet Nam", OrderYear: depYear(2022), Ordered: depInt(1), Description: "patrol ship",
			Delivered: depInt(0), DeliveryYears: []int{}, TIVTotal: depF(54), TIVDelivered: depF(0)},
		{Supplier: "Russia", Recipient: "Laos", OrderYear: depYear(2015), Ordered: depInt(4), Description: "fighter aircraft",
			Delivered: depInt(4), DeliveryYears: []int{2019}, TIVTotal: depF(999), TIVDelivered: depF(999)},
	}
	return &memlib.Library{
		DatasetList: []armsflow.Dataset{{Name: "register-2025-03-13", Kind: armsflow.KindRegister, Generated: "2025-03-13",
			Coverage: armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}}},
		Content: map[string]*armsflow.Content{"register-2025-03-13": {Deals: deals}},
		EventList: []armsflow.Event{
			{ID: "crimea", Date: "2014-03-17", Kind: "sanction", Title: "over Crimea", Parties: []string{"Russia", "Ukraine"}, Actor: "United States"},
			{ID: "caatsa", Date: "2017-08-02", Kind: "sanction", Title: "CAATSA", Parties: []string{"Russia", "Viet Nam"}, Actor: "United States", Tags: []string{"sanctions", "secondary"}},
			{ID: "caatsa-china", Date: "2018-09-20", Kind: "sanction", Title: "CAATSA on China", Parties: []string{"Russia", "China"}, Actor: "United States",
				Deals: []armsflow.DealRef{{Supplier: "Russia", Recipient: "China"}}},
			{ID: "israel-embargo", Date: "2005", End: "2010", Kind: "sanction", Title: "an embargo that ended", Parties: []string{"Israel"}, Actor: "United States"},
			{ID: "lifted", Date: "2016-05-23", Kind: "sanction", Title: "a lifting, no actor", Parties: []string{"United States", "Viet Nam"}},
		},
	}
}

func depEngine(t *testing.T, l *memlib.Library) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func depRow(t *testing.T, rows []engine.DependencyRow, name string) engine.DependencyRow {
	t.Helper()
	for _, r := range rows {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no row %q in %+v", name, rows)
	return engine.DependencyRow{}
}

func TestDependencyStockBandPipelineExposure(t *testing.T) {
	e := depEngine(t, depClassic())
	ctx := context.Background()
	type want struct {
		name             string
		tiv              float64
		units            int
		share, low, high float64
		includes         string
	}
	cases := []struct {
		name     string
		q        engine.DependencyQuery
		rows     []want
		total    float64
		flow     map[string]float64
		pipeline map[string][2]float64 // TIV, units
		exposure []engine.ExposureRow
	}{
		{
			// Central lives: Russia 50 (1991 fighters) + 200 + 80 = 330, Israel 70 (radar), total 400.
			// 30 % shorter (21, 21, 25, 11, 14 years): the 1991 fighters retire: Russia 280 of 350 = 80.0 %, Israel 20.0 %.
			// 30 % longer (39, 39, 46, 20, 26): both fighter years in, the SAMs (age 20) still out: Russia 380 of 450 = 84.4 %, Israel 15.6 %.
			name: "as of 2020 by TIV",
			q:    engine.DependencyQuery{Recipient: "Vietnam", AsOf: 2020},
			rows: []want{
				{"Russia", 330, 5 + 2 + 32, 82.5, 80.0, 84.4, "Soviet Union"},
				{"Israel", 70, 1, 17.5, 15.6, 20.0, ""},
			},
			total:    400,
			flow:     map[string]float64{"Russia": 100}, // 2016-2020: only the tanks
			pipeline: map[string][2]float64{"Russia": {80, 32}},
			exposure: []engine.ExposureRow{{Regime: "United States sanctions on Russia", Targets: "supplier", Event: "crimea",
				Suppliers: []string{"Russia"}, StockSharePct: depF(82.5), PipelineSharePct: depF(100)},
				{Regime: "United States sanctions on buyers of arms from Russia", Targets: "buyers", Event: "caatsa, caatsa-china",
					Suppliers: []string{"Russia"}, StockSharePct: depF(82.5), PipelineSharePct: depF(100)}},
		},
		{
			// Units: Russia 39 of 40; short: 34 of 35 = 97.1 %; long: 44 of 45 = 97.8 %.
			name: "as of 2020 by units",
			q:    engine.DependencyQuery{Recipient: "VNM", AsOf: 2020, Weight: engine.WeightUnits},
			rows: []want{
				{"Russia", 330, 39, 97.5, 97.1, 97.8, "Soviet Union"},
				{"Israel", 70, 1, 2.5, 2.2, 2.9, ""},
			},
			total:    400,
			flow:     map[string]float64{"Russia": 100},
			pipeline: map[string][2]float64{"Russia": {80, 32}},
			exposure: []engine.ExposureRow{{Regime: "United States sanctions on Russia", Targets: "supplier", Event: "crimea",
				Suppliers: []string{"Russia"}, StockSharePct: depF(97.5), PipelineSharePct: depF(100)},
				{Regime: "United States sanctions on buyers of arms from Russia", Targets: "buyers", Event: "caatsa, caatsa-china",
					Suppliers: []string{"Russia"}, StockSharePct: depF(97.5), PipelineSharePct: depF(100)}},
		},
		{
			// The Soviet Union apart: 50 of 400; short 0 of 350; long 100 of 450 = 22.2 %.
			// Russia alone: 280 of 400 = 70 %; short 280/350 = 80 %; long 280/450 = 62.2 %.
			name: "predecessor apart",
			q:    engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2020, SeparatePredecessors: true},
			rows: []want{
				{"Russia", 280, 34, 70.0, 62.2, 80.0, ""},
				{"Israel", 70, 1, 17.5, 15.6, 20.0, ""},
				{"Soviet Union", 50, 5, 12.5, 0, 22.2, ""},
			},
			total:    400,
			flow:     map[string]float64{"Russia": 100},
			pipeline: map[string][2]float64{"Russia": {80, 32}},
			// The Soviet Union's stock is under the regime on its successor.
			exposure: []engine.ExposureRow{{Regime: "United States sanctions on Russia", Targets: "supplier", Event: "crimea",
				Suppliers: []string{"Russia", "Soviet Union"}, StockSharePct: depF(82.5), PipelineSharePct: depF(100)},
				{Regime: "United States sanctions on buyers of arms from Russia", Targets: "buyers", Event: "caatsa, caatsa-china",
					Suppliers: []string{"Russia", "Soviet Union"}, StockSharePct: depF(82.5), PipelineSharePct: depF(100)}},
		},
		{
			// Default as-of: 2025 is partial, so 2024. The 1991 fighters are 33: out. Russia 280 of 350 = 80 %.
			// Short: 280/350; long (39): fighters in, Russia 380/450 = 84.4 %; the radar (age 12) in throughout.
			// Pipeline: the tanks (80 TIV, 32 units) and the patrol ship ordered in 2022 (54 TIV, 1 unit):
			// Russia 80 of 134 = 59.7 %.
			name: "default year, with a deal without deliveries",
			q:    engine.DependencyQuery{Recipient: "Viet Nam"},
			rows: []want{
				{"Russia", 280, 34, 80.0, 80.0, 84.4, "Soviet Union"},
				{"Israel", 70, 1, 20.0, 15.6, 20.0, ""},
			},
			total:    350,
			flow:     map[string]float64{},
			pipeline: map[string][2]float64{"Russia": {80, 32}, "United States": {54, 1}},
			exposure: []engine.ExposureRow{{Regime: "United States sanctions on Russia", Targets: "supplier", Event: "crimea",
				Suppliers: []string{"Russia"}, StockSharePct: depF(80), PipelineSharePct: depF(59.7)},
				{Regime: "United States sanctions on buyers of arms from Russia", Targets: "buyers", Event: "caatsa, caatsa-china",
					Suppliers: []string{"Russia"}, StockSharePct: depF(80), PipelineSharePct: depF(59.7)}},
		},
		{
			// 2005: the Israeli SAMs (age 5) and the Soviet fighters are in: Russia 100, Israel 50 of 150.
			// The embargo on Israel 2005-2010 is active; no regime on Russia yet.
			// Short: SAMs in (11), fighters in (21): same. Long: same.
			name: "an ended regime is active inside its years",
			q:    engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2005},
			rows: []want{
				{"Russia", 100, 10, 66.7, 66.7, 66.7, "Soviet Union"},
				{"Israel", 50, 100, 33.3, 33.3, 33.3, ""},
			},
			total:    150,
			flow:     map[string]float64{}, // 2001-2005: no deliveries; 2000's SAMs are outside
			pipeline: map[string][2]float64{},
			exposure: []engine.ExposureRow{{Regime: "United States sanctions on Israel", Targets: "supplier", Event: "israel-embargo",
				Suppliers: []string{"Israel"}, StockSharePct: depF(33.3)}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := e.Dependency(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if r.Recipient != "Viet Nam" || r.Dataset != "register-2025-03-13" || !r.Estimated {
				t.Errorf("recipient %q dataset %q estimated %v", r.Recipient, r.Dataset, r.Estimated)
			}
			if r.TotalTIV != c.total {
				t.Errorf("total TIV %v, want %v", r.TotalTIV, c.total)
			}
			if len(r.Rows) != len(c.rows) {
				t.Fatalf("%d rows, want %d: %+v", len(r.Rows), len(c.rows), r.Rows)
			}
			for i, w := range c.rows {
				g := r.Rows[i]
				u, _ := depUnits(g.Units)
				if g.Name != w.name || g.TIV != w.tiv || u != w.units || depPct(g.SharePct) != w.share ||
					depPct(g.LowPct) != w.low || depPct(g.HighPct) != w.high || strings.Join(g.Includes, ",") != w.includes {
					t.Errorf("row %d: got %s tiv %v units %d share %v [%v, %v] includes %v; want %+v", i, g.Name, g.TIV, u,
						depPct(g.SharePct), depPct(g.LowPct), depPct(g.HighPct), g.Includes, w)
				}
			}
			flow := map[string]float64{}
			for _, f := range r.FlowShare {
				flow[f.Name] = depPct(f.SharePct)
			}
			if len(flow) != len(c.flow) {
				t.Errorf("flow share %v, want %v", flow, c.flow)
			}
			for n, v := range c.flow {
				if flow[n] != v {
					t.Errorf("flow share of %s %v, want %v", n, flow[n], v)
				}
			}
			if len(r.Pipeline) != len(c.pipeline) {
				t.Errorf("pipeline %+v, want %v", r.Pipeline, c.pipeline)
			}
			for _, p := range r.Pipeline {
				w := c.pipeline[p.Name]
				u, ok := depUnits(p.Units)
				if p.TIV != w[0] || !ok || float64(u) != w[1] {
					t.Errorf("pipeline %s: %v TIV, %d units; want %v", p.Name, p.TIV, u, w)
				}
			}
			if len(r.Exposure) != len(c.exposure) {
				t.Fatalf("exposure %+v, want %+v", r.Exposure, c.exposure)
			}
			for i, w := range c.exposure {
				g := r.Exposure[i]
				if g.Regime != w.Regime || g.Targets != w.Targets || g.Event != w.Event || strings.Join(g.Suppliers, ",") != strings.Join(w.Suppliers, ",") ||
					!samePct(g.StockSharePct, w.StockSharePct) || !samePct(g.PipelineSharePct, w.PipelineSharePct) {
					t.Errorf("exposure %d: %+v, want %+v", i, g, w)
				}
			}
			for _, must := range []string{"transfers, not inventories", "losses", "exports onward", "local production", "retirements before", "ESTIMATED"} {
				if !strings.Contains(r.Note, must) {
					t.Errorf("note lacks %q: %s", must, r.Note)
				}
			}
		})
	}
}

func samePct(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return depPct(a) == depPct(b)
}

func TestDependencySeriesAndCategories(t *testing.T) {
	e := depEngine(t, depClassic())
	ctx := context.Background()
	r, err := e.Dependency(ctx, engine.DependencyQuery{Recipient: "Viet Nam", Years: engine.Years{From: 2019, To: 2020}})
	if err != nil {
		t.Fatal(err)
	}
	if r.AsOf != 2020 {
		t.Errorf("as of %d, want the series' end 2020", r.AsOf)
	}
	// 2019: the 1990 fighters are 29, still in: Russia 50+50+200+80 = 380 of 450 = 84.4 %; 2020: 82.5 %.
	got := map[int]float64{}
	for _, s := range r.Series {
		if s.Name == "Russia" {
			got[s.Year] = depPct(s.SharePct)
			if depPct(s.FlowSharePct) != 100 {
				t.Errorf("%d: flow share %v, want 100", s.Year, depPct(s.FlowSharePct))
			}
		}
	}
	if got[2019] != 84.4 || got[2020] != 82.5 {
		t.Errorf("Russia's stock share per year %v, want 2019: 84.4, 2020: 82.5", got)
	}
	periods := map[string]bool{}
	for _, f := range r.FlowShare {
		periods[f.Period] = true
	}
	if !periods["2015-2019"] || !periods["2016-2020"] || len(periods) != 2 {
		t.Errorf("flow share periods %v, want 2015-2019 and 2016-2020", periods)
	}

	// A year not over when the register was generated is answered, and said so.
	r, err = e.Dependency(ctx, engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2025})
	if err != nil || !strings.Contains(r.Note, "2025 was not over") {
		t.Errorf("as of a partial year: %v, note %q", err, r.Note)
	}

	// By category as of 2020: Aircraft 50, Ships 200, Armoured vehicles 80, Sensors 70.
	r, err = e.Dependency(ctx, engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2020, By: engine.ByCategory})
	if err != nil {
		t.Fatal(err)
	}
	for name, share := range map[string]float64{"Ships": 50, "Armoured vehicles": 20, "Sensors": 17.5, "Aircraft": 12.5} {
		if g := depRow(t, r.Rows, name); depPct(g.SharePct) != share {
			t.Errorf("%s: %v %%, want %v", name, depPct(g.SharePct), share)
		}
	}
	if len(r.Exposure) != 2 || depPct(r.Exposure[0].StockSharePct) != 82.5 || depPct(r.Exposure[1].StockSharePct) != 82.5 {
		t.Errorf("exposure by category is still by supplier: %+v", r.Exposure)
	}
	if len(r.Pipeline) != 1 || r.Pipeline[0].Name != "Armoured vehicles" {
		t.Errorf("pipeline by category: %+v", r.Pipeline)
	}
}

// The export option gives each year's TIV: the stock uses it as given,
// not spread evenly, and such a register is preferred.
func TestDependencyExactYearlyTIV(t *testing.T) {
	l := depClassic()
	l.DatasetList = append(l.DatasetList, armsflow.Dataset{Name: "register-2025-02-10", Kind: armsflow.KindRegister,
		Generated: "2025-02-10", YearlyTIV: true, Coverage: armsflow.Coverage{From: 2010, To: 2024}})
	l.Content["register-2025-02-10"] = &armsflow.Content{Deals: []armsflow.Deal{
		{ID: 1, Supplier: "Russia", Recipient: "Viet Nam", OrderYear: depYear(2017), Description: "fighter aircraft", Category: "Aircraft",
			Delivered: depInt(4), DeliveryYears: []int{2019, 2020}, TIVDelivered: depF(42),
			Deliveries: []armsflow.Delivery{{Year: 2019, Units: depInt(3), TIV: depF(30)}, {Year: 2020, Units: depInt(1), TIV: depF(12)}}},
		{ID: 2, Supplier: "India", Recipient: "Viet Nam", OrderYear: depYear(2016), Description: "patrol craft", Category: "Ships",
			Delivered: depInt(1), DeliveryYears: []int{2019}, TIVDelivered: depF(10),
			Deliveries: []armsflow.Delivery{{Year: 2019, Units: depInt(1), TIV: depF(10)}}},
	}}
	e := depEngine(t, l)
	r, err := e.Dependency(context.Background(), engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2019})
	if err != nil {
		t.Fatal(err)
	}
	if r.Dataset != "register-2025-02-10" || r.Estimated {
		t.Fatalf("dataset %s estimated %v: want the exact register", r.Dataset, r.Estimated)
	}
	// 30 of 40 (an even spread would give 21 of 31).
	if g := depRow(t, r.Rows, "Russia"); g.TIV != 30 || depPct(g.SharePct) != 75 {
		t.Errorf("Russia %v TIV %v %%, want 30 and 75", g.TIV, depPct(g.SharePct))
	}
	if !strings.Contains(r.Note, "exact") || strings.Contains(r.Note, "ESTIMATED") {
		t.Errorf("note: %s", r.Note)
	}
	// A register whose deliveries start in 2010 cannot see aircraft
	// delivered in 1981-2009 and still in service in 2019.
	if !strings.Contains(r.Note, "holds deliveries from 2010 only") {
		t.Errorf("note does not say the register's history is short: %s", r.Note)
	}
	// A register of deliveries only says that orders without any are not seen.
	if !strings.Contains(r.Note, "orders with none yet are not seen") {
		t.Errorf("note does not say the pipeline misses undelivered orders: %s", r.Note)
	}
}

// TestDependencyDefaultYearLatestRegister: without --as-of the stock is
// counted at the last complete year of the register that reaches the
// latest, not of the first in the shared order (an exact register of two
// years came first and gave a stock of 2001 from two years of deliveries).
func TestDependencyDefaultYearLatestRegister(t *testing.T) {
	l := depClassic()
	l.DatasetList = append(l.DatasetList, armsflow.Dataset{Name: "register-2025-02-10", Kind: armsflow.KindRegister,
		Generated: "2025-02-10", YearlyTIV: true, Coverage: armsflow.Coverage{From: 2000, To: 2001}})
	l.Content["register-2025-02-10"] = &armsflow.Content{Deals: []armsflow.Deal{
		{ID: 1, Supplier: "Ukraine", Recipient: "Viet Nam", OrderYear: depYear(1999), Description: "tank", Category: "Armoured vehicles",
			Delivered: depInt(50), DeliveryYears: []int{2000}, TIVDelivered: depF(9.5),
			Deliveries: []armsflow.Delivery{{Year: 2000, Units: depInt(50), TIV: depF(9.5)}}},
	}}
	e := depEngine(t, l)
	r, err := e.Dependency(context.Background(), engine.DependencyQuery{Recipient: "Viet Nam"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Dataset != "register-2025-03-13" || r.AsOf != 2024 {
		t.Errorf("answered from %s as of %d, want register-2025-03-13 as of 2024", r.Dataset, r.AsOf)
	}
	// A year asked that the exact register covers is still answered by it.
	r, err = e.Dependency(context.Background(), engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2001})
	if err != nil || r.Dataset != "register-2025-02-10" {
		t.Errorf("as of 2001: %v %+v", err, r)
	}
}

func TestDependencyErrors(t *testing.T) {
	e := depEngine(t, depClassic())
	ctx := context.Background()
	cases := []struct {
		q    engine.DependencyQuery
		code string
		msg  string
	}{
		{engine.DependencyQuery{}, armsflow.EINVALID, "--recipient"},
		{engine.DependencyQuery{Recipient: "Viet Nam", Weight: "money"}, armsflow.EINVALID, "--weight"},
		{engine.DependencyQuery{Recipient: "Viet Nam", By: "year"}, armsflow.EINVALID, "--by"},
		{engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2030}, armsflow.ENOTCOVERED, "1950-2025"},
		{engine.DependencyQuery{Recipient: "Viet Nam", Years: engine.Years{From: 1940, To: 1960}}, armsflow.ENOTCOVERED, "1940-1960"},
		{engine.DependencyQuery{Recipient: "Atlantis"}, armsflow.ENOTFOUND, "Atlantis"},
		{engine.DependencyQuery{Recipient: "Viet Nam", Dataset: "nope"}, armsflow.ENOTFOUND, "nope"},
	}
	for _, c := range cases {
		_, err := e.Dependency(ctx, c.q)
		if armsflow.ErrorCode(err) != c.code || !strings.Contains(armsflow.ErrorMessage(err), c.msg) {
			t.Errorf("%+v: %v (code %s), want %s mentioning %q", c.q, err, armsflow.ErrorCode(err), c.code, c.msg)
		}
	}
	// No register at all.
	empty := depEngine(t, &memlib.Library{})
	if _, err := empty.Dependency(ctx, engine.DependencyQuery{Recipient: "Viet Nam"}); armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
		t.Errorf("no register: %v", err)
	}
}

func TestServiceLives(t *testing.T) {
	d := engine.DefaultServiceLives()
	for _, c := range []struct {
		cat, desc string
		years     int
	}{
		{"Aircraft", "fighter aircraft", 30},
		{"Aircraft", "transport aircraft", 35},
		{"Aircraft", "UAV", 15},
		{"Ships", "frigate", 30},
		{"Ships", "patrol craft", 25},
		{"Armoured vehicles", "tank", 35},
		{"Artillery", "self-propelled howitzer", 35},
		{"Air defence systems", "SAM system", 25},
		{"Sensors", "air search radar", 20},
		{"Engines", "turbofan", 20},
		{"Missiles", "anti-ship missile", 15},
		{"no such category", "thing", 20},
	} {
		if r := d.Life(c.cat, c.desc); r.Years != c.years || r.Why == "" {
			t.Errorf("%s / %s: %d years (%q), want %d with a reason", c.cat, c.desc, r.Years, r.Why, c.years)
		}
	}
	over, err := engine.ParseServiceLives([]byte("categories:\n  - category: aircraft\n    years: 40\n    why: test\n"+
		"descriptions:\n  - match: [fighter]\n    years: 20\n    why: test\n"), "mine.yaml", d)
	if err != nil {
		t.Fatal(err)
	}
	if over.Life("Aircraft", "transport aircraft").Years != 35 || over.Life("Aircraft", "helicopter").Years != 40 ||
		over.Life("Aircraft", "fighter aircraft").Years != 20 || over.Life("Ships", "frigate").Years != 30 {
		t.Errorf("override: %+v", over.Rules())
	}
	if !strings.Contains(over.Source, "mine.yaml") {
		t.Errorf("source %q", over.Source)
	}
	bad := []struct{ in, want string }{
		{"categories:\n  - category: Boats\n    years: 3\n    why: x\n", "f.yaml:2:15: unknown category \"Boats\""},
		{"categories:\n  - category: Ships\n    years: -3\n    why: x\n", "f.yaml:3:12: years \"-3\""},
		{"categories:\n  - category: Ships\n    years: 30\n", "f.yaml:2:5: an entry of categories needs \"why\""},
		{"categories:\n  - category: Ships\n    yeras: 30\n", "f.yaml:3:5: unknown key \"yeras\""},
		{"lives: []\n", "f.yaml:1:1: unknown key \"lives\""},
		{"descriptions:\n  - match: []\n    years: 3\n    why: x\n", "f.yaml:2:12: match needs at least one word"},
		{"categories: [\n", "f.yaml:"},
		{"", "f.yaml: empty"},
		{"- 1\n", "f.yaml:1:1: expected a mapping"},
	}
	for _, b := range bad {
		_, err := engine.ParseServiceLives([]byte(b.in), "f.yaml", d)
		if armsflow.ErrorCode(err) != armsflow.EINVALID || !strings.HasPrefix(armsflow.ErrorMessage(err), b.want) {
			t.Errorf("%q: %v, want %q", b.in, err, b.want)
		}
	}
	if _, err := engine.ParseServiceLives([]byte("categories:\n  - category: Ships\n    years: 3\n    why: x\n"), "f.yaml", nil); err == nil ||
		!strings.Contains(err.Error(), "no life for Aircraft") {
		t.Errorf("a base file without every category: %v", err)
	}
}

func FuzzParseServiceLives(f *testing.F) {
	f.Add([]byte("categories:\n  - category: Ships\n    years: 30\n    why: x\n"))
	f.Add([]byte("descriptions:\n  - match: uav\n    years: 15\n    why: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := engine.ParseServiceLives(data, "fuzz.yaml", engine.DefaultServiceLives())
		if err != nil {
			if armsflow.ErrorCode(err) != armsflow.EINVALID {
				t.Fatalf("error without the invalid code: %v", err)
			}
			return
		}
		for _, r := range l.Rules() {
			if r.Years < 1 || r.Years > 100 {
				t.Fatalf("life %d accepted", r.Years)
			}
		}
	})
}

// TestDependencyFlowShareZeroOrNull: a row without deliveries in the 5
// years had a blank flow share, which read as 0 where the recipient had
// deliveries from others (a true 0) and said nothing where it had none (no
// share to take). Now it is 0 in the first case and null, with the
// reason, in the second, for the rows and the series alike.
func TestDependencyFlowShareZeroOrNull(t *testing.T) {
	e := depEngine(t, depClassic())
	ctx := context.Background()
	r, err := e.Dependency(ctx, engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2020})
	if err != nil {
		t.Fatal(err)
	}
	if r.FlowPeriod != "2016-2020" {
		t.Errorf("flow period %q", r.FlowPeriod)
	}
	if got := depPct(depRow(t, r.Rows, "Russia").FlowSharePct); got != 100 {
		t.Errorf("Russia's flow share %v, want 100", got)
	}
	if israel := depRow(t, r.Rows, "Israel"); israel.FlowSharePct == nil || *israel.FlowSharePct != 0 || israel.NullReason != "" {
		t.Errorf("Israel, no deliveries in 2016-2020 while Russia delivered: %v %q, want 0", israel.FlowSharePct, israel.NullReason)
	}
	r, err = e.Dependency(ctx, engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2005, Years: engine.Years{From: 2004, To: 2005}})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Rows {
		if row.FlowSharePct != nil || row.NullReason != "no deliveries to Viet Nam in 2001-2005, so no flow share" {
			t.Errorf("%s as of 2005: flow share %v, reason %q: want null and why", row.Name, row.FlowSharePct, row.NullReason)
		}
	}
	for _, s := range r.Series {
		if s.Year == 2004 { // 2000-2004 holds the Israeli SAMs of 2000
			if s.FlowSharePct == nil || s.NullReason != "" {
				t.Errorf("series 2004 %s: flow share %v, reason %q: want a share", s.Name, s.FlowSharePct, s.NullReason)
			}
			continue
		}
		if s.FlowSharePct != nil || !strings.HasPrefix(s.NullReason, "no deliveries to Viet Nam in 2001-2005") {
			t.Errorf("series %d %s: flow share %v, reason %q: want null and why", s.Year, s.Name, s.FlowSharePct, s.NullReason)
		}
	}
}
