package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/revision"
)

func init() {
	register(&command{
		name:    "diff",
		usage:   "diff OLD NEW [--supplier S] [--recipient R] [--change KIND,...] [--field F,...] [--ignore F,...] [--years A-B] [--limit N] [--top N] [--section S]",
		summary: "what SIPRI revised between two datasets: deals added, removed, changed, renamed, split, merged; TIV and ranks",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			partyFlags(fs, o)
			changeFlag := fs.String("change", "", "list only these kinds of change, comma-separated: "+strings.Join(revision.Kinds, ", "))
			fieldFlag := fs.String("field", "", "list only deals that changed one of these fields, comma-separated, e.g. ordered,tiv_total")
			ignoreFlag := fs.String("ignore", "", "fields whose changes do not count, comma-separated, e.g. comments: a deal changed only in them is unchanged")
			strictFlag := fs.Bool("strict", false, "count every changed field, also those SIPRI changed in a fifth or more of the deals (by default a change of convention, reported once)")
			fs.IntVar(&o.limit, "limit", 0, "entries per list of deals, flows and periods (0 = all)")
			topFlag := fs.Int("top", 10, "rank moves per period and side (0 = all)")
			fs.StringVar(&o.years, "years", "", "compare TIV only over these years, e.g. 2015-2024 (default: all years both datasets cover)")
			fs.IntVar(&o.periodLength, "period-length", 5, "years per period; periods end at the last year both datasets hold in full")
			sectionFlag := fs.String("section", "", "show only these sections, comma-separated: "+strings.Join(revision.Sections, ", ")+" (csv: one; default deals)")
			return func(ctx context.Context, a *app, args []string) error {
				if err := checkFormat(o); err != nil {
					return err
				}
				if len(args) != 2 {
					return usagef("name two datasets, the old and the new: 'armsflow diff register-2025-03-13 register-2025-10-23' ('armsflow datasets' lists them)")
				}
				if o.dataset != "" {
					return usagef("diff takes its two datasets as arguments, not --dataset: 'armsflow diff OLD NEW'")
				}
				if o.limit < 0 {
					return usagef("--limit %d: use 0 for all entries, or a positive number", o.limit)
				}
				top := *topFlag
				if top < 0 {
					return usagef("--top %d: use 0 for all moves, or a positive number", top)
				}
				if o.periodLength < 1 {
					return usagef("--period-length %d: use a positive number of years", o.periodLength)
				}
				years, err := engine.ParseYears(o.years)
				if err != nil {
					return err
				}
				sections := splitList(*sectionFlag)
				for _, s := range sections {
					if !slices.Contains(revision.Sections, s) {
						return usagef("--section %q: use %s", s, strings.Join(revision.Sections, ", "))
					}
				}
				if o.format == "csv" && len(sections) > 1 {
					return usagef("--format csv writes one grid: name one --section (%s)", strings.Join(revision.Sections, ", "))
				}
				db, err := a.open()
				if err != nil {
					return err
				}
				ds, err := db.Datasets(ctx)
				if err != nil {
					return err
				}
				var pick [2]armsflow.Dataset
				var content [2]*armsflow.Content
				for i, name := range args {
					k := slices.IndexFunc(ds, func(d armsflow.Dataset) bool { return d.Name == name })
					if k < 0 {
						var have []string
						for _, d := range ds {
							have = append(have, d.Name)
						}
						if len(have) == 0 {
							return armsflow.Errorf(armsflow.ENOTFOUND, "no dataset %q: the library has none yet; import two vintages of SIPRI's data first", name)
						}
						return armsflow.Errorf(armsflow.ENOTFOUND, "no dataset %q; the library has %s ('armsflow datasets' lists them)", name, strings.Join(have, ", "))
					}
					pick[i] = ds[k]
					if content[i], err = db.LoadContent(ctx, name); err != nil {
						return err
					}
				}
				res, err := revision.Compare(pick[0], content[0], pick[1], content[1], revision.Options{
					Supplier: o.supplier, Recipient: o.recipient,
					Changes: splitList(*changeFlag), Fields: splitList(*fieldFlag),
					Limit: o.limit, Top: top, PeriodLength: o.periodLength, Years: years, Strict: *strictFlag,
					Ignore: splitList(*ignoreFlag)})
				if err != nil {
					return err
				}
				if o.format == "json" {
					return a.output(o, res, nil)
				}
				if o.format == "csv" && len(sections) == 0 {
					sections = []string{"deals"}
				}
				for i, t := range revision.Tables(res, sections) {
					if i > 0 {
						fmt.Fprintln(a.stdout)
					}
					if err := a.output(o, res, t); err != nil {
						return err
					}
				}
				return nil
			}
		},
	})
}
