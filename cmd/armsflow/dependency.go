package main

import (
	"context"
	"flag"
	"os"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/query"
	"github.com/armsflow/armsflow/view"
)

func init() {
	register(&command{
		name:    "dependency",
		answers: true,
		usage:   specUsage(query.Dependency, "[--service-life FILE.yaml]"),
		summary: query.Dependency.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			read := query.Dependency.Flags(fs, "dataset")
			serviceLife := fs.String("service-life", "", "YAML file of service lives overriding the defaults (layout of engine/servicelife.yaml)")
			return func(ctx context.Context, a *app, args []string) error {
				if err := queryPrelude(o, args); err != nil {
					return err
				}
				v, err := readSpec(o, read, nil)
				if err != nil {
					return err
				}
				q := query.DependencyQuery(v)
				if *serviceLife != "" {
					data, err := os.ReadFile(*serviceLife)
					if err != nil {
						// A file that cannot be read is a user error (exit 1), not bad
						// usage: the message starts with the file, as a parse error's does.
						return armsflow.Errorf(armsflow.EINVALID, "%s: %v (the --service-life file)", *serviceLife, unwrapPathError(err))
					}
					if q.Lives, err = engine.ParseServiceLives(data, *serviceLife, engine.DefaultServiceLives()); err != nil {
						return err
					}
				}
				return answer(ctx, a, o, func(e *engine.Engine) (*engine.DependencyResult, error) {
					return e.Dependency(ctx, q)
				}, view.Dependency)
			}
		},
	})
}

// unwrapPathError drops the path that os errors repeat.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
