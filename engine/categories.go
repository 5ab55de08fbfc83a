package engine

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// catSet is one long-form dataset's per-country category flows with
// canonical country names.
type catSet struct {
	ds   armsflow.Dataset
	reg  *names.Registry
	cats []armsflow.CategoryFlow
}

func (e *Engine) catsFor(ctx context.Context, dataset string) (*catSet, error) {
	return indexed(ctx, e, e.cats, dataset, []string{armsflow.KindLong}, func(ds armsflow.Dataset, c *armsflow.Content) *catSet {
		reg := names.New(namesOf(c)...)
		name := canonical(reg)
		cats := make([]armsflow.CategoryFlow, 0, len(c.Categories))
		for _, f := range c.Categories {
			// The long form carries its own totals: a "Total" category, and
			// "All" or "Total" as a country. They are sums, not records.
			if isTotal(f.Category) || isTotal(f.Country) {
				continue
			}
			f.Country = name(f.Country)
			cats = append(cats, f)
		}
		return &catSet{ds: ds, reg: reg, cats: cats}
	})
}

func isTotal(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return s == "total" || s == "all"
}

// CategoryQuery asks for one country's imports (or exports) by weapon
// category, from the long form's per-category files. The long form has
// categories per country only, never per supplier-recipient pair.
type CategoryQuery struct {
	Country string `json:"country"`
	Side    string `json:"side"` // armsflow.SideImport (default) or armsflow.SideExport
	Years   Years  `json:"years"`
	Dataset string `json:"-"`
}

// CategoryRow is one weapon category's TIV.
type CategoryRow struct {
	Category string   `json:"category"`
	TIV      float64  `json:"tiv"`
	SharePct *float64 `json:"share_pct"`
	// Deals counts the trade-register deals behind the row (DealCategories only).
	Deals int `json:"deals,omitempty"`
}

// CategoryResult is TIV by weapon category, largest first.
type CategoryResult struct {
	Source
	// Basis says what the figures are: the long form's per-country
	// categories, or a pair's register deals classified by description.
	Basis    string        `json:"basis"`
	ShareOf  string        `json:"share_of"`
	TotalTIV float64       `json:"total_tiv"`
	Rows     []CategoryRow `json:"rows"`
	Note     string        `json:"note"`
}

// coverage is the long form's recorded coverage, or the span of its
// category years for a dataset imported before coverage was recorded.
func (c *catSet) coverage() armsflow.Coverage {
	if !c.ds.Coverage.IsZero() {
		return c.ds.Coverage
	}
	var cov armsflow.Coverage
	for i := range c.cats {
		y := c.cats[i].Year
		if cov.From == 0 || y < cov.From {
			cov.From = y
		}
		cov.To = max(cov.To, y)
	}
	return cov
}

// Categories answers q from the newest (or named) long-form dataset.
func (e *Engine) Categories(ctx context.Context, q CategoryQuery) (*CategoryResult, error) {
	if q.Country == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "categories needs a country")
	}
	if q.Side == "" {
		q.Side = armsflow.SideImport
	}
	if q.Side != armsflow.SideImport && q.Side != armsflow.SideExport {
		return nil, armsflow.Errorf(armsflow.EINVALID, "side %q: use import or export", q.Side)
	}
	set, err := e.catsFor(ctx, q.Dataset)
	if err != nil {
		return nil, err
	}
	// The long form answers only for its years, as flows do.
	if cov := set.coverage(); q.Years.From != 0 && q.Years.To != 0 && !cov.Covers(q.Years.From, q.Years.To) {
		return nil, armsflow.Errorf(armsflow.ENOTCOVERED,
			"the long form %s gives weapon categories for %s only, not for all of %s; ask for years within them (--years)", set.ds.Name, cov, q.Years)
	}
	ent, err := set.reg.Resolve(q.Country)
	if err != nil {
		return nil, err
	}
	by := map[string]float64{}
	total := 0.0
	for i := range set.cats {
		f := &set.cats[i]
		if f.Side != q.Side || f.Country != ent.Name {
			continue
		}
		if q.Years.From != 0 && f.Year < q.Years.From || q.Years.To != 0 && f.Year > q.Years.To {
			continue
		}
		by[f.Category] += f.TIV
		total += f.TIV
	}
	verb := "imports"
	if q.Side == armsflow.SideExport {
		verb = "exports"
	}
	res := &CategoryResult{
		Source:   Source{Dataset: set.ds.Name, Kind: set.ds.Kind, Generated: set.ds.Generated, Coverage: set.coverage()},
		Basis:    "the long form's " + verb + " of " + ent.Name + " by weapon category (per country, all partners)",
		ShareOf:  "total " + verb + " of " + ent.Name,
		TotalTIV: total,
		Rows:     categoryRows(by, nil, total),
		Note:     armsflow.RoundingNote,
	}
	return res, nil
}

// DealCategoryQuery asks for the TIV delivered from a supplier to a
// recipient by weapon category, from the trade register.
type DealCategoryQuery struct {
	Supplier  string `json:"supplier"`
	Recipient string `json:"recipient"`
	Years     Years  `json:"years"`
	Dataset   string `json:"-"`
}

// DealCategories answers q from the newest (or named) trade register: each
// deal's delivered TIV is spread evenly over its delivery years, as
// EstimateFlows does, the years within q.Years are kept, and the deal is
// put in a SIPRI weapon category by CategoryOf its description. Deals whose
// delivered TIV or delivery years are unknown add nothing and are counted
// in the note.
func (e *Engine) DealCategories(ctx context.Context, q DealCategoryQuery) (*CategoryResult, error) {
	if q.Supplier == "" || q.Recipient == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "deal categories need a supplier and a recipient")
	}
	dr, err := e.Deals(ctx, DealQuery{Supplier: q.Supplier, Recipient: q.Recipient, Delivered: q.Years, Dataset: q.Dataset})
	if err != nil {
		return nil, err
	}
	by := map[string]float64{}
	count := map[string]int{}
	total := 0.0
	unknown := 0
	for i := range dr.Rows {
		d := &dr.Rows[i]
		if d.TIVDelivered == nil || len(d.DeliveryYears) == 0 {
			unknown++
			continue
		}
		share := *d.TIVDelivered / float64(len(d.DeliveryYears))
		in := 0.0
		for _, y := range d.DeliveryYears {
			if (q.Years.From == 0 || y >= q.Years.From) && (q.Years.To == 0 || y <= q.Years.To) {
				in += share
			}
		}
		c := CategoryOf(d.Description)
		by[c] += in
		count[c]++
		total += in
	}
	sup, rec := q.Supplier, q.Recipient
	if len(dr.Rows) > 0 {
		sup, rec = dr.Rows[0].Supplier, dr.Rows[0].Recipient
	}
	note := "Estimated from the trade register: each deal's delivered TIV spread evenly over its delivery years, " +
		"and its weapon description mapped to a SIPRI category by armsflow (engine.CategoryOf), not by SIPRI."
	if unknown > 0 {
		note += " " + strconv.Itoa(unknown) + " deal(s) with unknown delivered TIV or delivery years are not counted."
	}
	return &CategoryResult{
		Source:   dr.Source,
		Basis:    "trade-register deals from " + sup + " to " + rec + " with deliveries in the span, by weapon description",
		ShareOf:  "TIV delivered from " + sup + " to " + rec + " (register)",
		TotalTIV: total,
		Rows:     categoryRows(by, count, total),
		Note:     note + " TIV in millions.",
	}, nil
}

func categoryRows(by map[string]float64, count map[string]int, total float64) []CategoryRow {
	rows := make([]CategoryRow, 0, len(by))
	for c, v := range by {
		rows = append(rows, CategoryRow{Category: c, TIV: v, SharePct: pct(v, total), Deals: count[c]})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].TIV != rows[j].TIV {
			return rows[i].TIV > rows[j].TIV
		}
		return rows[i].Category < rows[j].Category
	})
	return rows
}

// SIPRI's weapon categories, as the long form names them.
const (
	CatAircraft   = "Aircraft"
	CatAirDefence = "Air defence systems"
	CatArmoured   = "Armoured vehicles"
	CatArtillery  = "Artillery"
	CatEngines    = "Engines"
	CatMissiles   = "Missiles"
	CatNaval      = "Naval weapons"
	CatOther      = "Other"
	CatSatellites = "Satellites"
	CatSensors    = "Sensors"
	CatShips      = "Ships"
)

// categoryRules map a register's weapon description to a SIPRI category.
// They are tried in order, and the first rule one of whose words occurs in
// the lower-cased description wins, so the order settles the overlaps:
// "aircraft engine" is an engine, "anti-aircraft gun" air defence,
// "missile boat" a ship, "anti-radar missile" a missile, "tank destroyer"
// an armoured vehicle. A word prefixed with '!' vetoes the rule.
var categoryRules = []struct {
	cat   string
	words []string
}{
	{CatSatellites, []string{"satellite"}},
	{CatEngines, []string{"!engineer", "engine", "turbofan", "turbojet", "turboprop", "gas turbine", "reactor"}},
	{CatArmoured, []string{"tank destroyer"}},
	{CatShips, []string{"aircraft carrier", "boat", "torpdeo boat"}},
	{CatNaval, []string{"naval ", "anti-submarine rocket", "anti-submarine mortar"}},
	{CatMissiles, []string{"!launcher", "missile", "torpedo", "guided", "munition", "drone", "portable sam", "coastal defence system"}},
	{CatMissiles, []string{"=sam", "=sam/abm"}},
	{CatSensors, []string{"radar", "sonar", "electro-optical", "eo/", "intelligence system", "search system", "reconnaissance system"}},
	{CatAirDefence, []string{"anti-aircraft", "sam system", "air-defence", "ad system", "abm system"}},
	{CatAircraft, []string{"aircraft", "helicopter", "uav", "airship"}},
	{CatShips, []string{"ship", "submarine", "frigate", "corvette", "destroyer", "cruiser", "craft", "mine", "tanker", "tug", "icebreaker"}},
	{CatArmoured, []string{"armoured", "tank", "infantry fighting", "iinfantry", "vehicle"}},
	{CatArtillery, []string{"gun", "mortar", "launcher", "howitzer"}},
}

// CategoryOf maps a trade register's weapon description ("armoured
// personnel carrier", "FGA aircraft") to one of SIPRI's weapon categories,
// by the keyword rules documented in docs/report.md; a description no rule
// knows is CatOther. SIPRI assigns categories by weapon, not by this text,
// so the mapping approximates SIPRI's own and results built on it say so.
func CategoryOf(description string) string {
	d := strings.ToLower(strings.TrimSpace(description))
rules:
	for _, r := range categoryRules {
		hit := false
		for _, w := range r.words {
			switch {
			case strings.HasPrefix(w, "!"):
				if strings.Contains(d, w[1:]) {
					continue rules
				}
			case strings.HasPrefix(w, "="):
				hit = hit || d == w[1:]
			default:
				hit = hit || strings.Contains(d, w)
			}
		}
		if hit {
			return r.cat
		}
	}
	return CatOther
}
