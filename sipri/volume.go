package sipri

import (
	"fmt"
	"strings"

	"github.com/armsflow/armsflow"
)

// The views of a current TIV table, told by its header's first cell.
const (
	volumeRecipients = iota // "Recipient": rows are recipients
	volumeSuppliers         // "Exports by": rows are suppliers
	volumeCategories        // empty: rows are weapon categories
)

// volumeSubjects are File.Subject for each view. SIPRI's site filters a
// table by the user's choice of suppliers, recipients and categories, and
// the file does not say which: a Recipient table is read as each
// recipient's total imports from the suppliers selected, and so on.
var volumeSubjects = [...]string{"imports by recipient", "exports by supplier", "by weapon category"}

// volumeColumn is one column of a current TIV table after the first: a
// year, or a summary column (year 0) that is not a record.
type volumeColumn struct {
	year  int
	label string
	sum   float64 // of the rows' figures in a year column
	n     int
	// a summary column that sums the years from..to of a row: "2015-2025",
	// "Sum total years" or "Total"; 0 for percentages and the like
	from, to int
}

// volume reads a TIV table of SIPRI's current site: the banner ("Volume of
// transfers of major arms", the figures' unit, the source, "Data
// generated: …", a blank line), a header whose first cell says what the
// rows are, the years, then summary columns; one row per party or
// category; and SIPRI's total as the last row.
func (p *parser) volume(f *File) error {
	rec := &p.rec
	for n := 0; ; n++ {
		if err := p.preambleNext(n, "no header row (\"Recipient,2015,…\", \"Exports by,2015,…\" or \",2015,…\") after the banner; the file is truncated or not a complete TIV table: re-download it from SIPRI"); err != nil {
			return err
		}
		if rec.empty() {
			continue
		}
		first := rec.trimmed(0)
		if date, isLine, ok := generatedDate(first); isLine {
			if !ok {
				return p.errAt(rec, 0, "cannot read the date of %q; SIPRI writes \"Data generated: 11 Jun 2026 10:21:38 PM\": fix the line or re-download the table", clip(first))
			}
			f.Generated = date
			continue
		}
		if rec.n() > 1 {
			if _, ok := parseYear(rec.trimmed(1)); ok {
				break
			}
		}
	}
	if f.Generated == "" {
		p.warn(rec.line, "the table has no \"Data generated:\" line; its dataset will have no date")
	}
	view := volumeRecipients
	switch first := strings.Join(strings.Fields(rec.trimmed(0)), " "); {
	case strings.EqualFold(first, "Recipient"):
	case strings.EqualFold(first, "Exports by"):
		view = volumeSuppliers
	case first == "":
		view = volumeCategories
	default:
		return p.errAt(rec, 0, "the header (%q) starts with %q where a TIV table has \"Recipient\", \"Exports by\" or an empty cell; %s", clipLine(firstLine(p.s[rec.start:])), clip(first), accepted)
	}
	f.Subject = volumeSubjects[view]
	cols, lastYear, err := p.volumeHeader(rec)
	if err != nil {
		return err
	}
	for _, c := range cols[1 : lastYear+1] {
		f.Coverage = widen(f.Coverage, c.year)
	}
	return p.volumeBody(f, view, cols, lastYear)
}

// volumeHeader reads the header's columns; lastYear is the index of the
// last year column.
func (p *parser) volumeHeader(rec *record) ([]volumeColumn, int, error) {
	n := countFields(rec, 1)
	cols := make([]volumeColumn, n)
	lastYear := 0
	seen := map[int]int{}
	for i := 1; i < n; i++ {
		label := rec.trimmed(i)
		if y, ok := parseYear(label); ok && y != 0 {
			if j, dup := seen[y]; dup {
				return nil, 0, p.errAt(rec, i, "the year %d appears twice in the header (columns %d and %d); re-download the table from SIPRI", y, j+1, i+1)
			}
			seen[y] = i
			cols[i] = volumeColumn{year: y, label: label}
			lastYear = i
			continue
		}
		c := volumeColumn{label: label}
		switch l := letters(label); {
		case strings.Contains(l, "percent"):
		case l == "sumtotalyears" || l == "total" || l == "sum":
			c.from, c.to = -1, -1 // all the years, set below
		default:
			if a, b, ok := strings.Cut(label, "-"); ok {
				from, ok1 := parseYear(strings.TrimSpace(a))
				to, ok2 := parseYear(strings.TrimSpace(b))
				if ok1 && ok2 && from <= to {
					c.from, c.to = from, to
				}
			}
		}
		cols[i] = c
	}
	for i := range cols {
		if cols[i].from == -1 {
			cols[i].from, cols[i].to = 0, 9999
		}
	}
	// a range is checked only where the table has every one of its years
	for i := range cols {
		c := &cols[i]
		if c.to == 0 || c.to == 9999 {
			continue
		}
		for y := c.from; y <= c.to; y++ {
			if _, ok := seen[y]; !ok {
				c.from, c.to = 0, 0
				break
			}
		}
	}
	return cols, lastYear, nil
}

// volumeBody reads the rows from after the header to SIPRI's total.
func (p *parser) volumeBody(f *File, view int, cols []volumeColumn, lastYear int) error {
	rec := &p.rec
	ncol := len(cols)
	var flows []armsflow.Flow
	var cats []armsflow.CategoryFlow
	names := map[string]int{}
	totalLine, lastLine := 0, rec.line
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
		if totalLine != 0 {
			return p.errAt(rec, 0, "a row after SIPRI's total (line %d); the total ends a TIV table: remove the row or re-download the table from SIPRI", totalLine)
		}
		name := rec.trimmed(0)
		if name == "" {
			return p.errAt(rec, 0, "a row with figures but no name; fix the row or re-download the table from SIPRI")
		}
		if rec.n() <= lastYear {
			return p.errAt(rec, rec.n(), "the row %s has %d cells where the header has %d up to its last year; the file is truncated or was edited: re-download the table from SIPRI", name, rec.n(), lastYear+1)
		}
		for i := ncol; i < rec.n(); i++ {
			if rec.trimmed(i) != "" {
				return p.errAt(rec, i, "the row %s has a figure beyond the header's last column; re-download the table from SIPRI", name)
			}
		}
		isTotal := hasPrefixFold(name, "Total")
		if !isTotal {
			if prev, dup := names[name]; dup {
				return p.errAt(rec, 0, "the row %s appears twice (first on line %d); remove one or re-download the table from SIPRI", name, prev)
			}
			names[name] = rec.line
		}
		vals := make([]float64, lastYear+1)
		has := make([]bool, lastYear+1)
		for i := 1; i <= lastYear; i++ {
			if cols[i].year == 0 {
				continue
			}
			cell := rec.trimmed(i)
			if cell == "" {
				continue // no deliveries
			}
			v, ok := parseNum(cell)
			if !ok {
				return p.errAt(rec, i, "%q is not a number in column %d; fix the cell or re-download the table from SIPRI", clip(cell), cols[i].year)
			}
			vals[i], has[i] = v, true
		}
		if isTotal {
			totalLine = rec.line
			p.volumeTotal(f, view, rec, cols, vals, has)
			continue
		}
		for i := 1; i <= lastYear; i++ {
			if !has[i] {
				continue
			}
			y, v := cols[i].year, vals[i]
			cols[i].sum += v
			cols[i].n++
			switch view {
			case volumeRecipients:
				flows = append(flows, armsflow.Flow{Recipient: name, Year: y, TIV: v})
			case volumeSuppliers:
				flows = append(flows, armsflow.Flow{Supplier: name, Year: y, TIV: v})
			default:
				cats = append(cats, armsflow.CategoryFlow{Side: armsflow.SideImport, Category: name, Year: y, TIV: v})
			}
		}
		p.volumeSums(rec, name, cols, vals, has)
	}
	if totalLine == 0 {
		return errorf(p.name, lastLine, 0, "the table ends without SIPRI's total row (\"Total …\"); the file is truncated: re-download it from SIPRI")
	}
	switch view {
	case volumeRecipients:
		f.Content.World = flows
	case volumeSuppliers:
		f.Content.Exports = flows
	default:
		f.Content.Categories = cats
	}
	return nil
}

// volumeSums checks a row's summary columns that sum its years, and warns
// on a difference, as the old tables' Total column is checked.
func (p *parser) volumeSums(rec *record, name string, cols []volumeColumn, vals []float64, has []bool) {
	for i := range cols {
		c := cols[i]
		if c.to == 0 || i >= rec.n() {
			continue
		}
		cell := rec.trimmed(i)
		sum, n := 0.0, 0
		for j := 1; j < len(vals); j++ {
			if has[j] && cols[j].year >= c.from && cols[j].year <= c.to {
				sum += vals[j]
				n++
			}
		}
		if cell == "" {
			if n > 0 && sum != 0 {
				p.warn(rec.line, "row %s: years sum to %s but its column %q is empty", name, fmtNum(sum), c.label)
			}
			continue
		}
		t, ok := parseNum(cell)
		if !ok {
			p.warn(rec.line, "row %s: %q in column %q is not a number; not checked", name, clip(cell), c.label)
			continue
		}
		if !sameSum(sum, t) {
			p.warn(rec.line, "row %s: years sum to %s but its column %q says %s%s", name, fmtNum(sum), c.label, cell, roundingNote(sum, t, n))
		}
	}
}

// volumeTotal keeps SIPRI's total row as Totals and checks it against the
// sums of the year columns.
func (p *parser) volumeTotal(f *File, view int, rec *record, cols []volumeColumn, vals []float64, has []bool) {
	side := armsflow.SideImport
	if view == volumeSuppliers {
		side = armsflow.SideExport
	}
	var diffs []string
	worst := ""
	for i := 1; i < len(vals); i++ {
		c := cols[i]
		if c.year == 0 {
			continue
		}
		if has[i] {
			f.Content.Totals = append(f.Content.Totals, armsflow.Total{Side: side, Year: c.year, TIV: vals[i]})
		}
		if sameSum(c.sum, vals[i]) {
			continue
		}
		diffs = append(diffs, fmt.Sprintf("%d (rows sum to %s, %s says %s)", c.year, fmtNum(c.sum), rec.trimmed(0), fmtNum(vals[i])))
		if worst == "" {
			worst = roundingNote(c.sum, vals[i], c.n)
		}
	}
	if len(diffs) > 0 {
		p.warn(rec.line, "%s: %s", rec.trimmed(0), listDiffsOf(diffs, "year", "the rows", worst))
	}
}
