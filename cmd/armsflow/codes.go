package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/panel"
)

// recode puts the --code scheme's codes (COW, ISO3 or M49) where a result
// prints a party's code, in place of ISO 3166 alpha-3. A party without a
// code of the scheme gets an empty code, never a made-up one. A code is the
// party's in the last year the query asked for (the Soviet Union's COW code
// in 1980 is 365; Russia's is 365 from 1992 only).
func recode(o *opts, result any) error {
	scheme, err := codeScheme(o)
	if err != nil || scheme == "" || scheme == "iso3" {
		return err
	}
	cw, err := names.LoadCrosswalk()
	if err != nil {
		return err
	}
	code := func(name string, year int) string {
		c, ok := cw.Lookup(name, year)
		if !ok {
			// The party's codes in another year (Russia asked for
			// 1950-2021 has Russia's COW code of 1992-2021).
			c, ok = cw.Lookup(name, 0)
		}
		if !ok {
			return ""
		}
		return c.Code(scheme)
	}
	party := func(p *engine.Party, year int) {
		if p != nil {
			p.Code = code(p.Name, year)
		}
	}
	switch r := result.(type) {
	case *engine.RankResult:
		y := r.Query.Years.To
		for i := range r.Rows {
			r.Rows[i].Code = code(r.Rows[i].Name, y)
		}
		if r.Focus != nil {
			r.Focus.Code = code(r.Focus.Name, y)
		}
		party(r.Supplier, y)
		party(r.Recipient, y)
	case *engine.FlowResult:
		y := r.Query.Years.To
		party(r.Supplier, y)
		party(r.Recipient, y)
	}
	return nil
}

// dealsOutput holds deals' --out and --force.
type dealsOutput struct {
	file  string
	force bool
}

// dealsOutFlags adds deals' --out and --force.
func dealsOutFlags(fs *flag.FlagSet) *dealsOutput {
	d := &dealsOutput{}
	fs.StringVar(&d.file, "out", "", "write the deals to this file, .parquet (typed columns, gzip) or .csv, instead of printing them")
	fs.BoolVar(&d.force, "force", false, "overwrite an existing --out file")
	return d
}

// exportDeals writes the deals query's answer to deals' --out file, every
// field typed, with the parties' ISO3 and COW codes.
func exportDeals(ctx context.Context, a *app, d *dealsOutput, query func(*engine.Engine) (*engine.DealResult, error)) error {
	out := d.file
	format, err := panel.Format(out)
	if err != nil {
		return err
	}
	e, err := a.engine(ctx)
	if err != nil {
		return err
	}
	res, err := query(e)
	if err != nil {
		return err
	}
	cw, err := names.LoadCrosswalk()
	if err != nil {
		return err
	}
	rows := panel.DealRows(res, cw)
	err = writeAtomically(out, d.force, func(w io.Writer) error {
		if format == "parquet" {
			return panel.WriteDealsParquet(w, res.Dataset, rows)
		}
		return panel.WriteDealsCSV(w, res.Generated, rows)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s: %d deals from %s\n%s (c) SIPRI.\n", out, len(rows), res.Dataset, armsflow.Source)
	return nil
}
