package parquet_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/armsflow/armsflow/internal/duckdbtest"
	"github.com/armsflow/armsflow/internal/parquet"
)

func ptr[T any](v T) *T { return &v }

// allTypes is a schema of every kind of column the writer supports.
type allTypes struct {
	s, so         *parquet.String
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
}

func newAllTypes() *allTypes {
	a := &allTypes{
		s: parquet.NewString("s", parquet.Dict), so: parquet.NewString("so", parquet.Optional),
		i: parquet.NewInt32("i", 0), io: parquet.NewInt32("io", parquet.Optional), date: parquet.NewDate("date", parquet.Optional),
		l: parquet.NewInt64("l", 0), lo: parquet.NewInt64("lo", parquet.Optional),
		d: parquet.NewDouble("d", 0), do: parquet.NewDouble("do", parquet.Optional),
		b: parquet.NewBool("b", 0), bo: parquet.NewBool("bo", parquet.Optional),
		year:  parquet.NewInt32("year", 0),
		dYear: parquet.NewInt32("year", 0), dUnits: parquet.NewInt32("units", parquet.Optional),
		dEst: parquet.NewBool("estimate", 0), dTIV: parquet.NewDouble("tiv", parquet.Optional),
	}
	a.years = parquet.NewList("years", a.year)
	a.dels = parquet.NewList("deliveries", parquet.NewGroup("element", a.dYear, a.dEst, a.dUnits, a.dTIV))
	return a
}

func (a *allTypes) schema() []parquet.Node {
	return []parquet.Node{a.s, a.so, a.i, a.io, a.date, a.l, a.lo, a.d, a.do, a.b, a.bo, a.years, a.dels}
}

func TestSmoke(t *testing.T) {
	a := newAllTypes()
	var buf bytes.Buffer
	w, err := parquet.NewWriter(&buf, a.schema(), parquet.Options{CreatedBy: "armsflow", Metadata: []parquet.KeyValue{{"k", "v"}}})
	if err != nil {
		t.Fatal(err)
	}
	for r := range 3 {
		a.s.Write("x")
		a.so.WriteOpt(nil)
		a.i.Write(int32(r))
		a.io.WriteOpt(ptr(int32(-r)))
		a.date.WriteOpt(ptr(int32(19000)))
		a.l.Write(1 << 40)
		a.lo.WriteOpt(nil)
		a.d.Write(1.5)
		a.do.WriteOpt(nil)
		a.b.Write(r%2 == 0)
		a.bo.WriteOpt(nil)
		if r == 0 {
			a.years.Empty()
			a.dels.Empty()
		} else {
			for j := range r {
				a.years.Elem(j == 0)
				a.year.Write(int32(2000 + j))
				a.dels.Elem(j == 0)
				a.dYear.Write(int32(1990 + j))
				a.dEst.Write(true)
				a.dUnits.WriteOpt(nil)
				a.dTIV.WriteOpt(ptr(2.5))
			}
		}
		if err := w.EndRow(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "a.parquet")
	os.WriteFile(f, buf.Bytes(), 0o644)
	res := duckdbtest.Query(t, "DESCRIBE SELECT * FROM read_parquet("+duckdbtest.SQLString(f)+")", "SELECT * FROM read_parquet("+duckdbtest.SQLString(f)+")")
	t.Logf("%v\n%v", res[0], res[1])
}
