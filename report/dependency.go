package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/chart"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// dependency asks the engine what the recipient's forces are built from,
// year by year over the report's span. A library without a register, or a
// register that does not cover the span, gives no answer and the reason,
// which the section states instead of failing the report.
func (r *Report) dependency(ctx context.Context, e *engine.Engine) error {
	// The series runs over the report's years that the register covers, to
	// its last complete year.
	span, lastFull, err := e.DependencySpan(ctx, "", r.Years)
	if armsflow.ErrorCode(err) == armsflow.ENOTCOVERED {
		// No register covers all of the span: the newest best one, over
		// the part of the span it covers.
		span, lastFull, err = e.DependencySpan(ctx, "", engine.Years{})
	}
	years := engine.Years{From: max(r.Years.From, span.From), To: min(r.Years.To, lastFull)}
	var res *engine.DependencyResult
	if err == nil {
		if years.From > years.To {
			err = armsflow.Errorf(armsflow.ENOTCOVERED, "the register records deliveries in %s, outside %s", span, r.Years)
		} else {
			res, err = e.Dependency(ctx, engine.DependencyQuery{Recipient: r.Recipient.Name, Years: years})
		}
	}
	switch code := armsflow.ErrorCode(err); {
	case err == nil:
		r.Dependency = res
	case code == armsflow.ENOTFOUND || code == armsflow.ENOTCOVERED:
		r.DependencyMissing = armsflow.ErrorMessage(err)
	default:
		return err
	}
	if res == nil {
		return nil
	}
	// The finding the flows cannot show: the supplier's share of what the
	// recipient has against its share of what it bought lately.
	if s := dependencyOf(res, r.Supplier.Name, res.AsOf); !res.Incomplete && s != nil && s.SharePct != nil && s.FlowSharePct != nil {
		band := fmt.Sprintf("%.0f–%.0f %% with service lives 30 %% shorter or longer", deref0(s.LowPct), deref0(s.HighPct))
		if fmt.Sprintf("%.0f", deref0(s.LowPct)) == fmt.Sprintf("%.0f", deref0(s.HighPct)) {
			band = "the same with service lives 30 % shorter or longer"
		}
		r.Findings = append(r.Findings, Finding{Kind: "dependency", Text: fmt.Sprintf(
			"At the end of %d, %s supplied about %.0f %% (%s) of the major arms %s had in service, by TIV, against %.0f %% of its arms imports in %d–%d.",
			res.AsOf, r.Supplier.Name, *s.SharePct, band, r.Recipient.Name, *s.FlowSharePct, res.AsOf-4, res.AsOf)})
	}
	return nil
}

func deref0(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// dependencyOf returns the series row of a supplier in a year, or nil.
func dependencyOf(res *engine.DependencyResult, name string, year int) *engine.SeriesRow {
	for i := range res.Series {
		if res.Series[i].Year == year && res.Series[i].Name == name {
			return &res.Series[i]
		}
	}
	return nil
}

// DependencySeries returns the years of res's series and, for each of
// names, its stock share, band and flow share in each year (NaN where it
// has none): what the dependency charts draw, the report's and the web
// page's.
func DependencySeries(res *engine.DependencyResult, names []string) (years []int, series []chart.ShareSeries) {
	for y := res.Query.Years.From; y <= res.Query.Years.To; y++ {
		years = append(years, y)
	}
	nan := math.NaN()
	val := func(p *float64) float64 {
		if p == nil {
			return nan
		}
		return *p
	}
	for _, n := range names {
		s := chart.ShareSeries{Name: n}
		for _, y := range years {
			st, lo, hi, fl := nan, nan, nan, nan
			if x := dependencyOf(res, n, y); x != nil {
				st, lo, hi, fl = val(x.SharePct), val(x.LowPct), val(x.HighPct), val(x.FlowSharePct)
			}
			s.Stock, s.Low, s.High, s.Flow = append(s.Stock, st), append(s.Low, lo), append(s.High, hi), append(s.Flow, fl)
		}
		series = append(series, s)
	}
	return years, series
}

// zeroOrNil is a share of 0 when some row of year y has the share (there
// is a whole to take it of), else nil.
func zeroOrNil(res *engine.DependencyResult, y int, share func(*engine.SeriesRow) *float64) *float64 {
	for i := range res.Series {
		if x := &res.Series[i]; x.Year == y && share(x) != nil {
			return new(float64)
		}
	}
	return nil
}

// yearReason is why year y's null shares are null, as its rows say; a
// year without rows has neither a stock nor deliveries to share.
func yearReason(res *engine.DependencyResult, y int) string {
	rows := false
	for i := range res.Series {
		if x := &res.Series[i]; x.Year == y {
			if x.NullReason != "" {
				return x.NullReason
			}
			rows = true
		}
	}
	if !rows {
		return emptyYear
	}
	return ""
}

// emptyYear marks a year of the series without rows (yearReason).
const emptyYear = "\x00empty"

// dependencySection shows the recipient's stock by supplier at the end of
// the span, the supplier's stock and flow shares year by year, and a chart
// of both with the band.
func (r *Report) dependencySection(number int) (*Section, error) {
	S, R := r.Supplier.Name, r.Recipient.Name
	s := &Section{ID: "dependency", Title: fmt.Sprintf("%d. Dependency: what %s's forces are built from", number, R)}
	d := r.Dependency
	if d == nil {
		s.Empty = "No trade register answers for these years, so the stock of weapons in service cannot be counted"
		if r.DependencyMissing != "" {
			s.Empty += ": " + r.DependencyMissing
		}
		s.Empty += "."
		return s, nil
	}
	s.Source = sourceLine(d.Source)
	s.Intro = fmt.Sprintf("The major arms %s has in service, counted from the trade register's deliveries less what has reached "+
		"its service life, by supplier; beside it each supplier's share of the deliveries of the five years before. "+
		"The register records transfers, not inventories: see the notes.", R)

	asOf := *d
	asOf.Series = nil
	stock := view.Dependency(&asOf)
	stock.Notes = stock.Notes[:len(stock.Notes)-1] // the source is the section's
	s.Tables = append(s.Tables, stock)

	years := &table.Table{
		Title: fmt.Sprintf("Share of %s in the stock of major arms in service in %s and in its deliveries of the 5 years to each year", S, R),
		Columns: []table.Column{{Name: "Year", Decimals: -1, Plain: true}, {Name: "Stock share %", Decimals: 1}, {Name: "Low %", Decimals: 1},
			{Name: "High %", Decimals: 1}, {Name: "Flow share %", Decimals: 1}},
		Notes: []string{"Low and high: the stock share with service lives 30 % shorter and 30 % longer. Flow share: of the deliveries of the five years to the year, from the same register. " +
			"0: none of the year's stock or of those deliveries came from " + S + "."},
	}
	var why []string   // the reasons of the "–" cells, each once
	var empty []string // the years without stock or deliveries
	for y := d.Query.Years.From; y <= d.Query.Years.To; y++ {
		row := []any{y, nil, nil, nil, nil}
		if x := dependencyOf(d, S, y); x != nil {
			row[1], row[2], row[3], row[4] = x.SharePct, x.LowPct, x.HighPct, x.FlowSharePct
		} else {
			// S neither in service nor delivering in y: its shares are 0
			// where the year has a stock or deliveries to share, else
			// unknown ("–"), as the year's other rows say.
			row[1], row[2], row[3], row[4] = zeroOrNil(d, y, func(x *engine.SeriesRow) *float64 { return x.SharePct }), nil, nil,
				zeroOrNil(d, y, func(x *engine.SeriesRow) *float64 { return x.FlowSharePct })
			row[2], row[3] = row[1], row[1]
		}
		for j := 1; j < len(row); j++ {
			if p, _ := row[j].(*float64); p == nil {
				row[j] = "–"
			}
		}
		for _, w := range strings.Split(yearReason(d, y), "; ") {
			switch {
			case w == emptyYear:
				empty = append(empty, fmt.Sprint(y))
			case w != "" && !slices.Contains(why, w) && (row[1] == "–" || row[4] == "–"):
				why = append(why, w)
			}
		}
		years.Rows = append(years.Rows, row)
	}
	if len(empty) > 0 {
		why = append([]string{fmt.Sprintf("in %s the register has nothing of %s's in service nor delivered in the 5 years to each", strings.Join(empty, ", "), R)}, why...)
	}
	if n := view.NullNote(why); n != "" {
		years.Notes = append(years.Notes, n)
	}
	s.Tables = append(s.Tables, years)

	c, err := r.dependencyChart()
	if err != nil {
		return nil, err
	}
	s.Charts = []*Chart{{Name: "dependency", Chart: c}}
	return s, nil
}

// dependencyChart draws the stock and flow shares of the supplier and of
// the recipient's two largest other suppliers at the end of the span.
func (r *Report) dependencyChart() (*chart.Chart, error) {
	d := r.Dependency
	names := []string{r.Supplier.Name}
	for _, row := range d.Rows {
		if len(names) == 3 {
			break
		}
		if row.Name != r.Supplier.Name {
			names = append(names, row.Name)
		}
	}
	data := chart.Shares{
		Title:  fmt.Sprintf("%s: stock of major arms in service and 5-year flow, share by supplier, %s", r.Recipient.Name, dash(d.Query.Years.String())),
		Source: sourceLine(d.Source) + "; service lives by kind of weapon, armsflow",
		Empty:  fmt.Sprintf("The register records no major arms in service in %s in these years.", r.Recipient.Name),
	}
	if len(d.Rows) > 0 && d.TotalTIV == 0 {
		data.Empty = "The register gives no TIV for these weapons, so shares by TIV cannot be computed."
	}
	data.Years, data.Series = DependencySeries(d, names)
	return chart.ShareBands(data)
}
