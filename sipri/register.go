package sipri

import (
	"strings"

	"github.com/armsflow/armsflow"
)

// The register's columns, by position.
const (
	colRecipient = iota
	colSupplier
	colOrderYear
	colOrderYearQ
	colOrdered
	colOrderedQ
	colDesignation
	colDescription
	colDelivered
	colDeliveredQ
	colDeliveryYears
	colStatus
	colComments
	colTIVUnit
	colTIVTotal
	colTIVDelivered
	registerColumns
)

// registerHeader names the register's columns as SIPRI does, and the words
// (lower case, letters only) a header cell must contain to be taken for
// that column; vintages word the header slightly differently. Unnamed
// columns hold SIPRI's '?' marks.
var registerHeader = [registerColumns]struct {
	name  string
	words []string
}{
	{"Recipient", []string{"recipient"}},
	{"Supplier", []string{"supplier"}},
	{"Year of order", []string{"year", "order"}},
	{"", nil},
	{"Number ordered", []string{"number", "order"}},
	{"", nil},
	{"Weapon designation", []string{"designation"}},
	{"Weapon description", []string{"description"}},
	{"Number delivered", []string{"number", "deliver"}},
	{"", nil},
	{"Year(s) of delivery", []string{"year", "deliver"}},
	{"status", []string{"status"}},
	{"Comments", []string{"comment"}},
	{"SIPRI TIV per unit", []string{"tiv", "unit"}},
	{"SIPRI TIV for total order", []string{"tiv", "total"}},
	{"SIPRI TIV of delivered weapons", []string{"tiv", "deliver"}},
}

// register reads the trade register: a preamble whose first line states the
// scope and whose "Data generated:" line dates it, the 16-column header,
// and one record per deal.
func (p *parser) register(f *File) error {
	rec := &p.rec
	f.Subject = registerScope(strings.Trim(firstLine(p.s), " \t,\""))
	isHeader := func(cell string) bool { return strings.EqualFold(cell, "Recipient") }
	if err := p.registerPreamble(f, isHeader, `"Recipient,Supplier,Year of order,…", or with SIPRI's export option "SIPRI AT Database ID,Supplier,Recipient,…"`); err != nil {
		return err
	}
	if err := p.registerHeader(rec); err != nil {
		return err
	}
	if err := p.registerBody(f); err != nil {
		return err
	}
	f.Coverage = registerCoverage(firstLine(p.s), f.Generated, f.Content.Deals)
	return nil
}

// registerPreamble reads a register's preamble up to its header row (the
// first row whose first cell isHeader accepts), dating f by its "Data
// generated:" line. header words the header expected, for the error when
// none comes.
func (p *parser) registerPreamble(f *File, isHeader func(string) bool, header string) error {
	rec := &p.rec
	for n := 0; ; n++ {
		if err := p.preambleNext(n, "no header row ("+header+") after the preamble; the file is truncated or not a complete trade register: re-download it from SIPRI"); err != nil {
			return err
		}
		cell := rec.trimmed(0)
		if date, isLine, ok := generatedDate(cell); isLine {
			if !ok {
				return p.errAt(rec, 0, "cannot read the date of %q; SIPRI writes \"Data generated: 13 Mar 2025 10:02:49 AM\": fix the line or re-download the register", clip(cell))
			}
			f.Generated = date
			continue
		}
		if isHeader(cell) {
			break
		}
	}
	if f.Generated == "" {
		p.warn(rec.line, "the register has no \"Data generated:\" line; its dataset will have no date")
	}
	return nil
}

// yearRange returns the two quoted ends of the preamble's "year range
// '1950' to '2025'", as written ('Not specified' included).
func yearRange(line string) (from, to string, ok bool) {
	_, rng, ok := strings.Cut(line, "year range")
	if !ok {
		return "", "", false
	}
	var vals []string
	for len(vals) < 2 {
		_, rest, ok := strings.Cut(rng, "'")
		if !ok {
			break
		}
		v, rest, ok := strings.Cut(rest, "'")
		if !ok {
			break
		}
		vals = append(vals, strings.TrimSpace(v))
		rng = rest
	}
	if len(vals) != 2 {
		return "", "", false
	}
	return vals[0], vals[1], true
}

// registerCoverage returns the delivery years of a register's scope: the
// year range of the preamble's first line where it gives years. Where it
// does not ('Not specified', or no preamble), the first year is that of the
// earliest delivery, and the last is the year SIPRI generated the register:
// an open-ended export holds every delivery SIPRI knew of when it made it
// (the register of March 2025 has none in 2025 yet, and 2025 is covered,
// partly). Without a generated date, the last delivery year ends it.
// Delivery years after the generated year (planned ones) do not count.
func registerCoverage(first, generated string, deals []armsflow.Deal) armsflow.Coverage {
	var c armsflow.Coverage
	from, to, ok := yearRange(first)
	if ok {
		c.From, _ = parseYear(from)
		c.To, _ = parseYear(to)
	}
	gy := generatedYear(generated)
	if c.From == 0 || c.To == 0 {
		var seen armsflow.Coverage
		for i := range deals {
			for _, y := range deals[i].DeliveryYears {
				if gy == 0 || y <= gy {
					seen = widen(seen, y)
				}
			}
		}
		if c.From == 0 {
			c.From = seen.From
		}
		if c.To == 0 {
			c.To = gy
			if gy == 0 {
				c.To = seen.To
			}
		}
	}
	if c.From == 0 || c.To == 0 || c.From > c.To {
		return armsflow.Coverage{}
	}
	return c
}

// registerScope words the first line of the preamble in short: "all deals",
// "deliveries 1950-2025", prefixed with the parties when the export was
// limited to some ("from Russia to Viet Nam, all deals").
func registerScope(line string) string {
	scope := ""
	if from, to, ok := yearRange(line); ok {
		open := func(s string) bool { return s == "" || strings.EqualFold(s, "Not specified") }
		switch {
		case open(from) && open(to):
			scope = "all deals"
		case open(from):
			scope = "deliveries up to " + to
		case open(to):
			scope = "deliveries from " + from
		default:
			scope = "deliveries " + from + "-" + to
		}
	}
	// "Transfers of major conventional arms from All countries  to All countries . Deals …"
	if _, rest, ok := strings.Cut(line, "arms from "); ok {
		parties, _, _ := strings.Cut(rest, ". Deals")
		if sup, rec, ok := strings.Cut(parties, " to "); ok {
			sup = strings.Join(strings.Fields(sup), " ")
			rec = strings.TrimSuffix(strings.Join(strings.Fields(rec), " "), " .")
			rec = strings.TrimSpace(strings.TrimSuffix(rec, "."))
			if !strings.EqualFold(sup, "All countries") || !strings.EqualFold(rec, "All countries") {
				if scope == "" {
					return "from " + sup + " to " + rec
				}
				scope = "from " + sup + " to " + rec + ", " + scope
			}
		}
	}
	return scope
}

// registerHeader checks the header loosely, column by column.
func (p *parser) registerHeader(rec *record) error {
	n := rec.n()
	for n > registerColumns && rec.trimmed(n-1) == "" {
		n--
	}
	if n != registerColumns {
		return p.errAt(rec, min(n, registerColumns), "the header has %d columns where a trade register has %d (Recipient, Supplier, Year of order, ?, Number ordered, ?, Weapon designation, Weapon description, Number delivered, ?, Year(s) of delivery, status, Comments, SIPRI TIV per unit, SIPRI TIV for total order, SIPRI TIV of delivered weapons); re-download the register from SIPRI", n, registerColumns)
	}
	for i, want := range registerHeader {
		got := letters(rec.field(i))
		if want.words == nil {
			if got == "" || strings.Contains(got, "uncertain") || rec.trimmed(i) == "?" {
				continue
			}
			return p.errAt(rec, i, "column %d of the header is %q where a trade register has an unnamed column for SIPRI's '?' marks; the file is not a SIPRI trade register or its header was edited: re-download it from SIPRI", i+1, clip(rec.field(i)))
		}
		for _, w := range want.words {
			if !strings.Contains(got, w) {
				return p.errAt(rec, i, "column %d of the header is %q where a trade register has %q; the file is not a SIPRI trade register or its header was edited: re-download it from SIPRI", i+1, clip(rec.field(i)), want.name)
			}
		}
	}
	return nil
}

// letters returns the ASCII letters of s in lower case.
func letters(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c == '?':
			b = append(b, c)
		}
	}
	return string(b)
}

// registerBody reads the records after the header.
func (p *parser) registerBody(f *File) error {
	rec := &p.rec
	deals := make([]armsflow.Deal, 0, strings.Count(p.s[p.rd.pos:], "\n")+1)
	a := &alloc{}
	var joined record
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
		r, comment := rec, ""
		switch n := rec.n(); {
		case n == colComments+1:
			if comment, err = p.rejoin(rec, &joined); err != nil {
				return err
			}
			r = &joined
		case n != registerColumns:
			i := min(n, registerColumns)
			return p.errAt(rec, i, "the record has %d fields where a trade register has %d; a comma or a line break too many or too few: fix the line or re-download the register from SIPRI", n, registerColumns)
		}
		d, err := p.deal(r, a)
		if err != nil {
			return err
		}
		if r == &joined {
			d.Comments = comment
		}
		deals = append(deals, d)
	}
	f.Content.Deals = deals
	return nil
}

// rejoin reads the rest of a record broken by an unquoted line break inside
// its Comments into j, and returns the whole comment: following lines of
// one field continue the comment, and a line of four fields ends it with
// the rest of the comment and the three TIV columns. The comment's parts
// are trimmed and joined by a space.
func (p *parser) rejoin(first *record, j *record) (string, error) {
	j.s, j.line, j.start, j.end = first.s, first.line, first.start, first.end
	j.spans = append(j.spans[:0], first.spans...)
	comment := j.trimmed(colComments)
	for {
		ok, err := p.next()
		if err != nil {
			return "", err
		}
		if !ok {
			return "", p.errAt(j, colComments+1, "the record has %d of the %d fields of a trade register record and the file ends; the file is truncated: re-download the register from SIPRI", colComments+1, registerColumns)
		}
		rest := &p.rec
		part := rest.trimmed(0)
		switch {
		case part == "":
		case comment == "":
			comment = part
		default:
			comment += " " + part
		}
		switch rest.n() {
		case 1:
			continue
		case registerColumns - colComments:
			j.spans = append(j.spans, rest.spans[1:]...)
			j.end = rest.end
			return comment, nil
		}
		return "", p.errAt(j, colComments+1, "the record has %d of the %d fields of a trade register record, and line %d (%d fields) does not complete it; fix the lines or re-download the register from SIPRI", colComments+1, registerColumns, rest.line, rest.n())
	}
}

// alloc hands out the register's numbers from large blocks rather than one
// allocation each.
type alloc struct {
	ints   []int
	floats []float64
	years  []int
	bools  []bool
}

const allocBlock = 4096

func (a *alloc) int(v int) *int {
	if len(a.ints) == cap(a.ints) {
		a.ints = make([]int, 0, allocBlock)
	}
	a.ints = append(a.ints, v)
	return &a.ints[len(a.ints)-1]
}

func (a *alloc) float(v float64) *float64 {
	if len(a.floats) == cap(a.floats) {
		a.floats = make([]float64, 0, allocBlock)
	}
	a.floats = append(a.floats, v)
	return &a.floats[len(a.floats)-1]
}

func (a *alloc) bool(v bool) *bool {
	if len(a.bools) == cap(a.bools) {
		a.bools = make([]bool, 0, allocBlock)
	}
	a.bools = append(a.bools, v)
	return &a.bools[len(a.bools)-1]
}

// yearList returns room for n years, with no capacity to share.
func (a *alloc) yearList(n int) []int {
	if cap(a.years)-len(a.years) < n {
		a.years = make([]int, 0, max(allocBlock, n))
	}
	l := len(a.years)
	a.years = a.years[:l+n]
	return a.years[l : l : l+n]
}

// deal converts one record of 16 fields.
func (p *parser) deal(r *record, a *alloc) (armsflow.Deal, error) {
	d := armsflow.Deal{
		Recipient:   r.trimmed(colRecipient),
		Supplier:    r.trimmed(colSupplier),
		Designation: r.trimmed(colDesignation),
		Description: r.trimmed(colDescription),
		Status:      r.trimmed(colStatus),
		Comments:    r.trimmed(colComments),
		Line:        r.line,
	}
	if d.Recipient == "" {
		return d, p.errAt(r, colRecipient, "the deal names no Recipient; fix the line or re-download the register from SIPRI")
	}
	if d.Supplier == "" {
		return d, p.errAt(r, colSupplier, "the deal names no Supplier; fix the line or re-download the register from SIPRI")
	}
	var err error
	if d.OrderYear, err = p.optInt(r, colOrderYear, a, true); err != nil {
		return d, err
	}
	if d.Ordered, err = p.optInt(r, colOrdered, a, false); err != nil {
		return d, err
	}
	if d.Delivered, err = p.optInt(r, colDelivered, a, false); err != nil {
		return d, err
	}
	if d.OrderYearUncertain, err = p.mark(r, colOrderYearQ); err != nil {
		return d, err
	}
	if d.OrderedUncertain, err = p.mark(r, colOrderedQ); err != nil {
		return d, err
	}
	if d.DeliveredUncertain, err = p.mark(r, colDeliveredQ); err != nil {
		return d, err
	}
	if d.TIVUnit, err = p.optFloat(r, colTIVUnit, a); err != nil {
		return d, err
	}
	if d.TIVTotal, err = p.optFloat(r, colTIVTotal, a); err != nil {
		return d, err
	}
	if d.TIVDelivered, err = p.optFloat(r, colTIVDelivered, a); err != nil {
		return d, err
	}
	d.DeliveryYears, err = p.years(r, a)
	return d, err
}

// optInt reads a whole number or a year; empty is unknown (nil).
func (p *parser) optInt(r *record, i int, a *alloc, year bool) (*int, error) {
	s := r.trimmed(i)
	if s == "" {
		return nil, nil
	}
	v, ok := parseInt(s)
	if year {
		v, ok = parseYear(s)
	}
	if !ok {
		what := "a whole number"
		if year {
			what = "a year"
		}
		return nil, p.errAt(r, i, "%q in %s is not %s; fix the field or re-download the register from SIPRI", clip(s), registerHeader[i].name, what)
	}
	return a.int(v), nil
}

// optFloat reads a TIV figure; empty is unknown (nil).
func (p *parser) optFloat(r *record, i int, a *alloc) (*float64, error) {
	s := r.trimmed(i)
	if s == "" {
		return nil, nil
	}
	v, ok := parseNum(s)
	if !ok {
		return nil, p.errAt(r, i, "%q is not a number in %s; fix the field or re-download the register from SIPRI", clip(s), registerHeader[i].name)
	}
	return a.float(v), nil
}

// mark reads one of SIPRI's '?' columns.
func (p *parser) mark(r *record, i int) (bool, error) {
	switch r.trimmed(i) {
	case "":
		return false, nil
	case "?":
		return true, nil
	}
	return false, p.errAt(r, i, "%q in the uncertainty column after %s, which holds '?' or nothing; fix the field or re-download the register from SIPRI", clip(r.field(i)), registerHeader[i-1].name)
}

// years reads "2018; 2019" as []int{2018, 2019}, and empty as an empty,
// non-nil list.
func (p *parser) years(r *record, a *alloc) ([]int, error) {
	s := r.field(colDeliveryYears)
	out := a.yearList(strings.Count(s, ";") + 1)
	for s != "" {
		part, rest, _ := strings.Cut(s, ";")
		s = rest
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		y, ok := parseYear(part)
		if !ok {
			return nil, p.errAt(r, colDeliveryYears, "%q in Year(s) of delivery is not a year; SIPRI writes \"2018; 2019\": fix the field or re-download the register from SIPRI", clip(part))
		}
		out = append(out, y)
	}
	return out, nil
}
