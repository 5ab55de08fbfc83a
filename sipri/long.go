package sipri

import (
	"fmt"
	"strings"

	"github.com/armsflow/armsflow"
)

// longKey is one row's place in the long form; year 0 is the "Total" year.
type longKey struct {
	a, b string
	year int
}

// pairKey names the first two columns of a row.
type pairKey struct{ a, b string }

// yearKey is one party (or category) in one year.
type yearKey struct {
	a    string
	year int
}

// sumN is a running sum of n figures.
type sumN struct {
	sum float64
	n   int
}

// longTotal is a row of the long form that holds a total.
type longTotal struct {
	longKey
	v    float64
	line int
}

// long reads the long form: a header naming the four columns, then one row
// per party, party (or category) and year. See the package comment for what
// "All" and "Total" rows mean in each file.
func (p *parser) long(f *File) error {
	f.Subject = string(f.Format)
	rec := &p.rec
	for {
		ok, err := p.next()
		if err != nil {
			return err
		}
		if !ok {
			return errorf(p.name, p.rd.line, 0, "the file has no header row; re-download it")
		}
		if !rec.empty() {
			break
		}
	}
	header := make([]string, 0, 4)
	for i := range rec.n() {
		header = append(header, rec.trimmed(i))
	}
	if n := countFields(rec, 4); n != 4 {
		return p.errAt(rec, min(n, 4), "the header has %d columns where the long form has 4 (%s, Year, TIV); fix the header or re-download the file", n, strings.Join(header[:min(2, len(header))], ", "))
	}
	isImport := f.Format == FormatLongImport || f.Format == FormatLongImportCategory
	isCat := f.Format == FormatLongImportCategory || f.Format == FormatLongExportCategory

	var (
		seen     = make(map[longKey]int, strings.Count(p.s, "\n")+1)
		pairSums = map[pairKey]*sumN{}
		colSums  = map[yearKey]*sumN{} // (a, year): sum over b that is not a total
		catSums  = map[yearKey]*sumN{} // (category, year): sum over countries
		partyTot = map[yearKey]float64{}
		pairTots []longTotal // year "Total"
		colTots  []longTotal // b "Total"
		worldRow []longTotal // a "All", b a party or category
		c        armsflow.Content
	)
	add := func(m map[yearKey]*sumN, k yearKey, v float64) {
		s := m[k]
		if s == nil {
			s = &sumN{}
			m[k] = s
		}
		s.sum += v
		s.n++
	}
	for {
		ok, err := p.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if rec.empty() {
			continue
		}
		if n := countFields(rec, 4); n != 4 {
			return p.errAt(rec, min(n, 4), "the row has %d fields where the header has 4; fix the line or re-download the file", n)
		}
		a, b := rec.trimmed(0), rec.trimmed(1)
		ys, vs := rec.trimmed(2), rec.trimmed(3)
		if a == "" {
			return p.errAt(rec, 0, "empty %s; fix the line or re-download the file", header[0])
		}
		if b == "" {
			return p.errAt(rec, 1, "empty %s; fix the line or re-download the file", header[1])
		}
		year := 0
		if !strings.EqualFold(ys, "Total") {
			y, ok := parseYear(ys)
			if !ok {
				return p.errAt(rec, 2, "%q is not a year nor \"Total\"; fix the line or re-download the file", clip(ys))
			}
			year = y
		}
		v, ok := parseNum(vs)
		if !ok {
			return p.errAt(rec, 3, "%q is not a number in column TIV; fix the line or re-download the file", clip(vs))
		}
		f.Coverage = widen(f.Coverage, year)
		k := longKey{a, b, year}
		if prev, dup := seen[k]; dup {
			return p.errAt(rec, 0, "the row %s, %s, %s appears twice (first on line %d); remove one or re-download the file", a, b, ys, prev)
		}
		seen[k] = rec.line
		world, total := isWorldName(a), isTotalName(b)
		if year == 0 {
			pairTots = append(pairTots, longTotal{k, v, rec.line})
		} else {
			s := pairSums[pairKey{a, b}]
			if s == nil {
				s = &sumN{}
				pairSums[pairKey{a, b}] = s
			}
			s.sum += v
			s.n++
		}
		if total {
			colTots = append(colTots, longTotal{k, v, rec.line})
			partyTot[yearKey{a, year}] = v
			continue
		}
		add(colSums, yearKey{a, year}, v)
		if world {
			worldRow = append(worldRow, longTotal{k, v, rec.line})
			if isImport && !isCat && year != 0 {
				c.World = append(c.World, armsflow.Flow{Recipient: b, Year: year, TIV: v})
			}
			continue
		}
		if isCat {
			add(catSums, yearKey{b, year}, v)
		}
		if year == 0 {
			continue
		}
		switch {
		case isCat:
			side := armsflow.SideExport
			if isImport {
				side = armsflow.SideImport
			}
			c.Categories = append(c.Categories, armsflow.CategoryFlow{Side: side, Country: a, Category: b, Year: year, TIV: v})
		case isImport:
			c.Flows = append(c.Flows, armsflow.Flow{Supplier: b, Recipient: a, Year: year, TIV: v})
		default:
			c.Flows = append(c.Flows, armsflow.Flow{Supplier: a, Recipient: b, Year: year, TIV: v})
		}
	}
	if len(seen) == 0 {
		return errorf(p.name, p.rd.line, 0, "the file has a header but no rows; the file is truncated: re-download it")
	}
	f.Content = c
	d := longDescriber{imp: isImport, cat: isCat}

	// a pair's years against its "Total" year
	for _, t := range pairTots {
		s := pairSums[pairKey{t.a, t.b}]
		if s == nil {
			s = &sumN{}
		}
		if !sameSum(s.sum, t.v) {
			p.warn(t.line, "%s: years sum to %s but its Total row says %s%s", d.pair(t.a, t.b), fmtNum(s.sum), fmtNum(t.v), roundingNote(s.sum, t.v, s.n))
		}
	}
	// a party's rows against its "Total" rows, one warning per party
	p.groupedDiffs(colTots, func(t longTotal) (float64, int, bool) {
		s := colSums[yearKey{t.a, t.year}]
		if s == nil {
			return 0, 0, true
		}
		return s.sum, s.n, true
	}, func(t longTotal) string {
		return fmt.Sprintf("%s (rows %q,%q)", d.pair(t.a, t.b), t.a, t.b)
	}, "the rows")
	if isCat {
		// the world's rows for a category against the countries' rows
		p.groupedDiffs(worldRow, func(t longTotal) (float64, int, bool) {
			s := catSums[yearKey{t.b, t.year}]
			if s == nil {
				return 0, 0, true
			}
			return s.sum, s.n, true
		}, func(t longTotal) string {
			return fmt.Sprintf("%s (rows %q,%q)", d.pair(t.a, t.b), t.a, t.b)
		}, "the countries' rows")
	} else {
		// "All",X holds X's total: the same figure as X,"Total"
		for _, t := range worldRow {
			tot, ok := partyTot[yearKey{t.b, t.year}]
			if ok && !sameSum(t.v, tot) {
				p.warn(t.line, "%s: %q,%q,%s says %s but %q,\"Total\" says %s; both are %s", d.pair(t.a, t.b), t.a, t.b, yearLabel(t.year), fmtNum(t.v), t.b, fmtNum(tot), d.pair(t.a, t.b))
			}
		}
	}
	return nil
}

// groupedDiffs compares total rows with sums, and warns once per group of
// rows (consecutive rows with the same first two columns), at the line of
// the group's first difference.
func (p *parser) groupedDiffs(tots []longTotal, sum func(longTotal) (float64, int, bool), what func(longTotal) string, of string) {
	for i := 0; i < len(tots); {
		j := i
		var diffs []string
		line, note := 0, ""
		for ; j < len(tots) && tots[j].a == tots[i].a && tots[j].b == tots[i].b; j++ {
			t := tots[j]
			s, n, ok := sum(t)
			if !ok || sameSum(s, t.v) {
				continue
			}
			if line == 0 {
				line = t.line
			}
			if note == "" {
				note = roundingNote(s, t.v, n)
			}
			diffs = append(diffs, fmt.Sprintf("%s (%s sum to %s, Total says %s)", yearLabel(t.year), of, fmtNum(s), fmtNum(t.v)))
		}
		if len(diffs) > 0 {
			p.warn(line, "%s: %s", what(tots[i]), listDiffsOf(diffs, "year", of, note))
		}
		i = j
	}
}

// yearLabel writes a year of the long form, 0 being "Total".
func yearLabel(y int) string {
	if y == 0 {
		return "Total"
	}
	return fmt.Sprint(y)
}

// countFields counts fields, not counting empty ones at the end beyond the
// first want.
func countFields(rec *record, want int) int {
	n := rec.n()
	for n > want && rec.trimmed(n-1) == "" {
		n--
	}
	return n
}

// isWorldName reports whether a first-column party is the world ("All").
func isWorldName(s string) bool { return strings.EqualFold(s, "All") || strings.EqualFold(s, "Total") }

// isTotalName reports whether a second-column party or category is a total.
func isTotalName(s string) bool { return strings.EqualFold(s, "Total") || strings.EqualFold(s, "All") }

// longDescriber words the rows of the long form for warnings.
type longDescriber struct{ imp, cat bool }

func (d longDescriber) pair(a, b string) string {
	world, total := isWorldName(a), isTotalName(b)
	side := "exports"
	if d.imp {
		side = "imports"
	}
	switch {
	case world && total:
		return "world total " + side
	case d.cat && world:
		return "world " + side + " of " + b
	case d.cat && total:
		return a + "'s total " + side
	case d.cat:
		return a + "'s " + side + " of " + b
	case world, total:
		if total {
			b = a
		}
		return b + "'s total " + side
	case d.imp:
		return a + " from " + b
	}
	return a + " to " + b
}
