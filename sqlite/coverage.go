package sqlite

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
)

// viewOrder is the order of the known views in a dataset's Views: the order
// of the View constants, which Content.Views follows too.
var viewOrder = []string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports, armsflow.ViewCategories, armsflow.ViewDeals}

// checkDataset refuses a dataset whose coverage or views the schema could
// not keep as they are.
func checkDataset(ds armsflow.Dataset) error {
	c := ds.Coverage
	if c.From < 0 || c.To < 0 || c.PartialFrom < 0 || (c.From == 0) != (c.To == 0) || c.From > c.To {
		return armsflow.Errorf(armsflow.EINVALID, "dataset %q: coverage %d-%d is not a span of years (from <= to, both 0 when unknown)",
			ds.Name, c.From, c.To)
	}
	if c.PartialFrom != 0 && (c.PartialFrom < c.From || c.PartialFrom > c.To) {
		return armsflow.Errorf(armsflow.EINVALID, "dataset %q: coverage %d-%d: its first partial year %d is outside it",
			ds.Name, c.From, c.To, c.PartialFrom)
	}
	for _, v := range ds.Views {
		if v == "" || strings.TrimLeft(v, "abcdefghijklmnopqrstuvwxyz_") != "" {
			return armsflow.Errorf(armsflow.EINVALID, "dataset %q: view %q is not a view name (lower-case letters and '_'), e.g. %q",
				ds.Name, v, armsflow.ViewDyads)
		}
	}
	return nil
}

// unionViews returns the views of a and b, each once: the known ones in
// viewOrder, then any other in alphabetical order. It returns nil for none.
func unionViews(a, b []string) []string {
	var out, other []string
	for _, v := range viewOrder {
		if slices.Contains(a, v) || slices.Contains(b, v) {
			out = append(out, v)
		}
	}
	for _, v := range slices.Concat(a, b) {
		if !slices.Contains(viewOrder, v) && !slices.Contains(other, v) {
			other = append(other, v)
		}
	}
	slices.Sort(other)
	return append(out, other...)
}

// formatViews writes views as the datasets table keeps them: "dyads,deals".
func formatViews(views []string) string { return strings.Join(views, ",") }

// parseViews reads views written by formatViews: an empty list for none,
// as a dataset's Files.
func parseViews(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// unionCoverage returns the span of a and b together: an unknown one adds
// nothing. Partial years start at the first either has.
func unionCoverage(a, b armsflow.Coverage) armsflow.Coverage {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	}
	u := armsflow.Coverage{From: min(a.From, b.From), To: max(a.To, b.To)}
	for _, p := range []int{a.PartialFrom, b.PartialFrom} {
		if p != 0 && (u.PartialFrom == 0 || p < u.PartialFrom) {
			u.PartialFrom = p
		}
	}
	return u
}

// scopeYears finds the span of years a register's scope names, as in
// "deliveries 1950-2025".
// Compiled on first use: a command that only reads never needs it.
var scopeYears = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(\d{4})\s*[-–]\s*(\d{4})\b`) })

// guessCoverage is the coverage of a dataset stored before coverage was
// recorded, read from what it holds: years (the smallest and largest year
// of its yearly figures, or of its deals' deliveries), its scope and its
// generated date. For a register, a scope that names years wins; otherwise
// it covers from its first delivery year to the year SIPRI generated it.
// The generated year is partial when covered: it was not over then.
func guessCoverage(kind, scope, generated string, minYear, maxYear int) armsflow.Coverage {
	gen := 0
	if len(generated) >= 4 {
		gen, _ = strconv.Atoi(generated[:4])
	}
	var c armsflow.Coverage
	if kind == armsflow.KindRegister {
		if m := scopeYears().FindStringSubmatch(scope); m != nil {
			c.From, _ = strconv.Atoi(m[1])
			c.To, _ = strconv.Atoi(m[2])
		} else if minYear > 0 {
			c.From, c.To = minYear, max(maxYear, gen)
		}
	} else if minYear > 0 {
		c.From, c.To = minYear, maxYear
	}
	if c.From <= 0 || c.From > c.To {
		return armsflow.Coverage{}
	}
	if gen >= c.From && gen <= c.To {
		c.PartialFrom = gen
	}
	return c
}
