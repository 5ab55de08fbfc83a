package engine

import (
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/armsflow/armsflow"
)

// The measures of SIPRI's fact sheets: changes between spans, SIPRI's own
// totals, and the years a span covers.

// totalKey names one of SIPRI's own totals in a flowSet: a side's total of
// a party (by index), or of the world (-1).
type totalKey struct {
	side  string
	party int32
}

// addTotals keeps c's totals in b's set, by side, party and year.
func addTotals(b *builder, c *armsflow.FlowContent) {
	ts := c.Totals
	if len(ts) == 0 {
		return
	}
	// The parties are the set's now, so that the table needs the builder
	// no more; the records are the content's, which the set owns.
	for i := range ts {
		ts[i].Party = b.party(ts[i].Party)
	}
	b.fs.sipri = &sipriTotals{records: ts}
}

// sipriTotals are SIPRI's own totals of a flowSet: the records, their
// parties the set's, and from them, made the first time a total is asked
// for (only '--totals sipri' and the fact sheets' measures ask), per side
// and party a row of yearly TIV from lo over span years (0 in a year
// without one). Most commands never ask, and the table was a sixth of the
// memory a cold ranking touched.
type sipriTotals struct {
	records []armsflow.TotalRecord
	once    sync.Once
	rows    map[totalKey]int
	lo      int
	span    int
	tiv     []float64
}

// table makes the rows.
func (st *sipriTotals) table() {
	ts := st.records
	lo, hi := ts[0].Year, ts[0].Year
	for i := range ts {
		lo, hi = min(lo, ts[i].Year), max(hi, ts[i].Year)
	}
	st.rows, st.lo, st.span = map[totalKey]int{}, int(lo), int(hi-lo)+1
	// Number the rows first, so that their table is made in one piece. A
	// table's totals come party after party: the last key is checked
	// before the map.
	last := totalKey{party: -3}
	for i := range ts {
		if k := (totalKey{side: ts[i].Side, party: ts[i].Party}); k != last {
			last = k
			if _, ok := st.rows[k]; !ok {
				st.rows[k] = len(st.rows)
			}
		}
	}
	st.tiv = make([]float64, len(st.rows)*st.span)
	row, last := 0, totalKey{party: -3}
	for i := range ts {
		t := &ts[i]
		if k := (totalKey{side: t.Side, party: t.Party}); k != last {
			last, row = k, st.rows[k]
		}
		st.tiv[row*st.span+int(t.Year-lo)] += t.TIV
	}
}

// sipriTotal returns SIPRI's own total of side for party (-1 the world)
// over y, and whether the data holds one.
func (fs *flowSet) sipriTotal(side string, party int32, y Years) (float64, bool) {
	st := fs.sipri
	if st == nil {
		return 0, false
	}
	st.once.Do(st.table)
	row, ok := st.rows[totalKey{side, party}]
	if !ok {
		return 0, false
	}
	s := 0.0
	for yr := max(y.From, st.lo); yr <= min(y.To, st.lo+st.span-1); yr++ {
		s += st.tiv[row*st.span+yr-st.lo]
	}
	return s, true
}

// sipriWhole returns SIPRI's own total of a ranking's whole, where the data
// holds one: the world total (a TIV download's table of all recipients),
// or one recipient's total imports (its table's Total row) or one
// supplier's total exports.
func (e *Engine) sipriWhole(fs *flowSet, bySupplier bool, filterS, filterR *sel, inRegion []bool, y Years) (float64, bool) {
	if inRegion != nil {
		return 0, false
	}
	single := func(s *sel) bool { return s != nil && s.group == nil && s.idx >= 0 }
	switch {
	case filterS == nil && filterR == nil:
		if t, ok := fs.sipriTotal(armsflow.SideImport, -1, y); ok {
			return t, true
		}
		return fs.sipriTotal(armsflow.SideExport, -1, y)
	case bySupplier && single(filterR) && filterS == nil:
		return fs.sipriTotal(armsflow.SideImport, filterR.idx, y)
	case !bySupplier && single(filterS) && filterR == nil:
		return fs.sipriTotal(armsflow.SideExport, filterS.idx, y)
	}
	return 0, false
}

// change returns the change from prev to cur in percent, full precision;
// nil when prev is 0 (the party is new, or there is nothing to compare).
func change(cur, prev float64) *float64 {
	if prev == 0 {
		return nil
	}
	v := 100 * (cur - prev) / prev
	return &v
}

// yearsCovered counts the years of y that the dataset covers.
func (ch *choice) yearsCovered(y Years) int {
	return overlap(y, ch.cov)
}

// spanText writes a span with the years covered when they are fewer than
// its years: "2014-2016, 2 of 3 years".
func spanText(y Years, covered int) string {
	n := y.To - y.From + 1
	if covered < n {
		return fmt.Sprintf("%s, %d of %d years covered", y, covered, n)
	}
	return y.String()
}

// TIVNumber writes a TIV figure for a note: whole millions with thousands
// separators, or up to two decimals when it has them.
func TIVNumber(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	// thousands separators on the integer part
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	intPart, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i:]
			break
		}
	}
	var b []byte
	for i := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, intPart[i])
	}
	out := string(b) + frac
	if neg {
		out = "-" + out
	}
	return out
}

// changeOf returns the change from prev to cur, or a label when there is
// nothing to divide by: "new" (nothing before), "gone" (nothing now).
func changeOf(cur, prev float64) (*float64, string) {
	switch {
	case prev == 0 && cur == 0:
		return nil, ""
	case prev == 0:
		return nil, "new"
	case cur == 0:
		v := -100.0
		return &v, "gone"
	}
	return change(cur, prev), ""
}
