package view

import (
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// Focus returns the row of the party a ranking named, or nil when it has
// no transfers in the selection.
func Focus(r *engine.RankResult) *engine.RankRow {
	for i := range r.Rows {
		if r.Rows[i].Focus {
			return &r.Rows[i]
		}
	}
	if r.Focus != nil && r.Focus.Rank > 0 {
		return r.Focus
	}
	return nil
}

// Standing is a party's rank and share among world exporters or importers
// per period, one ranking per period (rs, each naming the party), as the
// report and the dyad page show it. count names the last column, the
// parties ranked in the period ("Exporters", "Importers").
func Standing(title, count string, rs []*engine.RankResult) *table.Table {
	t := &table.Table{
		Title: title,
		Columns: []table.Column{{Name: "Period", Decimals: -1}, {Name: "Rank", Decimals: -1}, {Name: "TIV", Decimals: -1},
			{Name: "Share of world %", Decimals: table.FactSheet}, {Name: "World total TIV", Decimals: -1}, {Name: count, Decimals: -1}},
	}
	for _, r := range rs {
		row := []any{r.Query.Years.String(), nil, nil, nil, r.TotalTIV, r.Count}
		if f := Focus(r); f != nil {
			row[1], row[2], row[3] = f.Rank, f.TIV, f.SharePct
		} else {
			// No transfers in the period: no rank and no TIV, a dash as the
			// note says (a TIV of 0 is SIPRI's "more than 0 and less than
			// 0.5", and a blank would read as unknown where it is known to
			// be none); its share of a world total that is not 0 is 0.
			row[1], row[2], row[3] = "–", "–", "–"
			if r.TotalTIV > 0 {
				row[3] = 0.0
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if len(rs) > 0 {
		// Every period is answered from one dataset (the caller's choice),
		// so the first's source is the table's.
		t.Notes = []string{"Shares are of the world total in each period; a dash means no transfers in the period (no rank, no TIV).", provenance(rs[0].Source)}
	}
	return t
}

// PartyStanding is the table of a party's standing (engine.Standing), as
// the report's standing tables show it.
func PartyStanding(res *engine.StandingResult) *table.Table {
	title, count := res.Party.Name+" among world exporters, per period", "Exporters"
	if res.Side == "recipients" {
		title, count = res.Party.Name+" among world importers, per period", "Importers"
	}
	return Standing(title, count, res.Periods)
}
