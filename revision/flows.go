package revision

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
)

// FlowChange is the revision of one figure of TIV: a supplier's to a
// recipient in a year or a period, or the world total of a period (no
// parties). Old and New are 0 where a vintage records no deliveries.
type FlowChange struct {
	Supplier  string `json:"supplier,omitempty"`
	Recipient string `json:"recipient,omitempty"`
	Year      int    `json:"year,omitempty"`
	Period    string `json:"period,omitempty"`
	From      int    `json:"from,omitempty"`
	To        int    `json:"to,omitempty"`
	// Old and New are the vintages' TIV in millions; Change is New - Old.
	Old    float64 `json:"old"`
	New    float64 `json:"new"`
	Change float64 `json:"change"`
	// ChangePct is Change as a percentage of Old; null where Old is 0.
	ChangePct *float64 `json:"change_pct"`
	// Partial marks a year that was not over when a vintage was generated:
	// its change is largely deliveries recorded since, not a revision.
	Partial bool `json:"partial,omitempty"`
}

// RankMove is a party's world rank and share in a period in each vintage.
type RankMove struct {
	Period string `json:"period"`
	From   int    `json:"from"`
	To     int    `json:"to"`
	Side   string `json:"side"` // "suppliers" or "recipients"
	Name   string `json:"name"`
	// A rank of 0 means the vintage records no deliveries of the party in
	// the period.
	OldRank     int     `json:"old_rank"`
	NewRank     int     `json:"new_rank"`
	OldTIV      float64 `json:"old_tiv"`
	NewTIV      float64 `json:"new_tiv"`
	OldSharePct float64 `json:"old_share_pct"`
	NewSharePct float64 `json:"new_share_pct"`
	// ShareChange is the change of the share in percentage points.
	ShareChange float64 `json:"share_change_pts"`
}

// sums are a figure's TIV in the old and the new vintage.
type sums struct{ old, new float64 }

// fkey is a flow's supplier, recipient (interned; 0 is none: a total) and year.
type fkey struct {
	s, r int32
	y    int
}

// interner numbers names, so that flow keys hash fast.
type interner struct {
	ids   map[string]int32
	names []string
}

func newInterner() *interner {
	return &interner{ids: map[string]int32{"": 0}, names: []string{""}}
}

func (in *interner) id(s string) int32 {
	if n, ok := in.ids[s]; ok {
		return n
	}
	n := int32(len(in.names))
	in.ids[s] = n
	in.names = append(in.names, s)
	return n
}

// tiv is a vintage's yearly TIV: per supplier and recipient (dyads), or,
// from TIV tables that hold no dyads, per recipient (supplier "") and per
// supplier (recipient "").
type tiv struct {
	m                map[fkey]float64
	dyads            bool
	imports, exports bool
	estimated        bool
}

// yearly is a vintage's TIV per supplier, recipient and year: a TIV
// table's flows; for a register, each deal's exact per-year TIV where it
// carries it (SIPRI's export option), else its delivered TIV spread evenly
// over its delivery years, as the engine estimates flows. renames gives the
// old vintage's party names their new spelling, so that a renamed party's
// flows are compared with themselves.
func yearly(c *armsflow.Content, renames map[string]string, in *interner) tiv {
	last, lastID := "\x00", int32(0)
	name := func(n string) int32 {
		// Records come grouped: most repeat the name before.
		if n == last {
			return lastID
		}
		last = n
		if r, ok := renames[n]; ok {
			n = r
		}
		lastID = in.id(n)
		return lastID
	}
	t := tiv{m: make(map[fkey]float64, len(c.Flows)+len(c.Deals))}
	if len(c.Deals) == 0 {
		t.dyads = len(c.Flows) > 0
		for _, f := range c.Flows {
			t.m[fkey{name(f.Supplier), name(f.Recipient), f.Year}] += f.TIV
		}
		if !t.dyads {
			for _, f := range c.World {
				t.m[fkey{0, name(f.Recipient), f.Year}] += f.TIV
			}
			for _, f := range c.Exports {
				t.m[fkey{name(f.Supplier), 0, f.Year}] += f.TIV
			}
			t.imports, t.exports = len(c.World) > 0, len(c.Exports) > 0
		}
		return t
	}
	t.dyads = true
	exact := func(d *armsflow.Deal) bool {
		for _, dl := range d.Deliveries {
			if dl.TIV == nil {
				return false
			}
		}
		return len(d.Deliveries) > 0
	}
	// A classic register (no deal with per-year TIV) goes to the estimate
	// whole, without a copy of its deals.
	classic := c.Deals
	if slices.ContainsFunc(c.Deals, func(d armsflow.Deal) bool { return exact(&d) }) {
		classic = make([]armsflow.Deal, 0, len(c.Deals))
		for i := range c.Deals {
			d := &c.Deals[i]
			if !exact(d) {
				classic = append(classic, *d)
				continue
			}
			for _, dl := range d.Deliveries {
				t.m[fkey{name(d.Supplier), name(d.Recipient), dl.Year}] += *dl.TIV
			}
		}
	}
	for _, f := range engine.EstimateFlows(classic) {
		t.estimated = true
		t.m[fkey{name(f.Supplier), name(f.Recipient), f.Year}] += f.TIV
	}
	return t
}

// totals turns t into totals per recipient and per supplier, for comparing
// with a vintage that holds no dyads.
func (t tiv) totals() tiv {
	if !t.dyads {
		return t
	}
	out := tiv{m: map[fkey]float64{}, imports: true, exports: true, estimated: t.estimated}
	for k, v := range t.m {
		out.m[fkey{0, k.r, k.y}] += v
		out.m[fkey{k.s, 0, k.y}] += v
	}
	return out
}

// round2 rounds to hundredths, the precision TIV is shown with, so that
// float noise of sums never shows as a revision.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

func pct(old, change float64) *float64 {
	if old == 0 {
		return nil
	}
	p := math.Round(change/old*1000) / 10
	if p == 0 {
		p = 0 // never "-0"
	}
	return &p
}

// compareTIV fills the TIV parts of res: yearly and per-period revisions
// per supplier and recipient over the years both vintages cover, the world
// totals per period and the rank moves.
func compareTIV(res *Result, renames map[string]string, f *filter, opt Options) error {
	in := newInterner()
	ot, nt := yearly(res.OldSide.content, renames, in), yearly(res.NewSide.content, nil, in)
	res.OldSide.Estimated, res.NewSide.Estimated = ot.estimated, nt.estimated
	if !ot.dyads || !nt.dyads {
		// Without dyads on both sides, compare what both hold: each
		// recipient's imports, each supplier's exports.
		ot, nt = ot.totals(), nt.totals()
		for k := range ot.m {
			if k.s == 0 && !nt.imports || k.r == 0 && !nt.exports {
				delete(ot.m, k)
			}
		}
		for k := range nt.m {
			if k.s == 0 && !ot.imports || k.r == 0 && !ot.exports {
				delete(nt.m, k)
			}
		}
	}
	// The world total is the sum of dyads, else of imports, else of exports.
	worldFromImports := ot.imports && nt.imports
	oy, ny := ot.m, nt.m
	oc, nc := res.OldSide.Coverage, res.NewSide.Coverage
	y := opt.Years
	if oc.IsZero() || nc.IsZero() {
		if y != (engine.Years{}) {
			return armsflow.Errorf(armsflow.ENOTCOVERED, "--years %s: %s covers %s and %s %s, so no TIV can be compared; drop --years to compare the deals",
				y, res.Old, oc, res.New, nc)
		}
		return nil
	}
	from, to := max(oc.From, nc.From), min(oc.To, nc.To)
	if y != (engine.Years{}) {
		if y.From != 0 && y.From < from || y.To != 0 && y.To > to || from > to {
			return armsflow.Errorf(armsflow.ENOTCOVERED, "--years %s: both datasets cover only %d-%d (%s %s, %s %s); ask for years within it",
				y, from, to, res.Old, oc, res.New, nc)
		}
		if y.From != 0 {
			from = y.From
		}
		if y.To != 0 {
			to = y.To
		}
	}
	if from > to {
		return nil
	}
	partial := 0
	for _, p := range []int{oc.PartialFrom, nc.PartialFrom} {
		if p != 0 && p <= to && (partial == 0 || p < partial) {
			partial = p
		}
	}
	res.Years = Years{From: from, To: to, PartialFrom: partial}
	type pkey struct{ s, r int32 }
	// Periods are whole: they end at the last year both vintages hold in
	// full, so that the last one is not half revision, half new deliveries.
	last := to
	if partial != 0 {
		last = partial - 1
	}
	var periods []engine.Period
	if last >= from {
		periods = engine.Periods(engine.Years{From: from, To: last}, opt.PeriodLength)
	}
	periodOf := func(y int) int {
		for i, p := range periods {
			if y >= p.From && y <= p.To {
				return i
			}
		}
		return -1
	}
	byPeriod := make([]map[pkey]*sums, len(periods))
	world := make([]sums, len(periods))
	sup := make([]map[string]*sums, len(periods))
	rcp := make([]map[string]*sums, len(periods))
	for i := range periods {
		byPeriod[i], sup[i], rcp[i] = map[pkey]*sums{}, map[string]*sums{}, map[string]*sums{}
	}
	at := func(m map[string]*sums, k string) *sums {
		s := m[k]
		if s == nil {
			s = &sums{}
			m[k] = s
		}
		return s
	}
	visit := func(k fkey, o, n float64) {
		if k.y < from || k.y > to {
			return
		}
		ks, kr := in.names[k.s], in.names[k.r]
		if !res.OldSide.scope.parties(ks, kr) || !res.NewSide.scope.parties(ks, kr) {
			return
		}
		wanted := f.party(ks, kr)
		if p := periodOf(k.y); p >= 0 {
			if k.s != 0 && k.r != 0 || k.s == 0 && worldFromImports || k.r == 0 && !worldFromImports {
				world[p].old += o
				world[p].new += n
			}
			if k.s != 0 {
				at(sup[p], ks).old += o
				at(sup[p], ks).new += n
			}
			if k.r != 0 {
				at(rcp[p], kr).old += o
				at(rcp[p], kr).new += n
			}
			if wanted {
				s := byPeriod[p][pkey{k.s, k.r}]
				if s == nil {
					s = &sums{}
					byPeriod[p][pkey{k.s, k.r}] = s
				}
				s.old += o
				s.new += n
			}
		}
		if !wanted {
			return
		}
		if ch := round2(n - o); ch != 0 {
			res.Flows = append(res.Flows, FlowChange{Supplier: ks, Recipient: kr, Year: k.y, Old: round2(o), New: round2(n),
				Change: ch, ChangePct: pct(o, n-o), Partial: partial != 0 && k.y >= partial})
		}
	}
	for k, o := range oy {
		visit(k, o, ny[k])
	}
	for k, n := range ny {
		if _, ok := oy[k]; !ok {
			visit(k, 0, n)
		}
	}
	bySize := func(a, b FlowChange) int {
		if c := cmp.Compare(math.Abs(b.Change), math.Abs(a.Change)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Year, b.Year); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Supplier, b.Supplier); c != 0 {
			return c
		}
		return cmp.Compare(a.Recipient, b.Recipient)
	}
	slices.SortFunc(res.Flows, bySize)
	for i, p := range periods {
		for k, s := range byPeriod[i] {
			if ch := round2(s.new - s.old); ch != 0 {
				res.Periods = append(res.Periods, FlowChange{Supplier: in.names[k.s], Recipient: in.names[k.r], Period: p.Label, From: p.From, To: p.To,
					Old: round2(s.old), New: round2(s.new), Change: ch, ChangePct: pct(s.old, s.new-s.old)})
			}
		}
		w := world[i]
		res.World = append(res.World, FlowChange{Period: p.Label, From: p.From, To: p.To, Old: round2(w.old), New: round2(w.new),
			Change: round2(w.new - w.old), ChangePct: pct(w.old, w.new-w.old)})
		res.Ranks = append(res.Ranks, moves(p, "suppliers", sup[i], w.old, w.new, f.sup, f.canon, opt.Top)...)
		res.Ranks = append(res.Ranks, moves(p, "recipients", rcp[i], w.old, w.new, f.rcp, f.canon, opt.Top)...)
	}
	slices.SortFunc(res.Periods, bySize)
	res.FlowsTotal, res.PeriodsTotal = len(res.Flows), len(res.Periods)
	if opt.Limit > 0 {
		res.Flows = res.Flows[:min(len(res.Flows), opt.Limit)]
		res.Periods = res.Periods[:min(len(res.Periods), opt.Limit)]
	}
	return nil
}

// moves ranks one side's parties in a period in both vintages and keeps the
// top moves: largest change of share first, then of rank. A party asked
// for (focus) is the only one kept.
func moves(p engine.Period, sideName string, totals map[string]*sums, wOld, wNew float64,
	focus string, canon func(string) string, top int) []RankMove {
	type row struct {
		name     string
		old, new float64
	}
	rows := make([]row, 0, len(totals))
	for n, s := range totals {
		rows = append(rows, row{n, s.old, s.new})
	}
	rank := func(get func(row) float64) map[string]int {
		sorted := slices.Clone(rows)
		slices.SortFunc(sorted, func(a, b row) int {
			if c := cmp.Compare(get(b), get(a)); c != 0 {
				return c
			}
			return cmp.Compare(a.name, b.name)
		})
		out := map[string]int{}
		r := 0
		for _, x := range sorted {
			if round2(get(x)) <= 0 {
				continue
			}
			r++
			out[x.name] = r
		}
		return out
	}
	ro, rn := rank(func(r row) float64 { return r.old }), rank(func(r row) float64 { return r.new })
	share := func(v, w float64) float64 {
		if w == 0 {
			return 0
		}
		return math.Round(v/w*10000) / 100
	}
	var out []RankMove
	for _, x := range rows {
		if focus != "" && canon(x.name) != focus {
			continue
		}
		m := RankMove{Period: p.Label, From: p.From, To: p.To, Side: sideName, Name: x.name, OldRank: ro[x.name], NewRank: rn[x.name],
			OldTIV: round2(x.old), NewTIV: round2(x.new), OldSharePct: share(x.old, wOld), NewSharePct: share(x.new, wNew)}
		m.ShareChange = math.Round((m.NewSharePct-m.OldSharePct)*100) / 100
		if m.OldRank == m.NewRank && m.ShareChange == 0 && focus == "" {
			continue
		}
		out = append(out, m)
	}
	absRank := func(m RankMove) int {
		d := m.NewRank - m.OldRank
		if d < 0 {
			return -d
		}
		return d
	}
	slices.SortFunc(out, func(a, b RankMove) int {
		if c := cmp.Compare(math.Abs(b.ShareChange), math.Abs(a.ShareChange)); c != 0 {
			return c
		}
		if c := cmp.Compare(absRank(b), absRank(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

// notes say what the figures are and where they come from.
func notes(res *Result) []string {
	var out []string
	if res.OldSide.Estimated || res.NewSide.Estimated {
		out = append(out, "Yearly TIV of a classic trade register is ESTIMATED: each deal's delivered TIV spread evenly over its delivery years, as armsflow's flows do.")
	}
	if res.Years.From != 0 {
		y := fmt.Sprintf("TIV compared over %d-%d, the years both datasets cover", res.Years.From, res.Years.To)
		if res.Years.PartialFrom != 0 {
			y += fmt.Sprintf("; from %d a dataset was generated before the year was over, so its changes are mostly new deliveries, and periods end in %d", res.Years.PartialFrom, res.Years.PartialFrom-1)
		}
		out = append(out, y+".")
	}
	out = append(out, "Deals are matched by SIPRI AT Database ID where both datasets have one, else by supplier, recipient, designation, order year and number, then looser keys (docs/diff.md).",
		fmt.Sprintf("%s; datasets %s (generated %s) and %s (generated %s).", armsflow.Source,
			res.Old, orUndated(res.OldSide.Generated), res.New, orUndated(res.NewSide.Generated)))
	return out
}

func orUndated(s string) string {
	if s == "" {
		return "undated"
	}
	return s
}
