package panel

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/parquet"
)

// batchSize is how many rows are built and written at a time: the full
// all-pairs panel has over a million rows, which need not all be in memory.
const batchSize = 8192

// parquetOptions are the writer options of every file armsflow writes:
// the dataset and SIPRI's citation in the file's metadata.
func parquetOptions(dataset string) parquet.Options {
	return parquet.Options{
		RowGroupRows: rowGroupRows,
		CreatedBy:    "armsflow",
		Metadata: []parquet.KeyValue{
			{Key: "armsflow.dataset", Value: dataset},
			{Key: "armsflow.source", Value: armsflow.Source + " (c) SIPRI; " + armsflow.RoundingNote},
		},
	}
}

// rowGroupRows is the size of a row group: the panel of SIPRI's TIV
// tables (about 200,000 rows) is one or two, the all-pairs panel (over a
// million) a dozen, each held compressed in memory until it is written.
const rowGroupRows = 1 << 17

// rowColumns are the columns of Row, in the file's order; names, kinds,
// codes and regions repeat, so they are dictionary-encoded.
type rowColumns struct {
	dataset, supplier, supplierKind, recipient, recipientKind             *parquet.String
	supplierISO3, supplierCOWAbb, supplierRegion, supplierSubregion       *parquet.String
	recipientISO3, recipientCOWAbb, recipientRegion, recipientSubregion   *parquet.String
	generated, year, supplierCOW, supplierM49, recipientCOW, recipientM49 *parquet.Int32
	supplierMember, recipientMember, delivered, estimated, partial        *parquet.Bool
	tiv                                                                   *parquet.Double
}

func newRowColumns() (*rowColumns, []parquet.Node) {
	const dict, opt = parquet.Dict, parquet.Optional
	c := &rowColumns{
		dataset: parquet.NewString("dataset", dict), generated: parquet.NewDate("generated", opt), year: parquet.NewInt32("year", 0),
		supplier: parquet.NewString("supplier", dict), supplierKind: parquet.NewString("supplier_kind", dict),
		supplierISO3: parquet.NewString("supplier_iso3", opt|dict), supplierCOW: parquet.NewInt32("supplier_cow", opt),
		supplierCOWAbb: parquet.NewString("supplier_cow_abb", opt|dict), supplierM49: parquet.NewInt32("supplier_m49", opt),
		supplierRegion: parquet.NewString("supplier_region", opt|dict), supplierSubregion: parquet.NewString("supplier_subregion", opt|dict),
		supplierMember: parquet.NewBool("supplier_cow_member", 0),
		recipient:      parquet.NewString("recipient", dict), recipientKind: parquet.NewString("recipient_kind", dict),
		recipientISO3: parquet.NewString("recipient_iso3", opt|dict), recipientCOW: parquet.NewInt32("recipient_cow", opt),
		recipientCOWAbb: parquet.NewString("recipient_cow_abb", opt|dict), recipientM49: parquet.NewInt32("recipient_m49", opt),
		recipientRegion: parquet.NewString("recipient_region", opt|dict), recipientSubregion: parquet.NewString("recipient_subregion", opt|dict),
		recipientMember: parquet.NewBool("recipient_cow_member", 0),
		tiv:             parquet.NewDouble("tiv", 0), delivered: parquet.NewBool("delivered", 0),
		estimated: parquet.NewBool("tiv_estimated", 0), partial: parquet.NewBool("year_partial", 0),
	}
	return c, []parquet.Node{c.dataset, c.generated, c.year,
		c.supplier, c.supplierKind, c.supplierISO3, c.supplierCOW, c.supplierCOWAbb, c.supplierM49, c.supplierRegion, c.supplierSubregion, c.supplierMember,
		c.recipient, c.recipientKind, c.recipientISO3, c.recipientCOW, c.recipientCOWAbb, c.recipientM49, c.recipientRegion, c.recipientSubregion, c.recipientMember,
		c.tiv, c.delivered, c.estimated, c.partial}
}

func (c *rowColumns) write(r *Row) {
	c.dataset.Write(r.Dataset)
	c.generated.WriteOpt(r.Generated)
	c.year.Write(r.Year)
	c.supplier.Write(r.Supplier)
	c.supplierKind.Write(r.SupplierKind)
	c.supplierISO3.WriteOpt(r.SupplierISO3)
	c.supplierCOW.WriteOpt(r.SupplierCOW)
	c.supplierCOWAbb.WriteOpt(r.SupplierCOWAbb)
	c.supplierM49.WriteOpt(r.SupplierM49)
	c.supplierRegion.WriteOpt(r.SupplierRegion)
	c.supplierSubregion.WriteOpt(r.SupplierSubregion)
	c.supplierMember.Write(r.SupplierCOWMember)
	c.recipient.Write(r.Recipient)
	c.recipientKind.Write(r.RecipientKind)
	c.recipientISO3.WriteOpt(r.RecipientISO3)
	c.recipientCOW.WriteOpt(r.RecipientCOW)
	c.recipientCOWAbb.WriteOpt(r.RecipientCOWAbb)
	c.recipientM49.WriteOpt(r.RecipientM49)
	c.recipientRegion.WriteOpt(r.RecipientRegion)
	c.recipientSubregion.WriteOpt(r.RecipientSubregion)
	c.recipientMember.Write(r.RecipientCOWMember)
	c.tiv.Write(r.TIV)
	c.delivered.Write(r.Delivered)
	c.estimated.Write(r.Estimated)
	c.partial.Write(r.Partial)
}

// WriteParquet writes the panel as one Parquet file with typed columns,
// a row group at a time.
func (p *Panel) WriteParquet(w io.Writer) error {
	c, schema := newRowColumns()
	pw, err := parquet.NewWriter(w, schema, parquetOptions(p.res.Dataset))
	if err != nil {
		return err
	}
	err = p.Each(batchSize, func(rows []Row) error {
		for i := range rows {
			c.write(&rows[i])
			if err := pw.EndRow(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return pw.Close()
}

// csvHeader is the CSV's header: the Parquet columns' names, in order.
var csvHeader = []string{"dataset", "generated", "year",
	"supplier", "supplier_kind", "supplier_iso3", "supplier_cow", "supplier_cow_abb", "supplier_m49", "supplier_region", "supplier_subregion", "supplier_cow_member",
	"recipient", "recipient_kind", "recipient_iso3", "recipient_cow", "recipient_cow_abb", "recipient_m49", "recipient_region", "recipient_subregion", "recipient_cow_member",
	"tiv", "delivered", "tiv_estimated", "year_partial"}

// WriteCSV writes the panel as CSV with a header; a missing code is an
// empty cell.
func (p *Panel) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	gen := p.res.Generated
	rec := make([]string, len(csvHeader))
	err := p.Each(batchSize, func(rows []Row) error {
		for i := range rows {
			r := &rows[i]
			rec[0], rec[1], rec[2] = safe(r.Dataset), gen, strconv.Itoa(int(r.Year))
			rec[3], rec[4], rec[5], rec[6], rec[7], rec[8], rec[9], rec[10], rec[11] = safe(r.Supplier), r.SupplierKind,
				str(r.SupplierISO3), num(r.SupplierCOW), str(r.SupplierCOWAbb), num(r.SupplierM49), str(r.SupplierRegion), str(r.SupplierSubregion), strconv.FormatBool(r.SupplierCOWMember)
			rec[12], rec[13], rec[14], rec[15], rec[16], rec[17], rec[18], rec[19], rec[20] = safe(r.Recipient), r.RecipientKind,
				str(r.RecipientISO3), num(r.RecipientCOW), str(r.RecipientCOWAbb), num(r.RecipientM49), str(r.RecipientRegion), str(r.RecipientSubregion), strconv.FormatBool(r.RecipientCOWMember)
			rec[21], rec[22], rec[23], rec[24] = strconv.FormatFloat(r.TIV, 'f', -1, 64), strconv.FormatBool(r.Delivered), strconv.FormatBool(r.Estimated), strconv.FormatBool(r.Partial)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func num(n *int32) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(int(*n))
}

// safe keeps a spreadsheet from reading a cell as a formula: a cell that
// begins with = + - @ (or a tab or carriage return) gets a leading quote.
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Format is the file format a path's extension names: "parquet" or "csv".
func Format(path string) (string, error) {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".parquet"):
		return "parquet", nil
	case strings.HasSuffix(lower, ".csv"):
		return "csv", nil
	}
	return "", armsflow.Errorf(armsflow.EINVALID, "--out %s: name a .parquet or .csv file", path)
}
