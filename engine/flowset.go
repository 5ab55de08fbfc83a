package engine

import (
	"context"
	"sort"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// flowSet is one dataset's yearly flows, indexed for scanning.
type flowSet struct {
	ds        armsflow.Dataset
	estimated bool // flows spread from a classic trade register's deliveries
	exact     bool // flows summed from a register's yearly TIV values
	cov       armsflow.Coverage
	reg       *names.Registry
	parties   []armsflow.Entity // by index
	index     map[string]int32  // canonical name → index
	flows     []cflow           // sorted by year
	start     []int             // index in flows of the first flow of year minYear+i; one more at the end
	minYear   int
	maxYear   int
	// sipri holds SIPRI's own totals, by side and party, per year.
	sipri map[totalKey]map[int]float64
}

// cflow is a Flow with its parties as indexes. A dataset that holds only
// each recipient's total imports has flows with s -1, one that holds only
// each supplier's total exports flows with r -1. An estimated set keeps one
// cflow per deal and year, with the deal's first and last delivery years,
// so that an answer can say how much of its TIV comes from deals that
// straddle its years; every other set has first = last = year.
type cflow struct {
	s, r        int32
	year        int32
	first, last int16
	tiv         float64
}

// straddles reports whether the deal behind f delivered outside from..to.
// A value receiver: a pointer one made the scans copy every flow to memory.
func (f cflow) straddles(from, to int32) bool {
	return int32(f.first) < from || int32(f.last) > to
}

// anyParty is a filter index that matches every party.
const anyParty = -2

// filterIdx returns p's index for a scan's filter, anyParty for nil.
func filterIdx(p *party) int32 {
	if p == nil {
		return anyParty
	}
	return p.idx
}

// party is a resolved query party: its entity, and its index in a flowSet
// (-1 when the dataset has no flows of it).
type party struct {
	armsflow.Entity
	idx int32
}

// flowSet returns ds's flows, built the first time they are asked for:
// TIV tables or the long form as published, a register with yearly TIV
// summed, a classic register estimated.
func (e *Engine) flowSet(ctx context.Context, ds armsflow.Dataset) (*flowSet, error) {
	e.mu.Lock()
	fs := e.flows[ds.Name]
	e.mu.Unlock()
	if fs != nil {
		return fs, nil
	}
	c, err := e.content(ctx, ds.Name)
	if err != nil {
		return nil, err
	}
	b := newBuilder(ds, namesOf(c))
	switch {
	case ds.Kind == armsflow.KindRegister && (ds.YearlyTIV || hasDeliveries(c.Deals)):
		b.exact = true
		addDeliveries(b, c.Deals)
	case ds.Kind == armsflow.KindRegister:
		b.estimated = true
		addEstimated(b, c.Deals)
	case len(c.Flows) > 0:
		flows := c.Flows
		if ds.Kind == armsflow.KindLong {
			flows = dedupe(flows)
		}
		b.placeByYear(flows)
		for _, f := range flows {
			b.add(f.Supplier, f.Recipient, f.Year, f.Year, f.Year, f.TIV)
		}
	default:
		// Only SIPRI's tables of all recipients or all suppliers: their
		// totals, with the other party absent.
		for _, f := range c.World {
			b.add("", f.Recipient, f.Year, f.Year, f.Year, f.TIV)
		}
		for _, f := range c.Exports {
			b.add(f.Supplier, "", f.Year, f.Year, f.Year, f.TIV)
		}
	}
	addTotals(b, c.Totals)
	if ds.Kind == armsflow.KindRegister {
		// A register covers the years of all its deliveries, those of
		// unknown TIV too.
		b.minYear, b.maxYear = deliveryYears(c.Deals)
	}
	fs = b.finish()
	e.mu.Lock()
	if prev := e.flows[ds.Name]; prev != nil {
		fs = prev
	} else {
		e.flows[ds.Name] = fs
		e.reg = fs.reg
	}
	e.mu.Unlock()
	return fs, nil
}

// hasDeliveries reports whether deals carry per-year deliveries (SIPRI's
// export option), for a dataset imported before YearlyTIV was recorded.
func hasDeliveries(deals []armsflow.Deal) bool {
	for i := range deals {
		if len(deals[i].Deliveries) > 0 {
			return true
		}
	}
	return false
}

// deliveryYears returns the first and last delivery year of deals, 0 and
// 0 when none has one.
func deliveryYears(deals []armsflow.Deal) (first, last int) {
	for i := range deals {
		for _, y := range deals[i].DeliveryYears {
			if first == 0 || y < first {
				first = y
			}
			last = max(last, y)
		}
		for _, d := range deals[i].Deliveries {
			if first == 0 || d.Year < first {
				first = d.Year
			}
			last = max(last, d.Year)
		}
	}
	return first, last
}

// addDeliveries adds a register's exact yearly TIV: each delivery year's
// TIV as SIPRI gives it. A delivery whose TIV is unknown adds nothing.
func addDeliveries(b *builder, deals []armsflow.Deal) {
	type key struct {
		s, r string
		y    int
	}
	sum := map[key]float64{}
	var order []key
	for i := range deals {
		d := &deals[i]
		for _, dl := range d.Deliveries {
			if dl.TIV == nil {
				continue
			}
			k := key{d.Supplier, d.Recipient, dl.Year}
			if _, ok := sum[k]; !ok {
				order = append(order, k)
			}
			sum[k] += *dl.TIV
		}
	}
	for _, k := range order {
		b.add(k.s, k.r, k.y, k.y, k.y, sum[k])
	}
}

// addEstimated adds a classic register's flows as EstimateFlows spreads
// them, one per deal and year, keeping each deal's delivery span.
func addEstimated(b *builder, deals []armsflow.Deal) {
	for i := range deals {
		d := &deals[i]
		if d.TIVDelivered == nil || len(d.DeliveryYears) == 0 {
			continue
		}
		share := *d.TIVDelivered / float64(len(d.DeliveryYears))
		first, last := d.DeliveryYears[0], d.DeliveryYears[0]
		for _, y := range d.DeliveryYears {
			first, last = min(first, y), max(last, y)
		}
		for _, y := range d.DeliveryYears {
			b.add(d.Supplier, d.Recipient, y, first, last, share)
		}
	}
}

// builder interns a dataset's names while its flows are added.
type builder struct {
	fs         *flowSet
	exact      bool
	estimated  bool
	byDataName map[string]int32
	lastS      string
	lastR      string
	si, ri     int32
	// slot, when set, is where the next flow of year slotLo+i goes
	// (placeByYear).
	slot   []int
	slotLo int
	// minYear and maxYear, when set, are the data's years for a coverage
	// that was not recorded, in place of its flows' years.
	minYear, maxYear int
}

func newBuilder(ds armsflow.Dataset, dataNames []string) *builder {
	return &builder{
		fs: &flowSet{
			ds:    ds,
			reg:   names.New(dataNames...),
			index: make(map[string]int32, len(dataNames)),
		},
		byDataName: map[string]int32{},
		si:         -1, ri: -1,
	}
}

// intern returns the index of a name as spelled in the data, resolving it
// once: nearly every flow's names repeat. "" (a party absent from a table
// of totals) is -1.
func (b *builder) intern(n string) int32 {
	if n == "" {
		return -1
	}
	if i, ok := b.byDataName[n]; ok {
		return i
	}
	fs := b.fs
	ent, err := fs.reg.Resolve(n)
	if err != nil {
		ent = armsflow.Entity{Name: n, Kind: armsflow.KindOfName(n)}
	}
	i, ok := fs.index[ent.Name]
	if !ok {
		i = int32(len(fs.parties))
		fs.parties = append(fs.parties, ent)
		fs.index[ent.Name] = i
	}
	b.byDataName[n] = i
	return i
}

// add adds one flow. Consecutive flows mostly share their parties (a TIV
// table is one recipient, a row one supplier over the years): the last
// answer is checked before the map.
func (b *builder) add(s, r string, year, first, last int, tiv float64) {
	if s != b.lastS || s == "" {
		b.lastS, b.si = s, b.intern(s)
	}
	if r != b.lastR || r == "" {
		b.lastR, b.ri = r, b.intern(r)
	}
	c := cflow{s: b.si, r: b.ri, year: int32(year), first: int16(first), last: int16(last), tiv: tiv}
	if b.slot != nil {
		i := &b.slot[year-b.slotLo]
		b.fs.flows[*i] = c
		*i++
		return
	}
	b.fs.flows = append(b.fs.flows, c)
}

// placeByYear makes add put each of flows, which must then be added all and
// in order, at its place in year order: the flow set is made in one
// allocation, already sorted, where appending and then sorting by year
// allocated and faulted in its memory three times over, a tenth of a
// command-line query.
func (b *builder) placeByYear(flows []armsflow.Flow) {
	if len(flows) == 0 {
		return
	}
	lo, hi := flows[0].Year, flows[0].Year
	for i := range flows {
		lo, hi = min(lo, flows[i].Year), max(hi, flows[i].Year)
	}
	b.slot = make([]int, hi-lo+1)
	for i := range flows {
		b.slot[flows[i].Year-lo]++
	}
	at := 0
	for i, n := range b.slot {
		b.slot[i] = at
		at += n
	}
	b.slotLo = lo
	b.fs.flows = make([]cflow, len(flows))
}

func (b *builder) finish() *flowSet {
	fs := b.fs
	fs.exact, fs.estimated = b.exact, b.estimated
	fs.flows = sortByYear(fs.flows)
	if len(fs.flows) > 0 {
		fs.minYear = int(fs.flows[0].year)
		fs.maxYear = int(fs.flows[len(fs.flows)-1].year)
		// A year's flows start where the previous years' end: a span is
		// two lookups, where a binary search per bound was a tenth of a
		// year-by-year answer.
		fs.start = make([]int, fs.maxYear-fs.minYear+2)
		for _, f := range fs.flows {
			fs.start[int(f.year)-fs.minYear+1]++
		}
		for i := 1; i < len(fs.start); i++ {
			fs.start[i] += fs.start[i-1]
		}
	}
	fs.cov = fs.ds.Coverage
	if fs.cov.IsZero() {
		lo, hi := fs.minYear, fs.maxYear
		if b.minYear != 0 {
			lo, hi = b.minYear, b.maxYear
		}
		fs.cov = deriveCoverage(fs.ds, lo, hi)
	}
	return fs
}

// sortByYear orders flows by year, keeping the data's order within a year:
// a counting sort, since years span a few decades and a comparison sort of
// 30,000 flows was most of a command-line query's time.
func sortByYear(flows []cflow) []cflow {
	if len(flows) == 0 {
		return flows
	}
	lo, hi := flows[0].year, flows[0].year
	sorted := true
	for i, f := range flows {
		lo, hi = min(lo, f.year), max(hi, f.year)
		sorted = sorted && (i == 0 || f.year >= flows[i-1].year)
	}
	if sorted {
		return flows // as placed by placeByYear
	}
	start := make([]int, hi-lo+2)
	for _, f := range flows {
		start[f.year-lo+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	out := make([]cflow, len(flows))
	for _, f := range flows {
		out[start[f.year-lo]] = f
		start[f.year-lo]++
	}
	return out
}

// resolve turns user input into a party of this set; "" gives nil.
func (fs *flowSet) resolve(input string) (*party, error) {
	if input == "" {
		return nil, nil
	}
	ent, err := fs.reg.Resolve(input)
	if err != nil {
		return nil, err
	}
	p := &party{Entity: ent, idx: -1}
	if i, ok := fs.index[ent.Name]; ok {
		p.idx = i
		p.Entity = fs.parties[i]
	}
	return p, nil
}

// resolvePair resolves a query's supplier and recipient (either may be "",
// giving nil).
func (fs *flowSet) resolvePair(supplier, recipient string) (sup, rec *party, err error) {
	if sup, err = fs.resolve(supplier); err != nil {
		return nil, nil, err
	}
	if rec, err = fs.resolve(recipient); err != nil {
		return nil, nil, err
	}
	return sup, rec, nil
}

// periodLength defaults a query's period length to 5 years and checks it.
func periodLength(n *int) error {
	if *n == 0 {
		*n = 5
	}
	if *n < 1 || *n > 100 {
		return armsflow.Errorf(armsflow.EINVALID, "--period-length %d: use a number of years from 1 to 100", *n)
	}
	return nil
}

// span returns the flows with years in [from, to] (binary search on the
// year-sorted slice).
func (fs *flowSet) span(from, to int) []cflow {
	if len(fs.flows) == 0 || from > to {
		return nil
	}
	from, to = max(from, fs.minYear), min(to, fs.maxYear)
	if from > to {
		return nil
	}
	return fs.flows[fs.start[from-fs.minYear]:fs.start[to-fs.minYear+1]]
}

// EstimateFlows spreads each deal's delivered TIV evenly over its delivery
// years. Deals whose delivered TIV or delivery years are unknown contribute
// nothing: an estimate is never made of an unknown.
func EstimateFlows(deals []armsflow.Deal) []armsflow.Flow {
	type key struct {
		s, r string
		y    int
	}
	sum := map[key]float64{}
	for i := range deals {
		d := &deals[i]
		if d.TIVDelivered == nil || len(d.DeliveryYears) == 0 {
			continue
		}
		share := *d.TIVDelivered / float64(len(d.DeliveryYears))
		for _, y := range d.DeliveryYears {
			sum[key{d.Supplier, d.Recipient, y}] += share
		}
	}
	out := make([]armsflow.Flow, 0, len(sum))
	for k, v := range sum {
		out = append(out, armsflow.Flow{Supplier: k.s, Recipient: k.r, Year: k.y, TIV: v})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		if a.Supplier != b.Supplier {
			return a.Supplier < b.Supplier
		}
		return a.Recipient < b.Recipient
	})
	return out
}

// dedupe drops repeated supplier-recipient-year flows, keeping the first:
// the long form gives the same dyadic figures twice, from the importer's
// side (import_tiv.csv) and from the exporter's (export_tiv.csv).
func dedupe(flows []armsflow.Flow) []armsflow.Flow {
	type key struct {
		s, r string
		y    int
	}
	seen := make(map[key]bool, len(flows))
	out := make([]armsflow.Flow, 0, len(flows))
	for _, f := range flows {
		k := key{f.Supplier, f.Recipient, f.Year}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
