package engine

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/armsflow/armsflow"
)

//go:embed servicelife.yaml
var defaultServiceLives []byte

// ServiceLives says how long a kind of weapon stays in service: a life per
// SIPRI weapon category, and rules on the weapon description that come
// first. The dependency question retires a delivery when it reaches its
// life. Build one with DefaultServiceLives or ParseServiceLives; it is
// immutable and safe for concurrent use.
type ServiceLives struct {
	// Source names where the lives came from: "armsflow's defaults" or a file.
	Source     string
	categories map[string]LifeRule // by category
	rules      []LifeRule          // description rules, in order
}

// LifeRule is one service life with the reasoning or source behind it.
type LifeRule struct {
	Category string   `json:"category,omitempty"`
	Match    []string `json:"match,omitempty"` // lower-case words of a description rule
	Years    int      `json:"years"`
	Why      string   `json:"why"`
	line     int
}

// Label names the rule in notes: its category or its match words.
func (r LifeRule) Label() string {
	if r.Category != "" {
		return r.Category
	}
	return strings.Join(r.Match, "/")
}

var defaultLives = sync.OnceValues(func() (*ServiceLives, error) {
	return ParseServiceLives(defaultServiceLives, "engine/servicelife.yaml", nil)
})

// DefaultServiceLives returns armsflow's default service lives, from the
// data file engine/servicelife.yaml embedded in the program.
func DefaultServiceLives() *ServiceLives {
	l, err := defaultLives()
	if err != nil {
		// The embedded file is checked by the tests; this cannot happen in a
		// built program.
		panic(err)
	}
	return l
}

// categoryNames lists SIPRI's weapon categories, which a categories entry
// must name.
var categoryNames = []string{CatAircraft, CatAirDefence, CatArmoured, CatArtillery, CatEngines, CatMissiles,
	CatNaval, CatOther, CatSatellites, CatSensors, CatShips}

// ParseServiceLives reads service lives in the layout of
// engine/servicelife.yaml from data; name is the file's name for errors
// ("name:line:column: what"). With base, the file overrides base: its
// categories replace base's, and its description rules are tried before
// base's. Without base, every SIPRI category must have a life.
func ParseServiceLives(data []byte, name string, base *ServiceLives) (*ServiceLives, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, lifeYAMLError(name, err)
	}
	out := &ServiceLives{Source: name, categories: map[string]LifeRule{}}
	if base != nil {
		for k, v := range base.categories {
			out.categories[k] = v
		}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode || root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s: empty; give 'categories:' and/or 'descriptions:' lists (see engine/servicelife.yaml)", name)
	}
	if root.Kind != yaml.MappingNode {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: expected a mapping with 'categories:' and/or 'descriptions:' lists", name, root.Line, root.Column)
	}
	seenKey := map[string]bool{}
	var own []LifeRule
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "categories" && k.Value != "descriptions" {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: unknown key %q (known keys: categories, descriptions)", name, k.Line, k.Column, k.Value)
		}
		if seenKey[k.Value] {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: key %q given twice", name, k.Line, k.Column, k.Value)
		}
		seenKey[k.Value] = true
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: %s must be a list of entries, each starting '- '", name, v.Line, v.Column, k.Value)
		}
		seenCat := map[string]int{}
		for _, item := range v.Content {
			r, err := lifeEntry(name, k.Value, item)
			if err != nil {
				return nil, err
			}
			if k.Value == "categories" {
				if prev, ok := seenCat[r.Category]; ok {
					return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: category %q given twice (first on line %d)", name, item.Line, item.Column, r.Category, prev)
				}
				seenCat[r.Category] = item.Line
				out.categories[r.Category] = r
			} else {
				own = append(own, r)
			}
		}
	}
	out.rules = own
	if base != nil {
		out.rules = append(append([]LifeRule{}, own...), base.rules...)
		out.Source = name + " over " + base.Source
	} else {
		var missing []string
		for _, c := range categoryNames {
			if _, ok := out.categories[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s: no life for %s", name, strings.Join(missing, ", "))
		}
	}
	return out, nil
}

// lifeEntry reads one entry of the categories or descriptions list.
func lifeEntry(name, list string, n *yaml.Node) (LifeRule, error) {
	at := func(m *yaml.Node, format string, args ...any) error {
		return armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: %s", name, m.Line, m.Column, fmt.Sprintf(format, args...))
	}
	r := LifeRule{line: n.Line}
	if n.Kind != yaml.MappingNode {
		return r, at(n, "each entry of %s is a mapping (category or match, years, why)", list)
	}
	first := "category"
	if list == "descriptions" {
		first = "match"
	}
	known := []string{first, "years", "why"}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ok := false
		for _, w := range known {
			ok = ok || k.Value == w
		}
		if !ok {
			return r, at(k, "unknown key %q in an entry of %s (known keys: %s)", k.Value, list, strings.Join(known, ", "))
		}
		if seen[k.Value] {
			return r, at(k, "key %q given twice", k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "category":
			if v.Kind != yaml.ScalarNode {
				return r, at(v, "category must be one of %s", strings.Join(categoryNames, ", "))
			}
			for _, c := range categoryNames {
				if strings.EqualFold(c, strings.TrimSpace(v.Value)) {
					r.Category = c
				}
			}
			if r.Category == "" {
				return r, at(v, "unknown category %q: use one of %s", v.Value, strings.Join(categoryNames, ", "))
			}
		case "match":
			var words []string
			if v.Kind == yaml.ScalarNode {
				words = []string{v.Value}
			} else if err := v.Decode(&words); err != nil {
				return r, at(v, "match must be a word or a list of words, e.g. [uav, unmanned]")
			}
			for _, w := range words {
				w = strings.ToLower(strings.TrimSpace(w))
				if w == "" {
					return r, at(v, "match has an empty word")
				}
				r.Match = append(r.Match, w)
			}
			if len(r.Match) == 0 {
				return r, at(v, "match needs at least one word")
			}
		case "years":
			var y int
			if v.Kind != yaml.ScalarNode || v.Decode(&y) != nil || y < 1 || y > 100 {
				return r, at(v, "years %q: give a whole number of years from 1 to 100", v.Value)
			}
			r.Years = y
		case "why":
			if v.Kind != yaml.ScalarNode {
				return r, at(v, "why must be text")
			}
			r.Why = strings.TrimSpace(v.Value)
		}
	}
	if !seen[first] {
		return r, at(n, "an entry of %s needs %q", list, first)
	}
	if !seen["years"] {
		return r, at(n, "an entry of %s needs \"years\"", list)
	}
	if r.Why == "" {
		return r, at(n, "an entry of %s needs \"why\": the reasoning or source of its life", list)
	}
	return r, nil
}

// lifeYAMLError turns yaml.v3's "yaml: line N: what" into "name:N: what".
func lifeYAMLError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, what, ok := strings.Cut(rest, ": "); ok {
			return armsflow.Errorf(armsflow.EINVALID, "%s:%s: %s", name, num, what)
		}
	}
	return armsflow.Errorf(armsflow.EINVALID, "%s: %s", name, msg)
}

// Life returns the service life of a weapon of SIPRI category cat and
// description desc: the first description rule one of whose words occurs
// in it, else the category's life, else Other's.
func (l *ServiceLives) Life(cat, desc string) LifeRule {
	if len(l.rules) > 0 {
		d := strings.ToLower(desc)
		for _, r := range l.rules {
			for _, w := range r.Match {
				if strings.Contains(d, w) {
					return r
				}
			}
		}
	}
	if r, ok := l.categories[cat]; ok {
		return r
	}
	return l.categories[CatOther]
}

// Rules lists the lives: the description rules in the order they are
// tried, then one per category in SIPRI's order.
func (l *ServiceLives) Rules() []LifeRule {
	out := append([]LifeRule{}, l.rules...)
	for _, c := range categoryNames {
		if r, ok := l.categories[c]; ok {
			out = append(out, r)
		}
	}
	return out
}
