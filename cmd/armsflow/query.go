package main

import (
	"context"
	"flag"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

func init() {
	register(&command{
		name:    "flows",
		usage:   "flows --supplier S --recipient R [--years A-B] [--by year|period] [--period-length 5] [--partial]",
		summary: "yearly (or per-period) TIV from a supplier to a recipient",
		flags: func(fs *flag.FlagSet, o *opts) {
			partyFlags(fs, o)
			fs.StringVar(&o.years, "years", "", "span of years, e.g. 2002-2021 (default: all years of the dataset chosen)")
			fs.StringVar(&o.by, "by", "year", "rows per year or per period")
			fs.IntVar(&o.periodLength, "period-length", 5, "years per period with --by period; periods end at the last year")
			o.values["members-as-of"] = fs.Int("members-as-of", 0, "count a group's members of this year for every year (by default each member counts for the years it belonged)")
			o.values["partial"] = fs.Bool("partial", false,
				"when no dataset covers every year asked, show the years the best one covers and mark the others 'not covered'")
			codeFlag(fs, o)
		},
		run: func(ctx context.Context, a *app, o *opts, args []string) error {
			if err := queryPrelude(o, args); err != nil {
				return err
			}
			if o.supplier == "" && o.recipient == "" {
				return usagef("flows needs --supplier, --recipient or both")
			}
			years, err := engine.ParseYears(o.years)
			if err != nil {
				return err
			}
			return answer(ctx, a, o, func(e *engine.Engine) (*engine.FlowResult, error) {
				return e.Flows(ctx, engine.FlowQuery{Supplier: o.supplier, Recipient: o.recipient, Years: years,
					By: o.by, PeriodLength: o.periodLength, Partial: *o.values["partial"].(*bool),
					MembersAsOf: *o.values["members-as-of"].(*int), Dataset: o.dataset})
			}, view.Flows)
		},
	})
	register(&command{
		name:    "rank",
		usage:   "rank suppliers|recipients [--supplier S] [--recipient R] [--region G] [--years A-B] [--compare A-B] [--limit N] [--states-only] [--totals sum|sipri]",
		summary: "suppliers or recipients ranked by TIV, with shares of the right whole",
		flags: func(fs *flag.FlagSet, o *opts) {
			partyFlags(fs, o)
			fs.StringVar(&o.region, "region", "", "only recipients in this SIPRI region or subregion, e.g. \"South East Asia\"")
			fs.StringVar(&o.years, "years", "", "span of years, e.g. 2017-2021 (default: all years of the dataset chosen)")
			fs.IntVar(&o.limit, "limit", 10, "rows to show (0 = all); a named party's row is shown even outside them")
			factsheetFlags(fs, o)
			o.values["compare"] = fs.String("compare", "", "compare with this span, e.g. 2012-2016: each row's previous TIV, rank and share, and the change in percent")
			codeFlag(fs, o)
		},
		run: func(ctx context.Context, a *app, o *opts, args []string) error {
			if err := checkFormat(o); err != nil {
				return err
			}
			if len(args) != 1 || (args[0] != "suppliers" && args[0] != "recipients") {
				return usagef("say what to rank: 'rank suppliers' or 'rank recipients'")
			}
			years, err := engine.ParseYears(o.years)
			if err != nil {
				return err
			}
			if o.limit < 0 {
				return usagef("--limit %d: use 0 for all rows, or a positive number", o.limit)
			}
			compare, err := engine.ParseYears(*o.values["compare"].(*string))
			if err != nil {
				return err
			}
			f := factsheetOpts(o)
			return answer(ctx, a, o, func(e *engine.Engine) (*engine.RankResult, error) {
				return e.Rank(ctx, engine.RankQuery{Side: args[0], Supplier: o.supplier, Recipient: o.recipient,
					Region: o.region, Years: years, Compare: compare, Limit: o.limit, StatesOnly: f.statesOnly,
					AllParties: f.allParties, MembersAsOf: f.asOf, Totals: f.totals, Dataset: o.dataset})
			}, view.Rank)
		},
	})
	register(&command{
		name:    "concentration",
		usage:   "concentration --recipient R [--years A-B] [--period-length 5]",
		summary: "how concentrated a recipient's suppliers are per period (count, top share, HHI)",
		flags: func(fs *flag.FlagSet, o *opts) {
			fs.StringVar(&o.recipient, "recipient", "", "recipient (name, alias or ISO code)")
			fs.StringVar(&o.years, "years", "", "span of years, e.g. 2002-2021 (default: all years of the dataset chosen)")
			fs.IntVar(&o.periodLength, "period-length", 5, "years per period; periods end at the last year")
		},
		run: func(ctx context.Context, a *app, o *opts, args []string) error {
			if err := queryPrelude(o, args); err != nil {
				return err
			}
			if o.recipient == "" {
				return usagef("concentration needs --recipient")
			}
			years, err := engine.ParseYears(o.years)
			if err != nil {
				return err
			}
			return answer(ctx, a, o, func(e *engine.Engine) (*engine.ConcentrationResult, error) {
				return e.Concentration(ctx, engine.ConcentrationQuery{Recipient: o.recipient, Years: years,
					PeriodLength: o.periodLength, Dataset: o.dataset})
			}, view.Concentration)
		},
	})
	register(&command{
		name:    "deals",
		usage:   "deals [--supplier S] [--recipient R] [--region G] [--ordered A-B] [--delivered A-B] [--span A-B] [--open] [--out FILE.parquet|.csv]",
		summary: "deals from the newest trade register, every field, '?' kept",
		flags: func(fs *flag.FlagSet, o *opts) {
			partyFlags(fs, o)
			fs.StringVar(&o.region, "region", "", "only recipients in this SIPRI region or subregion")
			fs.StringVar(&o.ordered, "ordered", "", "order year within, e.g. 2010-2021")
			fs.StringVar(&o.delivered, "delivered", "", "some delivery within, e.g. 2018-2019")
			span := new(string)
			fs.StringVar(span, "span", "", "ordered or with a delivery within, e.g. 2002- (a pair's deals over a span, as the report lists them)")
			o.values["span"] = span
			open := new(bool)
			fs.BoolVar(open, "open", false, "only open orders (ordered, not fully delivered)")
			o.values["open"] = open
			dealsOutFlags(fs, o)
		},
		run: func(ctx context.Context, a *app, o *opts, args []string) error {
			if err := queryPrelude(o, args); err != nil {
				return err
			}
			ordered, err := engine.ParseYears(o.ordered)
			if err != nil {
				return err
			}
			delivered, err := engine.ParseYears(o.delivered)
			if err != nil {
				return err
			}
			span, err := engine.ParseYears(*o.values["span"].(*string))
			if err != nil {
				return err
			}
			query := func(e *engine.Engine) (*engine.DealResult, error) {
				return e.Deals(ctx, engine.DealQuery{Supplier: o.supplier, Recipient: o.recipient, Region: o.region,
					Ordered: ordered, Delivered: delivered, Span: span, OpenOnly: *o.values["open"].(*bool), Dataset: o.dataset})
			}
			if dealsOut(o) != "" {
				return exportDeals(ctx, a, o, query)
			}
			return answer(ctx, a, o, query, view.Deals)
		},
	})
}

func partyFlags(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.supplier, "supplier", "", "supplier (name, alias or ISO code, e.g. Russia, RUS, USA; or a group, e.g. EU)")
	fs.StringVar(&o.recipient, "recipient", "", "recipient (name, alias or ISO code, e.g. \"Viet Nam\", Vietnam, VNM; or a group, e.g. \"European NATO members\")")
}

// factsheetFlags are the flags of the fact sheets' measures.
func factsheetFlags(fs *flag.FlagSet, o *opts) {
	o.values["states-only"] = fs.Bool("states-only", false, "leave out armed non-state actors, organisations and unknown parties")
	o.values["all-parties"] = fs.Bool("all-parties", false, "count a region's non-state actors too (by default a region counts its states, as SIPRI's regional figures do)")
	o.values["members-as-of"] = fs.Int("members-as-of", 0, "count a group's members of this year for every year (by default each member counts for the years it belonged)")
	o.values["totals"] = fs.String("totals", "sum", "shares and changes of the sum of the rows (sum) or of SIPRI's own totals where the data holds them (sipri)")
}

// factsheet holds the values of factsheetFlags.
type factsheet struct {
	statesOnly, allParties bool
	asOf                   int
	totals                 string
}

func factsheetOpts(o *opts) factsheet {
	return factsheet{statesOnly: *o.values["states-only"].(*bool), allParties: *o.values["all-parties"].(*bool),
		asOf: *o.values["members-as-of"].(*int), totals: *o.values["totals"].(*string)}
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
