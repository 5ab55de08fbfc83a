package panel

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/armsflow/armsflow"
)

// batchSize is how many rows are built and written at a time: the full
// all-pairs panel has over a million rows, which need not all be in memory.
const batchSize = 8192

// parquetOptions are the writer options of every file armsflow writes:
// zstd for every column (the struct tags say so too), the dataset and
// SIPRI's citation in the file's metadata.
func parquetOptions(dataset string) []parquet.WriterOption {
	return []parquet.WriterOption{
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedDefault}),
		parquet.CreatedBy("armsflow", "", ""),
		parquet.KeyValueMetadata("armsflow.dataset", dataset),
		parquet.KeyValueMetadata("armsflow.source", armsflow.Source+" (c) SIPRI; "+armsflow.RoundingNote),
	}
}

// WriteParquet writes the panel as one Parquet file with typed columns.
func (p *Panel) WriteParquet(w io.Writer) error {
	pw := parquet.NewGenericWriter[Row](w, parquetOptions(p.res.Dataset)...)
	err := p.Each(batchSize, func(rows []Row) error {
		_, err := pw.Write(rows)
		return err
	})
	if err != nil {
		pw.Close()
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
