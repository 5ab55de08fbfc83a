// Package chart draws armsflow's charts with gonum/plot and renders them to
// SVG and PNG: the yearly TIV of a supplier to a recipient with event
// markers, a recipient's imports by supplier stacked over the years, and TIV
// by weapon category.
//
// Every chart is drawn for print: 16 cm wide, fonts of 10 pt or more, the
// colour-blind-safe Okabe–Ito palette, a title, axes labelled with their
// units, and the source line under the plot. A chart with nothing to show
// says so in words ("No transfers recorded …") instead of drawing empty axes.
//
// The package knows nothing of the engine: callers pass plain series.
package chart

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/armsflow/armsflow/table"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Width is the width every chart is drawn at: a page's text width.
const Width = 16 * vg.Centimeter

// YLabel is the default label of a TIV axis.
const YLabel = "TIV, millions"

// Palette is the Okabe–Ito colour-blind-safe palette in the order charts
// use it; Grey is kept for "Other".
var Palette = []color.Color{
	rgb(0x00, 0x72, 0xB2), // blue
	rgb(0xE6, 0x9F, 0x00), // orange
	rgb(0x00, 0x9E, 0x73), // bluish green
	rgb(0xD5, 0x5E, 0x00), // vermillion
	rgb(0x56, 0xB4, 0xE9), // sky blue
	rgb(0xCC, 0x79, 0xA7), // reddish purple
	rgb(0xF0, 0xE4, 0x42), // yellow
}

// Grey is the colour of the "Other" series.
var Grey color.Color = rgb(0x99, 0x99, 0x99)

var (
	ink      = rgb(0x22, 0x22, 0x22)
	muted    = rgb(0x55, 0x55, 0x55)
	gridInk  = rgb(0xDD, 0xDD, 0xDD)
	markInk  = rgb(0xD5, 0x5E, 0x00) // vermillion, distinct from the blue bars
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
)

func rgb(r, g, b uint8) color.Color { return color.RGBA{r, g, b, 0xFF} }

// Font sizes, in points, at Width.
const (
	titleSize  = 13
	labelSize  = 11
	tickSize   = 10
	sourceSize = 10
	footerH    = 0.8 * vg.Centimeter
	// slack is the share of a line's width that text measured in
	// Liberation Sans may take, so that a wider fallback font (DejaVu Sans
	// on a Linux without Liberation) still fits instead of being clipped.
	slack = 0.86
)

// Chart is a drawn chart, ready to render as SVG or PNG.
type Chart struct {
	// Title is the chart's title, also usable as alt text.
	Title string
	// Empty is true when the chart shows the "no data" message instead of a plot.
	Empty bool
	// Height is the chart's height; its width is always Width.
	Height vg.Length
	draw   func(c draw.Canvas)
}

// SVG renders the chart as an SVG document. Fonts are named, not embedded
// (Liberation Sans, metric-compatible with Arial and Helvetica, which the
// document names as fallbacks), so the SVG is small and fetches nothing.
func (c *Chart) SVG() ([]byte, error) {
	cv := vgsvg.New(Width, c.Height)
	c.draw(draw.New(cv))
	var b bytes.Buffer
	if _, err := cv.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("chart %q: svg: %w", c.Title, err)
	}
	out := bytes.ReplaceAll(b.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	return fixTextLength(out), nil
}

// svgText is compiled on first use: every command links this package, few draw.
var svgText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<text ([^>]*?)(\s*)style="([^"]*font-weight:([a-z]+)[^"]*font-size:([0-9.]+)px[^"]*)">([^<]*)</text>`)
})

// fixTextLength gives every text of an SVG the width it was laid out with
// (textLength, spacing and glyphs adjusted): the layout is measured in
// Liberation Sans, and a viewer that falls back to a wider font (DejaVu
// Sans on a Linux without Liberation) would otherwise draw titles past the
// edge and tick labels into the bars.
func fixTextLength(svg []byte) []byte {
	return svgText().ReplaceAllFunc(svg, func(m []byte) []byte {
		g := svgText().FindSubmatch(m)
		size, err := strconv.ParseFloat(string(g[5]), 64)
		txt := html.UnescapeString(string(g[6]))
		if err != nil || utf8.RuneCountInString(txt) < 2 {
			return m
		}
		f := font.Font{Typeface: sansFont.Typeface, Variant: sansFont.Variant, Size: vg.Length(size)}
		if string(g[4]) == "bold" {
			f.Weight = xfont.WeightBold
		}
		st := text.Style{Font: font.From(f, f.Size), Handler: plot.DefaultTextHandler}
		w := st.Width(txt)
		return []byte(fmt.Sprintf(`<text %s textLength="%.2f" lengthAdjust="spacingAndGlyphs"%sstyle="%s">%s</text>`, g[1], float64(w), g[2], g[3], g[6]))
	})
}

// PNG renders the chart as a PNG image at dpi dots per inch (150 when dpi
// is 0).
func (c *Chart) PNG(dpi int) ([]byte, error) {
	if dpi <= 0 {
		dpi = 150
	}
	cv := vgimg.NewWith(vgimg.UseWH(Width, c.Height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	c.draw(draw.New(cv))
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("chart %q: png: %w", c.Title, err)
	}
	return b.Bytes(), nil
}

// Marker is an event drawn on a yearly chart: a dashed vertical line at its
// date, labelled with a short title.
type Marker struct {
	// X is the position in years: the bar of year Y spans Y-0.5 to Y+0.5,
	// so an event on 1 March 2001 is at about 2000.66. See MarkerX.
	X     float64
	Label string
}

// MarkerX places a date written YYYY, YYYY-MM or YYYY-MM-DD on a yearly
// axis: a year-only date at the middle of its bar, a month or day at its
// fraction of the year. It returns false for a malformed date.
func MarkerX(date string) (float64, bool) {
	parts := strings.Split(date, "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(parts[0])
	if err != nil {
		return 0, false
	}
	if len(parts) == 1 {
		return float64(y), true
	}
	m, err := strconv.Atoi(parts[1])
	if err != nil || m < 1 || m > 12 {
		return 0, false
	}
	d := 15
	if len(parts) == 3 {
		if d, err = strconv.Atoi(parts[2]); err != nil || d < 1 || d > 31 {
			return 0, false
		}
	}
	frac := (float64(m-1) + float64(d-1)/31) / 12
	return float64(y) - 0.5 + frac, true
}

// newPlot returns a plot styled for print.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = strings.Join(titleLines(title), "\n")
	p.Title.TextStyle.Font = font.Font{Typeface: sansFont.Typeface, Variant: sansFont.Variant, Weight: xfont.WeightBold, Size: titleSize}
	p.Title.TextStyle.Color = ink
	p.Title.Padding = 0.3 * vg.Centimeter
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.Font{Typeface: sansFont.Typeface, Variant: sansFont.Variant, Size: labelSize}
		a.Label.TextStyle.Color = ink
		a.Tick.Label.Font = font.Font{Typeface: sansFont.Typeface, Variant: sansFont.Variant, Size: tickSize}
		a.Tick.Label.Color = ink
		a.Color = muted
		a.Tick.Color = muted
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	return p
}

func textStyle(size vg.Length, clr color.Color) text.Style {
	return text.Style{
		Color:   clr,
		Font:    font.From(font.Font{Typeface: sansFont.Typeface, Variant: sansFont.Variant, Size: size}, size),
		XAlign:  draw.XLeft,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
}

// frame draws the source line (wrapped, at most three lines) at the foot
// of c and returns the rest.
func frame(c draw.Canvas, source string) draw.Canvas {
	c.FillPolygon(color.White, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
	lines := sourceLines(source)
	st := textStyle(sourceSize, muted)
	lh := st.FontExtents().Height
	for i, l := range lines {
		y := c.Min.Y + 0.2*vg.Centimeter + vg.Length(len(lines)-1-i)*lh
		c.FillText(st, vg.Point{X: c.Min.X + 0.2*vg.Centimeter, Y: y}, l)
	}
	return draw.Crop(c, 0.1*vg.Centimeter, -0.3*vg.Centimeter, footerHeight(source), -0.2*vg.Centimeter)
}

// sourceLines wraps a source line to the chart's width, with slack.
func sourceLines(source string) []string {
	if source == "" {
		return nil
	}
	return wrap(textStyle(sourceSize, muted), source, (Width-0.4*vg.Centimeter)*slack, 3)
}

// footerHeight is the height the source line takes at the foot of a chart.
func footerHeight(source string) vg.Length {
	n := len(sourceLines(source))
	if n <= 1 {
		return footerH
	}
	return footerH + vg.Length(n-1)*textStyle(sourceSize, muted).FontExtents().Height
}

// extraHeight is what a chart adds to its nominal height for a wrapped
// source line and a wrapped title.
func extraHeight(title, source string) vg.Length {
	ts := titleStyle()
	return footerHeight(source) - footerH + vg.Length(len(titleLines(title))-1)*ts.FontExtents().Height
}

func titleStyle() text.Style {
	ts := textStyle(titleSize, ink)
	ts.Font.Weight = xfont.WeightBold
	ts.Font = font.From(font.Font{Typeface: sansFont.Typeface, Variant: sansFont.Variant, Weight: xfont.WeightBold, Size: titleSize}, titleSize)
	return ts
}

// titleLines wraps a title to the chart's width, with slack: two lines at
// most, the second shortened with an ellipsis if it must be.
func titleLines(title string) []string {
	return wrap(titleStyle(), title, Width*slack, 2)
}

// wrap breaks s at spaces into at most max lines no wider than w; the last
// line is shortened with an ellipsis when the text does not fit.
func wrap(st text.Style, s string, w vg.Length, max int) []string {
	if st.Width(s) <= w || max <= 1 {
		return []string{fit(st, s, w)}
	}
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for i, wd := range words {
		next := wd
		if cur != "" {
			next = cur + " " + wd
		}
		if cur != "" && st.Width(next) > w {
			lines = append(lines, cur)
			if len(lines) == max-1 {
				lines = append(lines, fit(st, strings.Join(words[i:], " "), w))
				return lines
			}
			cur = wd
			continue
		}
		cur = next
	}
	return append(lines, fit(st, cur, w))
}

// fit shortens s with an ellipsis until it fits width w in style st.
func fit(st text.Style, s string, w vg.Length) string {
	if st.Width(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && st.Width(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// emptyChart is a chart that states why there is nothing to plot.
func emptyChart(title, message, source string) *Chart {
	h := 5*vg.Centimeter + extraHeight(title, source)
	return &Chart{Title: title, Empty: true, Height: h, draw: func(c draw.Canvas) {
		c = frame(c, source)
		ts := titleStyle()
		ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
		mid := (c.Min.X + c.Max.X) / 2
		c.FillText(ts, vg.Point{X: mid, Y: c.Max.Y}, strings.Join(titleLines(title), "\n"))
		ms := textStyle(labelSize+1, muted)
		ms.XAlign, ms.YAlign = draw.XCenter, draw.YCenter
		for i, l := range wrap(ms, message, (c.Max.X-c.Min.X)*slack, 2) {
			c.FillText(ms, vg.Point{X: mid, Y: (c.Min.Y+c.Max.Y)/2 - vg.Length(i)*ms.FontExtents().Height}, l)
		}
	}}
}

// yearTicks labels years at a step that keeps labels apart: at most max
// labels (12 when max is 0), a tick on every year.
type yearTicks struct{ max int }

// Ticks returns integer year ticks between min and max.
func (t yearTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := int(math.Ceil(min)), int(math.Floor(max))
	span := hi - lo
	most := t.max
	if most <= 0 {
		most = 12
	}
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50} {
		step = s
		if span/s+1 <= most {
			break
		}
	}
	var ticks []plot.Tick
	for y := lo; y <= hi; y++ {
		t := plot.Tick{Value: float64(y)}
		if y%step == 0 {
			t.Label = strconv.Itoa(y)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// tivTicks labels a TIV axis with thousands separators.
type tivTicks struct{}

// Ticks returns gonum's default ticks with labels as whole numbers.
func (tivTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = thousands(ticks[i].Value)
		}
	}
	return ticks
}

// thousands writes v with comma thousands separators and no decimals
// unless it has a fraction.
func thousands(v float64) string { return table.Group(strconv.FormatFloat(v, 'f', -1, 64)) }

// grid draws horizontal (or vertical) grid lines at the major ticks.
type grid struct{ vertical bool }

// Plot draws the grid lines.
func (g grid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ls := draw.LineStyle{Color: gridInk, Width: vg.Points(0.5)}
	if g.vertical {
		for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			if t.Label != "" {
				x := trX(t.Value)
				c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
			}
		}
		return
	}
	for _, t := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
		if t.Label != "" {
			y := trY(t.Value)
			c.StrokeLine2(ls, c.Min.X, y, c.Max.X, y)
		}
	}
}

// box is a legend thumbnail: a filled square.
type box struct{ color.Color }

// Thumbnail draws the square.
func (b box) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(b.Color, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}

func rect(c *draw.Canvas, clr color.Color, x0, y0, x1, y1 vg.Length) {
	pts := c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	if len(pts) > 2 {
		c.FillPolygon(clr, pts)
	}
}
