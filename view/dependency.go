package view

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

// Dependency shows a recipient's stock of major arms by supplier (or
// category) as of a year, with its band and the 5-year flow share beside
// it; with a series (--years), one row per year and supplier instead. The
// pipeline and the exposure to sanctions go in the notes, so that every
// text format carries them.
func Dependency(r *engine.DependencyResult) *table.Table {
	party := "Supplier"
	if r.By == engine.ByCategory {
		party = "Category"
	}
	weight := "TIV"
	if r.Weight == engine.WeightUnits {
		weight = "units"
	}
	t := &table.Table{}
	var why reasons // why the cells shown "–" are unknown
	if len(r.Series) > 0 {
		t.Title = fmt.Sprintf("Stock of major arms in service in %s by %s, %s: share by %s, with band, beside the %d-year flow share",
			r.Recipient, strings.ToLower(party), r.Query.Years, weight, 5)
		t.Columns = []table.Column{{Name: "Year", Decimals: -1, Plain: true}, {Name: party, Decimals: -1}, {Name: "Stock TIV", Decimals: 1},
			{Name: "Units", Decimals: -1}, {Name: "Stock share %", Decimals: table.FactSheet}, {Name: "Low %", Decimals: table.FactSheet},
			{Name: "High %", Decimals: table.FactSheet}, {Name: "Flow share %", Decimals: table.FactSheet}}
		for _, s := range r.Series {
			t.Rows = append(t.Rows, []any{s.Year, s.Name, s.TIV, s.Units, dash(s.SharePct), dash(s.LowPct), dash(s.HighPct), dash(s.FlowSharePct)})
			why.add(s.NullReason)
		}
	} else {
		t.Title = fmt.Sprintf("Stock of major arms in service in %s at the end of %d by %s: share by %s, with band",
			r.Recipient, r.AsOf, strings.ToLower(party), weight)
		t.Columns = []table.Column{{Name: party, Decimals: -1}, {Name: "Code", Decimals: -1}, {Name: "Stock TIV", Decimals: 1},
			{Name: "Units", Decimals: -1}, {Name: "Share %", Decimals: table.FactSheet}, {Name: "Low %", Decimals: table.FactSheet},
			{Name: "High %", Decimals: table.FactSheet}, {Name: "Flow share % " + r.FlowPeriod, Decimals: table.FactSheet}}
		for _, row := range r.Rows {
			n := row.Name
			if len(row.Includes) > 0 {
				n += " (with " + strings.Join(row.Includes, ", ") + ")"
			}
			t.Rows = append(t.Rows, []any{n, row.Code, row.TIV, row.Units, dash(row.SharePct), dash(row.LowPct), dash(row.HighPct), dash(row.FlowSharePct)})
			why.add(row.NullReason)
		}
		if len(r.Rows) == 0 {
			t.Notes = append(t.Notes, fmt.Sprintf("The register records no major arms in service in %s at the end of %d.", r.Recipient, r.AsOf))
		}
	}
	t.Notes = append(t.Notes, fmt.Sprintf("Stock in service: %s TIV, %s units with known numbers.",
		table.Group(fmt.Sprintf("%.1f", r.TotalTIV)), table.Group(fmt.Sprint(r.TotalUnits))))
	if len(why) > 0 {
		t.Notes = append(t.Notes, NullNote(why)+" A flow share of 0: the recipient had deliveries in the 5 years, none from this row.")
	}
	t.Notes = append(t.Notes, PipelineText(r), ExposureText(r), r.Note, provenance(r.Source))
	return t
}

// PipelineText says in a sentence what was on order at the end of the year.
func PipelineText(r *engine.DependencyResult) string {
	if len(r.Pipeline) == 0 {
		return fmt.Sprintf("Pipeline at the end of %d: no orders outstanding in the register.", r.AsOf)
	}
	parts := make([]string, len(r.Pipeline))
	for i, p := range r.Pipeline {
		units := "units unknown"
		if p.Units != nil {
			units = table.Group(fmt.Sprint(*p.Units)) + " units"
		}
		parts[i] = fmt.Sprintf("%s %s TIV (%s)", p.Name, table.Group(fmt.Sprintf("%.1f", p.TIV)), units)
	}
	return fmt.Sprintf("Pipeline at the end of %d (ordered, not yet delivered): %s.", r.AsOf, strings.Join(parts, "; "))
}

// ExposureText names the sanctions regimes on the recipient's suppliers,
// or on the buyers of their arms, active in the year, each labelled with
// whom its measures aim at, with the shares of stock and pipeline from the
// suppliers concerned.
func ExposureText(r *engine.DependencyResult) string {
	if len(r.Exposure) == 0 {
		return fmt.Sprintf("Exposure in %d: no supplier of this stock or pipeline, nor the buyers of its arms, is under a sanctions regime in the timeline.", r.AsOf)
	}
	parts := make([]string, len(r.Exposure))
	for i, x := range r.Exposure {
		parts[i] = fmt.Sprintf("%s, %s (events %s: %s): %s; %s of the stock, %s of the pipeline", x.Regime, targetsText(x.Targets), x.Event, x.Title,
			strings.Join(x.Suppliers, ", "), pctText(x.StockSharePct), pctText(x.PipelineSharePct))
	}
	out := fmt.Sprintf("Exposure in %d: %s.", r.AsOf, strings.Join(parts, "; "))
	for _, x := range r.Exposure {
		if x.Targets == engine.TargetsBuyers {
			return out + " " + exposureNote
		}
	}
	return out
}

// exposureNote says what an exposure item's figures are of, whomever its
// measures aim at.
const exposureNote = "Each item's shares are of the stock and pipeline from the supplier named; " +
	"measures aimed at buyers (as CAATSA section 231's on China in 2018 and Türkiye in 2020) sanction recipients for buying from that supplier, not the supplier itself."

// targetsText labels whom a regime's measures aim at.
func targetsText(targets string) string {
	if targets == engine.TargetsBuyers {
		return "aimed at recipients for buying from the supplier"
	}
	return "aimed at the supplier"
}

func pctText(p *float64) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%.1f %%", *p)
}

// dash shows an unknown share as "–" (its reason goes in a note), so that
// it does not read as 0 or as a cell left empty.
func dash(p *float64) any {
	if p == nil {
		return "–"
	}
	return p
}

// NullNote is the note under a table whose "–" cells are unknown for the
// reasons why (the engine's null_reason): each said once, those that differ
// only in their 5-year period merged with their years; "" for none.
func NullNote(why []string) string {
	if len(why) == 0 {
		return ""
	}
	return "–: " + strings.Join(reasons(why).compact(), "; ") + "."
}

// reasons collects the distinct reasons of a table's "–" cells, in order.
type reasons []string

func (rs *reasons) add(why string) {
	if why == "" {
		return
	}
	for _, w := range strings.Split(why, "; ") {
		if !slices.Contains(*rs, w) {
			*rs = append(*rs, w)
		}
	}
}

// periodReason is a reason naming a flow-share period: "no deliveries to
// Eritrea in 2011-2015, so no flow share".
var periodReason = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(.+) in (\d{4})-(\d{4})(, so .+)$`) })

// compact says the reasons that differ only in their period once, naming
// the years whose 5 years they concern ("no deliveries to Eritrea in the 5
// years to each of 2015-2021, so no flow share"), so that a series' note
// is not a list of one reason per year.
func (rs reasons) compact() []string {
	type group struct {
		at    int
		years []int
	}
	groups := map[string]*group{}
	var out []string
	for _, w := range rs {
		m := periodReason().FindStringSubmatch(w)
		if m == nil {
			out = append(out, w)
			continue
		}
		key := m[1] + "\x00" + m[4]
		y, _ := strconv.Atoi(m[3])
		if g, ok := groups[key]; ok {
			g.years = append(g.years, y)
			continue
		}
		groups[key] = &group{at: len(out), years: []int{y}}
		out = append(out, w)
	}
	for key, g := range groups {
		if len(g.years) < 2 {
			continue
		}
		pre, post, _ := strings.Cut(key, "\x00")
		out[g.at] = pre + " in the 5 years to each of " + yearsText(g.years) + post
	}
	return out
}

// yearsText writes sorted years as runs: "2011, 2015-2021".
func yearsText(ys []int) string {
	slices.Sort(ys)
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ys[i], ys[j]))
		} else {
			parts = append(parts, strconv.Itoa(ys[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}
