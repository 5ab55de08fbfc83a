package revision

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// none stands for an unknown number in a match key: unknown matches unknown
// only.
const none = math.MinInt32

// rec is a deal as the matcher sees it: the old vintage's party names are
// those of the new vintage where a party was renamed throughout.
type rec struct {
	sup, rcp, desig      string
	year, qty, delivered int
	// The names and delivery years interned as numbers, so that match keys
	// hash fast: a stage hashes every deal left.
	si, ri, di, dyi int32
}

// key is a match key; each stage fills the parts it matches on.
type key struct {
	a, b, c, s int32
	x, y, z    int
}

// pair is one entry of the matching: old and new deals (indexes) and how
// they were matched.
type pair struct {
	old, new []int
	how      string
}

// matcher pairs the deals of two vintages.
type matcher struct {
	old, new         []armsflow.Deal
	or, nr           []rec
	oused, nused     []bool
	compare          []bool // per field: carried by both datasets
	pairs            []pair
	partyRenames     map[string]string // old spelling → new, for parties renamed throughout
	partyRenameDeals map[string]int
	ids              map[string]int32
	aliases          map[string]string // old spelling → new, as the names registry knows them
	slab             []int
	// idOnly is set when both vintages carry IDs: oused and nused then also
	// mark the deals that only an ID may match.
	idOnly bool
}

func intOr(p *int) int {
	if p == nil {
		return none
	}
	return *p
}

func yearsText(ys []int) string {
	var b strings.Builder
	for i, y := range ys {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.Itoa(y))
	}
	return b.String()
}

func newMatcher(old, new []armsflow.Deal, aliases map[string]string) *matcher {
	m := &matcher{old: old, new: new, aliases: aliases, oused: make([]bool, len(old)), nused: make([]bool, len(new))}
	oc, nc := carried(old), carried(new)
	m.compare = make([]bool, len(fields))
	for i := range fields {
		m.compare[i] = fields[i].spelling || oc[i] && nc[i]
	}
	qtyOrdered := oc[4] && nc[4] // both registers say how many were ordered
	m.ids = make(map[string]int32, 1024)
	mk := func(d *armsflow.Deal) rec {
		r := rec{sup: d.Supplier, rcp: d.Recipient, desig: d.Designation, year: intOr(d.OrderYear),
			delivered: intOr(d.Delivered), si: m.id(d.Supplier), ri: m.id(d.Recipient), di: m.id(d.Designation),
			dyi: m.id(yearsText(d.DeliveryYears))}
		r.qty = r.delivered
		if qtyOrdered {
			r.qty = intOr(d.Ordered)
		}
		return r
	}
	m.or = make([]rec, len(old))
	for i := range old {
		m.or[i] = mk(&old[i])
	}
	m.nr = make([]rec, len(new))
	for i := range new {
		m.nr[i] = mk(&new[i])
	}
	return m
}

// id interns s.
func (m *matcher) id(s string) int32 {
	if n, ok := m.ids[s]; ok {
		return n
	}
	n := int32(len(m.ids) + 1)
	m.ids[s] = n
	return n
}

// run matches in stages, the strictest first, so that a looser key only
// sees deals that no stricter one could explain.
func (m *matcher) run() {
	m.byID()
	m.renameParties()
	m.stage("same supplier, recipient, designation, order year, number and deliveries", func(r *rec) (key, bool) {
		return key{a: r.si, b: r.ri, c: r.di, x: r.year, y: r.qty, z: r.delivered, s: r.dyi}, true
	}, nil, false)
	m.stage("same supplier, recipient, designation, order year and number", func(r *rec) (key, bool) {
		return key{a: r.si, b: r.ri, c: r.di, x: r.year, y: r.qty}, true
	}, nil, false)
	m.splitsAndMerges()
	m.stage("same supplier, recipient, designation and order year", func(r *rec) (key, bool) {
		return key{a: r.si, b: r.ri, c: r.di, x: r.year}, true
	}, nil, false)
	m.stage("same supplier, recipient, designation and number", func(r *rec) (key, bool) {
		return key{a: r.si, b: r.ri, c: r.di, y: r.qty}, r.qty != none
	}, nil, false)
	// Two deals alone in a dyad with the same order year, number and
	// delivery years are one deal whose weapon SIPRI renamed or
	// re-identified ("EL/M-2084" → "M-2084", "Type-86" → "Boragh"); where
	// several share the key, the designations must be alike.
	m.stage("same supplier, recipient, order year, number and deliveries", func(r *rec) (key, bool) {
		return key{a: r.si, b: r.ri, x: r.year, y: r.qty, s: r.dyi}, r.qty != none
	}, similarDesignation, true)
	m.stage("same supplier, recipient and designation", func(r *rec) (key, bool) {
		return key{a: r.si, b: r.ri, c: r.di}, true
	}, nil, false)
	m.stage("same supplier, recipient and order year; a similar designation", func(r *rec) (key, bool) {
		return key{a: r.si, b: r.ri, x: r.year}, true
	}, similarDesignation, false)
}

// byID pairs deals that carry the same SIPRI AT Database ID.
func (m *matcher) byID() {
	ids := map[int]int{}
	for i := range m.new {
		if id := m.new[i].ID; id != 0 {
			ids[id] = i
		}
	}
	if len(ids) == 0 {
		return
	}
	both := false
	for i := range m.old {
		if id := m.old[i].ID; id != 0 {
			both = true
			if j, ok := ids[id]; ok && !m.nused[j] {
				m.add(pair{old: m.one(i), new: m.one(j), how: "SIPRI AT Database ID"})
			}
		}
	}
	if !both {
		return
	}
	// Where both vintages carry IDs, a deal whose ID the other lacks is
	// added or removed: SIPRI keeps a deal's ID across revisions, so no key
	// may pair it with another deal. Deals without an ID still go by key.
	for i := range m.old {
		if m.old[i].ID != 0 {
			m.oused[i] = true
		}
	}
	for j := range m.new {
		if m.new[j].ID != 0 {
			m.nused[j] = true
		}
	}
	m.idOnly = true
}

// one returns a slice of the single index i, cut from one array for all
// pairs: tens of thousands of one-element slices are otherwise as many
// allocations.
func (m *matcher) one(i int) []int {
	if len(m.slab) == cap(m.slab) {
		m.slab = make([]int, 0, max(1024, len(m.old)+len(m.new)))
	}
	m.slab = append(m.slab, i)
	n := len(m.slab)
	return m.slab[n-1 : n : n]
}

func (m *matcher) add(p pair) {
	for _, i := range p.old {
		m.oused[i] = true
	}
	for _, j := range p.new {
		m.nused[j] = true
	}
	if m.pairs == nil {
		m.pairs = make([]pair, 0, min(len(m.old), len(m.new)))
	}
	m.pairs = append(m.pairs, p)
}

// renameParties finds parties that SIPRI spells differently throughout the
// new vintage ("Libya HoR*" → "HoR (Libya)*"): a name the new vintage lacks
// whose deals reappear, same counterpart, designation and order year,
// under a name the old vintage lacks. The old deals then match under the
// new name, so that they are renamed rather than removed and added.
func (m *matcher) renameParties() {
	oldNames, newNames := map[string]int{}, map[string]int{}
	for i := range m.old {
		oldNames[m.old[i].Supplier]++
		oldNames[m.old[i].Recipient]++
	}
	for i := range m.new {
		newNames[m.new[i].Supplier]++
		newNames[m.new[i].Recipient]++
	}
	// A name the registry knows as another spelling of a party of the new
	// vintage ("Turkey" for "Turkiye") is that party.
	m.partyRenames = map[string]string{}
	m.partyRenameDeals = map[string]int{}
	for o, n := range m.aliases {
		if _, gone := newNames[o]; !gone {
			m.partyRenames[o] = n
		}
	}
	// New deals by a fresh name, keyed by the rest.
	type vkey struct {
		role         byte
		other, desig string
		year         int
	}
	fresh := map[vkey][]string{}
	for i := range m.new {
		d := &m.new[i]
		if _, ok := oldNames[d.Supplier]; !ok {
			k := vkey{'s', d.Recipient, d.Designation, intOr(d.OrderYear)}
			fresh[k] = append(fresh[k], d.Supplier)
		}
		if _, ok := oldNames[d.Recipient]; !ok {
			k := vkey{'r', d.Supplier, d.Designation, intOr(d.OrderYear)}
			fresh[k] = append(fresh[k], d.Recipient)
		}
	}
	votes := map[string]map[string]int{}
	vote := func(gone string, k vkey) {
		if _, ok := m.partyRenames[gone]; ok {
			return
		}
		for _, f := range fresh[k] {
			if votes[gone] == nil {
				votes[gone] = map[string]int{}
			}
			votes[gone][f]++
		}
	}
	for i := range m.old {
		d := &m.old[i]
		if _, ok := newNames[d.Supplier]; !ok {
			vote(d.Supplier, vkey{'s', d.Recipient, d.Designation, intOr(d.OrderYear)})
		}
		if _, ok := newNames[d.Recipient]; !ok {
			vote(d.Recipient, vkey{'r', d.Supplier, d.Designation, intOr(d.OrderYear)})
		}
	}
	for gone, vs := range votes {
		best, n := "", 0
		for f, c := range vs {
			if c > n || c == n && f < best {
				best, n = f, c
			}
		}
		// Half the name's deals must reappear under the new one: a single
		// coincidence in a name with many deals is no rename.
		if n*2 >= oldNames[gone] {
			m.partyRenames[gone] = best
		}
	}
	for i := range m.or {
		r := &m.or[i]
		if n, ok := m.partyRenames[r.sup]; ok {
			m.partyRenameDeals[r.sup]++
			r.sup, r.si = n, m.id(n)
		}
		if n, ok := m.partyRenames[r.rcp]; ok {
			m.partyRenameDeals[r.rcp]++
			r.rcp, r.ri = n, m.id(n)
		}
	}
}

// stage pairs the deals left that share a key; where several share one, the
// most alike pairs go first. accept, when not nil, must agree to a pair,
// unless loneOK and the pair is alone under its key.
func (m *matcher) stage(how string, keyOf func(*rec) (key, bool), accept func(o, n *rec) bool, loneOK bool) {
	free := 0
	for j := range m.nused {
		if !m.nused[j] {
			free++
		}
	}
	if free == 0 {
		return
	}
	idx := make(map[key][]int, free)
	for j := range m.nr {
		if m.nused[j] {
			continue
		}
		if k, ok := keyOf(&m.nr[j]); ok {
			idx[k] = append(idx[k], j)
		}
	}
	if len(idx) == 0 {
		return
	}
	groups := make(map[key][]int, min(free, len(m.or)))
	var order []key
	for i := range m.or {
		if m.oused[i] {
			continue
		}
		k, ok := keyOf(&m.or[i])
		if !ok {
			continue
		}
		if _, ok := idx[k]; !ok {
			continue
		}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	type cand struct{ i, j, score int }
	var cands []cand
	for _, k := range order {
		olds, news := groups[k], idx[k]
		if len(olds) == 1 && len(news) == 1 {
			i, j := olds[0], news[0]
			if accept == nil || accept(&m.or[i], &m.nr[j]) || loneOK {
				m.add(pair{old: m.one(i), new: m.one(j), how: how})
			}
			continue
		}
		cands = cands[:0]
		for _, i := range olds {
			for _, j := range news {
				if accept == nil || accept(&m.or[i], &m.nr[j]) {
					cands = append(cands, cand{i, j, m.likeness(i, j)})
				}
			}
		}
		slices.SortStableFunc(cands, func(a, b cand) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			if c := cmp.Compare(a.i, b.i); c != 0 {
				return c
			}
			return cmp.Compare(a.j, b.j)
		})
		for _, c := range cands {
			if !m.oused[c.i] && !m.nused[c.j] {
				m.add(pair{old: m.one(c.i), new: m.one(c.j), how: how})
			}
		}
	}
}

// likeness counts the fields two deals agree on, with a point off for each
// year between their orders.
func (m *matcher) likeness(i, j int) int {
	a, b := &m.old[i], &m.new[j]
	n := 0
	for f := range fields {
		if m.compare[f] && fields[f].eq(a, b) {
			n += 4
		}
	}
	if ya, yb := m.or[i].year, m.nr[j].year; ya != none && yb != none {
		d := ya - yb
		if d < 0 {
			d = -d
		}
		n -= min(d, 4)
	}
	return n
}

// similarDesignation accepts a pair whose designations are spellings of one
// weapon: equal but for case and punctuation, one the start of the other
// ("M-60A1 Patton-2" and "M-60A1"), the same first word, or a few letters
// apart.
func similarDesignation(o, n *rec) bool {
	a, b := fold(o.desig), fold(n.desig)
	if a == "" || b == "" {
		return false
	}
	if a == b || strings.HasPrefix(a, b) || strings.HasPrefix(b, a) || strings.ReplaceAll(a, " ", "") == strings.ReplaceAll(b, " ", "") {
		return true
	}
	// A word in common of three characters or more, or with a digit:
	// "EL/M-2084" and "M-2084", "T-72Z" and "Type-72Z", "Sabra-3" and
	// "M-60T Sabra-2".
	wa := strings.Fields(a)
	for _, w := range strings.Fields(b) {
		if (len(w) >= 3 || strings.ContainsAny(w, "0123456789")) && slices.Contains(wa, w) {
			return true
		}
	}
	return names.Distance(a, b) <= max(1, min(len(a), len(b))/5)
}

// fold keeps letters and digits, lower case, and single spaces between words.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			// Punctuation separates words as spaces do: "EL/M-2084" is
			// "el m 2084".
			space = true
		}
	}
	return b.String()
}

// splitsAndMerges finds, among the deals left of one supplier, recipient and
// designation, one deal of a vintage whose number is the sum of two or more
// deals of the other, ordered over years that include its own: SIPRI merged
// the orders (Chile's PVP from France: 9 in 2009 and 6 in 2010 became 15 in
// 2009) or split one.
func (m *matcher) splitsAndMerges() {
	type gkey struct{ s, r, d int32 }
	olds, news := map[gkey][]int{}, map[gkey][]int{}
	var order []gkey
	for i := range m.or {
		if !m.oused[i] && m.or[i].qty != none && m.or[i].qty > 0 {
			k := gkey{m.or[i].si, m.or[i].ri, m.or[i].di}
			olds[k] = append(olds[k], i)
		}
	}
	for j := range m.nr {
		if !m.nused[j] && m.nr[j].qty != none && m.nr[j].qty > 0 {
			k := gkey{m.nr[j].si, m.nr[j].ri, m.nr[j].di}
			if len(news[k]) == 0 && len(olds[k]) > 0 {
				order = append(order, k)
			}
			news[k] = append(news[k], j)
		}
	}
	for _, k := range order {
		os, ns := olds[k], news[k]
		if len(os)+len(ns) < 3 {
			continue
		}
		// Merged: one new deal, several old ones.
		for _, j := range ns {
			if set := sumsTo(m.nr[j], m.or, os, m.oused); set != nil {
				m.add(pair{old: set, new: []int{j}, how: "same supplier, recipient and designation; numbers add up"})
			}
		}
		// Split: one old deal, several new ones.
		for _, i := range os {
			if m.oused[i] {
				continue
			}
			if set := sumsTo(m.or[i], m.nr, ns, m.nused); set != nil {
				m.add(pair{old: []int{i}, new: set, how: "same supplier, recipient and designation; numbers add up"})
			}
		}
	}
}

// maxSubset bounds the deals searched for a sum: 2^12 subsets at most, and
// no real split or merge has more parts.
const maxSubset = 12

// sumsTo returns the smallest set (two or more) of the deals at idx not yet
// used whose numbers add up to one's, ordered in years that include one's
// order year; nil if none.
func sumsTo(one rec, recs []rec, idx []int, used []bool) []int {
	var free []int
	for _, i := range idx {
		if !used[i] {
			free = append(free, i)
		}
	}
	if len(free) < 2 || len(free) > maxSubset {
		return nil
	}
	best, bestN := 0, 0
	for mask := 1; mask < 1<<len(free); mask++ {
		n, sum, lo, hi := 0, 0, math.MaxInt, math.MinInt
		for b, i := range free {
			if mask&(1<<b) == 0 {
				continue
			}
			n++
			sum += recs[i].qty
			y := recs[i].year
			if y == none {
				lo, hi = math.MinInt, math.MaxInt
			} else {
				lo, hi = min(lo, y), max(hi, y)
			}
		}
		if n < 2 || sum != one.qty || (bestN != 0 && n >= bestN) {
			continue
		}
		if one.year != none && (one.year < lo || one.year > hi) {
			continue
		}
		best, bestN = mask, n
	}
	if bestN == 0 {
		return nil
	}
	var out []int
	for b, i := range free {
		if best&(1<<b) != 0 {
			out = append(out, i)
		}
	}
	return out
}
