package main

import (
	"context"
	"flag"
	"os"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/view"
)

// dependencyFlags are the dependency command's own flags.
type dependencyFlags struct {
	asOf                 int
	weight, serviceLife  string
	separatePredecessors bool
}

func init() {
	register(&command{
		name: "dependency",
		usage: "dependency --recipient R [--as-of YEAR] [--by supplier|category] [--years A-B] [--weight tiv|units] " +
			"[--service-life FILE.yaml] [--separate-predecessors]",
		summary: "what a recipient's forces are built from: its stock of major arms by supplier, with band, pipeline and sanctions exposure",
		flags: func(fs *flag.FlagSet, o *opts) {
			df := &dependencyFlags{}
			o.values["dependency"] = df
			fs.StringVar(&o.recipient, "recipient", "", "recipient (name, alias or ISO code, e.g. \"Viet Nam\", VNM)")
			fs.IntVar(&df.asOf, "as-of", 0, "count the stock at the end of this year (default: the register's last complete year)")
			fs.StringVar(&o.by, "by", engine.BySupplier, "rows per supplier or per weapon category")
			fs.StringVar(&o.years, "years", "", "a series: the stock share of every year in this span beside the 5-year flow share, e.g. 2002-2021")
			fs.StringVar(&df.weight, "weight", engine.WeightTIV, "weigh the stock by tiv or by units")
			fs.StringVar(&df.serviceLife, "service-life", "", "YAML file of service lives overriding the defaults (layout of engine/servicelife.yaml)")
			fs.BoolVar(&df.separatePredecessors, "separate-predecessors", false, "show a predecessor state (Soviet Union) apart from its successor (Russia)")
		},
		run: func(ctx context.Context, a *app, o *opts, args []string) error {
			df := o.values["dependency"].(*dependencyFlags)
			if err := queryPrelude(o, args); err != nil {
				return err
			}
			if o.recipient == "" {
				return usagef("dependency needs --recipient")
			}
			if o.by != engine.BySupplier && o.by != engine.ByCategory {
				return usagef("--by %q: use supplier or category", o.by)
			}
			if df.weight != engine.WeightTIV && df.weight != engine.WeightUnits {
				return usagef("--weight %q: use tiv or units", df.weight)
			}
			if df.asOf != 0 && (df.asOf < 1900 || df.asOf > 2200) {
				return usagef("--as-of %d: give a year, e.g. 2021", df.asOf)
			}
			years, err := engine.ParseYears(o.years)
			if err != nil {
				return err
			}
			var lives *engine.ServiceLives
			if df.serviceLife != "" {
				data, err := os.ReadFile(df.serviceLife)
				if err != nil {
					// A file that cannot be read is a user error (exit 1), not bad
					// usage: the message starts with the file, as a parse error's does.
					return armsflow.Errorf(armsflow.EINVALID, "%s: %v (the --service-life file)", df.serviceLife, unwrapPathError(err))
				}
				if lives, err = engine.ParseServiceLives(data, df.serviceLife, engine.DefaultServiceLives()); err != nil {
					return err
				}
			}
			return answer(ctx, a, o, func(e *engine.Engine) (*engine.DependencyResult, error) {
				return e.Dependency(ctx, engine.DependencyQuery{Recipient: o.recipient, AsOf: df.asOf, By: o.by, Years: years,
					Weight: df.weight, SeparatePredecessors: df.separatePredecessors, Lives: lives, Dataset: o.dataset})
			}, view.Dependency)
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
