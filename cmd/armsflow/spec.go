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

// specCommand is the command of a query spec: its flags from the spec's
// parameters, its path parameters as arguments in order, the spec's Check,
// and the answer printed as every query's is.
func specCommand(spec *query.Spec) *command {
	var path []string
	usage := spec.Name
	for _, p := range spec.Params {
		if p.In == "path" {
			path = append(path, p.Name)
			usage += " " + strings.ToUpper(p.Name)
		}
	}
	return &command{
		name:    spec.Name,
		usage:   usage + " [flags]",
		summary: spec.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			read := spec.Flags(fs, "dataset")
			return func(ctx context.Context, a *app, args []string) error {
				if err := checkFormat(o); err != nil {
					return err
				}
				if len(args) != len(path) {
					return usagef("%s takes %d argument(s) (%s), not %d", spec.Name, len(path), strings.Join(path, ", "), len(args))
				}
				extra := map[string]string{"dataset": o.dataset}
				for i, p := range path {
					extra[p] = args[i]
				}
				v, err := read(extra)
				if err != nil {
					return err
				}
				if spec.Check != nil {
					if err := spec.Check(v); err != nil {
						return usagef("%s", armsflow.ErrorMessage(err))
					}
				}
				return answerSpec(ctx, a, o, spec, v)
			}
		},
	}
}
