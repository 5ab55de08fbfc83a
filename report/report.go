// Package report builds the complete study of one supplier–recipient arms
// relationship from the engine — world ranks, partners, regional context,
// diversification, yearly flows, categories, deals, events and key findings —
// and renders it as HTML, Markdown, XLSX, LaTeX and CSV.
//
// Build computes; it calls the engine for every figure and sums nothing
// itself. The writers only present: every table is a table.Table, so the
// Markdown, LaTeX and CSV forms are the ones the command line prints.
package report

import (
	"context"
	"fmt"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/chart"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// Query says which relationship to report on.
type Query struct {
	Supplier  string       `json:"supplier"`
	Recipient string       `json:"recipient"`
	Years     engine.Years `json:"years"` // open bounds mean the data's first or last year
	// PeriodLength is the years per period (default 5); periods end at the
	// last year.
	PeriodLength int `json:"period_length"`
	// Top is the number of partners listed per ranking (default 10).
	Top int `json:"top"`
	// Dataset names the flows dataset; "" is the best that covers Years
	// (see engine: tables, then a register with yearly TIV, then an estimate).
	Dataset string `json:"dataset,omitempty"`
	// MarkerKinds are the event kinds drawn on the yearly chart; nil draws
	// DefaultMarkerKinds. Every event is listed in the events table.
	MarkerKinds []string `json:"marker_kinds,omitempty"`
}

// DefaultMarkerKinds are the event kinds drawn on the yearly chart unless
// the query names others: the ones that move arms flows. Visits, talks and
// statements would crowd a twenty-year chart.
var DefaultMarkerKinds = []string{"agreement", "contract", "sanction", "conflict"}

// Section is one numbered part of a report.
type Section struct {
	ID     string         // anchor and file-name stem, e.g. "supplier-world"
	Title  string         // e.g. "1. Russia among world exporters"
	Intro  string         // one sentence saying what the section shows
	Tables []*table.Table // in order
	Charts []*Chart
	// Empty, when set, replaces the tables: why there is nothing to show.
	Empty string
	// Source is the provenance line of the section's figures.
	Source string
}

// Chart is a chart of a section with a stem for its files.
type Chart struct {
	Name string // file stem, e.g. "yearly"
	*chart.Chart
}

// Finding is one sentence of the key findings, stated from computed figures.
type Finding struct {
	Kind string `json:"kind"` // what it is about, e.g. "peak-year", "share-change"
	Text string `json:"text"`
}

// Report is a built report: figures from the engine, ready to render.
type Report struct {
	Query     Query
	Supplier  engine.Party
	Recipient engine.Party
	Subregion string // the recipient's SIPRI subregion, "" when unknown
	Years     engine.Years
	Periods   []engine.Period
	// NoTransfers is true when the pair has no recorded transfers in the span.
	NoTransfers bool

	// The engine's answers the sections present.
	SupplierWorld      []*engine.RankResult // per period: world exporters, the supplier in focus
	SupplierRecipients []*engine.RankResult // per period: the supplier's recipients, the recipient in focus
	Regional           *engine.RankResult   // the supplier's recipients in the subregion over the span; nil without a subregion
	RecipientWorld     []*engine.RankResult // per period: world importers, the recipient in focus
	RecipientSuppliers []*engine.RankResult // per period: the recipient's suppliers, the supplier in focus
	Concentration      *engine.ConcentrationResult
	YearlyImports      *engine.ConcentrationResult // one-year periods: the recipient's imports by supplier per year
	Yearly             *engine.FlowResult
	ByPeriod           *engine.FlowResult
	// Change is the recipient's suppliers in the last period compared with
	// the first, the supplier in focus: the findings' change comes from it,
	// as 'rank --compare' gives it.
	Change         *engine.RankResult
	Categories     *engine.CategoryResult // the recipient's imports by category (long form); nil when not imported
	DyadCategories *engine.CategoryResult // the pair's register deals by category; nil without a register
	Deals          *engine.DealResult     // nil without a register
	Events         []armsflow.Event
	// Dependency is the recipient's stock of major arms by supplier, year
	// by year; nil with DependencyMissing saying why when no register
	// answers for the span.
	Dependency        *engine.DependencyResult
	DependencyMissing string

	Findings []Finding
	Sections []*Section
	// Datasets are the datasets the report's figures came from.
	Datasets []armsflow.Dataset
	// CategoriesNotCovered says why the recipient's imports by category are
	// not shown when the long form does not cover the report's years.
	CategoriesNotCovered string
	// Notes are general notes: rounding, estimates, missing data.
	Notes []string
}

// Title is the report's title.
func (r *Report) Title() string {
	return fmt.Sprintf("Arms transfers from %s to %s, %s", r.Supplier.Name, r.Recipient.Name, dash(r.Years.String()))
}

// dash writes a span of years with an en dash, as print does.
func dash(s string) string { return strings.Replace(s, "-", "–", 1) }

// Build computes every section of the report from e.
func Build(ctx context.Context, e *engine.Engine, q Query) (*Report, error) {
	if q.Supplier == "" || q.Recipient == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "a report needs --supplier and --recipient")
	}
	if q.PeriodLength == 0 {
		q.PeriodLength = 5
	}
	if q.Top == 0 {
		q.Top = 10
	}
	if q.Top < 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--top %d: use a positive number", q.Top)
	}
	r := &Report{Query: q}
	// The yearly flows resolve both names (with suggestions) and fix the span.
	yearly, err := e.Flows(ctx, engine.FlowQuery{Supplier: q.Supplier, Recipient: q.Recipient, Years: q.Years, PeriodLength: q.PeriodLength, Dataset: q.Dataset})
	if err != nil {
		return nil, err
	}
	r.Yearly = yearly
	r.Supplier, r.Recipient = *yearly.Supplier, *yearly.Recipient
	if r.Supplier.Name == r.Recipient.Name {
		return nil, armsflow.Errorf(armsflow.EINVALID, "the supplier and the recipient are both %s: name two parties", r.Supplier.Name)
	}
	r.Years = yearly.Query.Years
	// Every figure of the report comes from the dataset the yearly flows
	// were answered from (the best that covers the years): periods answered
	// from different vintages would not compare.
	q.Dataset = yearly.Dataset
	r.Periods = engine.Periods(r.Years, q.PeriodLength)
	r.NoTransfers = !anyDelivery(yearly.Rows)
	if r.ByPeriod, err = e.Flows(ctx, engine.FlowQuery{Supplier: r.Supplier.Name, Recipient: r.Recipient.Name, Years: r.Years,
		By: "period", PeriodLength: q.PeriodLength, Dataset: q.Dataset}); err != nil {
		return nil, err
	}
	if ent, ok := e.Names().Lookup(r.Recipient.Name); ok {
		r.Subregion = ent.Subregion
	}
	S, R := r.Supplier.Name, r.Recipient.Name
	for _, p := range r.Periods {
		span := engine.Years{From: p.From, To: p.To}
		for _, x := range []struct {
			q   engine.RankQuery
			dst *[]*engine.RankResult
		}{
			{engine.RankQuery{Side: "suppliers", Supplier: S}, &r.SupplierWorld},
			{engine.RankQuery{Side: "recipients", Supplier: S, Recipient: R}, &r.SupplierRecipients},
			{engine.RankQuery{Side: "recipients", Recipient: R}, &r.RecipientWorld},
			{engine.RankQuery{Side: "suppliers", Recipient: R, Supplier: S}, &r.RecipientSuppliers},
		} {
			x.q.Years, x.q.Limit, x.q.Dataset = span, q.Top, q.Dataset
			res, err := e.Rank(ctx, x.q)
			if err != nil {
				return nil, err
			}
			*x.dst = append(*x.dst, res)
		}
	}
	if n := len(r.Periods); n > 1 {
		first, last := r.Periods[0], r.Periods[n-1]
		if r.Change, err = e.Rank(ctx, engine.RankQuery{Side: "suppliers", Recipient: R, Supplier: S,
			Years: engine.Years{From: last.From, To: last.To}, Compare: engine.Years{From: first.From, To: first.To}, Dataset: q.Dataset}); err != nil {
			return nil, err
		}
	}
	if r.Subregion != "" {
		if r.Regional, err = e.Rank(ctx, engine.RankQuery{Side: "recipients", Supplier: S, Recipient: R, Region: r.Subregion,
			Years: r.Years, Dataset: q.Dataset}); err != nil {
			return nil, err
		}
	}
	if r.Concentration, err = e.Concentration(ctx, engine.ConcentrationQuery{Recipient: R, Years: r.Years,
		PeriodLength: q.PeriodLength, Dataset: q.Dataset}); err != nil {
		return nil, err
	}
	if r.YearlyImports, err = e.Concentration(ctx, engine.ConcentrationQuery{Recipient: R, Years: r.Years,
		PeriodLength: 1, Dataset: q.Dataset}); err != nil {
		return nil, err
	}
	cats, err := e.Categories(ctx, engine.CategoryQuery{Country: R, Years: r.Years})
	switch armsflow.ErrorCode(err) {
	case "":
		r.Categories = cats
	case armsflow.ENOTFOUND: // no long form imported: the section says so
	case armsflow.ENOTCOVERED:
		r.CategoriesNotCovered = armsflow.ErrorMessage(err)
	default:
		return nil, err
	}
	if r.DyadCategories, err = optional(e.DealCategories(ctx, engine.DealCategoryQuery{Supplier: S, Recipient: R, Years: r.Years})); err != nil {
		return nil, err
	}
	if r.Deals, err = r.deals(ctx, e); err != nil {
		return nil, err
	}
	evs, err := e.Events(ctx, engine.EventQuery{Between: []string{S, R}, Years: r.Years})
	if err != nil {
		return nil, err
	}
	r.Events = evs.Rows
	all, err := e.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	r.Datasets = usedDatasets(all, r)
	// How exact the figures are (as published and rounded, exact sums of
	// yearly values, or estimated with the share that straddles), and the
	// years that were not over when the data was generated.
	r.Notes = []string{yearly.Note}
	r.Findings = findings(r)
	if err := r.dependency(ctx, e); err != nil {
		return nil, err
	}
	if err := r.sections(); err != nil {
		return nil, err
	}
	return r, nil
}

// optional turns "no such dataset" into a nil result: a section that says
// the data is not imported.
func optional(c *engine.CategoryResult, err error) (*engine.CategoryResult, error) {
	if err != nil && armsflow.ErrorCode(err) == armsflow.ENOTFOUND {
		return nil, nil
	}
	return c, err
}

// deals returns the pair's deals ordered in the span or with a delivery in
// it (the engine's rule: deals ordered in the span but delivered outside it,
// or not yet, are the open orders an analyst most needs to see), from the
// newest register; nil when no register is imported.
func (r *Report) deals(ctx context.Context, e *engine.Engine) (*engine.DealResult, error) {
	d, err := e.Deals(ctx, engine.DealQuery{Supplier: r.Supplier.Name, Recipient: r.Recipient.Name, Span: r.Years})
	if armsflow.ErrorCode(err) == armsflow.ENOTFOUND {
		return nil, nil
	}
	return d, err
}

func anyDelivery(rows []engine.FlowRow) bool {
	for _, row := range rows {
		if row.Deliveries {
			return true
		}
	}
	return false
}

// usedDatasets lists the datasets the report's results name, in the
// library's order.
func usedDatasets(all []armsflow.Dataset, r *Report) []armsflow.Dataset {
	used := map[string]bool{r.Yearly.Dataset: true}
	if r.Categories != nil {
		used[r.Categories.Dataset] = true
	}
	if r.DyadCategories != nil {
		used[r.DyadCategories.Dataset] = true
	}
	if r.Deals != nil {
		used[r.Deals.Dataset] = true
	}
	if r.Dependency != nil {
		used[r.Dependency.Dataset] = true
	}
	var out []armsflow.Dataset
	for _, d := range all {
		if used[d.Name] {
			out = append(out, d)
		}
	}
	return out
}

// sourceLine is the provenance line under a figure from s.
func sourceLine(s engine.Source) string {
	gen := "generated " + s.Generated
	if s.Generated == "" {
		gen = "undated" // not "generated undated"
	}
	line := fmt.Sprintf("%s (dataset %s, %s)", armsflow.Source, s.Dataset, gen)
	if !s.Coverage.IsZero() {
		line = fmt.Sprintf("%s (dataset %s, %s, covers %s)", armsflow.Source, s.Dataset, gen, s.Coverage)
	}
	if s.Estimated {
		line += "; estimated from register deliveries"
	}
	return line
}

// Tables lists every table of the report with a file stem for each, in
// section order.
func (r *Report) Tables() []NamedTable {
	var out []NamedTable
	for _, s := range r.Sections {
		for i, t := range s.Tables {
			name := s.ID
			if len(s.Tables) > 1 {
				name = fmt.Sprintf("%s-%d", s.ID, i+1)
			}
			out = append(out, NamedTable{Name: name, Table: t})
		}
	}
	return out
}

// NamedTable is a table with a file stem, e.g. "supplier-world".
type NamedTable struct {
	Name string
	*table.Table
}

// Charts lists every chart of the report.
func (r *Report) Charts() []*Chart {
	var out []*Chart
	for _, s := range r.Sections {
		out = append(out, s.Charts...)
	}
	return out
}
