// Package panel builds the dyad-year panel of a dataset, the table that
// academic users of arms-transfer data model: one row per supplier,
// recipient and year, with the years without deliveries as explicit zeros,
// each party's ISO 3166, UN M49 and Correlates of War codes for merging
// with other data, and the dataset it came from; and writes it, or the
// register's deals, as Parquet or CSV.
package panel

import (
	"sort"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/names"
)

// Row is one supplier, recipient and year. Pointers are nil where a party
// has no such code or region (a rebel group, an organisation, a state
// outside the COW state system), never zero. Its fields are the file's
// columns in order, named as the CSV's header names them (rowColumns
// gives each its Parquet type).
type Row struct {
	Dataset   string
	Generated *int32 // the dataset's generated date, as days since 1970-01-01
	Year      int32

	Supplier          string
	SupplierKind      string
	SupplierISO3      *string
	SupplierCOW       *int32
	SupplierCOWAbb    *string
	SupplierM49       *int32
	SupplierRegion    *string
	SupplierSubregion *string
	SupplierCOWMember bool

	Recipient          string
	RecipientKind      string
	RecipientISO3      *string
	RecipientCOW       *int32
	RecipientCOWAbb    *string
	RecipientM49       *int32
	RecipientRegion    *string
	RecipientSubregion *string
	RecipientCOWMember bool

	// TIV is the year's TIV in millions, 0 when SIPRI records no deliveries;
	// Delivered says whether it records any (TIV 0 with Delivered is
	// SIPRI's "0": more than 0 and less than 0.5).
	TIV       float64
	Delivered bool
	// Estimated is true when yearly TIV was spread over a deal's delivery
	// years from a classic trade register (no TIV tables imported).
	Estimated bool
	// Partial is true for a year that was not over when SIPRI generated the data.
	Partial bool
}

// Options say which pairs the panel holds.
type Options struct {
	// AllPairs adds every ordered pair of states that were members of the
	// COW state system in a year, for that year, to the pairs that traded.
	AllPairs bool
	// StatesOnly drops the pairs with a party that is not a state.
	StatesOnly bool
}

// Panel is a dyad-year panel ready to be written.
type Panel struct {
	res     *engine.PanelResult
	opts    Options
	pairs   []pair
	parties []*party
	gen     *int32
	count   int
}

type party struct {
	ent   armsflow.Entity
	codes []*names.Codes // by year index; nil where the crosswalk has none
	cols  []codeCols     // by year index
}

type codeCols struct {
	iso3, cowAbb, region, subregion *string
	cow, m49                        *int32
	member                          bool
}

type pair struct {
	s, r   *party
	traded *engine.PanelPair // nil for a pair added by AllPairs
}

// New builds the panel of res, coded with cw.
func New(res *engine.PanelResult, cw *names.Crosswalk, opts Options) *Panel {
	p := &Panel{res: res, opts: opts}
	if t, err := time.Parse("2006-01-02", res.Generated); err == nil {
		d := int32(t.Unix() / 86400)
		p.gen = &d
	}
	n := res.Years.To - res.Years.From + 1
	byName := map[string]*party{}
	partyOf := func(e armsflow.Entity) *party {
		if pt := byName[e.Name]; pt != nil {
			return pt
		}
		pt := &party{ent: e, codes: make([]*names.Codes, n), cols: make([]codeCols, n)}
		var region, subregion *string
		if e.Region != "" {
			region = &e.Region
		}
		if e.Subregion != "" {
			subregion = &e.Subregion
		}
		for i := range n {
			year := res.Years.From + i
			cc := codeCols{region: region, subregion: subregion}
			if c, ok := cw.Lookup(e.Name, year); ok {
				pt.codes[i] = &c
				if c.ISO3 != "" {
					cc.iso3 = &c.ISO3
				}
				if c.COW != nil {
					v := int32(*c.COW)
					cc.cow, cc.cowAbb = &v, &c.COWAbb
				}
				if c.M49 != nil {
					v := int32(*c.M49)
					cc.m49 = &v
				}
				cc.member = c.Member(year)
			}
			pt.cols[i] = cc
		}
		byName[e.Name] = pt
		p.parties = append(p.parties, pt)
		return pt
	}
	traded := map[[2]string]bool{}
	for i := range res.Pairs {
		tp := &res.Pairs[i]
		if opts.StatesOnly && (tp.Supplier.Kind != armsflow.EntityState || tp.Recipient.Kind != armsflow.EntityState) {
			continue
		}
		p.pairs = append(p.pairs, pair{s: partyOf(tp.Supplier), r: partyOf(tp.Recipient), traded: tp})
		traded[[2]string{tp.Supplier.Name, tp.Recipient.Name}] = true
		p.count += n
	}
	if opts.AllPairs {
		var states []*party
		seen := map[string]bool{}
		for year := res.Years.From; year <= res.Years.To; year++ {
			for _, c := range cw.States(year) {
				e := armsflow.Entity{Name: c.Name, Code: c.ISO3, SIPRICode: c.SIPRICode, Kind: armsflow.EntityState}
				if c.SIPRICode != "" && res.Names != nil {
					if ent, err := res.Names.Resolve(c.Name); err == nil {
						e = ent
					}
				}
				if !seen[e.Name] {
					seen[e.Name] = true
					states = append(states, partyOf(e))
				}
			}
		}
		for _, s := range states {
			for _, r := range states {
				if s == r || traded[[2]string{s.ent.Name, r.ent.Name}] {
					continue
				}
				rows := 0
				for i := range n {
					if s.cols[i].member && r.cols[i].member {
						rows++
					}
				}
				if rows > 0 {
					p.pairs = append(p.pairs, pair{s: s, r: r})
					p.count += rows
				}
			}
		}
	}
	sort.Slice(p.pairs, func(i, j int) bool {
		a, b := p.pairs[i], p.pairs[j]
		if a.s.ent.Name != b.s.ent.Name {
			return a.s.ent.Name < b.s.ent.Name
		}
		return a.r.ent.Name < b.r.ent.Name
	})
	return p
}

// Len is the number of rows.
func (p *Panel) Len() int { return p.count }

// Pairs is the number of supplier–recipient pairs.
func (p *Panel) Pairs() int { return len(p.pairs) }

// Each calls fn with the rows in order (supplier, recipient, year), reusing
// one batch of at most size rows: fn must not keep it.
func (p *Panel) Each(size int, fn func([]Row) error) error {
	batch := make([]Row, 0, size)
	res := p.res
	estimated := res.Estimated
	for _, pr := range p.pairs {
		for i := 0; i <= res.Years.To-res.Years.From; i++ {
			sc, rc := &pr.s.cols[i], &pr.r.cols[i]
			if pr.traded == nil && !(sc.member && rc.member) {
				continue
			}
			year := res.Years.From + i
			row := Row{
				Dataset: res.Dataset, Generated: p.gen, Year: int32(year),
				Supplier: pr.s.ent.Name, SupplierKind: string(pr.s.ent.Kind),
				SupplierISO3: sc.iso3, SupplierCOW: sc.cow, SupplierCOWAbb: sc.cowAbb, SupplierM49: sc.m49,
				SupplierRegion: sc.region, SupplierSubregion: sc.subregion, SupplierCOWMember: sc.member,
				Recipient: pr.r.ent.Name, RecipientKind: string(pr.r.ent.Kind),
				RecipientISO3: rc.iso3, RecipientCOW: rc.cow, RecipientCOWAbb: rc.cowAbb, RecipientM49: rc.m49,
				RecipientRegion: rc.region, RecipientSubregion: rc.subregion, RecipientCOWMember: rc.member,
				Estimated: estimated, Partial: res.Coverage.Partial(year),
			}
			if pr.traded != nil {
				row.TIV, row.Delivered = pr.traded.TIV[i], pr.traded.Delivered[i]
			}
			batch = append(batch, row)
			if len(batch) == size {
				if err := fn(batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

// Uncoded returns the panel's parties that have no code of scheme ("cow",
// "iso3" or "m49") in any year, with the crosswalk's reason.
func (p *Panel) Uncoded(cw *names.Crosswalk, scheme string) []names.Missing {
	var ns []string
	for _, pt := range p.parties {
		ns = append(ns, pt.ent.Name)
	}
	sort.Strings(ns)
	// A party coded in some years only (Russia from 1992) counts as coded.
	return cw.MissingCode(ns, scheme)
}
