package engine

import (
	"context"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// GroupLoader is what a Loader also implements when its library holds
// groups that users defined; *sqlite.DB is one.
type GroupLoader interface {
	Groups(ctx context.Context) ([]names.Group, error)
}

// Groups returns the groups a query may name: the built-in ones, then the
// library's own (which may not take a built-in group's name).
func (e *Engine) Groups(ctx context.Context) ([]names.Group, error) {
	e.mu.Lock()
	gs := e.groups
	e.mu.Unlock()
	if gs != nil {
		return gs, nil
	}
	gs = names.Groups()
	if gl, ok := e.loader.(GroupLoader); ok {
		user, err := gl.Groups(ctx)
		if err != nil {
			return nil, err
		}
		gs = append(gs, user...)
	}
	e.mu.Lock()
	e.groups = gs
	e.mu.Unlock()
	return gs, nil
}

// groupByInput remembers which group (index, -1 for none) each input
// named: every query resolves its parties, and most name no group.
func (e *Engine) groupByInput(ctx context.Context, input string) (*names.Group, error) {
	gs, err := e.Groups(ctx)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	i, ok := e.groupMemo[input]
	e.mu.Unlock()
	if !ok {
		i = -1
		for j := range gs {
			if gs[j].Matches(input) {
				i = j
				break
			}
		}
		e.mu.Lock()
		if e.groupMemo == nil || len(e.groupMemo) > 4096 {
			e.groupMemo = map[string]int{}
		}
		e.groupMemo[input] = i
		e.mu.Unlock()
	}
	if i < 0 {
		return nil, nil
	}
	g := gs[i]
	return &g, nil
}

// Group returns the group input names, or nil when it names none.
func (e *Engine) Group(ctx context.Context, input string) (*names.Group, error) {
	gs, err := e.Groups(ctx)
	if err != nil {
		return nil, err
	}
	for i := range gs {
		if gs[i].Matches(input) {
			g := gs[i]
			return &g, nil
		}
	}
	return nil, nil
}

// GroupInfo names the group a query counted, as answers show it.
type GroupInfo struct {
	Name string `json:"name"`
	// AsOf is the year whose members were counted for every year, with
	// --members-as-of; 0 when each member counted for its own years.
	AsOf int `json:"as_of,omitempty"`
	// Members are the members counted in the years asked.
	Members []string `json:"members"`
	About   string   `json:"about,omitempty"`
}

// sel is a query's party on one side: one party, a group of states counted
// for the years each belonged, or nil for any party.
type sel struct {
	*party
	group *names.Group
	// spans are, by party index, the years each member belonged.
	spans map[int32][]names.Member
	info  *GroupInfo
}

// match reports whether the flow's party p in year is selected.
func (s *sel) match(p, year int32) bool {
	if s == nil {
		return true
	}
	if s.group == nil {
		return p == s.idx
	}
	for _, m := range s.spans[p] {
		if m.In(int(year)) {
			return true
		}
	}
	return false
}

// resolveSel resolves a query's party: a group first (by its name or an
// alias: "EU" is the group of member states, the organisation is "European
// Union**"), then a party of fs. asOf fixes a group's members.
func (e *Engine) resolveSel(ctx context.Context, fs *flowSet, input string, asOf int, years Years) (*sel, error) {
	if input == "" {
		return nil, nil
	}
	g, err := e.groupByInput(ctx, input)
	if err != nil {
		return nil, err
	}
	if g == nil {
		p, err := fs.resolve(input)
		if err != nil {
			return nil, err
		}
		return &sel{party: p}, nil
	}
	if asOf != 0 {
		ag := g.AsOf(asOf)
		if len(ag.Members) == 0 {
			return nil, armsflow.Errorf(armsflow.EINVALID, "--members-as-of %d: %s had no members that year", asOf, g.Name)
		}
		ag.Name = g.Name
		g = &ag
	}
	gg, err := fs.reg.Canonical(*g)
	if err != nil {
		return nil, err
	}
	s := &sel{party: &party{Entity: armsflow.Entity{Name: g.Name, Kind: "group"}, idx: -1}, group: &gg,
		spans: map[int32][]names.Member{}, info: &GroupInfo{Name: g.Name, AsOf: asOf, About: g.About, Members: []string{}}}
	seen := map[string]bool{}
	for _, m := range gg.Members {
		if i, ok := fs.index[m.Name]; ok {
			s.spans[i] = append(s.spans[i], m)
		}
		// Members counted: those that belonged in some year asked.
		for y := years.From; y <= years.To; y++ {
			if m.In(y) && !seen[m.Name] {
				seen[m.Name] = true
				s.info.Members = append(s.info.Members, m.Name)
				break
			}
		}
	}
	return s, nil
}
