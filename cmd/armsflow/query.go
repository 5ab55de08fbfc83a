package main

import (
	"context"
	"flag"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/query"
	"github.com/armsflow/armsflow/table"
)

// The query commands take their flags from the query package's specs, the
// same the API reads its parameters by: a flag and its parameter share the
// name, type, default and help. --dataset and --format are common flags.

func init() {
	register(&command{
		name:    "flows",
		answers: true,
		usage:   specUsage(query.Flows, codeUsage),
		summary: query.Flows.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			read := query.Flows.Flags(fs, "dataset")
			codeFlag(fs, o)
			return func(ctx context.Context, a *app, args []string) error {
				v, err := readQuery(o, args, read, nil)
				if err != nil {
					return err
				}
				if v.Str("supplier") == "" && v.Str("recipient") == "" {
					return usagef("flows needs --supplier, --recipient or both")
				}
				return answerSpec(ctx, a, o, query.Flows, v)
			}
		},
	})
	register(&command{
		name:    "rank",
		answers: true,
		usage:   specUsage(query.Rank, codeUsage),
		summary: query.Rank.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			read := query.Rank.Flags(fs, "dataset")
			codeFlag(fs, o)
			return func(ctx context.Context, a *app, args []string) error {
				if err := checkFormat(o); err != nil {
					return err
				}
				if len(args) != 1 || (args[0] != "suppliers" && args[0] != "recipients") {
					return usagef("say what to rank: 'rank suppliers' or 'rank recipients'")
				}
				v, err := readSpec(o, read, map[string]string{"side": args[0]})
				if err != nil {
					return err
				}
				return answerSpec(ctx, a, o, query.Rank, v)
			}
		},
	})
	register(&command{
		name:    "deals",
		usage:   specUsage(query.Deals, "[--out FILE.parquet|.csv [--force]]"),
		summary: query.Deals.Summary,
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			read := query.Deals.Flags(fs, "dataset")
			out := dealsOutFlags(fs)
			return func(ctx context.Context, a *app, args []string) error {
				v, err := readQuery(o, args, read, nil)
				if err != nil {
					return err
				}
				if out.file != "" {
					return exportDeals(ctx, a, out, func(e *engine.Engine) (*engine.DealResult, error) {
						ans, err := query.Deals.Run(ctx, e, v)
						if err != nil {
							return nil, err
						}
						return ans.Result.(*engine.DealResult), nil
					})
				}
				return answerSpec(ctx, a, o, query.Deals, v)
			}
		},
	})
}

// codeUsage is the usage of --code (codeFlag), which the commands that
// print parties add to their spec's flags.
const codeUsage = "[--code cow|iso3|m49]"

// readQuery checks the common flags and that no argument is left, and
// reads a spec's flags (readSpec).
func readQuery(o *opts, args []string, read func(map[string]string) (*query.Values, error), extra map[string]string) (*query.Values, error) {
	if err := queryPrelude(o, args); err != nil {
		return nil, err
	}
	return readSpec(o, read, extra)
}

// answerSpec asks the engine a spec's query and prints its answer.
func answerSpec(ctx context.Context, a *app, o *opts, spec *query.Spec, v *query.Values) error {
	e, err := a.engine(ctx)
	if err != nil {
		return err
	}
	ans, err := spec.Run(ctx, e, v)
	if err != nil {
		return err
	}
	if err := recode(o, ans.Result); err != nil {
		return err
	}
	return a.output(o, ans.Result, ans.Table())
}

func partyFlags(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.supplier, "supplier", "", "supplier (name, alias or ISO code, e.g. Russia, RUS, USA; or a group, e.g. EU)")
	fs.StringVar(&o.recipient, "recipient", "", "recipient (name, alias or ISO code, e.g. \"Viet Nam\", Vietnam, VNM; or a group, e.g. \"European NATO members\")")
}

func queryPrelude(o *opts, args []string) error {
	if err := checkFormat(o); err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("unexpected argument %q (names go in --supplier or --recipient, quoted if they have spaces)", args[0])
	}
	return nil
}

// answer asks the library's engine one query and prints the result: as
// JSON, or as the table its view makes of it.
func answer[R any](ctx context.Context, a *app, o *opts, query func(*engine.Engine) (R, error), view func(R) *table.Table) error {
	e, err := a.engine(ctx)
	if err != nil {
		return err
	}
	r, err := query(e)
	if err != nil {
		return err
	}
	if err := recode(o, r); err != nil {
		return err
	}
	return a.output(o, r, view(r))
}
