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
// Recipient names the party to find. Either party may be a group of states
// ("European NATO members", "EU"): as a filter its members count for the
// years they belonged; on the ranked side it keeps the rows to its members.
type RankQuery struct {
	Side      string `json:"side"` // "suppliers" or "recipients"
	Supplier  string `json:"supplier,omitempty"`
	Recipient string `json:"recipient,omitempty"`
	Region    string `json:"region,omitempty"`
	Years     Years  `json:"years"`
	// Compare is the span the answer is compared with (the fact sheets'
	// previous five years); zero for none.
	Compare Years `json:"compare,omitzero"`
	Limit   int   `json:"limit"` // 0 = all
	// StatesOnly leaves out of the rows and counts the parties that are
	// not states: armed non-state actors, organisations, unknown parties.
	StatesOnly bool `json:"states_only,omitempty"`
	// AllParties counts every party of a region, non-state actors too;
	// by default a region's figures are its states', as SIPRI's are.
	AllParties bool `json:"all_parties,omitempty"`
	// MembersAsOf fixes a group's members to those of that year, counted
	// for every year.
	MembersAsOf int `json:"members_as_of,omitempty"`
	// Totals is "sum" (the default: totals are sums of the rows) or
	// "sipri" (SIPRI's own totals where the data holds them).
	Totals  string `json:"totals"`
	Dataset string `json:"-"`
}

// RankRow is one ranked party.
type RankRow struct {
	Rank     int                 `json:"rank"`
	Name     string              `json:"name"`
	Code     string              `json:"code"`
	Kind     armsflow.EntityKind `json:"kind"`
	TIV      float64             `json:"tiv"`
	SharePct *float64            `json:"share_pct"`
	// Previous is the party's place in the span compared with; nil when
	// the query compares with none or the party had nothing then.
	Previous *Previous `json:"previous,omitempty"`
	// ChangePct is the change of TIV from the span compared with, in
	// percent; nil when there is nothing to divide by (Change says why).
	ChangePct *float64 `json:"change_pct,omitempty"`
	// Change is "new" for a party with nothing in the span compared with,
	// "gone" for one with nothing in the span asked.
	Change string `json:"change,omitempty"`
	// Focus marks the row of the party the query named.
	Focus bool `json:"focus,omitempty"`
	// StraddleSharePct is, for an estimate, the share of the row's TIV from
	// deals whose deliveries extend beyond the years asked.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
}

// Previous is a party's figures in the span compared with.
type Previous struct {
	TIV      float64  `json:"tiv"`
	Rank     int      `json:"rank"`
	SharePct *float64 `json:"share_pct"`
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
	Supplier  *Party `json:"supplier,omitempty"`
	Recipient *Party `json:"recipient,omitempty"`
	Region    string `json:"region,omitempty"`
	// Group is the group of states the query named, with the members
	// counted.
	Group *GroupInfo `json:"group,omitempty"`
	// Totals says what TotalTIV is: "sum" of the rows, or "sipri", SIPRI's
	// own total.
	Totals   string  `json:"totals"`
	TotalTIV float64 `json:"total_tiv"`
	// RowsSharePct is the combined share of the rows shown: with a limit
	// of 5, the top five's share.
	RowsSharePct *float64 `json:"rows_share_pct"`
	// WorldTIV and WorldSharePct are, for a ranking within a region or a
	// group, the world's total over the years and the region's (group's)
	// share of it.
	WorldTIV      *float64 `json:"world_tiv,omitempty"`
	WorldSharePct *float64 `json:"world_share_pct,omitempty"`
	// YearsCovered is how many years of the span the dataset covers.
	YearsCovered int `json:"years_covered"`
	// PreviousTotalTIV, PreviousYearsCovered and TotalChangePct are the
	// whole in the span compared with, and its change.
	PreviousTotalTIV     *float64 `json:"previous_total_tiv,omitempty"`
	PreviousYearsCovered int      `json:"previous_years_covered,omitempty"`
	TotalChangePct       *float64 `json:"total_change_pct,omitempty"`
	// StraddleSharePct is, for an estimate, the share of TotalTIV from deals
	// whose deliveries extend beyond the years asked: where the even split
	// can be wrong.
	StraddleSharePct *float64 `json:"straddle_share_pct,omitempty"`
	// Count is the parties ranked before the limit; StatesCount the states
	// among them.
	Count       int `json:"count"`
	StatesCount int `json:"states_count"`
	// PartialYears are the years of the span that were not over when the
	// data was generated: their figures may still grow.
	PartialYears []int     `json:"partial_years,omitempty"`
	Rows         []RankRow `json:"rows"`
	// Gone are, when comparing, the parties with TIV in the span compared
	// with and none in the span asked, largest first.
	Gone []RankRow `json:"gone,omitempty"`
	// Focus is the named party's row when it is outside the top Limit (or
	// has no transfers at all, with a zero rank).
	Focus *RankRow `json:"focus,omitempty"`
	Note  string   `json:"note"`
}

// tally is one span's sums of a ranking.
type tally struct {
	totals      []float64 // by party index
	seen        []bool
	total       float64 // the whole: rows of the ranked side, before the states-only and group cuts
	world       float64 // every flow of the ranked side, for a share of the world
	straddle    []float64
	straddleAll float64
}

// Rank answers q.
func (e *Engine) Rank(ctx context.Context, q RankQuery) (*RankResult, error) {
	if q.Side != "suppliers" && q.Side != "recipients" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "rank %q: rank suppliers or recipients", q.Side)
	}
	if q.Limit < 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--limit %d: use 0 for all, or a positive number", q.Limit)
	}
	if q.Totals == "" {
		q.Totals = "sum"
	}
	if q.Totals != "sum" && q.Totals != "sipri" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--totals %q: use sum (the sums of the rows) or sipri (SIPRI's own totals)", q.Totals)
	}
	comparing := q.Compare != (Years{})
	asked := q.Years
	if comparing {
		// One dataset for both spans, so that they are comparable.
		asked = hull(q.Years, q.Compare)
	}
	n := need{view: rankView(q), years: asked}
	if comparing {
		// Without it, "no dataset covers 2017-2034" named years nobody
		// asked for and left --compare out of the ways out.
		years := "--years " + q.Years.String()
		if q.Years == (Years{}) {
			years = "the years"
		}
		n.hint = fmt.Sprintf("%s and --compare %s are answered from one dataset, so that they are comparable, which must cover both: ask --compare for years that dataset covers too",
			years, q.Compare)
	}
	ch, err := e.choose(ctx, q.Dataset, n)
	if err != nil {
		return nil, err
	}
	fs := ch.fs
	q.Years = fill(q.Years, ch.cov)
	if comparing {
		q.Compare = fill(q.Compare, ch.cov)
	}
	hullYears := q.Years
	if comparing {
		hullYears = hull(q.Years, q.Compare)
	}
	sup, err := e.resolveSel(ctx, fs, q.Supplier, q.MembersAsOf, hullYears)
	if err != nil {
		return nil, err
	}
	rec, err := e.resolveSel(ctx, fs, q.Recipient, q.MembersAsOf, hullYears)
	if err != nil {
		return nil, err
	}
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
			// A region's figures are its states', as SIPRI's regional
			// figures are, unless every party is asked for.
			inRegion[i] = fs.reg.InRegion(p.Name, r.Name) && (q.AllParties || p.Kind == armsflow.EntityState)
		}
	}

	// Which side is grouped, which party is the focus, and which filters hold.
	bySupplier := q.Side == "suppliers"
	var filterS, filterR, focus *sel
	if bySupplier {
		filterR, focus = rec, sup
	} else {
		filterS, focus = sup, rec
	}
	// A group on the ranked side keeps the rows to its members.
	var rowGroup *sel
	if focus != nil && focus.group != nil {
		rowGroup, focus = focus, nil
	}
	res := &RankResult{Source: ch.source(), Query: q, ShareOf: shareOf(q.Side, filterS, filterR, regionName),
		Region: regionName, Totals: "sum"}
	if sup != nil {
		p := partyOf(sup.Entity)
		res.Supplier = &p
		if sup.info != nil {
			res.Group = sup.info
		}
	}
	if rec != nil {
		p := partyOf(rec.Entity)
		res.Recipient = &p
		if rec.info != nil {
			res.Group = rec.info
		}
	}
	filtered := inRegion != nil || filterS != nil && filterS.group != nil || filterR != nil && filterR.group != nil
	sc := scan{fs: fs, bySupplier: bySupplier, filterS: filterS, filterR: filterR, inRegion: inRegion,
		rowGroup: rowGroup, statesOnly: q.StatesOnly, world: filtered}
	cur := sc.tally(q.Years)
	rows := sc.rows(ch, cur)
	res.TotalTIV = ch.clean(cur.total)
	var notes []string
	// With SIPRI's totals, a ranking of recipients not cut by supplier
	// takes each recipient's own total imports (its table's Total row),
	// and a region's whole is the sum of its members' own totals.
	ownRows := q.Totals == "sipri" && !bySupplier && filterS == nil
	regionOwn := false
	if ownRows {
		if n, sum := sc.ownTotals(rows, q.Years); n > 0 {
			notes = append(notes, fmt.Sprintf("Each recipient's TIV is its own total imports as SIPRI's table of it gives them (%d of %d rows).", n, len(rows)))
			if inRegion != nil {
				res.TotalTIV, res.Totals, regionOwn = sum, "sipri", true
			}
		}
	}
	if q.Totals == "sipri" && !regionOwn {
		if t, ok := e.sipriWhole(fs, bySupplier, filterS, filterR, inRegion, q.Years); ok {
			res.TotalTIV, res.Totals = t, "sipri"
			notes = append(notes, fmt.Sprintf("Shares and changes are of SIPRI's own total (%s), not the sum of the rows (%s).",
				TIVNumber(t), TIVNumber(ch.clean(cur.total))))
		} else {
			notes = append(notes, "SIPRI's own total of this selection is not in the dataset: shares are of the sum of the rows (--totals sum).")
		}
	}
	if filtered {
		w := ch.clean(cur.world)
		if q.Totals == "sipri" {
			if t, ok := fs.sipriTotal(armsflow.SideImport, -1, q.Years); ok {
				w = t
			}
		}
		res.WorldTIV = &w
		res.WorldSharePct = pct(res.TotalTIV, w)
	}
	res.YearsCovered = ch.yearsCovered(q.Years)
	res.PartialYears = ch.partialYears(q.Years.From, q.Years.To)
	res.StraddleSharePct = ch.straddleShare(cur.straddleAll, res.TotalTIV)
	rankRows(rows, res.TotalTIV)
	if comparing {
		prev := sc.tally(q.Compare)
		prevRows := sc.rows(ch, prev)
		pt := ch.clean(prev.total)
		if ownRows {
			if n, sum := sc.ownTotals(prevRows, q.Compare); n > 0 && regionOwn {
				pt = sum
			}
		}
		if res.Totals == "sipri" && !regionOwn {
			if t, ok := e.sipriWhole(fs, bySupplier, filterS, filterR, inRegion, q.Compare); ok {
				pt = t
			}
		}
		rankRows(prevRows, pt)
		res.PreviousTotalTIV = &pt
		res.PreviousYearsCovered = ch.yearsCovered(q.Compare)
		res.TotalChangePct = change(res.TotalTIV, pt)
		byName := make(map[string]*RankRow, len(prevRows))
		for i := range prevRows {
			byName[prevRows[i].Name] = &prevRows[i]
		}
		for i := range rows {
			r := &rows[i]
			if p := byName[r.Name]; p != nil && p.TIV != 0 {
				r.Previous = &Previous{TIV: p.TIV, Rank: p.Rank, SharePct: p.SharePct}
				r.ChangePct = change(r.TIV, p.TIV)
				delete(byName, r.Name)
			} else {
				if p != nil {
					r.Previous = &Previous{TIV: p.TIV, Rank: p.Rank, SharePct: p.SharePct}
				}
				delete(byName, r.Name)
				r.Change = "new"
			}
		}
		for _, p := range prevRows {
			if byName[p.Name] == nil || p.TIV == 0 {
				continue
			}
			zero := 0.0
			res.Gone = append(res.Gone, RankRow{Name: p.Name, Code: p.Code, Kind: p.Kind, SharePct: &zero, Change: "gone",
				Previous: &Previous{TIV: p.TIV, Rank: p.Rank, SharePct: p.SharePct}})
		}
		notes = append(notes, fmt.Sprintf("Changes are from %s to %s, both from %s.", spanText(q.Compare, res.PreviousYearsCovered),
			spanText(q.Years, res.YearsCovered), fs.ds.Name))
		if q.Compare.To-q.Compare.From != q.Years.To-q.Years.From {
			notes = append(notes, "The two spans differ in length: the change compares unequal spans.")
		}
	}
	for i := range rows {
		if focus != nil && rows[i].Name == focus.Name {
			rows[i].Focus = true
		}
	}
	res.Count = len(rows)
	for _, r := range rows {
		if r.Kind == armsflow.EntityState {
			res.StatesCount++
		}
	}
	if q.Limit > 0 && len(rows) > q.Limit {
		for i := q.Limit; i < len(rows); i++ {
			if rows[i].Focus {
				r := rows[i]
				res.Focus = &r
			}
		}
		rows = rows[:q.Limit]
	}
	shown := 0.0
	for _, r := range rows {
		shown += r.TIV
	}
	res.RowsSharePct = pct(shown, res.TotalTIV)
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
	res.Note = ch.note(res.StraddleSharePct)
	for _, n := range notes {
		res.Note += " " + n
	}
	return res, nil
}

// scan is a ranking's selection of flows.
type scan struct {
	fs                *flowSet
	bySupplier        bool
	filterS, filterR  *sel
	inRegion          []bool
	rowGroup          *sel
	statesOnly, world bool
}

// tally sums the flows of y by the ranked side's party.
func (sc *scan) tally(y Years) *tally {
	fs := sc.fs
	t := &tally{totals: make([]float64, len(fs.parties)), seen: make([]bool, len(fs.parties))}
	if fs.estimated {
		t.straddle = make([]float64, len(fs.parties))
	}
	if sc.filterS != nil && sc.filterS.group == nil && sc.filterS.idx < 0 ||
		sc.filterR != nil && sc.filterR.group == nil && sc.filterR.idx < 0 {
		return t
	}
	from, to := int32(y.From), int32(y.To)
	fsi, fri := int32(anyParty), int32(anyParty)
	if sc.filterS != nil && sc.filterS.group == nil {
		fsi = sc.filterS.idx
	}
	if sc.filterR != nil && sc.filterR.group == nil {
		fri = sc.filterR.idx
	}
	groupS := sc.filterS != nil && sc.filterS.group != nil
	groupR := sc.filterR != nil && sc.filterR.group != nil
	for _, f := range fs.span(y.From, y.To) {
		g := f.Recipient
		if sc.bySupplier {
			g = f.Supplier
		}
		// A table of totals has no party on its other side: its flows
		// count only for the side they total.
		if g < 0 {
			continue
		}
		if sc.world {
			t.world += f.TIV
		}
		if fsi != anyParty && f.Supplier != fsi || fri != anyParty && f.Recipient != fri {
			continue
		}
		if groupS && !sc.filterS.match(f.Supplier, f.Year) || groupR && !sc.filterR.match(f.Recipient, f.Year) {
			continue
		}
		if sc.inRegion != nil && (f.Recipient < 0 || !sc.inRegion[f.Recipient]) {
			continue
		}
		t.total += f.TIV
		if sc.rowGroup != nil && !sc.rowGroup.match(g, f.Year) {
			continue
		}
		t.totals[g] += f.TIV
		t.seen[g] = true
		if t.straddle != nil && straddles(f, from, to) {
			t.straddle[g] += f.TIV
			t.straddleAll += f.TIV
		}
	}
	return t
}

// rows makes a tally's rows, unranked.
func (sc *scan) rows(ch *choice, t *tally) []RankRow {
	rows := make([]RankRow, 0, 64)
	for i, ok := range t.seen {
		if !ok {
			continue
		}
		p := sc.fs.parties[i]
		if sc.statesOnly && p.Kind != armsflow.EntityState {
			continue
		}
		row := RankRow{Name: p.Name, Code: p.Code, Kind: p.Kind, TIV: ch.clean(t.totals[i])}
		if t.straddle != nil {
			row.StraddleSharePct = ch.straddleShare(t.straddle[i], t.totals[i])
		}
		rows = append(rows, row)
	}
	return rows
}

// ownTotals replaces each recipient row's TIV with the recipient's own
// total imports over y where the data holds SIPRI's, and returns how many
// it replaced and the sum of all rows.
func (sc *scan) ownTotals(rows []RankRow, y Years) (int, float64) {
	n, sum := 0, 0.0
	for i := range rows {
		if idx, ok := sc.fs.index[rows[i].Name]; ok {
			if t, ok := sc.fs.sipriTotal(armsflow.SideImport, idx, y); ok {
				rows[i].TIV = t
				n++
			}
		}
		sum += rows[i].TIV
	}
	return n, sum
}

// rankRows sorts rows by TIV and ranks them, with shares of whole.
func rankRows(rows []RankRow, whole float64) {
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
		rows[i].SharePct = pct(rows[i].TIV, whole)
	}
}

// hull is the span from the first year of a and b to the last; an open
// bound stays open.
func hull(a, b Years) Years {
	h := Years{From: min(a.From, b.From), To: max(a.To, b.To)}
	if a.From == 0 || b.From == 0 {
		h.From = 0
	}
	if a.To == 0 || b.To == 0 {
		h.To = 0
	}
	return h
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

func shareOf(side string, s, r *sel, region string) string {
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
