package engine

import (
	"context"

	"github.com/armsflow/armsflow"
)

// FlowQuery asks for the yearly TIV from a supplier to a recipient. Either
// party may be empty, meaning all: a recipient's total imports, or a
// supplier's total exports.
type FlowQuery struct {
	Supplier     string `json:"supplier"`
	Recipient    string `json:"recipient"`
	Years        Years  `json:"years"`
	By           string `json:"by"`            // "year" (default) or "period"
	PeriodLength int    `json:"period_length"` // years per period, default 5
	Dataset      string `json:"-"`
}

// FlowRow is one year's or one period's TIV.
type FlowRow struct {
	Year   int     `json:"year,omitempty"`
	Period string  `json:"period,omitempty"`
	From   int     `json:"from,omitempty"`
	To     int     `json:"to,omitempty"`
	TIV    float64 `json:"tiv"`
	// Deliveries is false where SIPRI records no deliveries at all; a TIV of
	// 0 with Deliveries true means deliveries worth less than 0.5 million.
	Deliveries bool `json:"deliveries"`
}

// FlowResult is the answer to a FlowQuery.
type FlowResult struct {
	Source
	Query     FlowQuery `json:"query"`
	Supplier  *Party    `json:"supplier"`
	Recipient *Party    `json:"recipient"`
	TotalTIV  float64   `json:"total_tiv"`
	Rows      []FlowRow `json:"rows"`
	Note      string    `json:"note"`
}

// Flows answers q.
func (e *Engine) Flows(ctx context.Context, q FlowQuery) (*FlowResult, error) {
	fs, err := e.flowsFor(ctx, q.Dataset)
	if err != nil {
		return nil, err
	}
	if q.Supplier == "" && q.Recipient == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "flows needs --supplier, --recipient or both")
	}
	if q.By == "" {
		q.By = "year"
	}
	if q.By != "year" && q.By != "period" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--by %q: use year or period", q.By)
	}
	if err := periodLength(&q.PeriodLength); err != nil {
		return nil, err
	}
	sup, rec, err := fs.resolvePair(q.Supplier, q.Recipient, &q.Years)
	if err != nil {
		return nil, err
	}
	res := &FlowResult{Source: fs.source(), Query: q, Note: armsflow.RoundingNote}
	if fs.estimated {
		res.Note = "Estimated: yearly TIV spread evenly over each deal's delivery years from the trade register, because no TIV table is imported. " + res.Note
	}
	if sup != nil {
		p := partyOf(sup.Entity)
		res.Supplier = &p
	}
	if rec != nil {
		p := partyOf(rec.Entity)
		res.Recipient = &p
	}
	n := q.Years.To - q.Years.From + 1
	tiv := make([]float64, n)
	any := make([]bool, n)
	missing := (sup != nil && sup.idx < 0) || (rec != nil && rec.idx < 0)
	if !missing {
		for _, f := range fs.span(q.Years.From, q.Years.To) {
			if (sup == nil || f.s == sup.idx) && (rec == nil || f.r == rec.idx) {
				i := int(f.year) - q.Years.From
				tiv[i] += f.tiv
				any[i] = true
			}
		}
	}
	for i := range tiv {
		res.TotalTIV += tiv[i]
	}
	if q.By == "year" {
		res.Rows = make([]FlowRow, n)
		for i := range res.Rows {
			res.Rows[i] = FlowRow{Year: q.Years.From + i, TIV: tiv[i], Deliveries: any[i]}
		}
		return res, nil
	}
	for _, p := range Periods(q.Years, q.PeriodLength) {
		row := FlowRow{Period: p.Label, From: p.From, To: p.To}
		for y := p.From; y <= p.To; y++ {
			row.TIV += tiv[y-q.Years.From]
			row.Deliveries = row.Deliveries || any[y-q.Years.From]
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}
