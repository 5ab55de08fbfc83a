package engine

import (
	"context"
	"sort"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// PanelQuery asks for the dyad-year panel of a dataset: every supplier,
// recipient and year, with the years without deliveries as explicit zeros.
type PanelQuery struct {
	Dataset string `json:"dataset,omitempty"`
	// Years is the span of the panel; open bounds are the dataset's coverage.
	Years Years `json:"years"`
	// StatesOnly keeps the pairs of two states (no rebel groups,
	// organisations or unknown parties).
	StatesOnly bool `json:"states_only,omitempty"`
}

// PanelResult is the dense yearly TIV of every pair that traded at least
// once within the panel's years.
type PanelResult struct {
	Source
	Query    PanelQuery        `json:"query"`
	Coverage armsflow.Coverage `json:"coverage"` // the dataset's, or the data's years where it recorded none
	Years    Years             `json:"years"`    // the panel's years, within Coverage
	Pairs    []PanelPair       `json:"pairs"`    // by supplier, then recipient
	// Names is the registry of the dataset's parties (its spelling).
	Names *names.Registry `json:"-"`
}

// PanelPair is one supplier–recipient pair's yearly TIV. TIV[i] is the
// year Years.From+i: 0 when SIPRI records no deliveries that year, and
// Delivered[i] says whether it records any (a TIV of 0 with Delivered true
// is SIPRI's "0": more than 0 and less than 0.5).
type PanelPair struct {
	Supplier  armsflow.Entity `json:"supplier"`
	Recipient armsflow.Entity `json:"recipient"`
	TIV       []float64       `json:"tiv"`
	Delivered []bool          `json:"delivered"`
}

// Panel answers a PanelQuery from the dataset named, or from the best
// dataset that has yearly TIV per supplier and recipient and covers every
// year asked, as every question of yearly TIV is answered (TIV tables, then
// a register with yearly values, then a classic register's estimate, said
// in Source). Years outside the dataset's coverage are refused as not
// covered: they are not years without deliveries.
func (e *Engine) Panel(ctx context.Context, q PanelQuery) (*PanelResult, error) {
	ch, err := e.choose(ctx, q.Dataset, need{view: armsflow.ViewDyads, years: q.Years})
	if err != nil {
		return nil, err
	}
	fs, y := ch.fs, ch.years
	n := y.To - y.From + 1
	type key struct{ s, r int32 }
	rows := map[key]int{}
	var pairs []PanelPair
	for _, f := range fs.span(y.From, y.To) {
		if f.Supplier < 0 || f.Recipient < 0 {
			continue // a total of a recipient's imports or a supplier's exports
		}
		k := key{f.Supplier, f.Recipient}
		i, ok := rows[k]
		if !ok {
			sup, rec := fs.parties[f.Supplier], fs.parties[f.Recipient]
			if q.StatesOnly && (sup.Kind != armsflow.EntityState || rec.Kind != armsflow.EntityState) {
				continue
			}
			i = len(pairs)
			rows[k] = i
			pairs = append(pairs, PanelPair{Supplier: sup, Recipient: rec, TIV: make([]float64, n), Delivered: make([]bool, n)})
		}
		pairs[i].TIV[int(f.Year)-y.From] += f.TIV
		pairs[i].Delivered[int(f.Year)-y.From] = true
	}
	for i := range pairs {
		for j, v := range pairs[i].TIV {
			pairs[i].TIV[j] = ch.clean(v)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.Supplier.Name != b.Supplier.Name {
			return a.Supplier.Name < b.Supplier.Name
		}
		return a.Recipient.Name < b.Recipient.Name
	})
	return &PanelResult{Source: ch.source(), Query: q, Coverage: ch.cov, Years: y, Pairs: pairs, Names: fs.reg}, nil
}
