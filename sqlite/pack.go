package sqlite

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/armsflow/armsflow"
)

// A pack is a dataset's whole content in one compact binary value, kept in
// dataset_packs beside the relational rows and loaded instead of them.
//
// Layout (integers are unsigned varints unless said otherwise):
//
//	magic "AFPK", format
//	strings: count, total bytes, each length, then the bytes; string 0 is ""
//	flows:      count, then per flow: supplier, recipient (string numbers), year (signed), tiv (float64 LE)
//	world:      the same as flows
//	exports:    the same as flows
//	categories: count, then per record: side, country, category, year (signed), tiv
//	totals:     count, then per total: side, party, year (signed), tiv
//	deals:      count, total delivery years, total deliveries, then per deal:
//	            presence and flag bits, recipient, supplier, designation,
//	            description, status, comments, category, order year, ordered,
//	            delivered (signed, only when present), delivery years (count,
//	            then signed each), tiv unit, total, delivered, SIPRI estimate
//	            (float64 LE, only when present), SIPRI id, line, deliveries
//	            (count, then per delivery: presence and flag bits, year
//	            (signed), units (signed, when present), tiv (when present))
//
// Format 1 had no exports, totals, nor the export option's deal fields; a
// pack of another format than packFormat is never decoded, and the upgrade
// to schema 5 rebuilds every pack.
const (
	packMagic  = "AFPK"
	packFormat = 2
)

// Presence and uncertainty bits of a packed deal.
const (
	hasOrderYear = 1 << iota
	hasOrdered
	hasDelivered
	hasTIVUnit
	hasTIVTotal
	hasTIVDelivered
	isOrderYearUncertain
	isOrderedUncertain
	isDeliveredUncertain
	hasSIPRIEstimate
	hasLocalProduction
	isLocalProduction
)

// Presence and estimate bits of a packed delivery.
const (
	hasUnits = 1 << iota
	hasDeliveryTIV
	isYearEstimate
	isUnitsEstimate
)

var errBadPack = errors.New("malformed pack")

// encodePack returns c as a pack.
func encodePack(c *armsflow.Content) []byte {
	// Number the strings first: most names repeat many times.
	ids := map[string]uint64{"": 0}
	strs := []string{""}
	total := 0
	id := func(s string) uint64 {
		if n, ok := ids[s]; ok {
			return n
		}
		n := uint64(len(strs))
		ids[s] = n
		strs = append(strs, s)
		total += len(s)
		return n
	}
	body := make([]byte, 0, 16*(len(c.Flows)+len(c.World)+len(c.Exports)+len(c.Totals))+20*len(c.Categories)+56*len(c.Deals)+64)
	flows := func(fs []armsflow.Flow) {
		body = binary.AppendUvarint(body, uint64(len(fs)))
		for i := range fs {
			f := &fs[i]
			body = binary.AppendUvarint(body, id(f.Supplier))
			body = binary.AppendUvarint(body, id(f.Recipient))
			body = binary.AppendVarint(body, int64(f.Year))
			body = binary.LittleEndian.AppendUint64(body, math.Float64bits(f.TIV))
		}
	}
	flows(c.Flows)
	flows(c.World)
	flows(c.Exports)
	body = binary.AppendUvarint(body, uint64(len(c.Categories)))
	for i := range c.Categories {
		f := &c.Categories[i]
		body = binary.AppendUvarint(body, id(f.Side))
		body = binary.AppendUvarint(body, id(f.Country))
		body = binary.AppendUvarint(body, id(f.Category))
		body = binary.AppendVarint(body, int64(f.Year))
		body = binary.LittleEndian.AppendUint64(body, math.Float64bits(f.TIV))
	}
	body = binary.AppendUvarint(body, uint64(len(c.Totals)))
	for i := range c.Totals {
		t := &c.Totals[i]
		body = binary.AppendUvarint(body, id(t.Side))
		body = binary.AppendUvarint(body, id(t.Party))
		body = binary.AppendVarint(body, int64(t.Year))
		body = binary.LittleEndian.AppendUint64(body, math.Float64bits(t.TIV))
	}
	years, deliveries := 0, 0
	for i := range c.Deals {
		years += len(c.Deals[i].DeliveryYears)
		deliveries += len(c.Deals[i].Deliveries)
	}
	body = binary.AppendUvarint(body, uint64(len(c.Deals)))
	body = binary.AppendUvarint(body, uint64(years))
	body = binary.AppendUvarint(body, uint64(deliveries))
	for i := range c.Deals {
		d := &c.Deals[i]
		var bits uint64
		set := func(b uint64, ok bool) {
			if ok {
				bits |= b
			}
		}
		set(hasOrderYear, d.OrderYear != nil)
		set(hasOrdered, d.Ordered != nil)
		set(hasDelivered, d.Delivered != nil)
		set(hasTIVUnit, d.TIVUnit != nil)
		set(hasTIVTotal, d.TIVTotal != nil)
		set(hasTIVDelivered, d.TIVDelivered != nil)
		set(isOrderYearUncertain, d.OrderYearUncertain)
		set(isOrderedUncertain, d.OrderedUncertain)
		set(isDeliveredUncertain, d.DeliveredUncertain)
		set(hasSIPRIEstimate, d.SIPRIEstimate != nil)
		set(hasLocalProduction, d.LocalProduction != nil)
		set(isLocalProduction, d.LocalProduction != nil && *d.LocalProduction)
		body = binary.AppendUvarint(body, bits)
		for _, s := range [...]string{d.Recipient, d.Supplier, d.Designation, d.Description, d.Status, d.Comments, d.Category} {
			body = binary.AppendUvarint(body, id(s))
		}
		for _, p := range [...]*int{d.OrderYear, d.Ordered, d.Delivered} {
			if p != nil {
				body = binary.AppendVarint(body, int64(*p))
			}
		}
		body = binary.AppendUvarint(body, uint64(len(d.DeliveryYears)))
		for _, y := range d.DeliveryYears {
			body = binary.AppendVarint(body, int64(y))
		}
		for _, p := range [...]*float64{d.TIVUnit, d.TIVTotal, d.TIVDelivered, d.SIPRIEstimate} {
			if p != nil {
				body = binary.LittleEndian.AppendUint64(body, math.Float64bits(*p))
			}
		}
		body = binary.AppendVarint(body, int64(d.ID))
		body = binary.AppendVarint(body, int64(d.Line))
		body = binary.AppendUvarint(body, uint64(len(d.Deliveries)))
		for k := range d.Deliveries {
			v := &d.Deliveries[k]
			var vb uint64
			if v.Units != nil {
				vb |= hasUnits
			}
			if v.TIV != nil {
				vb |= hasDeliveryTIV
			}
			if v.YearEstimate {
				vb |= isYearEstimate
			}
			if v.UnitsEstimate {
				vb |= isUnitsEstimate
			}
			body = append(body, byte(vb))
			body = binary.AppendVarint(body, int64(v.Year))
			if v.Units != nil {
				body = binary.AppendVarint(body, int64(*v.Units))
			}
			if v.TIV != nil {
				body = binary.LittleEndian.AppendUint64(body, math.Float64bits(*v.TIV))
			}
		}
	}

	out := make([]byte, 0, len(packMagic)+16+2*len(strs)+total+len(body))
	out = append(out, packMagic...)
	out = binary.AppendUvarint(out, packFormat)
	out = binary.AppendUvarint(out, uint64(len(strs)))
	out = binary.AppendUvarint(out, uint64(total))
	for _, s := range strs {
		out = binary.AppendUvarint(out, uint64(len(s)))
	}
	for _, s := range strs {
		out = append(out, s...)
	}
	return append(out, body...)
}

// packReader decodes a pack; the first error sticks and zero values follow.
type packReader struct {
	b   []byte
	err error
}

func (r *packReader) uvarint() uint64 {
	if len(r.b) > 0 && r.b[0] < 0x80 { // the common one-byte case, inline
		v := uint64(r.b[0])
		r.b = r.b[1:]
		return v
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *packReader) varint() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *packReader) float() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// count reads a number of items each at least min bytes long.
func (r *packReader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/min) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *packReader) fail() {
	if r.err == nil {
		r.err = errBadPack
	}
	r.b = nil
}

// decodePack returns the content of pack p. Its strings share one backing
// string, its deals' numbers a few backing arrays: one allocation each.
func decodePack(p []byte) (*armsflow.Content, error) {
	if len(p) < len(packMagic) || string(p[:len(packMagic)]) != packMagic {
		return nil, errBadPack
	}
	r := &packReader{b: p[len(packMagic):]}
	if f := r.uvarint(); f != packFormat {
		return nil, errBadPack
	}
	nstr := r.count(1)
	total := r.uvarint()
	strs := make([]string, nstr)
	lens := make([]int, nstr)
	sum := uint64(0)
	for i := range lens {
		lens[i] = int(r.uvarint())
		sum += uint64(lens[i])
	}
	if r.err != nil || sum != total || total > uint64(len(r.b)) {
		return nil, errBadPack
	}
	all := string(r.b[:total])
	r.b = r.b[total:]
	off := 0
	for i, n := range lens {
		strs[i] = all[off : off+n]
		off += n
	}
	str := func() string {
		n := r.uvarint()
		if n >= uint64(len(strs)) {
			r.fail()
			return ""
		}
		return strs[n]
	}

	c := &armsflow.Content{}
	flows := func() []armsflow.Flow {
		n := r.count(11)
		if n == 0 {
			return nil
		}
		fs := make([]armsflow.Flow, n)
		for i := range fs {
			f := &fs[i]
			f.Supplier = str()
			f.Recipient = str()
			f.Year = r.varint()
			f.TIV = r.float()
		}
		return fs
	}
	c.Flows = flows()
	c.World = flows()
	c.Exports = flows()
	if n := r.count(12); n > 0 {
		c.Categories = make([]armsflow.CategoryFlow, n)
		for i := range c.Categories {
			f := &c.Categories[i]
			f.Side = str()
			f.Country = str()
			f.Category = str()
			f.Year = r.varint()
			f.TIV = r.float()
		}
	}
	if n := r.count(11); n > 0 {
		c.Totals = make([]armsflow.Total, n)
		for i := range c.Totals {
			t := &c.Totals[i]
			t.Side = str()
			t.Party = str()
			t.Year = r.varint()
			t.TIV = r.float()
		}
	}
	if n, nyears, ndeliveries := r.count(12), r.count(1), r.count(2); n > 0 {
		c.Deals = make([]armsflow.Deal, n)
		ints := make([]int, 0, 3*n)
		floats := make([]float64, 0, 4*n)
		bools := make([]bool, 0, n)
		years := make([]int, 0, nyears)
		deliveries := make([]armsflow.Delivery, 0, ndeliveries)
		intp := func() *int {
			if len(ints) == cap(ints) {
				r.fail()
				return nil
			}
			ints = append(ints, r.varint())
			return &ints[len(ints)-1]
		}
		floatp := func() *float64 {
			if len(floats) == cap(floats) {
				r.fail()
				return nil
			}
			floats = append(floats, r.float())
			return &floats[len(floats)-1]
		}
		// The deliveries' numbers are counted as they come: there may be
		// fewer than deliveries, so their arrays grow (rarely) instead.
		var units []int
		var tivs []float64
		for i := range c.Deals {
			d := &c.Deals[i]
			bits := r.uvarint()
			d.Recipient = str()
			d.Supplier = str()
			d.Designation = str()
			d.Description = str()
			d.Status = str()
			d.Comments = str()
			d.Category = str()
			if bits&hasOrderYear != 0 {
				d.OrderYear = intp()
			}
			if bits&hasOrdered != 0 {
				d.Ordered = intp()
			}
			if bits&hasDelivered != 0 {
				d.Delivered = intp()
			}
			if k := r.count(1); k > 0 {
				if len(years)+k > cap(years) {
					r.fail()
					break
				}
				start := len(years)
				for range k {
					years = append(years, r.varint())
				}
				d.DeliveryYears = years[start:len(years):len(years)]
			}
			if bits&hasTIVUnit != 0 {
				d.TIVUnit = floatp()
			}
			if bits&hasTIVTotal != 0 {
				d.TIVTotal = floatp()
			}
			if bits&hasTIVDelivered != 0 {
				d.TIVDelivered = floatp()
			}
			if bits&hasSIPRIEstimate != 0 {
				d.SIPRIEstimate = floatp()
			}
			if bits&hasLocalProduction != 0 {
				bools = append(bools, bits&isLocalProduction != 0)
				d.LocalProduction = &bools[len(bools)-1]
			}
			d.OrderYearUncertain = bits&isOrderYearUncertain != 0
			d.OrderedUncertain = bits&isOrderedUncertain != 0
			d.DeliveredUncertain = bits&isDeliveredUncertain != 0
			d.ID = r.varint()
			d.Line = r.varint()
			if k := r.count(2); k > 0 {
				if len(deliveries)+k > cap(deliveries) {
					r.fail()
					break
				}
				start := len(deliveries)
				for range k {
					var v armsflow.Delivery
					vb := r.uvarint()
					v.Year = r.varint()
					v.YearEstimate = vb&isYearEstimate != 0
					v.UnitsEstimate = vb&isUnitsEstimate != 0
					if vb&hasUnits != 0 {
						if len(units) == cap(units) {
							units = make([]int, 0, max(64, ndeliveries-len(deliveries)))
						}
						units = append(units, r.varint())
						v.Units = &units[len(units)-1]
					}
					if vb&hasDeliveryTIV != 0 {
						if len(tivs) == cap(tivs) {
							tivs = make([]float64, 0, max(64, ndeliveries-len(deliveries)))
						}
						tivs = append(tivs, r.float())
						v.TIV = &tivs[len(tivs)-1]
					}
					deliveries = append(deliveries, v)
				}
				d.Deliveries = deliveries[start:len(deliveries):len(deliveries)]
			}
			if r.err != nil {
				break
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, errBadPack
	}
	return c, nil
}
