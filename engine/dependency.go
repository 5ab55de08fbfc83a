package engine

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// DependencyQuery asks what a recipient's forces are built from: the
// installed base of major arms that SIPRI's register has it receive, minus
// what has reached its service life, by supplier (or weapon category), as
// of a year; with the 5-year flow share beside it, the pipeline of orders
// not yet delivered and the exposure to sanctions on its suppliers.
type DependencyQuery struct {
	Recipient string `json:"recipient"`
	// AsOf is the year the stock is counted at the end of; 0 is the
	// register's last complete year.
	AsOf int `json:"as_of,omitempty"`
	// By is "supplier" (default) or "category".
	By string `json:"by"`
	// Years, when set, asks for the stock share of every year in it
	// (Series) beside the 5-year flow share; AsOf then defaults to its end.
	// Unset, it is left out of JSON rather than written as years 0-0.
	Years Years `json:"years,omitzero"`
	// Weight is "tiv" (default) or "units".
	Weight string `json:"weight"`
	// SeparatePredecessors shows a predecessor state (the Soviet Union)
	// apart from its successor (Russia) instead of counting it with it.
	SeparatePredecessors bool `json:"separate_predecessors,omitempty"`
	// Lives are the service lives; nil uses DefaultServiceLives.
	Lives   *ServiceLives `json:"-"`
	Dataset string        `json:"-"`
}

// Dependency weights and groupings.
const (
	WeightTIV     = "tiv"
	WeightUnits   = "units"
	BySupplier    = "supplier"
	ByCategory    = "category"
	flowShareSpan = 5    // years of the flow share beside the stock
	bandShorter   = 0.7  // service lives 30 % shorter ...
	bandLonger    = 1.3  // ... and 30 % longer give the band
	tivEpsilon    = 1e-9 // below this a remaining TIV is rounding, not an order
)

// DependencyRow is one supplier's (or category's) part of the stock.
type DependencyRow struct {
	Name string `json:"name"`
	Code string `json:"code"`
	// TIV and Units are the stock in service as of the year: TIV in
	// millions, units as far as the register gives numbers (nil when it
	// gives none for this row).
	TIV   float64 `json:"tiv"`
	Units *int    `json:"units"`
	// SharePct is the row's share of the stock by the query's weight;
	// LowPct and HighPct bound it over service lives 30 % shorter and 30 %
	// longer.
	SharePct *float64 `json:"share_pct"`
	LowPct   *float64 `json:"low_pct"`
	HighPct  *float64 `json:"high_pct"`
	// Includes names predecessor states counted with this supplier.
	Includes []string `json:"includes,omitempty"`
	// FlowSharePct is the row's share of the recipient's deliveries in the
	// 5 years to the year (FlowPeriod): 0 when the recipient had deliveries
	// and none from this row, null when it had none to take a share of.
	FlowSharePct *float64 `json:"flow_share_pct"`
	// NullReason says why the row's null figures (a share, the flow share)
	// are null; empty when none is.
	NullReason string `json:"null_reason,omitempty"`
}

// FlowShareRow is a supplier's (or category's) share of the recipient's
// deliveries over the 5 years to a year, by the query's weight.
type FlowShareRow struct {
	Name     string   `json:"name"`
	Period   string   `json:"period"`
	SharePct *float64 `json:"share_pct"`
}

// PipelineRow is what was ordered from a supplier (or of a category) by the
// year and not yet delivered in it, as far as the register knows.
type PipelineRow struct {
	Name  string  `json:"name"`
	TIV   float64 `json:"tiv"`
	Units *int    `json:"units"`
}

// ExposureRow is the part of the stock and pipeline from suppliers under a
// sanctions regime the timeline holds as active in the year.
type ExposureRow struct {
	// Regime is "<actor> sanctions on <target>" for measures against the
	// supplier itself, "<actor> sanctions on buyers of arms from <target>"
	// for measures against those who buy from it (CAATSA section 231).
	Regime string `json:"regime"`
	// Targets says whom the regime's measures are aimed at: "supplier"
	// (the target state, its industry or officials) or "buyers" (the
	// recipients of its arms, for buying from it: China in 2018 and Türkiye
	// in 2020 under CAATSA). The shares are of the stock and pipeline from
	// the supplier either way.
	Targets string `json:"targets"`
	// Event is the timeline's event ids of the regime, in date order and
	// separated by ", "; Title their titles, separated by "; ".
	Event            string   `json:"event"`
	Title            string   `json:"title"`
	Suppliers        []string `json:"suppliers"`
	StockSharePct    *float64 `json:"stock_share_pct"`
	PipelineSharePct *float64 `json:"pipeline_share_pct"`
}

// SeriesRow is one supplier's (or category's) stock share in one year of
// a series, with its band and its 5-year flow share.
type SeriesRow struct {
	Year     int      `json:"year"`
	Name     string   `json:"name"`
	Code     string   `json:"code"`
	TIV      float64  `json:"tiv"`
	Units    *int     `json:"units"`
	SharePct *float64 `json:"share_pct"`
	LowPct   *float64 `json:"low_pct"`
	HighPct  *float64 `json:"high_pct"`
	// FlowSharePct is 0 when the recipient had deliveries in the 5 years
	// and none from this row, null when it had none (NullReason says so).
	FlowSharePct *float64 `json:"flow_share_pct"`
	NullReason   string   `json:"null_reason,omitempty"`
}

// DependencyResult is the answer to a DependencyQuery.
type DependencyResult struct {
	Source
	Recipient string          `json:"recipient"`
	Code      string          `json:"code"`
	AsOf      int             `json:"as_of"`
	Weight    string          `json:"weight"`
	By        string          `json:"by"`
	Query     DependencyQuery `json:"query"`
	// TotalTIV and TotalUnits are the whole stock the shares are parts of.
	TotalTIV   float64 `json:"total_tiv"`
	TotalUnits int     `json:"total_units"`
	// FlowPeriod is the years of the flow share beside Rows: the 5 years to
	// AsOf, cut at the register's first year.
	FlowPeriod string          `json:"flow_period"`
	Rows       []DependencyRow `json:"rows"`
	FlowShare  []FlowShareRow  `json:"flow_share"`
	Pipeline   []PipelineRow   `json:"pipeline"`
	Exposure   []ExposureRow   `json:"exposure"`
	Series     []SeriesRow     `json:"series,omitempty"`
	// Incomplete is true when the register's deliveries start too late to
	// see every weapon still in service under the longest lives.
	Incomplete bool `json:"incomplete,omitempty"`
	// Lives lists the service lives used.
	Lives []LifeRule `json:"service_lives"`
	Note  string     `json:"note"`
}

// depDelivery is one year's delivery of one deal to the recipient.
type depDelivery struct {
	year       int
	tiv        float64
	tivKnown   bool
	units      int
	unitsKnown bool
	life       int // central service life, years
	sup, cat   int // group indexes
	// limits are the lives 30 % shorter, central and 30 % longer, in whole
	// years, computed once for the many stock counts of a series.
	limits [3]int
}

// depOrder is a deal as far as the pipeline needs it.
type depOrder struct {
	order        int // order year; 0 unknown
	ordered      *int
	totalTIV     *float64
	unitTIV      *float64
	sup, cat     int
	first, count int // its deliveries in depState.deliveries
}

// depGroups interns the names of rows.
type depGroups struct {
	names []string
	index map[string]int
}

func (g *depGroups) add(n string) int {
	if i, ok := g.index[n]; ok {
		return i
	}
	g.index[n] = len(g.names)
	g.names = append(g.names, n)
	return len(g.names) - 1
}

// successorOf maps a predecessor state to the state that continues it
// (the Soviet Union to Russia), from names.Predecessors.
var successorOf = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, ent := range names.New().Entities() {
		for _, p := range names.Predecessors(ent.Name) {
			out[p] = ent.Name
		}
	}
	return out
})

// dependencyDataset picks the register to answer from by the engine's
// shared choice (choose.go): the one named, or the best dataset that holds
// deals (a register with yearly TIV, then a classic one; the newest first)
// and covers every year asked (zero bounds are open). Unlike a question of
// flows it needs no flows built, so it reads coverage and stops there.
func (e *Engine) dependencyDataset(ctx context.Context, name string, years Years) (armsflow.Dataset, armsflow.Coverage, error) {
	n := need{view: armsflow.ViewDeals, years: years,
		hint: "the stock is counted from a trade register's deliveries, so it needs a register that reaches the year asked"}
	var withView []*armsflow.Dataset
	for _, d := range e.candidates() {
		if hasView(d, armsflow.ViewDeals) {
			withView = append(withView, d)
		}
	}
	if name != "" {
		var d *armsflow.Dataset
		for i := range e.datasets {
			if e.datasets[i].Name == name {
				d = &e.datasets[i]
			}
		}
		switch {
		case d == nil:
			return armsflow.Dataset{}, armsflow.Coverage{}, armsflow.Errorf(armsflow.ENOTFOUND, "no dataset named %q; run 'armsflow datasets' to list them", name)
		case !hasView(d, armsflow.ViewDeals):
			return armsflow.Dataset{}, armsflow.Coverage{}, armsflow.Errorf(armsflow.EINVALID,
				"dataset %q is a %s dataset, but the stock is counted from a trade register's deals; name a register, or leave out --dataset", name, d.Kind)
		}
		cov, err := e.coverage(ctx, d)
		if err != nil {
			return armsflow.Dataset{}, armsflow.Coverage{}, err
		}
		if y := fill(years, cov); cov.Covers(y.From, y.To) {
			return *d, cov, nil
		}
		return armsflow.Dataset{}, armsflow.Coverage{}, e.notCovered(ctx, n, withView, name)
	}
	if len(withView) == 0 {
		return armsflow.Dataset{}, armsflow.Coverage{}, armsflow.Errorf(armsflow.ENOTFOUND,
			"the library has no trade register, from whose deliveries the stock is counted; download SIPRI's trade register as CSV from https://www.sipri.org/databases/armstransfers and import it, or run 'armsflow fetch'")
	}
	if years == (Years{}) {
		// No year asked: the stock is counted at the chosen register's last
		// complete year, so the register that reaches the latest one
		// answers (the shared order breaks ties). By the shared order alone
		// an exact register of two years (2000-2001) counted a stock of
		// 2001 from two years of deliveries beside a classic register
		// reaching 2024.
		var best *armsflow.Dataset
		var bestCov armsflow.Coverage
		for _, d := range withView {
			cov, err := e.coverage(ctx, d)
			if err != nil {
				return armsflow.Dataset{}, armsflow.Coverage{}, err
			}
			if best == nil || lastComplete(cov) > lastComplete(bestCov) {
				best, bestCov = d, cov
			}
		}
		return *best, bestCov, nil
	}
	for _, d := range withView {
		cov, err := e.coverage(ctx, d)
		if err != nil {
			return armsflow.Dataset{}, armsflow.Coverage{}, err
		}
		if y := fill(years, cov); cov.Covers(y.From, y.To) {
			return *d, cov, nil
		}
	}
	return armsflow.Dataset{}, armsflow.Coverage{}, e.notCovered(ctx, n, withView, "")
}

// lastComplete is the last year of cov that was over when the data was
// generated.
func lastComplete(cov armsflow.Coverage) int {
	if cov.PartialFrom != 0 {
		return cov.PartialFrom - 1
	}
	return cov.To
}

// DependencySpan returns the years that the register Dependency would
// answer from (the one named, or the engine's choice for the years asked)
// covers, and its last complete year: a caller with a span of its own, such
// as a report, asks within them.
func (e *Engine) DependencySpan(ctx context.Context, dataset string, years Years) (span Years, lastFull int, err error) {
	_, cov, err := e.dependencyDataset(ctx, dataset, years)
	if err != nil {
		return Years{}, 0, err
	}
	return Years{cov.From, cov.To}, lastComplete(cov), nil
}

// Dependency answers q from a trade register.
func (e *Engine) Dependency(ctx context.Context, q DependencyQuery) (*DependencyResult, error) {
	if strings.TrimSpace(q.Recipient) == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "dependency needs --recipient, e.g. --recipient \"Viet Nam\"")
	}
	switch q.By {
	case "":
		q.By = BySupplier
	case BySupplier, ByCategory:
	default:
		return nil, armsflow.Errorf(armsflow.EINVALID, "--by %q: use supplier or category", q.By)
	}
	switch q.Weight {
	case "":
		q.Weight = WeightTIV
	case WeightTIV, WeightUnits:
	default:
		return nil, armsflow.Errorf(armsflow.EINVALID, "--weight %q: use tiv or units", q.Weight)
	}
	lives := q.Lives
	if lives == nil {
		lives = DefaultServiceLives()
	}
	// The years asked: the year of the stock and the series, open where
	// not given, so that the choice takes a register that covers them.
	asked := q.Years
	switch {
	case q.AsOf == 0:
	case asked.From == 0 && asked.To == 0:
		asked = Years{From: q.AsOf, To: q.AsOf}
	default:
		if asked.From != 0 {
			asked.From = min(asked.From, q.AsOf)
		}
		asked.To = max(asked.To, q.AsOf)
	}
	ds, cov, err := e.dependencyDataset(ctx, q.Dataset, asked)
	if err != nil {
		return nil, err
	}
	set, err := e.dealsFor(ctx, ds.Name)
	if err != nil {
		return nil, err
	}
	ent, err := set.reg.Resolve(q.Recipient)
	if err != nil {
		return nil, err
	}
	span, lastFull := Years{cov.From, cov.To}, lastComplete(cov)
	if q.AsOf == 0 {
		q.AsOf = lastFull
		if q.Years.To != 0 {
			q.AsOf = q.Years.To
		}
	}
	if q.Years.From != 0 || q.Years.To != 0 {
		if q.Years.From == 0 {
			q.Years.From = span.From
		}
		if q.Years.To == 0 {
			q.Years.To = q.AsOf
		}
	}

	st := newDepState(set, ent.Name, lives, q.SeparatePredecessors)
	res := &DependencyResult{
		Source: Source{Dataset: ds.Name, Kind: ds.Kind, Generated: ds.Generated, Estimated: st.spread,
			Exact: ds.YearlyTIV && !st.spread, Coverage: cov},
		Recipient: ent.Name, Code: ent.Code, AsOf: q.AsOf, Weight: q.Weight, By: q.By, Query: q,
		Rows: []DependencyRow{}, FlowShare: []FlowShareRow{}, Pipeline: []PipelineRow{}, Exposure: []ExposureRow{},
		Lives: lives.Rules(),
	}
	groupsOf := func(by string) (*depGroups, func(*depDelivery) int) {
		if by == ByCategory {
			return &st.cats, func(d *depDelivery) int { return d.cat }
		}
		return &st.sups, func(d *depDelivery) int { return d.sup }
	}
	groups, key := groupsOf(q.By)
	weight := func(a depAmount) float64 {
		if q.Weight == WeightUnits {
			return float64(a.units)
		}
		return a.tiv
	}

	// The stock as of the year, central and at both ends of the band.
	central := st.stock(q.AsOf, 1, key, len(groups.names))
	short := st.stock(q.AsOf, bandShorter, key, len(groups.names))
	long := st.stock(q.AsOf, bandLonger, key, len(groups.names))
	total := sumAmounts(central)
	res.TotalTIV, res.TotalUnits = round3(total.tiv), total.units
	res.Rows = st.rows(groups, central, short, long, weight)
	// The flow share of each row, for the year asked, with what a null means.
	flowShare := func(y int) (map[string]*float64, *float64, string, string) {
		from := max(y-flowShareSpan+1, span.From)
		period := Years{from, y}.String()
		flow := st.flow(from, y, key, len(groups.names))
		total := sumAmounts(flow)
		shares := map[string]*float64{}
		for g, a := range flow {
			if a.any {
				shares[groups.names[g]] = pct(weight(a), weight(total))
			}
		}
		switch {
		case !total.any:
			return shares, nil, period, fmt.Sprintf("no deliveries to %s in %s, so no flow share", ent.Name, period)
		case weight(total) == 0:
			return shares, nil, period, fmt.Sprintf("the register gives no %s for the deliveries to %s in %s, so no flow share", q.Weight, ent.Name, period)
		}
		return shares, new(float64), period, ""
	}
	{
		shares, none, period, why := flowShare(q.AsOf)
		res.FlowPeriod = period
		for i := range res.Rows {
			r := &res.Rows[i]
			var ok bool
			if r.FlowSharePct, ok = shares[r.Name]; !ok {
				r.FlowSharePct = none
			}
			r.NullReason = nullReason(r.SharePct, r.FlowSharePct, res.Weight, why)
		}
	}

	// The flow share beside it: per series year, or for the year asked.
	flowYears := []int{q.AsOf}
	if q.Years.From != 0 {
		flowYears = flowYears[:0]
		for y := q.Years.From; y <= q.Years.To; y++ {
			flowYears = append(flowYears, y)
		}
	}
	for _, y := range flowYears {
		from := max(y-flowShareSpan+1, span.From)
		flow := st.flow(from, y, key, len(groups.names))
		ft := weight(sumAmounts(flow))
		period := Years{from, y}.String()
		var rows []FlowShareRow
		for g, a := range flow {
			if a.any {
				rows = append(rows, FlowShareRow{Name: groups.names[g], Period: period, SharePct: pct(weight(a), ft)})
			}
		}
		sortShares(rows)
		res.FlowShare = append(res.FlowShare, rows...)
		if q.Years.From != 0 {
			c := st.stock(y, 1, key, len(groups.names))
			s := st.stock(y, bandShorter, key, len(groups.names))
			l := st.stock(y, bandLonger, key, len(groups.names))
			// The share of a supplier with no deliveries in the period: 0
			// when the recipient had some, null (and why) when it had none.
			shares, none, _, why := flowShare(y)
			seen := map[string]bool{}
			for _, r := range st.rows(groups, c, s, l, weight) {
				seen[r.Name] = true
				fsp, ok := shares[r.Name]
				if !ok {
					fsp = none
				}
				res.Series = append(res.Series, SeriesRow{Year: y, Name: r.Name, Code: r.Code, TIV: r.TIV, Units: r.Units,
					SharePct: r.SharePct, LowPct: r.LowPct, HighPct: r.HighPct, FlowSharePct: fsp,
					NullReason: nullReason(r.SharePct, fsp, res.Weight, why)})
			}
			for _, r := range rows {
				if !seen[r.Name] {
					res.Series = append(res.Series, SeriesRow{Year: y, Name: r.Name, Code: st.code(r.Name), FlowSharePct: r.SharePct})
				}
			}
		}
	}

	// The pipeline, by the rows' grouping and by supplier for exposure.
	pipe, pipeUnknown := st.pipeline(q.AsOf, func(o *depOrder) int {
		if q.By == ByCategory {
			return o.cat
		}
		return o.sup
	}, len(groups.names))
	for g, a := range pipe {
		if a.any {
			var u *int
			if a.unitsKnown {
				u = &a.units
			}
			res.Pipeline = append(res.Pipeline, PipelineRow{Name: groups.names[g], TIV: round3(a.tiv), Units: u})
		}
	}
	sort.Slice(res.Pipeline, func(i, j int) bool {
		a, b := res.Pipeline[i], res.Pipeline[j]
		if a.TIV != b.TIV {
			return a.TIV > b.TIV
		}
		return a.Name < b.Name
	})

	// Exposure: always by supplier.
	supStock := central
	supPipe := pipe
	if q.By != BySupplier {
		supStock = st.stock(q.AsOf, 1, func(d *depDelivery) int { return d.sup }, len(st.sups.names))
		supPipe, _ = st.pipeline(q.AsOf, func(o *depOrder) int { return o.sup }, len(st.sups.names))
	}
	evs, err := e.allEvents(ctx)
	if err != nil {
		return nil, err
	}
	res.Exposure = st.exposure(evs, q.AsOf, supStock, supPipe, weight)

	res.Note = st.note(res, lives, pipeUnknown)
	first := q.AsOf
	if q.Years.From != 0 {
		first = min(first, q.Years.From)
	}
	switch {
	case first-st.longest+1 < span.From:
		res.Incomplete = true
		res.Note += fmt.Sprintf(" This register holds deliveries from %d only: weapons delivered before it and still in service in %d are not seen, so the stock is incomplete.", span.From, first)
	case first-st.longestBand+1 < span.From:
		res.Note += fmt.Sprintf(" This register holds deliveries from %d only: the longer lives of the band would keep some weapons delivered before it in service in %d, so the band's upper end may be low.", span.From, first)
	}
	if last := max(q.AsOf, q.Years.To); last > lastFull {
		res.Note += fmt.Sprintf(" %d was not over when SIPRI generated this register (%s): its deliveries may still grow.", last, ds.Generated)
	}
	return res, nil
}

// depState is the recipient's deliveries and orders, grouped.
type depState struct {
	reg        *names.Registry
	sups, cats depGroups
	includes   map[string][]string // successor → predecessors counted with it
	deliveries []depDelivery
	orders     []depOrder
	// holdsUndelivered is whether the register lists deals without any
	// delivery (the March 2025 register does, one of deliveries only not).
	holdsUndelivered bool
	unknownTIV       int // deliveries whose TIV is unknown
	unknownUnits     int // deliveries whose number is unknown
	unknownOrder     int // open deals without an order year
	// spread is whether some deal's TIV was spread over two or more
	// delivery years: the stock is then estimated.
	spread bool
	// longest is the longest service life used, in years, central and
	// 30 % longer.
	longest, longestBand int
}

type depAmount struct {
	tiv        float64
	units      int
	unitsKnown bool // some units in it are known
	any        bool
}

func newDepState(set *dealSet, recipient string, lives *ServiceLives, separate bool) *depState {
	st := &depState{reg: set.reg, sups: depGroups{index: map[string]int{}}, cats: depGroups{index: map[string]int{}},
		includes: map[string][]string{}}
	succ := successorOf()
	type kindKey struct{ cat, desc string }
	type kind struct {
		cat  string
		life int
	}
	kinds := map[kindKey]kind{}
	for i := range set.deals {
		d := &set.deals[i]
		if len(d.DeliveryYears) == 0 {
			st.holdsUndelivered = true
		}
		if d.Recipient != recipient {
			continue
		}
		sup := d.Supplier
		if s, ok := succ[sup]; ok && !separate {
			if !contains(st.includes[s], sup) {
				st.includes[s] = append(st.includes[s], sup)
			}
			sup = s
		}
		// A recipient's deals repeat few kinds of weapon: classify each
		// category and description once.
		kk := kindKey{d.Category, d.Description}
		k, ok := kinds[kk]
		if !ok {
			k.cat = d.Category
			if k.cat == "" {
				k.cat = CategoryOf(d.Description)
			}
			k.life = lives.Life(k.cat, d.Description).Years
			kinds[kk] = k
		}
		cat, life := k.cat, k.life
		si, ci := st.sups.add(sup), st.cats.add(cat)
		o := depOrder{ordered: d.Ordered, totalTIV: d.TIVTotal, unitTIV: d.TIVUnit, sup: si, cat: ci, first: len(st.deliveries)}
		if d.OrderYear != nil {
			o.order = *d.OrderYear
		} else if d.Open() {
			st.unknownOrder++
		}
		if o.ordered == nil {
			o.ordered = d.Delivered // the export option gives no number ordered: at least what came
		}
		if o.totalTIV == nil {
			o.totalTIV = d.TIVDelivered
		}
		add := func(year int, tiv *float64, units *int) {
			dd := depDelivery{year: year, life: life, sup: si, cat: ci,
				limits: [3]int{lifeLimit(life, bandShorter), lifeLimit(life, 1), lifeLimit(life, bandLonger)}}
			st.longest = max(st.longest, dd.limits[1])
			st.longestBand = max(st.longestBand, dd.limits[2])
			if tiv != nil {
				dd.tiv, dd.tivKnown = *tiv, true
			} else {
				st.unknownTIV++
			}
			if units != nil {
				dd.units, dd.unitsKnown = *units, true
			} else {
				st.unknownUnits++
			}
			st.deliveries = append(st.deliveries, dd)
		}
		if len(d.Deliveries) > 0 {
			// SIPRI's export option: each year's TIV and number as SIPRI gives them.
			for _, dl := range d.Deliveries {
				add(dl.Year, dl.TIV, dl.Units)
			}
		} else if n := len(d.DeliveryYears); n > 0 {
			st.spread = st.spread || n > 1
			// A classic register: the deal's delivered TIV spread evenly
			// over its delivery years, and its number as evenly as whole
			// units allow, the earlier years taking the remainder.
			for j, y := range d.DeliveryYears {
				var tiv *float64
				if d.TIVDelivered != nil {
					v := *d.TIVDelivered / float64(n)
					tiv = &v
				}
				var units *int
				if d.Delivered != nil {
					u := *d.Delivered / n
					if j < *d.Delivered%n {
						u++
					}
					units = &u
				}
				add(y, tiv, units)
			}
		}
		o.count = len(st.deliveries) - o.first
		st.orders = append(st.orders, o)
	}
	for _, p := range st.includes {
		sort.Strings(p)
	}
	return st
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// lifeLimit is a life scaled by f, in whole years (half up), at least one.
func lifeLimit(life int, f float64) int {
	return max(1, int(math.Round(float64(life)*f)))
}

// stock sums the deliveries in service at the end of year: delivered in it
// or before, and younger than their service life scaled by f (1 or either
// end of the band).
func (st *depState) stock(year int, f float64, key func(*depDelivery) int, n int) []depAmount {
	out := make([]depAmount, n)
	which := 1
	switch f {
	case bandShorter:
		which = 0
	case bandLonger:
		which = 2
	}
	for i := range st.deliveries {
		d := &st.deliveries[i]
		age := year - d.year
		if age < 0 || age >= d.limits[which] {
			continue
		}
		out[key(d)].addDelivery(d)
	}
	return out
}

// flow sums the deliveries of the years from..to.
func (st *depState) flow(from, to int, key func(*depDelivery) int, n int) []depAmount {
	out := make([]depAmount, n)
	for i := range st.deliveries {
		d := &st.deliveries[i]
		if d.year >= from && d.year <= to {
			out[key(d)].addDelivery(d)
		}
	}
	return out
}

func (a *depAmount) addDelivery(d *depDelivery) {
	a.any = true
	if d.tivKnown {
		a.tiv += d.tiv
	}
	if d.unitsKnown {
		a.units += d.units
		a.unitsKnown = true
	}
}

func sumAmounts(as []depAmount) depAmount {
	var t depAmount
	for _, a := range as {
		t.tiv += a.tiv
		t.units += a.units
		t.unitsKnown = t.unitsKnown || a.unitsKnown
		t.any = t.any || a.any
	}
	return t
}

// pipeline sums, per group, what was ordered by the end of year and not
// delivered in it or before: the number ordered less the number delivered
// by then, and the order's TIV less the TIV delivered by then (or the
// undelivered units at the deal's unit TIV when its total is unknown). It
// also counts the open orders whose size is unknown.
func (st *depState) pipeline(year int, key func(*depOrder) int, n int) ([]depAmount, int) {
	out := make([]depAmount, n)
	unknown := 0
	for i := range st.orders {
		o := &st.orders[i]
		if o.order == 0 || o.order > year {
			continue
		}
		var tivDone float64
		unitsDone, unitsKnown := 0, true
		for _, d := range st.deliveries[o.first : o.first+o.count] {
			if d.year > year {
				continue
			}
			tivDone += d.tiv
			unitsDone += d.units
			unitsKnown = unitsKnown && d.unitsKnown
		}
		var a depAmount
		open := false
		remUnits := -1
		if o.ordered != nil && unitsKnown {
			remUnits = *o.ordered - unitsDone
			open = remUnits > 0
		}
		switch {
		case o.totalTIV != nil:
			a.tiv = math.Max(0, *o.totalTIV-tivDone)
			if remUnits < 0 {
				open = a.tiv > tivEpsilon
			}
		case remUnits > 0 && o.unitTIV != nil:
			a.tiv = float64(remUnits) * *o.unitTIV
		}
		if o.ordered == nil && o.totalTIV == nil && o.count == 0 {
			unknown++ // an order of unknown size
			continue
		}
		if !open {
			continue
		}
		a.any = true
		if remUnits > 0 {
			a.units, a.unitsKnown = remUnits, true
		}
		g := &out[key(o)]
		g.tiv += a.tiv
		g.units += a.units
		g.unitsKnown = g.unitsKnown || a.unitsKnown
		g.any = true
	}
	return out, unknown
}

func (st *depState) code(name string) string {
	if ent, ok := st.reg.Lookup(name); ok {
		return ent.Code
	}
	return ""
}

// rows turns the stock of each group into rows, largest share first.
func (st *depState) rows(groups *depGroups, central, short, long []depAmount, weight func(depAmount) float64) []DependencyRow {
	tc, ts, tl := weight(sumAmounts(central)), weight(sumAmounts(short)), weight(sumAmounts(long))
	rows := []DependencyRow{}
	for g := range groups.names {
		c, s, l := central[g], short[g], long[g]
		if !c.any && !s.any && !l.any {
			continue
		}
		r := DependencyRow{Name: groups.names[g], TIV: round3(c.tiv), SharePct: pct(weight(c), tc),
			Includes: st.includes[groups.names[g]]}
		if groups == &st.sups {
			r.Code = st.code(r.Name)
		}
		if c.unitsKnown {
			u := c.units
			r.Units = &u
		} else if !c.any {
			// Nothing in service at the central lives (the row is here for
			// the band): no units, known to be none, not unknown.
			r.Units = new(int)
		}
		var lo, hi *float64
		for _, p := range []*float64{r.SharePct, pct(weight(s), ts), pct(weight(l), tl)} {
			v := 0.0 // a group with no stock at one end of the band has a 0 share there
			if p != nil {
				v = *p
			}
			if lo == nil || v < *lo {
				lo = &v
			}
			if hi == nil || v > *hi {
				w := v
				hi = &w
			}
		}
		if tc != 0 || ts != 0 || tl != 0 {
			r.LowPct, r.HighPct = lo, hi
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		av, bv := deref(a.SharePct), deref(b.SharePct)
		if av != bv {
			return av > bv
		}
		if a.TIV != b.TIV {
			return a.TIV > b.TIV
		}
		return a.Name < b.Name
	})
	return rows
}

// nullReason says why a row's share or flow share is null: flowWhy for
// the flow share, the weight's lack for the stock share.
func nullReason(share, flow *float64, weight, flowWhy string) string {
	var why []string
	if share == nil {
		why = append(why, fmt.Sprintf("the stock has no known %s, so no stock share", weight))
	}
	if flow == nil && flowWhy != "" {
		why = append(why, flowWhy)
	}
	return strings.Join(why, "; ")
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func sortShares(rows []FlowShareRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := deref(rows[i].SharePct), deref(rows[j].SharePct)
		if a != b {
			return a > b
		}
		return rows[i].Name < rows[j].Name
	})
}

// Whom a sanctions regime's measures are aimed at (ExposureRow.Targets).
const (
	TargetsSupplier = "supplier"
	TargetsBuyers   = "buyers"
)

// targetsOf says whom a sanctions event aims at, the supplier target or
// those who buy arms from it: an event tagged "secondary" (or "caatsa":
// CAATSA's section 231 sanctions whoever deals with Russia's defence
// sector, and timelines written before the tag was introduced mark it so),
// or one whose deals are all purchases from the target (the Su-35 and
// S-400 that China bought, for which it was sanctioned in 2018), aims at
// the buyers; any other at the target itself.
func targetsOf(ev *armsflow.Event, target string, canon func(string) string) string {
	for _, t := range ev.Tags {
		if strings.EqualFold(t, "secondary") || strings.EqualFold(t, "caatsa") {
			return TargetsBuyers
		}
	}
	if len(ev.Deals) == 0 {
		return TargetsSupplier
	}
	for _, d := range ev.Deals {
		if canon(d.Supplier) != target || canon(d.Recipient) == target {
			return TargetsSupplier
		}
	}
	return TargetsBuyers
}

// exposure finds the sanctions regimes the timeline holds as active in
// year: events of kind "sanction" with an actor (the state imposing them)
// dated in the year or before and not ended before it. armsflow reads the
// first party of such an event as its target (Russia in "US and EU
// sanctions over Crimea", parties Russia and Ukraine); a supplier is under
// the regime when it is the target, or its predecessor state is. Measures
// against the target and measures against its buyers (targetsOf) are
// separate regimes: the first ("United States sanctions on Russia") are
// not the second ("... on buyers of arms from Russia").
func (st *depState) exposure(evs []armsflow.Event, year int, stock, pipe []depAmount, weight func(depAmount) float64) []ExposureRow {
	out := []ExposureRow{}
	ts, tp := weight(sumAmounts(stock)), weight(sumAmounts(pipe))
	succ := successorOf()
	canon := func(n string) string {
		if ent, err := st.reg.Resolve(n); err == nil {
			return ent.Name
		}
		return n
	}
	sorted := append([]armsflow.Event{}, evs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Date < sorted[j].Date })
	// One row per regime (actor, target and whom it aims at), naming every
	// event of it in date order: CAATSA's application to China is the same
	// regime on the buyers of Russia's arms as CAATSA itself.
	byRegime := map[string]int{}
	for i := range sorted {
		ev := &sorted[i]
		if ev.Kind != "sanction" || ev.Actor == "" || len(ev.Parties) == 0 || ev.Year() == 0 || ev.Year() > year {
			continue
		}
		if ev.End != "" {
			end := armsflow.Event{Date: ev.End}
			if end.Year() != 0 && end.Year() < year {
				continue
			}
		}
		target := canon(ev.Parties[0])
		targets := targetsOf(ev, target, canon)
		regime := canon(ev.Actor) + " sanctions on " + target
		if targets == TargetsBuyers {
			regime = canon(ev.Actor) + " sanctions on buyers of arms from " + target
		}
		if i, ok := byRegime[regime]; ok {
			out[i].Event += ", " + ev.ID
			out[i].Title += "; " + ev.Title
			continue
		}
		var sups []string
		var s, p depAmount
		for g, n := range st.sups.names {
			if n != target && succ[n] != target && succ[target] != n {
				continue
			}
			if !stock[g].any && !pipe[g].any {
				continue
			}
			sups = append(sups, n)
			s.tiv, s.units = s.tiv+stock[g].tiv, s.units+stock[g].units
			p.tiv, p.units = p.tiv+pipe[g].tiv, p.units+pipe[g].units
		}
		if len(sups) == 0 {
			continue
		}
		sort.Strings(sups)
		byRegime[regime] = len(out)
		out = append(out, ExposureRow{Regime: regime, Targets: targets, Event: ev.ID, Title: ev.Title,
			Suppliers: sups, StockSharePct: pct(weight(s), ts), PipelineSharePct: pct(weight(p), tp)})
	}
	return out
}

// note is the answer's honest statement of what it is and is not.
func (st *depState) note(res *DependencyResult, lives *ServiceLives, pipeUnknown int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Stock of major arms in service in %s at the end of %d, counted from SIPRI's trade register: ", res.Recipient, res.AsOf)
	b.WriteString("each delivery is in service from its delivery year until it reaches the service life of its kind of weapon (")
	b.WriteString(lives.Source)
	b.WriteString("), then retired; low_pct and high_pct bound each share over service lives 30 % shorter and 30 % longer. ")
	b.WriteString("The register records transfers, not inventories: losses, exports onward, local production beyond what the register holds and retirements before the service life are not seen. ")
	if res.Estimated {
		b.WriteString("Yearly TIV is ESTIMATED: this register gives each deal's TIV for all its delivery years together, spread evenly over them here. ")
	} else {
		b.WriteString("Yearly TIV is exact: SIPRI's per-year delivery values, or a deal's single delivery year. ")
	}
	if res.Weight == WeightUnits {
		b.WriteString("Weighted by units: every item counts alike, a missile as much as a frigate. ")
	} else {
		b.WriteString("Weighted by TIV (SIPRI trend-indicator values, millions): SIPRI's measure of military capability transferred, not money. ")
	}
	if res.By == ByCategory {
		b.WriteString("Categories are SIPRI's where the register gives them, else armsflow's mapping of the weapon description (engine.CategoryOf). ")
	}
	var merged []string
	for s, ps := range st.includes {
		merged = append(merged, s+" includes its predecessor "+strings.Join(ps, " and "))
	}
	sort.Strings(merged)
	if len(merged) > 0 {
		b.WriteString(strings.Join(merged, "; ") + " (--separate-predecessors shows them apart). ")
	}
	fmt.Fprintf(&b, "The flow share is of the recipient's deliveries in the %d years to each year, by the same weight. ", flowShareSpan)
	b.WriteString("Pipeline: ordered by the year and not delivered in it or before, as far as the register knows")
	if !st.holdsUndelivered {
		b.WriteString("; this register lists only deals with deliveries, so orders with none yet are not seen")
	}
	b.WriteString(". ")
	if pipeUnknown > 0 {
		fmt.Fprintf(&b, "%d open order(s) of unknown size are not counted. ", pipeUnknown)
	}
	if st.unknownOrder > 0 {
		fmt.Fprintf(&b, "%d deal(s) without an order year are not in the pipeline. ", st.unknownOrder)
	}
	if st.unknownTIV > 0 {
		fmt.Fprintf(&b, "%d delivery year(s) with unknown TIV count in units only. ", st.unknownTIV)
	}
	if res.Weight == WeightUnits && st.unknownUnits > 0 {
		fmt.Fprintf(&b, "%d delivery year(s) with an unknown number count in TIV only. ", st.unknownUnits)
	}
	b.WriteString("Exposure: sanctions events with an actor in the timeline ('armsflow events --kind sanction'), active in the year, their first party read as the target supplier; " +
		"measures against the supplier itself and measures against the recipients of its arms for buying from it (CAATSA section 231: events tagged secondary or caatsa, or naming the deals bought) are separate items, each with the share of the stock and pipeline from that supplier.")
	return b.String()
}
