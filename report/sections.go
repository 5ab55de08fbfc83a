package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/chart"
	"github.com/armsflow/armsflow/engine"
	armsnames "github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// focus returns the row of the party a ranking named, or nil when it has
// no transfers in the selection.
func focus(r *engine.RankResult) *engine.RankRow { return view.Focus(r) }

// standing is view.Standing with its source note left off: a report gives
// the source once per section.
func standing(title, count string, rs []*engine.RankResult) *table.Table {
	t := view.Standing(title, count, rs)
	if len(t.Notes) > 1 {
		t.Notes = t.Notes[:1]
	}
	return t
}

func rankTables(rs []*engine.RankResult) []*table.Table {
	var out []*table.Table
	for _, r := range rs {
		t := view.Rank(r)
		t.Notes = []string{rankNote(r)} // the rounding note and source are given once per section
		out = append(out, t)
	}
	return out
}

func categoryTable(title string, c *engine.CategoryResult, deals bool) *table.Table {
	cols := []table.Column{{Name: "Category", Decimals: -1}, {Name: "TIV", Decimals: 1}, {Name: "Share %", Decimals: table.FactSheet}}
	if deals {
		cols = append(cols, table.Column{Name: "Deals", Decimals: -1})
	}
	t := &table.Table{Title: title, Columns: cols,
		Notes: []string{fmt.Sprintf("Shares are of the %s: %s TIV. Basis: %s.", c.ShareOf, fmtNum(c.TotalTIV), c.Basis), c.Note, sourceLine(c.Source)}}
	for _, row := range c.Rows {
		cells := []any{row.Category, row.TIV, row.SharePct}
		if deals {
			cells = append(cells, row.Deals)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// dealsTable shows the pair's deals with the fields an analyst cites,
// '?' kept beside its value and open orders marked.
func dealsTable(d *engine.DealResult) *table.Table {
	t := &table.Table{
		Title: "Deals from the trade register",
		Columns: table.Cols("Order year", "Designation", "Description", "Ordered", "Delivered", "Delivery years",
			"Status", "TIV delivered", "Open order", "Comments"),
		Notes: []string{
			fmt.Sprintf("%s ordered or delivered in the span; %d open (ordered, not fully delivered as far as the register knows).", armsflow.Plural(d.Count, "deal", "deals"), countOpen(d.Rows)),
			"'?' marks a value SIPRI gives as uncertain; blank is unknown. TIV in millions.",
			sourceLine(d.Source) + ". " + d.Note,
		},
	}
	t.Columns[0].Plain = true // the order year
	for i := range d.Rows {
		x := &d.Rows[i]
		years := make([]string, len(x.DeliveryYears))
		for j, y := range x.DeliveryYears {
			years[j] = fmt.Sprint(y)
		}
		open := ""
		if x.Open() {
			open = "open"
		}
		t.Rows = append(t.Rows, []any{view.Uncertain(x.OrderYear, x.OrderYearUncertain), x.Designation, x.Description,
			view.Uncertain(x.Ordered, x.OrderedUncertain), view.Uncertain(x.Delivered, x.DeliveredUncertain),
			strings.Join(years, "; "), x.Status, x.TIVDelivered, open, x.Comments})
	}
	return t
}

func countOpen(ds []armsflow.Deal) int {
	n := 0
	for i := range ds {
		if ds[i].Open() {
			n++
		}
	}
	return n
}

// splitEvents separates the relationship's own events from those the
// engine adds as context (sanctions and conflicts of one party with third
// states), by the engine's rule.
func splitEvents(evs []armsflow.Event, s, r string) (own, context []armsflow.Event) {
	reg := armsnames.New()
	for i := range evs {
		if engine.EventRelation(reg, &evs[i], []string{s, r}) == engine.Own {
			own = append(own, evs[i])
		} else {
			context = append(context, evs[i])
		}
	}
	return own, context
}

func eventsTable(title string, evs []armsflow.Event) *table.Table {
	t := &table.Table{Title: title, Columns: table.Cols("Date", "Kind", "Event", "Parties", "Sources")}
	t.Columns[0].Plain = true // a date such as "2017?" is not a count
	for _, ev := range evs {
		var src []string
		for _, s := range ev.Sources {
			src = append(src, strings.TrimSpace(s.Publisher+" "+s.Date))
		}
		parties := strings.Join(ev.Parties, ", ")
		if ev.Actor != "" {
			parties += " (actor: " + ev.Actor + ")"
		}
		t.Rows = append(t.Rows, []any{ev.Date, ev.Kind, ev.Title, parties, strings.Join(src, "; ")})
	}
	return t
}

// rankNote is view.Rank's first note with the total written as the
// tables write numbers (thousands separators).
func rankNote(r *engine.RankResult) string {
	return fmt.Sprintf("Shares are of the %s: %s TIV; %s ranked.", r.ShareOf, view.TotalText(r.Source, r.TotalTIV), view.CountText(r.StatesCount, r.Count))
}

// flowNote is view.Flows's first note with a grouped total.
func flowNote(r *engine.FlowResult) string {
	return fmt.Sprintf("Total: %s. Blank: no deliveries recorded.", view.TotalText(r.Source, r.TotalTIV))
}

func fmtNum(v float64) string {
	if v == float64(int64(v)) {
		return table.Group(strconv.FormatInt(int64(v), 10))
	}
	return table.Group(fmt.Sprintf("%.1f", v))
}

// sections lays the report out: tables and charts per section.
func (r *Report) sections() error {
	S, R, span := r.Supplier.Name, r.Recipient.Name, dash(r.Years.String())
	src := sourceLine(r.Yearly.Source)
	add := func(s *Section) { r.Sections = append(r.Sections, s) }

	add(&Section{ID: "supplier-world", Title: "1. " + S + " among world exporters",
		Intro:  fmt.Sprintf("Rank, volume and share of %s among all exporters, per %d-year period.", S, r.Query.PeriodLength),
		Tables: []*table.Table{standing(S+" among world exporters, per period", "Exporters", r.SupplierWorld)}, Source: src})

	s2 := &Section{ID: "supplier-recipients", Title: "2. Main recipients of " + S,
		Intro:  fmt.Sprintf("The top %d recipients of %s per period, with shares of its total exports; %s is shown even outside the top rows.", r.Query.Top, S, R),
		Tables: rankTables(r.SupplierRecipients), Source: src}
	add(s2)

	s3 := &Section{ID: "regional", Title: "3. " + possessive(S) + " recipients in " + orUnknown(r.Subregion), Source: src}
	switch {
	case r.Regional == nil:
		s3.Empty = "The recipient's SIPRI subregion is not known, so there is no regional table."
	case r.Regional.TotalTIV == 0 && r.Regional.Count == 0:
		s3.Empty = fmt.Sprintf("%s recorded no transfers to %s in %s.", S, r.Subregion, span)
	default:
		s3.Intro = fmt.Sprintf("Every recipient of %s in %s over %s, with shares of its exports to the subregion.", S, r.Subregion, span)
		t := view.Rank(r.Regional)
		t.Notes = []string{rankNote(r.Regional)}
		t.Rows = append(t.Rows, []any{"", "Total", "", r.Regional.TotalTIV, 100.0})
		s3.Tables = []*table.Table{t}
	}
	add(s3)

	add(&Section{ID: "recipient-world", Title: "4. " + R + " among world importers",
		Intro:  fmt.Sprintf("Rank, volume and share of %s among all importers, per %d-year period.", R, r.Query.PeriodLength),
		Tables: []*table.Table{standing(R+" among world importers, per period", "Importers", r.RecipientWorld)}, Source: src})

	conc := view.Concentration(r.Concentration)
	conc.Notes = conc.Notes[:1]
	s5 := &Section{ID: "recipient-suppliers", Title: "5. Suppliers of " + R + " and diversification",
		Intro:  fmt.Sprintf("The number of suppliers of %s, the top supplier's share and the HHI per period, then its main suppliers in each period.", R),
		Tables: append([]*table.Table{conc}, rankTables(r.RecipientSuppliers)...), Source: src}
	stacked, err := r.stackedChart()
	if err != nil {
		return err
	}
	s5.Charts = []*Chart{{Name: "suppliers", Chart: stacked}}
	add(s5)

	s6 := &Section{ID: "yearly", Title: fmt.Sprintf("6. Yearly transfers from %s to %s", S, R), Source: src,
		Intro: fmt.Sprintf("TIV delivered by %s to %s each year and per period; blank years had no deliveries.", S, R)}
	yt := view.Flows(r.Yearly)
	yt.Notes = []string{flowNote(r.Yearly)}
	pt := view.Flows(r.ByPeriod)
	pnotes := []string{flowNote(r.ByPeriod)}
	if slices.Contains(pt.Notes, view.NoChangeNote) {
		pnotes = append(pnotes, view.NoChangeNote)
	}
	pt.Notes = pnotes
	if r.NoTransfers {
		// A table of blank years says nothing the chart and this line do not.
		s6.Empty = fmt.Sprintf("SIPRI records no deliveries from %s to %s in %s, so there is no yearly table.", S, R, span)
	} else {
		s6.Tables = []*table.Table{yt, pt}
	}
	own, context := splitEvents(r.Events, S, R)
	if len(own) > 0 {
		t := eventsTable("Events of the relationship", own)
		t.Notes = []string{"From the library's cooperation timeline ('armsflow events'): events naming both parties; agreements, contracts, sanctions and conflicts among them are drawn on the yearly chart unless --markers names other kinds."}
		s6.Tables = append(s6.Tables, t)
	}
	if len(context) > 0 {
		t := eventsTable("Context: sanctions and conflicts of either party with third states", context)
		t.Notes = []string{"From the library's cooperation timeline: events that name only one of the parties; listed for context, not drawn on the chart."}
		s6.Tables = append(s6.Tables, t)
	}
	yc, err := r.yearlyChart()
	if err != nil {
		return err
	}
	s6.Charts = []*Chart{{Name: "yearly", Chart: yc}}
	add(s6)

	s7 := &Section{ID: "categories", Title: "7. Weapon categories"}
	var notes []string
	if r.DyadCategories != nil {
		s7.Tables = append(s7.Tables, categoryTable(fmt.Sprintf("TIV delivered from %s to %s by weapon category, %s (from register deals)", S, R, r.Years), r.DyadCategories, true))
		c, err := r.categoryChart(fmt.Sprintf("%s to %s by weapon category (register), %s", S, R, span), r.DyadCategories)
		if err != nil {
			return err
		}
		s7.Charts = append(s7.Charts, &Chart{Name: "categories-pair", Chart: c})
		s7.Source = sourceLine(r.DyadCategories.Source)
	} else {
		notes = append(notes, "No trade register is imported, so the pair's deals cannot be classified by category.")
	}
	if r.Categories != nil {
		s7.Tables = append(s7.Tables, categoryTable(fmt.Sprintf("Imports of %s by weapon category, all suppliers, %s (long form)", R, r.Years), r.Categories, false))
		c, err := r.categoryChart(fmt.Sprintf("Imports of %s by weapon category, all suppliers, %s", R, span), r.Categories)
		if err != nil {
			return err
		}
		s7.Charts = append(s7.Charts, &Chart{Name: "categories-recipient", Chart: c})
		if s7.Source == "" {
			s7.Source = sourceLine(r.Categories.Source)
		}
	} else if r.CategoriesNotCovered != "" {
		notes = append(notes, "The recipient's imports by category are not shown: "+r.CategoriesNotCovered+".")
	} else {
		notes = append(notes, "No long-form dataset with weapon categories is imported, so the recipient's imports by category are not shown.")
	}
	s7.Intro = "SIPRI's long form gives weapon categories per country only; the pair's categories are derived from its register deals by weapon description. " + strings.Join(notes, " ")
	if len(s7.Tables) == 0 {
		s7.Empty = strings.Join(notes, " ")
		s7.Intro = ""
	}
	add(s7)

	s8 := &Section{ID: "deals", Title: "8. Deals behind the numbers"}
	switch {
	case r.Deals == nil:
		s8.Empty = "No trade register is imported: import SIPRI's register CSV to list the deals."
	case len(r.Deals.Rows) == 0:
		s8.Empty = fmt.Sprintf("The register (%s) lists no deal from %s to %s ordered or delivered in %s.", r.Deals.Dataset, S, R, span)
		s8.Source = sourceLine(r.Deals.Source)
	default:
		s8.Intro = "Deals ordered or with a delivery in the span, from the newest trade register; open orders are marked."
		s8.Tables = []*table.Table{dealsTable(r.Deals)}
		s8.Source = sourceLine(r.Deals.Source)
	}
	add(s8)
	s9, err := r.dependencySection(9)
	if err != nil {
		return err
	}
	add(s9)
	return nil
}

func orUnknown(s string) string {
	if s == "" {
		return "its region"
	}
	return s
}

func (r *Report) yearlyChart() (*chart.Chart, error) {
	d := chart.Yearly{
		Title:  fmt.Sprintf("Arms transfers from %s to %s, %s", r.Supplier.Name, r.Recipient.Name, dash(r.Years.String())),
		Source: sourceLine(r.Yearly.Source),
		Empty:  fmt.Sprintf("No transfers recorded from %s to %s in %s.", r.Supplier.Name, r.Recipient.Name, dash(r.Years.String())),
	}
	for _, row := range r.Yearly.Rows {
		d.Years = append(d.Years, row.Year)
		d.TIV = append(d.TIV, row.TIV)
		d.Deliveries = append(d.Deliveries, row.Deliveries)
	}
	kinds := r.Query.MarkerKinds
	if kinds == nil {
		kinds = DefaultMarkerKinds
	}
	own, _ := splitEvents(r.Events, r.Supplier.Name, r.Recipient.Name)
	for _, ev := range own {
		if !slices.Contains(kinds, ev.Kind) {
			continue
		}
		if x, ok := chart.MarkerX(ev.Date); ok {
			d.Markers = append(d.Markers, chart.Marker{X: x, Label: ev.Title})
		}
	}
	return chart.YearlyBars(d)
}

func (r *Report) stackedChart() (*chart.Chart, error) {
	d := chart.Stacked{
		Title:  fmt.Sprintf("Arms imports of %s by supplier, %s", r.Recipient.Name, dash(r.Years.String())),
		Source: sourceLine(r.YearlyImports.Source),
		Empty:  fmt.Sprintf("No imports recorded for %s in %s.", r.Recipient.Name, dash(r.Years.String())),
		Top:    6,
	}
	idx := map[string]int{}
	for i, row := range r.YearlyImports.Rows {
		d.Years = append(d.Years, row.From)
		for _, s := range row.Shares {
			j, ok := idx[s.Name]
			if !ok {
				j = len(d.Series)
				idx[s.Name] = j
				d.Series = append(d.Series, chart.Series{Name: s.Name, Values: make([]float64, len(r.YearlyImports.Rows))})
			}
			d.Series[j].Values[i] = s.TIV
		}
	}
	return chart.StackedSuppliers(d)
}

func (r *Report) categoryChart(title string, c *engine.CategoryResult) (*chart.Chart, error) {
	d := chart.Categories{Title: title, Source: sourceLine(c.Source),
		Empty: "No transfers recorded by category in these years."}
	if c.Kind == armsflow.KindRegister {
		d.Source += "; categories mapped by armsflow"
	}
	for _, row := range c.Rows {
		d.Names = append(d.Names, row.Category)
		d.TIV = append(d.TIV, row.TIV)
	}
	return chart.CategoryBars(d)
}
