package revision

import (
	"math"
	"slices"

	"github.com/armsflow/armsflow"
)

// field is one field of a deal that a revision may change, named as the
// deal's JSON names it (what 'armsflow deals --format json' prints).
type field struct {
	name string
	// name fields are spellings: a deal whose only differences are in them
	// is renamed, not changed.
	spelling bool
	eq       func(a, b *armsflow.Deal) bool
	// set reports whether the deal carries the field at all (a '?' flag
	// goes with its number: a layout without the number has no flag). A field is
	// compared only when both datasets carry it: the classic register has
	// no SIPRI AT Database ID, the register with SIPRI's export option has
	// no comments, and neither is a revision.
	set func(d *armsflow.Deal) bool
}

func eqInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func eqFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return sameTIV(*a, *b)
}

// sameTIV compares two TIV figures read from text: equal up to the noise of
// binary floating point, never up to a rounding of SIPRI's.
func sameTIV(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func eqDeliveries(a, b []armsflow.Delivery) bool {
	return slices.EqualFunc(a, b, func(x, y armsflow.Delivery) bool {
		return x.Year == y.Year && x.YearEstimate == y.YearEstimate && eqInt(x.Units, y.Units) &&
			x.UnitsEstimate == y.UnitsEstimate && eqFloat(x.TIV, y.TIV)
	})
}

// fields are the fields compared, in the order of the deal's JSON.
var fields = []field{
	{name: "supplier", spelling: true, eq: func(a, b *armsflow.Deal) bool { return a.Supplier == b.Supplier },
		set: func(d *armsflow.Deal) bool { return true }},
	{name: "recipient", spelling: true, eq: func(a, b *armsflow.Deal) bool { return a.Recipient == b.Recipient },
		set: func(d *armsflow.Deal) bool { return true }},
	{name: "order_year", eq: func(a, b *armsflow.Deal) bool { return eqInt(a.OrderYear, b.OrderYear) },
		set: func(d *armsflow.Deal) bool { return d.OrderYear != nil }},
	{name: "order_year_uncertain", eq: func(a, b *armsflow.Deal) bool { return a.OrderYearUncertain == b.OrderYearUncertain },
		set: func(d *armsflow.Deal) bool { return d.OrderYear != nil }},
	{name: "ordered", eq: func(a, b *armsflow.Deal) bool { return eqInt(a.Ordered, b.Ordered) },
		set: func(d *armsflow.Deal) bool { return d.Ordered != nil }},
	{name: "ordered_uncertain", eq: func(a, b *armsflow.Deal) bool { return a.OrderedUncertain == b.OrderedUncertain },
		set: func(d *armsflow.Deal) bool { return d.Ordered != nil }},
	{name: "designation", spelling: true, eq: func(a, b *armsflow.Deal) bool { return a.Designation == b.Designation },
		set: func(d *armsflow.Deal) bool { return true }},
	{name: "description", eq: func(a, b *armsflow.Deal) bool { return a.Description == b.Description },
		set: func(d *armsflow.Deal) bool { return d.Description != "" }},
	{name: "delivered", eq: func(a, b *armsflow.Deal) bool { return eqInt(a.Delivered, b.Delivered) },
		set: func(d *armsflow.Deal) bool { return d.Delivered != nil }},
	{name: "delivered_uncertain", eq: func(a, b *armsflow.Deal) bool { return a.DeliveredUncertain == b.DeliveredUncertain },
		set: func(d *armsflow.Deal) bool { return d.Delivered != nil }},
	{name: "delivery_years", eq: func(a, b *armsflow.Deal) bool { return slices.Equal(a.DeliveryYears, b.DeliveryYears) },
		set: func(d *armsflow.Deal) bool { return len(d.DeliveryYears) > 0 }},
	{name: "status", eq: func(a, b *armsflow.Deal) bool { return a.Status == b.Status },
		set: func(d *armsflow.Deal) bool { return d.Status != "" }},
	{name: "comments", eq: func(a, b *armsflow.Deal) bool { return a.Comments == b.Comments },
		set: func(d *armsflow.Deal) bool { return d.Comments != "" }},
	{name: "tiv_unit", eq: func(a, b *armsflow.Deal) bool { return eqFloat(a.TIVUnit, b.TIVUnit) },
		set: func(d *armsflow.Deal) bool { return d.TIVUnit != nil }},
	{name: "tiv_total", eq: func(a, b *armsflow.Deal) bool { return eqFloat(a.TIVTotal, b.TIVTotal) },
		set: func(d *armsflow.Deal) bool { return d.TIVTotal != nil }},
	{name: "tiv_delivered", eq: func(a, b *armsflow.Deal) bool { return eqFloat(a.TIVDelivered, b.TIVDelivered) },
		set: func(d *armsflow.Deal) bool { return d.TIVDelivered != nil }},
	{name: "category", eq: func(a, b *armsflow.Deal) bool { return a.Category == b.Category },
		set: func(d *armsflow.Deal) bool { return d.Category != "" }},
	{name: "sipri_estimate", eq: func(a, b *armsflow.Deal) bool { return eqFloat(a.SIPRIEstimate, b.SIPRIEstimate) },
		set: func(d *armsflow.Deal) bool { return d.SIPRIEstimate != nil }},
	{name: "local_production", eq: func(a, b *armsflow.Deal) bool {
		if a.LocalProduction == nil || b.LocalProduction == nil {
			return a.LocalProduction == nil && b.LocalProduction == nil
		}
		return *a.LocalProduction == *b.LocalProduction
	}, set: func(d *armsflow.Deal) bool { return d.LocalProduction != nil }},
	{name: "deliveries", eq: func(a, b *armsflow.Deal) bool { return eqDeliveries(a.Deliveries, b.Deliveries) },
		set: func(d *armsflow.Deal) bool { return len(d.Deliveries) > 0 }},
}

// FieldNames lists the names of the fields a change can name, in the order
// of a deal's JSON.
func FieldNames() []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.name
	}
	return out
}

// descriptionField is the position of the description field, which a
// vocabulary change may exempt.
var descriptionField = slices.IndexFunc(fields, func(f field) bool { return f.name == "description" })

// carried returns, per field, whether any deal of deals carries it.
func carried(deals []armsflow.Deal) []bool {
	out := make([]bool, len(fields))
	left := len(fields)
	for i := range deals {
		for j := range fields {
			if !out[j] && fields[j].set(&deals[i]) {
				out[j] = true
				left--
			}
		}
		if left == 0 {
			break
		}
	}
	return out
}

// fieldSet is a set of fields by their position in fields.
type fieldSet uint32

func (s fieldSet) has(f int) bool { return f >= 0 && s&(1<<f) != 0 }

// names lists the fields of s, in the order of a deal's JSON; never nil.
func (s fieldSet) names() []string {
	out := []string{}
	for f := range fields {
		if s.has(f) {
			out = append(out, fields[f].name)
		}
	}
	return out
}

// spellings is the set of the name fields.
var spellings = func() fieldSet {
	var s fieldSet
	for f := range fields {
		if fields[f].spelling {
			s |= 1 << f
		}
	}
	return s
}()

// fieldNamed is the position of the field named so, or -1.
func fieldNamed(name string) int {
	return slices.IndexFunc(fields, func(f field) bool { return f.name == name })
}
