package names

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/armsflow/armsflow"
)

// Group is a group of states whose membership changes over the years:
// NATO, the EU and the like, built in, or defined by a user.
type Group struct {
	Name    string   `json:"name" yaml:"name"`
	Aliases []string `json:"aliases,omitempty" yaml:"aliases,omitempty"`
	About   string   `json:"about,omitempty" yaml:"about,omitempty"`
	Source  string   `json:"source,omitempty" yaml:"source,omitempty"`
	// Members are the group's members with the years they belonged; a
	// state that left and joined again has one Member per stay.
	Members []Member `json:"members" yaml:"members"`
	// BuiltIn is true for armsflow's own groups.
	BuiltIn bool `json:"built_in" yaml:"-"`
}

// Member is one stay of a state in a group: from its year of accession
// (which counts whole) to the last year it belonged; To 0 means it still
// belongs, From 0 that it always did.
type Member struct {
	Name string `json:"name" yaml:"name"`
	From int    `json:"from,omitempty" yaml:"from,omitempty"`
	To   int    `json:"to,omitempty" yaml:"to,omitempty"`
}

// In reports whether the stay includes year.
func (m Member) In(year int) bool {
	return (m.From == 0 || year >= m.From) && (m.To == 0 || year <= m.To)
}

// Years writes the stay as "1949–", "1973–2019" or "always".
func (m Member) Years() string {
	switch {
	case m.From == 0 && m.To == 0:
		return "always"
	case m.To == 0:
		return fmt.Sprintf("%d–", m.From)
	}
	return fmt.Sprintf("%d–%d", m.From, m.To)
}

// MemberIn reports whether the party named (canonically) belonged to g in
// year.
func (g *Group) MemberIn(name string, year int) bool {
	for _, m := range g.Members {
		if m.Name == name && m.In(year) {
			return true
		}
	}
	return false
}

// AsOf returns g with the members of year only, each counted for every
// year: the list fixed, as '--members-as-of YEAR' asks.
func (g Group) AsOf(year int) Group {
	var ms []Member
	for _, m := range g.Members {
		if m.In(year) {
			ms = append(ms, Member{Name: m.Name})
		}
	}
	g.Members = ms
	g.Name = fmt.Sprintf("%s (members as of %d)", g.Name, year)
	return g
}

// Matches reports whether input names g: its name or an alias, without
// regard to case, accents or punctuation.
func (g *Group) Matches(input string) bool {
	k := fold(input)
	if k == "" {
		return false
	}
	if fold(g.Name) == k {
		return true
	}
	for _, a := range g.Aliases {
		if fold(a) == k {
			return true
		}
	}
	return false
}

//go:embed groups.yaml
var groupsYAML []byte

// builtinGroups is the built-in groups, parsed the first time they are
// asked for: parsing the YAML when the package initialised was a tenth of
// every command's start, most of which never need them.
var builtinGroups = sync.OnceValue(func() []Group {
	gs, err := ParseGroups(groupsYAML, "groups.yaml")
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	for i := range gs {
		gs[i].BuiltIn = true
	}
	return gs
})

// Groups returns armsflow's built-in groups of states: NATO, European NATO
// members, EU, ASEAN, GCC and CSTO, with membership by year.
func Groups() []Group {
	builtin := builtinGroups()
	out := make([]Group, len(builtin))
	for i, g := range builtin {
		g.Members = slices.Clone(g.Members)
		g.Aliases = slices.Clone(g.Aliases)
		out[i] = g
	}
	return out
}

// ParseGroups reads groups from YAML: a list of groups, each with a name,
// optional aliases, about and source, and members as {name, from, to}.
// Errors name the file and line.
func ParseGroups(data []byte, file string) ([]Group, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s: %v; a groups file is a list of groups: '- name: ...' with 'members: [{name: ..., from: YEAR}]'", file, err)
	}
	if len(doc.Content) == 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s: no groups; a groups file is a list of groups: '- name: ...' with 'members'", file)
	}
	root := doc.Content[0]
	if root.Kind != yaml.SequenceNode {
		return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: a groups file is a list of groups ('- name: ...')", file, root.Line, root.Column)
	}
	nodes := make([]yaml.Node, len(root.Content))
	for i, n := range root.Content {
		nodes[i] = *n
	}
	out := make([]Group, 0, len(nodes))
	for _, n := range nodes {
		var g Group
		if err := n.Decode(&g); err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: %v", file, n.Line, n.Column, err)
		}
		if err := g.Check(); err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s:%d:%d: %s", file, n.Line, n.Column, message(err))
		}
		out = append(out, g)
	}
	return out, nil
}

// Check reports a group without a name or members, or with a stay that
// ends before it starts.
func (g *Group) Check() error {
	g.Name = strings.TrimSpace(g.Name)
	if g.Name == "" {
		return armsflow.Errorf(armsflow.EINVALID, "a group needs a name")
	}
	if len(g.Members) == 0 {
		return armsflow.Errorf(armsflow.EINVALID, "group %q has no members", g.Name)
	}
	for _, m := range g.Members {
		if strings.TrimSpace(m.Name) == "" {
			return armsflow.Errorf(armsflow.EINVALID, "group %q: a member without a name", g.Name)
		}
		if m.From != 0 && m.To != 0 && m.To < m.From {
			return armsflow.Errorf(armsflow.EINVALID, "group %q: member %s leaves (%d) before it joins (%d)", g.Name, m.Name, m.To, m.From)
		}
	}
	return nil
}

// Canonical resolves each member's name through r, so that a user's
// "Vietnam" is SIPRI's "Viet Nam"; a name r does not know is an error that
// says which.
func (r *Registry) Canonical(g Group) (Group, error) {
	ms := make([]Member, len(g.Members))
	for i, m := range g.Members {
		e, err := r.Resolve(m.Name)
		if err != nil {
			return Group{}, armsflow.Errorf(armsflow.ENOTFOUND, "group %q, member %q: %s", g.Name, m.Name, message(err))
		}
		m.Name = e.Name
		ms[i] = m
	}
	g.Members = ms
	return g, nil
}

// message is an error's text without its code.
func message(err error) string {
	if e, ok := err.(*armsflow.Error); ok {
		return e.Message
	}
	return err.Error()
}
