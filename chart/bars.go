package chart

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Yearly is the data of a yearly bar chart.
type Yearly struct {
	Title  string
	Source string // the line under the chart, e.g. "Source: SIPRI Arms Transfers Database (dataset …)"
	// Empty is the message shown when nothing was delivered in any year;
	// the default is "No transfers recorded in these years.".
	Empty string
	Years []int
	TIV   []float64
	// Deliveries, when given, marks the years with any delivery: a year
	// with TIV 0 and a delivery (less than 0.5 million) gets a hairline bar
	// so that it is not mistaken for no delivery.
	Deliveries []bool
	// Markers are events drawn as dashed lines; the caller picks which.
	Markers []Marker
}

// Series is one named series of values, aligned with a chart's years.
type Series struct {
	Name   string
	Values []float64
}

// Stacked is the data of a stacked yearly bar chart of a recipient's
// imports by supplier.
type Stacked struct {
	Title, Source string
	Empty         string // default "No transfers recorded in these years."
	Years         []int
	Series        []Series
	// Top is how many series are shown by name, largest totals first; the
	// rest are summed as "Other". Default 6, at most len(Palette).
	Top int
}

// Categories is the data of a bar chart of TIV by category.
type Categories struct {
	Title, Source string
	Empty         string // default "No transfers recorded in these years."
	XLabel        string // default YLabel
	Names         []string
	TIV           []float64
}

const noTransfers = "No transfers recorded in these years."

// column is one bar: stacked segments from zero up.
type column struct {
	x      float64
	segs   []float64
	colors []color.Color
	min    bool // draw a hairline even when the sum is 0
}

// bars draws columns (or rows, when horizontal) of stacked segments.
type bars struct {
	cols       []column
	width      float64 // in data units
	horizontal bool
	labels     bool // write each bar's total at its end
}

// DataRange returns the extent of the bars.
func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, c := range b.cols {
		xmin = math.Min(xmin, c.x-0.5)
		xmax = math.Max(xmax, c.x+0.5)
		s := 0.0
		for _, v := range c.segs {
			s += v
		}
		ymax = math.Max(ymax, s)
	}
	if ymax == 0 {
		ymax = 1
	}
	if b.horizontal {
		return 0, ymax, xmin, xmax
	}
	return xmin, xmax, 0, ymax
}

// Plot draws the bars.
func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pos, val := trX, trY
	if b.horizontal {
		pos, val = trY, trX
	}
	lab := textStyle(tickSize, ink)
	for _, col := range b.cols {
		a, z := pos(col.x-b.width/2), pos(col.x+b.width/2)
		base := 0.0
		for i, v := range col.segs {
			if v <= 0 {
				continue
			}
			v0, v1 := val(base), val(base+v)
			if b.horizontal {
				rect(&c, col.colors[i], v0, a, v1, z)
			} else {
				rect(&c, col.colors[i], a, v0, z, v1)
			}
			base += v
		}
		if base == 0 && col.min {
			v0 := val(0)
			if b.horizontal {
				rect(&c, col.colors[0], v0, a, v0+vg.Points(1.5), z)
			} else {
				rect(&c, col.colors[0], a, v0, z, v0+vg.Points(1.5))
			}
		}
		if b.labels && (base > 0 || col.min) {
			s := thousands(math.Round(base*10) / 10)
			if b.horizontal {
				lab.XAlign, lab.YAlign = draw.XLeft, draw.YCenter
				c.FillText(lab, vg.Point{X: val(base) + vg.Points(3), Y: (a + z) / 2}, s)
			} else {
				lab.XAlign, lab.YAlign = draw.XCenter, draw.YBottom
				c.FillText(lab, vg.Point{X: (a + z) / 2, Y: val(base) + vg.Points(2)}, s)
			}
		}
	}
}

// markers draws events as dashed vertical lines with rotated labels in the
// band above the bars.
type markers struct {
	ms   []Marker
	band float64 // fraction of the plot's height the labels may take, from the top
}

// Plot draws the markers.
func (m markers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	ls := draw.LineStyle{Color: markInk, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	st := textStyle(tickSize, markInk)
	st.Rotation = math.Pi / 2
	st.XAlign, st.YAlign = draw.XRight, draw.YTop
	room := vg.Length(m.band) * (c.Max.Y - c.Min.Y)
	h := st.FontExtents().Height
	gap := vg.Points(1.5)
	ms := make([]Marker, 0, len(m.ms))
	for _, mk := range m.ms {
		if mk.X >= p.X.Min && mk.X <= p.X.Max {
			ms = append(ms, mk)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].X < ms[j].X })
	xs := make([]vg.Length, len(ms))
	for i, mk := range ms {
		xs[i] = trX(mk.X)
		c.StrokeLine2(ls, xs[i], c.Min.Y, xs[i], c.Max.Y)
	}
	// Labels go left of their line, or right when the left is taken; a
	// label that fits on neither side without touching another label or
	// crossing another event's line is left out (the events table lists
	// every event), never drawn over another.
	taken := vg.Length(math.Inf(-1)) // right edge of the last label drawn
	for i, mk := range ms {
		if mk.Label == "" {
			continue
		}
		x := xs[i]
		lab := fit(st, mk.Label, room)
		prevLine, nextLine := vg.Length(math.Inf(-1)), vg.Length(math.Inf(1))
		if i > 0 {
			prevLine = xs[i-1]
		}
		if i+1 < len(xs) {
			nextLine = xs[i+1]
		}
		y := c.Max.Y - vg.Points(2)
		switch {
		case x-gap-h >= taken && x-gap-h >= c.Min.X && x-gap-h > prevLine:
			s := st
			s.YAlign = draw.YBottom
			c.FillText(s, vg.Point{X: x - gap, Y: y}, lab)
			taken = x - gap
		case x+gap >= taken && x+gap+h <= c.Max.X && x+gap+h < nextLine:
			c.FillText(st, vg.Point{X: x + gap, Y: y}, lab)
			taken = x + gap + h
		}
	}
}

func sum(vs []float64) float64 {
	s := 0.0
	for _, v := range vs {
		s += v
	}
	return s
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// YearlyBars draws the yearly TIV as bars, with events as markers.
func YearlyBars(d Yearly) (*Chart, error) {
	if len(d.TIV) != len(d.Years) || (d.Deliveries != nil && len(d.Deliveries) != len(d.Years)) {
		return nil, fmt.Errorf("chart %q: %d years but %d values", d.Title, len(d.Years), len(d.TIV))
	}
	if len(d.Years) == 0 || (sum(d.TIV) == 0 && !anyTrue(d.Deliveries)) {
		return emptyChart(d.Title, orDefault(d.Empty, noTransfers), d.Source), nil
	}
	b := &bars{width: 0.75}
	for i, y := range d.Years {
		col := column{x: float64(y), segs: []float64{d.TIV[i]}, colors: []color.Color{Palette[0]}}
		col.min = d.Deliveries != nil && d.Deliveries[i]
		b.cols = append(b.cols, col)
	}
	h := 9 * vg.Centimeter
	band := 0.0
	if len(d.Markers) > 0 {
		h = 12 * vg.Centimeter
		band = 0.5
	}
	h += extraHeight(d.Title, d.Source)
	return &Chart{Title: d.Title, Height: h, draw: func(c draw.Canvas) {
		c = frame(c, d.Source)
		p := newPlot(d.Title, "Year", YLabel)
		p.X.Tick.Marker = yearTicks{max: 12}
		p.Y.Tick.Marker = tivTicks{}
		p.Add(grid{}, b)
		_, _, _, ymax := b.DataRange()
		p.Y.Max = ymax * 1.06 // the tallest bar does not touch the frame
		if band > 0 {
			p.Y.Max = ymax / (1 - band)
			p.Add(markers{ms: d.Markers, band: band})
		}
		p.Y.Min = 0
		p.Draw(c)
	}}, nil
}

// StackedSuppliers draws a recipient's yearly imports stacked by supplier:
// the Top largest suppliers over the span by name, the rest as "Other".
func StackedSuppliers(d Stacked) (*Chart, error) {
	top := d.Top
	if top <= 0 {
		top = 6
	}
	if top > len(Palette) {
		top = len(Palette)
	}
	for _, s := range d.Series {
		if len(s.Values) != len(d.Years) {
			return nil, fmt.Errorf("chart %q: series %q has %d values for %d years", d.Title, s.Name, len(s.Values), len(d.Years))
		}
	}
	series := append([]Series(nil), d.Series...)
	sort.SliceStable(series, func(i, j int) bool {
		a, b := sum(series[i].Values), sum(series[j].Values)
		if a != b {
			return a > b
		}
		return series[i].Name < series[j].Name
	})
	for len(series) > 0 && sum(series[len(series)-1].Values) == 0 {
		series = series[:len(series)-1]
	}
	if len(d.Years) == 0 || len(series) == 0 {
		return emptyChart(d.Title, orDefault(d.Empty, noTransfers), d.Source), nil
	}
	if len(series) > top+1 { // one left over is shown by name, not as "Other"
		other := Series{Name: "Other", Values: make([]float64, len(d.Years))}
		for _, s := range series[top:] {
			for i, v := range s.Values {
				other.Values[i] += v
			}
		}
		series = append(series[:top:top], other)
	}
	colors := make([]color.Color, len(series))
	for i := range series {
		if series[i].Name == "Other" && i == len(series)-1 {
			colors[i] = Grey
		} else {
			colors[i] = Palette[i%len(Palette)]
		}
	}
	b := &bars{width: 0.75}
	for i, y := range d.Years {
		col := column{x: float64(y), colors: colors}
		for _, s := range series {
			col.segs = append(col.segs, s.Values[i])
		}
		b.cols = append(b.cols, col)
	}
	legendW := 4.6 * vg.Centimeter
	return &Chart{Title: d.Title, Height: 10*vg.Centimeter + extraHeight(d.Title, d.Source), draw: func(c draw.Canvas) {
		c = frame(c, d.Source)
		p := newPlot(d.Title, "Year", YLabel)
		p.X.Tick.Marker = yearTicks{max: 7} // the plot is narrowed by the legend
		p.Y.Tick.Marker = tivTicks{}
		p.Y.Min = 0
		_, _, _, ymax := b.DataRange()
		p.Y.Max = ymax * 1.06
		p.Add(grid{}, b)
		leg, tc, legendX := titledWithLegend(c, p, d.Title, legendW, 0.35*vg.Centimeter)
		// Largest at the top of the stack is last: list the legend top-down
		// in the order the eye meets the segments.
		for i := len(series) - 1; i >= 0; i-- {
			st := leg.TextStyle
			leg.Add(fit(st, series[i].Name, legendW-0.9*vg.Centimeter), box{colors[i]})
		}
		leg.Draw(draw.Crop(tc, legendX, 0, 0, 0))
	}}, nil
}

// CategoryBars draws TIV by category as horizontal bars, in the order given,
// each labelled with its value.
func CategoryBars(d Categories) (*Chart, error) {
	if len(d.Names) != len(d.TIV) {
		return nil, fmt.Errorf("chart %q: %d categories but %d values", d.Title, len(d.Names), len(d.TIV))
	}
	if len(d.Names) == 0 || sum(d.TIV) == 0 {
		return emptyChart(d.Title, orDefault(d.Empty, noTransfers), d.Source), nil
	}
	n := len(d.Names)
	b := &bars{width: 0.7, horizontal: true, labels: true}
	names := make([]string, n)
	for i := range d.Names {
		// The first category is drawn at the top.
		b.cols = append(b.cols, column{x: float64(n - 1 - i), segs: []float64{d.TIV[i]}, colors: []color.Color{Palette[0]}})
		names[n-1-i] = d.Names[i]
	}
	h := 3.2*vg.Centimeter + vg.Length(n)*0.75*vg.Centimeter + extraHeight(d.Title, d.Source)
	return &Chart{Title: d.Title, Height: h, draw: func(c draw.Canvas) {
		c = frame(c, d.Source)
		p := newPlot(d.Title, orDefault(d.XLabel, YLabel), "")
		p.X.Tick.Marker = tivTicks{}
		p.X.Min = 0
		p.Add(grid{vertical: true}, b)
		_, xmax, _, _ := b.DataRange()
		p.X.Max = xmax * 1.15 // room for the value labels
		p.NominalY(names...)
		p.Y.Tick.Label.Font.Size = tickSize
		p.Draw(c)
	}}, nil
}

// titledWithLegend draws p under a title that spans the whole width, leaving
// legendW on the right for a legend, and returns the legend to fill with its
// thumbnails' width, the canvas under the title, and where the legend's
// column starts (its x offset in that canvas).
func titledWithLegend(c draw.Canvas, p *plot.Plot, title string, legendW, thumb vg.Length) (leg *plot.Legend, tc draw.Canvas, legendX vg.Length) {
	p.Title.Text = ""
	ts := titleStyle()
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	tw := c.Max.X - c.Min.X
	text := strings.Join(titleLines(title), "\n")
	c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y}, text)
	tc = draw.Crop(c, 0, 0, 0, -(ts.Height(text) + 0.3*vg.Centimeter))
	p.Draw(draw.Crop(tc, 0, -legendW, 0, 0))
	l := plot.NewLegend()
	l.TextStyle = textStyle(tickSize, ink)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = thumb
	l.Padding = vg.Points(4)
	return &l, tc, tw - legendW + 0.3*vg.Centimeter
}
