package engine

import (
	"context"
	"slices"
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
	sipri *sipriTotals
}

// cflow is a flow of a flowSet: a FlowRecord with its parties as indexes in
// the set's parties. A dataset that holds only each recipient's total
// imports has flows with Supplier -1, one that holds only each supplier's
// total exports flows with Recipient -1. An estimated set keeps one cflow
// per deal and year, with the deal's first and last delivery years, so
// that an answer can say how much of its TIV comes from deals that
// straddle its years; every other set has First = Last = Year. A set of
// published figures is the loaded records themselves, renumbered in place.
type cflow = armsflow.FlowRecord

// straddles reports whether the deal behind f delivered outside from..to.
// By value: a pointer made the scans copy every flow to memory.
func straddles(f cflow, from, to int32) bool {
	return int32(f.First) < from || int32(f.Last) > to
}

// anyParty is a filter index that matches every party.
const anyParty = -2

// party is a resolved query party: its entity, and its index in a flowSet
// (-1 when the dataset has no flows of it).
type party struct {
	armsflow.Entity
	idx int32
}

// FlowLoader is a Loader that can also give only what a dataset's yearly
// flows are built from (*sqlite.DB is one): faster to load than the whole
// content, whose deals' text a ranking never reads. The engine uses it when
// its loader has it, and armsflow.NewFlowContent of the content otherwise.
// The engine owns what LoadFlowContent returns (it renumbers the totals'
// parties in place): each call must return values of its own.
type FlowLoader interface {
	LoadFlowContent(ctx context.Context, name string) (*armsflow.FlowContent, error)
}

// flowContent returns what the yearly flows of the dataset named are built
// from.
func (e *Engine) flowContent(ctx context.Context, name string) (*armsflow.FlowContent, error) {
	if l, ok := e.loader.(FlowLoader); ok {
		return l.LoadFlowContent(ctx, name)
	}
	c, err := e.content(ctx, name)
	if err != nil {
		return nil, err
	}
	return armsflow.NewFlowContent(c), nil
}

// flowSet returns ds's flows, built the first time they are asked for.
func (e *Engine) flowSet(ctx context.Context, ds armsflow.Dataset) (*flowSet, error) {
	e.mu.Lock()
	fs := e.flows[ds.Name]
	e.mu.Unlock()
	if fs != nil {
		return fs, nil
	}
	c, err := e.flowContent(ctx, ds.Name)
	if err != nil {
		return nil, err
	}
	fs = buildFlowSet(ds, c)
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

// buildFlowSet returns ds's flows from c: TIV tables or the long form as
// published, a register with yearly TIV summed, a classic register
// estimated.
func buildFlowSet(ds armsflow.Dataset, c *armsflow.FlowContent) *flowSet {
	b := newBuilder(ds, c)
	switch {
	case ds.Kind == armsflow.KindRegister && (ds.YearlyTIV || len(c.Deliveries) > 0):
		b.exact = true
		addDeliveries(b, c)
	case ds.Kind == armsflow.KindRegister:
		b.estimated = true
		addEstimated(b, c)
	case len(c.Flows) > 0:
		// The set's flows are the content's records, which the engine
		// owns, renumbered in place and put in year order.
		flows := c.Flows
		if ds.Kind == armsflow.KindLong {
			flows = dedupe(flows)
		}
		for i := range flows {
			f := &flows[i]
			f.Supplier, f.Recipient = b.party(f.Supplier), b.party(f.Recipient)
			f.First, f.Last = int16(f.Year), int16(f.Year)
		}
		b.fs.flows = flows
	default:
		// Only SIPRI's tables of all recipients or all suppliers: their
		// totals, with the other party ("") absent.
		for _, fs := range [][]armsflow.FlowRecord{c.World, c.Exports} {
			for _, f := range fs {
				y := int(f.Year)
				b.add(b.party(f.Supplier), b.party(f.Recipient), y, y, y, f.TIV)
			}
		}
	}
	addTotals(b, c)
	if ds.Kind == armsflow.KindRegister {
		// A register covers the years of all its deliveries, those of
		// unknown TIV too.
		b.minYear, b.maxYear = deliveryYears(c)
	}
	return b.finish()
}

// flowNames collects the distinct party names of c, sorted, as namesOf
// does for the whole content: each name once, however many records name
// it.
func flowNames(c *armsflow.FlowContent) []string {
	used := make([]bool, len(c.Names))
	for _, fs := range [][]armsflow.FlowRecord{c.Flows, c.World, c.Exports} {
		for i := range fs {
			used[fs[i].Supplier] = true
			used[fs[i].Recipient] = true
		}
	}
	for i := range c.Deals {
		used[c.Deals[i].Supplier] = true
		used[c.Deals[i].Recipient] = true
	}
	var out []string
	seen := map[string]bool{"": true}
	for i, u := range used {
		if n := c.Names[i]; u && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	last := ""
	for i := range c.Categories {
		// Consecutive records mostly repeat their country.
		if n := c.Categories[i].Country; n != last {
			last = n
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// deliveryYears returns the first and last delivery year of c's deals, 0
// and 0 when none has one.
func deliveryYears(c *armsflow.FlowContent) (first, last int) {
	for _, y := range c.Years {
		if first == 0 || y < first {
			first = y
		}
		last = max(last, y)
	}
	for _, d := range c.Deliveries {
		if first == 0 || d.Year < first {
			first = d.Year
		}
		last = max(last, d.Year)
	}
	return first, last
}

// addDeliveries adds a register's exact yearly TIV: each delivery year's
// TIV as SIPRI gives it, summed per supplier, recipient (as spelled in the
// data) and year in the deals' order, one flow each in the order they first
// appear. A delivery whose TIV is unknown adds nothing.
//
// Names are numbers here, and so are pairs of them: a map keyed by two
// strings and a year, its allocations and the garbage collector's work on
// them were half of a cold query. Each pair's years are a row of a table
// (year by year, as few as the deliveries span), so that finding a flow
// is an index, not a hash.
func addDeliveries(b *builder, c *armsflow.FlowContent) {
	lo, hi, known := 0, 0, 0
	for _, dl := range c.Deliveries {
		if !dl.HasTIV {
			continue
		}
		if known == 0 || dl.Year < lo {
			lo = dl.Year
		}
		if known == 0 || dl.Year > hi {
			hi = dl.Year
		}
		known++
	}
	if known == 0 {
		return
	}
	dyad, ndyads := dyads(c)
	span := hi - lo + 1
	party := b.party
	flows := slices.Grow(b.fs.flows, known/2)
	// flows[at(d, y)-1] is the flow of pair d in year y, 0 when none yet.
	var at func(d int32, y int) *int32
	if span <= 1000 && ndyads*span <= 1<<22 {
		table := make([]int32, ndyads*span)
		at = func(d int32, y int) *int32 { return &table[int(d)*span+y-lo] }
	} else { // years or pairs so many that the table would not be small
		m := map[[2]int]*int32{}
		at = func(d int32, y int) *int32 {
			p := m[[2]int{int(d), y}]
			if p == nil {
				p = new(int32)
				m[[2]int{int(d), y}] = p
			}
			return p
		}
	}
	from := int32(0)
	for i := range c.Deals {
		d := &c.Deals[i]
		for _, dl := range c.Deliveries[from:d.DeliveriesEnd] {
			if !dl.HasTIV {
				continue
			}
			p := at(dyad[i], dl.Year)
			if *p == 0 {
				flows = append(flows, cflow{Supplier: party(d.Supplier), Recipient: party(d.Recipient),
					Year: int32(dl.Year), First: int16(dl.Year), Last: int16(dl.Year)})
				*p = int32(len(flows))
			}
			flows[*p-1].TIV += dl.TIV
		}
		from = d.DeliveriesEnd
	}
	b.fs.flows = flows
}

// dyads numbers the supplier-recipient pairs of c's deals (names as
// spelled in the data): it returns each deal's pair and how many there
// are.
func dyads(c *armsflow.FlowContent) (dyad []int32, n int) {
	dyad = make([]int32, len(c.Deals))
	nn := len(c.Names)
	// A register names a few hundred parties: a table of every pair of
	// names (numbers plus one, 0 for none yet) is small, and an index.
	var table []int32
	var m map[[2]int32]int32
	if nn <= 2048 {
		table = make([]int32, nn*nn)
	} else {
		m = map[[2]int32]int32{}
	}
	lastS, lastR, last := int32(-1), int32(-1), int32(0)
	for i := range c.Deals {
		d := &c.Deals[i]
		if d.Supplier != lastS || d.Recipient != lastR {
			lastS, lastR = d.Supplier, d.Recipient
			if table != nil {
				p := &table[int(d.Supplier)*nn+int(d.Recipient)]
				if *p == 0 {
					n++
					*p = int32(n)
				}
				last = *p - 1
			} else {
				k := [2]int32{d.Supplier, d.Recipient}
				v, ok := m[k]
				if !ok {
					v = int32(n)
					m[k] = v
					n++
				}
				last = v
			}
		}
		dyad[i] = last
	}
	return dyad, n
}

// addEstimated adds a classic register's flows as EstimateFlows spreads
// them, one per deal and year, keeping each deal's delivery span. Each
// year's flows are counted first, so that they are placed in year order
// (the deals' order within a year, as finish's sort would leave them) in
// one allocation.
func addEstimated(b *builder, c *armsflow.FlowContent) {
	lo, hi, n := 0, 0, 0
	from := int32(0)
	for i := range c.Deals {
		d := &c.Deals[i]
		years := c.Years[from:d.YearsEnd]
		from = d.YearsEnd
		if !d.HasTIVDelivered {
			continue
		}
		for _, y := range years {
			if n == 0 {
				lo, hi = y, y
			}
			lo, hi = min(lo, y), max(hi, y)
			n++
		}
	}
	if n == 0 {
		return
	}
	var slot []int // where the next flow of year lo+i goes; nil: append
	flows := slices.Grow(b.fs.flows, n)
	if len(flows) == 0 && hi-lo < 1<<16 {
		slot = make([]int, hi-lo+1)
		from = 0
		for i := range c.Deals {
			d := &c.Deals[i]
			if d.HasTIVDelivered {
				for _, y := range c.Years[from:d.YearsEnd] {
					slot[y-lo]++
				}
			}
			from = d.YearsEnd
		}
		at := 0
		for i, k := range slot {
			slot[i] = at
			at += k
		}
		flows = flows[:n]
	}
	party := b.party
	from = 0
	for i := range c.Deals {
		d := &c.Deals[i]
		years := c.Years[from:d.YearsEnd]
		from = d.YearsEnd
		if !d.HasTIVDelivered || len(years) == 0 {
			continue
		}
		share := d.TIVDelivered / float64(len(years))
		first, last := years[0], years[0]
		for _, y := range years {
			first, last = min(first, y), max(last, y)
		}
		s, r := party(d.Supplier), party(d.Recipient)
		for _, y := range years {
			f := cflow{Supplier: s, Recipient: r, Year: int32(y), First: int16(first), Last: int16(last), TIV: share}
			if slot != nil {
				flows[slot[y-lo]] = f
				slot[y-lo]++
			} else {
				flows = append(flows, f)
			}
		}
	}
	b.fs.flows = flows
}

// builder interns a dataset's names while its flows are added.
type builder struct {
	fs        *flowSet
	exact     bool
	estimated bool
	// names are the content's names, partyOf the set's index of each, found
	// the first time a flow asks for it (in flow order, so that the set's
	// parties come in the order flows name them): -3 until then.
	names   []string
	partyOf []int32
	// minYear and maxYear, when set, are the data's years for a coverage
	// that was not recorded, in place of its flows' years.
	minYear, maxYear int
}

func newBuilder(ds armsflow.Dataset, c *armsflow.FlowContent) *builder {
	dataNames := flowNames(c)
	b := &builder{
		fs: &flowSet{
			ds:    ds,
			reg:   names.New(dataNames...),
			index: make(map[string]int32, len(dataNames)),
		},
		names:   c.Names,
		partyOf: make([]int32, len(c.Names)),
	}
	for i := range b.partyOf {
		b.partyOf[i] = -3
	}
	return b
}

// party returns the set's index of the party that the content's name n
// is, resolving each name once: "" (a party absent from a table of totals)
// is -1.
func (b *builder) party(n int32) int32 {
	if i := b.partyOf[n]; i != -3 {
		return i
	}
	i := b.intern(b.names[n])
	b.partyOf[n] = i
	return i
}

// intern returns the index of a name as spelled in the data.
func (b *builder) intern(n string) int32 {
	if n == "" {
		return -1
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
	return i
}

// add adds one flow between the set's parties s and r.
func (b *builder) add(s, r int32, year, first, last int, tiv float64) {
	c := cflow{Supplier: s, Recipient: r, Year: int32(year), First: int16(first), Last: int16(last), TIV: tiv}
	b.fs.flows = append(b.fs.flows, c)
}

func (b *builder) finish() *flowSet {
	fs := b.fs
	fs.exact, fs.estimated = b.exact, b.estimated
	orderByYear(fs.flows)
	if len(fs.flows) > 0 {
		fs.minYear = int(fs.flows[0].Year)
		fs.maxYear = int(fs.flows[len(fs.flows)-1].Year)
		// A year's flows start where the previous years' end: a span is
		// two lookups, where a binary search per bound was a tenth of a
		// year-by-year answer.
		fs.start = make([]int, fs.maxYear-fs.minYear+2)
		for _, f := range fs.flows {
			fs.start[int(f.Year)-fs.minYear+1]++
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

// orderByYear puts flows in year order in place, keeping the data's order
// within a year: a counting sort, since years span a few decades (a
// comparison sort of 30,000 flows was most of a command-line query's
// time), which moves each flow straight to its place, so that the flows
// are in memory once: a cold query pays for every page it touches.
func orderByYear(flows []cflow) {
	if len(flows) == 0 {
		return
	}
	lo, hi := flows[0].Year, flows[0].Year
	sorted := true
	for i := range flows {
		y := flows[i].Year
		lo, hi = min(lo, y), max(hi, y)
		sorted = sorted && (i == 0 || y >= flows[i-1].Year)
	}
	if sorted {
		return
	}
	next := make([]int32, hi-lo+1) // where the next flow of year lo+i goes
	for i := range flows {
		next[flows[i].Year-lo]++
	}
	at := int32(0)
	for i, n := range next {
		next[i] = at
		at += n
	}
	dest := make([]int32, len(flows))
	for i := range flows {
		y := flows[i].Year - lo
		dest[i] = next[y]
		next[y]++
	}
	// Each swap puts one flow at its place for good.
	for i := range flows {
		for d := dest[i]; d != int32(i); d = dest[i] {
			flows[i], flows[d] = flows[d], flows[i]
			dest[i], dest[d] = dest[d], d
		}
	}
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
func dedupe(flows []armsflow.FlowRecord) []armsflow.FlowRecord {
	type key struct{ s, r, y int32 }
	seen := make(map[key]bool, len(flows))
	out := make([]armsflow.FlowRecord, 0, len(flows))
	for _, f := range flows {
		k := key{f.Supplier, f.Recipient, f.Year}
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
