package engine

import (
	"context"
	"sort"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// dealSet is one trade register's deals with canonical party names.
type dealSet struct {
	ds    armsflow.Dataset
	reg   *names.Registry
	deals []armsflow.Deal
}

func (e *Engine) dealsFor(ctx context.Context, dataset string) (*dealSet, error) {
	return indexed(ctx, e, e.deals, dataset, []string{armsflow.KindRegister}, func(ds armsflow.Dataset, c *armsflow.Content) *dealSet {
		reg := names.New(namesOf(c)...)
		name := canonical(reg)
		deals := make([]armsflow.Deal, len(c.Deals))
		copy(deals, c.Deals)
		for i := range deals {
			deals[i].Supplier = name(deals[i].Supplier)
			deals[i].Recipient = name(deals[i].Recipient)
			if deals[i].DeliveryYears == nil {
				deals[i].DeliveryYears = []int{}
			}
		}
		return &dealSet{ds: ds, reg: reg, deals: deals}
	})
}

// DealQuery filters the trade register.
type DealQuery struct {
	Supplier  string `json:"supplier,omitempty"`
	Recipient string `json:"recipient,omitempty"`
	Region    string `json:"region,omitempty"`   // of the recipient
	Ordered   Years  `json:"ordered,omitzero"`   // order year within; open bounds allowed; unset, left out of JSON
	Delivered Years  `json:"delivered,omitzero"` // any delivery year within; unset, left out of JSON
	// Span keeps the deals ordered in it or with a delivery in it (the
	// deals of a relationship over a span, as the report and the web page
	// list them); open bounds allowed, as in "2002-".
	Span     Years  `json:"span,omitzero"`
	OpenOnly bool   `json:"open_only,omitempty"`
	Dataset  string `json:"-"`
}

// DealResult is the answer to a DealQuery.
type DealResult struct {
	Source
	Query DealQuery `json:"query"`
	Count int       `json:"count"`
	// TIVDelivered sums the known delivered TIV of the rows; Unknown counts
	// rows whose delivered TIV is unknown and so not in the sum.
	TIVDelivered float64         `json:"tiv_delivered"`
	Unknown      int             `json:"tiv_delivered_unknown"`
	Rows         []armsflow.Deal `json:"rows"`
	Note         string          `json:"note"`
}

// Deals answers q, ordered by order year, then supplier, recipient and
// designation.
func (e *Engine) Deals(ctx context.Context, q DealQuery) (*DealResult, error) {
	set, err := e.dealsFor(ctx, q.Dataset)
	if err != nil {
		return nil, err
	}
	var sup, rec string
	if q.Supplier != "" {
		ent, err := set.reg.Resolve(q.Supplier)
		if err != nil {
			return nil, err
		}
		sup = ent.Name
	}
	if q.Recipient != "" {
		ent, err := set.reg.Resolve(q.Recipient)
		if err != nil {
			return nil, err
		}
		rec = ent.Name
	}
	region := ""
	if q.Region != "" {
		r, err := set.reg.ResolveRegion(q.Region)
		if err != nil {
			return nil, err
		}
		region = r.Name
	}
	res := &DealResult{
		Source: Source{Dataset: set.ds.Name, Kind: set.ds.Kind, Generated: set.ds.Generated, Coverage: set.ds.Coverage},
		Query:  q,
		Rows:   []armsflow.Deal{},
		Note:   "Empty numbers are unknown in SIPRI's register and are given as null, never zero. TIV in millions.",
	}
	if set.ds.Scope != "" {
		// The scope alone ("deliveries 1950-2025") dangled after the
		// note as if it were part of the previous sentence.
		res.Note += " The register's scope: " + set.ds.Scope + "."
	}
	for i := range set.deals {
		d := &set.deals[i]
		if sup != "" && d.Supplier != sup || rec != "" && d.Recipient != rec {
			continue
		}
		if region != "" && !set.reg.InRegion(d.Recipient, region) {
			continue
		}
		if !within(d.OrderYear, q.Ordered) || !deliveredWithin(d.DeliveryYears, q.Delivered) || !inSpan(d, q.Span) {
			continue
		}
		if q.OpenOnly && !d.Open() {
			continue
		}
		res.Rows = append(res.Rows, *d)
		if d.TIVDelivered != nil {
			res.TIVDelivered += *d.TIVDelivered
		} else {
			res.Unknown++
		}
	}
	sort.SliceStable(res.Rows, func(i, j int) bool {
		a, b := &res.Rows[i], &res.Rows[j]
		ay, by := yearOr0(a.OrderYear), yearOr0(b.OrderYear)
		if ay != by {
			return ay < by
		}
		if a.Supplier != b.Supplier {
			return a.Supplier < b.Supplier
		}
		if a.Recipient != b.Recipient {
			return a.Recipient < b.Recipient
		}
		return a.Designation < b.Designation
	})
	res.Count = len(res.Rows)
	return res, nil
}

func yearOr0(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// within reports whether an order year lies in y; an unknown year matches
// only an open span.
func within(year *int, y Years) bool {
	if y.From == 0 && y.To == 0 {
		return true
	}
	if year == nil {
		return false
	}
	return (y.From == 0 || *year >= y.From) && (y.To == 0 || *year <= y.To)
}

// inSpan reports whether d was ordered in y or had a delivery in it: the one
// rule for "the deals of a span".
func inSpan(d *armsflow.Deal, y Years) bool {
	return within(d.OrderYear, y) || deliveredWithin(d.DeliveryYears, y)
}

func deliveredWithin(years []int, y Years) bool {
	if y.From == 0 && y.To == 0 {
		return true
	}
	for _, d := range years {
		if (y.From == 0 || d >= y.From) && (y.To == 0 || d <= y.To) {
			return true
		}
	}
	return false
}
