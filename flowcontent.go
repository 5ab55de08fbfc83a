package armsflow

// FlowContent is the part of a dataset's content that its yearly flows are
// built from: the flows, totals and category figures as published, and of
// each deal only its parties, delivery years and TIV. A query that ranks or
// sums needs no more, and a library can give it without reading the deals'
// text and other fields (a register's deals are most of its bytes).
//
// Parties are numbers, indexes in Names: a dataset names a few hundred
// parties tens of thousands of times, and a cold command that builds its
// flows from strings spent most of its time comparing and hashing them.
//
// World and Exports, SIPRI's tables of all recipients and of all
// suppliers, are what flows are built from only when the content has no
// dyadic Flows: with Flows they are left empty, and a cold query neither
// decodes nor holds them.
type FlowContent struct {
	Flows      []FlowRecord // as Content.Flows
	World      []FlowRecord // as Content.World when Flows is empty: Supplier is the index of ""
	Exports    []FlowRecord // as Content.Exports when Flows is empty: Recipient is the index of ""
	Categories []CategoryFlow
	Totals     []TotalRecord

	// Names are the parties of the flows, totals and deals, as spelled in
	// the data, referred to by index. Names may hold other strings
	// besides, and "" (an absent party) as well.
	Names []string
	// Deals are the deals in the content's order.
	Deals []FlowDeal
	// Years and Deliveries hold the deals' delivery years and deliveries,
	// deal after deal: see FlowDeal.
	Years      []int
	Deliveries []FlowDelivery
}

// FlowRecord is a Flow with its parties as indexes in FlowContent.Names.
// It holds no pointers, so that the garbage collector never scans the tens
// of thousands of a dataset.
//
// First and Last are the first and last years in which the TIV behind the
// figure was delivered: the Year of a figure as published, a deal's
// delivery years when a figure is spread from a trade register's deals
// (see the engine). A loader sets them to Year. The engine keeps its flows
// as FlowRecords too, renumbering the parties in place: the flows of a
// cold query are then in memory once, not twice.
type FlowRecord struct {
	Supplier, Recipient int32
	Year                int32
	First, Last         int16
	TIV                 float64
}

// TotalRecord is a Total with its party as an index in FlowContent.Names
// ("" for the world).
type TotalRecord struct {
	Side  string // SideImport or SideExport
	Party int32
	Year  int32
	TIV   float64
}

// FlowDeal is what yearly flows need of a Deal. It holds no pointers, so
// that the tens of thousands of a register cost the garbage collector
// nothing: its delivery years (as Deal.DeliveryYears) are the Years from
// the previous deal's YearsEnd (0 for the first) to its own, and likewise
// its deliveries (Deal.Deliveries' years and TIV). FlowContent.DealYears
// and DealDeliveries give them.
type FlowDeal struct {
	Supplier, Recipient     int32 // indexes in FlowContent.Names
	YearsEnd, DeliveriesEnd int32

	// TIVDelivered is Deal.TIVDelivered when HasTIVDelivered; unknown
	// (nil there) otherwise.
	TIVDelivered    float64
	HasTIVDelivered bool
}

// FlowDelivery is one delivery year of a deal with its exact TIV, known
// when HasTIV (Delivery.TIV not nil).
type FlowDelivery struct {
	Year   int
	TIV    float64
	HasTIV bool
}

// DealYears returns the delivery years of c.Deals[i].
func (c *FlowContent) DealYears(i int) []int {
	from := int32(0)
	if i > 0 {
		from = c.Deals[i-1].YearsEnd
	}
	return c.Years[from:c.Deals[i].YearsEnd]
}

// DealDeliveries returns the deliveries of c.Deals[i].
func (c *FlowContent) DealDeliveries(i int) []FlowDelivery {
	from := int32(0)
	if i > 0 {
		from = c.Deals[i-1].DeliveriesEnd
	}
	return c.Deliveries[from:c.Deals[i].DeliveriesEnd]
}

// NewFlowContent returns the flow content of c, sharing c's categories:
// what a library that cannot give it more cheaply gives.
func NewFlowContent(c *Content) *FlowContent {
	fc := &FlowContent{Categories: c.Categories}
	index := map[string]int32{}
	id := func(s string) int32 {
		i, ok := index[s]
		if !ok {
			i = int32(len(fc.Names))
			index[s] = i
			fc.Names = append(fc.Names, s)
		}
		return i
	}
	records := func(fs []Flow) []FlowRecord {
		if len(fs) == 0 {
			return nil
		}
		out := make([]FlowRecord, len(fs))
		for i, f := range fs {
			out[i] = FlowRecord{Supplier: id(f.Supplier), Recipient: id(f.Recipient), Year: int32(f.Year),
				First: int16(f.Year), Last: int16(f.Year), TIV: f.TIV}
		}
		return out
	}
	fc.Flows = records(c.Flows)
	if len(fc.Flows) == 0 {
		fc.World, fc.Exports = records(c.World), records(c.Exports)
	}
	if len(c.Totals) > 0 {
		fc.Totals = make([]TotalRecord, len(c.Totals))
		for i, t := range c.Totals {
			fc.Totals[i] = TotalRecord{Side: t.Side, Party: id(t.Party), Year: int32(t.Year), TIV: t.TIV}
		}
	}
	if len(c.Deals) == 0 {
		return fc
	}
	years, deliveries := 0, 0
	for i := range c.Deals {
		years += len(c.Deals[i].DeliveryYears)
		deliveries += len(c.Deals[i].Deliveries)
	}
	fc.Years = make([]int, 0, years)
	fc.Deliveries = make([]FlowDelivery, 0, deliveries)
	fc.Deals = make([]FlowDeal, len(c.Deals))
	for i := range c.Deals {
		d, f := &c.Deals[i], &fc.Deals[i]
		f.Supplier, f.Recipient = id(d.Supplier), id(d.Recipient)
		if d.TIVDelivered != nil {
			f.TIVDelivered, f.HasTIVDelivered = *d.TIVDelivered, true
		}
		fc.Years = append(fc.Years, d.DeliveryYears...)
		for _, v := range d.Deliveries {
			dv := FlowDelivery{Year: v.Year}
			if v.TIV != nil {
				dv.TIV, dv.HasTIV = *v.TIV, true
			}
			fc.Deliveries = append(fc.Deliveries, dv)
		}
		f.YearsEnd, f.DeliveriesEnd = int32(len(fc.Years)), int32(len(fc.Deliveries))
	}
	return fc
}
