package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/internal/atomicfile"
	"github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/panel"
	"github.com/armsflow/armsflow/table"
)

// panelFlags are the flags of the panel and codes commands.
type panelFlags struct {
	out                         string
	force, allPairs, statesOnly bool
	missing                     bool
}

func init() {
	register(&command{
		name:    "panel",
		usage:   "panel [--years A-B] [--dataset D] [--states-only] [--all-pairs] --out FILE.parquet|FILE.csv [--force]",
		summary: "the dyad-year panel (every supplier, recipient and year, zeros explicit, with ISO3, M49 and COW codes) as Parquet or CSV",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			pf := &panelFlags{}
			fs.StringVar(&o.years, "years", "", "span of years, e.g. 1950-2021 (default: the dataset's coverage)")
			fs.StringVar(&pf.out, "out", "", "file to write: .parquet (typed columns, gzip) or .csv")
			fs.BoolVar(&pf.force, "force", false, "overwrite an existing --out file")
			fs.BoolVar(&pf.statesOnly, "states-only", false, "only pairs of two states (no rebel groups, organisations or unknown parties)")
			fs.BoolVar(&pf.allPairs, "all-pairs", false, "also every pair of states of the COW state system, for the years both were members")
			codeFlag(fs, o)
			return func(ctx context.Context, a *app, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if pf.out == "" {
					return usagef("name the file to write: --out panel.parquet (or .csv)")
				}
				format, err := panel.Format(pf.out)
				if err != nil {
					return err
				}
				scheme, err := codeScheme(o)
				if err != nil {
					return err
				}
				years, err := engine.ParseYears(o.years)
				if err != nil {
					return err
				}
				e, err := a.engine(ctx)
				if err != nil {
					return err
				}
				start := time.Now()
				res, err := e.Panel(ctx, engine.PanelQuery{Dataset: o.dataset, Years: years, StatesOnly: pf.statesOnly})
				if err != nil {
					return err
				}
				cw, err := names.LoadCrosswalk()
				if err != nil {
					return err
				}
				p := panel.New(res, cw, panel.Options{AllPairs: pf.allPairs, StatesOnly: pf.statesOnly})
				err = writeAtomically(pf.out, pf.force, func(w io.Writer) error {
					if format == "parquet" {
						return p.WriteParquet(w)
					}
					return p.WriteCSV(w)
				})
				if err != nil {
					return err
				}
				est := ""
				if res.Estimated {
					est = "; yearly TIV estimated from the trade register's deals"
				}
				fmt.Fprintf(a.stdout, "%s: %d rows (%d supplier-recipient pairs, years %s) from %s%s, in %s\n",
					pf.out, p.Len(), p.Pairs(), res.Years, res.Dataset, est, time.Since(start).Round(time.Millisecond))
				if scheme == "" {
					scheme = "cow"
				}
				if missing := p.Uncoded(cw, scheme); len(missing) > 0 {
					fmt.Fprintf(a.stdout, "note: %d parties have no %s code (%s); 'armsflow codes --missing --code %s' lists them with the reason\n",
						len(missing), schemeName(scheme), kindsOf(missing), scheme)
				}
				fmt.Fprintln(a.stdout, armsflow.Source+" (c) SIPRI. "+panelNote(res.Source))
				return nil
			}
		},
	})
	register(&command{
		name:    "codes",
		answers: true,
		usage:   "codes [--missing] [--code cow|iso3|m49] [--dataset D]",
		summary: "the ISO 3166, UN M49 and Correlates of War codes of a dataset's parties (--missing: those without one, and why)",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			pf := &panelFlags{}
			fs.BoolVar(&pf.missing, "missing", false, "only the parties without a code of the --code scheme, with the reason")
			codeFlag(fs, o)
			return func(ctx context.Context, a *app, args []string) error {
				if err := checkFormat(o); err != nil {
					return err
				}
				if len(args) > 1 || (len(args) == 1 && args[0] != "list") {
					return usagef("unexpected argument %q", args[0])
				}
				scheme, err := codeScheme(o)
				if err != nil {
					return err
				}
				cw, err := names.LoadCrosswalk()
				if err != nil {
					return err
				}
				// The parties of the dataset asked or the newest one; with no
				// data, every party of the crosswalk.
				var parties []string
				dataset := "armsflow's crosswalk (names/codes.csv)"
				e, err := a.engine(ctx)
				if err != nil {
					return err
				}
				res, err := e.Panel(ctx, engine.PanelQuery{Dataset: o.dataset})
				switch {
				case err == nil:
					dataset = res.Dataset
					seen := map[string]bool{}
					for _, pr := range res.Pairs {
						for _, n := range []string{pr.Supplier.Name, pr.Recipient.Name} {
							if !seen[n] {
								seen[n] = true
								parties = append(parties, n)
							}
						}
					}
					slices.Sort(parties)
				case o.dataset == "" && armsflow.ErrorCode(err) == armsflow.ENOTFOUND:
					for _, c := range cw.Rows() {
						if len(parties) == 0 || parties[len(parties)-1] != c.Name {
							parties = append(parties, c.Name)
						}
					}
				default:
					return err
				}
				return writeCodes(a, o, cw, dataset, parties, scheme, pf.missing)
			}
		},
	})
}

func codeFlag(fs *flag.FlagSet, o *opts) {
	fs.StringVar(&o.code, "code", "", "country code scheme: cow (Correlates of War), iso3 (ISO 3166 alpha-3) or m49 (UN)")
}

// codeScheme is --code, checked; "" when not given.
func codeScheme(o *opts) (string, error) {
	if o.code == "" {
		return "", nil
	}
	s := strings.ToLower(o.code)
	if !slices.Contains(names.CodeSchemes, s) {
		return "", usagef("--code %q: use cow, iso3 or m49", o.code)
	}
	return s, nil
}

func schemeName(s string) string {
	switch s {
	case "iso3":
		return "ISO 3166 alpha-3"
	case "m49":
		return "UN M49"
	}
	return "Correlates of War"
}

func kindsOf(ms []names.Missing) string {
	count := map[armsflow.EntityKind]int{}
	for _, m := range ms {
		count[m.Kind]++
	}
	words := map[armsflow.EntityKind][2]string{
		armsflow.EntityNonState:     {"non-state actor", "non-state actors"},
		armsflow.EntityOrganisation: {"organisation", "organisations"},
		armsflow.EntityUnknown:      {"unknown party", "unknown parties"},
		armsflow.EntityState:        {"state outside the state system", "states outside the state system"},
	}
	var parts []string
	for _, k := range []armsflow.EntityKind{armsflow.EntityNonState, armsflow.EntityOrganisation, armsflow.EntityUnknown, armsflow.EntityState} {
		if count[k] > 0 {
			parts = append(parts, armsflow.Plural(count[k], words[k][0], words[k][1]))
		}
	}
	return strings.Join(parts, ", ")
}

type codeRow struct {
	Name      string              `json:"name"`
	Kind      armsflow.EntityKind `json:"kind"`
	SIPRICode string              `json:"sipri_code,omitempty"`
	ISO3      string              `json:"iso3,omitempty"`
	M49       *int                `json:"m49,omitempty"`
	COW       *int                `json:"cow,omitempty"`
	COWAbb    string              `json:"cow_abb,omitempty"`
	Years     string              `json:"years,omitempty"`
	Note      string              `json:"note,omitempty"`
}

func writeCodes(a *app, o *opts, cw *names.Crosswalk, dataset string, parties []string, scheme string, missingOnly bool) error {
	if scheme == "" {
		scheme = "cow"
	}
	var rows []codeRow
	for _, n := range parties {
		var cs []names.Codes
		for _, c := range cw.Rows() {
			if c.Name == n {
				cs = append(cs, c)
			}
		}
		if len(cs) == 0 {
			if c, ok := cw.Lookup(n, 0); ok {
				for _, r := range cw.Rows() {
					if r.Name == c.Name {
						cs = append(cs, r)
					}
				}
			}
		}
		if len(cs) == 0 {
			rows = append(rows, codeRow{Name: n, Kind: armsflow.KindOfName(n), Note: "not in armsflow's crosswalk (names/codes.csv): please report it"})
			continue
		}
		has := false
		for _, c := range cs {
			has = has || c.Code(scheme) != ""
		}
		if missingOnly && has {
			continue
		}
		for _, c := range cs {
			years := ""
			switch {
			case c.From != 0 && c.To != 0:
				years = fmt.Sprintf("%d-%d", c.From, c.To)
			case c.From != 0:
				years = fmt.Sprintf("from %d", c.From)
			case c.To != 0:
				years = fmt.Sprintf("to %d", c.To)
			}
			rows = append(rows, codeRow{Name: n, Kind: c.Kind, SIPRICode: c.SIPRICode, ISO3: c.ISO3, M49: c.M49, COW: c.COW, COWAbb: c.COWAbb, Years: years, Note: c.Note})
		}
	}
	title := "Country codes of the parties of " + dataset
	if missingOnly {
		title = fmt.Sprintf("Parties of %s without a code of %s", dataset, schemeName(scheme))
	}
	t := &table.Table{Title: title,
		Columns: []table.Column{{Name: "Party", Decimals: -1}, {Name: "Kind", Decimals: -1}, {Name: "ISO3", Decimals: -1},
			{Name: "M49", Decimals: -1}, {Name: "COW", Decimals: -1}, {Name: "COW abb.", Decimals: -1}, {Name: "Years", Decimals: -1}, {Name: "Note", Decimals: -1}},
		Notes: []string{"Sources: Correlates of War Project, State System Membership List v2016; UN Statistics Division, M49; ISO 3166-1 and -3. See docs/interop.md."}}
	for _, r := range rows {
		var m49, cow any = "", ""
		if r.M49 != nil {
			m49 = fmt.Sprintf("%03d", *r.M49)
		}
		if r.COW != nil {
			cow = fmt.Sprint(*r.COW)
		}
		t.Rows = append(t.Rows, []any{r.Name, string(r.Kind), r.ISO3, m49, cow, r.COWAbb, r.Years, r.Note})
	}
	return a.output(o, map[string]any{"dataset": dataset, "code": scheme, "missing_only": missingOnly, "rows": rows}, t)
}

// writeAtomically writes a file all at once or not at all (atomicfile), an
// existing file kept unless force (--force).
func writeAtomically(path string, force bool, write func(io.Writer) error) error {
	if _, err := os.Stat(path); err == nil && !force {
		return armsflow.Errorf(armsflow.ECONFLICT, "%s exists; pass --force to overwrite it", path)
	}
	return atomicfile.Write(path, write)
}

// panelNote says what the panel's TIV figures are: SIPRI's rounded table
// values, or, from a register, sums armsflow made, with decimals, of which
// "rounded to whole millions by SIPRI" is not true.
func panelNote(s engine.Source) string {
	if s.Estimated || s.Exact {
		return "TIV figures are SIPRI trend-indicator values in millions."
	}
	return armsflow.RoundingNote
}
