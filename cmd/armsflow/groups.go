package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/table"
)

type groupsFlags struct {
	members     string
	from, to    int
	about       string
	replace     bool
	membersAsOf int
}

func init() {
	register(&command{
		name: "groups",
		usage: "groups list | groups show NAME [--members-as-of YEAR] | groups add NAME --members A,B,... [--from YEAR] [--to YEAR] [--replace] | " +
			"groups import FILE.yaml [--replace] | groups delete NAME",
		summary: "groups of states (NATO, EU, ... built in; your own): members by year, usable wherever a party is",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			gf := &groupsFlags{}
			fs.StringVar(&gf.members, "members", "", "add: the members, comma-separated (names, aliases or ISO codes)")
			fs.IntVar(&gf.from, "from", 0, "add: the year the members joined (default: always members)")
			fs.IntVar(&gf.to, "to", 0, "add: the last year the members belonged (default: still members)")
			fs.StringVar(&gf.about, "about", "", "add: what the group is")
			fs.BoolVar(&gf.replace, "replace", false, "add, import: replace a group of the same name")
			fs.IntVar(&gf.membersAsOf, "members-as-of", 0, "show: only the members of this year")
			return func(ctx context.Context, a *app, args []string) error { return runGroups(ctx, a, o, gf, args) }
		},
	})
}

func runGroups(ctx context.Context, a *app, o *opts, gf *groupsFlags, args []string) error {
	if len(args) == 0 {
		return usagef("say what to do: groups list, show NAME, add NAME --members A,B, import FILE.yaml, or delete NAME")
	}
	if err := checkFormat(o); err != nil {
		return err
	}
	sub, rest := args[0], args[1:]
	one := func() (string, error) {
		if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
			return "", usagef("groups %s needs one name (quoted if it has spaces)", sub)
		}
		return strings.TrimSpace(rest[0]), nil
	}
	switch sub {
	case "list":
		if len(rest) > 0 {
			return usagef("groups list takes no argument")
		}
		e, err := a.engine(ctx)
		if err != nil {
			return err
		}
		gs, err := e.Groups(ctx)
		if err != nil {
			return err
		}
		return a.output(o, gs, groupsTable(gs))
	case "show":
		name, err := one()
		if err != nil {
			return err
		}
		e, err := a.engine(ctx)
		if err != nil {
			return err
		}
		g, err := e.Group(ctx, name)
		if err != nil {
			return err
		}
		if g == nil {
			return armsflow.Errorf(armsflow.ENOTFOUND, "no group %q; 'armsflow groups list' lists them", name)
		}
		if gf.membersAsOf != 0 {
			*g = g.AsOf(gf.membersAsOf)
		}
		return a.output(o, g, groupTable(g))
	case "add":
		name, err := one()
		if err != nil {
			return err
		}
		if gf.members == "" {
			return usagef("groups add needs --members, e.g. --members \"Poland,Czechia,Hungary,Slovakia\"")
		}
		g := names.Group{Name: name, About: gf.about}
		for _, m := range strings.Split(gf.members, ",") {
			if m = strings.TrimSpace(m); m != "" {
				g.Members = append(g.Members, names.Member{Name: m, From: gf.from, To: gf.to})
			}
		}
		return storeGroups(ctx, a, []names.Group{g}, gf.replace)
	case "import":
		if len(rest) != 1 {
			return usagef("groups import needs one YAML file")
		}
		data, err := os.ReadFile(rest[0])
		if err != nil {
			return armsflow.Errorf(armsflow.EINVALID, "%s: %v", rest[0], err)
		}
		gs, err := names.ParseGroups(data, rest[0])
		if err != nil {
			return err
		}
		return storeGroups(ctx, a, gs, gf.replace)
	case "delete":
		name, err := one()
		if err != nil {
			return err
		}
		db, err := a.open()
		if err != nil {
			return err
		}
		if err := db.DeleteGroup(ctx, name); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "deleted group %q\n", name)
		return nil
	}
	return usagef("unknown groups action %q: use list, show, add, import or delete", sub)
}

// storeGroups checks groups against the built-in ones and the names of
// SIPRI's parties, then stores them, all or none.
func storeGroups(ctx context.Context, a *app, gs []names.Group, replace bool) error {
	reg := names.New()
	builtin := names.Groups()
	for i := range gs {
		for _, b := range builtin {
			if b.Matches(gs[i].Name) {
				return armsflow.Errorf(armsflow.ECONFLICT, "group %q: %s is a built-in group; choose another name", gs[i].Name, b.Name)
			}
		}
		if err := gs[i].Check(); err != nil {
			return err
		}
		g, err := reg.Canonical(gs[i])
		if err != nil {
			return err
		}
		gs[i] = g
	}
	db, err := a.open()
	if err != nil {
		return err
	}
	if err := db.AddGroups(ctx, gs, replace); err != nil {
		return err
	}
	for _, g := range gs {
		fmt.Fprintf(a.stdout, "group %q: %d members stored; use it as --supplier or --recipient %q\n", g.Name, len(g.Members), g.Name)
	}
	return nil
}

func groupsTable(gs []names.Group) *table.Table {
	t := &table.Table{
		Title:   "Groups of states",
		Columns: table.Cols("Name", "Aliases", "Members", "Defined", "About"),
		Notes: []string{"A group is accepted wherever a party is (--supplier EU, --recipient \"European NATO members\"): each member counts only for the years it belonged; --members-as-of YEAR fixes the list.",
			"Members: all who ever belonged. 'armsflow groups show NAME' lists them with their years."},
	}
	for _, g := range gs {
		seen := map[string]bool{}
		for _, m := range g.Members {
			seen[m.Name] = true
		}
		def := "user"
		if g.BuiltIn {
			def = "built in"
		}
		t.Rows = append(t.Rows, []any{g.Name, strings.Join(g.Aliases, "; "), len(seen), def, g.About})
	}
	return t
}

func groupTable(g *names.Group) *table.Table {
	t := &table.Table{
		Title:   g.Name + ": members by year",
		Columns: table.Cols("Member", "Years"),
	}
	if g.About != "" {
		t.Notes = append(t.Notes, g.About+".")
	}
	if g.Source != "" {
		t.Notes = append(t.Notes, "Source: "+g.Source+".")
	}
	t.Notes = append(t.Notes, "A member counts from its year of accession (which counts whole) to the last year it belonged.")
	for _, m := range g.Members {
		t.Rows = append(t.Rows, []any{m.Name, m.Years()})
	}
	return t
}
