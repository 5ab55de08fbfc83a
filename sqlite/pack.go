package sqlite

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"

	"github.com/armsflow/armsflow"
)

// A pack is a dataset's whole content in one compact binary value, kept in
// dataset_packs beside the relational rows and loaded instead of them.
//
// It has two parts. The first holds what yearly flows are built from, so
// that a query that ranks or sums reads and decodes it alone
// (decodeFlowPack); the second holds the rest of the deals: their text and
// other numbers, read only for the deals themselves (decodePack reads
// both). The library keeps the header and the flow part in the column
// data, the text part in rest (see splitPack and migration 008).
//
// Layout (integers are unsigned varints unless said otherwise; a number is
// a TIV or other figure as appendNumber writes it):
//
//	header:    magic "AFPK", format, flow part's length, text part's length
//	flow part:
//	  strings:    count, total bytes, each length, then the bytes; string 0 is ""
//	  flows:      count, then per flow: supplier, recipient (string numbers), year (signed), tiv (a number)
//	  world:      the same as flows
//	  exports:    the same as flows
//	  categories: count, then per record: side, country, category, year (signed), tiv
//	  totals:     count, then per total: side, party, year (signed), tiv
//	  deals:      count, total delivery years, total deliveries, then per
//	              deal: presence and flag bits, supplier, recipient,
//	              delivery years (count, then signed each), delivered TIV
//	              (a number, when present), deliveries (count, then per
//	              delivery: presence and flag bits, year (signed), tiv
//	              (when present))
//	text part:
//	  strings:    as above, numbered on from the flow part's
//	  per deal:   designation, description, status, comments, category
//	              (string numbers of either part), order year, ordered,
//	              delivered (signed, when present), tiv unit, total, SIPRI
//	              estimate (numbers, when present), SIPRI id, line, then
//	              per delivery its units (signed, when present)
//
// Format 1 had no exports, totals, nor the export option's deal fields;
// format 2 was one part; format 3 wrote every number as eight bytes. A pack
// of another format than packFormat is never decoded: the upgrades to
// schemas 5, 8 and 9 rebuilt every pack.
const (
	packMagic  = "AFPK"
	packFormat = 4
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
	// Number the strings first: most names repeat many times. The flow
	// part's strings come first, so that it never refers to the text's.
	ids := map[string]uint64{"": 0}
	var strs [2][]string
	strs[0] = []string{""}
	var total [2]int
	part, base := 0, 0
	id := func(s string) uint64 {
		if n, ok := ids[s]; ok {
			return n
		}
		n := uint64(base + len(strs[part]))
		ids[s] = n
		strs[part] = append(strs[part], s)
		total[part] += len(s)
		return n
	}
	body := make([]byte, 0, 16*(len(c.Flows)+len(c.World)+len(c.Exports)+len(c.Totals))+20*len(c.Categories)+24*len(c.Deals)+64)
	flows := func(fs []armsflow.Flow) {
		body = binary.AppendUvarint(body, uint64(len(fs)))
		for i := range fs {
			f := &fs[i]
			body = binary.AppendUvarint(body, id(f.Supplier))
			body = binary.AppendUvarint(body, id(f.Recipient))
			body = binary.AppendVarint(body, int64(f.Year))
			body = appendNumber(body, f.TIV)
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
		body = appendNumber(body, f.TIV)
	}
	body = binary.AppendUvarint(body, uint64(len(c.Totals)))
	for i := range c.Totals {
		t := &c.Totals[i]
		body = binary.AppendUvarint(body, id(t.Side))
		body = binary.AppendUvarint(body, id(t.Party))
		body = binary.AppendVarint(body, int64(t.Year))
		body = appendNumber(body, t.TIV)
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
		body = binary.AppendUvarint(body, id(d.Supplier))
		body = binary.AppendUvarint(body, id(d.Recipient))
		body = binary.AppendUvarint(body, uint64(len(d.DeliveryYears)))
		for _, y := range d.DeliveryYears {
			body = binary.AppendVarint(body, int64(y))
		}
		if d.TIVDelivered != nil {
			body = appendNumber(body, *d.TIVDelivered)
		}
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
			if v.TIV != nil {
				body = appendNumber(body, *v.TIV)
			}
		}
	}
	flowPart := appendStrings(make([]byte, 0, 16+2*len(strs[0])+total[0]+len(body)), strs[0], total[0])
	flowPart = append(flowPart, body...)

	part, base = 1, len(strs[0])
	body = body[:0]
	for i := range c.Deals {
		d := &c.Deals[i]
		for _, s := range [...]string{d.Designation, d.Description, d.Status, d.Comments, d.Category} {
			body = binary.AppendUvarint(body, id(s))
		}
		for _, p := range [...]*int{d.OrderYear, d.Ordered, d.Delivered} {
			if p != nil {
				body = binary.AppendVarint(body, int64(*p))
			}
		}
		for _, p := range [...]*float64{d.TIVUnit, d.TIVTotal, d.SIPRIEstimate} {
			if p != nil {
				body = appendNumber(body, *p)
			}
		}
		body = binary.AppendVarint(body, int64(d.ID))
		body = binary.AppendVarint(body, int64(d.Line))
		for k := range d.Deliveries {
			if u := d.Deliveries[k].Units; u != nil {
				body = binary.AppendVarint(body, int64(*u))
			}
		}
	}
	textPart := appendStrings(make([]byte, 0, 16+2*len(strs[1])+total[1]+len(body)), strs[1], total[1])
	textPart = append(textPart, body...)

	out := make([]byte, 0, len(packMagic)+32+len(flowPart)+len(textPart))
	out = append(out, packMagic...)
	out = binary.AppendUvarint(out, packFormat)
	out = binary.AppendUvarint(out, uint64(len(flowPart)))
	out = binary.AppendUvarint(out, uint64(len(textPart)))
	out = append(out, flowPart...)
	return append(out, textPart...)
}

// appendStrings appends a pack's table of strs, whose lengths sum to total.
func appendStrings(b []byte, strs []string, total int) []byte {
	b = binary.AppendUvarint(b, uint64(len(strs)))
	b = binary.AppendUvarint(b, uint64(total))
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
	}
	for _, s := range strs {
		b = append(b, s...)
	}
	return b
}

// packReader decodes a pack; the first error sticks and zero values follow.
type packReader struct {
	b   []byte
	err error
}

// uvarint reads an unsigned varint. The one-byte case (most numbers of a
// pack) is small enough to be inlined into the loops.
func (r *packReader) uvarint() uint64 {
	if b := r.b; len(b) > 0 && b[0] < 0x80 {
		r.b = b[1:]
		return uint64(b[0])
	}
	return r.uvarintSlow()
}

func (r *packReader) uvarintSlow() uint64 {
	if b := r.b; len(b) > 1 && b[0] >= 0x80 && b[1] < 0x80 { // two bytes: years, most string numbers
		r.b = b[2:]
		return uint64(b[0]&0x7f) | uint64(b[1])<<7
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// varint reads a signed (zig-zag) varint, as uvarint does.
func (r *packReader) varint() int {
	u := r.uvarint()
	return int(int64(u>>1) ^ -int64(u&1))
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

// appendNumber appends v to b: a whole number (SIPRI's TIV tables hold
// whole millions only) as a varint of twice its zigzag encoding, anything
// else as 1 and its eight bytes, so that NaN, the infinities and -0 keep
// their bits. Packs were a third their size, and a cold query reads and
// copies every byte of the flow part.
func appendNumber(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 && !(v == 0 && math.Signbit(v)) {
		n := int64(v)
		return binary.AppendUvarint(b, uint64(n<<1^n>>63)<<1)
	}
	b = append(b, 1)
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

// number reads what appendNumber wrote.
func (r *packReader) number() float64 {
	u := r.uvarint()
	if u&1 == 0 {
		z := u >> 1
		return float64(int64(z>>1) ^ -int64(z&1))
	}
	if u != 1 {
		r.fail()
		return 0
	}
	return r.float()
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

// packHeader checks pack p's magic and format and returns its parts'
// lengths and what follows the header.
func packHeader(p []byte) (body []byte, flowLen, textLen uint64, err error) {
	if len(p) < len(packMagic) || string(p[:len(packMagic)]) != packMagic {
		return nil, 0, 0, errBadPack
	}
	r := &packReader{b: p[len(packMagic):]}
	if f := r.uvarint(); f != packFormat {
		return nil, 0, 0, errBadPack
	}
	flowLen, textLen = r.uvarint(), r.uvarint()
	if r.err != nil {
		return nil, 0, 0, errBadPack
	}
	return r.b, flowLen, textLen, nil
}

// packParts checks pack p and returns its two parts.
func packParts(p []byte) (flow, text []byte, err error) {
	body, fl, tl, err := packHeader(p)
	if err != nil || fl > uint64(len(body)) || tl != uint64(len(body))-fl {
		return nil, nil, errBadPack
	}
	return body[:fl], body[fl:], nil
}

// splitPack returns pack p as the library stores it: the header and the
// flow part (column data), and the text part (column rest).
func splitPack(p []byte) (data, rest []byte) {
	_, text, err := packParts(p)
	if err != nil {
		panic("splitPack: " + err.Error()) // only packs encodePack made
	}
	return p[:len(p)-len(text)], text
}

// storedFlow checks a stored pack's data and returns its flow part.
func storedFlow(data []byte) (flow []byte, textLen uint64, err error) {
	body, fl, tl, err := packHeader(data)
	if err != nil || fl != uint64(len(body)) {
		return nil, 0, errBadPack
	}
	return body, tl, nil
}

// decodeStored returns the content of a stored pack, data and rest.
func decodeStored(data, rest []byte) (*armsflow.Content, error) {
	flow, tl, err := storedFlow(data)
	if err != nil || tl != uint64(len(rest)) {
		return nil, errBadPack
	}
	return decodeParts(flow, rest)
}

// decodeStoredFlow returns what yearly flows are built from in a stored
// pack's data.
func decodeStoredFlow(data []byte) (*armsflow.FlowContent, error) {
	flow, _, err := storedFlow(data)
	if err != nil {
		return nil, err
	}
	return decodeFlowPart(flow)
}

// strings reads a table of strings and returns strs with them appended.
// They share one backing string: one allocation for all their bytes.
func (r *packReader) strings(strs []string) []string {
	n := r.count(1)
	total := r.uvarint()
	if r.err != nil {
		return strs
	}
	lens := r.b
	sum := uint64(0)
	for range n {
		l := r.uvarint()
		if l > total {
			r.fail()
			return strs
		}
		sum += l
	}
	if r.err != nil || sum != total || total > uint64(len(r.b)) {
		r.fail()
		return strs
	}
	all := string(r.b[:total])
	r.b = r.b[total:]
	strs = slices.Grow(strs, n)
	lr := packReader{b: lens}
	off := uint64(0)
	for range n {
		l := lr.uvarint()
		strs = append(strs, all[off:off+l])
		off += l
	}
	return strs
}

// str reads a string number of strs.
func (r *packReader) str(strs []string) string {
	n := r.uvarint()
	if n >= uint64(len(strs)) {
		r.fail()
		return ""
	}
	return strs[n]
}

// party reads a string number of a table of n strings, as an index.
func (r *packReader) party(n int) int32 {
	k := r.uvarint()
	if k >= uint64(n) {
		r.fail()
		return 0
	}
	return int32(k)
}

// flows reads a table of flows, their parties as string numbers of a table
// of n strings.
func (r *packReader) flows(n int) []armsflow.FlowRecord {
	k := r.count(minPackedFlow)
	if k == 0 {
		return nil
	}
	fs := make([]armsflow.FlowRecord, k)
	for i := range fs {
		f := &fs[i]
		f.Supplier = r.party(n)
		f.Recipient = r.party(n)
		f.Year = int32(r.varint())
		f.First, f.Last = int16(f.Year), int16(f.Year)
		f.TIV = r.number()
	}
	return fs
}

// skipFlows reads past a table of flows, checking it as flows does.
func (r *packReader) skipFlows(n int) {
	for range r.count(minPackedFlow) {
		r.party(n)
		r.party(n)
		r.varint()
		r.number()
	}
}

// tables reads the flow part's published figures into c, their parties as
// indexes in strs.
//
// With flows, the tables of all recipients and all suppliers are skipped
// when only what yearly flows are built from is asked for (flowsOnly; see
// armsflow.FlowContent).
func (r *packReader) tables(strs []string, c *armsflow.FlowContent, flowsOnly bool) {
	n := len(strs)
	c.Flows = r.flows(n)
	if flowsOnly && len(c.Flows) > 0 {
		r.skipFlows(n)
		r.skipFlows(n)
	} else {
		c.World = r.flows(n)
		c.Exports = r.flows(n)
	}
	if k := r.count(minPackedCategory); k > 0 {
		c.Categories = make([]armsflow.CategoryFlow, k)
		for i := range c.Categories {
			f := &c.Categories[i]
			f.Side = r.str(strs)
			f.Country = r.str(strs)
			f.Category = r.str(strs)
			f.Year = r.varint()
			f.TIV = r.number()
		}
	}
	if k := r.count(minPackedFlow); k > 0 {
		c.Totals = make([]armsflow.TotalRecord, k)
		for i := range c.Totals {
			t := &c.Totals[i]
			t.Side = r.str(strs)
			t.Party = r.party(n)
			t.Year = int32(r.varint())
			t.TIV = r.number()
		}
	}
}

// namedFlows returns records with their parties' names from strs.
func namedFlows(records []armsflow.FlowRecord, strs []string) []armsflow.Flow {
	if len(records) == 0 {
		return nil
	}
	out := make([]armsflow.Flow, len(records))
	for i, f := range records {
		out[i] = armsflow.Flow{Supplier: strs[f.Supplier], Recipient: strs[f.Recipient], Year: int(f.Year), TIV: f.TIV}
	}
	return out
}

// namedTotals returns records with their parties' names from strs.
func namedTotals(records []armsflow.TotalRecord, strs []string) []armsflow.Total {
	if len(records) == 0 {
		return nil
	}
	out := make([]armsflow.Total, len(records))
	for i, t := range records {
		out[i] = armsflow.Total{Side: t.Side, Party: strs[t.Party], Year: int(t.Year), TIV: t.TIV}
	}
	return out
}

// Least bytes of a deal in the flow part (bits, supplier, recipient, two
// counts) and of a delivery (bits, year).
const (
	minPackedDeal     = 5
	minPackedDelivery = 2
	// Least bytes of a flow or total (two strings, year, number) and of
	// a category figure (three strings, year, number).
	minPackedFlow     = 4
	minPackedCategory = 5
)

// decodeFlowPack returns what yearly flows are built from in pack p,
// reading its flow part alone: neither the deals' text nor their other
// numbers are decoded. Its Names are the flow part's strings.
func decodeFlowPack(p []byte) (*armsflow.FlowContent, error) {
	flow, _, err := packParts(p)
	if err != nil {
		return nil, err
	}
	return decodeFlowPart(flow)
}

// decodeFlowPart decodes a pack's flow part.
func decodeFlowPart(flow []byte) (*armsflow.FlowContent, error) {
	r := &packReader{b: flow}
	strs := r.strings(nil)
	c := &armsflow.FlowContent{Names: strs}
	r.tables(strs, c, true)
	if n, nyears, ndeliveries := r.count(minPackedDeal), r.count(1), r.count(minPackedDelivery); n > 0 {
		c.Deals = make([]armsflow.FlowDeal, n)
		c.Years = make([]int, 0, nyears)
		c.Deliveries = make([]armsflow.FlowDelivery, 0, ndeliveries)
		party := func() int32 { return r.party(len(strs)) }
		for i := range c.Deals {
			d := &c.Deals[i]
			bits := r.uvarint()
			d.Supplier = party()
			d.Recipient = party()
			k := r.count(1)
			if len(c.Years)+k > cap(c.Years) {
				r.fail()
				break
			}
			for range k {
				c.Years = append(c.Years, r.varint())
			}
			d.YearsEnd = int32(len(c.Years))
			if bits&hasTIVDelivered != 0 {
				d.TIVDelivered, d.HasTIVDelivered = r.number(), true
			}
			k = r.count(minPackedDelivery)
			if len(c.Deliveries)+k > cap(c.Deliveries) {
				r.fail()
				break
			}
			for range k {
				vb := r.uvarint()
				v := armsflow.FlowDelivery{Year: r.varint()}
				if vb&hasDeliveryTIV != 0 {
					v.TIV, v.HasTIV = r.number(), true
				}
				c.Deliveries = append(c.Deliveries, v)
			}
			d.DeliveriesEnd = int32(len(c.Deliveries))
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

// decodePack returns the content of pack p. Its strings share one backing
// string, its deals' numbers a few backing arrays: one allocation each.
func decodePack(p []byte) (*armsflow.Content, error) {
	flow, text, err := packParts(p)
	if err != nil {
		return nil, err
	}
	return decodeParts(flow, text)
}

// decodeParts decodes a pack's two parts.
func decodeParts(flow, text []byte) (*armsflow.Content, error) {
	r := &packReader{b: flow}
	strs := r.strings(nil)
	var tables armsflow.FlowContent
	r.tables(strs, &tables, false)
	c := &armsflow.Content{Flows: namedFlows(tables.Flows, strs), World: namedFlows(tables.World, strs),
		Exports: namedFlows(tables.Exports, strs), Categories: tables.Categories, Totals: namedTotals(tables.Totals, strs)}
	n, nyears, ndeliveries := r.count(minPackedDeal), r.count(1), r.count(minPackedDelivery)
	if n == 0 {
		// No deals: the text part holds an empty table of strings.
		t := &packReader{b: text}
		t.strings(nil)
		if r.err != nil || t.err != nil || len(r.b) != 0 || len(t.b) != 0 {
			return nil, errBadPack
		}
		return c, nil
	}
	c.Deals = make([]armsflow.Deal, n)
	// Each deal's bits, for the text part.
	dealBits := make([]uint16, n)
	ints := make([]int, 0, 3*n)
	floats := make([]float64, 0, 4*n)
	bools := make([]bool, 0, n)
	years := make([]int, 0, nyears)
	deliveries := make([]armsflow.Delivery, 0, ndeliveries)
	// The deliveries' numbers are counted as they come: there may be fewer
	// than deliveries, so their arrays grow (rarely) instead. Units are
	// given their place here and their value from the text part.
	var units []int
	var tivs []float64
	for i := range c.Deals {
		d := &c.Deals[i]
		bits := r.uvarint()
		dealBits[i] = uint16(bits)
		d.Supplier = r.str(strs)
		d.Recipient = r.str(strs)
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
		if bits&hasTIVDelivered != 0 {
			floats = append(floats, r.number())
			d.TIVDelivered = &floats[len(floats)-1]
		}
		if bits&hasLocalProduction != 0 {
			bools = append(bools, bits&isLocalProduction != 0)
			d.LocalProduction = &bools[len(bools)-1]
		}
		d.OrderYearUncertain = bits&isOrderYearUncertain != 0
		d.OrderedUncertain = bits&isOrderedUncertain != 0
		d.DeliveredUncertain = bits&isDeliveredUncertain != 0
		if k := r.count(minPackedDelivery); k > 0 {
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
					units = append(units, 0)
					v.Units = &units[len(units)-1]
				}
				if vb&hasDeliveryTIV != 0 {
					if len(tivs) == cap(tivs) {
						tivs = make([]float64, 0, max(64, ndeliveries-len(deliveries)))
					}
					tivs = append(tivs, r.number())
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
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, errBadPack
	}

	t := &packReader{b: text}
	strs = t.strings(strs)
	intp := func() *int {
		if len(ints) == cap(ints) {
			t.fail()
			return nil
		}
		ints = append(ints, t.varint())
		return &ints[len(ints)-1]
	}
	floatp := func() *float64 {
		if len(floats) == cap(floats) {
			t.fail()
			return nil
		}
		floats = append(floats, t.number())
		return &floats[len(floats)-1]
	}
	for i := range c.Deals {
		d, bits := &c.Deals[i], dealBits[i]
		d.Designation = t.str(strs)
		d.Description = t.str(strs)
		d.Status = t.str(strs)
		d.Comments = t.str(strs)
		d.Category = t.str(strs)
		if bits&hasOrderYear != 0 {
			d.OrderYear = intp()
		}
		if bits&hasOrdered != 0 {
			d.Ordered = intp()
		}
		if bits&hasDelivered != 0 {
			d.Delivered = intp()
		}
		if bits&hasTIVUnit != 0 {
			d.TIVUnit = floatp()
		}
		if bits&hasTIVTotal != 0 {
			d.TIVTotal = floatp()
		}
		if bits&hasSIPRIEstimate != 0 {
			d.SIPRIEstimate = floatp()
		}
		d.ID = t.varint()
		d.Line = t.varint()
		for k := range d.Deliveries {
			if u := d.Deliveries[k].Units; u != nil {
				*u = t.varint()
			}
		}
		if t.err != nil {
			return nil, t.err
		}
	}
	if len(t.b) != 0 {
		return nil, errBadPack
	}
	return c, nil
}
