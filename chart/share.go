package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ShareSeries is one supplier's shares per year, in percent, aligned with
// a chart's years; NaN where there is no value.
type ShareSeries struct {
	Name string
	// Stock is the share of the stock in service, Low and High its band.
	Stock, Low, High []float64
	// Flow is the share of the deliveries of the five years to each year.
	Flow []float64
}

// Shares is the data of a chart of stock shares with their bands beside
// flow shares, year by year.
type Shares struct {
	Title, Source string
	Empty         string // default "No major arms in service in these years."
	Years         []int
	// Series are drawn in order, at most len(Palette)-1 of them.
	Series []ShareSeries
}

// ShareBands draws each series' stock share as a solid line over its band
// (shaded) and its flow share as a dashed line, in percent: the gap between
// what a country has and what it buys lately.
func ShareBands(d Shares) (*Chart, error) {
	for _, s := range d.Series {
		for _, v := range [][]float64{s.Stock, s.Low, s.High, s.Flow} {
			if len(v) != len(d.Years) {
				return nil, fmt.Errorf("chart %q: series %q has %d values for %d years", d.Title, s.Name, len(v), len(d.Years))
			}
		}
	}
	series := d.Series
	if len(series) > len(Palette)-1 {
		series = series[:len(Palette)-1]
	}
	any := false
	for _, s := range series {
		for _, v := range s.Stock {
			any = any || !math.IsNaN(v)
		}
	}
	if len(d.Years) == 0 || !any {
		return emptyChart(d.Title, orDefault(d.Empty, "No major arms in service in these years."), d.Source), nil
	}
	legendW := 4.6 * vg.Centimeter
	return &Chart{Title: d.Title, Height: 10*vg.Centimeter + extraHeight(d.Title, d.Source), draw: func(c draw.Canvas) {
		c = frame(c, d.Source)
		p := newPlot(d.Title, "Year", "Share, %")
		p.X.Tick.Marker = yearTicks{max: 7}
		p.Y.Tick.Marker = percentTicks{}
		p.X.Min, p.X.Max = float64(d.Years[0])-0.5, float64(d.Years[len(d.Years)-1])+0.5
		p.Y.Min, p.Y.Max = 0, 100
		p.Add(grid{})
		for i, s := range series {
			p.Add(&shareLines{years: d.Years, s: s, color: Palette[i]})
		}
		leg, tc, legendX := titledWithLegend(c, p, d.Title, legendW, 0.6*vg.Centimeter)
		for i, s := range series {
			room := legendW - 1.3*vg.Centimeter
			leg.Add(fit(leg.TextStyle, s.Name+": stock", room), lineThumb{color: Palette[i], band: true})
			leg.Add(fit(leg.TextStyle, s.Name+": 5-yr flow", room), lineThumb{color: Palette[i], dashed: true})
		}
		leg.Draw(draw.Crop(tc, legendX, 0, 0, 0))
		note := textStyle(tickSize-1, muted)
		note.YAlign = draw.YBottom
		for i, l := range wrap(note, "Shaded: the stock share with service lives 30 % shorter to 30 % longer.", legendW-0.4*vg.Centimeter, 3) {
			c.FillText(note, vg.Point{X: tc.Min.X + legendX, Y: tc.Min.Y + vg.Length(2-i)*note.FontExtents().Height}, l)
		}
	}}, nil
}

// shareLines draws one series: band, stock line and flow line.
type shareLines struct {
	years []int
	s     ShareSeries
	color color.Color
}

// Plot draws the series, breaking lines where a value is NaN.
func (sl *shareLines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	r, g, b, _ := sl.color.RGBA()
	light := color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x40}
	// The band, as polygons over runs of years that have both ends.
	var upper, lower []vg.Point
	flush := func() {
		if len(upper) > 0 {
			pts := append([]vg.Point{}, upper...)
			for i := len(lower) - 1; i >= 0; i-- {
				pts = append(pts, lower[i])
			}
			if len(upper) == 1 { // one year: a thin bar
				w := vg.Points(2)
				pts = []vg.Point{{X: upper[0].X - w, Y: upper[0].Y}, {X: upper[0].X + w, Y: upper[0].Y},
					{X: lower[0].X + w, Y: lower[0].Y}, {X: lower[0].X - w, Y: lower[0].Y}}
			}
			if pts = c.ClipPolygonXY(pts); len(pts) > 2 {
				c.FillPolygon(light, pts)
			}
		}
		upper, lower = nil, nil
	}
	for i, y := range sl.years {
		if math.IsNaN(sl.s.Low[i]) || math.IsNaN(sl.s.High[i]) {
			flush()
			continue
		}
		x := trX(float64(y))
		upper = append(upper, vg.Point{X: x, Y: trY(sl.s.High[i])})
		lower = append(lower, vg.Point{X: x, Y: trY(sl.s.Low[i])})
	}
	flush()
	line := func(vs []float64, ls draw.LineStyle) {
		var run []vg.Point
		stroke := func() {
			if len(run) == 1 {
				c.DrawGlyph(draw.GlyphStyle{Color: ls.Color, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}, run[0])
			} else if len(run) > 1 {
				c.StrokeLines(ls, c.ClipLinesXY(run)...)
			}
			run = nil
		}
		for i, y := range sl.years {
			if math.IsNaN(vs[i]) {
				stroke()
				continue
			}
			run = append(run, vg.Point{X: trX(float64(y)), Y: trY(vs[i])})
		}
		stroke()
	}
	line(sl.s.Stock, draw.LineStyle{Color: sl.color, Width: vg.Points(2)})
	line(sl.s.Flow, draw.LineStyle{Color: sl.color, Width: vg.Points(1.5), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}})
}

// lineThumb is a legend thumbnail: a line, dashed or over a band.
type lineThumb struct {
	color  color.Color
	dashed bool
	band   bool
}

// Thumbnail draws the line.
func (t lineThumb) Thumbnail(c *draw.Canvas) {
	mid := (c.Min.Y + c.Max.Y) / 2
	if t.band {
		r, g, b, _ := t.color.RGBA()
		light := color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x40}
		c.FillPolygon(light, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	}
	ls := draw.LineStyle{Color: t.color, Width: vg.Points(2)}
	if t.dashed {
		ls.Width = vg.Points(1.5)
		ls.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	c.StrokeLine2(ls, c.Min.X, mid, c.Max.X, mid)
}

// percentTicks labels a 0-100 axis every 20.
type percentTicks struct{}

// Ticks returns ticks at 0, 20, ... 100, with minor ticks every 10.
func (percentTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for v := 0; v <= 100; v += 10 {
		t := plot.Tick{Value: float64(v)}
		if v%20 == 0 {
			t.Label = strconv.Itoa(v)
		}
		out = append(out, t)
	}
	return out
}
