package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/fetch"
	"github.com/armsflow/armsflow/importer"
)

// tuneFetch, when set by a test, adjusts the client before it fetches
// (waits that take no time, a cache of the test's own).
var tuneFetch func(*fetch.Client)

func init() {
	register(&command{
		name:    "fetch",
		usage:   "fetch [--years A-B] [--chunk N] [--endpoint URL] [--timeout D] [--no-cache] [--out FILE]",
		summary: "download SIPRI's current trade register (exact yearly TIV) and import it",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			ff := &fetchFlags{}
			fs.StringVar(&o.years, "years", "", fmt.Sprintf("delivery years to fetch, e.g. 2000-2025 (default %d to this year)", fetch.FirstYear))
			fs.IntVar(&ff.chunk, "chunk", fetch.DefaultChunk, "years per request (SIPRI's service is slow: smaller requests fail less)")
			fs.StringVar(&ff.endpoint, "endpoint", fetch.DefaultEndpoint, "base URL of SIPRI's service, or of a mirror")
			fs.DurationVar(&ff.timeout, "timeout", fetch.DefaultTimeout, "longest wait for one answer (SIPRI's take tens of seconds)")
			fs.BoolVar(&ff.noCache, "no-cache", false, "ask SIPRI for every range, ignoring and keeping nothing in the cache")
			fs.StringVar(&ff.out, "out", "", "also write the register fetched to FILE, as a CSV 'armsflow import' reads")
			return func(ctx context.Context, a *app, args []string) error { return runFetch(ctx, a, o, ff, args) }
		},
	})
}

// fetchFlags are fetch's own flags.
type fetchFlags struct {
	chunk         int
	endpoint, out string
	timeout       time.Duration
	noCache       bool
}

func runFetch(ctx context.Context, a *app, o *opts, ff *fetchFlags, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkFormat(o); err != nil {
		return err
	}
	years, err := fetchYears(o.years, time.Now().Year())
	if err != nil {
		return err
	}
	chunk := ff.chunk
	if chunk < 1 {
		return usagef("--chunk %d: ask at least one year per request", chunk)
	}
	timeout := ff.timeout
	if timeout <= 0 {
		return usagef("--timeout %s: give a positive duration, e.g. 3m", timeout)
	}
	c := &fetch.Client{
		Endpoint:  ff.endpoint,
		UserAgent: "armsflow/" + version + " (+https://github.com/armsflow/armsflow)",
		Timeout:   timeout,
	}
	if !ff.noCache {
		if dir, err := fetch.DefaultCacheDir(); err == nil {
			c.Cache = &fetch.Cache{Dir: dir}
		} else {
			fmt.Fprintf(a.stderr, "note: no cache directory (%v): a broken fetch will start again from the beginning\n", err)
		}
	}
	progress := fetch.NewProgress(a.stderr, isTerminal(a.stderr))
	c.Progress = progress.Event
	if tuneFetch != nil {
		tuneFetch(c)
	}
	res, err := c.Fetch(ctx, years, chunk)
	progress.Close()
	if err != nil {
		return err
	}
	if out := ff.out; out != "" {
		if err := os.WriteFile(out, res.Data, 0o644); err != nil {
			return armsflow.Errorf(armsflow.EINVALID, "--out %s: cannot write the register: %v", out, err)
		}
	}
	parsed, err := importer.Parse([]importer.File{{Name: res.Name, Data: res.Data}}, nil)
	if err != nil {
		return armsflow.Errorf(armsflow.ErrorCode(err), "%s (the register fetched from %s; --out FILE keeps a copy to look at)", armsflow.ErrorMessage(err), res.Endpoint)
	}
	db, err := a.open()
	if err != nil {
		return err
	}
	results, err := db.ImportDatasets(ctx, parsed.Datasets)
	if armsflow.ErrorCode(err) == armsflow.ECONFLICT {
		return fetchConflict(ctx, a, parsed.Datasets[0].Dataset, err)
	}
	if err != nil {
		return err
	}
	how := fmt.Sprintf("%d requests", res.Requests)
	if res.Requests == 1 {
		how = "1 request"
	}
	if res.Cached > 0 {
		how += fmt.Sprintf(", %d of %d ranges from the cache", res.Cached, res.Ranges)
	}
	if o.format == "json" {
		r := results[0]
		return a.output(o, map[string]any{
			"dataset": r.Dataset, "created": r.Created, "unchanged": r.Unchanged,
			"fetch": map[string]any{"endpoint": res.Endpoint, "years": map[string]int{"from": years.From, "to": years.To},
				"generated": res.Generated, "ranges": res.Ranges, "cached": res.Cached, "requests": res.Requests,
				"rows": res.Rows, "restarted": res.Restarted},
		}, nil)
	}
	fmt.Fprintf(a.stdout, "fetched deliveries %s from %s (%s): %d rows, data generated %s\n",
		years, res.Endpoint, how, res.Rows, res.Generated)
	if res.Restarted != "" {
		fmt.Fprintf(a.stdout, "note: %s; fetched again from the start\n", res.Restarted)
	}
	for _, w := range parsed.Warnings {
		fmt.Fprintln(a.stderr, "warning: "+w)
	}
	for _, r := range results {
		d := r.Dataset
		switch {
		case r.Unchanged:
			fmt.Fprintf(a.stdout, "%s: already imported, nothing changed (%d records)\n", d.Name, d.Records)
		case r.Created:
			fmt.Fprintf(a.stdout, "%s: imported %d records (%s)\n", d.Name, d.Records, kindText(d.Kind, d.Scope))
		default:
			fmt.Fprintf(a.stdout, "%s: added %s; now %d records from %s\n", d.Name, fileCount(r.AddedFiles), d.Records, fileCount(len(d.Files)))
		}
	}
	return nil
}

// fetchYears reads --years for fetch: by default, and for an open end,
// SIPRI's first year and this year; years outside them hold no deliveries.
func fetchYears(s string, thisYear int) (fetch.Range, error) {
	y, err := engine.ParseYears(s)
	if err != nil {
		return fetch.Range{}, err
	}
	r := fetch.Range{From: y.From, To: y.To}
	if r.From == 0 {
		r.From = fetch.FirstYear
	}
	if r.To == 0 {
		r.To = thisYear
	}
	switch {
	case r.From < fetch.FirstYear:
		return r, usagef("--years %s: SIPRI's data begins in %d", s, fetch.FirstYear)
	case r.To > thisYear:
		return r, usagef("--years %s: there are no deliveries after %d yet", s, thisYear)
	case r.From > r.To:
		return r, usagef("--years %s: the first year is after the last", s)
	}
	return r, nil
}

// isTerminal reports whether w is a terminal, where a progress bar can be
// redrawn in place.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// fetchConflict words the store's refusal of a fetch whose vintage the
// library already holds for other years: the store's advice, another
// dataset name, is not something fetch offers.
func fetchConflict(ctx context.Context, a *app, fetched armsflow.Dataset, err error) error {
	ds, lerr := a.db.Datasets(ctx)
	if lerr != nil {
		return err
	}
	for _, d := range ds {
		if d.Name == fetched.Name && d.Scope != fetched.Scope {
			same := "the same years"
			if d.Coverage.From != 0 {
				same = fmt.Sprintf("--years %d-%d", d.Coverage.From, d.Coverage.To)
			} else if y, ok := strings.CutPrefix(d.Scope, "deliveries "); ok {
				same = "--years " + y
			}
			return armsflow.Errorf(armsflow.ECONFLICT,
				"the library already holds %s, SIPRI's data of %s for %s, and one dataset holds one span of years: fetch %s, or fetch %s into another library (--db PATH)",
				d.Name, d.Generated, d.Scope, same, fetched.Scope)
		}
	}
	return err
}
