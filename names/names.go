// Package names is armsflow's registry of the parties to arms transfers and
// of SIPRI's regions.
//
// SIPRI's spelling of a party is canonical ("Viet Nam", "Czechia", "UAE"),
// and "Soviet Union" is a party distinct from "Russia". A Registry knows every
// party of SIPRI's Arms Transfers Database with its SIPRI code, its ISO 3166
// codes, the other names people give it and its SIPRI region, and resolves
// what a user typed ("Vietnam", "VNM", "vn", "Türkiye") to the party. When
// data is loaded, the data's own spelling becomes canonical: the 2022 TIV
// tables say "Turkey", the 2025 trade register "Turkiye", and both name one
// party.
//
// A Registry is immutable once New returns it, and safe for concurrent use.
package names

import (
	"slices"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
)

// Registry knows the parties to arms transfers and SIPRI's regions. Build one
// with New; it is immutable and safe for concurrent use.
type Registry struct {
	ix      *index
	renamed map[int32]string  // built-in party → the data's spelling of it
	added   []armsflow.Entity // parties only the data knows; ids follow ix.ents'
	names   map[string]int32  // canonical names from the data → id
	extra   keyIndex          // keys of the data's spellings and parties
	sorted  []int32           // ids in name order

	sugOnce sync.Once
	sug     map[int32][]sugKey // Suggest's names from data, beside the built-in ones
}

// New returns the built-in registry extended with the names seen in data.
//
// A data name that is a SIPRI spelling or an alias of a built-in party
// ("Turkiye", "Yemen Arab Republic (North Yemen)", "unknown supplier(s)")
// names that party, and becomes its canonical name; where the data spells
// one party several ways, the last spelling passed wins, so pass the newest
// data last. A name the registry does not know is added as a party of
// armsflow.KindOfName's kind with no region. Blank names are ignored, and
// names are trimmed of spaces.
func New(dataNames ...string) *Registry {
	ix := builtin()
	r := &Registry{ix: ix, sorted: ix.sorted}
	var (
		changed []int32 // renamed and added parties
		kb      [64]byte
		hb      [8]hit
	)
	for _, raw := range dataNames {
		name := strings.TrimSpace(raw)
		if name == "" {
			continue
		}
		if _, ok := r.id(name); ok {
			continue
		}
		// A name or alias of one party names it; one that names several is
		// a party of its own, like a name nobody knows.
		k := appendFold(kb[:0], name, false)
		hits := slices.DeleteFunc(r.hits(hb[:0], k), func(h hit) bool { return h.tier == tierShort || h.code })
		id, n := best(hits)
		if n != 1 {
			id = -1
		}
		if r.names == nil {
			r.names = map[string]int32{}
		}
		if id >= 0 {
			if old := r.ent(id).Name; old != name {
				if prev, ok := r.names[old]; ok && prev == id {
					delete(r.names, old) // an earlier spelling in this data
				}
			}
			if int(id) < len(ix.ents) {
				if r.renamed == nil {
					r.renamed = map[int32]string{}
				}
				r.renamed[id] = name
			} else {
				r.added[int(id)-len(ix.ents)].Name = name
			}
		} else {
			id = int32(len(ix.ents) + len(r.added))
			r.added = append(r.added, armsflow.Entity{Name: name, Kind: armsflow.KindOfName(name)})
			if s := shortName(name); s != "" {
				r.extra.add(fold(s), hit{ent: id, tier: tierShort})
			}
		}
		r.names[name] = id
		r.extra.add(string(k), hit{ent: id, tier: tierName})
		changed = append(changed, id)
	}
	if len(changed) > 0 {
		r.sorted = r.resort(changed)
	}
	return r
}

// resort returns the built-in name order updated for the parties changed.
func (r *Registry) resort(changed []int32) []int32 {
	slices.Sort(changed)
	changed = slices.Compact(changed)
	slices.SortFunc(changed, func(a, b int32) int { return compareNames(r.ent(a).Name, r.ent(b).Name) })
	out := make([]int32, 0, len(r.ix.ents)+len(r.added))
	j := 0
	for _, id := range r.ix.sorted {
		if _, ok := r.renamed[id]; ok {
			continue
		}
		name := r.ix.ents[id].Name
		for ; j < len(changed) && compareNames(r.ent(changed[j]).Name, name) < 0; j++ {
			out = append(out, changed[j])
		}
		out = append(out, id)
	}
	return append(out, changed[j:]...)
}

// id returns the id of the party whose canonical name is name.
func (r *Registry) id(name string) (int32, bool) {
	if id, ok := r.names[name]; ok {
		return id, true
	}
	if id, ok := r.ix.byName[name]; ok {
		if _, gone := r.renamed[id]; !gone {
			return id, true
		}
	}
	return -1, false
}

// ent returns the party id.
func (r *Registry) ent(id int32) armsflow.Entity {
	if n := int32(len(r.ix.ents)); id >= n {
		return r.added[id-n]
	}
	e := r.ix.ents[id]
	if name, ok := r.renamed[id]; ok {
		e.Name = name
	}
	return e
}

// hits appends the hits of the folded key k, built-in and from data, to dst.
func (r *Registry) hits(dst []hit, k []byte) []hit {
	dst = r.ix.keys.get(dst, k)
	return r.extra.get(dst, k)
}

// keyHits appends the hits of input's key to dst; an input with a comma
// that has none is also tried in the other order ("Korea, Republic of").
func (r *Registry) keyHits(dst []hit, input string) []hit {
	var kb [64]byte
	n := len(dst)
	dst = r.hits(dst, appendFold(kb[:0], input, false))
	if len(dst) == n {
		if s, ok := swapComma(input); ok {
			dst = r.hits(dst, appendFold(kb[:0], s, false))
		}
	}
	return dst
}

// best returns the first of the entities that the strongest of hits name,
// and how many different entities these are.
func best(hits []hit) (first int32, n int) {
	top := uint8(255)
	for _, h := range hits {
		top = min(top, h.tier)
	}
	first = -1
	for i, h := range hits {
		if h.tier != top || slices.ContainsFunc(hits[:i], func(p hit) bool { return p.tier == top && p.ent == h.ent }) {
			continue
		}
		if n == 0 {
			first = h.ent
		}
		n++
	}
	return first, n
}

// find returns the party that input names, and how many parties it names
// equally well: 0, 1, or more when input is ambiguous.
func (r *Registry) find(input string) (int32, int) {
	if id, ok := r.id(input); ok {
		return id, 1
	}
	var hb [8]hit
	return best(r.keyHits(hb[:0], input))
}

// Resolve returns the party that input names: SIPRI's spelling or any of the
// party's other spellings, its SIPRI code, its ISO 3166-1 alpha-3 or alpha-2
// code, or a common alias ("Vietnam", "VNM", "USSR", "South Korea", "ROK",
// "Türkiye"), without regard to case, accents or punctuation. A canonical
// name always names its own party: "Congo" is the Republic of the Congo.
//
// An input that names no party is an armsflow.ENOTFOUND error that suggests
// up to five near names; one that names several parties equally ("Korea",
// or a code that is SIPRI's for one party and ISO's for another, such as
// "CHE") is an armsflow.EINVALID error that lists them.
func (r *Registry) Resolve(input string) (armsflow.Entity, error) {
	id, n := r.find(input)
	switch n {
	case 1:
		return r.ent(id), nil
	case 0:
		if fold(input) == "" {
			return armsflow.Entity{}, armsflow.Errorf(armsflow.EINVALID,
				"no party named: give a party's name, its SIPRI code or its ISO code")
		}
		return armsflow.Entity{}, notFound("party", input, r.didYouMean(input))
	}
	hits := r.keyHits(nil, input)
	var names []string
	for top := range tierShort + 1 {
		for _, h := range hits {
			if n := r.ent(h.ent).Name; h.tier == top && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if len(names) > 0 {
			break
		}
	}
	slices.SortFunc(names, compareNames)
	return armsflow.Entity{}, armsflow.Errorf(armsflow.EINVALID, "ambiguous party %q: %s", input, strings.Join(names, ", "))
}

// notFound is the error for an unknown party or region, with suggestions.
func notFound(what, input string, near []string) error {
	if len(near) == 0 {
		return armsflow.Errorf(armsflow.ENOTFOUND, "unknown %s %q: no %s has a similar name", what, input, what)
	}
	q := make([]string, len(near))
	for i, n := range near {
		q[i] = `"` + n + `"`
	}
	return armsflow.Errorf(armsflow.ENOTFOUND, "unknown %s %q; did you mean %s?", what, input, strings.Join(q, ", "))
}

// Lookup returns the party whose canonical name is exactly name.
func (r *Registry) Lookup(name string) (armsflow.Entity, bool) {
	id, ok := r.id(name)
	if !ok {
		return armsflow.Entity{}, false
	}
	return r.ent(id), true
}

// Entities returns every party the registry knows, built-in and from data,
// sorted by name without regard to case.
func (r *Registry) Entities() []armsflow.Entity {
	out := make([]armsflow.Entity, len(r.sorted))
	for i, id := range r.sorted {
		out[i] = r.ent(id)
	}
	return out
}
