package panel

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/internal/parquet"
	"github.com/armsflow/armsflow/names"
)

// DealRow is one deal of a trade register, as Parquet and CSV write it.
// Pointers are nil where the register leaves a field empty: unknown, never
// zero. Codes are the parties' in the year of the order (or their latest
// codes where the order year is unknown). Its fields are the Parquet
// file's columns in order (dealColumns gives their names and types).
type DealRow struct {
	Dataset            string
	Generated          *int32
	SIPRIID            *int64
	Supplier           string
	SupplierISO3       *string
	SupplierCOW        *int32
	Recipient          string
	RecipientISO3      *string
	RecipientCOW       *int32
	OrderYear          *int32
	OrderYearUncertain bool
	Ordered            *int32
	OrderedUncertain   bool
	Designation        string
	Description        string
	Category           *string
	Delivered          *int32
	DeliveredUncertain bool
	DeliveryYears      []int32
	Status             string
	Comments           string
	TIVUnit            *float64
	TIVTotal           *float64
	TIVDelivered       *float64
	SIPRIEstimate      *float64
	LocalProduction    *bool
	// Deliveries are the deal's delivery years with their numbers and
	// exact TIV, as the register with SIPRI's export option gives them;
	// empty for a classic register.
	Deliveries []DealDelivery
}

// DealDelivery is one delivery year of a deal.
type DealDelivery struct {
	Year          int32
	YearEstimate  bool
	Units         *int32
	UnitsEstimate bool
	TIV           *float64
}

// DealRows turns a deal query's answer into rows, coded with cw.
func DealRows(res *engine.DealResult, cw *names.Crosswalk) []DealRow {
	var gen *int32
	if t, err := time.Parse("2006-01-02", res.Generated); err == nil {
		d := int32(t.Unix() / 86400)
		gen = &d
	}
	i32 := func(p *int) *int32 {
		if p == nil {
			return nil
		}
		v := int32(*p)
		return &v
	}
	codes := func(name string, year *int) (*string, *int32) {
		y := 0
		if year != nil {
			y = *year
		}
		c, ok := cw.Lookup(name, y)
		if !ok && y != 0 {
			c, ok = cw.Lookup(name, 0)
		}
		if !ok {
			return nil, nil
		}
		var iso *string
		if c.ISO3 != "" {
			iso = &c.ISO3
		}
		return iso, i32(c.COW)
	}
	out := make([]DealRow, len(res.Rows))
	for i := range res.Rows {
		d := &res.Rows[i]
		r := DealRow{
			Dataset: res.Dataset, Generated: gen, Supplier: d.Supplier, Recipient: d.Recipient,
			OrderYear: i32(d.OrderYear), OrderYearUncertain: d.OrderYearUncertain,
			Ordered: i32(d.Ordered), OrderedUncertain: d.OrderedUncertain,
			Designation: d.Designation, Description: d.Description,
			Delivered: i32(d.Delivered), DeliveredUncertain: d.DeliveredUncertain,
			DeliveryYears: make([]int32, len(d.DeliveryYears)),
			Status:        d.Status, Comments: d.Comments,
			TIVUnit: d.TIVUnit, TIVTotal: d.TIVTotal, TIVDelivered: d.TIVDelivered,
			SIPRIEstimate: d.SIPRIEstimate, LocalProduction: d.LocalProduction,
		}
		if d.ID != 0 {
			id := int64(d.ID)
			r.SIPRIID = &id
		}
		if d.Category != "" {
			r.Category = &d.Category
		}
		for j, y := range d.DeliveryYears {
			r.DeliveryYears[j] = int32(y)
		}
		for _, dl := range d.Deliveries {
			r.Deliveries = append(r.Deliveries, DealDelivery{Year: int32(dl.Year), YearEstimate: dl.YearEstimate,
				Units: i32(dl.Units), UnitsEstimate: dl.UnitsEstimate, TIV: dl.TIV})
		}
		r.SupplierISO3, r.SupplierCOW = codes(d.Supplier, d.OrderYear)
		r.RecipientISO3, r.RecipientCOW = codes(d.Recipient, d.OrderYear)
		out[i] = r
	}
	return out
}

// dealColumns are the columns of DealRow, in the file's order.
type dealColumns struct {
	dataset, supplier, supplierISO3, recipient, recipientISO3           *parquet.String
	designation, description, category, status, comments                *parquet.String
	generated, supplierCOW, recipientCOW, orderYear, ordered, delivered *parquet.Int32
	sipriID                                                             *parquet.Int64
	orderYearUncertain, orderedUncertain, deliveredUncertain, local     *parquet.Bool
	tivUnit, tivTotal, tivDelivered, sipriEstimate                      *parquet.Double
	deliveryYears                                                       *parquet.List
	deliveryYear                                                        *parquet.Int32
	deliveries                                                          *parquet.List
	dYear, dUnits                                                       *parquet.Int32
	dYearEstimate, dUnitsEstimate                                       *parquet.Bool
	dTIV                                                                *parquet.Double
}

func newDealColumns() (*dealColumns, []parquet.Node) {
	const dict, opt = parquet.Dict, parquet.Optional
	c := &dealColumns{
		dataset: parquet.NewString("dataset", dict), generated: parquet.NewDate("generated", opt), sipriID: parquet.NewInt64("sipri_id", opt),
		supplier: parquet.NewString("supplier", dict), supplierISO3: parquet.NewString("supplier_iso3", opt|dict), supplierCOW: parquet.NewInt32("supplier_cow", opt),
		recipient: parquet.NewString("recipient", dict), recipientISO3: parquet.NewString("recipient_iso3", opt|dict), recipientCOW: parquet.NewInt32("recipient_cow", opt),
		orderYear: parquet.NewInt32("order_year", opt), orderYearUncertain: parquet.NewBool("order_year_uncertain", 0),
		ordered: parquet.NewInt32("ordered", opt), orderedUncertain: parquet.NewBool("ordered_uncertain", 0),
		designation: parquet.NewString("designation", 0), description: parquet.NewString("description", dict),
		category:  parquet.NewString("category", opt|dict),
		delivered: parquet.NewInt32("delivered", opt), deliveredUncertain: parquet.NewBool("delivered_uncertain", 0),
		deliveryYear: parquet.NewInt32("element", 0),
		status:       parquet.NewString("status", dict), comments: parquet.NewString("comments", 0),
		tivUnit: parquet.NewDouble("tiv_unit", opt), tivTotal: parquet.NewDouble("tiv_total", opt),
		tivDelivered: parquet.NewDouble("tiv_delivered", opt), sipriEstimate: parquet.NewDouble("sipri_estimate", opt),
		local: parquet.NewBool("local_production", opt),
		dYear: parquet.NewInt32("year", 0), dYearEstimate: parquet.NewBool("year_estimate", 0),
		dUnits: parquet.NewInt32("units", opt), dUnitsEstimate: parquet.NewBool("units_estimate", 0),
		dTIV: parquet.NewDouble("tiv", opt),
	}
	c.deliveryYears = parquet.NewList("delivery_years", c.deliveryYear)
	c.deliveries = parquet.NewList("deliveries", parquet.NewGroup("element", c.dYear, c.dYearEstimate, c.dUnits, c.dUnitsEstimate, c.dTIV))
	return c, []parquet.Node{c.dataset, c.generated, c.sipriID, c.supplier, c.supplierISO3, c.supplierCOW,
		c.recipient, c.recipientISO3, c.recipientCOW, c.orderYear, c.orderYearUncertain, c.ordered, c.orderedUncertain,
		c.designation, c.description, c.category, c.delivered, c.deliveredUncertain, c.deliveryYears, c.status, c.comments,
		c.tivUnit, c.tivTotal, c.tivDelivered, c.sipriEstimate, c.local, c.deliveries}
}

func (c *dealColumns) write(r *DealRow) {
	c.dataset.Write(r.Dataset)
	c.generated.WriteOpt(r.Generated)
	c.sipriID.WriteOpt(r.SIPRIID)
	c.supplier.Write(r.Supplier)
	c.supplierISO3.WriteOpt(r.SupplierISO3)
	c.supplierCOW.WriteOpt(r.SupplierCOW)
	c.recipient.Write(r.Recipient)
	c.recipientISO3.WriteOpt(r.RecipientISO3)
	c.recipientCOW.WriteOpt(r.RecipientCOW)
	c.orderYear.WriteOpt(r.OrderYear)
	c.orderYearUncertain.Write(r.OrderYearUncertain)
	c.ordered.WriteOpt(r.Ordered)
	c.orderedUncertain.Write(r.OrderedUncertain)
	c.designation.Write(r.Designation)
	c.description.Write(r.Description)
	c.category.WriteOpt(r.Category)
	c.delivered.WriteOpt(r.Delivered)
	c.deliveredUncertain.Write(r.DeliveredUncertain)
	if len(r.DeliveryYears) == 0 {
		c.deliveryYears.Empty()
	}
	for i, y := range r.DeliveryYears {
		c.deliveryYears.Elem(i == 0)
		c.deliveryYear.Write(y)
	}
	c.status.Write(r.Status)
	c.comments.Write(r.Comments)
	c.tivUnit.WriteOpt(r.TIVUnit)
	c.tivTotal.WriteOpt(r.TIVTotal)
	c.tivDelivered.WriteOpt(r.TIVDelivered)
	c.sipriEstimate.WriteOpt(r.SIPRIEstimate)
	c.local.WriteOpt(r.LocalProduction)
	if len(r.Deliveries) == 0 {
		c.deliveries.Empty()
	}
	for i := range r.Deliveries {
		d := &r.Deliveries[i]
		c.deliveries.Elem(i == 0)
		c.dYear.Write(d.Year)
		c.dYearEstimate.Write(d.YearEstimate)
		c.dUnits.WriteOpt(d.Units)
		c.dUnitsEstimate.Write(d.UnitsEstimate)
		c.dTIV.WriteOpt(d.TIV)
	}
}

// WriteDealsParquet writes deal rows as one Parquet file.
func WriteDealsParquet(w io.Writer, dataset string, rows []DealRow) error {
	c, schema := newDealColumns()
	pw, err := parquet.NewWriter(w, schema, parquetOptions(dataset))
	if err != nil {
		return err
	}
	for i := range rows {
		c.write(&rows[i])
		if err := pw.EndRow(); err != nil {
			return err
		}
	}
	return pw.Close()
}

// deliveryTIV writes a deal's exact yearly TIV as "2000: 12.5; 2001: 3"
// ("?" where the export leaves a year's TIV empty).
func deliveryTIV(ds []DealDelivery) string {
	var parts []string
	for _, d := range ds {
		v := "?"
		if d.TIV != nil {
			v = strconv.FormatFloat(*d.TIV, 'f', -1, 64)
		}
		parts = append(parts, strconv.Itoa(int(d.Year))+": "+v)
	}
	return strings.Join(parts, "; ")
}

// WriteDealsCSV writes deal rows as CSV with a header; delivery years are
// joined with "; " as SIPRI writes them, and delivery_tiv gives the exact
// TIV of each delivery year where the register has it.
func WriteDealsCSV(w io.Writer, generated string, rows []DealRow) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	cw.Write([]string{"dataset", "generated", "sipri_id", "supplier", "supplier_iso3", "supplier_cow", "recipient", "recipient_iso3", "recipient_cow",
		"order_year", "order_year_uncertain", "ordered", "ordered_uncertain", "designation", "description", "category",
		"delivered", "delivered_uncertain", "delivery_years", "status", "comments",
		"tiv_unit", "tiv_total", "tiv_delivered", "sipri_estimate", "local_production", "delivery_tiv"})
	f := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	for i := range rows {
		r := &rows[i]
		id := ""
		if r.SIPRIID != nil {
			id = strconv.FormatInt(*r.SIPRIID, 10)
		}
		var years []string
		for _, y := range r.DeliveryYears {
			years = append(years, strconv.Itoa(int(y)))
		}
		local := ""
		if r.LocalProduction != nil {
			local = strconv.FormatBool(*r.LocalProduction)
		}
		if err := cw.Write([]string{safe(r.Dataset), generated, id, safe(r.Supplier), str(r.SupplierISO3), num(r.SupplierCOW),
			safe(r.Recipient), str(r.RecipientISO3), num(r.RecipientCOW),
			num(r.OrderYear), strconv.FormatBool(r.OrderYearUncertain), num(r.Ordered), strconv.FormatBool(r.OrderedUncertain),
			safe(r.Designation), safe(r.Description), str(r.Category),
			num(r.Delivered), strconv.FormatBool(r.DeliveredUncertain), strings.Join(years, "; "), safe(r.Status), safe(r.Comments),
			f(r.TIVUnit), f(r.TIVTotal), f(r.TIVDelivered), f(r.SIPRIEstimate), local, deliveryTIV(r.Deliveries)}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
