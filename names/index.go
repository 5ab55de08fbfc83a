package names

import (
	"slices"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
)

// Match priorities of a key, best first.
const (
	tierName  uint8 = iota // a SIPRI spelling of the party's name
	tierAlias              // an alias or a code
	tierShort              // a non-state actor's name without its country: "Hamas"
)

// hit says that a key names entity ent.
type hit struct {
	ent  int32
	tier uint8
	code bool // the key is a code (SIPRI or ISO), not a name
}

// keyIndex maps folded keys to the entities they name. Most keys name one
// entity and live in one; the few that name several live in many.
type keyIndex struct {
	one  map[string]hit
	many map[string][]hit
}

func (ki *keyIndex) add(k string, h hit) {
	if k == "" {
		return
	}
	if ki.one == nil {
		ki.one = map[string]hit{}
	}
	old, ok := ki.one[k]
	switch {
	case !ok:
		ki.one[k] = h
	case old.ent == h.ent:
		ki.one[k] = better(old, h)
	case old.ent >= 0:
		if ki.many == nil {
			ki.many = map[string][]hit{}
		}
		ki.many[k] = []hit{old, h}
		ki.one[k] = hit{ent: -1}
	default:
		hs := ki.many[k]
		for i := range hs {
			if hs[i].ent == h.ent {
				hs[i] = better(hs[i], h)
				return
			}
		}
		ki.many[k] = append(hs, h)
	}
}

// better returns the stronger of two hits on one entity.
func better(a, b hit) hit {
	if b.tier < a.tier || b.tier == a.tier && a.code && !b.code {
		return b
	}
	return a
}

// get appends the hits of the key k to dst.
func (ki *keyIndex) get(dst []hit, k []byte) []hit {
	h, ok := ki.one[string(k)]
	switch {
	case !ok:
		return dst
	case h.ent >= 0:
		return append(dst, h)
	}
	return append(dst, ki.many[string(k)]...)
}

// sugKey is one name of an entity as Suggest compares it.
type sugKey struct {
	flat   string // fold(name)
	spaced string // foldWords(name)
	alias  bool   // an alias or code, not a SIPRI spelling
	code   bool   // codes are only ever matched exactly
}

// index is the built-in table made searchable, built once per process.
type index struct {
	ents   []armsflow.Entity
	byName map[string]int32
	keys   keyIndex
	sorted []int32 // ents' indices in name order

	sugOnce sync.Once
	sug     [][]sugKey // per entity, built by the first Suggest

	regions     []Region         // Members empty; filled per registry
	regionByKey map[string]int32 // folded name or alias → regions index
}

var builtin = sync.OnceValue(buildIndex)

// arena folds many keys into one string: one allocation for all of them.
type arena struct {
	buf   []byte
	spans [][2]int32
}

// fold appends the key of s and returns its number, or -1 if it is empty.
func (a *arena) fold(s string, spaced bool) int {
	start := len(a.buf)
	a.buf = appendFold(a.buf, s, spaced)
	if len(a.buf) == start {
		return -1
	}
	a.spans = append(a.spans, [2]int32{int32(start), int32(len(a.buf))})
	return len(a.spans) - 1
}

// strings returns the keys, by number.
func (a *arena) strings() []string {
	all := string(a.buf)
	out := make([]string, len(a.spans))
	for i, sp := range a.spans {
		out[i] = all[sp[0]:sp[1]]
	}
	return out
}

func buildIndex() *index {
	ix := &index{
		ents:   make([]armsflow.Entity, len(table)),
		byName: make(map[string]int32, len(table)),
		keys:   keyIndex{one: make(map[string]hit, 5*len(table))},
	}
	a := arena{buf: make([]byte, 0, 24<<10), spans: make([][2]int32, 0, 6*len(table))}
	hits := make([]hit, 0, 6*len(table))
	add := func(s string, h hit) {
		if a.fold(s, false) >= 0 {
			hits = append(hits, h)
		}
	}
	parent := make(map[string]string, len(regionTable))
	for _, r := range regionTable {
		parent[r.name] = r.parent
	}
	for i := range table {
		e := &table[i]
		id := int32(i)
		ent := armsflow.Entity{Name: e.name, Code: e.iso3, SIPRICode: e.sipri, Kind: armsflow.KindOfName(e.name)}
		if p := parent[e.region]; p != "" {
			ent.Region, ent.Subregion = p, e.region
		} else {
			ent.Region = e.region
		}
		ix.ents[i] = ent
		ix.byName[e.name] = id
		add(e.name, hit{ent: id, tier: tierName})
		for _, c := range [...]string{e.sipri, e.iso3, e.iso2} {
			if c != "" {
				add(c, hit{ent: id, tier: tierAlias, code: true})
			}
		}
		for _, al := range e.aliases {
			add(al, hit{ent: id, tier: tierAlias})
		}
		if s := shortName(e.name); s != "" {
			add(s, hit{ent: id, tier: tierShort})
		}
		for _, al := range e.aliases {
			if s := shortName(al); s != "" {
				add(s, hit{ent: id, tier: tierShort})
			}
		}
	}
	for i, k := range a.strings() {
		ix.keys.add(k, hits[i])
	}
	ix.sorted = make([]int32, len(ix.ents))
	for i := range ix.sorted {
		ix.sorted[i] = int32(i)
	}
	slices.SortFunc(ix.sorted, func(x, y int32) int { return compareNames(ix.ents[x].Name, ix.ents[y].Name) })

	ix.regions = make([]Region, len(regionTable))
	ix.regionByKey = make(map[string]int32, 4*len(regionTable))
	for i, r := range regionTable {
		ix.regions[i] = Region{Name: r.name, Parent: r.parent}
		ix.regionByKey[fold(r.name)] = int32(i)
		for _, al := range r.aliases {
			ix.regionByKey[fold(al)] = int32(i)
		}
	}
	return ix
}

// shortName is the name of a non-state actor without the country SIPRI adds
// in parentheses ("Hamas (Palestine)*" → "Hamas"), or "".
func shortName(name string) string {
	if !strings.HasSuffix(name, "*") {
		return ""
	}
	i := strings.Index(name, " (")
	if i <= 0 {
		return ""
	}
	return name[:i]
}

// compareNames orders names alphabetically without regard to ASCII case.
func compareNames(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lowerASCII(a[i]), lowerASCII(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(a, b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// sugKeys returns the names Suggest compares for the built-in entities.
func (ix *index) sugKeys() [][]sugKey {
	ix.sugOnce.Do(func() {
		var b sugBuilder
		for i := range table {
			e := &table[i]
			b.add(int32(i), e.name, false, false)
			if s := shortName(e.name); s != "" {
				b.add(int32(i), s, false, false)
			}
			for _, al := range e.aliases {
				b.add(int32(i), al, true, false)
			}
			for _, c := range [...]string{e.sipri, e.iso3, e.iso2} {
				if c != "" {
					b.add(int32(i), c, true, true)
				}
			}
		}
		ix.sug = make([][]sugKey, len(table))
		for id, ks := range b.build() {
			ix.sug[id] = ks
		}
	})
	return ix.sug
}

// sugBuilder collects the sugKeys of many entities with few allocations.
type sugBuilder struct {
	a     arena
	owner []int32
	flags [][2]bool
}

func (b *sugBuilder) add(id int32, s string, alias, code bool) {
	if b.a.fold(s, false) < 0 {
		return
	}
	b.a.fold(s, true)
	b.owner = append(b.owner, id)
	b.flags = append(b.flags, [2]bool{alias, code})
}

// build returns the keys added, by entity, in the order added.
func (b *sugBuilder) build() map[int32][]sugKey {
	strs := b.a.strings()
	all := make([]sugKey, len(b.owner))
	for i := range all {
		all[i] = sugKey{flat: strs[2*i], spaced: strs[2*i+1], alias: b.flags[i][0], code: b.flags[i][1]}
	}
	out := map[int32][]sugKey{}
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && b.owner[j] == b.owner[i] {
			j++
		}
		if id := b.owner[i]; out[id] == nil {
			out[id] = all[i:j:j]
		} else {
			out[id] = append(out[id], all[i:j]...)
		}
		i = j
	}
	return out
}
