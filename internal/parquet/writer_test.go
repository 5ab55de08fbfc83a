package parquet_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/internal/duckdbtest"
	"github.com/armsflow/armsflow/internal/parquet"
)

func ptr[T any](v T) *T { return &v }

// allTypes is a schema of every kind of column the writer supports: each
// type required and optional, a date, a list of INT32 and a list of
// structs with optional fields.
type allTypes struct {
	s, so, sd     *parquet.String
	i, io, date   *parquet.Int32
	l, lo         *parquet.Int64
	d, do         *parquet.Double
	b, bo         *parquet.Bool
	years         *parquet.List
	year          *parquet.Int32
	dels          *parquet.List
	dYear, dUnits *parquet.Int32
	dEst          *parquet.Bool
	dTIV          *parquet.Double
	dNote         *parquet.String
}

func newAllTypes() *allTypes {
	a := &allTypes{
		s: parquet.NewString("s", parquet.Dict), so: parquet.NewString("so", parquet.Optional), sd: parquet.NewString("sd", parquet.Optional|parquet.Dict),
		i: parquet.NewInt32("i", 0), io: parquet.NewInt32("io", parquet.Optional), date: parquet.NewDate("date", parquet.Optional),
		l: parquet.NewInt64("l", 0), lo: parquet.NewInt64("lo", parquet.Optional),
		d: parquet.NewDouble("d", 0), do: parquet.NewDouble("do", parquet.Optional),
		b: parquet.NewBool("b", 0), bo: parquet.NewBool("bo", parquet.Optional),
		year:  parquet.NewInt32("year", 0),
		dYear: parquet.NewInt32("year", 0), dUnits: parquet.NewInt32("units", parquet.Optional),
		dEst: parquet.NewBool("estimate", 0), dTIV: parquet.NewDouble("tiv", parquet.Optional), dNote: parquet.NewString("note", parquet.Optional|parquet.Dict),
	}
	a.years = parquet.NewList("years", a.year)
	a.dels = parquet.NewList("deliveries", parquet.NewGroup("element", a.dYear, a.dEst, a.dUnits, a.dTIV, a.dNote))
	return a
}

func (a *allTypes) schema() []parquet.Node {
	return []parquet.Node{a.s, a.so, a.sd, a.i, a.io, a.date, a.l, a.lo, a.d, a.do, a.b, a.bo, a.years, a.dels}
}

type delivery struct {
	Year     int32
	Estimate bool
	Units    *int32
	TIV      *float64
	Note     *string
}

// row is one row of allTypes.
type row struct {
	S, SD    string
	SO       *string
	SDNull   bool
	I        int32
	IO, Date *int32
	L        int64
	LO       *int64
	D        float64
	DO       *float64
	B        bool
	BO       *bool
	Years    []int32
	Dels     []delivery
}

func (a *allTypes) write(r *row) {
	a.s.Write(r.S)
	a.so.WriteOpt(r.SO)
	if r.SDNull {
		a.sd.WriteOpt(nil)
	} else {
		a.sd.Write(r.SD)
	}
	a.i.Write(r.I)
	a.io.WriteOpt(r.IO)
	a.date.WriteOpt(r.Date)
	a.l.Write(r.L)
	a.lo.WriteOpt(r.LO)
	a.d.Write(r.D)
	a.do.WriteOpt(r.DO)
	a.b.Write(r.B)
	a.bo.WriteOpt(r.BO)
	if len(r.Years) == 0 {
		a.years.Empty()
	}
	for j, y := range r.Years {
		a.years.Elem(j == 0)
		a.year.Write(y)
	}
	if len(r.Dels) == 0 {
		a.dels.Empty()
	}
	for j, d := range r.Dels {
		a.dels.Elem(j == 0)
		a.dYear.Write(d.Year)
		a.dEst.Write(d.Estimate)
		a.dUnits.WriteOpt(d.Units)
		a.dTIV.WriteOpt(d.TIV)
		a.dNote.WriteOpt(d.Note)
	}
}

// writeFile writes rows to a file in dir and returns its path.
func writeFile(t *testing.T, dir, name string, rows []row, opts parquet.Options) string {
	t.Helper()
	a := newAllTypes()
	var buf bytes.Buffer
	w, err := parquet.NewWriter(&buf, a.schema(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		a.write(&rows[i])
		if err := w.EndRow(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, name)
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// selectAll reads a file of allTypes back in DuckDB's JSON, in file order;
// the dates as days since 1970-01-01 through DuckDB's own date arithmetic.
func selectAll(f string) string {
	return "SELECT s, so, sd, i, io, CAST(date - DATE '1970-01-01' AS INTEGER) AS date, l, lo, d, \"do\", b, bo, years, deliveries FROM read_parquet(" + duckdbtest.SQLString(f) + ")"
}

// want is what DuckDB's JSON of a row should be.
func want(r *row) map[string]any {
	num := func(v any) any {
		switch v := v.(type) {
		case *int32:
			if v == nil {
				return nil
			}
			return json.Number(fmt.Sprint(*v))
		case *float64:
			if v == nil {
				return nil
			}
			return v
		case *string:
			if v == nil {
				return nil
			}
			return *v
		case *bool:
			if v == nil {
				return nil
			}
			return *v
		}
		panic(v)
	}
	m := map[string]any{"s": r.S, "so": num(r.SO), "i": json.Number(fmt.Sprint(r.I)), "io": num(r.IO),
		"l": fmt.Sprint(r.L), "d": r.D, "do": num(r.DO), "b": r.B, "bo": num(r.BO)}
	m["sd"] = r.SD
	if r.SDNull {
		m["sd"] = nil
	}
	m["date"] = nil
	if r.Date != nil {
		m["date"] = json.Number(fmt.Sprint(*r.Date))
	}
	m["lo"] = nil
	if r.LO != nil {
		m["lo"] = fmt.Sprint(*r.LO)
	}
	years := []any{}
	for _, y := range r.Years {
		years = append(years, json.Number(fmt.Sprint(y)))
	}
	m["years"] = years
	dels := []any{}
	for _, d := range r.Dels {
		dels = append(dels, map[string]any{"year": json.Number(fmt.Sprint(d.Year)), "estimate": d.Estimate,
			"units": num(d.Units), "tiv": num(d.TIV), "note": num(d.Note)})
	}
	m["deliveries"] = dels
	return m
}

// same compares DuckDB's row with the expected one; numbers by value.
func same(got, want any) bool {
	switch w := want.(type) {
	case *float64:
		g, ok := got.(json.Number)
		if !ok {
			return false
		}
		f, err := g.Float64()
		return err == nil && f == *w
	case float64:
		g, ok := got.(json.Number)
		if !ok {
			return false
		}
		f, err := g.Float64()
		return err == nil && f == w
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k := range w {
			if !same(g[k], w[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !same(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

// checkRows compares DuckDB's rows with the rows written.
func checkRows(t *testing.T, name string, got []map[string]any, rows []row) {
	t.Helper()
	if len(got) != len(rows) {
		t.Fatalf("%s: DuckDB read %d rows, want %d", name, len(got), len(rows))
	}
	for i := range rows {
		w := want(&rows[i])
		if !same(got[i], w) {
			t.Fatalf("%s: row %d:\n got %v\nwant %v", name, i, got[i], w)
		}
	}
}

// TestTypes: every column type and nullability, read back by DuckDB with
// the right SQL types and values: nulls are NULL, never 0; an empty list
// is [], a list of structs keeps its null fields.
func TestTypes(t *testing.T) {
	rows := []row{
		{S: "Chad", SD: "a", I: 0, L: 0, D: 0, B: false},
		{S: "Côte d'Ivoire", SO: ptr(""), SD: "", I: -7, IO: ptr(int32(0)), Date: ptr(int32(19104)), L: -1 << 40, LO: ptr(int64(0)),
			D: -0.5, DO: ptr(0.0), B: true, BO: ptr(false), Years: []int32{1996}, Dels: []delivery{{Year: 1996, Units: ptr(int32(2)), TIV: ptr(63.5), Note: ptr("n")}}},
		{S: "Chad", SDNull: true, I: math.MaxInt32, IO: ptr(int32(math.MinInt32)), Date: ptr(int32(-1)), L: math.MaxInt64, LO: ptr(int64(math.MinInt64)),
			D: 1e300, DO: ptr(math.SmallestNonzeroFloat64), B: true, BO: ptr(true), Years: []int32{2001, 2001, 2003},
			Dels: []delivery{{Year: 2001, Estimate: true}, {Year: 2002, Units: ptr(int32(0)), TIV: ptr(0.0)}, {Year: 2003}}},
	}
	f := writeFile(t, t.TempDir(), "types.parquet", rows, parquet.Options{CreatedBy: "armsflow", Metadata: []parquet.KeyValue{{Key: "k", Value: "v"}, {Key: "empty", Value: ""}}})
	q := "read_parquet(" + duckdbtest.SQLString(f) + ")"
	res := duckdbtest.Query(t, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+q+")", selectAll(f),
		"SELECT CAST(key AS VARCHAR) AS k, CAST(value AS VARCHAR) AS v FROM parquet_kv_metadata("+duckdbtest.SQLString(f)+")",
		"SELECT created_by, num_rows, num_row_groups FROM parquet_file_metadata("+duckdbtest.SQLString(f)+")")
	types := map[string]string{}
	for _, r := range res[0] {
		types[r["column_name"].(string)] = r["column_type"].(string)
	}
	wantTypes := map[string]string{"s": "VARCHAR", "so": "VARCHAR", "sd": "VARCHAR", "i": "INTEGER", "io": "INTEGER", "date": "DATE",
		"l": "BIGINT", "lo": "BIGINT", "d": "DOUBLE", "do": "DOUBLE", "b": "BOOLEAN", "bo": "BOOLEAN", "years": "INTEGER[]",
		"deliveries": `STRUCT("year" INTEGER, estimate BOOLEAN, units INTEGER, tiv DOUBLE, note VARCHAR)[]`}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("DuckDB's types:\n got %v\nwant %v", types, wantTypes)
	}
	checkRows(t, "types", res[1], rows)
	kv := fmt.Sprint(res[2])
	if kv != "[map[k:k v:v] map[k:empty v:]]" {
		t.Errorf("key-value metadata: %s", kv)
	}
	if m := res[3][0]; m["created_by"] != "armsflow" || m["num_rows"] != "3" || m["num_row_groups"] != "1" {
		t.Errorf("file metadata: %v", m)
	}
}

// TestStatistics: each chunk's min, max and null count, as DuckDB reads
// them from the footer, for columns outside lists.
func TestStatistics(t *testing.T) {
	rows := []row{
		{S: "b", SD: "x", I: 5, D: 0, L: 3, B: true},
		{S: "a", SDNull: true, I: -2, D: 2.5, L: -3, B: true, IO: ptr(int32(9))},
		{S: "c", SD: "w", I: 1, D: math.NaN(), L: 0, B: true},
	}
	f := writeFile(t, t.TempDir(), "stats.parquet", rows, parquet.Options{})
	res := duckdbtest.Query(t, "SELECT path_in_schema AS p, stats_min_value AS lo, stats_max_value AS hi, stats_null_count AS n FROM parquet_metadata("+duckdbtest.SQLString(f)+")")
	got := map[string]string{}
	for _, r := range res[0] {
		got[r["p"].(string)] = fmt.Sprint(r["lo"], " ", r["hi"], " ", r["n"])
	}
	for col, w := range map[string]string{
		"s": "a c 0", "sd": "w x 1", "i": "-2 5 0", "io": "9 9 2", "l": "-3 3 0", "d": "-0.0 2.5 0", "b": "true true 0",
		"so": "<nil> <nil> 3", "date": "<nil> <nil> 3",
	} {
		if got[col] != w {
			t.Errorf("%s: min, max, nulls %q, want %q", col, got[col], w)
		}
	}
}

// TestRowGroups: a file of several row groups, each with its own
// dictionaries, reads back whole and in order.
func TestRowGroups(t *testing.T) {
	var rows []row
	for i := range 10 {
		rows = append(rows, row{S: fmt.Sprint("name", i%3), SD: "same", I: int32(i), Years: make([]int32, i%3)})
	}
	f := writeFile(t, t.TempDir(), "groups.parquet", rows, parquet.Options{RowGroupRows: 3})
	res := duckdbtest.Query(t, selectAll(f), "SELECT num_row_groups FROM parquet_file_metadata("+duckdbtest.SQLString(f)+")")
	checkRows(t, "row groups", res[0], rows)
	if n := res[1][0]["num_row_groups"]; n != "4" {
		t.Errorf("%v row groups, want 4 (10 rows, 3 a group)", n)
	}
}

// TestNoRows: a file without rows has its schema and no row group.
func TestNoRows(t *testing.T) {
	f := writeFile(t, t.TempDir(), "empty.parquet", nil, parquet.Options{})
	res := duckdbtest.Query(t, selectAll(f), "SELECT num_rows, num_row_groups FROM parquet_file_metadata("+duckdbtest.SQLString(f)+")")
	if len(res[0]) != 0 || fmt.Sprint(res[1]) != "[map[num_row_groups:0 num_rows:0]]" {
		t.Errorf("empty file: %v %v", res[0], res[1])
	}
}

// TestLargeChunks: a chunk of several pages, and a dictionary that grows
// past its limit so that later pages are PLAIN.
func TestLargeChunks(t *testing.T) {
	var rows []row
	long := strings.Repeat("x", 1000)
	for i := range 3000 {
		rows = append(rows, row{S: fmt.Sprintf("%04d%s", i, long), SD: fmt.Sprint(i % 7), SO: ptr(long), Years: []int32{int32(i)}})
	}
	f := writeFile(t, t.TempDir(), "large.parquet", rows, parquet.Options{})
	q := "read_parquet(" + duckdbtest.SQLString(f) + ")"
	res := duckdbtest.Query(t, "SELECT count(*) AS n, count(DISTINCT s) AS ds, sum(length(s)) AS ls, min(s[1:4]) AS lo, max(s[1:4]) AS hi, count(DISTINCT sd) AS dsd, sum(years[1]) AS y FROM "+q,
		"SELECT DISTINCT encodings FROM parquet_metadata("+duckdbtest.SQLString(f)+") WHERE path_in_schema = 's'")
	if got, w := fmt.Sprint(res[0][0]), "map[ds:3000 dsd:7 hi:2999 lo:0000 ls:3012000 n:3000 y:4498500]"; got != w {
		t.Errorf("large chunks:\n got %s\nwant %s", got, w)
	}
	if enc := fmt.Sprint(res[1]); !strings.Contains(enc, "PLAIN") || !strings.Contains(enc, "RLE_DICTIONARY") {
		t.Errorf("column s, past the dictionary's limit, has encodings %s", enc)
	}
}

// randomRow makes a row with random values, nulls and lists.
func randomRow(rng *rand.Rand) row {
	str := func() string {
		alphabet := []string{"a", "b", "é", "Ж", "🙂", " ", "'", "\"", "\\", ""}
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	maybe := func() bool { return rng.IntN(3) == 0 }
	r := row{S: str(), SD: str(), SDNull: maybe(), I: int32(rng.Uint32()), L: int64(rng.Uint64()), D: rng.NormFloat64() * 1e3, B: maybe()}
	if !maybe() {
		r.SO = ptr(str())
	}
	if !maybe() {
		r.IO = ptr(int32(rng.IntN(5)))
	}
	if !maybe() {
		r.Date = ptr(int32(rng.IntN(40000) - 10000))
	}
	if !maybe() {
		r.LO = ptr(int64(rng.Uint64()))
	}
	if !maybe() {
		r.DO = ptr(float64(rng.IntN(3)))
	}
	if !maybe() {
		r.BO = ptr(maybe())
	}
	for range rng.IntN(4) {
		r.Years = append(r.Years, int32(1950+rng.IntN(3)))
	}
	for range rng.IntN(3) {
		d := delivery{Year: int32(1950 + rng.IntN(70)), Estimate: maybe()}
		if !maybe() {
			d.Units = ptr(int32(rng.IntN(100)))
		}
		if !maybe() {
			d.TIV = ptr(float64(rng.IntN(1000)) / 4)
		}
		if !maybe() {
			d.Note = ptr(str())
		}
		r.Dels = append(r.Dels, d)
	}
	return r
}

// TestRandomRoundTrip: random rows, with random row group sizes, read
// back by DuckDB as they were written.
func TestRandomRoundTrip(t *testing.T) {
	dir := t.TempDir()
	var files []string
	var sets [][]row
	var qs []string
	for seed := range 6 {
		rng := rand.New(rand.NewPCG(uint64(seed), 2030))
		rows := make([]row, rng.IntN(600))
		for i := range rows {
			rows[i] = randomRow(rng)
		}
		f := writeFile(t, dir, fmt.Sprintf("random%d.parquet", seed), rows, parquet.Options{RowGroupRows: 1 + rng.IntN(200)})
		files, sets, qs = append(files, f), append(sets, rows), append(qs, selectAll(f))
	}
	res := duckdbtest.Query(t, qs...)
	for i := range files {
		checkRows(t, filepath.Base(files[i]), res[i], sets[i])
	}
}

// TestWriterErrors: a mistake in a schema or a row is an error, not a
// file a reader would misread.
func TestWriterErrors(t *testing.T) {
	t.Run("null in a required column", func(t *testing.T) {
		c := parquet.NewInt32("c", 0)
		w, err := parquet.NewWriter(&bytes.Buffer{}, []parquet.Node{c}, parquet.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c.WriteOpt(nil)
		if err := w.EndRow(); err == nil || !strings.Contains(err.Error(), "column c is required") {
			t.Errorf("EndRow: %v", err)
		}
		if err := w.Close(); err == nil {
			t.Error("Close after an error: nil")
		}
	})
	t.Run("a column without its value", func(t *testing.T) {
		a, b := parquet.NewInt32("a", 0), parquet.NewString("b", 0)
		w, _ := parquet.NewWriter(&bytes.Buffer{}, []parquet.Node{a, b}, parquet.Options{})
		a.Write(1)
		if err := w.EndRow(); err == nil || !strings.Contains(err.Error(), "column b has 0 values for 1 rows") {
			t.Errorf("EndRow: %v", err)
		}
	})
	t.Run("a list's field without its value", func(t *testing.T) {
		a, b := parquet.NewInt32("a", 0), parquet.NewInt32("b", parquet.Optional)
		l := parquet.NewList("l", parquet.NewGroup("element", a, b))
		w, _ := parquet.NewWriter(&bytes.Buffer{}, []parquet.Node{l}, parquet.Options{})
		l.Elem(true)
		a.Write(1)
		b.Write(2)
		l.Elem(false)
		a.Write(3)
		if err := w.EndRow(); err == nil || !strings.Contains(err.Error(), "list l: its fields a and b have different numbers of values") {
			t.Errorf("EndRow: %v", err)
		}
	})
	for name, schema := range map[string]func() []parquet.Node{
		"list in a list": func() []parquet.Node {
			return []parquet.Node{parquet.NewList("a", parquet.NewList("b", parquet.NewInt32("c", 0)))}
		},
		"optional element": func() []parquet.Node {
			return []parquet.Node{parquet.NewList("a", parquet.NewInt32("c", parquet.Optional))}
		},
		"top-level group": func() []parquet.Node { return []parquet.Node{parquet.NewGroup("g", parquet.NewInt32("c", 0))} },
		"two columns a":   func() []parquet.Node { return []parquet.Node{parquet.NewInt32("a", 0), parquet.NewBool("a", 0)} },
		"no columns":      func() []parquet.Node { return nil },
	} {
		if _, err := parquet.NewWriter(&bytes.Buffer{}, schema(), parquet.Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	c := parquet.NewInt32("c", 0)
	parquet.NewWriter(&bytes.Buffer{}, []parquet.Node{c}, parquet.Options{})
	if _, err := parquet.NewWriter(&bytes.Buffer{}, []parquet.Node{c}, parquet.Options{}); err == nil {
		t.Error("a column in two writers: no error")
	}
}
