package revision

import (
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
)

// scope is what one export holds: the parties it was limited to ("" for all
// countries) and the delivery years a deal needs one of to be in it. A
// register exported for "deliveries 1950-2025" leaves out every deal
// without a delivery in those years, so such a deal of the other vintage is
// out of scope, not removed.
type scope struct {
	supplier, recipient string // "" is all countries
	windowed            bool   // deals need a delivery in from..to
	from, to            int    // 0 is open
	// years is the span of delivery years the dataset's figures answer
	// for: its Coverage, else the window, else the years of its data.
	years       armsflow.Coverage
	partialFrom int
}

// scopeOf reads a dataset's scope from its Scope text ("all deals",
// "deliveries 1950-2025", "from Russia to Viet Nam, deliveries up to 2020")
// and its coverage; where Coverage is not recorded it is derived from the
// window and the content's years.
func scopeOf(ds armsflow.Dataset, c *armsflow.Content) scope {
	var s scope
	text := strings.TrimSpace(ds.Scope)
	if rest, ok := strings.CutPrefix(text, "from "); ok {
		parties, tail, _ := strings.Cut(rest, ", ")
		if sup, rec, ok := strings.Cut(parties, " to "); ok {
			if !strings.EqualFold(sup, "All countries") {
				s.supplier = sup
			}
			if !strings.EqualFold(rec, "All countries") {
				s.recipient = rec
			}
		}
		text = tail
	}
	switch {
	case strings.HasPrefix(text, "deliveries up to "):
		s.windowed = true
		s.to = atoi(strings.TrimPrefix(text, "deliveries up to "))
	case strings.HasPrefix(text, "deliveries from "):
		s.windowed = true
		s.from = atoi(strings.TrimPrefix(text, "deliveries from "))
	case strings.HasPrefix(text, "deliveries "):
		a, b, _ := strings.Cut(strings.TrimPrefix(text, "deliveries "), "-")
		s.windowed = true
		s.from, s.to = atoi(a), atoi(b)
	}
	s.years = ds.Coverage
	if s.years.IsZero() {
		lo, hi := dataYears(c)
		if s.from != 0 {
			lo = s.from
		}
		if s.to != 0 {
			hi = s.to
		}
		s.years = armsflow.Coverage{From: lo, To: hi}
		// A year not over when SIPRI generated the data is partial.
		if g := atoi(strings.SplitN(ds.Generated, "-", 2)[0]); g != 0 && g >= lo && g <= hi && !strings.HasSuffix(ds.Generated, "-12-31") {
			s.years.PartialFrom = g
		}
	}
	s.partialFrom = s.years.PartialFrom
	return s
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

// dataYears is the span of years c's flows and deliveries fall in.
func dataYears(c *armsflow.Content) (lo, hi int) {
	add := func(y int) {
		if y == 0 {
			return
		}
		if lo == 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
	}
	for i := range c.Flows {
		add(c.Flows[i].Year)
	}
	for i := range c.Deals {
		for _, y := range c.Deals[i].DeliveryYears {
			add(y)
		}
		for _, dl := range c.Deals[i].Deliveries {
			add(dl.Year)
		}
	}
	return lo, hi
}

// parties reports whether an export limited to some parties holds a
// supplier's and recipient's transfers ("" is any).
func (s *scope) parties(sup, rcp string) bool {
	return (s.supplier == "" || sup == "" || strings.EqualFold(s.supplier, sup)) &&
		(s.recipient == "" || rcp == "" || strings.EqualFold(s.recipient, rcp))
}

// holds reports whether a deal belongs in the export s describes.
func (s *scope) holds(d *armsflow.Deal) bool {
	if !s.parties(d.Supplier, d.Recipient) {
		return false
	}
	if !s.windowed {
		return true
	}
	in := func(y int) bool { return (s.from == 0 || y >= s.from) && (s.to == 0 || y <= s.to) }
	for _, y := range d.DeliveryYears {
		if in(y) {
			return true
		}
	}
	for _, dl := range d.Deliveries {
		if in(dl.Year) {
			return true
		}
	}
	return false
}
