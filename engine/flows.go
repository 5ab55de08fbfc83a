package engine

import (
	"context"
	"encoding/json"

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
	Partial bool `json:"partial,omitempty"`
	// MembersAsOf fixes a group's members to those of that year.
	MembersAsOf int    `json:"members_as_of,omitempty"`
	Dataset     string `json:"-"`
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
	// Covered is false for a year (or a period with none of its years)
	// outside the dataset's coverage: not "no deliveries", but no data.
	// Only a query with Partial gets such rows; a period it covers in part
	// is covered, its TIV that of the years covered (YearsCovered).
	Covered bool `json:"covered"`
	// Partial marks a covered year (or a period with one) that was not
	// over when the data was generated.
	Partial bool `json:"partial,omitempty"`
	// StraddleSharePct is, for an estimate, the share of the row's TIV from
	// deals whose deliveries extend beyond the row's years.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
	// YearsCovered is, for a period, how many of its years the dataset
	// covers: fewer than PeriodLength for a short first period.
	YearsCovered int `json:"years_covered,omitempty"`
	// PeriodLength is, for a period, the years a whole period has.
	PeriodLength int `json:"period_length,omitempty"`
	// ChangePct is, for a period, the change of TIV from the previous
	// period in percent; nil for the first, or when the previous had no
	// TIV (Change says "new"), or either is not covered or not whole (fewer
	// years, or years covered, than PeriodLength).
	ChangePct *float64 `json:"change_pct,omitempty"`
	// Change is "new" for a period with TIV after one without, "gone" for
	// one without after one with.
	Change string `json:"change,omitempty"`
}

// FlowResult is the answer to a FlowQuery.
type FlowResult struct {
	Source
	Query     FlowQuery `json:"query"`
	Supplier  *Party    `json:"supplier"`
	Recipient *Party    `json:"recipient"`
	// Group is the group of states the query named, with the members
	// counted.
	Group    *GroupInfo `json:"group,omitempty"`
	TotalTIV float64    `json:"total_tiv"`
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
	q.Years = ch.years
	sup, err := e.resolveSel(ctx, fs, q.Supplier, q.MembersAsOf, q.Years)
	if err != nil {
		return nil, err
	}
	rec, err := e.resolveSel(ctx, fs, q.Recipient, q.MembersAsOf, q.Years)
	if err != nil {
		return nil, err
	}
	res := &FlowResult{Source: ch.source(), Query: q}
	if sup != nil {
		p := partyOf(sup.Entity)
		res.Supplier = &p
		res.Group = sup.info
	}
	if rec != nil {
		p := partyOf(rec.Entity)
		res.Recipient = &p
		if rec.info != nil {
			res.Group = rec.info
		}
	}
	spans := []Period{}
	if q.By == "year" {
		for y := q.Years.From; y <= q.Years.To; y++ {
			spans = append(spans, Period{From: y, To: y})
		}
	} else {
		spans = Periods(q.Years, q.PeriodLength)
	}
	single := func(s *sel) bool { return s != nil && s.group == nil }
	missing := (single(sup) && sup.idx < 0) || (single(rec) && rec.idx < 0)
	si, ri := int32(anyParty), int32(anyParty)
	if single(sup) {
		si = sup.idx
	}
	if single(rec) {
		ri = rec.idx
	}
	groupS, groupR := sup != nil && sup.group != nil, rec != nil && rec.group != nil
	// One pass over the years asked, each flow summed into its row: a pass
	// per row was most of a year-by-year answer's time.
	n := len(spans)
	tiv, straddle := make([]float64, n), make([]float64, n)
	any, covered := make([]bool, n), make([]bool, n)
	rowOf := make([]int32, q.Years.To-q.Years.From+1)
	for i, p := range spans {
		// A period that the dataset covers in part (--partial) shows the
		// years it covers, marked by YearsCovered, rather than hiding them
		// from the row and the total.
		covered[i] = ch.covered(p.From, p.To) || q.By != "year" && ch.yearsCovered(Years{p.From, p.To}) > 0
		for y := p.From; y <= p.To; y++ {
			rowOf[y-q.Years.From] = int32(i)
		}
	}
	if !missing {
		first := int32(q.Years.From)
		for _, f := range fs.span(max(q.Years.From, ch.cov.From), min(q.Years.To, ch.cov.To)) {
			if (si == anyParty || f.Supplier == si) && (ri == anyParty || f.Recipient == ri) &&
				(!groupS || sup.match(f.Supplier, f.Year)) && (!groupR || rec.match(f.Recipient, f.Year)) {
				i := rowOf[f.Year-first]
				tiv[i] += f.TIV
				any[i] = true
				if straddles(f, int32(spans[i].From), int32(spans[i].To)) {
					straddle[i] += f.TIV
				}
			}
		}
	}
	straddleAll := 0.0
	res.Rows = make([]FlowRow, n)
	for i, p := range spans {
		row := FlowRow{Period: p.Label, From: p.From, To: p.To, Covered: covered[i], Partial: ch.partial(p.From, p.To)}
		if q.By == "year" {
			row = FlowRow{Year: p.From, Covered: row.Covered, Partial: row.Partial}
		} else {
			row.YearsCovered, row.PeriodLength = ch.yearsCovered(Years{p.From, p.To}), q.PeriodLength
		}
		if row.Covered {
			row.TIV, row.Deliveries = ch.clean(tiv[i]), any[i]
			row.StraddleSharePct = ch.straddleShare(straddle[i], tiv[i])
			straddleAll += straddle[i]
			res.TotalTIV += tiv[i]
		}
		// A change from or to a period with fewer years than a whole one
		// (the first, cut by --years, or one the data covers in part) would
		// compare unequal spans: 1 year against 5 read as +33,000 %.
		if q.By == "period" && i > 0 && row.Covered && res.Rows[i-1].Covered && whole(row, q.PeriodLength) && whole(res.Rows[i-1], q.PeriodLength) {
			row.ChangePct, row.Change = changeOf(row.TIV, res.Rows[i-1].TIV)
		}
		res.Rows[i] = row
	}
	res.TotalTIV = ch.clean(res.TotalTIV)
	res.StraddleSharePct = ch.straddleShare(straddleAll, res.TotalTIV)
	res.Note = ch.note(res.StraddleSharePct)
	return res, nil
}

// whole reports whether a period row spans a whole period, every year of
// it covered: only such periods are compared.
func whole(row FlowRow, length int) bool {
	return row.To-row.From+1 == length && row.YearsCovered == length
}

// MarshalJSON writes a row the dataset does not cover with "tiv": null: no
// data, which a 0 would present as no deliveries to a script summing the
// column.
func (row FlowRow) MarshalJSON() ([]byte, error) {
	type plain FlowRow
	out := struct {
		plain
		TIV *float64 `json:"tiv"`
	}{plain: plain(row)}
	if row.Covered {
		out.TIV = &row.TIV
	}
	return json.Marshal(out)
}
