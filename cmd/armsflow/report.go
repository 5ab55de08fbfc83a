package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/report"
)

// reportFlags are the report command's own flags.
type reportFlags struct {
	out        string
	top        int
	force, csv bool
	markers    string
}

func init() {
	register(&command{
		name:    "report",
		usage:   "report --supplier S --recipient R [--years A-B] [--period-length 5] [--top 10] --out PATH [--force] [--csv]",
		summary: "the complete study of an arms relationship as HTML, Markdown, XLSX or LaTeX (a directory gets all)",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			rf := &reportFlags{}
			partyFlags(fs, o)
			fs.StringVar(&o.years, "years", "", "span of years, e.g. 2002-2021 (default: all years of the data)")
			fs.IntVar(&o.periodLength, "period-length", 5, "years per period; periods end at the last year")
			fs.IntVar(&rf.top, "top", 10, "partners listed per ranking")
			fs.StringVar(&rf.out, "out", "", "file to write (.html, .md, .xlsx, .tex), or a directory for all formats")
			fs.BoolVar(&rf.force, "force", false, "overwrite existing files")
			fs.BoolVar(&rf.csv, "csv", false, "also write each table as CSV")
			fs.StringVar(&rf.markers, "markers", "", "event kinds drawn on the yearly chart, comma-separated (default: all)")
			return func(ctx context.Context, a *app, args []string) error { return runReport(ctx, a, o, rf, args) }
		},
	})
}

func runReport(ctx context.Context, a *app, o *opts, rf *reportFlags, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q (names go in --supplier and --recipient, quoted if they have spaces)", args[0])
	}
	if o.supplier == "" || o.recipient == "" {
		return usagef("report needs --supplier and --recipient")
	}
	if rf.out == "" {
		return usagef("report needs --out: a file (.html, .md, .xlsx, .tex) or a directory for all formats")
	}
	if rf.top < 1 {
		return usagef("--top %d: use a positive number", rf.top)
	}
	years, err := engine.ParseYears(o.years)
	if err != nil {
		return err
	}
	// Refuse output that cannot be written before any work is done.
	out, err := report.PlanOutput(rf.out, rf.force, rf.csv)
	if err != nil {
		return err
	}
	e, err := a.engine(ctx)
	if err != nil {
		return err
	}
	q := report.Query{Supplier: o.supplier, Recipient: o.recipient, Years: years, PeriodLength: o.periodLength,
		Top: rf.top, Dataset: o.dataset}
	if rf.markers != "" {
		q.MarkerKinds = strings.Split(rf.markers, ",")
	}
	r, err := report.Build(ctx, e, q)
	if err != nil {
		return err
	}
	paths, err := report.Save(r, out)
	for _, p := range paths {
		fmt.Fprintln(a.stdout, p)
	}
	return err
}
