package http

import (
	"encoding/base64"
	"fmt"
	"html/template"
	nethttp "net/http"
	"net/url"
	"strconv"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/chart"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/query"
	"github.com/armsflow/armsflow/report"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// dependencyPage is what the dependency page shows: the form's values and,
// once a recipient is asked for, the answer drawn on the server (tables and
// an SVG chart), so the page needs no script.
type dependencyPage struct {
	Recipient, AsOf, Years, Weight, By string
	Separate                           bool
	Result                             *engine.DependencyResult
	Tables                             []viewTable
	// Query asks the API for the answer shown, all its parameters given,
	// for the page's JSON and CSV links.
	Query      template.URL
	Chart      template.URL // data: URL of the SVG
	ChartTitle string
	Hint       string // what to try when the answer has no shares
}

func (s *Server) pageDependency(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	d := dependencyPage{Recipient: q.Get("recipient"), AsOf: q.Get("as-of"), Years: q.Get("years"), Weight: q.Get("weight"), By: q.Get("by"),
		Separate: q.Get("separate-predecessors") != ""}
	pg := page{Title: "Dependency", Nav: "dependency", Data: &d}
	if d.Recipient == "" {
		s.render(w, r, "dependency", pg)
		return
	}
	err := query.ForAPI(s.dependencyAnswer(r, &d)) // the form names parameters, not flags
	if err != nil {
		code := armsflow.ErrorCode(err)
		if code == armsflow.EINTERNAL {
			s.log.Error("dependency page failed", "err", err)
		}
		pg.Error = armsflow.ErrorMessage(err)
		w.WriteHeader(statusOf(code))
	} else {
		pg.Title = "Dependency of " + d.Result.Recipient
	}
	s.render(w, r, "dependency", pg)
}

// dependencyAnswer asks the engine for the page's question: the stock as of
// the year and, by default, the 20 years to it as a series for the chart.
func (s *Server) dependencyAnswer(r *nethttp.Request, d *dependencyPage) error {
	eng := s.snapOf(r).eng
	q := engine.DependencyQuery{Recipient: d.Recipient, Weight: d.Weight, By: d.By, SeparatePredecessors: d.Separate}
	if d.AsOf != "" {
		y, err := strconv.Atoi(d.AsOf)
		if err != nil {
			return armsflow.Errorf(armsflow.EINVALID, "as of %q: give a year, e.g. 2021", d.AsOf)
		}
		q.AsOf = y
	}
	years, err := engine.ParseYears(d.Years)
	if err != nil {
		return err
	}
	if years.From == 0 && years.To == 0 {
		span, lastFull, err := eng.DependencySpan(r.Context(), "", engine.Years{From: q.AsOf, To: q.AsOf})
		if err != nil {
			return err
		}
		to := lastFull
		if q.AsOf != 0 {
			to = q.AsOf
		}
		years = engine.Years{From: max(span.From, to-19), To: to}
	}
	q.Years = years
	res, err := eng.Dependency(r.Context(), q)
	if err != nil {
		return err
	}
	d.Result = res
	if len(res.Rows) > 0 && res.Weight == engine.WeightTIV && res.TotalTIV == 0 {
		d.Hint = "The register gives no TIV for these weapons: weigh by units to see shares."
	}
	asOf := *res
	asOf.Series = nil
	series := table.DocOf(view.Dependency(res))
	series.Notes = nil // the same notes as the first table's
	d.Tables = append(d.Tables, viewTable{Doc: table.DocOf(view.Dependency(&asOf))}, viewTable{Doc: series})
	v := url.Values{"recipient": {res.Recipient}, "as-of": {strconv.Itoa(res.AsOf)}, "weight": {res.Weight}, "by": {res.By}}
	if res.Query.Years != (engine.Years{}) {
		v.Set("years", res.Query.Years.String())
	}
	if res.Query.SeparatePredecessors {
		v.Set("separate-predecessors", "1")
	}
	d.Query = template.URL(v.Encode())
	c, err := dependencyChart(res)
	if err != nil {
		return err
	}
	svg, err := c.SVG()
	if err != nil {
		return err
	}
	d.ChartTitle = c.Title
	d.Chart = template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg))
	return nil
}

// dependencyChart draws the stock and flow shares of the three largest
// rows at the end of the series.
func dependencyChart(res *engine.DependencyResult) (*chart.Chart, error) {
	data := chart.Shares{
		Title:  fmt.Sprintf("%s: stock of major arms in service and 5-year flow, share by %s, %s", res.Recipient, res.By, res.Query.Years),
		Source: fmt.Sprintf("%s (dataset %s, generated %s); service lives by kind of weapon, armsflow", armsflow.Source, res.Dataset, res.Generated),
	}
	if res.Estimated {
		data.Source += "; estimated from register deliveries"
	}
	if len(res.Rows) > 0 && res.Weight == engine.WeightTIV && res.TotalTIV == 0 {
		data.Empty = "The register gives no TIV for these weapons: weigh by units to see shares."
	}
	var names []string
	for i := 0; i < len(res.Rows) && i < 3; i++ {
		names = append(names, res.Rows[i].Name)
	}
	data.Years, data.Series = report.DependencySeries(res, names)
	return chart.ShareBands(data)
}
