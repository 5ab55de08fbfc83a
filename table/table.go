// Package table renders tabular results as aligned text, CSV, Markdown and
// LaTeX (booktabs). It knows nothing of arms transfers: callers turn their
// results into a Table and pick a format.
package table

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats Write accepts. JSON is not among them: each result has its own
// JSON shape, written by its caller.
var Formats = []string{"table", "csv", "md", "latex"}

// Column describes one column.
type Column struct {
	Name string
	// Decimals is the number of decimals numbers are shown with in text
	// formats; -1 shows them as short as exact (integers without decimals).
	// CSV always writes numbers exactly.
	Decimals int
	// Abbrev, when positive, cuts longer text to that many characters and
	// "…" in the text format only, for long identifiers such as hashes; the
	// other formats keep the whole value.
	Abbrev int
	// Plain shows numbers without thousands separators: years and
	// identifiers, which read wrong grouped ("2,021"). Every other numeric
	// cell is grouped in the formats people read (text, Markdown, LaTeX,
	// the web's Doc) as the notes under the tables write totals
	// ("136,095 TIV"); CSV and JSON always keep plain numbers.
	Plain bool
}

// Decimals modes besides a count of decimals and -1 (exact).
const (
	// FactSheet shows a number as SIPRI's fact sheets round shares: whole
	// numbers from 10, two significant figures below (4.6, 0.13), and a
	// positive share below 0.1 as "<0.1", never 0.
	FactSheet = -2
	// Change is FactSheet with a sign: "+14", "-4.6".
	Change = -3
)

// Table is a titled grid of cells. A cell is a string, an int, a float64,
// a *float64 or *int (nil is unknown), or nil (unknown or empty).
type Table struct {
	Title   string
	Columns []Column
	Rows    [][]any
	Notes   []string // printed under the table in text formats
}

// Cols makes columns from names, all with exact numbers.
func Cols(names ...string) []Column {
	out := make([]Column, len(names))
	for i, n := range names {
		out[i] = Column{Name: n, Decimals: -1}
	}
	return out
}

// Write renders t in format to w.
func Write(w io.Writer, format string, t *Table) error {
	switch format {
	case "table", "":
		return writeText(w, t)
	case "csv":
		return WriteCSV(w, t)
	case "md":
		return writeMarkdown(w, t)
	case "latex":
		return writeLaTeX(w, t)
	}
	// Write cannot make JSON (see Formats): the caller, which can, offers it.
	return fmt.Errorf("unknown table format %q: use table, csv, md or latex (JSON is written from the result, not its table)", format)
}

// Text renders a cell as the text formats do: numbers with the column's
// decimals and thousands separators (unless the column is Plain), an
// unknown (nil) as blank, booleans as yes or no.
func Text(v any, c Column) string { return text(v, c) }

// text renders a cell for a text format: as raw does, numbers grouped in
// thousands unless the column is Plain. Grouping here, the one place every
// human format (and table.Doc) renders a cell through, keeps them alike.
func text(v any, c Column) string {
	s := raw(v, c)
	if c.Plain {
		return s
	}
	if numeric(v) {
		return Group(s)
	}
	// A number SIPRI marks uncertain ("1500?", view.Uncertain) is text so
	// that CSV keeps the mark; people read it grouped like its neighbours.
	if n, ok := strings.CutSuffix(s, "?"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		return Group(n) + "?"
	}
	return s
}

// raw renders a cell without thousands separators, as CSV writes numbers.
func raw(v any, c Column) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case *int:
		if x == nil {
			return ""
		}
		return strconv.Itoa(*x)
	case float64:
		return num(x, c.Decimals)
	case *float64:
		if x == nil {
			return ""
		}
		return num(*x, c.Decimals)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	}
	return fmt.Sprint(v)
}

// maxShown bounds the figures shown: none of SIPRI's comes near it, so a
// larger one is the result of a broken computation (a sum that overflowed
// and was then rounded through an integer), shown blank like an unknown
// rather than as a figure such as -922337203685477632.0.
const maxShown = 1e15

func num(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= maxShown {
		return ""
	}
	switch decimals {
	case FactSheet:
		return factSheet(x)
	case Change:
		if x > 0 {
			return "+" + factSheet(x)
		}
		return factSheet(x)
	}
	if decimals < 0 {
		if x == math.Trunc(x) {
			return strconv.FormatInt(int64(x), 10)
		}
		// Six decimals drop the binary noise of sums (12512.499999999998)
		// and keep more than any figure of SIPRI's means.
		return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', decimals, 64)
}

func numeric(v any) bool {
	switch v.(type) {
	case int, *int, float64, *float64:
		return true
	}
	return false
}

func writeText(w io.Writer, t *Table) error {
	cells := make([][]string, len(t.Rows))
	width := make([]int, len(t.Columns))
	right := make([]bool, len(t.Columns))
	for j, c := range t.Columns {
		width[j] = utf8.RuneCountInString(c.Name)
		right[j] = colNumeric(t, j)
	}
	for i, r := range t.Rows {
		cells[i] = make([]string, len(t.Columns))
		for j := range t.Columns {
			if j >= len(r) {
				continue
			}
			s := text(r[j], t.Columns[j])
			if n := t.Columns[j].Abbrev; n > 0 && utf8.RuneCountInString(s) > n {
				s = string([]rune(s)[:n]) + "…"
			}
			cells[i][j] = s
			if n := utf8.RuneCountInString(s); n > width[j] {
				width[j] = n
			}
			if numeric(r[j]) {
				right[j] = true
			}
		}
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n\n")
	}
	line := func(vals []string) {
		for j, v := range vals {
			if j > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(v))
			if right[j] {
				b.WriteString(pad + v)
			} else if j < len(vals)-1 {
				b.WriteString(v + pad)
			} else {
				b.WriteString(v)
			}
		}
		b.WriteString("\n")
	}
	heads := make([]string, len(t.Columns))
	rules := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		heads[j] = c.Name
		rules[j] = strings.Repeat("-", width[j])
	}
	line(heads)
	line(rules)
	for _, r := range cells {
		line(r)
	}
	for _, n := range t.Notes {
		b.WriteString("\n" + n)
	}
	if len(t.Notes) > 0 {
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Group puts comma thousands separators into a number already formatted
// with a '.' decimal point ("-27410.5" → "-27,410.5", "+1250" → "+1,250");
// anything else (text, "<0.1", a number already grouped) comes back as
// given.
func Group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		sign, s = s[:1], s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if len(whole) <= 3 || strings.Trim(whole, "0123456789") != "" {
		return sign + s
	}
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// SafeCell neutralises a text cell that a spreadsheet would read as a
// formula (it begins with =, +, -, @, a tab or a carriage return) by
// prefixing an apostrophe. Numbers are never passed through it.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes t as CSV: a header row and the rows, numbers exact, text
// safe from formula injection. Notes are not written, so the file stays a
// plain grid for tools.
func WriteCSV(w io.Writer, t *Table) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		head[j] = SafeCell(c.Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for j := range t.Columns {
			rec[j] = ""
			if j >= len(r) {
				continue
			}
			if numeric(r[j]) {
				rec[j] = raw(r[j], Column{Decimals: -1})
			} else {
				rec[j] = SafeCell(raw(r[j], t.Columns[j]))
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// MarkdownEscape makes text safe to put in Markdown, in a table cell or
// anywhere in a paragraph: data such as SIPRI's comments or an event's
// title must never become HTML, a link (a javascript: one included) or an
// image when the Markdown is rendered, nor break the table. HTML's
// specials become entities, as the HTML report writes them (no tag, no
// autolink <…>), the brackets of links and images and Markdown's emphasis
// and code marks are escaped with a backslash (the backslash too, so that
// an escape in the data cannot undo one), and line breaks become spaces.
func MarkdownEscape(s string) string { return mdEsc.Replace(s) }

var mdEsc = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "|", `\|`, "[", `\[`, "]", `\]`, "`", "\\`", "*", `\*`, "_", `\_`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

func writeMarkdown(w io.Writer, t *Table) error {
	esc := mdEsc
	var b strings.Builder
	if t.Title != "" {
		b.WriteString("### " + esc.Replace(t.Title) + "\n\n")
	}
	b.WriteString("|")
	for _, c := range t.Columns {
		b.WriteString(" " + esc.Replace(c.Name) + " |")
	}
	b.WriteString("\n|")
	for j := range t.Columns {
		if colNumeric(t, j) {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for j, c := range t.Columns {
			s := ""
			if j < len(r) {
				s = text(r[j], c)
			}
			b.WriteString(" " + esc.Replace(s) + " |")
		}
		b.WriteString("\n")
	}
	for _, n := range t.Notes {
		b.WriteString("\n" + esc.Replace(n) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// colNumeric reports whether column j holds numbers: a column with a
// numeric format (decimals, fact-sheet or change) or any numeric cell, so
// that a first row of "–" or "not covered", or a column of "–" only, does
// not align a column of figures left.
func colNumeric(t *Table, j int) bool {
	if j < len(t.Columns) && t.Columns[j].Decimals != -1 {
		return true
	}
	for _, r := range t.Rows {
		if j < len(r) && numeric(r[j]) {
			return true
		}
	}
	return false
}

// LaTeXEscape escapes text for LaTeX.
func LaTeXEscape(s string) string {
	return latexEsc.Replace(s)
}

var latexEsc = strings.NewReplacer(
	`\`, `\textbackslash{}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`,
	"_", `\_`, "{", `\{`, "}", `\}`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`,
	"\n", " ", "\r", " ",
)

func writeLaTeX(w io.Writer, t *Table) error {
	var b strings.Builder
	spec := ""
	for j := range t.Columns {
		if colNumeric(t, j) {
			spec += "r"
		} else {
			spec += "l"
		}
	}
	b.WriteString("% requires \\usepackage{booktabs}\n\\begin{table}[htbp]\n\\centering\n")
	if t.Title != "" {
		b.WriteString("\\caption{" + LaTeXEscape(t.Title) + "}\n")
	}
	b.WriteString("\\begin{tabular}{" + spec + "}\n\\toprule\n")
	heads := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		heads[j] = LaTeXEscape(c.Name)
	}
	b.WriteString(strings.Join(heads, " & ") + " \\\\\n\\midrule\n")
	for _, r := range t.Rows {
		vals := make([]string, len(t.Columns))
		for j, c := range t.Columns {
			if j < len(r) {
				vals[j] = LaTeXEscape(text(r[j], c))
			}
		}
		b.WriteString(strings.Join(vals, " & ") + " \\\\\n")
	}
	b.WriteString("\\bottomrule\n\\end{tabular}\n")
	if len(t.Notes) > 0 {
		b.WriteString("\\par\\smallskip\\footnotesize ")
		notes := make([]string, len(t.Notes))
		for i, n := range t.Notes {
			notes[i] = LaTeXEscape(n)
		}
		b.WriteString(strings.Join(notes, " ") + "\n")
	}
	b.WriteString("\\end{table}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// factSheet rounds x as SIPRI's fact sheets do (see FactSheet).
func factSheet(x float64) string {
	sign, a := "", math.Abs(x)
	if x < 0 {
		sign = "-"
	}
	switch {
	case a == 0:
		return "0"
	case a < 0.1:
		return sign + "<0.1"
	case a < 1:
		if r := math.Round(a*100) / 100; r < 1 {
			return sign + strconv.FormatFloat(r, 'f', 2, 64)
		}
		return sign + "1.0"
	case a < 10:
		if r := math.Round(a*10) / 10; r < 10 {
			return sign + strconv.FormatFloat(r, 'f', 1, 64)
		}
		return sign + "10"
	}
	return sign + strconv.FormatFloat(math.Round(a), 'f', 0, 64)
}
