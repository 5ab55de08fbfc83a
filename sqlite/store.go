package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
)

// batchRows is how many rows one INSERT statement writes. A statement per
// row cost more in the driver than SQLite's own work; SQLite allows 32,766
// parameters, and the widest table (deals) has 24 columns.
const batchRows = 64

// batch writes rows of one dataset to one table through multi-row INSERT
// statements. The dataset's name is bound once per statement, as ?1 in
// every row: the driver copies each text it binds.
type batch struct {
	ctx   context.Context
	tx    *sql.Tx
	head  string    // "INSERT INTO t (dataset, a, b) VALUES "
	cols  int       // columns besides dataset
	full  *sql.Stmt // the statement for batchRows rows, prepared on first use
	args  []any     // the dataset, then the values of the queued rows
	count int       // rows written
}

func newBatch(ctx context.Context, tx *sql.Tx, dataset, table string, cols ...string) *batch {
	return &batch{ctx: ctx, tx: tx, cols: len(cols), args: []any{dataset},
		head: "INSERT INTO " + table + " (dataset, " + strings.Join(cols, ", ") + ") VALUES "}
}

func (b *batch) query(rows int) string {
	row := "(?1" + strings.Repeat(", ?", b.cols) + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// queued returns how many rows wait to be written.
func (b *batch) queued() int { return (len(b.args) - 1) / b.cols }

// add queues one row of values, all but the dataset; it writes when a
// batch is full.
func (b *batch) add(values ...any) error {
	b.args = append(b.args, values...)
	if b.queued() < batchRows {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.query(batchRows))
		if err != nil {
			return err
		}
		b.full = st
	}
	if _, err := b.full.ExecContext(b.ctx, b.args...); err != nil {
		return err
	}
	b.count += batchRows
	b.args = b.args[:1]
	return nil
}

// flush writes the queued rows.
func (b *batch) flush() error {
	n := b.queued()
	if n == 0 {
		return nil
	}
	if _, err := b.tx.ExecContext(b.ctx, b.query(n), b.args...); err != nil {
		return err
	}
	b.count += n
	b.args = b.args[:1]
	return nil
}

func (b *batch) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// inserts writes an import's rows.
type inserts struct {
	file                        *sql.Stmt
	flow, world, category, deal *batch
	export, total               *batch
	// dealX writes deals with the export option's fields; deal, those
	// without (a classic register's), five columns fewer to bind.
	dealX *batch
}

func prepareInserts(ctx context.Context, tx *sql.Tx, dataset string) (*inserts, error) {
	file, err := tx.PrepareContext(ctx, `INSERT INTO dataset_files (dataset, name, sha256, bytes, records, subject) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	return &inserts{
		file:     file,
		flow:     newBatch(ctx, tx, dataset, "flow_series", "file", "supplier", "recipient", "years"),
		world:    newBatch(ctx, tx, dataset, "world_series", "file", "recipient", "years"),
		export:   newBatch(ctx, tx, dataset, "export_series", "file", "supplier", "years"),
		category: newBatch(ctx, tx, dataset, "category_series", "file", "side", "country", "category", "years"),
		total:    newBatch(ctx, tx, dataset, "total_series", "file", "side", "party", "years"),
		deal:     newBatch(ctx, tx, dataset, "deals", dealColumns...),
		dealX:    newBatch(ctx, tx, dataset, "deals", append(dealColumns, "sipri_id", "category", "sipri_estimate", "local_production", "deliveries")...),
	}, nil
}

// dealColumns are the columns of a classic register's deal, but dataset.
var dealColumns = []string{"file", "line", "recipient", "supplier",
	"order_year", "order_year_uncertain", "ordered", "ordered_uncertain", "designation", "description",
	"delivered", "delivered_uncertain", "delivery_years", "status", "comments", "tiv_unit", "tiv_total", "tiv_delivered"}

func (ins *inserts) batches() []*batch {
	return []*batch{ins.flow, ins.world, ins.export, ins.category, ins.total, ins.deal, ins.dealX}
}

func (ins *inserts) close() {
	ins.file.Close()
	for _, b := range ins.batches() {
		b.close()
	}
}

// series is a run of consecutive yearly figures of one key, as the JSON
// array the *_series tables hold: [[year, tiv], ...].
type series struct {
	buf []byte
	n   int
}

func (s *series) reset() { s.buf, s.n = append(s.buf[:0], '['), 0 }

func (s *series) add(year int, tiv float64) {
	if s.n > 0 {
		s.buf = append(s.buf, ',')
	}
	s.buf = append(s.buf, '[')
	s.buf = strconv.AppendInt(s.buf, int64(year), 10)
	s.buf = append(s.buf, ',')
	s.buf = strconv.AppendFloat(s.buf, tiv, 'g', -1, 64)
	s.buf = append(s.buf, ']')
	s.n++
}

func (s *series) json() string { return string(append(s.buf, ']')) }

// store stores one file's row and its content.
func (ins *inserts) store(ctx context.Context, dataset string, fc *FileContent) error {
	f := &fc.File
	r, err := ins.file.ExecContext(ctx, dataset, f.Name, f.SHA256, f.Bytes, f.Records, f.Subject)
	if err != nil {
		return err
	}
	id, err := r.LastInsertId()
	if err != nil {
		return err
	}
	c := &fc.Content
	var s series
	for i := 0; i < len(c.Flows); {
		x := &c.Flows[i]
		s.reset()
		for ; i < len(c.Flows) && c.Flows[i].Supplier == x.Supplier && c.Flows[i].Recipient == x.Recipient; i++ {
			s.add(c.Flows[i].Year, c.Flows[i].TIV)
		}
		if err := ins.flow.add(id, x.Supplier, x.Recipient, s.json()); err != nil {
			return fmt.Errorf("flows of %s to %s: %w", x.Supplier, x.Recipient, err)
		}
	}
	for i := 0; i < len(c.World); {
		x := &c.World[i]
		s.reset()
		for ; i < len(c.World) && c.World[i].Recipient == x.Recipient; i++ {
			s.add(c.World[i].Year, c.World[i].TIV)
		}
		if err := ins.world.add(id, x.Recipient, s.json()); err != nil {
			return fmt.Errorf("world-table flows of %s: %w", x.Recipient, err)
		}
	}
	for i := 0; i < len(c.Categories); {
		x := &c.Categories[i]
		s.reset()
		for ; i < len(c.Categories) && c.Categories[i].Side == x.Side && c.Categories[i].Country == x.Country &&
			c.Categories[i].Category == x.Category; i++ {
			s.add(c.Categories[i].Year, c.Categories[i].TIV)
		}
		if err := ins.category.add(id, x.Side, x.Country, x.Category, s.json()); err != nil {
			return fmt.Errorf("category flows of %s, %s: %w", x.Country, x.Category, err)
		}
	}
	for i := 0; i < len(c.Exports); {
		x := &c.Exports[i]
		s.reset()
		for ; i < len(c.Exports) && c.Exports[i].Supplier == x.Supplier; i++ {
			s.add(c.Exports[i].Year, c.Exports[i].TIV)
		}
		if err := ins.export.add(id, x.Supplier, s.json()); err != nil {
			return fmt.Errorf("total exports of %s: %w", x.Supplier, err)
		}
	}
	for i := 0; i < len(c.Totals); {
		x := &c.Totals[i]
		s.reset()
		for ; i < len(c.Totals) && c.Totals[i].Side == x.Side && c.Totals[i].Party == x.Party; i++ {
			s.add(c.Totals[i].Year, c.Totals[i].TIV)
		}
		if err := ins.total.add(id, x.Side, x.Party, s.json()); err != nil {
			return fmt.Errorf("SIPRI's %s totals of %q: %w", x.Side, x.Party, err)
		}
	}
	var buf []byte
	for i := range c.Deals {
		d := &c.Deals[i]
		// A deal goes after the deals queued in the other batch: rowids
		// keep the order of the file.
		classic := d.ID == 0 && d.Category == "" && d.SIPRIEstimate == nil && d.LocalProduction == nil && d.Deliveries == nil
		b, other := ins.dealX, ins.deal
		if classic {
			b, other = other, b
		}
		if err := other.flush(); err != nil {
			return fmt.Errorf("deals up to line %d: %w", d.Line, err)
		}
		if classic {
			if err := b.add(id, d.Line, d.Recipient, d.Supplier,
				nullInt(d.OrderYear), d.OrderYearUncertain, nullInt(d.Ordered), d.OrderedUncertain,
				d.Designation, d.Description, nullInt(d.Delivered), d.DeliveredUncertain,
				formatYears(d.DeliveryYears), d.Status, d.Comments,
				nullFloat(d.TIVUnit), nullFloat(d.TIVTotal), nullFloat(d.TIVDelivered)); err != nil {
				return fmt.Errorf("deals up to line %d: %w", d.Line, err)
			}
			continue
		}
		var sipriID, category, local, deliveries any
		if d.ID != 0 {
			sipriID = int64(d.ID)
		}
		if d.Category != "" {
			category = d.Category
		}
		if d.LocalProduction != nil {
			local = *d.LocalProduction
		}
		if d.Deliveries != nil {
			buf = appendDeliveries(buf[:0], d.Deliveries)
			deliveries = string(buf)
		}
		if err := b.add(id, d.Line, d.Recipient, d.Supplier,
			nullInt(d.OrderYear), d.OrderYearUncertain, nullInt(d.Ordered), d.OrderedUncertain,
			d.Designation, d.Description, nullInt(d.Delivered), d.DeliveredUncertain,
			formatYears(d.DeliveryYears), d.Status, d.Comments,
			nullFloat(d.TIVUnit), nullFloat(d.TIVTotal), nullFloat(d.TIVDelivered),
			sipriID, category, nullFloat(d.SIPRIEstimate), local, deliveries); err != nil {
			return fmt.Errorf("deals up to line %d: %w", d.Line, err)
		}
	}
	return nil
}

// appendDeliveries appends a deal's deliveries as the deals table keeps
// them: a JSON array of [year, year_estimate, units, units_estimate, tiv],
// null where unknown.
func appendDeliveries(b []byte, vs []armsflow.Delivery) []byte {
	flag := func(b []byte, v bool) []byte {
		if v {
			return append(b, '1')
		}
		return append(b, '0')
	}
	b = append(b, '[')
	for k := range vs {
		v := &vs[k]
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(v.Year), 10)
		b = append(b, ',')
		b = flag(b, v.YearEstimate)
		b = append(b, ',')
		if v.Units != nil {
			b = strconv.AppendInt(b, int64(*v.Units), 10)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, ',')
		b = flag(b, v.UnitsEstimate)
		b = append(b, ',')
		if v.TIV != nil {
			b = strconv.AppendFloat(b, *v.TIV, 'g', -1, 64)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

// parseDeliveries reads deliveries written by appendDeliveries (or by hand
// with any SQLite tool), refusing what a Delivery cannot hold.
func parseDeliveries(s string) ([]armsflow.Delivery, error) {
	var raw [][]*float64
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("deliveries %.60q: not a JSON array of [year, year_estimate, units, units_estimate, tiv]", s)
	}
	out := make([]armsflow.Delivery, len(raw))
	isInt := func(p *float64) bool { return p != nil && *p == math.Trunc(*p) && math.Abs(*p) < 1<<31 }
	isFlag := func(p *float64) bool { return p != nil && (*p == 0 || *p == 1) }
	for k, r := range raw {
		if len(r) != 5 || !isInt(r[0]) || !isFlag(r[1]) || !isFlag(r[3]) ||
			(r[2] != nil && (!isInt(r[2]) || *r[2] < 0)) || (r[4] != nil && *r[4] < 0) {
			return nil, fmt.Errorf("delivery %d of %.60q is not [year, year_estimate (0 or 1), units (null or at least 0), "+
				"units_estimate (0 or 1), tiv (null or at least 0)]", k+1, s)
		}
		v := &out[k]
		v.Year, v.YearEstimate, v.UnitsEstimate = int(*r[0]), *r[1] == 1, *r[3] == 1
		if r[2] != nil {
			n := int(*r[2])
			v.Units = &n
		}
		v.TIV = r[4]
	}
	return out, nil
}

// flush writes the rows still queued. Batches span files: most TIV tables
// have fewer rows than a batch, and a statement of another length must be
// compiled anew.
func (ins *inserts) flush() error {
	for _, b := range ins.batches() {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

// loadSeries reads the yearly figures of one *_series table for a dataset,
// in import order, calling row with each series' key columns (scanned into
// keys) and each of its years.
func loadSeries(ctx context.Context, q querier, query, name string, keys []any, each func(year int, tiv float64)) error {
	rows, err := q.QueryContext(ctx, query, name)
	if err != nil {
		return err
	}
	defer rows.Close()
	var years sql.RawBytes
	dst := append(append([]any{}, keys...), &years)
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		if err := parseSeries(years, each); err != nil {
			return err
		}
	}
	return rows.Err()
}

// parseSeries reads a series' JSON array of [year, tiv] pairs.
func parseSeries(b []byte, each func(year int, tiv float64)) error {
	s := strings.TrimSpace(string(b))
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return fmt.Errorf("years %.40q: not a JSON array of [year, tiv] pairs", s)
	}
	s = strings.TrimSpace(s[1 : len(s)-1])
	for s != "" {
		if s[0] != '[' {
			return fmt.Errorf("years: %.40q is not a [year, tiv] pair", s)
		}
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return fmt.Errorf("years: %.40q is not a [year, tiv] pair", s)
		}
		y, t, ok := strings.Cut(s[1:end], ",")
		year, err1 := strconv.Atoi(strings.TrimSpace(y))
		tiv, err2 := strconv.ParseFloat(strings.TrimSpace(t), 64)
		if !ok || err1 != nil || err2 != nil || tiv < 0 {
			return fmt.Errorf("years: [%s] is not a pair of a year and a TIV of 0 or more", s[1:end])
		}
		each(year, tiv)
		s = strings.TrimSpace(s[end+1:])
		s = strings.TrimSpace(strings.TrimPrefix(s, ","))
	}
	return nil
}
