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
	estimated bool // flows spread from a trade register's deliveries
	reg       *names.Registry
	parties   []armsflow.Entity // by index
	index     map[string]int32  // canonical name → index
	flows     []cflow           // sorted by year
	minYear   int
	maxYear   int
}

// cflow is a Flow with its parties as indexes.
type cflow struct {
	s, r int32
	year int32
	tiv  float64
}

// party is a resolved query party: its entity, and its index in a flowSet
// (-1 when the dataset has no flows of it).
type party struct {
	armsflow.Entity
	idx int32
}

// flowsFor returns the flows to answer from: the TIV tables or long form
// named or newest, or else flows estimated from the newest trade register.
func (e *Engine) flowsFor(ctx context.Context, dataset string) (*flowSet, error) {
	ds, err := e.pick(dataset, armsflow.KindTIV, armsflow.KindLong, armsflow.KindRegister)
	if err != nil {
		return nil, err
	}
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
	flows := c.Flows
	estimated := false
	if ds.Kind == armsflow.KindLong {
		flows = dedupe(flows)
	}
	if ds.Kind == armsflow.KindRegister {
		flows = EstimateFlows(c.Deals)
		estimated = true
	}
	fs = newFlowSet(ds, flows, namesOf(c), estimated)
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

func newFlowSet(ds armsflow.Dataset, flows []armsflow.Flow, dataNames []string, estimated bool) *flowSet {
	fs := &flowSet{
		ds:        ds,
		estimated: estimated,
		reg:       names.New(dataNames...),
		index:     make(map[string]int32, len(dataNames)),
		flows:     make([]cflow, 0, len(flows)),
	}
	// Intern by the name as spelled in the data first: nearly every flow's
	// names repeat, so the registry is consulted once per distinct name.
	byDataName := map[string]int32{}
	intern := func(n string) int32 {
		if i, ok := byDataName[n]; ok {
			return i
		}
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
		byDataName[n] = i
		return i
	}
	// Consecutive flows mostly share their parties (a TIV table is one
	// recipient, a row one supplier over the years): the last answer is
	// checked before the map.
	lastS, lastR := "", ""
	var si, ri int32
	for _, f := range flows {
		if f.Supplier != lastS || lastS == "" {
			lastS, si = f.Supplier, intern(f.Supplier)
		}
		if f.Recipient != lastR || lastR == "" {
			lastR, ri = f.Recipient, intern(f.Recipient)
		}
		fs.flows = append(fs.flows, cflow{s: si, r: ri, year: int32(f.Year), tiv: f.TIV})
	}
	fs.flows = sortByYear(fs.flows)
	if len(fs.flows) > 0 {
		fs.minYear = int(fs.flows[0].year)
		fs.maxYear = int(fs.flows[len(fs.flows)-1].year)
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
	for _, f := range flows {
		lo, hi = min(lo, f.year), max(hi, f.year)
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
// giving nil) and fills in its years from the data's span.
func (fs *flowSet) resolvePair(supplier, recipient string, years *Years) (sup, rec *party, err error) {
	if sup, err = fs.resolve(supplier); err != nil {
		return nil, nil, err
	}
	if rec, err = fs.resolve(recipient); err != nil {
		return nil, nil, err
	}
	if *years, err = fs.years(*years); err != nil {
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
	lo := sort.Search(len(fs.flows), func(i int) bool { return int(fs.flows[i].year) >= from })
	hi := sort.Search(len(fs.flows), func(i int) bool { return int(fs.flows[i].year) > to })
	return fs.flows[lo:hi]
}

// years fills in an open or empty year range from the data's span and checks it.
func (fs *flowSet) years(y Years) (Years, error) {
	if y.From == 0 {
		y.From = fs.minYear
	}
	if y.To == 0 {
		y.To = fs.maxYear
	}
	if y.From > y.To {
		return y, armsflow.Errorf(armsflow.EINVALID, "years %d-%d: the first year is after the last", y.From, y.To)
	}
	return y, nil
}

// source describes the dataset a result came from.
func (fs *flowSet) source() Source {
	return Source{Dataset: fs.ds.Name, Kind: fs.ds.Kind, Generated: fs.ds.Generated, Estimated: fs.estimated}
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
