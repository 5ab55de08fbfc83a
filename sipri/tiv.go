package sipri

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
)

// maxPreamble bounds the lines searched for a header.
const maxPreamble = 64

// preambleNext reads the n-th record of a file's preamble. A file that ends
// before its header, or has none within maxPreamble records, fails saying
// missing: what header it lacks and what to do.
func (p *parser) preambleNext(n int, missing string) error {
	ok, err := p.next()
	if err != nil {
		return err
	}
	if !ok || n == maxPreamble {
		return errorf(p.name, p.rd.line, 0, "%s", missing)
	}
	return nil
}

// tiv reads a TIV table: a preamble with the title and the "Generated:"
// line, a header ",1950,…,2021,Total", one row per supplier (per recipient
// in the world table), empty separator rows, and a "Total" row.
func (p *parser) tiv(f *File) error {
	rec := &p.rec
	titled := false
	for n := 0; ; n++ {
		if err := p.preambleNext(n, "no header row (\",1950,…,2021,Total\") after the title; the file is truncated or not a complete TIV table: re-download it from SIPRI"); err != nil {
			return err
		}
		if rec.empty() {
			continue
		}
		first := rec.trimmed(0)
		if !titled {
			f.Subject = tivSubject(first)
			if f.Subject == "" {
				return p.errAt(rec, 0, "the title %q names no recipient; re-download the table from SIPRI", clip(first))
			}
			titled = true
			continue
		}
		if date, isLine, ok := generatedDate(first); isLine {
			if !ok {
				return p.errAt(rec, 0, "cannot read the date of %q; SIPRI writes \"Generated: 22 April 2022\": fix the line or re-download the table", clip(first))
			}
			f.Generated = date
			continue
		}
		if first == "" && rec.n() > 2 {
			if _, ok := parseYear(rec.trimmed(1)); ok {
				break
			}
		}
	}
	if f.Generated == "" {
		p.warn(p.rec.line, "the table has no \"Generated:\" line; its dataset will have no date")
	}
	return p.tivBody(f)
}

// tivSubject returns the recipient named in a title such as "TIV of arms
// exports to Viet Nam, 1950-2021": "Viet Nam", or "all" for the world table.
func tivSubject(title string) string {
	s := strings.TrimSpace(title[min(len(title), len("TIV of arms exports to ")):])
	if i := strings.LastIndex(s, ","); i >= 0 && isYearRange(strings.TrimSpace(s[i+1:])) {
		s = strings.TrimSpace(s[:i])
	}
	if strings.EqualFold(s, "all") {
		return "all"
	}
	return s
}

// isYearRange reports whether s is "1950-2021".
func isYearRange(s string) bool {
	a, b, ok := strings.Cut(s, "-")
	_, ok1 := parseYear(strings.TrimSpace(a))
	_, ok2 := parseYear(strings.TrimSpace(b))
	return ok && ok1 && ok2
}

// tivColumn is one column of a TIV table: its year (0 for the Total
// column) and the sum of its n figures.
type tivColumn struct {
	year int
	sum  float64
	n    int
}

// label names the column in messages.
func (c tivColumn) label() string { return yearLabel(c.year) }

// tivBody reads from the header (in p.rec) to the Total row.
func (p *parser) tivBody(f *File) error {
	rec := &p.rec
	world := f.Subject == "all"
	// the header: "", years…, "Total", then perhaps empty cells
	last := rec.n() - 1
	for last > 0 && rec.trimmed(last) == "" {
		last--
	}
	if !strings.EqualFold(rec.trimmed(last), "Total") {
		return p.errAt(rec, last, "the header's last column is %q where a TIV table has \"Total\"; re-download the table from SIPRI", clip(rec.field(last)))
	}
	ncol := last + 1
	cols := make([]tivColumn, ncol)
	for i := 1; i < last; i++ {
		label := rec.trimmed(i)
		y, ok := parseYear(label)
		if !ok || y == 0 {
			return p.errAt(rec, i, "%q in the header is not a year; a TIV table's header is \",1950,…,2021,Total\": re-download the table from SIPRI", clip(label))
		}
		if i > 1 && y <= cols[i-1].year { // SIPRI's years ascend: look further only when they do not
			for j := 1; j < i; j++ {
				if cols[j].year == y {
					return p.errAt(rec, i, "the year %d appears twice in the header; re-download the table from SIPRI", y)
				}
			}
		}
		cols[i] = tivColumn{year: y}
	}
	headerLine := rec.line
	f.Coverage = yearSpan(cols[1:last], func(c tivColumn) int { return c.year })

	out := make([]armsflow.Flow, 0, countFigures(p.s[p.rd.pos:]))
	names := make(map[string]int, 64)
	sawTotal, lastLine := false, headerLine
	for {
		ok, err := p.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		lastLine = rec.line
		if rec.empty() {
			continue
		}
		if sawTotal {
			return p.errAt(rec, 0, "a row after the Total row; the Total row ends a TIV table: remove the row or re-download the table from SIPRI")
		}
		name := rec.trimmed(0)
		if name == "" {
			return p.errAt(rec, 0, "a row with figures but no name; fix the row or re-download the table from SIPRI")
		}
		if rec.n() < ncol {
			return p.errAt(rec, rec.n(), "the row %s has %d cells where the header has %d; the file is truncated or was edited: re-download the table from SIPRI", name, rec.n(), ncol)
		}
		for i := ncol; i < rec.n(); i++ {
			if rec.trimmed(i) != "" {
				return p.errAt(rec, i, "the row %s has a figure beyond the header's last column (Total); re-download the table from SIPRI", name)
			}
		}
		if strings.EqualFold(name, "Total") {
			sawTotal = true
			if err := p.tivTotal(f, rec, cols); err != nil {
				return err
			}
			continue
		}
		if prev, dup := names[name]; dup {
			return p.errAt(rec, 0, "the row %s appears twice (first on line %d); remove one or re-download the table from SIPRI", name, prev)
		}
		names[name] = rec.line
		var sum float64
		var n int
		for i := 1; i < ncol; i++ {
			cell := rec.trimmed(i)
			if cell == "" {
				continue // no deliveries
			}
			v, ok := parseNum(cell)
			if !ok {
				return p.errAt(rec, i, "%q is not a number in column %s; fix the cell or re-download the table from SIPRI", clip(cell), cols[i].label())
			}
			cols[i].sum += v
			cols[i].n++
			if i == last {
				continue
			}
			sum += v
			n++
			fl := armsflow.Flow{Supplier: name, Recipient: f.Subject, Year: cols[i].year, TIV: v}
			if world {
				fl = armsflow.Flow{Recipient: name, Year: cols[i].year, TIV: v}
			}
			out = append(out, fl)
		}
		total := rec.trimmed(last)
		switch t, _ := parseNum(total); {
		case total == "" && n > 0:
			p.warn(rec.line, "row %s: years sum to %s but its Total is empty", name, fmtNum(sum))
		case total != "" && !sameSum(sum, t):
			// the commonest warning, written without fmt
			p.warnings = append(p.warnings, p.name+":"+strconv.Itoa(rec.line)+": row "+name+": years sum to "+fmtNum(sum)+
				" but its Total says "+total+roundingNote(sum, t, n))
		}
	}
	if !sawTotal {
		return errorf(p.name, lastLine, 0, "the table ends without its Total row; the file is truncated: re-download it from SIPRI")
	}
	if world {
		f.Content.World = out
	} else {
		f.Content.Flows = out
	}
	return nil
}

// countFigures counts the cells of a CSV text that start with a digit: an
// upper bound of the flows in a table, counted much faster than growing
// the list.
func countFigures(s string) int {
	n := 0
	for i := 1; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' && s[i-1] == ',' {
			n++
		}
	}
	return n
}

// tivTotal keeps the Total row as SIPRI's own totals (a recipient's total
// imports per year; in the table of all recipients, the world's), checks it
// against the sums of the columns, and warns once for all the columns that
// differ.
func (p *parser) tivTotal(f *File, rec *record, cols []tivColumn) error {
	party := f.Subject
	if party == "all" {
		party = ""
	}
	var diffs []string
	worst := ""
	for i := 1; i < len(cols); i++ {
		cell := rec.trimmed(i)
		var t float64
		if cell != "" {
			v, ok := parseNum(cell)
			if !ok {
				return p.errAt(rec, i, "%q is not a number in column %s of the Total row; fix the cell or re-download the table from SIPRI", clip(cell), cols[i].label())
			}
			t = v
			if cols[i].year != 0 {
				f.Content.Totals = append(f.Content.Totals, armsflow.Total{Side: armsflow.SideImport, Party: party, Year: cols[i].year, TIV: v})
			}
		}
		if sameSum(cols[i].sum, t) {
			continue
		}
		diffs = append(diffs, fmt.Sprintf("%s (rows sum to %s, Total says %s)", cols[i].label(), fmtNum(cols[i].sum), fmtNum(t)))
		if worst == "" {
			worst = roundingNote(cols[i].sum, t, cols[i].n)
		}
	}
	if len(diffs) > 0 {
		p.warn(rec.line, "Total row: %s", listDiffsOf(diffs, "column", "the rows", worst))
	}
	return nil
}

// listDiffsOf words a list of differences between sums and totals: "3
// columns differ from the sum of the rows: 1957 (…), …".
func listDiffsOf(diffs []string, unit, of, note string) string {
	const show = 8
	what := "1 " + unit + " differs"
	if len(diffs) > 1 {
		what = fmt.Sprintf("%d %ss differ", len(diffs), unit)
	}
	more := ""
	if len(diffs) > show {
		more = fmt.Sprintf(" and %d more", len(diffs)-show)
		diffs = diffs[:show]
	}
	return fmt.Sprintf("%s from the sum of %s: %s%s%s", what, of, strings.Join(diffs, ", "), more, note)
}

// yearSpan returns the span from the least to the greatest year of items
// (years of 0 aside); zero when there is none.
func yearSpan[T any](items []T, year func(T) int) armsflow.Coverage {
	var c armsflow.Coverage
	for _, it := range items {
		c = widen(c, year(it))
	}
	return c
}

// widen returns c widened to take in year (0 is no year).
func widen(c armsflow.Coverage, year int) armsflow.Coverage {
	switch {
	case year == 0:
	case c.IsZero():
		c.From, c.To = year, year
	case year < c.From:
		c.From = year
	case year > c.To:
		c.To = year
	}
	return c
}
