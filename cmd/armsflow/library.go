package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/view"
)

// fileCount says how many files, in words: "1 file", "261 files".
func fileCount(n int) string {
	return armsflow.Plural(n, "file", "files")
}

// records says how many records, in words.
func records(n int) string { return armsflow.Plural(n, "record", "records") }

func init() {
	register(&command{
		name:    "import",
		usage:   "import [--strict] PATH...",
		summary: "import SIPRI files or directories (format recognised from content)",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			allWarningsFlag := fs.Bool("all-warnings", false, "list SIPRI's rounding differences too (by default they are counted in one line; every other warning is always listed)")
			strictFlag := fs.Bool("strict", false, "import nothing when a check warns that a file may be cut short or garbled (for scripts)")
			return func(ctx context.Context, a *app, args []string) error {
				if len(args) == 0 {
					return usagef("name the SIPRI files or directories to import")
				}
				files, inDir, err := importer.Read(args)
				if err != nil {
					return err
				}
				res, err := importer.Parse(files, inDir)
				if err != nil {
					return err
				}
				// The checks' warnings (a file cut short, a misspelt party) come
				// first and all of them: they must not drown among SIPRI's
				// rounding differences.
				var checks, rounding []string
				for _, w := range res.Warnings {
					if c, ok := strings.CutPrefix(w, importer.CheckPrefix); ok {
						checks = append(checks, c)
					} else {
						rounding = append(rounding, w)
					}
				}
				for _, w := range checks {
					fmt.Fprintln(a.stderr, "WARNING: "+w)
				}
				if len(checks) > 0 && *strictFlag {
					return armsflow.Errorf(armsflow.EINVALID, "nothing imported (--strict): %s that the data may be incomplete or garbled (see WARNING above)",
						armsflow.Plural(len(checks), "check warns", "checks warn"))
				}
				db, err := a.open()
				if err != nil {
					return err
				}
				if db.ReadOnly() {
					return armsflow.Errorf(armsflow.EINVALID, "library %s cannot be written (the file or its directory is read-only): nothing imported; "+
						"make it writable, or give --db a library in a place you can write", db.Path())
				}
				for _, s := range res.Skipped {
					fmt.Fprintln(a.stderr, "note: "+s)
				}
				all := *allWarningsFlag
				// Rounding differences between SIPRI's rows and its own totals
				// are expected (the totals are kept, for --totals sipri): one
				// summary line for them unless --all-warnings; the others listed.
				others, nRounding := withoutRounding(rounding)
				listed := others
				if all {
					listed = rounding
				}
				for _, w := range listed {
					fmt.Fprintln(a.stderr, "warning: "+w)
				}
				results, err := db.ImportDatasets(ctx, res.Datasets)
				if err != nil {
					return err
				}
				for _, r := range results {
					d := r.Dataset
					switch {
					case r.Unchanged:
						fmt.Fprintf(a.stdout, "%s: already imported, nothing changed (%s, %s)\n", d.Name, records(d.Records), fileCount(len(d.Files)))
					case r.Created:
						fmt.Fprintf(a.stdout, "%s: imported %s from %s (%s)\n", d.Name, records(d.Records), fileCount(len(d.Files)), kindText(d.Kind, d.Scope))
					default:
						fmt.Fprintf(a.stdout, "%s: added %s; now %s from %s\n", d.Name, fileCount(r.AddedFiles), records(d.Records), fileCount(len(d.Files)))
					}
				}
				if nRounding > 0 {
					fmt.Fprintf(a.stdout, "%s: SIPRI's rounded figures do not always add up to its totals; armsflow keeps the figures and SIPRI's own totals as published ('--totals sipri' uses the totals; --all-warnings lists the differences).\n",
						armsflow.Plural(nRounding, "rounding difference", "rounding differences"))
				}
				if len(others) > 0 {
					fmt.Fprintf(a.stdout, "%s (see standard error).\n", armsflow.Plural(len(others), "other warning", "other warnings"))
				}
				if len(checks) > 0 {
					fmt.Fprintf(a.stdout, "%s that the data may be incomplete or garbled (see WARNING on standard error): check before you rely on it, and download SIPRI's files again if in doubt.\n",
						armsflow.Plural(len(checks), "sign", "signs"))
				}
				return nil
			}
		},
	})
	register(&command{
		name:    "datasets",
		answers: true,
		usage:   "datasets",
		summary: "imported datasets with provenance (files, sha256, generated date)",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			return func(ctx context.Context, a *app, args []string) error {
				if err := queryPrelude(o, args); err != nil {
					return err
				}
				// Through the engine: coverage as the choice of dataset sees it,
				// derived for datasets imported before it was recorded.
				e, err := a.engine(ctx)
				if err != nil {
					return err
				}
				ds, err := e.DatasetsCovered(ctx)
				if err != nil {
					return err
				}
				return a.output(o, map[string]any{"rows": ds, "choice": view.ChoiceRule}, view.Datasets(ds))
			}
		},
	})
}

func kindText(kind, scope string) string {
	s := map[string]string{"tiv": "TIV tables", "register": "trade register", "long": "long form"}[kind]
	if scope != "" {
		s += ", " + strings.TrimSpace(scope)
	}
	return s
}

// withoutRounding separates the warnings of sums that differ from SIPRI's
// totals by no more than rounding explains, and counts them.
func withoutRounding(ws []string) ([]string, int) {
	var out []string
	n := 0
	for _, w := range ws {
		if importer.IsRounding(w) {
			n++
			continue
		}
		out = append(out, w)
	}
	return out, n
}
