package main

import (
	"context"
	"flag"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/query"
)

// registerSpecCommands gives every query spec without a command of its own
// (one that needs nothing beyond its spec) a command made from the spec, so
// that a new query needs no code here. It runs once, before the first
// command is looked up, after every file's init has registered its own.
var registerSpecCommands = sync.OnceFunc(func() {
	for _, s := range query.Specs {
		if commands[s.Name] == nil {
			register(specCommand(s))
		}
	}
})

// specUsage is the usage line of a query's command, from its spec: the
// arguments (path parameters and those marked Arg) in order, then a flag
// for each other parameter the command line takes, in brackets unless
// required, with its value's placeholder (query.Param.Placeholder); extra
// is appended for what the command adds beyond its spec. The common
// --dataset is left to the common flags' line of 'armsflow help'.
func specUsage(spec *query.Spec, extra ...string) string {
	words := []string{spec.Name}
	for _, p := range spec.Params {
		if !p.Positional() {
			continue
		}
		w := strings.ToUpper(p.Name)
		if len(p.Enum) > 0 {
			w = p.Placeholder()
		}
		if !p.Required && p.In != "path" {
			w = "[" + w + "]"
		}
		words = append(words, w)
	}
	for _, p := range spec.Params {
		if p.Positional() || p.APIOnly || p.Name == "dataset" {
			continue
		}
		w := "--" + p.Name
		if p.Kind != query.Bool {
			w += " " + p.Placeholder()
		}
		if !p.Required {
			w = "[" + w + "]"
		}
		words = append(words, w)
	}
	return strings.Join(append(words, extra...), " ")
}

// readSpec reads a query's values from its flags (read, made by
// query.Spec.Flags) and extra, with the common --dataset. Whatever it
// refuses is about the flags and arguments given, so bad usage: the
// message, in the command line's words, and the usage text.
func readSpec(o *opts, read func(map[string]string) (*query.Values, error), extra map[string]string) (*query.Values, error) {
	all := map[string]string{"dataset": o.dataset}
	for k, v := range extra {
		all[k] = v
	}
	v, err := read(all)
	if err != nil {
		return nil, usagef("%s", armsflow.ErrorMessage(err))
	}
	return v, nil
}

// specCommand is the command of a query spec: its flags from the spec's
// parameters, its positional parameters as arguments in order, its
// checks, and the answer printed as every query's is.
func specCommand(spec *query.Spec) *command {
	var args []string
	for _, p := range spec.Params {
		if p.Positional() {
			args = append(args, p.Name)
		}
	}
	return &command{
		name:    spec.Name,
		answers: true,
		usage:   specUsage(spec),
		summary: spec.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			read := spec.Flags(fs, "dataset")
			return func(ctx context.Context, a *app, pos []string) error {
				if len(args) == 0 {
					if err := queryPrelude(o, pos); err != nil {
						return err
					}
				} else if err := checkFormat(o); err != nil {
					return err
				}
				// A missing argument that the spec requires is said by
				// its check ("standing needs PARTY").
				if len(pos) > len(args) || len(pos) < len(args) && !spec.Param(args[len(pos)]).Required {
					return usagef("%s takes %d argument(s) (%s), not %d", spec.Name, len(args), strings.Join(args, ", "), len(pos))
				}
				extra := map[string]string{}
				for i, p := range pos {
					extra[args[i]] = p
				}
				v, err := readSpec(o, read, extra)
				if err != nil {
					return err
				}
				return answerSpec(ctx, a, o, spec, v)
			}
		},
	}
}
