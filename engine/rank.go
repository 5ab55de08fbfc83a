package engine

import (
	"context"
	"fmt"
	"sort"

	"github.com/armsflow/armsflow"
)

// RankQuery asks for suppliers or recipients ranked by TIV over a span.
//
// For suppliers, Recipient and Region restrict the recipients counted
// (Viet Nam's suppliers; suppliers to South East Asia) and Supplier names a
// party whose row is reported even outside the top Limit. For recipients,
// Supplier and Region restrict (Russia's recipients in South East Asia) and
// Recipient names the party to find.
type RankQuery struct {
	Side      string `json:"side"` // "suppliers" or "recipients"
	Supplier  string `json:"supplier,omitempty"`
	Recipient string `json:"recipient,omitempty"`
	Region    string `json:"region,omitempty"`
	Years     Years  `json:"years"`
	Limit     int    `json:"limit"` // 0 = all
	Dataset   string `json:"-"`
}

// RankRow is one ranked party.
type RankRow struct {
	Rank     int                 `json:"rank"`
	Name     string              `json:"name"`
	Code     string              `json:"code"`
	Kind     armsflow.EntityKind `json:"kind"`
	TIV      float64             `json:"tiv"`
	SharePct *float64            `json:"share_pct"`
	// Focus marks the row of the party the query named.
	Focus bool `json:"focus,omitempty"`
	// StraddleSharePct is, for an estimate, the share of the row's TIV from
	// deals whose deliveries extend beyond the years asked.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
}

// RankResult is the answer to a RankQuery.
type RankResult struct {
	Source
	Query RankQuery `json:"query"`
	// ShareOf names the whole that shares are parts of, e.g. "world total"
	// or "total imports of Viet Nam".
	ShareOf string `json:"share_of"`
	// Supplier, Recipient and Region are the query's parties and region as
	// resolved (SIPRI's spelling), when it named them.
	Supplier  *Party  `json:"supplier,omitempty"`
	Recipient *Party  `json:"recipient,omitempty"`
	Region    string  `json:"region,omitempty"`
	TotalTIV  float64 `json:"total_tiv"`
	// StraddleSharePct is, for an estimate, the share of TotalTIV from deals
	// whose deliveries extend beyond the years asked: where the even split
	// can be wrong.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
	Count            int      `json:"count"` // parties ranked before the limit
	// PartialYears are the years of the span that were not over when the
	// data was generated: their figures may still grow.
	PartialYears []int     `json:"partial_years,omitempty"`
	Rows         []RankRow `json:"rows"`
	// Focus is the named party's row when it is outside the top Limit (or
	// has no transfers at all, with a zero rank).
	Focus *RankRow `json:"focus,omitempty"`
	Note  string   `json:"note"`
}

// Rank answers q.
func (e *Engine) Rank(ctx context.Context, q RankQuery) (*RankResult, error) {
	if q.Side != "suppliers" && q.Side != "recipients" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "rank %q: rank suppliers or recipients", q.Side)
	}
	if q.Limit < 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--limit %d: use 0 for all, or a positive number", q.Limit)
	}
	ch, err := e.choose(ctx, q.Dataset, need{view: rankView(q), years: q.Years})
	if err != nil {
		return nil, err
	}
	fs := ch.fs
	sup, rec, err := fs.resolvePair(q.Supplier, q.Recipient)
	if err != nil {
		return nil, err
	}
	q.Years = ch.years
	var inRegion []bool
	regionName := ""
	if q.Region != "" {
		r, err := fs.reg.ResolveRegion(q.Region)
		if err != nil {
			return nil, err
		}
		regionName = r.Name
		inRegion = make([]bool, len(fs.parties))
		for i, p := range fs.parties {
			inRegion[i] = fs.reg.InRegion(p.Name, r.Name)
		}
	}

	// Which side is grouped, which party is the focus, and which filters hold.
	bySupplier := q.Side == "suppliers"
	var filterS, filterR, focus *party
	if bySupplier {
		filterR, focus = rec, sup
	} else {
		filterS, focus = sup, rec
	}
	res := &RankResult{Source: ch.source(), Query: q, ShareOf: shareOf(q.Side, filterS, filterR, regionName),
		Region: regionName}
	if sup != nil {
		p := partyOf(sup.Entity)
		res.Supplier = &p
	}
	if rec != nil {
		p := partyOf(rec.Entity)
		res.Recipient = &p
	}
	totals := make([]float64, len(fs.parties))
	seen := make([]bool, len(fs.parties))
	var straddle []float64 // per party, for an estimate
	if fs.estimated {
		straddle = make([]float64, len(fs.parties))
	}
	straddleAll := 0.0
	empty := (filterS != nil && filterS.idx < 0) || (filterR != nil && filterR.idx < 0)
	if !empty {
		from, to := int32(q.Years.From), int32(q.Years.To)
		fsi, fri := filterIdx(filterS), filterIdx(filterR)
		for _, f := range fs.span(q.Years.From, q.Years.To) {
			if fsi != anyParty && f.s != fsi || fri != anyParty && f.r != fri {
				continue
			}
			g := f.r
			if bySupplier {
				g = f.s
			}
			// A table of totals has no party on its other side: its flows
			// count only for the side they total.
			if g < 0 || inRegion != nil && (f.r < 0 || !inRegion[f.r]) {
				continue
			}
			totals[g] += f.tiv
			seen[g] = true
			res.TotalTIV += f.tiv
			if straddle != nil && f.straddles(from, to) {
				straddle[g] += f.tiv
				straddleAll += f.tiv
			}
		}
	}
	rows := make([]RankRow, 0, 64)
	for i, ok := range seen {
		if ok {
			p := fs.parties[i]
			row := RankRow{Name: p.Name, Code: p.Code, Kind: p.Kind, TIV: ch.clean(totals[i])}
			if straddle != nil {
				row.StraddleSharePct = ch.straddleShare(straddle[i], totals[i])
			}
			rows = append(rows, row)
		}
	}
	res.TotalTIV = ch.clean(res.TotalTIV)
	res.PartialYears = ch.partialYears(q.Years.From, q.Years.To)
	res.StraddleSharePct = ch.straddleShare(straddleAll, res.TotalTIV)
	res.Note = ch.note(res.StraddleSharePct)
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].TIV != rows[j].TIV {
			return rows[i].TIV > rows[j].TIV
		}
		return rows[i].Name < rows[j].Name
	})
	for i := range rows {
		// Competition ranking: equal volumes share a rank.
		if i > 0 && rows[i].TIV == rows[i-1].TIV {
			rows[i].Rank = rows[i-1].Rank
		} else {
			rows[i].Rank = i + 1
		}
		rows[i].SharePct = pct(rows[i].TIV, res.TotalTIV)
		if focus != nil && rows[i].Name == focus.Name {
			rows[i].Focus = true
		}
	}
	res.Count = len(rows)
	if q.Limit > 0 && len(rows) > q.Limit {
		for i := q.Limit; i < len(rows); i++ {
			if rows[i].Focus {
				r := rows[i]
				res.Focus = &r
			}
		}
		rows = rows[:q.Limit]
	}
	if focus != nil && res.Focus == nil {
		found := false
		for _, r := range rows {
			found = found || r.Focus
		}
		if !found {
			zero := 0.0
			res.Focus = &RankRow{Name: focus.Name, Code: focus.Code, Kind: focus.Kind, SharePct: &zero, Focus: true}
		}
	}
	res.Rows = rows
	return res, nil
}

// rankView is the view a ranking needs: a world ranking of suppliers needs
// only each supplier's exports, of recipients (in a region or not) only
// each recipient's imports; any other needs suppliers and recipients.
func rankView(q RankQuery) string {
	switch {
	case q.Side == "suppliers" && q.Recipient == "" && q.Region == "":
		return armsflow.ViewExports
	case q.Side == "recipients" && q.Supplier == "":
		return armsflow.ViewImports
	}
	return armsflow.ViewDyads
}

func shareOf(side string, s, r *party, region string) string {
	switch {
	case side == "suppliers" && r != nil:
		return "total imports of " + r.Name
	case side == "recipients" && s != nil && region != "":
		return fmt.Sprintf("exports of %s to %s", s.Name, region)
	case side == "recipients" && s != nil:
		return "total exports of " + s.Name
	case region != "":
		return "total imports of " + region
	}
	return "world total"
}
