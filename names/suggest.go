package names

import (
	"slices"
	"strings"
)

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

// query is a folded input to Suggest.
type query struct {
	flat  string
	words []string
	lim   int // typing errors forgiven
}

func newQuery(input string) query {
	q := query{flat: fold(input), words: strings.Fields(foldWords(input))}
	q.lim = maxEdits(len(q.flat))
	return q
}

// score scores how well q matches any of the keys, or returns -1.
func (q *query) score(keys ...[]sugKey) int {
	s := -1
	for _, ks := range keys {
		for i := range ks {
			if v := q.scoreKey(&ks[i]); v >= 0 && (s < 0 || v < s) {
				s = v
			}
		}
	}
	return s
}

// scoreKey scores how well q matches key k, or returns -1.
func (q *query) scoreKey(k *sugKey) int {
	c := q.class(k)
	if c < 0 {
		return -1
	}
	if k.alias {
		return 2*c + 1
	}
	return 2 * c
}

// class returns the class of q's match with k, -1 for none.
func (q *query) class(k *sugKey) int {
	switch {
	case k.flat == q.flat:
		return classExact
	case k.code:
		return -1
	case strings.HasPrefix(k.flat, q.flat):
		return classPrefix
	case wordsPrefix(q.words, k.spaced):
		return classWord
	case q.lim == 0:
		return -1
	}
	c := -1
	if abs(len(k.flat)-len(q.flat)) <= q.lim {
		if d := distance(q.flat, k.flat); d <= q.lim {
			c = classFuzzy + d
		}
	}
	if len(k.flat) > len(q.flat) && (c < 0 || c > classFuzzy+1) {
		// A mistyped beginning: "Untied" for "United States".
		if d := distance(q.flat, k.flat[:len(q.flat)]); d <= q.lim && (c < 0 || classFuzzy+d+1 < c) {
			c = classFuzzy + d + 1
		}
	}
	return c
}

// wordsPrefix reports whether every word of q begins a different word of
// the space-separated words k, in order.
func wordsPrefix(q []string, k string) bool {
	if len(q) == 0 {
		return false
	}
	for _, w := range q {
		for {
			var word string
			word, k, _ = strings.Cut(k, " ")
			if strings.HasPrefix(word, w) {
				break
			}
			if k == "" {
				return false
			}
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// dataSugKeys returns the names Suggest compares for the data's spellings
// and parties, by id.
func (r *Registry) dataSugKeys() map[int32][]sugKey {
	r.sugOnce.Do(func() {
		if len(r.renamed) == 0 && len(r.added) == 0 {
			return
		}
		var b sugBuilder
		for id, name := range r.renamed {
			b.add(id, name, false, false)
		}
		for i, e := range r.added {
			id := int32(len(r.ix.ents) + i)
			b.add(id, e.Name, false, false)
			if s := shortName(e.Name); s != "" {
				b.add(id, s, false, false)
			}
		}
		r.sug = b.build()
	})
	return r.sug
}

// suggest scores every party against input: the parties that match, best
// first, then alphabetically.
func (r *Registry) suggest(input string) []scored {
	q := newQuery(input)
	if q.flat == "" {
		return nil
	}
	builtin, data := r.ix.sugKeys(), r.dataSugKeys()
	var out []scored
	for _, id := range r.sorted {
		var bk []sugKey
		if int(id) < len(builtin) {
			bk = builtin[id]
		}
		if s := q.score(bk, data[id]); s >= 0 {
			out = append(out, scored{r.ent(id).Name, s})
		}
	}
	slices.SortStableFunc(out, func(a, b scored) int { return a.score - b.score })
	return out
}

// Suggest returns the canonical names of up to n parties (all if n <= 0)
// that input may mean, best first: parties that input names exactly, then
// those whose name or alias input begins, then those with a word that input
// begins ("korea" → "North Korea"), then those within a few typing errors
// ("Rusia" → "Russia"); SIPRI spellings before aliases, then alphabetically.
// It serves autocompletion as well as "did you mean".
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
