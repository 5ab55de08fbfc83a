package sipri

import (
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
)

// The columns of the register with SIPRI's export option, in SIPRI's order.
// They are found by name, so that a reordered export still reads.
const (
	ycID = iota
	ycSupplier
	ycRecipient
	ycDesignation
	ycDescription
	ycCategory
	ycOrderYear
	ycOrderYearEst
	ycUnits
	ycUnitsEst
	ycYear
	ycYearEst
	ycStatus
	ycEstimate
	ycTIVUnit
	ycTIV
	ycLocal
	yearlyColumns
)

// yearlyHeader names the export option's columns as SIPRI does.
var yearlyHeader = [yearlyColumns]string{
	"SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Description",
	"Armament category", "Order date", "Order date is estimate", "Numbers delivered",
	"Numbers delivered is estimate", "Delivery year", "Delivery year is estimate", "Status",
	"SIPRI estimate", "TIV deal unit", "TIV delivery values", "Local production",
}

// yearlyDeal is what every row of one deal must repeat: the deal's own
// fields, as values so that rows compare with ==.
type yearlyDeal struct {
	supplier, recipient, designation, description, category, status string
	orderYear                                                       int // 0: unknown
	orderEst                                                        bool
	estimate, unit                                                  float64
	hasEstimate, hasUnit                                            bool
	local                                                           int8 // 0 unknown, 1 no, 2 yes
}

// yearlyRow is one delivery row, kept until the deals are complete.
type yearlyRow struct {
	deal  int32 // index into the deals
	line  int32
	year  int
	units int
	tiv   float64
	has   uint8 // hasUnits | hasTIV
	yEst  bool
	uEst  bool
}

// noYears is the DeliveryYears of deals without deliveries: empty, not
// nil, and of no capacity, so that appending to it never shares memory.
var noYears = []int{}

const (
	hasUnits = 1 << iota
	hasTIV
)

// registerYearly reads the register with SIPRI's export option: the
// classic register's preamble (or none), the 17-column header, then one
// row per deal and delivery year, in any order. Rows are grouped into deals
// by SIPRI AT Database ID.
func (p *parser) registerYearly(f *File) error {
	rec := &p.rec
	first := strings.Trim(firstLine(p.s), " \t,\"")
	if !isYearlyHeader(first) {
		f.Subject = registerScope(first)
	}
	if err := p.registerPreamble(f, isYearlyHeader, `"SIPRI AT Database ID,Supplier,Recipient,…"`); err != nil {
		return err
	}
	cols, ncol, err := p.yearlyColumns(rec)
	if err != nil {
		return err
	}
	if err := p.yearlyBody(f, cols, ncol); err != nil {
		return err
	}
	f.Coverage = registerCoverage(first, f.Generated, f.Content.Deals)
	return nil
}

// yearlyColumns maps the header's cells to the export option's columns.
// Every column must be there once; others are ignored with a warning.
func (p *parser) yearlyColumns(rec *record) (cols [yearlyColumns]int, ncol int, err error) {
	for i := range cols {
		cols[i] = -1
	}
	ncol = countFields(rec, 1)
	var extra []string
	for i := range ncol {
		got := strings.Join(strings.Fields(rec.trimmed(i)), " ")
		known := false
		for c, name := range yearlyHeader {
			if strings.EqualFold(got, name) {
				if cols[c] >= 0 {
					return cols, 0, p.errAt(rec, i, "the column %q appears twice in the header; re-download the register from SIPRI", name)
				}
				cols[c], known = i, true
				break
			}
		}
		if !known {
			extra = append(extra, strconv.Quote(clip(got)))
		}
	}
	var missing []string
	for c, i := range cols {
		if i < 0 {
			missing = append(missing, yearlyHeader[c])
		}
	}
	if len(missing) > 0 {
		return cols, 0, p.errAt(rec, 0, "the header (%q) lacks the column(s) %s of a register with SIPRI's export option (%s); re-download the register from SIPRI",
			clipLine(firstLine(p.s[rec.start:])), strings.Join(missing, ", "), strings.Join(yearlyHeader[:], ","))
	}
	if len(extra) > 0 {
		p.warn(rec.line, "the header has column(s) armsflow does not know, ignored: %s", strings.Join(extra, ", "))
	}
	return cols, ncol, nil
}

// yearlyBody reads the rows after the header into deals.
func (p *parser) yearlyBody(f *File, cols [yearlyColumns]int, ncol int) error {
	rec := &p.rec
	est := strings.Count(p.s[p.rd.pos:], "\n") + 1
	var (
		byID  = newIDIndex(est)
		deals = make([]armsflow.Deal, 0, est)
		keys  = make([]yearlyDeal, 0, est)
		rows  = make([]yearlyRow, 0, est)
		a     = &alloc{}
		// the last row's deal
		lastID   = -1
		lastDeal int32
	)
	field := func(c int) string { return rec.trimmed(cols[c]) }
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
		if n := countFields(rec, ncol); n != ncol {
			return p.errAt(rec, min(n, ncol), "the row has %d fields where the header has %d; a comma too many or too few: fix the line or re-download the register from SIPRI", n, ncol)
		}
		idText := field(ycID)
		id, ok := parseInt(idText)
		if !ok || id == 0 {
			if idText == "" {
				return p.errAt(rec, cols[ycID], "the row has no SIPRI AT Database ID, which groups a deal's rows; fix the line or re-download the register from SIPRI")
			}
			return p.errAt(rec, cols[ycID], "%q is not a SIPRI AT Database ID (a whole number); fix the field or re-download the register from SIPRI", clip(idText))
		}
		k, err := p.yearlyDealFields(rec, cols)
		if err != nil {
			return err
		}
		di, seen := lastDeal, id == lastID // a deal's rows mostly come together: no lookup
		if !seen {
			di, seen = byID.get(id, deals)
		}
		lastID = id
		if seen {
			if keys[di] != k {
				return p.yearlyDisagree(rec, cols, id, deals[di].Line, keys[di], k)
			}
		} else {
			di = int32(len(deals))
			byID.put(id, di, deals)
			keys = append(keys, k)
			deals = append(deals, k.deal(id, rec.line, a))
		}
		lastDeal = di
		r := yearlyRow{deal: di, line: int32(rec.line)}
		if err := p.yearlyDelivery(rec, cols, &r); err != nil {
			return err
		}
		if r.year != 0 {
			rows = append(rows, r)
		}
	}
	if err := p.yearlyDeliveries(deals, rows, a); err != nil {
		return err
	}
	f.Content.Deals = deals
	return nil
}

// yearlyDealFields reads the deal's own fields of a row.
func (p *parser) yearlyDealFields(rec *record, cols [yearlyColumns]int) (yearlyDeal, error) {
	field := func(c int) string { return rec.trimmed(cols[c]) }
	k := yearlyDeal{
		supplier:    field(ycSupplier),
		recipient:   field(ycRecipient),
		designation: field(ycDesignation),
		description: field(ycDescription),
		category:    field(ycCategory),
		status:      field(ycStatus),
	}
	if k.recipient == "" {
		return k, p.errAt(rec, cols[ycRecipient], "the deal names no Recipient; fix the line or re-download the register from SIPRI")
	}
	if k.supplier == "" {
		return k, p.errAt(rec, cols[ycSupplier], "the deal names no Supplier; fix the line or re-download the register from SIPRI")
	}
	var err error
	if s := field(ycOrderYear); s != "" {
		y, ok := parseYear(s)
		if !ok || y == 0 {
			return k, p.errAt(rec, cols[ycOrderYear], "%q in Order date is not a year; fix the field or re-download the register from SIPRI", clip(s))
		}
		k.orderYear = y
	}
	if k.orderEst, err = p.yesNo(rec, cols, ycOrderYearEst); err != nil {
		return k, err
	}
	if k.estimate, k.hasEstimate, err = p.yearlyNum(rec, cols, ycEstimate); err != nil {
		return k, err
	}
	if k.unit, k.hasUnit, err = p.yearlyNum(rec, cols, ycTIVUnit); err != nil {
		return k, err
	}
	switch s := field(ycLocal); {
	case s == "":
	case strings.EqualFold(s, "Yes"):
		k.local = 2
	case strings.EqualFold(s, "No"):
		k.local = 1
	default:
		return k, p.errAt(rec, cols[ycLocal], "%q in Local production is neither Yes nor No; fix the field or re-download the register from SIPRI", clip(s))
	}
	return k, nil
}

// deal makes the Deal of a deal's first row.
func (k *yearlyDeal) deal(id, line int, a *alloc) armsflow.Deal {
	d := armsflow.Deal{
		ID: id, Supplier: k.supplier, Recipient: k.recipient, Designation: k.designation,
		Description: k.description, Category: k.category, Status: k.status,
		OrderYearUncertain: k.orderEst, Line: line,
	}
	if k.orderYear != 0 {
		d.OrderYear = a.int(k.orderYear)
	}
	if k.hasEstimate {
		d.SIPRIEstimate = a.float(k.estimate)
	}
	if k.hasUnit {
		d.TIVUnit = a.float(k.unit)
	}
	if k.local != 0 {
		d.LocalProduction = a.bool(k.local == 2)
	}
	return d
}

// yearlyDisagree words the first field in which a row differs from its
// deal's first row.
func (p *parser) yearlyDisagree(rec *record, cols [yearlyColumns]int, id, line0 int, was, got yearlyDeal) error {
	c := ycSupplier
	switch {
	case was.supplier != got.supplier:
	case was.recipient != got.recipient:
		c = ycRecipient
	case was.designation != got.designation:
		c = ycDesignation
	case was.description != got.description:
		c = ycDescription
	case was.category != got.category:
		c = ycCategory
	case was.status != got.status:
		c = ycStatus
	case was.orderYear != got.orderYear:
		c = ycOrderYear
	case was.orderEst != got.orderEst:
		c = ycOrderYearEst
	case was.estimate != got.estimate || was.hasEstimate != got.hasEstimate:
		c = ycEstimate
	case was.unit != got.unit || was.hasUnit != got.hasUnit:
		c = ycTIVUnit
	default:
		c = ycLocal
	}
	return p.errAt(rec, cols[c], "SIPRI AT Database ID %d: %s is %q here but %q on line %d, the deal's first row; the rows of one deal must agree on the deal's own fields: fix one of lines %d and %d or re-download the register from SIPRI",
		id, yearlyHeader[c], clip(rec.trimmed(cols[c])), clip(p.fieldOfLine(line0, cols[c])), line0, line0, rec.line)
}

// fieldOfLine returns field i of the record starting at physical line
// line, for messages only: it reads the text again from the start.
func (p *parser) fieldOfLine(line, i int) string {
	rd := newCSVReader(p.name, p.s)
	var r record
	for {
		ok, err := rd.read(&r)
		if !ok || err != nil || r.line > line {
			return ""
		}
		if r.line == line {
			if i < r.n() {
				return r.trimmed(i)
			}
			return ""
		}
	}
}

// yearlyDelivery reads a row's delivery year, numbers and TIV into r; an
// empty delivery year leaves r.year 0: an order without deliveries.
func (p *parser) yearlyDelivery(rec *record, cols [yearlyColumns]int, r *yearlyRow) error {
	var err error
	if r.yEst, err = p.yesNo(rec, cols, ycYearEst); err != nil {
		return err
	}
	if r.uEst, err = p.yesNo(rec, cols, ycUnitsEst); err != nil {
		return err
	}
	if s := rec.trimmed(cols[ycUnits]); s != "" {
		v, ok := parseInt(s)
		if !ok {
			return p.errAt(rec, cols[ycUnits], "%q in Numbers delivered is not a whole number; fix the field or re-download the register from SIPRI", clip(s))
		}
		r.units, r.has = v, r.has|hasUnits
	}
	v, ok, err := p.yearlyNum(rec, cols, ycTIV)
	if err != nil {
		return err
	}
	if ok {
		r.tiv, r.has = v, r.has|hasTIV
	}
	s := rec.trimmed(cols[ycYear])
	if s == "" {
		if (r.has&hasUnits != 0 && r.units != 0) || (r.has&hasTIV != 0 && r.tiv != 0) {
			return p.errAt(rec, cols[ycYear], "the row gives deliveries but no Delivery year; fix the field or re-download the register from SIPRI")
		}
		return nil
	}
	y, ok := parseYear(s)
	if !ok || y == 0 {
		return p.errAt(rec, cols[ycYear], "%q in Delivery year is not a year; fix the field or re-download the register from SIPRI", clip(s))
	}
	r.year = y
	return nil
}

// yesNo reads one of the export's Yes/No estimate flags; empty is no mark.
func (p *parser) yesNo(rec *record, cols [yearlyColumns]int, c int) (bool, error) {
	switch s := rec.trimmed(cols[c]); {
	case s == "" || strings.EqualFold(s, "No"):
		return false, nil
	case strings.EqualFold(s, "Yes"):
		return true, nil
	default:
		return false, p.errAt(rec, cols[c], "%q in %s is neither Yes nor No; fix the field or re-download the register from SIPRI", clip(s), yearlyHeader[c])
	}
}

// yearlyNum reads a TIV figure; empty is unknown.
func (p *parser) yearlyNum(rec *record, cols [yearlyColumns]int, c int) (float64, bool, error) {
	s := rec.trimmed(cols[c])
	if s == "" {
		return 0, false, nil
	}
	v, ok := parseNum(s)
	if !ok {
		return 0, false, p.errAt(rec, cols[c], "%q is not a number in %s; fix the field or re-download the register from SIPRI", clip(s), yearlyHeader[c])
	}
	return v, true, nil
}

// yearlyDeliveries gives each deal its deliveries, sorted by year, and
// their summary: DeliveryYears, Delivered (nil if any year's units are
// unknown), DeliveredUncertain and TIVDelivered (nil if any year's TIV is
// unknown). A deal without deliveries keeps an empty DeliveryYears and nil
// sums, as the classic register has them. A year given twice for one deal
// is an error, unless the rows are the same (as where two fetched ranges
// overlap), when it counts once with a warning.
func (p *parser) yearlyDeliveries(deals []armsflow.Deal, rows []yearlyRow, a *alloc) error {
	start := make([]int32, len(deals)+1)
	for _, r := range rows {
		start[r.deal+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	sorted := make([]yearlyRow, len(rows))
	fill := append([]int32(nil), start[:len(deals)]...)
	for _, r := range rows {
		sorted[fill[r.deal]] = r
		fill[r.deal]++
	}
	all := make([]armsflow.Delivery, 0, len(rows))
	for di := range deals {
		rs := sorted[start[di]:start[di+1]]
		for i := 1; i < len(rs); i++ { // insertion sort: a deal has few rows, mostly in order
			for j := i; j > 0 && rs[j].year < rs[j-1].year; j-- {
				rs[j], rs[j-1] = rs[j-1], rs[j]
			}
		}
		d := &deals[di]
		d.DeliveryYears = noYears // empty, not nil, as the classic register has it
		if len(rs) > 0 {
			d.DeliveryYears = a.yearList(len(rs))
		}
		first := len(all)
		units, tiv := 0, 0.0
		knownUnits, knownTIV := len(rs) > 0, len(rs) > 0
		for i, r := range rs {
			if i > 0 && r.year == rs[i-1].year {
				prev := rs[i-1]
				prev.line = r.line
				if prev != r {
					return errorf(p.name, int(r.line), 0, "SIPRI AT Database ID %d has two rows for delivery year %d (lines %d and %d) that differ; a deal has one row per delivery year: remove one or re-download the register from SIPRI", d.ID, r.year, rs[i-1].line, r.line)
				}
				p.warn(int(r.line), "SIPRI AT Database ID %d: the row for %d repeats line %d; counted once", d.ID, r.year, rs[i-1].line)
				continue
			}
			dv := armsflow.Delivery{Year: r.year, YearEstimate: r.yEst, UnitsEstimate: r.uEst}
			if r.has&hasUnits != 0 {
				dv.Units = a.int(r.units)
				units += r.units
			} else {
				knownUnits = false
			}
			if r.has&hasTIV != 0 {
				dv.TIV = a.float(r.tiv)
				tiv += r.tiv
			} else {
				knownTIV = false
			}
			d.DeliveredUncertain = d.DeliveredUncertain || r.uEst
			d.DeliveryYears = append(d.DeliveryYears, r.year)
			all = append(all, dv)
		}
		if len(all) > first {
			d.Deliveries = all[first:len(all):len(all)]
		}
		if knownUnits {
			d.Delivered = a.int(units)
		}
		if knownTIV {
			d.TIVDelivered = a.float(tiv)
		}
	}
	return nil
}

// idIndex finds a deal by its SIPRI AT Database ID: an open-addressing
// table of deal indexes (plus one; 0 is free) whose keys are the deals' own
// IDs. Half again as fast as a map for the tens of thousands of deals of a
// whole register, as it is small enough to stay in cache.
type idIndex struct {
	slots []int32
	mask  uint64
}

func newIDIndex(n int) *idIndex {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	return &idIndex{slots: make([]int32, size), mask: uint64(size - 1)}
}

// slot returns where the probe for id starts.
func (x *idIndex) slot(id int) uint64 { return (uint64(id) * 0x9E3779B97F4A7C15 >> 20) & x.mask }

// get returns the index of the deal with id.
func (x *idIndex) get(id int, deals []armsflow.Deal) (int32, bool) {
	for i := x.slot(id); ; i = (i + 1) & x.mask {
		v := x.slots[i]
		if v == 0 {
			return 0, false
		}
		if deals[v-1].ID == id {
			return v - 1, true
		}
	}
}

// put records that deal di has id, which get has not found; it grows the
// table when it is half full.
func (x *idIndex) put(id int, di int32, deals []armsflow.Deal) {
	if int(di+1)*2 > len(x.slots) {
		bigger := newIDIndex(len(x.slots))
		for j := range di {
			bigger.put(deals[j].ID, j, deals)
		}
		*x = *bigger
	}
	i := x.slot(id)
	for x.slots[i] != 0 {
		i = (i + 1) & x.mask
	}
	x.slots[i] = di + 1
}
