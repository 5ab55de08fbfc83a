package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/table"
)

//go:embed report.html.tmpl
var htmlTemplate string

//go:embed report.css
var reportCSS string

// htmlTmpl is parsed on first use, not at start: every armsflow command
// links this package, and only a report needs the template.
var htmlTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"cell":    cellText,
		"numeric": isNumeric,
		"focus": func(row []any) bool {
			for _, v := range row {
				if s, ok := v.(string); ok && (strings.HasPrefix(s, "» ") || s == "open") {
					return true
				}
			}
			return false
		},
		"total":   func(row []any) bool { return len(row) > 1 && row[1] == "Total" },
		"numcols": numericColumns,
		"yearcol": func(c table.Column) bool { return strings.Contains(strings.ToLower(c.Name), "year") },
	}).Parse(htmlTemplate))
})

// htmlChart is a chart inlined as SVG.
type htmlChart struct {
	Title string
	SVG   template.HTML
}

type htmlSection struct {
	*Section
	Charts []htmlChart
}

// WriteHTML writes r as one self-contained HTML page: inline CSS and SVG,
// no script, nothing fetched. Every value from the data is escaped by
// html/template; the only raw HTML is the SVG the chart package drew, whose
// text gonum escapes.
func WriteHTML(w io.Writer, r *Report) error {
	data := struct {
		*Report
		Title    string
		CSS      template.CSS
		Sections []htmlSection
		Source   string
		Footer   string
	}{Report: r, Title: r.Title(), CSS: template.CSS(reportCSS), Source: armsflow.Source, Footer: r.footer()}
	for _, s := range r.Sections {
		hs := htmlSection{Section: s}
		for _, c := range s.Charts {
			svg, err := c.SVG()
			if err != nil {
				return err
			}
			hs.Charts = append(hs.Charts, htmlChart{Title: c.Title, SVG: template.HTML(inlineSVG(svg, c.Title))})
		}
		data.Sections = append(data.Sections, hs)
	}
	var b bytes.Buffer
	if err := htmlTmpl().Execute(&b, data); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Compiled on first use, as htmlTmpl is.
var (
	xmlProlog = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)^<\?xml.*?\?>\s*(<!--.*?-->\s*)?`)
	})
	svgSize = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^<svg width="[^"]*" height="[^"]*"`) })
)

// inlineSVG makes gonum's SVG document fit inside HTML: no XML prolog, no
// fixed size (CSS scales it to the column), and an accessible name.
func inlineSVG(svg []byte, title string) string {
	s := xmlProlog().ReplaceAllString(string(svg), "")
	s = svgSize().ReplaceAllString(s, `<svg role="img" aria-label="`+template.HTMLEscapeString(title)+`"`)
	return s
}

// footer is the provenance line repeated on every printed page.
func (r *Report) footer() string {
	var ds []string
	for _, d := range r.Datasets {
		g := "generated " + d.Generated
		if d.Generated == "" {
			g = "undated"
		}
		ds = append(ds, d.Name+" ("+g+")")
	}
	// "rounded by SIPRI" is true only of TIV tables: a report over years
	// only a register covers said so of figures armsflow estimated.
	how := "rounded by SIPRI"
	switch {
	case r.Yearly != nil && r.Yearly.Estimated:
		how = "estimated from a classic trade register by spreading each deal's TIV evenly over its delivery years"
	case r.Yearly != nil && r.Yearly.Exact:
		how = "sums of the trade register's yearly values"
	}
	return armsflow.Source + ": " + strings.Join(ds, "; ") + ". Figures in TIV millions, " + how + "."
}

// cellText renders a table cell as text formats do, with thousands
// separators in numbers (not in years) and at most one decimal where the
// column asks for exact numbers or a share. A share below 0.1 reads "<0.1"
// as on the command line, never "0.0", which reads as none.
func cellText(v any, c table.Column) string {
	var x float64
	switch n := v.(type) {
	case int:
		x = float64(n)
	case *int:
		if n != nil {
			x = float64(*n)
		}
	case float64:
		x = n
	case *float64:
		if n != nil {
			x = *n
		}
	default:
		return table.Text(v, c)
	}
	if strings.Contains(strings.ToLower(c.Name), "year") {
		c.Plain = true // a year is a label, never "2,014"
		return table.Text(v, c)
	}
	if (c.Decimals == table.FactSheet || c.Decimals == table.Change) && x != 0 && math.Abs(x) < 0.1 {
		return table.Text(v, c)
	}
	sign := ""
	if c.Decimals == table.Change && x > 0 {
		sign = "+" // a rise reads "+153.2" as on the command line, not "153.2"
	}
	if c.Decimals < 0 && x != math.Trunc(x) {
		c.Decimals = 1
	}
	return sign + strings.TrimPrefix(table.Group(table.Text(v, c)), "+")
}

// numericColumns reports, per column of t, whether it holds numbers: any
// cell is a number and every other cell is empty or a number written with
// a mark (SIPRI's "400?", a dash for no rank). Such a column, header
// included, is aligned right. Year columns are labels and stay left.
func numericColumns(t *table.Table) []bool {
	out := make([]bool, len(t.Columns))
	for i, c := range t.Columns {
		if strings.Contains(strings.ToLower(c.Name), "year") {
			continue // years are labels, kept left like periods
		}
		num, other := false, false
		for _, row := range t.Rows {
			if i >= len(row) {
				continue
			}
			switch v := row[i].(type) {
			case nil:
			case string:
				if v != "" && !numberLike().MatchString(v) {
					other = true
				}
			default:
				if isNumeric(v) {
					num = true
				}
			}
		}
		// A numeric format (decimals, shares) marks a column of figures
		// even when every cell is "–", as package table aligns it.
		out[i] = (num || c.Decimals != -1) && !other
	}
	return out
}

// numberLike matches a number with SIPRI's uncertainty mark, or a dash.
var numberLike = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(-?[0-9][0-9,.]*\??|[–-]|\?)$`) })

func isNumeric(v any) bool {
	switch v.(type) {
	case int, *int, float64, *float64:
		return true
	}
	return false
}
