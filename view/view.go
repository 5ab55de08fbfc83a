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
	gen := s.Generated
	if gen == "" {
		gen = "undated"
	}
	out := fmt.Sprintf("%s; dataset %s (generated %s).", armsflow.Source, s.Dataset, gen)
	if s.Estimated {
		out += " ESTIMATED from the trade register's deliveries."
	}
	return out
}

func name(p *engine.Party) string {
	if p == nil {
		return "all"
	}
	return p.Name
}

// Flows shows yearly or period TIV. Years without deliveries are blank, as
// in SIPRI's tables; 0 means less than 0.5 million.
func Flows(r *engine.FlowResult) *table.Table {
	first := "Year"
	if r.Query.By == "period" {
		first = "Period"
	}
	t := &table.Table{
		Title:   fmt.Sprintf("TIV of arms transfers from %s to %s, %s (TIV, millions)", name(r.Supplier), name(r.Recipient), r.Query.Years),
		Columns: []table.Column{{Name: first, Decimals: -1}, {Name: "TIV", Decimals: tivDecimals(r.Estimated)}},
		Notes:   []string{fmt.Sprintf("Total: %s. Blank: no deliveries recorded.", TIVText(r.TotalTIV, r.Estimated)), r.Note, provenance(r.Source)},
	}
	for _, row := range r.Rows {
		var label any = row.Year
		if row.Period != "" {
			label = row.Period
		}
		var v any
		if row.Deliveries {
			v = row.TIV
		}
		t.Rows = append(t.Rows, []any{label, v})
	}
	return t
}

func tivDecimals(estimated bool) int {
	if estimated {
		return 1
	}
	return -1
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
// top rows when it is outside them.
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
	if r.Region != "" {
		scope = append(scope, "in "+r.Region)
	}
	title := strings.Join(append([]string{party + "s"}, scope...), " ") + fmt.Sprintf(", %s, ranked by TIV", r.Query.Years)
	t := &table.Table{
		Title: title,
		Columns: []table.Column{{Name: "Rank", Decimals: -1}, {Name: party, Decimals: -1}, {Name: "Code", Decimals: -1},
			{Name: "TIV", Decimals: tivDecimals(r.Estimated)}, {Name: "Share %", Decimals: 1}},
		Notes: []string{
			fmt.Sprintf("Shares are of the %s: %s TIV; %d ranked.", r.ShareOf, TIVText(r.TotalTIV, r.Estimated), r.Count),
			r.Note, provenance(r.Source)},
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
		t.Rows = append(t.Rows, []any{rank, n, row.Code, row.TIV, row.SharePct})
	}
	for _, row := range r.Rows {
		add(row)
	}
	if r.Focus != nil {
		t.Rows = append(t.Rows, []any{"…", "", "", nil, nil})
		add(*r.Focus)
		if r.Focus.Rank == 0 {
			t.Notes = append([]string{r.Focus.Name + " has no transfers in this selection."}, t.Notes...)
		}
	}
	return t
}

// Concentration shows a recipient's supplier concentration per period.
func Concentration(r *engine.ConcentrationResult) *table.Table {
	t := &table.Table{
		Title: fmt.Sprintf("Suppliers of %s per period: concentration (TIV, millions)", r.Recipient.Name),
		Columns: []table.Column{{Name: "Period", Decimals: -1}, {Name: "Total TIV", Decimals: tivDecimals(r.Estimated)},
			{Name: "Suppliers", Decimals: -1}, {Name: "Top supplier", Decimals: -1}, {Name: "Top share %", Decimals: 1},
			{Name: "HHI", Decimals: 0}},
		Notes: []string{"HHI: Herfindahl-Hirschman index of supplier shares, 0-10,000 (10,000 = one supplier).", r.Note, provenance(r.Source)},
	}
	for _, row := range r.Rows {
		t.Rows = append(t.Rows, []any{row.Period, row.TotalTIV, row.Suppliers, row.TopSupplier, row.TopSharePct, row.HHI})
	}
	return t
}

// Deals shows trade-register records, every field, '?' kept beside its value.
func Deals(r *engine.DealResult) *table.Table {
	t := &table.Table{
		Title: "Deals from the trade register",
		Columns: table.Cols("Supplier", "Recipient", "Order year", "Ordered", "Designation", "Description",
			"Delivered", "Delivery years", "Status", "Comments", "TIV per unit", "TIV total order", "TIV delivered", "Open"),
		Notes: []string{fmt.Sprintf("%d deals; delivered TIV %.1f (known), %d with delivered TIV unknown.", r.Count, r.TIVDelivered, r.Unknown),
			"'?' marks a value SIPRI gives as uncertain; blank is unknown.", r.Note, provenance(r.Source)},
	}
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
		Columns: table.Cols("Name", "Kind", "Generated", "Records", "Files", "SHA-256", "Imported at"),
		Notes:   []string{armsflow.Source + ". Queries use the newest dataset of a kind unless --dataset names one."},
	}
	t.Columns[5].Abbrev = 12
	for _, d := range ds {
		t.Rows = append(t.Rows, []any{d.Name, d.Kind, d.Generated, d.Records, len(d.Files), d.SHA256, d.ImportedAt.UTC().Format("2006-01-02 15:04:05Z")})
	}
	return t
}
