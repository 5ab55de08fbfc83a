package report

import (
	"fmt"
	"strings"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/view"
)

// findings states the report's key facts. Every sentence is made from
// figures the engine computed, with their numbers, and is left out when
// the figures it needs are missing: no sentence without data support.
// Changes compare the first period with the last.
func findings(r *Report) []Finding {
	var out []Finding
	add := func(kind, format string, args ...any) {
		out = append(out, Finding{Kind: kind, Text: fmt.Sprintf(format, args...)})
	}
	S, R, span := r.Supplier.Name, r.Recipient.Name, dash(r.Years.String())

	if r.NoTransfers {
		add("no-transfers", "SIPRI records no transfers from %s to %s in %s.", S, R, span)
	} else {
		peak := r.Yearly.Rows[0]
		for _, row := range r.Yearly.Rows {
			if row.TIV > peak.TIV {
				peak = row
			}
		}
		if r.Yearly.TotalTIV > 0 {
			add("total-peak", "%s delivered %s million TIV to %s in %s; the peak year was %d with %s (%s of the span's total).",
				S, fmtNum(r.Yearly.TotalTIV), R, span, peak.Year, fmtNum(peak.TIV), pctText(100*peak.TIV/r.Yearly.TotalTIV))
		}
	}
	n := len(r.Periods)
	if n < 2 {
		return out
	}
	a, b := r.ByPeriod.Rows[0], r.ByPeriod.Rows[n-1]
	// A short first period says so: "2014–2016, 3 of 5 years".
	p1, pn := dash(view.PeriodText(r.Periods[0].Label, a.YearsCovered, a.PeriodLength)), dash(r.Periods[n-1].Label)
	// A last period with a year not over when SIPRI generated the data says
	// so: "fell ... to 2021–2025" read as a whole period's fall.
	if pf := r.ByPeriod.Coverage.PartialFrom; b.Partial && pf != 0 {
		pn += fmt.Sprintf(" (%d partial)", pf)
	}

	// The pair's volume from the first period to the last, its change as
	// 'rank --compare' gives it.
	if (a.Deliveries || b.Deliveries) && a.TIV != b.TIV {
		text := fmt.Sprintf("Deliveries from %s to %s %s from %s in %s to %s in %s", S, R, verb(a.TIV, b.TIV), fmtNum(a.TIV), p1, fmtNum(b.TIV), pn)
		if pct, label := focusChange(r.Change); pct != nil {
			text = fmt.Sprintf("Deliveries from %s to %s %s from %s to %s million TIV: %s from %s to %s",
				S, R, verb(a.TIV, b.TIV), fmtNum(a.TIV), fmtNum(b.TIV), view.ChangeText(pct, label), p1, pn)
		} else if label != "" {
			text += fmt.Sprintf(" (%s)", label)
		}
		add("volume-change", "%s.", text)
	}

	// The supplier's share of the recipient's imports.
	sa, oka := shareIn(r.RecipientSuppliers[0])
	sb, okb := shareIn(r.RecipientSuppliers[n-1])
	if oka && okb && sa != sb {
		add("share-change", "%s share of %s arms imports %s from %s in %s to %s in %s.", possessive(S), possessive(R), verb(sa, sb), pctText(sa), p1, pctText(sb), pn)
	} else if oka && okb && sa > 0 {
		add("share-change", "%s share of %s arms imports was %s in both %s and %s.", possessive(S), possessive(R), pctText(sa), p1, pn)
	}

	// Diversification: number of suppliers, HHI, top supplier.
	c1, cn := r.Concentration.Rows[0], r.Concentration.Rows[n-1]
	if c1.TotalTIV > 0 && cn.TotalTIV > 0 && c1.Suppliers != cn.Suppliers {
		add("suppliers-change", "%s had %d supplier%s in %s and %d in %s.", R, c1.Suppliers, plural(c1.Suppliers), p1, cn.Suppliers, pn)
	}
	if c1.HHI != nil && cn.HHI != nil && *c1.HHI != *cn.HHI {
		way := "less concentrated"
		if *cn.HHI > *c1.HHI {
			way = "more concentrated"
		}
		add("hhi-change", "The concentration of %s suppliers (HHI, 10,000 = a single supplier) moved from %s in %s to %s in %s: %s.",
			possessive(R), fmtNum(*c1.HHI), p1, fmtNum(*cn.HHI), pn, way)
	}
	if tied := tiedTop(cn.Shares); len(tied) > 1 && cn.TopSharePct != nil {
		add("top-supplier", "In %s, %s largest suppliers were %s, tied with %s of its imports each.", pn, possessive(R), strings.Join(tied, " and "), pctText(*cn.TopSharePct))
	} else if cn.TopSupplier != "" && cn.TopSharePct != nil {
		add("top-supplier", "In %s, %s largest supplier was %s with %s of its imports.", pn, possessive(R), cn.TopSupplier, pctText(*cn.TopSharePct))
	}

	// Ranks.
	rankChange := func(kind, who, among string, first, last *engine.RankResult) {
		f, l := focus(first), focus(last)
		if f == nil || l == nil || f.Rank == l.Rank {
			return
		}
		add(kind, "%s ranked %s among %s in %s and %s in %s.", who, ordinal(f.Rank), among, p1, ordinal(l.Rank), pn)
	}
	rankChange("supplier-rank", S, "world arms exporters", r.SupplierWorld[0], r.SupplierWorld[n-1])
	rankChange("recipient-rank", R, "world arms importers", r.RecipientWorld[0], r.RecipientWorld[n-1])
	rankChange("recipient-rank-of-supplier", R, possessive(S)+" recipients", r.SupplierRecipients[0], r.SupplierRecipients[n-1])
	return out
}

// focusChange is the focus party's change in a compared ranking: a
// percentage, or "new" or "gone".
func focusChange(r *engine.RankResult) (*float64, string) {
	if r == nil {
		return nil, ""
	}
	for _, row := range r.Rows {
		if row.Focus {
			return row.ChangePct, row.Change
		}
	}
	if r.Focus != nil && r.Focus.Rank > 0 {
		return r.Focus.ChangePct, r.Focus.Change
	}
	for _, g := range r.Gone {
		if r.Supplier != nil && g.Name == r.Supplier.Name {
			v := -100.0
			return &v, ""
		}
	}
	return nil, ""
}

// tiedTop names the suppliers sharing the largest volume.
func tiedTop(shares []engine.SupplierShare) []string {
	var out []string
	for _, s := range shares {
		if s.TIV == shares[0].TIV {
			out = append(out, s.Name)
		}
	}
	return out
}

// shareIn is the focus party's share in a ranking, 0 when it has none while
// the whole is not empty; false when the whole is empty.
func shareIn(r *engine.RankResult) (float64, bool) {
	if r.TotalTIV <= 0 {
		return 0, false
	}
	if f := focus(r); f != nil && f.SharePct != nil {
		return *f.SharePct, true
	}
	return 0, true
}

func verb(a, b float64) string {
	if b > a {
		return "rose"
	}
	return "fell"
}

// pctText writes a share as SIPRI's fact sheets do: "39 %", "4.6 %",
// "<0.1 %".
func pctText(v float64) string { return view.ShareText(&v) }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func ordinal(n int) string {
	suf := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suf = "st"
	case n%10 == 2:
		suf = "nd"
	case n%10 == 3:
		suf = "rd"
	}
	return fmt.Sprintf("%d%s", n, suf)
}

// possessive writes a name's possessive: "Russia's", but "United States'"
// and "Philippines'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
