// Package revision compares two vintages of SIPRI's data, as 'armsflow diff
// OLD NEW' shows them: which trade-register deals SIPRI added, removed,
// changed, renamed, split or merged, which lie outside the other export's
// scope, and how the yearly TIV per supplier and recipient, the periods'
// totals and the world ranks moved.
//
// SIPRI revises the whole database every spring, so every download is a
// vintage. Deals are matched by their SIPRI AT Database ID where both
// vintages carry one, otherwise by a key with fallbacks, strictest first
// (see docs/diff.md). The comparison is a pure computation on two datasets'
// content: it reads no files.
package revision

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/names"
)

// The kinds of change of a deal.
const (
	Added      = "added"        // only in the new vintage, within the old one's scope
	Removed    = "removed"      // only in the old vintage, within the new one's scope
	Changed    = "changed"      // the same deal with other figures or facts
	Renamed    = "renamed"      // the same deal; only a party's or the weapon's spelling changed
	Split      = "split"        // one old deal became several new ones
	Merged     = "merged"       // several old deals became one new one
	OutOfScope = "out_of_scope" // in one vintage, outside what the other export holds
	Unchanged  = "unchanged"    // the same in both (counted, never listed)
)

// Kinds lists the kinds of change a deal entry can have, in the order
// output lists them.
var Kinds = []string{Changed, Renamed, Split, Merged, Added, Removed, OutOfScope}

// Summary counts the entries of each kind: a split or a merge counts once
// however many deals it joins.
type Summary struct {
	Added      int `json:"added"`
	Removed    int `json:"removed"`
	Changed    int `json:"changed"`
	Renamed    int `json:"renamed"`
	Split      int `json:"split"`
	Merged     int `json:"merged"`
	OutOfScope int `json:"out_of_scope"`
	Unchanged  int `json:"unchanged"`
}

func (s *Summary) add(kind string) {
	switch kind {
	case Added:
		s.Added++
	case Removed:
		s.Removed++
	case Changed:
		s.Changed++
	case Renamed:
		s.Renamed++
	case Split:
		s.Split++
	case Merged:
		s.Merged++
	case OutOfScope:
		s.OutOfScope++
	case Unchanged:
		s.Unchanged++
	}
}

// Count returns the count of kind.
func (s Summary) Count(kind string) int {
	return map[string]int{Added: s.Added, Removed: s.Removed, Changed: s.Changed, Renamed: s.Renamed,
		Split: s.Split, Merged: s.Merged, OutOfScope: s.OutOfScope, Unchanged: s.Unchanged}[kind]
}

// DealChange is one entry of the deals' comparison: the old and new deals
// it joins (none on one side for added, removed and out_of_scope) and the
// fields that differ, named as a deal's JSON names them.
type DealChange struct {
	Change string          `json:"change"`
	Old    []armsflow.Deal `json:"old"`
	New    []armsflow.Deal `json:"new"`
	Fields []string        `json:"fields"`
	// Match says how the deals were found to be one: by ID, or by which key.
	Match string `json:"match,omitempty"`
	// Side says, for out_of_scope, which vintage has the deal ("old" or "new").
	Side string `json:"side,omitempty"`
}

// Rename is a spelling SIPRI changed between the vintages: a party's name
// throughout, a weapon's designation, or the wording of a description used
// for many deals ("APC" → "armoured personnel carrier").
type Rename struct {
	Kind  string `json:"kind"` // "party", "designation" or "description"
	Old   string `json:"old"`
	New   string `json:"new"`
	Deals int    `json:"deals"` // deals of the old vintage spelled so
}

// Query says what was compared and what was asked to be shown.
type Query struct {
	Supplier  string   `json:"supplier,omitempty"`
	Recipient string   `json:"recipient,omitempty"`
	Changes   []string `json:"changes,omitempty"`
	Fields    []string `json:"fields,omitempty"`
	Strict    bool     `json:"strict,omitempty"`
	Ignore    []string `json:"ignore,omitempty"`
	Limit     int      `json:"limit"`
	Top       int      `json:"top"`
	// PeriodLength is the years per period of the TIV comparison.
	PeriodLength int `json:"period_length"`
	// Years is the span of the TIV comparison asked for (0: open).
	Years engine.Years `json:"years"`
}

// Side describes one vintage.
type Side struct {
	Dataset   string            `json:"dataset"`
	Kind      string            `json:"kind"`
	Generated string            `json:"generated"`
	Scope     string            `json:"scope,omitempty"`
	Coverage  armsflow.Coverage `json:"coverage"`
	Deals     int               `json:"deals"`
	Estimated bool              `json:"estimated"` // its yearly TIV is spread evenly over delivery years
	ds        armsflow.Dataset
	content   *armsflow.Content
	scope     scope
}

// Result is the comparison of two vintages.
type Result struct {
	Old     string       `json:"old"`
	New     string       `json:"new"`
	Summary Summary      `json:"summary"`
	Deals   []DealChange `json:"deals"`
	// Flows are the revisions of yearly TIV per supplier and recipient,
	// largest first.
	Flows []FlowChange `json:"flows"`
	// Periods are the revisions per supplier, recipient and period.
	Periods []FlowChange `json:"periods"`
	// World is the revision of the world total per period.
	World []FlowChange `json:"world"`
	// Ranks are the world ranks and shares of suppliers and recipients
	// that moved most, per period.
	Ranks   []RankMove `json:"ranks"`
	Renames []Rename   `json:"renames"`
	// Systematic lists fields changed by convention rather than per deal
	// (not counted as changes of each deal unless Strict).
	Systematic []Systematic `json:"systematic"`
	// DealsTotal and FlowsTotal count the entries before --limit.
	DealsTotal   int      `json:"deals_total"`
	FlowsTotal   int      `json:"flows_total"`
	PeriodsTotal int      `json:"periods_total"`
	Years        Years    `json:"years"` // the years both vintages cover, compared for TIV
	OldSide      Side     `json:"old_dataset"`
	NewSide      Side     `json:"new_dataset"`
	Query        Query    `json:"query"`
	Notes        []string `json:"notes"`
}

// Years is the span of years compared, with the first year either vintage
// holds only in part (0 if none).
type Years struct {
	From        int `json:"from"`
	To          int `json:"to"`
	PartialFrom int `json:"partial_from,omitempty"`
}

// Options limits what a comparison shows. Filters by party apply to every
// part, the summary too; Changes, Fields and Limit only to the lists.
type Options struct {
	Supplier, Recipient string   // as the user typed them; resolved against both vintages
	Changes             []string // kinds of change to list; none is all
	Fields              []string // list only entries that changed one of these fields
	Limit               int      // entries per list (deals, flows, periods); 0 is all
	Top                 int      // rank moves per period and side; 0 is all
	PeriodLength        int      // years per period; 0 is 5
	// Years limits the TIV comparison (flows, periods, world, ranks) to a
	// span both datasets cover; zero bounds are open.
	Years engine.Years
	// Strict counts every field's change, also those SIPRI made in a
	// fifth or more of the deals (a change of convention, by default
	// reported once in Systematic and not per deal).
	Strict bool
	// Ignore lists fields whose changes do not count (e.g. "comments"): a
	// deal that changed only in them is unchanged.
	Ignore []string
}

// Compare compares two datasets' contents.
func Compare(oldDS armsflow.Dataset, oldC *armsflow.Content, newDS armsflow.Dataset, newC *armsflow.Content, opt Options) (*Result, error) {
	if opt.PeriodLength <= 0 {
		opt.PeriodLength = 5
	}
	for _, k := range opt.Changes {
		if !slices.Contains(Kinds, k) && k != Unchanged {
			return nil, armsflow.Errorf(armsflow.EINVALID, "change %q: use one of %s", k, strings.Join(Kinds, ", "))
		}
	}
	for _, f := range slices.Concat(opt.Fields, opt.Ignore) {
		if !slices.Contains(FieldNames(), f) {
			return nil, armsflow.Errorf(armsflow.EINVALID, "field %q: use one of %s", f, strings.Join(FieldNames(), ", "))
		}
	}
	res := &Result{Old: oldDS.Name, New: newDS.Name, Deals: []DealChange{}, Flows: []FlowChange{}, Periods: []FlowChange{},
		World: []FlowChange{}, Ranks: []RankMove{}, Renames: []Rename{}, Systematic: []Systematic{}, Notes: []string{},
		Query: Query{Strict: opt.Strict, Ignore: opt.Ignore, Changes: opt.Changes, Fields: opt.Fields, Limit: opt.Limit, Top: opt.Top, PeriodLength: opt.PeriodLength, Years: opt.Years}}
	res.OldSide = side(oldDS, oldC)
	res.NewSide = side(newDS, newC)

	f, err := newFilter(oldC, newC, opt)
	if err != nil {
		return nil, err
	}
	res.Query.Supplier, res.Query.Recipient = f.sup, f.rcp

	// Deals are compared only between two registers: a TIV table holds
	// none, and its absence of deals is no removal.
	isRegister := func(ds armsflow.Dataset, c *armsflow.Content) bool {
		return ds.Kind == armsflow.KindRegister || len(c.Deals) > 0
	}
	registers := isRegister(oldDS, oldC) && isRegister(newDS, newC)
	oldDeals, newDeals := oldC.Deals, newC.Deals
	if !registers {
		oldDeals, newDeals = nil, nil
	}
	aliases := aliasRenames(partyNames(oldC), partyNames(newC))
	m := newMatcher(oldDeals, newDeals, aliases)
	m.run()
	var ignore fieldSet
	for _, f := range opt.Ignore {
		ignore |= 1 << fieldNamed(f)
	}
	entries, sys := classify(m, &res.OldSide.scope, &res.NewSide.scope, opt.Strict, ignore)
	res.Systematic = sys
	res.Renames = m.renames(entries)
	if res.Systematic == nil {
		res.Systematic = []Systematic{}
	}
	for _, e := range entries {
		if !f.dealWanted(e, m) {
			continue
		}
		res.Summary.add(e.Change)
		if e.Change == Unchanged || !wanted(e, opt) {
			continue
		}
		res.Deals = append(res.Deals, e.render(m))
	}
	res.DealsTotal = len(res.Deals)
	if opt.Limit > 0 && len(res.Deals) > opt.Limit {
		res.Deals = res.Deals[:opt.Limit]
	}
	renames := maps.Clone(aliases)
	maps.Copy(renames, m.partyRenames)
	if err := compareTIV(res, renames, f, opt); err != nil {
		return nil, err
	}
	res.Notes = notes(res)
	if !registers && len(oldC.Deals)+len(newC.Deals) > 0 {
		res.Notes = append([]string{"Deals not compared: only one of the datasets is a trade register."}, res.Notes...)
	}
	return res, nil
}

func side(ds armsflow.Dataset, c *armsflow.Content) Side {
	s := Side{Dataset: ds.Name, Kind: ds.Kind, Generated: ds.Generated, Scope: ds.Scope, Deals: len(c.Deals), ds: ds, content: c}
	s.scope = scopeOf(ds, c)
	s.Coverage = s.scope.years
	return s
}

func wanted(e entry, opt Options) bool {
	if len(opt.Changes) > 0 && !slices.Contains(opt.Changes, e.Change) {
		return false
	}
	if len(opt.Fields) > 0 && !slices.ContainsFunc(opt.Fields, func(f string) bool { return e.fields.has(fieldNamed(f)) }) {
		return false
	}
	return true
}

// entry is a DealChange by index.
type entry struct {
	Change   string
	old, new []int
	fields   fieldSet
	how      string
}

func (e entry) render(m *matcher) DealChange {
	dc := DealChange{Change: e.Change, Old: []armsflow.Deal{}, New: []armsflow.Deal{}, Fields: e.fields.names(), Match: e.how}
	for _, i := range e.old {
		dc.Old = append(dc.Old, asListed(m.old[i]))
	}
	for _, j := range e.new {
		dc.New = append(dc.New, asListed(m.new[j]))
	}
	if e.Change == OutOfScope {
		dc.Side = "new"
		if len(e.old) > 0 {
			dc.Side = "old"
		}
	}
	return dc
}

// asListed is a deal as 'armsflow deals' lists it: no delivery years is an
// empty list, never null.
func asListed(d armsflow.Deal) armsflow.Deal {
	if d.DeliveryYears == nil {
		d.DeliveryYears = []int{}
	}
	return d
}

// Systematic is a field that SIPRI changed in so many deals that it is a
// change of convention, not a revision of each deal: the October 2025
// register marks the number delivered uncertain ('?') in half its deals
// where the March one did not.
type Systematic struct {
	Field string `json:"field"`
	// Deals counts the deals matched one to one whose field differs, of
	// Matched such deals.
	Deals   int `json:"deals"`
	Matched int `json:"matched"`
}

// systematicShare is the share of deals matched one to one above which a
// field's changes are a change of convention, and systematicMin the fewest
// deals that can make one.
const (
	systematicShare = 0.2
	systematicMin   = 50
)

// systematic finds the fields that changed in a fifth or more of the deals
// matched one to one (at least 50); spellings never count, a rename being
// a rename however many deals it touches.
func (m *matcher) systematic(vocab map[string]string) ([]Systematic, fieldSet) {
	count := make([]int, len(fields))
	matched := 0
	for _, p := range m.pairs {
		if len(p.old) != 1 || len(p.new) != 1 {
			continue
		}
		matched++
		d := m.diff(p.old[0], p.new[0], vocab, 0)
		for f := range fields {
			if d.has(f) {
				count[f]++
			}
		}
	}
	var out []Systematic
	var skip fieldSet
	for f, n := range count {
		if !fields[f].spelling && n >= systematicMin && float64(n) >= systematicShare*float64(matched) {
			skip |= 1 << f
			out = append(out, Systematic{Field: fields[f].name, Deals: n, Matched: matched})
		}
	}
	return out, skip
}

// classify turns the matcher's pairs into entries, and the deals left over
// into added, removed or out of scope.
func classify(m *matcher, oldScope, newScope *scope, strict bool, ignore fieldSet) ([]entry, []Systematic) {
	vocab := m.vocabulary()
	sys, skip := m.systematic(vocab)
	if strict {
		skip = 0
	}
	skip |= ignore
	out := make([]entry, 0, len(m.pairs)+len(m.old)+len(m.new)-2*len(m.pairs))
	for _, p := range m.pairs {
		e := entry{old: p.old, new: p.new, how: p.how}
		// The parts of a split or merge in order of their order year.
		byYear := func(ds []armsflow.Deal) func(a, b int) int {
			return func(a, b int) int { return cmp.Compare(intOr(ds[a].OrderYear), intOr(ds[b].OrderYear)) }
		}
		slices.SortStableFunc(e.old, byYear(m.old))
		slices.SortStableFunc(e.new, byYear(m.new))
		switch {
		case len(p.old) > 1:
			e.Change = Merged
			e.fields = m.diffMany(p.new[0], p.old, false, vocab, skip)
		case len(p.new) > 1:
			e.Change = Split
			e.fields = m.diffMany(p.old[0], p.new, true, vocab, skip)
		default:
			e.fields = m.diff(p.old[0], p.new[0], vocab, skip)
			switch {
			case e.fields == 0:
				e.Change = Unchanged
			case e.fields&^spellings == 0:
				e.Change = Renamed
			default:
				e.Change = Changed
			}
		}
		out = append(out, e)
	}
	// The deals in no pair are left over.
	oin, nin := make([]bool, len(m.old)), make([]bool, len(m.new))
	for _, p := range m.pairs {
		for _, i := range p.old {
			oin[i] = true
		}
		for _, j := range p.new {
			nin[j] = true
		}
	}
	for i := range m.old {
		if !oin[i] {
			kind := Removed
			if !newScope.holds(&m.old[i]) {
				kind = OutOfScope
			}
			out = append(out, entry{Change: kind, old: []int{i}})
		}
	}
	for j := range m.new {
		if !nin[j] {
			kind := Added
			if !oldScope.holds(&m.new[j]) {
				kind = OutOfScope
			}
			out = append(out, entry{Change: kind, new: []int{j}})
		}
	}
	// Unchanged entries are never listed: no need to order them.
	all := make([]entry, 0, len(out))
	for _, e := range out {
		if e.Change != Unchanged {
			all = append(all, e)
		}
	}
	listed := all
	rank := map[string]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	first := func(e entry) *armsflow.Deal {
		if len(e.new) > 0 {
			return &m.new[e.new[0]]
		}
		return &m.old[e.old[0]]
	}
	slices.SortStableFunc(listed, func(a, b entry) int {
		if c := cmp.Compare(rank[a.Change], rank[b.Change]); c != 0 {
			return c
		}
		da, db := first(a), first(b)
		if c := cmp.Compare(da.Supplier, db.Supplier); c != 0 {
			return c
		}
		if c := cmp.Compare(da.Recipient, db.Recipient); c != 0 {
			return c
		}
		if c := cmp.Compare(intOr(da.OrderYear), intOr(db.OrderYear)); c != 0 {
			return c
		}
		return cmp.Compare(da.Designation, db.Designation)
	})
	for _, e := range out {
		if e.Change == Unchanged {
			all = append(all, e)
		}
	}
	return all, sys
}

// diff names the fields that differ between an old and a new deal, in the
// order of a deal's JSON. A description whose old wording SIPRI replaced
// throughout (vocab) is not a difference, nor a field changed by
// convention (skip).
func (m *matcher) diff(i, j int, vocab map[string]string, skip fieldSet) fieldSet {
	a, b := &m.old[i], &m.new[j]
	var out fieldSet
	for f := range fields {
		if !m.compare[f] || skip.has(f) || fields[f].eq(a, b) {
			continue
		}
		if f == descriptionField && vocab[a.Description] == b.Description {
			continue
		}
		out |= 1 << f
	}
	return out
}

// diffMany names the fields in which the one deal differs from any of the
// many, other than the number and figures that a split or merge divides.
func (m *matcher) diffMany(one int, many []int, oneIsOld bool, vocab map[string]string, skip fieldSet) fieldSet {
	var out fieldSet
	for _, k := range many {
		if oneIsOld {
			out |= m.diff(one, k, vocab, skip)
		} else {
			out |= m.diff(k, one, vocab, skip)
		}
	}
	return out
}

// vocabulary finds descriptions SIPRI reworded throughout: among the deals
// matched one to one, an old description that became one new wording in at
// least 4 of 5 deals, and in at least 3 deals.
func (m *matcher) vocabulary() map[string]string {
	total := map[string]int{}
	to := map[[2]string]int{}
	for _, p := range m.pairs {
		if len(p.old) != 1 || len(p.new) != 1 {
			continue
		}
		a, b := m.old[p.old[0]].Description, m.new[p.new[0]].Description
		total[a]++
		if a != b {
			to[[2]string{a, b}]++
		}
	}
	vocab := map[string]string{}
	for k, n := range to {
		if n >= 3 && n*5 >= total[k[0]]*4 {
			vocab[k[0]] = k[1]
		}
	}
	return vocab
}

// renames lists the spellings that changed: parties renamed throughout,
// designations of matched deals, and reworded descriptions.
func (m *matcher) renames(entries []entry) []Rename {
	var out []Rename
	for o, n := range m.partyRenames {
		out = append(out, Rename{Kind: "party", Old: o, New: n, Deals: m.partyRenameDeals[o]})
	}
	desig := map[[2]string]int{}
	for _, e := range entries {
		if len(e.old) == 1 && len(e.new) == 1 {
			a, b := m.old[e.old[0]].Designation, m.new[e.new[0]].Designation
			if a != b {
				desig[[2]string{a, b}]++
			}
		}
	}
	for k, n := range desig {
		out = append(out, Rename{Kind: "designation", Old: k[0], New: k[1], Deals: n})
	}
	vocab := m.vocabulary()
	count := map[string]int{}
	for _, p := range m.pairs {
		if len(p.old) == 1 {
			if d := m.old[p.old[0]].Description; vocab[d] != "" {
				count[d]++
			}
		}
	}
	for o, n := range vocab {
		out = append(out, Rename{Kind: "description", Old: o, New: n, Deals: count[o]})
	}
	kindRank := map[string]int{"party": 0, "designation": 1, "description": 2}
	slices.SortFunc(out, func(a, b Rename) int {
		if c := cmp.Compare(kindRank[a.Kind], kindRank[b.Kind]); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Deals, a.Deals); c != 0 {
			return c
		}
		return cmp.Compare(a.Old, b.Old)
	})
	return out
}

// filter keeps what concerns the parties asked for.
type filter struct {
	sup, rcp string
	canon    func(string) string
}

func newFilter(oldC, newC *armsflow.Content, opt Options) (*filter, error) {
	f := &filter{canon: func(s string) string { return s }}
	if opt.Supplier == "" && opt.Recipient == "" {
		return f, nil
	}
	seen := map[string]bool{}
	var all []string
	for _, c := range []*armsflow.Content{oldC, newC} {
		for i := range c.Deals {
			for _, n := range []string{c.Deals[i].Supplier, c.Deals[i].Recipient} {
				if !seen[n] {
					seen[n] = true
					all = append(all, n)
				}
			}
		}
		for i := range c.Flows {
			for _, n := range []string{c.Flows[i].Supplier, c.Flows[i].Recipient} {
				if !seen[n] {
					seen[n] = true
					all = append(all, n)
				}
			}
		}
	}
	reg := names.New(all...)
	f.canon = reg.Canonicalizer()
	for _, p := range []struct {
		in  string
		out *string
	}{{opt.Supplier, &f.sup}, {opt.Recipient, &f.rcp}} {
		if p.in == "" {
			continue
		}
		ent, err := reg.Resolve(p.in)
		if err != nil {
			return nil, err
		}
		*p.out = ent.Name
	}
	return f, nil
}

// party reports whether a supplier and recipient pass the filter.
func (f *filter) party(sup, rcp string) bool {
	return (f.sup == "" || f.canon(sup) == f.sup) && (f.rcp == "" || f.canon(rcp) == f.rcp)
}

func (f *filter) dealWanted(e entry, m *matcher) bool {
	if f.sup == "" && f.rcp == "" {
		return true
	}
	for _, i := range e.old {
		if f.party(m.old[i].Supplier, m.old[i].Recipient) || f.party(m.or[i].sup, m.or[i].rcp) {
			return true
		}
	}
	for _, j := range e.new {
		if f.party(m.new[j].Supplier, m.new[j].Recipient) {
			return true
		}
	}
	return false
}

// partyNames lists the distinct party names of c.
func partyNames(c *armsflow.Content) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for i := range c.Deals {
		add(c.Deals[i].Supplier)
		add(c.Deals[i].Recipient)
	}
	for _, fs := range [][]armsflow.Flow{c.Flows, c.World, c.Exports} {
		for i := range fs {
			add(fs[i].Supplier)
			add(fs[i].Recipient)
		}
	}
	return out
}

// aliasRenames maps each old name the new vintage lacks to the new
// vintage's spelling of the same party, where the names registry knows it
// ("Turkey" → "Turkiye", "Czech Republic" → "Czechia").
func aliasRenames(oldNames, newNames []string) map[string]string {
	have := map[string]bool{}
	for _, n := range newNames {
		have[n] = true
	}
	var gone []string
	for _, n := range oldNames {
		if !have[n] {
			gone = append(gone, n)
		}
	}
	out := map[string]string{}
	if len(gone) == 0 {
		return out
	}
	reg := names.New(newNames...)
	for _, o := range gone {
		if ent, err := reg.Resolve(o); err == nil && have[ent.Name] {
			out[o] = ent.Name
		}
	}
	return out
}
