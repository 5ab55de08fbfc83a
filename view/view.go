// Package view turns engine results into tables: the one place that decides
// what columns a user sees, shared by the command line, the API's CSV form
// and the reports.
package view

import (
	"fmt"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// provenance is the note under every table of figures.
func provenance(s engine.Source) string {
	gen := "generated " + s.Generated
	if s.Generated == "" {
		gen = "undated" // not "generated undated"
	}
	out := fmt.Sprintf("%s; dataset %s (%s).", armsflow.Source, s.Dataset, gen)
	if !s.Coverage.IsZero() {
		out = fmt.Sprintf("%s; dataset %s (%s; covers %s).", armsflow.Source, s.Dataset, gen, s.Coverage)
	}
	// An estimate says so once, in its note ("Estimated: ..."), with the
	// share of its TIV where the even split can be wrong.
	return out
}

// ChoiceRule says how armsflow chooses the dataset that answers a question,
// under the list of datasets.
const ChoiceRule = "For each question armsflow uses the best dataset that has what the question needs and covers every year asked: " +
	"TIV tables (or the long form) first, then a register with yearly TIV (exact), then a classic register (estimated from deliveries); " +
	"the newest generated first within each. --dataset NAME pins one; years that no dataset (or not the pinned one) covers are refused."

// quality says how a dataset's yearly TIV is known.
func quality(d *armsflow.Dataset) string {
	switch {
	case d.Kind == armsflow.KindRegister && d.YearlyTIV:
		return "exact"
	case d.Kind == armsflow.KindRegister:
		return "estimated"
	case d.Kind == armsflow.KindTIV || d.Kind == armsflow.KindLong:
		return "published"
	}
	return ""
}

// straddleColumn is the column of the share of an estimate's TIV from
// deals whose deliveries extend beyond the row's years.
var straddleColumn = table.Column{Name: "Straddling %", Decimals: 1}

// straddleNote explains straddleColumn.
const straddleNote = "Straddling %: share of the row's TIV from deals whose deliveries extend beyond the row's years, where spreading a deal evenly over its delivery years can be wrong."

func name(p *engine.Party) string {
	if p == nil {
		return "all"
	}
	return p.Name
}

// Flows shows yearly or period TIV. Covered years without deliveries are
// blank, as in SIPRI's tables; 0 means less than 0.5 million. A year the
// dataset does not cover reads "not covered", never blank; a partial year
// is marked.
func Flows(r *engine.FlowResult) *table.Table {
	first := "Year"
	if r.Query.By == "period" {
		first = "Period"
	}
	blank, marks := false, false
	for _, row := range r.Rows {
		blank = blank || row.Covered && !row.Deliveries
		marks = marks || !row.Covered || row.Partial || partlyCovered(row)
	}
	total := fmt.Sprintf("Total: %s.", TotalText(r.Source, r.TotalTIV))
	if blank {
		total += " Blank: no deliveries recorded."
	}
	t := &table.Table{
		Title:   fmt.Sprintf("TIV of arms transfers from %s to %s, %s (TIV, millions)", name(r.Supplier), name(r.Recipient), r.Query.Years),
		Columns: []table.Column{{Name: first, Decimals: -1, Plain: true}, {Name: "TIV", Decimals: tivDecimals(r.Estimated)}},
		Notes:   []string{total, r.Note, provenance(r.Source)},
	}
	if marks {
		t.Columns = append(t.Columns, table.Column{Name: "Coverage", Decimals: -1})
	}
	byPeriod := r.Query.By == "period"
	noChange := false
	if byPeriod {
		t.Columns = append(t.Columns, table.Column{Name: "Change %", Decimals: table.Change})
	}
	if r.Group != nil {
		t.Notes = append(t.Notes[:1], append([]string{GroupNote(r.Group)}, t.Notes[1:]...)...)
	}
	if r.Estimated {
		t.Columns = append(t.Columns, straddleColumn)
		t.Notes = append(t.Notes[:1], append([]string{straddleNote}, t.Notes[1:]...)...)
	}
	for _, row := range r.Rows {
		var label any = row.Year
		if row.Period != "" {
			label = PeriodText(row.Period, row.YearsCovered, row.PeriodLength)
		}
		var v any
		switch {
		case !row.Covered:
			v = "not covered"
		case row.Deliveries:
			v = row.TIV
		}
		cells := []any{label, v}
		if marks {
			cells = append(cells, coverageText(row))
		}
		if byPeriod {
			c := ChangeCell(row.ChangePct, row.Change)
			if c == nil && row.Covered {
				// Not 0 nor unknown: there is no whole period before it.
				c, noChange = "–", true
			}
			cells = append(cells, c)
		}
		if r.Estimated {
			cells = append(cells, row.StraddleSharePct)
		}
		t.Rows = append(t.Rows, cells)
	}
	if noChange {
		t.Notes = append(t.Notes[:1], append([]string{NoChangeNote}, t.Notes[1:]...)...)
	}
	return t
}

// NoChangeNote explains a period's change shown "–".
const NoChangeNote = "Change % –: no whole period before it to compare with (the first period, or one after a period of fewer years)."

// coverageText marks a row that is not covered, covered in part or
// partial.
func coverageText(row engine.FlowRow) string {
	switch {
	case !row.Covered:
		return "not covered"
	case partlyCovered(row):
		return fmt.Sprintf("%d of %d years covered", row.YearsCovered, row.To-row.From+1)
	case row.Partial:
		return "partial"
	}
	return ""
}

// partlyCovered reports whether a period row holds years the dataset does
// not cover (flows --partial): its TIV is that of the years covered.
func partlyCovered(row engine.FlowRow) bool {
	return row.Period != "" && row.Covered && row.YearsCovered < row.To-row.From+1
}

func tivDecimals(estimated bool) int {
	if estimated {
		return 1
	}
	return -1
}

// TotalText writes a TIV total for a note as its source's figures are
// known: one decimal for an estimate, up to two for the sums of a
// register's exact yearly values (2,463.25), none for SIPRI's rounded tables.
func TotalText(s engine.Source, v float64) string {
	if s.Exact {
		t := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
		return table.Group(t)
	}
	return TIVText(v, s.Estimated)
}

// TIVText writes a TIV total for a note: one decimal when estimated from
// the register, none otherwise, with thousands separators.
func TIVText(v float64, estimated bool) string {
	if estimated {
		return table.Group(fmt.Sprintf("%.1f", v))
	}
	return table.Group(fmt.Sprintf("%.0f", v))
}

// Rank shows ranked suppliers or recipients, with the focus row after the
// top rows when it is outside them; compared with an earlier span, each
// row's TIV, rank and share then, and its change.
func Rank(r *engine.RankResult) *table.Table {
	party := "Supplier"
	if r.Query.Side == "recipients" {
		party = "Recipient"
	}
	var scope []string
	if r.Supplier != nil && r.Query.Side == "recipients" {
		scope = append(scope, "of "+r.Supplier.Name)
	}
	if r.Recipient != nil && r.Query.Side == "suppliers" {
		scope = append(scope, "of "+r.Recipient.Name)
	}
	if r.Group != nil && (r.Query.Side == "suppliers" && r.Supplier != nil && r.Supplier.Name == r.Group.Name ||
		r.Query.Side == "recipients" && r.Recipient != nil && r.Recipient.Name == r.Group.Name) {
		scope = append(scope, "in "+r.Group.Name)
	}
	if r.Region != "" {
		scope = append(scope, "in "+r.Region)
	}
	comparing := r.PreviousTotalTIV != nil
	title := strings.Join(append([]string{party + "s"}, scope...), " ") + ", " + SpanText(r.Query.Years, r.YearsCovered) + ", ranked by TIV"
	if comparing {
		title += ", compared with " + SpanText(r.Query.Compare, r.PreviousYearsCovered)
	}
	t := &table.Table{
		Title: title,
		Columns: []table.Column{{Name: "Rank", Decimals: -1}, {Name: party, Decimals: -1}, {Name: "Code", Decimals: -1},
			{Name: "TIV", Decimals: tivDecimals(r.Estimated)}, {Name: "Share %", Decimals: table.FactSheet}},
		Notes: RankNotes(r),
	}
	if comparing {
		prev := r.Query.Compare.String()
		t.Columns = append(t.Columns, table.Column{Name: "TIV " + prev, Decimals: tivDecimals(r.Estimated)},
			table.Column{Name: "Rank " + prev, Decimals: -1}, table.Column{Name: "Share % " + prev, Decimals: table.FactSheet},
			table.Column{Name: "Change %", Decimals: table.Change})
	}
	if r.Estimated {
		t.Columns = append(t.Columns, straddleColumn)
		t.Notes = append(t.Notes[:1], append([]string{straddleNote}, t.Notes[1:]...)...)
	}
	add := func(row engine.RankRow) {
		n := row.Name
		if row.Focus {
			n = "» " + n
		}
		var rank any = row.Rank
		if row.Rank == 0 {
			rank = "–"
		}
		cells := []any{rank, n, row.Code, row.TIV, row.SharePct}
		if comparing {
			var pt, pr, ps any
			if p := row.Previous; p != nil {
				pt, pr, ps = p.TIV, p.Rank, p.SharePct
			}
			cells = append(cells, pt, pr, ps, ChangeCell(row.ChangePct, row.Change))
		}
		if r.Estimated {
			cells = append(cells, row.StraddleSharePct)
		}
		t.Rows = append(t.Rows, cells)
	}
	for _, row := range r.Rows {
		add(row)
	}
	if r.Focus != nil {
		gap := make([]any, len(t.Columns))
		gap[0] = "…"
		t.Rows = append(t.Rows, gap)
		add(*r.Focus)
		if r.Focus.Rank == 0 {
			t.Notes = append([]string{r.Focus.Name + " has no transfers in this selection."}, t.Notes...)
		}
	}
	return t
}

// RankNotes are the notes under a ranking: what the shares are of and what
// was counted, the rows' and the world's shares, the change of the whole,
// the parties gone, then the data's note and provenance.
func RankNotes(r *engine.RankResult) []string {
	whole := "the sum of the rows"
	if r.Totals == "sipri" {
		whole = "SIPRI's own total"
	}
	first := fmt.Sprintf("Shares are of the %s: %s TIV (%s); %s ranked.", r.ShareOf, TotalText(r.Source, r.TotalTIV), whole, CountText(r.StatesCount, r.Count))
	if r.RowsSharePct != nil && len(r.Rows) < r.Count {
		top := fmt.Sprintf("The top %d together", len(r.Rows))
		if len(r.Rows) == 1 {
			top = "The top one"
		}
		first += fmt.Sprintf(" %s: %s of it.", top, ShareText(r.RowsSharePct))
	}
	notes := []string{first}
	if r.WorldSharePct != nil {
		what := r.Region
		if what == "" && r.Group != nil {
			what = r.Group.Name
		}
		notes = append(notes, fmt.Sprintf("%s: %s %% of the world total (%s TIV).", what,
			table.Text(*r.WorldSharePct, table.Column{Decimals: table.FactSheet}), TotalText(r.Source, *r.WorldTIV)))
	}
	if r.Group != nil {
		notes = append(notes, GroupNote(r.Group))
	}
	if r.PreviousTotalTIV != nil {
		notes = append(notes, fmt.Sprintf("Total: %s TIV in %s against %s in %s: %s.", TotalText(r.Source, r.TotalTIV), r.Query.Years,
			TotalText(r.Source, *r.PreviousTotalTIV), r.Query.Compare, ChangeText(r.TotalChangePct, "")))
		if len(r.Gone) > 0 {
			var gone []string
			for i, g := range r.Gone {
				if i == 10 {
					gone = append(gone, fmt.Sprintf("and %d more", len(r.Gone)-10))
					break
				}
				gone = append(gone, fmt.Sprintf("%s (%s)", g.Name, TIVText(g.Previous.TIV, r.Estimated)))
			}
			notes = append(notes, fmt.Sprintf("Gone: TIV in %s, none in %s: %s.", r.Query.Compare, r.Query.Years, strings.Join(gone, ", ")))
		}
	}
	return append(notes, r.Note, provenance(r.Source))
}

// Concentration shows a recipient's supplier concentration per period. A
// period without deliveries in its covered years (often the short first
// one) shows "–" for its TIV, top supplier, share and HHI, with a note,
// never blanks, and a period the dataset does not cover "not covered".
func Concentration(r *engine.ConcentrationResult) *table.Table {
	t := &table.Table{
		Title: fmt.Sprintf("Suppliers of %s per period: concentration (TIV, millions)", r.Recipient.Name),
		Columns: []table.Column{{Name: "Period", Decimals: -1}, {Name: "Total TIV", Decimals: tivDecimals(r.Estimated)},
			{Name: "Suppliers", Decimals: -1}, {Name: "Top supplier", Decimals: -1}, {Name: "Top share %", Decimals: table.FactSheet},
			{Name: "HHI", Decimals: 0}},
		Notes: []string{"HHI: Herfindahl-Hirschman index of supplier shares, 0-10,000 (10,000 = one supplier).", r.Note, provenance(r.Source)},
	}
	if r.Estimated {
		t.Columns = append(t.Columns, straddleColumn)
		t.Notes = append(t.Notes[:1], append([]string{straddleNote}, t.Notes[1:]...)...)
	}
	none, zero := false, false
	for _, row := range r.Rows {
		period := PeriodText(row.Period, row.YearsCovered, row.PeriodLength)
		if row.Partial {
			period += " (partial)"
		}
		cells := []any{period, row.TotalTIV, row.Suppliers, row.TopSupplier, row.TopSharePct, row.HHI}
		switch {
		case row.YearsCovered == 0:
			cells = []any{period, "not covered", "not covered", "not covered", "not covered", "not covered"}
		case row.Suppliers == 0:
			// No deliveries: 0 suppliers is a count, but a TIV of 0 reads
			// "less than 0.5" and a share or HHI of nothing is not 0.
			cells = []any{period, "–", 0, "–", "–", "–"}
			none = true
		case row.TopSharePct == nil:
			cells[4], cells[5] = "–", "–"
			zero = true
		}
		if r.Estimated {
			var s any = row.StraddleSharePct
			if row.Suppliers == 0 || row.YearsCovered == 0 {
				s = "–"
			}
			cells = append(cells, s)
		}
		t.Rows = append(t.Rows, cells)
	}
	if none {
		t.Notes = append(t.Notes[:1], append([]string{"–: no deliveries recorded in the period, so no TIV, top supplier, share or HHI."}, t.Notes[1:]...)...)
	}
	if zero {
		t.Notes = append(t.Notes[:1], append([]string{"– (share, HHI): the period's deliveries sum to 0 TIV, so there are no shares to take."}, t.Notes[1:]...)...)
	}
	return t
}

// Deals shows trade-register records, every field, '?' kept beside its value.
func Deals(r *engine.DealResult) *table.Table {
	t := &table.Table{
		Title: "Deals from the trade register",
		Columns: table.Cols("Supplier", "Recipient", "Order year", "Ordered", "Designation", "Description",
			"Delivered", "Delivery years", "Status", "Comments", "TIV per unit", "TIV total order", "TIV delivered", "Open"),
		Notes: []string{fmt.Sprintf("%s; delivered TIV %.1f (known), %d with delivered TIV unknown.", armsflow.Plural(r.Count, "deal", "deals"), r.TIVDelivered, r.Unknown),
			"'?' marks a value SIPRI gives as uncertain; blank is unknown.", r.Note, provenance(r.Source)},
	}
	t.Columns[2].Plain = true // the order year
	for i := range r.Rows {
		d := &r.Rows[i]
		years := make([]string, len(d.DeliveryYears))
		for j, y := range d.DeliveryYears {
			years[j] = fmt.Sprint(y)
		}
		open := ""
		if d.Open() {
			open = "open"
		}
		t.Rows = append(t.Rows, []any{d.Supplier, d.Recipient,
			Uncertain(d.OrderYear, d.OrderYearUncertain), Uncertain(d.Ordered, d.OrderedUncertain),
			d.Designation, d.Description, Uncertain(d.Delivered, d.DeliveredUncertain),
			strings.Join(years, "; "), d.Status, d.Comments, d.TIVUnit, d.TIVTotal, d.TIVDelivered, open})
	}
	return t
}

// Uncertain writes a number with SIPRI's '?' after it when uncertain; an
// unknown number stays blank. It returns the number itself when certain, so
// CSV keeps it numeric.
func Uncertain(v *int, uncertain bool) any {
	switch {
	case v == nil && uncertain:
		return "?"
	case v == nil:
		return nil
	case uncertain:
		return fmt.Sprintf("%d?", *v)
	}
	return *v
}

// Datasets lists datasets with their provenance.
func Datasets(ds []armsflow.Dataset) *table.Table {
	t := &table.Table{
		Title:   "Datasets in the library",
		Columns: table.Cols("Name", "Kind", "Generated", "Coverage", "Yearly TIV", "Records", "Files", "SHA-256", "Imported at"),
		Notes: []string{"Coverage: the years a dataset answers for; a partial year was not over when SIPRI generated the data. " +
			"Yearly TIV: as SIPRI published it (rounded), exact sums of a register's yearly values, or estimated from a classic register's deliveries.",
			ChoiceRule, armsflow.Source + "."},
	}
	t.Columns[7].Abbrev = 12
	for i := range ds {
		d := &ds[i]
		cov := ""
		if d.Kind != "" && (d.Kind == armsflow.KindTIV || d.Kind == armsflow.KindLong || d.Kind == armsflow.KindRegister) {
			cov = d.Coverage.String()
		}
		t.Rows = append(t.Rows, []any{d.Name, d.Kind, d.Generated, cov, quality(d), d.Records, len(d.Files), d.SHA256,
			d.ImportedAt.UTC().Format("2006-01-02 15:04:05Z")})
	}
	return t
}
