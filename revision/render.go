package revision

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/table"
)

// Sections are the parts of a comparison, in the order text output gives
// them: the summary first, then the details.
var Sections = []string{"summary", "renames", "deals", "world", "ranks", "periods", "flows"}

// meaning says what each kind of change means, for the summary.
var meaning = map[string]string{
	Changed:    "the same deal with other figures or facts",
	Renamed:    "the same deal; only a party's or the weapon's spelling changed",
	Split:      "one old deal became several new ones",
	Merged:     "several old deals became one new one",
	Added:      "new, within the old dataset's scope",
	Removed:    "gone, though within the new dataset's scope",
	OutOfScope: "in one dataset, outside what the other export holds",
	Unchanged:  "the same in both (not listed)",
}

// Tables renders res as tables, one per section asked for (all when none).
func Tables(res *Result, sections []string) []*table.Table {
	if len(sections) == 0 {
		sections = Sections
	}
	var out []*table.Table
	for _, s := range Sections {
		if !slices.Contains(sections, s) {
			continue
		}
		switch s {
		case "summary":
			out = append(out, summaryTable(res))
		case "renames":
			out = append(out, renamesTable(res))
		case "deals":
			out = append(out, dealsTable(res))
		case "world":
			out = append(out, worldTable(res))
		case "ranks":
			out = append(out, ranksTable(res))
		case "periods":
			out = append(out, flowTable(res, true))
		case "flows":
			out = append(out, flowTable(res, false))
		}
	}
	return out
}

func scopeText(s Side) string {
	sc := s.Scope
	if sc == "" {
		sc = s.Kind
	}
	return fmt.Sprintf("%s (%s, %d deals, delivery years %s)", s.Dataset, sc, s.Deals, s.Coverage)
}

func summaryTable(res *Result) *table.Table {
	t := &table.Table{
		Title:   fmt.Sprintf("What SIPRI revised from %s to %s", res.Old, res.New),
		Columns: table.Cols("Change", "Deals", "Meaning"),
		Notes: []string{"Old: " + scopeText(res.OldSide) + ".", "New: " + scopeText(res.NewSide) + ".",
			"A split or merge counts once, however many deals it joins."},
	}
	for _, k := range append(slices.Clone(Kinds), Unchanged) {
		t.Rows = append(t.Rows, []any{k, res.Summary.Count(k), meaning[k]})
	}
	for _, x := range res.Systematic {
		t.Notes = append(t.Notes, fmt.Sprintf("%s changed in %d of the %d deals matched one to one: a change of SIPRI's convention, not counted as a change of each deal (--strict counts it).",
			x.Field, x.Deals, x.Matched))
	}
	if len(res.Query.Ignore) > 0 {
		t.Notes = append(t.Notes, "Changes of "+strings.Join(res.Query.Ignore, ", ")+" not counted (--ignore).")
	}
	if q := queryText(res.Query); q != "" {
		t.Notes = append(t.Notes, "Only "+q+".")
	}
	t.Notes = append(t.Notes, res.Notes...)
	return t
}

func queryText(q Query) string {
	var parts []string
	if q.Supplier != "" {
		parts = append(parts, "supplier "+q.Supplier)
	}
	if q.Recipient != "" {
		parts = append(parts, "recipient "+q.Recipient)
	}
	return strings.Join(parts, ", ")
}

func renamesTable(res *Result) *table.Table {
	t := &table.Table{
		Title:   "Spellings SIPRI changed",
		Columns: table.Cols("Kind", "Old", "New", "Deals"),
		Notes: []string{"party: renamed throughout, its deals matched under the new name; designation: of deals matched one to one; " +
			"description: reworded throughout, not counted as a change of each deal."},
	}
	for _, r := range res.Renames {
		t.Rows = append(t.Rows, []any{r.Kind, r.Old, r.New, r.Deals})
	}
	return t
}

func dealsTable(res *Result) *table.Table {
	t := &table.Table{
		Title: "Deals",
		Columns: table.Cols("Change", "Supplier", "Recipient", "Order year", "Ordered", "Designation", "Description",
			"Delivered", "Delivery years", "TIV delivered", "What changed"),
		Notes: []string{"Each row shows the new deal, or the old one where there is no new one; 'What changed' gives old → new. " +
			"'?' marks a value SIPRI gives as uncertain; blank is unknown."},
	}
	t.Columns[3].Plain = true // the order year
	for _, dc := range res.Deals {
		d := dc.Old
		if len(dc.New) > 0 {
			d = dc.New
		}
		x := &d[0]
		years := make([]string, len(x.DeliveryYears))
		for i, y := range x.DeliveryYears {
			years[i] = strconv.Itoa(y)
		}
		t.Rows = append(t.Rows, []any{dc.Change, x.Supplier, x.Recipient, uncertain(x.OrderYear, x.OrderYearUncertain),
			uncertain(x.Ordered, x.OrderedUncertain), x.Designation, x.Description, uncertain(x.Delivered, x.DeliveredUncertain),
			strings.Join(years, "; "), x.TIVDelivered, whatChanged(dc)})
	}
	if res.DealsTotal > len(res.Deals) {
		t.Notes = append(t.Notes, fmt.Sprintf("%d of %d entries shown; --limit 0 shows all.", len(res.Deals), res.DealsTotal))
	}
	return t
}

// uncertain writes a number with SIPRI's '?' when uncertain, as deals does.
func uncertain(v *int, u bool) any {
	switch {
	case v == nil && u:
		return "?"
	case v == nil:
		return nil
	case u:
		return fmt.Sprintf("%d?", *v)
	}
	return *v
}

// whatChanged words a change in one cell.
func whatChanged(dc DealChange) string {
	switch dc.Change {
	case Changed, Renamed:
		var parts []string
		for _, f := range dc.Fields {
			parts = append(parts, fmt.Sprintf("%s: %s → %s", f, fieldText(&dc.Old[0], f), fieldText(&dc.New[0], f)))
		}
		return strings.Join(parts, "; ")
	case Split, Merged:
		side := func(ds []armsflow.Deal) string {
			var parts []string
			for i := range ds {
				parts = append(parts, fmt.Sprintf("%s (%s)", fieldText(&ds[i], "ordered"), fieldText(&ds[i], "order_year")))
			}
			return strings.Join(parts, " + ")
		}
		s := fmt.Sprintf("%d deals → %d: ordered %s → %s", len(dc.Old), len(dc.New), side(dc.Old), side(dc.New))
		if others := slices.DeleteFunc(slices.Clone(dc.Fields), func(f string) bool {
			return f == "ordered" || f == "order_year" || strings.HasPrefix(f, "tiv_") || f == "delivered" || f == "delivery_years"
		}); len(others) > 0 {
			s += "; also " + strings.Join(others, ", ")
		}
		return s
	case OutOfScope:
		return "only in the " + dc.Side + " dataset, outside the other's scope"
	}
	return ""
}

// fieldText writes one field of a deal as text; blank is unknown.
func fieldText(d *armsflow.Deal, f string) string {
	num := func(p *int, u bool) string {
		switch {
		case p == nil && u:
			return "?"
		case p == nil:
			return "unknown"
		case u:
			return strconv.Itoa(*p) + "?"
		}
		return strconv.Itoa(*p)
	}
	flt := func(p *float64) string {
		if p == nil {
			return "unknown"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	flag := func(b bool) string {
		if b {
			return "?"
		}
		return "certain"
	}
	quote := func(s string) string {
		if s == "" {
			return "none"
		}
		return strconv.Quote(s)
	}
	switch f {
	case "supplier":
		return d.Supplier
	case "recipient":
		return d.Recipient
	case "order_year":
		return num(d.OrderYear, d.OrderYearUncertain)
	case "order_year_uncertain":
		return flag(d.OrderYearUncertain)
	case "ordered":
		return num(d.Ordered, d.OrderedUncertain)
	case "ordered_uncertain":
		return flag(d.OrderedUncertain)
	case "designation":
		return d.Designation
	case "description":
		return d.Description
	case "delivered":
		return num(d.Delivered, d.DeliveredUncertain)
	case "delivered_uncertain":
		return flag(d.DeliveredUncertain)
	case "delivery_years":
		if len(d.DeliveryYears) == 0 {
			return "none"
		}
		ys := make([]string, len(d.DeliveryYears))
		for i, y := range d.DeliveryYears {
			ys[i] = strconv.Itoa(y)
		}
		return strings.Join(ys, "; ")
	case "status":
		return quote(d.Status)
	case "comments":
		return quote(d.Comments)
	case "tiv_unit":
		return flt(d.TIVUnit)
	case "tiv_total":
		return flt(d.TIVTotal)
	case "tiv_delivered":
		return flt(d.TIVDelivered)
	case "category":
		return quote(d.Category)
	case "sipri_estimate":
		return flt(d.SIPRIEstimate)
	case "local_production":
		if d.LocalProduction == nil {
			return "unknown"
		}
		return map[bool]string{true: "yes", false: "no"}[*d.LocalProduction]
	case "deliveries":
		var parts []string
		for _, dl := range d.Deliveries {
			parts = append(parts, fmt.Sprintf("%d: %s units, %s TIV", dl.Year, num(dl.Units, dl.UnitsEstimate), flt(dl.TIV)))
		}
		return strings.Join(parts, "; ")
	}
	return ""
}

func flowTable(res *Result, periods bool) *table.Table {
	rows, total := res.Flows, res.FlowsTotal
	t := &table.Table{Title: "Yearly TIV revised, per supplier and recipient, largest first",
		Columns: table.Cols("Supplier", "Recipient", "Year", "Old", "New", "Change", "Change %")}
	if periods {
		rows, total = res.Periods, res.PeriodsTotal
		t.Title = "TIV per period revised, per supplier and recipient, largest first"
		t.Columns[2].Name = "Period"
	}
	t.Columns[2].Plain = true // a year
	for i := 3; i < 6; i++ {
		t.Columns[i].Decimals = 2
	}
	t.Columns[6].Decimals = 1
	partial := false
	for _, f := range rows {
		var when any = f.Year
		if periods {
			when = f.Period
		} else if f.Partial {
			when = fmt.Sprintf("%d (partial)", f.Year)
			partial = true
		}
		t.Rows = append(t.Rows, []any{allIfEmpty(f.Supplier), allIfEmpty(f.Recipient), when, f.Old, f.New, f.Change, f.ChangePct})
	}
	if len(rows) == 0 {
		t.Notes = append(t.Notes, "No figure revised.")
	}
	t.Notes = append(t.Notes, "TIV in millions; Change % is of the old figure, blank where the old dataset had no deliveries.")
	if partial {
		t.Notes = append(t.Notes, "(partial): a year not over when a dataset was generated; its change is mostly deliveries recorded since.")
	}
	if total > len(rows) {
		t.Notes = append(t.Notes, fmt.Sprintf("%d of %d rows shown; --limit 0 shows all.", len(rows), total))
	}
	if res.OldSide.Estimated || res.NewSide.Estimated {
		t.Notes = append(t.Notes, "ESTIMATED from the trade registers' deliveries.")
	}
	return t
}

func worldTable(res *Result) *table.Table {
	t := &table.Table{Title: "World total per period", Columns: table.Cols("Period", "Old", "New", "Change", "Change %")}
	for i := 1; i < 4; i++ {
		t.Columns[i].Decimals = 1
	}
	t.Columns[4].Decimals = 1
	for _, w := range res.World {
		t.Rows = append(t.Rows, []any{w.Period, w.Old, w.New, w.Change, w.ChangePct})
	}
	t.Notes = []string{"TIV in millions, sum of all suppliers' deliveries to all recipients."}
	return t
}

func ranksTable(res *Result) *table.Table {
	t := &table.Table{Title: "World ranks and shares that moved most, per period",
		Columns: table.Cols("Period", "Ranking", "Name", "Old rank", "New rank", "Old share %", "New share %", "Change (pts)", "Old TIV", "New TIV")}
	for i := 5; i < 10; i++ {
		t.Columns[i].Decimals = 1
	}
	t.Columns[7].Decimals = 2
	for _, m := range res.Ranks {
		var or, nr any = m.OldRank, m.NewRank
		if m.OldRank == 0 {
			or = nil
		}
		if m.NewRank == 0 {
			nr = nil
		}
		t.Rows = append(t.Rows, []any{m.Period, m.Side, m.Name, or, nr, m.OldSharePct, m.NewSharePct, m.ShareChange, m.OldTIV, m.NewTIV})
	}
	if len(res.Ranks) == 0 {
		t.Notes = append(t.Notes, "No rank or share moved.")
	}
	t.Notes = append(t.Notes, "Shares are of the world total of each dataset in the period; a blank rank: no deliveries in that dataset.",
		fmt.Sprintf("Up to %d moves per period and ranking (--top).", res.Query.Top))
	if res.Query.Top == 0 {
		t.Notes[len(t.Notes)-1] = "Every move (--top 0)."
	}
	return t
}

// allIfEmpty names the whole side of a total from a TIV table without dyads.
func allIfEmpty(s string) string {
	if s == "" {
		return "(all)"
	}
	return s
}
