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
// parameters, and the widest table (category_series) has 6 columns.
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
		deal:     newBatch(ctx, tx, dataset, "deal_chunks", "file", "deals"),
	}, nil
}

func (ins *inserts) batches() []*batch {
	return []*batch{ins.flow, ins.world, ins.export, ins.category, ins.total, ins.deal}
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
	for i := 0; i < len(c.Deals); i += dealChunk {
		chunk := c.Deals[i:min(i+dealChunk, len(c.Deals))]
		buf = append(buf[:0], '[')
		for k := range chunk {
			if k > 0 {
				buf = append(buf, ',')
			}
			buf = appendDeal(buf, &chunk[k])
		}
		buf = append(buf, ']')
		if err := ins.deal.add(id, string(buf)); err != nil {
			return fmt.Errorf("deals up to line %d: %w", chunk[len(chunk)-1].Line, err)
		}
	}
	return nil
}

// dealChunk is how many deals one row of deal_chunks holds at most: rows
// of some 50 kB, few enough that writing them costs next to nothing.
const dealChunk = 256

// appendDeal appends d as deal_chunks keeps a deal: a JSON array of the
// deals view's columns from line on; null where a number is unknown or a
// field of the export option not given.
func appendDeal(b []byte, d *armsflow.Deal) []byte {
	sep := func(b []byte) []byte { return append(b, ',') }
	num := func(b []byte, p *int) []byte {
		if p == nil {
			return append(b, "null"...)
		}
		return strconv.AppendInt(b, int64(*p), 10)
	}
	real := func(b []byte, p *float64) []byte {
		if p == nil {
			return append(b, "null"...)
		}
		return appendJSONFloat(b, *p)
	}
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(d.Line), 10)
	b = appendJSONString(sep(b), d.Recipient)
	b = appendJSONString(sep(b), d.Supplier)
	b = num(sep(b), d.OrderYear)
	b = appendFlag(sep(b), d.OrderYearUncertain)
	b = num(sep(b), d.Ordered)
	b = appendFlag(sep(b), d.OrderedUncertain)
	b = appendJSONString(sep(b), d.Designation)
	b = appendJSONString(sep(b), d.Description)
	b = num(sep(b), d.Delivered)
	b = appendFlag(sep(b), d.DeliveredUncertain)
	b = appendJSONString(sep(b), formatYears(d.DeliveryYears))
	b = appendJSONString(sep(b), d.Status)
	b = appendJSONString(sep(b), d.Comments)
	b = real(sep(b), d.TIVUnit)
	b = real(sep(b), d.TIVTotal)
	b = real(sep(b), d.TIVDelivered)
	b = sep(b)
	if d.ID != 0 {
		b = strconv.AppendInt(b, int64(d.ID), 10)
	} else {
		b = append(b, "null"...)
	}
	b = sep(b)
	if d.Category != "" {
		b = appendJSONString(b, d.Category)
	} else {
		b = append(b, "null"...)
	}
	b = real(sep(b), d.SIPRIEstimate)
	b = sep(b)
	if d.LocalProduction != nil {
		b = appendFlag(b, *d.LocalProduction)
	} else {
		b = append(b, "null"...)
	}
	b = sep(b)
	if d.Deliveries != nil {
		b = appendDeliveries(b, d.Deliveries)
	} else {
		b = append(b, "null"...)
	}
	return append(b, ']')
}

func appendFlag(b []byte, v bool) []byte {
	if v {
		return append(b, '1')
	}
	return append(b, '0')
}

// appendJSONFloat appends v so that it reads back as the same float64.
// NaN and infinities have no JSON form; checkContent refuses them before.
func appendJSONFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendDeliveries appends a deal's deliveries as deal_chunks keeps
// them: a JSON array of [year, year_estimate, units, units_estimate, tiv],
// null where unknown.
func appendDeliveries(b []byte, vs []armsflow.Delivery) []byte {
	flag := appendFlag
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
			b = appendJSONFloat(b, *v.TIV)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, ']')
	}
	return append(b, ']')
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

// parseDeals reads a row of deal_chunks written by appendDeal (or changed
// by hand with any SQLite tool), refusing what a Deal cannot hold. Its
// errors name the deal by its position in the chunk and its line.
func parseDeals(s string, in interner) ([]armsflow.Deal, error) {
	var raw [][]any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("deals %.60q…: not a JSON array of deals (%v)", s, err)
	}
	deals := make([]armsflow.Deal, len(raw))
	for k, r := range raw {
		d := &deals[k]
		if len(r) != 22 {
			return nil, fmt.Errorf("deal %d of its chunk: %d columns, want 22", k+1, len(r))
		}
		var bad []string
		str := func(i int, name string) string {
			v, ok := r[i].(string)
			if !ok {
				bad = append(bad, name)
			}
			return in.get([]byte(v))
		}
		num := func(i int, name string) *int {
			if r[i] == nil {
				return nil
			}
			v, ok := r[i].(float64)
			if !ok || v != math.Trunc(v) || math.Abs(v) > 1<<53 {
				bad = append(bad, name)
				return nil
			}
			n := int(v)
			return &n
		}
		real := func(i int, name string) *float64 {
			if r[i] == nil {
				return nil
			}
			v, ok := r[i].(float64)
			if !ok {
				bad = append(bad, name)
				return nil
			}
			return &v
		}
		flag := func(i int, name string) bool {
			v, ok := r[i].(float64)
			if !ok || (v != 0 && v != 1) {
				bad = append(bad, name+" (0 or 1)")
			}
			return v == 1
		}
		if p := num(0, "line"); p != nil {
			d.Line = *p
		} else if r[0] == nil {
			bad = append(bad, "line")
		}
		d.Recipient = str(1, "recipient")
		d.Supplier = str(2, "supplier")
		d.OrderYear = num(3, "order_year")
		d.OrderYearUncertain = flag(4, "order_year_uncertain")
		d.Ordered = num(5, "ordered")
		d.OrderedUncertain = flag(6, "ordered_uncertain")
		d.Designation = str(7, "designation")
		d.Description = str(8, "description")
		d.Delivered = num(9, "delivered")
		d.DeliveredUncertain = flag(10, "delivered_uncertain")
		years := str(11, "delivery_years")
		d.Status = str(12, "status")
		d.Comments = str(13, "comments")
		d.TIVUnit = real(14, "tiv_unit")
		d.TIVTotal = real(15, "tiv_total")
		d.TIVDelivered = real(16, "tiv_delivered")
		if p := num(17, "sipri_id"); p != nil {
			if *p <= 0 {
				bad = append(bad, "sipri_id")
			}
			d.ID = *p
		}
		if r[18] != nil {
			d.Category = str(18, "category")
		}
		d.SIPRIEstimate = real(19, "sipri_estimate")
		if d.SIPRIEstimate != nil && *d.SIPRIEstimate < 0 {
			bad = append(bad, "sipri_estimate")
		}
		if r[20] != nil {
			v := flag(20, "local_production")
			d.LocalProduction = &v
		}
		if len(bad) > 0 {
			return nil, fmt.Errorf("deal %d of its chunk (line %d): %s not as armsflow writes them", k+1, d.Line, strings.Join(bad, ", "))
		}
		var err error
		if d.DeliveryYears, err = parseYears(years); err != nil {
			return nil, fmt.Errorf("deal %d of its chunk (line %d): %v", k+1, d.Line, err)
		}
		if r[21] != nil {
			vs, ok := r[21].([]any)
			if !ok {
				return nil, fmt.Errorf("deal %d of its chunk (line %d): deliveries are not an array", k+1, d.Line)
			}
			if d.Deliveries, err = deliveriesOf(vs); err != nil {
				return nil, fmt.Errorf("deal %d of its chunk (line %d): %v", k+1, d.Line, err)
			}
		}
	}
	return deals, nil
}

// deliveriesOf reads a deal's deliveries as parseDeals decodes them: an
// array of [year, year_estimate, units, units_estimate, tiv]. It returns
// nil for none.
func deliveriesOf(vs []any) ([]armsflow.Delivery, error) {
	if len(vs) == 0 {
		return nil, nil
	}
	out := make([]armsflow.Delivery, len(vs))
	for k, x := range vs {
		r, _ := x.([]any)
		f := func(i int) (float64, bool) {
			v, ok := r[i].(float64)
			return v, ok
		}
		ok := len(r) == 5
		var year, yearEst, units, unitsEst, tiv float64
		var okYear, okYE, okU, okUE, okT bool
		if ok {
			year, okYear = f(0)
			yearEst, okYE = f(1)
			units, okU = f(2)
			unitsEst, okUE = f(3)
			tiv, okT = f(4)
			ok = okYear && year == math.Trunc(year) && math.Abs(year) < 1<<31 &&
				okYE && (yearEst == 0 || yearEst == 1) && okUE && (unitsEst == 0 || unitsEst == 1) &&
				(r[2] == nil || (okU && units == math.Trunc(units) && units >= 0 && units < 1<<53)) &&
				(r[4] == nil || (okT && tiv >= 0))
		}
		if !ok {
			return nil, fmt.Errorf("delivery %d is not [year, year_estimate (0 or 1), units (null or at least 0), "+
				"units_estimate (0 or 1), tiv (null or at least 0)]", k+1)
		}
		v := &out[k]
		v.Year, v.YearEstimate, v.UnitsEstimate = int(year), yearEst == 1, unitsEst == 1
		if r[2] != nil {
			n := int(units)
			v.Units = &n
		}
		if r[4] != nil {
			t := tiv
			v.TIV = &t
		}
	}
	return out, nil
}
