// Package query declares armsflow's queries once: per query its parameters
// (name, type, default, help, allowed values, whether required, whether
// the command line takes it as an argument) and the engine call and view
// they drive. The API's routes, its one handler and its OpenAPI document,
// and the command line's commands, flags and usage lines are made from
// these specs, so a parameter is named, typed and defaulted in one place,
// and its checks are the same for both callers, each told in its words.
//
// Adding a query: the engine's method and result (engine/), its table
// (view/), and its Spec here, listed in Specs: the API then routes,
// answers and documents it, and the command line makes its command from
// it (then update http's golden OpenAPI document, which shows the change
// in review). A command of its own in cmd/armsflow is needed only for
// what the spec cannot say (an extra output flag, arguments of its own).
package query

import (
	"context"
	"flag"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// Kind is the type of a parameter's value.
type Kind int

// The kinds of parameter.
const (
	String Kind = iota // free text, or one of Enum
	Int                // a whole number
	Bool               // true or false (a flag without value on the command line)
	Years              // a span of years as engine.ParseYears reads it
	List               // comma-separated values ("A,B"), or the parameter repeated
)

// Param is one parameter of a query.
type Param struct {
	Name    string   // the API's parameter and the command line's flag
	Kind    Kind     // how its value is read
	Default string   // the value when not given, as text ("" for none)
	Help    string   // one line for --help and the OpenAPI document
	Enum    []string // the values allowed, when only some are
	// In is where the API takes it: "query" (the default) or "path".
	In string
	// APIOnly marks a parameter the command line has no flag for (the
	// API's paging).
	APIOnly bool
	// Required marks a parameter the query cannot do without: it is
	// refused without it, in the caller's words, and the OpenAPI document
	// and the usage line say so. (Path parameters always are; a rule on
	// several parameters, such as "a supplier, a recipient or both", is
	// the spec's Check.)
	Required bool
	// Arg marks a query parameter that the command line takes as an
	// argument, in order after the path parameters, rather than as a
	// flag ('armsflow standing Russia').
	Arg bool
	// Meta names the value in usage lines and messages (NAME, A-B, ID);
	// by default the allowed values (year|period) or a word for the kind.
	Meta string
}

// Placeholder is the word for p's value in usage lines and messages: its
// Meta, its allowed values joined by |, or a word for its kind.
func (p *Param) Placeholder() string {
	switch {
	case p.Meta != "":
		return p.Meta
	case len(p.Enum) > 0:
		return strings.Join(p.Enum, "|")
	case p.Kind == Int:
		return "N"
	case p.Kind == Years:
		return "A-B"
	case p.Kind == List:
		return "A,B"
	}
	return "NAME"
}

// Positional reports whether the command line takes p as an argument: a
// path parameter, or one marked Arg.
func (p *Param) Positional() bool { return p.In == "path" || p.Arg }

// Spec is one query: its parameters and how they become an answer.
type Spec struct {
	Name    string // the command's name, e.g. "flows"
	Path    string // the API's path in OpenAPI form, e.g. /api/v1/rank/{side}
	Summary string
	Params  []Param
	// Check refuses parameters that are well formed one by one but not
	// together (a missing recipient); it speaks the API's language.
	Check func(v *Values) error
	// Run asks the engine and returns the answer with the table its view
	// makes of it.
	Run func(ctx context.Context, e *engine.Engine, v *Values) (Answer, error)
}

// Answer is a query's result (written as JSON) and its table (for CSV and
// the terminal).
type Answer struct {
	Result any
	Table  func() *table.Table
}

// Param returns the spec's parameter of that name, or nil.
func (s *Spec) Param(name string) *Param {
	for i := range s.Params {
		if s.Params[i].Name == name {
			return &s.Params[i]
		}
	}
	return nil
}

// Values are a query's parameters as read from a request or a command
// line: typed, with the spec's defaults for those not given.
type Values struct {
	spec  *Spec
	cli   bool // read from a command line: errors name flags
	vals  map[string]any
	given map[string]bool
}

// Str returns a String parameter's value.
func (v *Values) Str(name string) string { s, _ := v.get(name).(string); return s }

// Int returns an Int parameter's value.
func (v *Values) Int(name string) int { n, _ := v.get(name).(int); return n }

// Bool returns a Bool parameter's value.
func (v *Values) Bool(name string) bool { b, _ := v.get(name).(bool); return b }

// Years returns a Years parameter's value.
func (v *Values) Years(name string) engine.Years { y, _ := v.get(name).(engine.Years); return y }

// List returns a List parameter's values.
func (v *Values) List(name string) []string { l, _ := v.get(name).([]string); return l }

// Given reports whether the parameter was given (not defaulted).
func (v *Values) Given(name string) bool { return v.given[name] }

func (v *Values) get(name string) any {
	if v.spec.Param(name) == nil {
		panic("query: " + v.spec.Name + " has no parameter " + name) // a bug in a spec, found by its tests
	}
	return v.vals[name]
}

// FromURL reads a request's parameters: query holds the query string (the
// names in extra, such as format, are allowed besides the spec's), path
// the values of path parameters. Unknown names, a name given twice and
// values of the wrong type are errors in the API's words (name=value).
func (s *Spec) FromURL(query url.Values, path func(string) string, extra ...string) (*Values, error) {
	known := []string{}
	for _, p := range s.Params {
		if p.In != "path" {
			known = append(known, p.Name)
		}
	}
	known = append(known, extra...)
	names := make([]string, 0, len(query))
	for name := range query {
		names = append(names, name)
	}
	sort.Strings(names) // the same URL always gets the same message
	for _, name := range names {
		if !slices.Contains(known, name) {
			return nil, armsflow.Errorf(armsflow.EINVALID, "unknown parameter %q: this endpoint takes %s", name, strings.Join(known, ", "))
		}
		if n := len(query[name]); n > 1 {
			return nil, armsflow.Errorf(armsflow.EINVALID, "parameter %q is given %d times: give it once (a list as %s=A,B)", name, n, name)
		}
	}
	v := &Values{spec: s, vals: map[string]any{}, given: map[string]bool{}}
	for _, p := range s.Params {
		var raw []string
		if p.In == "path" {
			if path != nil {
				raw = []string{path(p.Name)}
			}
		} else {
			raw = query[p.Name]
		}
		if err := v.set(p, raw); err != nil {
			return nil, err
		}
	}
	if err := v.check(); err != nil {
		return nil, err
	}
	return v, nil
}

// check refuses values without a required parameter, then runs the spec's
// Check: the same rules for the API and the command line, each told in
// its own words.
func (v *Values) check() error {
	for _, p := range v.spec.Params {
		if p.Required && !v.given[p.Name] && p.Default == "" {
			value := p.Placeholder()
			if v.cli && p.Positional() {
				value = "" // the argument's name: PARTY
			}
			return armsflow.Errorf(armsflow.EINVALID, "%s needs %s", v.spec.Name, v.Ref(p.Name, value))
		}
	}
	if v.spec.Check != nil {
		return v.spec.Check(v)
	}
	return nil
}

// Ref names a parameter, with its value when value is not "", in the
// caller's words: name=value for the API; --name value for the command
// line, or the value alone (the name in capitals without one) for a
// parameter it takes as an argument. Checks word their refusals with it.
func (v *Values) Ref(name, value string) string {
	p := v.spec.Param(name)
	switch {
	case v.cli && p != nil && p.Positional() && value == "":
		return strings.ToUpper(name)
	case v.cli && p != nil && p.Positional():
		return value
	case v.cli && value == "":
		return "--" + name
	case v.cli:
		return "--" + name + " " + value
	case value == "":
		return name
	}
	return name + "=" + value
}

// choices says which values to use: "use A or B", "use one of A, B, C".
func choices(enum []string) string {
	if len(enum) == 2 {
		return "use " + enum[0] + " or " + enum[1]
	}
	return "use one of " + strings.Join(enum, ", ")
}

// set reads the raw values of p (none: its default) into v.
func (v *Values) set(p Param, raw []string) error {
	s := ""
	if len(raw) > 0 {
		s = strings.TrimSpace(raw[0])
	}
	v.given[p.Name] = s != "" || (p.Kind == List && len(raw) > 0)
	if s == "" {
		s = p.Default
	}
	switch p.Kind {
	case String:
		if s != "" && len(p.Enum) > 0 && !slices.Contains(p.Enum, s) {
			if p.In == "path" && !v.cli {
				// A path that is not there is not found, not a bad value.
				return armsflow.Errorf(armsflow.ENOTFOUND, "%s %q: %s (%s)", p.Name, s, choices(p.Enum), v.spec.Path)
			}
			return armsflow.Errorf(armsflow.EINVALID, "%s: %s", v.Ref(p.Name, strconv.Quote(s)), choices(p.Enum))
		}
		v.vals[p.Name] = s
	case Int:
		n := 0
		if s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				return armsflow.Errorf(armsflow.EINVALID, "%s: give a whole number", v.Ref(p.Name, strconv.Quote(s)))
			}
		}
		v.vals[p.Name] = n
	case Bool:
		switch strings.ToLower(s) {
		case "", "0", "false", "no":
			v.vals[p.Name] = false
		case "1", "true", "yes", "on":
			v.vals[p.Name] = true
		default:
			return armsflow.Errorf(armsflow.EINVALID, "%s: give true or false", v.Ref(p.Name, strconv.Quote(s)))
		}
	case Years:
		y, err := engine.ParseYears(s)
		if err != nil {
			return err
		}
		v.vals[p.Name] = y
	case List:
		var out []string
		for _, r := range raw {
			for _, x := range strings.Split(r, ",") {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
		}
		v.vals[p.Name] = out
	}
	return nil
}

// Flags defines on fs a flag for each parameter the command line takes
// as a flag (all but the API's own and the positional ones, and those
// named in skip, which the command defines itself, such as the common
// --dataset), with the spec's name, default and help; the help of one
// with allowed values names them, as the flag's placeholder. The function
// it returns reads the parsed flags as Values and checks them as FromURL
// does, in the command line's words (--name); extra gives the values of
// the parameters it did not define (the arguments among them).
func (s *Spec) Flags(fs *flag.FlagSet, skip ...string) func(extra map[string]string) (*Values, error) {
	texts := map[string]*string{}
	ints := map[string]*int{}
	bools := map[string]*bool{}
	for _, p := range s.Params {
		if p.APIOnly || p.Positional() || slices.Contains(skip, p.Name) {
			continue
		}
		help := p.FlagHelp()
		switch p.Kind {
		case Int:
			def, _ := strconv.Atoi(p.Default)
			ints[p.Name] = fs.Int(p.Name, def, help)
		case Bool:
			bools[p.Name] = fs.Bool(p.Name, p.Default == "true", help)
		default:
			texts[p.Name] = fs.String(p.Name, p.Default, help)
		}
	}
	return func(extra map[string]string) (*Values, error) {
		v := &Values{spec: s, cli: true, vals: map[string]any{}, given: map[string]bool{}}
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for _, p := range s.Params {
			var raw []string
			switch {
			case texts[p.Name] != nil:
				raw = []string{*texts[p.Name]}
			case ints[p.Name] != nil:
				raw = []string{strconv.Itoa(*ints[p.Name])}
			case bools[p.Name] != nil:
				raw = []string{strconv.FormatBool(*bools[p.Name])}
			default:
				if x, ok := extra[p.Name]; ok {
					raw = []string{x}
				}
			}
			if err := v.set(p, raw); err != nil {
				return nil, err
			}
			if texts[p.Name] != nil || ints[p.Name] != nil || bools[p.Name] != nil {
				v.given[p.Name] = set[p.Name]
			}
		}
		if err := v.check(); err != nil {
			return nil, err
		}
		return v, nil
	}
}

// FlagHelp is p's help as its flag's: with its allowed values in
// backquotes, which the flag package then shows as the value's name
// ("-by year|period"), and "(required)" where the query cannot do
// without it.
func (p *Param) FlagHelp() string {
	h := p.Help
	if len(p.Enum) > 0 {
		h += " (`" + strings.Join(p.Enum, "|") + "`)"
	}
	if p.Required {
		h += " (required)"
	}
	return h
}
