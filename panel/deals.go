package panel

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/names"
)

// DealRow is one deal of a trade register, as Parquet and CSV write it.
// Pointers are nil where the register leaves a field empty: unknown, never
// zero. Codes are the parties' in the year of the order (or their latest
// codes where the order year is unknown).
type DealRow struct {
	Dataset            string   `parquet:"dataset,dict,zstd"`
	Generated          *int32   `parquet:"generated,date,zstd"`
	SIPRIID            *int64   `parquet:"sipri_id,optional,zstd"`
	Supplier           string   `parquet:"supplier,dict,zstd"`
	SupplierISO3       *string  `parquet:"supplier_iso3,optional,dict,zstd"`
	SupplierCOW        *int32   `parquet:"supplier_cow,optional,zstd"`
	Recipient          string   `parquet:"recipient,dict,zstd"`
	RecipientISO3      *string  `parquet:"recipient_iso3,optional,dict,zstd"`
	RecipientCOW       *int32   `parquet:"recipient_cow,optional,zstd"`
	OrderYear          *int32   `parquet:"order_year,optional,zstd"`
	OrderYearUncertain bool     `parquet:"order_year_uncertain,zstd"`
	Ordered            *int32   `parquet:"ordered,optional,zstd"`
	OrderedUncertain   bool     `parquet:"ordered_uncertain,zstd"`
	Designation        string   `parquet:"designation,zstd"`
	Description        string   `parquet:"description,dict,zstd"`
	Category           *string  `parquet:"category,optional,dict,zstd"`
	Delivered          *int32   `parquet:"delivered,optional,zstd"`
	DeliveredUncertain bool     `parquet:"delivered_uncertain,zstd"`
	DeliveryYears      []int32  `parquet:"delivery_years,list,zstd"`
	Status             string   `parquet:"status,dict,zstd"`
	Comments           string   `parquet:"comments,zstd"`
	TIVUnit            *float64 `parquet:"tiv_unit,optional,zstd"`
	TIVTotal           *float64 `parquet:"tiv_total,optional,zstd"`
	TIVDelivered       *float64 `parquet:"tiv_delivered,optional,zstd"`
	SIPRIEstimate      *float64 `parquet:"sipri_estimate,optional,zstd"`
	LocalProduction    *bool    `parquet:"local_production,optional,zstd"`
	// Deliveries are the deal's delivery years with their numbers and
	// exact TIV, as the register with SIPRI's export option gives them;
	// empty for a classic register.
	Deliveries []DealDelivery `parquet:"deliveries,list"`
}

// DealDelivery is one delivery year of a deal.
type DealDelivery struct {
	Year          int32    `parquet:"year"`
	YearEstimate  bool     `parquet:"year_estimate"`
	Units         *int32   `parquet:"units,optional"`
	UnitsEstimate bool     `parquet:"units_estimate"`
	TIV           *float64 `parquet:"tiv,optional"`
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

// WriteDealsParquet writes deal rows as one Parquet file.
func WriteDealsParquet(w io.Writer, dataset string, rows []DealRow) error {
	pw := parquet.NewGenericWriter[DealRow](w, parquetOptions(dataset)...)
	for len(rows) > 0 {
		n := min(len(rows), batchSize)
		if _, err := pw.Write(rows[:n]); err != nil {
			pw.Close()
			return err
		}
		rows = rows[n:]
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
