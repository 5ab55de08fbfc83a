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
	"maps"
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

// get appends the hits of k to dst.
func (ki *keyIndex) get(dst []hit, k string) []hit {
	h, ok := ki.one[k]
	switch {
	case !ok:
		return dst
	case h.ent >= 0:
		return append(dst, h)
	}
	return append(dst, ki.many[k]...)
}

// sugKey is one name of an entity as Suggest compares it.
type sugKey struct {
	flat  string   // fold(name)
	words []string // the words of foldWords(name)
	alias bool     // an alias or code, not a SIPRI spelling
	code  bool     // codes are only ever matched exactly
}

// index is the built-in table made searchable, built once per process.
type index struct {
	ents   []armsflow.Entity
	byName map[string]int32
	keys   keyIndex
	sorted []int32 // ents' indices in name order

	sugOnce sync.Once
	sug     [][]sugKey // per entity, built on the first Suggest

	regions     []Region         // Members empty; filled per registry
	regionByKey map[string]int32 // folded name or alias → regions index
}

var builtin = sync.OnceValue(buildIndex)

func buildIndex() *index {
	ix := &index{
		ents:   make([]armsflow.Entity, len(table)),
		byName: make(map[string]int32, len(table)),
		keys:   keyIndex{one: make(map[string]hit, 8*len(table))},
	}
	var buf []byte
	add := func(s string, h hit) {
		buf = appendFold(buf[:0], s, false)
		if len(buf) == 0 {
			return
		}
		// Most keys are new: look up with the byte slice (no allocation) first.
		if old, ok := ix.keys.one[string(buf)]; ok && old.ent == h.ent && better(old, h) == old {
			return
		}
		ix.keys.add(string(buf), h)
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
		for _, a := range e.aliases {
			add(a, hit{ent: id, tier: tierAlias})
		}
		if s := shortName(e.name); s != "" {
			add(s, hit{ent: id, tier: tierShort})
		}
		for _, a := range e.aliases {
			if s := shortName(a); s != "" {
				add(s, hit{ent: id, tier: tierShort})
			}
		}
	}
	ix.sorted = sortedIndices(ix.ents)

	ix.regions = make([]Region, len(regionTable))
	ix.regionByKey = make(map[string]int32, 4*len(regionTable))
	for i, r := range regionTable {
		ix.regions[i] = Region{Name: r.name, Parent: r.parent}
		ix.regionByKey[fold(r.name)] = int32(i)
		for _, a := range r.aliases {
			ix.regionByKey[fold(a)] = int32(i)
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

// sortedIndices returns the indices of ents in name order: letters compared
// without regard to case, then byte order.
func sortedIndices(ents []armsflow.Entity) []int32 {
	s := make([]int32, len(ents))
	for i := range s {
		s[i] = int32(i)
	}
	slices.SortFunc(s, func(a, b int32) int { return compareNames(ents[a].Name, ents[b].Name) })
	return s
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
		ix.sug = make([][]sugKey, len(table))
		for i := range table {
			e := &table[i]
			ks := []sugKey{newSugKey(e.name, false, false)}
			if s := shortName(e.name); s != "" {
				ks = append(ks, newSugKey(s, false, false))
			}
			for _, a := range e.aliases {
				ks = append(ks, newSugKey(a, true, false))
			}
			for _, c := range [...]string{e.sipri, e.iso3, e.iso2} {
				if c != "" {
					ks = append(ks, newSugKey(c, true, true))
				}
			}
			ix.sug[i] = ks
		}
	})
	return ix.sug
}

func newSugKey(s string, alias, code bool) sugKey {
	return sugKey{flat: fold(s), words: strings.Fields(foldWords(s)), alias: alias, code: code}
}

// Registry knows the parties to arms transfers and SIPRI's regions. Build one
// with New; it is immutable and safe for concurrent use.
type Registry struct {
	ix     *index
	ents   []armsflow.Entity // ix.ents, or a copy with the data's spellings and names
	byName map[string]int32  // canonical name → ents index
	sorted []int32
	extra  keyIndex           // keys of the data's spellings and of added entities
	sug    map[int32][]sugKey // Suggest's names from data, beside the built-in ones
}

// New returns the built-in registry extended with the names seen in data.
//
// A data name that is a SIPRI spelling or an alias of a built-in party
// ("Turkiye", "Yemen Arab Republic (North Yemen)", "unknown supplier(s)")
// names that party, and becomes its canonical name; where the data spells
// one party several ways, the last spelling passed wins, so pass the newest
// data last. A name the registry does not know is added as a party of
// armsflow.KindOfName's kind with no region. Empty names are ignored.
func New(dataNames ...string) *Registry {
	ix := builtin()
	r := &Registry{ix: ix, ents: ix.ents, byName: ix.byName, sorted: ix.sorted}
	owned := false // whether ents and byName are r's own copies
	own := func() {
		if !owned {
			r.ents = slices.Clone(ix.ents)
			r.byName = maps.Clone(ix.byName)
			r.sug = map[int32][]sugKey{}
			owned = true
		}
	}
	var hits []hit
	for _, raw := range dataNames {
		name := strings.TrimSpace(raw)
		if name == "" {
			continue
		}
		if _, ok := r.byName[name]; ok {
			continue
		}
		k := fold(name)
		id := int32(-1)
		hits = r.hits(hits[:0], k)
		for _, h := range hits {
			if h.tier == tierShort || h.code {
				continue
			}
			if id >= 0 && id != h.ent {
				id = -1 // names several parties: a party of its own
				break
			}
			id = h.ent
		}
		own()
		if id >= 0 {
			old := r.ents[id].Name
			if r.byName[old] == id {
				delete(r.byName, old)
			}
			r.ents[id].Name = name
			r.byName[name] = id
			r.extra.add(k, hit{ent: id, tier: tierName})
			r.sug[id] = append(r.sug[id], newSugKey(name, false, false))
			continue
		}
		id = int32(len(r.ents))
		r.ents = append(r.ents, armsflow.Entity{Name: name, Kind: armsflow.KindOfName(name)})
		r.byName[name] = id
		r.extra.add(k, hit{ent: id, tier: tierName})
		ks := []sugKey{newSugKey(name, false, false)}
		if s := shortName(name); s != "" {
			r.extra.add(fold(s), hit{ent: id, tier: tierShort})
			ks = append(ks, newSugKey(s, false, false))
		}
		r.sug[id] = ks
	}
	if owned {
		r.sorted = sortedIndices(r.ents)
	}
	return r
}

// hits appends the hits of folded key k, built-in and from data, to dst.
func (r *Registry) hits(dst []hit, k string) []hit {
	dst = r.ix.keys.get(dst, k)
	return r.extra.get(dst, k)
}

// best returns the entities that the strongest of hits name, sorted.
func best(hits []hit) []int32 {
	top := uint8(255)
	for _, h := range hits {
		top = min(top, h.tier)
	}
	var out []int32
	for _, h := range hits {
		if h.tier == top && !slices.Contains(out, h.ent) {
			out = append(out, h.ent)
		}
	}
	return out
}

// find returns the entities that input names equally well: none, one, or
// several when input is ambiguous.
func (r *Registry) find(input string) []int32 {
	if id, ok := r.byName[input]; ok {
		return []int32{id}
	}
	var buf [8]hit
	hits := r.hits(buf[:0], fold(input))
	if len(hits) == 0 {
		if s, ok := swapComma(input); ok {
			hits = r.hits(hits, fold(s))
		}
	}
	return best(hits)
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
	ids := r.find(input)
	switch len(ids) {
	case 1:
		return r.ents[ids[0]], nil
	case 0:
		if strings.TrimSpace(input) == "" || fold(input) == "" {
			return armsflow.Entity{}, armsflow.Errorf(armsflow.EINVALID,
				"no party named: give a party's name, its SIPRI code or its ISO code")
		}
		return armsflow.Entity{}, notFound("party", input, r.didYouMean(input))
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = r.ents[id].Name
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
	id, ok := r.byName[name]
	if !ok {
		return armsflow.Entity{}, false
	}
	return r.ents[id], true
}

// Entities returns every party the registry knows, built-in and from data,
// sorted by name without regard to case.
func (r *Registry) Entities() []armsflow.Entity {
	out := make([]armsflow.Entity, len(r.sorted))
	for i, id := range r.sorted {
		out[i] = r.ents[id]
	}
	return out
}

// sugKeysOf returns the names Suggest compares for entity id: the built-in
// ones and those from data.
func (r *Registry) sugKeysOf(id int32) (builtin, data []sugKey) {
	if int(id) < len(r.ix.ents) {
		builtin = r.ix.sugKeys()[id]
	}
	return builtin, r.sug[id]
}

// Match classes of Suggest, best first. A score is twice the class, plus one
// when the match is on an alias or a code rather than on a SIPRI spelling.
const (
	classExact  = 0 // a name, alias or code of the party
	classPrefix = 1 // the start of a name or alias
	classWord   = 2 // the start of a word of a name or alias ("korea" → "North Korea")
	classFuzzy  = 3 // plus the edit distance to a name or alias
)

// maxEdits is how many typing errors Suggest forgives in a key of n bytes.
func maxEdits(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

type scored struct {
	name  string
	score int
}

// suggest scores every party against input: the parties that match, best
// first, then alphabetically.
func (r *Registry) suggest(input string) []scored {
	q := fold(input)
	if q == "" {
		return nil
	}
	qWords := strings.Fields(foldWords(input))
	lim := maxEdits(len(q))
	var out []scored
	for id := range r.ents {
		s := -1
		bk, dk := r.sugKeysOf(int32(id))
		for _, ks := range [2][]sugKey{bk, dk} {
			for _, k := range ks {
				if v := scoreKey(q, qWords, lim, k); v >= 0 && (s < 0 || v < s) {
					s = v
				}
			}
		}
		if s >= 0 {
			out = append(out, scored{r.ents[id].Name, s})
		}
	}
	slices.SortFunc(out, func(a, b scored) int {
		if a.score != b.score {
			return a.score - b.score
		}
		return compareNames(a.name, b.name)
	})
	return out
}

// scoreKey scores how well the folded input q (words qWords) matches key k,
// or returns -1 for no match.
func scoreKey(q string, qWords []string, lim int, k sugKey) int {
	c := matchClass(q, qWords, lim, k)
	if c < 0 {
		return -1
	}
	if k.alias {
		return 2*c + 1
	}
	return 2 * c
}

// matchClass returns the class of q's match with k, -1 for none.
func matchClass(q string, qWords []string, lim int, k sugKey) int {
	switch {
	case k.flat == q:
		return classExact
	case k.code:
		return -1
	case strings.HasPrefix(k.flat, q):
		return classPrefix
	case wordsPrefix(qWords, k.words):
		return classWord
	case lim == 0:
		return -1
	}
	c := -1
	if abs(len(k.flat)-len(q)) <= lim {
		if d := distance(q, k.flat); d <= lim {
			c = classFuzzy + d
		}
	}
	if len(k.flat) > len(q) {
		// A mistyped beginning: "Untied" for "United States".
		if d := distance(q, k.flat[:len(q)]); d <= lim && (c < 0 || classFuzzy+d+1 < c) {
			c = classFuzzy + d + 1
		}
	}
	return c
}

// wordsPrefix reports whether every word of q begins a different word of k,
// in order.
func wordsPrefix(q, k []string) bool {
	if len(q) == 0 {
		return false
	}
	j := 0
	for _, w := range q {
		for j < len(k) && !strings.HasPrefix(k[j], w) {
			j++
		}
		if j == len(k) {
			return false
		}
		j++
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Suggest returns the canonical names of up to n parties (all if n <= 0)
// that input may mean, best first: parties that input names exactly, then
// those whose name or alias input begins, then those with a word that input
// begins ("korea" → "North Korea"), then those within a few typing errors
// ("Rusia" → "Russia"). It serves autocompletion as well as "did you mean".
func (r *Registry) Suggest(input string, n int) []string {
	sc := r.suggest(input)
	if n > 0 && len(sc) > n {
		sc = sc[:n]
	}
	out := make([]string, len(sc))
	for i, s := range sc {
		out[i] = s.name
	}
	return out
}

// didYouMean returns up to five of the nearest names to an unknown input.
func (r *Registry) didYouMean(input string) []string {
	return nearest(r.suggest(input), 5)
}

// nearest returns the names of up to n of the best of sc (sorted): those
// that input begins, or a word of which it begins, when there are any, else
// those as few typing errors away as the best.
func nearest(sc []scored, n int) []string {
	var out []string
	for _, s := range sc {
		if len(out) == n {
			break
		}
		if c, best := s.score/2, sc[0].score/2; c != best && (best >= classFuzzy || c >= classFuzzy) {
			break
		}
		out = append(out, s.name)
	}
	return out
}
