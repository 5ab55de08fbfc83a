package engine

import (
	"context"
	"strings"

	"github.com/armsflow/armsflow"
)

// StandingQuery asks for a party's rank and share among the world's
// exporters (Side "suppliers") or importers (Side "recipients"), one
// ranking per period of the span.
type StandingQuery struct {
	Party        string `json:"party"`
	Side         string `json:"side"`
	Years        Years  `json:"years"`
	PeriodLength int    `json:"period_length"` // years per period, default 5
	Limit        int    `json:"limit"`         // rows of each period's ranking; 0 = all
	Dataset      string `json:"-"`
}

// StandingResult is the answer to a StandingQuery: one ranking per period,
// each with the party's row in focus (Focus, or a row marked Focus).
type StandingResult struct {
	Party        *Party        `json:"party"`
	Side         string        `json:"side"`
	Years        Years         `json:"years"`
	PeriodLength int           `json:"period_length"`
	Periods      []*RankResult `json:"periods"`
}

// Standing answers q. The years and the dataset are resolved once, by the
// party's own flows (its exports, or its imports), and every period is
// ranked from that dataset: periods answered from different vintages
// would not compare. An open span takes that dataset's coverage.
func (e *Engine) Standing(ctx context.Context, q StandingQuery) (*StandingResult, error) {
	q.Party = strings.TrimSpace(q.Party)
	if q.Party == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "standing needs a party, e.g. 'armsflow standing Russia --side suppliers'")
	}
	if q.Side != "suppliers" && q.Side != "recipients" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--side %q: use suppliers (the world's exporters) or recipients (importers)", q.Side)
	}
	if q.Limit < 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--limit %d: use 0 for all rows, or a positive number", q.Limit)
	}
	fq := FlowQuery{Years: q.Years, By: "period", PeriodLength: q.PeriodLength, Dataset: q.Dataset}
	rq := RankQuery{Side: q.Side, Limit: q.Limit}
	if q.Side == "suppliers" {
		fq.Supplier, rq.Supplier = q.Party, q.Party
	} else {
		fq.Recipient, rq.Recipient = q.Party, q.Party
	}
	// The dataset is chosen here rather than by Flows, whose refusal
	// would send the caller to flows' --partial, which standing has not.
	ch, err := e.choose(ctx, q.Dataset, need{view: flowView(fq.Supplier, fq.Recipient), years: q.Years})
	if err != nil {
		return nil, err
	}
	fq.Dataset, fq.Years = ch.source().Dataset, ch.years
	flows, err := e.Flows(ctx, fq)
	if err != nil {
		return nil, err
	}
	res := &StandingResult{Party: flows.Supplier, Side: q.Side, Years: flows.Query.Years,
		PeriodLength: flows.Query.PeriodLength, Periods: []*RankResult{}}
	if q.Side == "recipients" {
		res.Party = flows.Recipient
	}
	if res.Party == nil { // never for a party the engine resolved; a title needs a name
		res.Party = &Party{Name: q.Party}
	}
	rq.Dataset = flows.Dataset
	for _, per := range Periods(res.Years, res.PeriodLength) {
		rq.Years = Years{From: per.From, To: per.To}
		rk, err := e.Rank(ctx, rq)
		if err != nil {
			return nil, err
		}
		res.Periods = append(res.Periods, rk)
	}
	return res, nil
}
