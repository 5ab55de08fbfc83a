package armsflow

// FlowContent is the part of a dataset's content that its yearly flows are
// built from: the flows, totals and category figures as published, and of
// each deal only its parties, delivery years and TIV. A query that ranks or
// sums needs no more, and a library can give it without reading the deals'
// text and other fields (a register's deals are most of its bytes).
type FlowContent struct {
	Flows      []Flow
	World      []Flow
	Exports    []Flow
	Categories []CategoryFlow
	Totals     []Total

	// Names are the deals' parties, as spelled in the data, referred to by
	// index: a register names a few hundred parties tens of thousands of
	// times. Names may hold other strings besides, and "" (an absent
	// party) as well.
	Names []string
	// Deals are the deals in the content's order.
	Deals []FlowDeal
	// Years and Deliveries hold the deals' delivery years and deliveries,
	// deal after deal: see FlowDeal.
	Years      []int
	Deliveries []FlowDelivery
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

// NewFlowContent returns the flow content of c, sharing c's slices of
// flows, totals and categories: what a library that cannot give it more
// cheaply gives.
func NewFlowContent(c *Content) *FlowContent {
	fc := &FlowContent{Flows: c.Flows, World: c.World, Exports: c.Exports, Categories: c.Categories, Totals: c.Totals}
	if len(c.Deals) == 0 {
		return fc
	}
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
