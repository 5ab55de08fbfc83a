// Package engine answers armsflow's questions from an immutable in-memory
// snapshot of the library. The whole of SIPRI's data is a few megabytes, so
// plain Go over slices is both the simplest and the fastest engine: every
// query is a scan of a few tens of thousands of flows.
//
// An Engine loads a dataset's content the first time a query needs it and
// never changes it afterwards, so it is safe for concurrent use. A server
// that sees the library change builds a new Engine.
package engine

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// Loader is what the engine reads the library through; *sqlite.DB is one.
// The contract is the root package's.
type Loader = armsflow.Loader

// Engine answers queries over the datasets of one library.
type Engine struct {
	loader Loader
	// datasets are as listed when the engine was made, without their
	// files when the loader is an armsflow.HeadLister: no query reads
	// them, and withFiles holds them once Datasets has read them.
	datasets []armsflow.Dataset

	filesMu   sync.Mutex
	withFiles []armsflow.Dataset // datasets with their files; nil until read

	mu     sync.Mutex
	flows  map[string]*flowSet // by dataset name; the choice of dataset is in choose.go
	deals  map[string]*dealSet // by dataset name
	cats   map[string]*catSet  // by dataset name
	events *[]armsflow.Event   // nil until loaded
	reg    *names.Registry     // built-in names, for input before any data is loaded
	groups []names.Group       // nil until loaded
	// groupMemo maps a query's party input to its group's index in groups,
	// -1 for none.
	groupMemo map[string]int
}

// New returns an engine over the datasets loader lists. Content is loaded
// lazily, so New is cheap; so are the datasets' files, when the loader
// can list the datasets without them (armsflow.HeadLister).
func New(ctx context.Context, loader Loader) (*Engine, error) {
	var ds, withFiles []armsflow.Dataset
	var err error
	if hl, ok := loader.(armsflow.HeadLister); ok {
		ds, err = hl.DatasetHeads(ctx)
	} else {
		ds, err = loader.Datasets(ctx)
		withFiles = ds
	}
	if err != nil {
		return nil, err
	}
	return &Engine{
		loader:    loader,
		datasets:  ds,
		withFiles: withFiles,
		flows:     map[string]*flowSet{},
		deals:     map[string]*dealSet{},
		cats:      map[string]*catSet{},
		reg:       names.New(),
	}, nil
}

// Datasets lists the library's datasets, newest first within a kind, with
// their files. The files are read the first time they are asked for, as
// content is: from a library changed since the engine was made, the files
// it holds then (none for a dataset deleted since).
func (e *Engine) Datasets(ctx context.Context) ([]armsflow.Dataset, error) {
	e.filesMu.Lock()
	defer e.filesMu.Unlock()
	if e.withFiles != nil {
		return e.withFiles, nil
	}
	all, err := e.loader.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]armsflow.SourceFile, len(all))
	for _, d := range all {
		files[d.Name] = d.Files
	}
	out := make([]armsflow.Dataset, len(e.datasets))
	copy(out, e.datasets)
	for i := range out {
		if out[i].Files = files[out[i].Name]; out[i].Files == nil {
			out[i].Files = []armsflow.SourceFile{} // deleted since: none
		}
	}
	e.withFiles = out
	return out, nil
}

// Names returns the registry of parties, including every name of the
// datasets loaded so far.
func (e *Engine) Names() *names.Registry {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.reg
}

// pick chooses the dataset to answer from: the one named, or the newest of
// the given kinds in order of preference.
func (e *Engine) pick(name string, kinds ...string) (armsflow.Dataset, error) {
	if name != "" {
		for _, d := range e.datasets {
			if d.Name == name {
				for _, k := range kinds {
					if d.Kind == k {
						return d, nil
					}
				}
				return armsflow.Dataset{}, armsflow.Errorf(armsflow.EINVALID,
					"dataset %q is a %s dataset, but this question needs a %s dataset", name, d.Kind, strings.Join(kinds, " or "))
			}
		}
		return armsflow.Dataset{}, armsflow.Errorf(armsflow.ENOTFOUND,
			"no dataset named %q; run 'armsflow datasets' to list them", name)
	}
	for _, k := range kinds {
		var best *armsflow.Dataset
		for i := range e.datasets {
			d := &e.datasets[i]
			if d.Kind != k {
				continue
			}
			if best == nil || d.Generated > best.Generated || (d.Generated == best.Generated && d.ImportedAt.After(best.ImportedAt)) {
				best = d
			}
		}
		if best != nil {
			return *best, nil
		}
	}
	return armsflow.Dataset{}, armsflow.Errorf(armsflow.ENOTFOUND,
		"the library has no %s dataset; download SIPRI's TIV tables or trade register as CSV from https://www.sipri.org/databases/armstransfers and import them, e.g. 'armsflow import ~/Downloads/sipri/' (or fetch the register with 'armsflow fetch')",
		strings.Join(kinds, " or "))
}

func (e *Engine) content(ctx context.Context, name string) (*armsflow.Content, error) {
	return e.loader.LoadContent(ctx, name)
}

// indexed returns cache's index of the dataset named, or of the newest of
// kinds, building it with build from the dataset's content the first time.
// Two queries that build it at once keep the first one stored.
func indexed[T any](ctx context.Context, e *Engine, cache map[string]*T, dataset string, kinds []string,
	build func(armsflow.Dataset, *armsflow.Content) *T) (*T, error) {
	ds, err := e.pick(dataset, kinds...)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	set := cache[ds.Name]
	e.mu.Unlock()
	if set != nil {
		return set, nil
	}
	c, err := e.content(ctx, ds.Name)
	if err != nil {
		return nil, err
	}
	set = build(ds, c)
	e.mu.Lock()
	defer e.mu.Unlock()
	if prev := cache[ds.Name]; prev != nil {
		return prev, nil
	}
	cache[ds.Name] = set
	return set, nil
}

// canonical returns a function that gives the registry's spelling of a
// name, or the name itself when the registry does not know it, remembering
// each answer: a dataset repeats few names many times. The rule is the
// registry's (names.Registry.Canonicalizer).
func canonical(reg *names.Registry) func(string) string { return reg.Canonicalizer() }

// namesOf collects the distinct party names of c.
func namesOf(c *armsflow.Content) []string {
	seen := map[string]bool{}
	var out []string
	// adder returns an add for one field: consecutive records mostly repeat
	// its name, so the last one is checked before the map.
	adder := func() func(string) {
		last := ""
		return func(n string) {
			if n == last {
				return
			}
			last = n
			if n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sup, rec, other := adder(), adder(), adder()
	for i := range c.Flows {
		sup(c.Flows[i].Supplier)
		rec(c.Flows[i].Recipient)
	}
	for i := range c.World {
		rec(c.World[i].Recipient)
	}
	for i := range c.Exports {
		sup(c.Exports[i].Supplier)
	}
	for i := range c.Deals {
		sup(c.Deals[i].Supplier)
		rec(c.Deals[i].Recipient)
	}
	for i := range c.Categories {
		other(c.Categories[i].Country)
	}
	sort.Strings(out)
	return out
}
