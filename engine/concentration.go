package engine

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/armsflow/armsflow"
)

// ConcentrationQuery asks how concentrated a recipient's suppliers are,
// period by period: the measures of a diversification study.
type ConcentrationQuery struct {
	Recipient    string `json:"recipient"`
	Years        Years  `json:"years"`
	PeriodLength int    `json:"period_length"`
	Dataset      string `json:"-"`
}

// SupplierShare is one supplier's part of a recipient's imports in a period.
type SupplierShare struct {
	Name     string   `json:"name"`
	Code     string   `json:"code"`
	TIV      float64  `json:"tiv"`
	SharePct *float64 `json:"share_pct"`
}

// ConcentrationRow holds one period's measures.
type ConcentrationRow struct {
	Period      string   `json:"period"`
	From        int      `json:"from"`
	To          int      `json:"to"`
	TotalTIV    float64  `json:"total_tiv"`
	Suppliers   int      `json:"suppliers"` // parties with any recorded delivery, "Unknown supplier(s)" included as SIPRI lists it
	TopSupplier string   `json:"top_supplier"`
	TopSharePct *float64 `json:"top_share_pct"`
	// HHI is the Herfindahl-Hirschman index of supplier shares in percent,
	// from near 0 (many small suppliers) to 10,000 (a single supplier); nil
	// when nothing was delivered.
	HHI *float64 `json:"hhi"`
	// Shares lists every supplier of the period, largest first.
	Shares []SupplierShare `json:"shares"`
	// Partial marks a period with a year that was not over when the data
	// was generated.
	Partial bool `json:"partial,omitempty"`
	// YearsCovered is how many of the period's years the dataset covers,
	// fewer than PeriodLength for a short first period.
	YearsCovered int `json:"years_covered"`
	PeriodLength int `json:"period_length"`
	// StraddleSharePct is, for an estimate, the share of the period's TIV
	// from deals whose deliveries extend beyond the period.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
	// NullReason says why TopSharePct and HHI are null (and TopSupplier
	// empty): no deliveries recorded in the period's covered years, or
	// deliveries whose TIV sums to 0; empty when they are known.
	NullReason string `json:"null_reason,omitempty"`
}

// ConcentrationResult is the answer to a ConcentrationQuery.
type ConcentrationResult struct {
	Source
	Query     ConcentrationQuery `json:"query"`
	Recipient Party              `json:"recipient"`
	Rows      []ConcentrationRow `json:"rows"`
	// StraddleSharePct is, for an estimate, the share of all periods' TIV
	// from deals whose deliveries extend beyond their period.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
	Note             string   `json:"note"`
}

// Concentration answers q.
func (e *Engine) Concentration(ctx context.Context, q ConcentrationQuery) (*ConcentrationResult, error) {
	if q.Recipient == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "concentration needs --recipient")
	}
	if err := periodLength(&q.PeriodLength); err != nil {
		return nil, err
	}
	ch, err := e.choose(ctx, q.Dataset, need{view: armsflow.ViewDyads, years: q.Years})
	if err != nil {
		return nil, err
	}
	fs := ch.fs
	_, rec, err := fs.resolvePair("", q.Recipient)
	if err != nil {
		return nil, err
	}
	q.Years = ch.years
	res := &ConcentrationResult{Source: ch.source(), Query: q, Recipient: partyOf(rec.Entity)}
	straddleAll, totalAll := 0.0, 0.0
	for _, p := range Periods(q.Years, q.PeriodLength) {
		row := ConcentrationRow{Period: p.Label, From: p.From, To: p.To, Shares: []SupplierShare{}, Partial: ch.partial(p.From, p.To),
			YearsCovered: ch.yearsCovered(Years{p.From, p.To}), PeriodLength: q.PeriodLength}
		bySup := map[int32]float64{}
		straddle, total := 0.0, 0.0
		if ri := rec.idx; ri >= 0 {
			from, to := int32(p.From), int32(p.To)
			for _, f := range fs.span(p.From, p.To) {
				if f.Recipient == ri && f.Supplier >= 0 {
					bySup[f.Supplier] += f.TIV
					total += f.TIV
					if straddles(f, from, to) {
						straddle += f.TIV
					}
				}
			}
		}
		row.TotalTIV = ch.clean(total)
		row.StraddleSharePct = ch.straddleShare(straddle, row.TotalTIV)
		straddleAll += straddle
		totalAll += row.TotalTIV
		for s, tiv := range bySup {
			ent := fs.parties[s]
			row.Shares = append(row.Shares, SupplierShare{Name: ent.Name, Code: ent.Code, TIV: ch.clean(tiv), SharePct: pct(tiv, total)})
		}
		sort.Slice(row.Shares, func(i, j int) bool {
			a, b := row.Shares[i], row.Shares[j]
			if a.TIV != b.TIV {
				return a.TIV > b.TIV
			}
			return a.Name < b.Name
		})
		row.Suppliers = len(row.Shares)
		if row.TotalTIV > 0 {
			hhi := 0.0
			for _, s := range row.Shares {
				sh := 100 * s.TIV / row.TotalTIV
				hhi += sh * sh
			}
			hhi = math.Round(hhi)
			row.HHI = &hhi
			row.TopSupplier = row.Shares[0].Name
			row.TopSharePct = row.Shares[0].SharePct
		} else if len(row.Shares) > 0 {
			row.TopSupplier = row.Shares[0].Name
			row.NullReason = fmt.Sprintf("the deliveries of %s sum to 0 TIV, so there are no shares to take", p.Label)
		} else {
			row.NullReason = fmt.Sprintf("no deliveries recorded in %s, so no top supplier, share or HHI", p.Label)
		}
		res.Rows = append(res.Rows, row)
	}
	res.StraddleSharePct = ch.straddleShare(straddleAll, totalAll)
	res.Note = "Shares are of the recipient's total imports in each period. " + ch.note(res.StraddleSharePct)
	return res, nil
}
