package http

import (
	nethttp "net/http"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// standingResult is a party's standing among the world's exporters
// (side suppliers) or importers (side recipients), one ranking per period.
type standingResult struct {
	Party        *engine.Party        `json:"party"`
	Side         string               `json:"side"`
	Years        engine.Years         `json:"years"`
	PeriodLength int                  `json:"period_length"`
	Periods      []*engine.RankResult `json:"periods"`
}

// standingTable is the table of a standing, as the report shows it.
func standingTable(res *standingResult) *table.Table {
	title, count := res.Party.Name+" among world exporters, per period", "Exporters"
	if res.Side == "recipients" {
		title, count = res.Party.Name+" among world importers, per period", "Importers"
	}
	return view.Standing(title, count, res.Periods)
}

// apiStanding answers a party's world rank and share per period, as the
// report's standing tables and the dyad page show them. The years and the
// dataset are resolved once, by the party's flows, so that every period is
// answered from the same dataset (periods from different vintages would
// not compare).
func (s *Server) apiStanding(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := newParams(r, "party", "side", "years", "period-length", "limit", "dataset")
	side, party := p.str("side"), p.str("party")
	fq := engine.FlowQuery{Years: p.years("years"), By: "period", PeriodLength: p.int("period-length", 5), Dataset: p.str("dataset")}
	limit := p.int("limit", 10)
	f := p.tableFormat()
	if p.err == nil && party == "" {
		p.err = armsflow.Errorf(armsflow.EINVALID, "standing needs party=NAME")
	}
	if p.err == nil && side != "suppliers" && side != "recipients" {
		p.err = armsflow.Errorf(armsflow.EINVALID, "side=%q: use suppliers (the world's exporters) or recipients (importers)", side)
	}
	if p.err == nil && limit < 0 {
		p.err = armsflow.Errorf(armsflow.EINVALID, "limit=%d: use 0 for all rows, or a positive number", limit)
	}
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	if side == "suppliers" {
		fq.Supplier = party
	} else {
		fq.Recipient = party
	}
	eng := s.snapOf(r).eng
	flows, err := eng.Flows(r.Context(), fq)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res := &standingResult{Party: flows.Supplier, Side: side, Years: flows.Query.Years, PeriodLength: flows.Query.PeriodLength,
		Periods: []*engine.RankResult{}}
	rq := engine.RankQuery{Side: side, Supplier: party, Limit: limit, Dataset: flows.Dataset}
	if side == "recipients" {
		res.Party, rq.Supplier, rq.Recipient = flows.Recipient, "", party
	}
	if res.Party == nil { // never for a party the engine resolved; the title needs a name
		res.Party = &engine.Party{Name: party}
	}
	for _, per := range engine.Periods(res.Years, res.PeriodLength) {
		rq.Years = engine.Years{From: per.From, To: per.To}
		rk, err := eng.Rank(r.Context(), rq)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		res.Periods = append(res.Periods, rk)
	}
	s.answer(w, r, f, res, func() *table.Table { return standingTable(res) })
}
