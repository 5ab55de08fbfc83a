package view

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// Events lists timeline events with their first source.
func Events(r *engine.EventResult) *table.Table {
	t := &table.Table{
		Title:   "Cooperation events",
		Columns: table.Cols("Date", "Kind", "Title", "Parties", "Source", "ID"),
		Notes:   []string{armsflow.Plural(r.Count, "event", "events") + ". '?' after a date: uncertain. Use --format json for summaries and every source."},
	}
	t.Columns[0].Plain = true // a date such as "2017?" is not a count
	for _, e := range r.Rows {
		date := e.Date
		if e.End != "" {
			date += "–" + e.End
		}
		if e.Uncertain {
			date += "?"
		}
		src := ""
		if len(e.Sources) > 0 {
			src = e.Sources[0].Publisher + ": " + e.Sources[0].URL
		}
		parties := strings.Join(e.Parties, ", ")
		if e.Actor != "" {
			parties += " (actor: " + e.Actor + ")"
		}
		t.Rows = append(t.Rows, []any{date, e.Kind, e.Title, parties, src, e.ID})
	}
	return t
}

// Timeline shows a relationship's chronology.
func Timeline(r *engine.TimelineResult) *table.Table {
	t := &table.Table{
		Title:   fmt.Sprintf("Timeline of %s and %s", r.Parties[0].Name, r.Parties[1].Name),
		Columns: table.Cols("Date", "Type", "What", "Detail"),
	}
	t.Columns[0].Plain = true // a date such as "2017?" is not a count
	for _, e := range r.Rows {
		detail := e.Detail
		if e.Type == "event" && len(e.Sources) > 0 {
			detail += " [" + e.Sources[0].Publisher + "]"
		}
		detail = clipText(detail, 160)
		t.Rows = append(t.Rows, []any{e.Date, e.Type, e.Title, detail})
	}
	t.Notes = append(t.Notes, r.Notes...)
	t.Notes = append(t.Notes, provenance(r.Source))
	if r.Deals != nil {
		t.Notes = append(t.Notes, "Deals: dataset "+r.Deals.Dataset+" (generated "+r.Deals.Generated+").")
	}
	return t
}

// EventStudy shows the TIV before and after an event.
func EventStudy(r *engine.EventStudyResult) *table.Table {
	t := &table.Table{
		Title: fmt.Sprintf("Event study: %s → %s around %q (%s)", r.Supplier.Name, r.Recipient.Name, r.Event.Title, r.Event.Date),
		Columns: []table.Column{{Name: "Window", Decimals: -1}, {Name: "Years", Decimals: -1}, {Name: "Years in data", Decimals: -1},
			{Name: "Total TIV", Decimals: -1}, {Name: "Mean TIV per year", Decimals: 1}},
	}
	t.Rows = append(t.Rows,
		[]any{"before", r.Before.Years.String(), r.Before.InData, r.Before.TotalTIV, r.Before.MeanTIV},
		[]any{"event year", fmt.Sprint(r.EventYear.Year), 1, r.EventYear.TIV, r.EventYear.TIV},
		[]any{"after", r.After.Years.String(), r.After.InData, r.After.TotalTIV, r.After.MeanTIV})
	change := "not defined (no deliveries before)"
	if r.ChangePct != nil {
		change = fmt.Sprintf("%+.1f %%", *r.ChangePct) // "+5.5 %", as every other note writes a percentage
	}
	t.Notes = []string{"Change of the yearly mean, before → after: " + change + ".", r.Note, provenance(r.Source)}
	return t
}

// clipText cuts s to at most n bytes, ending in "..." when cut, at a
// character boundary: a cut inside a UTF-8 sequence would put invalid
// text in tables and CSV.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - 3
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
