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
	// Partial accepts a dataset that covers only some of the years asked
	// when none covers them all: the others are marked not covered.
	Partial bool   `json:"partial,omitempty"`
	Dataset string `json:"-"`
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
	// Covered is false for a year (or a period with a year) outside the
	// dataset's coverage: not "no deliveries", but no data. Only a query
	// with Partial gets such rows.
	Covered bool `json:"covered"`
	// Partial marks a covered year (or a period with one) that was not
	// over when the data was generated.
	Partial bool `json:"partial,omitempty"`
	// StraddleSharePct is, for an estimate, the share of the row's TIV from
	// deals whose deliveries extend beyond the row's years.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
}

// FlowResult is the answer to a FlowQuery.
type FlowResult struct {
	Source
	Query     FlowQuery `json:"query"`
	Supplier  *Party    `json:"supplier"`
	Recipient *Party    `json:"recipient"`
	TotalTIV  float64   `json:"total_tiv"`
	// StraddleSharePct is, for an estimate, the share of TotalTIV from deals
	// whose deliveries extend beyond their row's years.
	StraddleSharePct *float64  `json:"straddle_share_pct,omitempty"`
	Rows             []FlowRow `json:"rows"`
	Note             string    `json:"note"`
}

// flowView is the view a flows question needs.
func flowView(supplier, recipient string) string {
	switch {
	case supplier == "":
		return armsflow.ViewImports
	case recipient == "":
		return armsflow.ViewExports
	}
	return armsflow.ViewDyads
}

// Flows answers q.
func (e *Engine) Flows(ctx context.Context, q FlowQuery) (*FlowResult, error) {
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
	ch, err := e.choose(ctx, q.Dataset, need{view: flowView(q.Supplier, q.Recipient), years: q.Years, partial: q.Partial,
		hint: "or 'flows --partial' to see the years the best dataset covers"})
	if err != nil {
		return nil, err
	}
	fs := ch.fs
	sup, rec, err := fs.resolvePair(q.Supplier, q.Recipient)
	if err != nil {
		return nil, err
	}
	q.Years = ch.years
	res := &FlowResult{Source: ch.source(), Query: q}
	if sup != nil {
		p := partyOf(sup.Entity)
		res.Supplier = &p
	}
	if rec != nil {
		p := partyOf(rec.Entity)
		res.Recipient = &p
	}
	spans := []Period{}
	if q.By == "year" {
		for y := q.Years.From; y <= q.Years.To; y++ {
			spans = append(spans, Period{From: y, To: y})
		}
	} else {
		spans = Periods(q.Years, q.PeriodLength)
	}
	missing := (sup != nil && sup.idx < 0) || (rec != nil && rec.idx < 0)
	si, ri := filterIdx(sup), filterIdx(rec)
	straddleAll := 0.0
	res.Rows = make([]FlowRow, 0, len(spans))
	for _, p := range spans {
		row := FlowRow{Period: p.Label, From: p.From, To: p.To, Covered: ch.covered(p.From, p.To), Partial: ch.partial(p.From, p.To)}
		if q.By == "year" {
			row = FlowRow{Year: p.From, Covered: row.Covered, Partial: row.Partial}
		}
		if row.Covered && !missing {
			tiv, straddle, any := 0.0, 0.0, false
			from, to := int32(p.From), int32(p.To)
			for _, f := range fs.span(p.From, p.To) {
				if (si == anyParty || f.s == si) && (ri == anyParty || f.r == ri) {
					tiv += f.tiv
					any = true
					if f.straddles(from, to) {
						straddle += f.tiv
					}
				}
			}
			row.TIV, row.Deliveries = ch.clean(tiv), any
			row.StraddleSharePct = ch.straddleShare(straddle, row.TIV)
			straddleAll += straddle
			res.TotalTIV += row.TIV
		}
		res.Rows = append(res.Rows, row)
	}
	res.TotalTIV = ch.clean(res.TotalTIV)
	res.StraddleSharePct = ch.straddleShare(straddleAll, res.TotalTIV)
	res.Note = ch.note(res.StraddleSharePct)
	return res, nil
}
