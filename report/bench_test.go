package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/sqlite"
)

// sharedSIPRI finds ../shared/data/sipri by walking up from the package
// directory, or skips.
func sharedSIPRI(tb testing.TB) string {
	tb.Helper()
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "data", "sipri")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("SIPRI data not found: no shared/data/sipri above the package directory (CI always has it)")
		}
		dir = parent
	}
}

// realLibrary imports SIPRI's TIV tables, newest register and long form
// into a fresh library.
func realLibrary(tb testing.TB) *sqlite.DB {
	tb.Helper()
	sipri := sharedSIPRI(tb)
	files, inDir, err := importer.Read([]string{filepath.Join(sipri, "tiv-2022-04"),
		filepath.Join(sipri, "register-2025-10.csv"), filepath.Join(sipri, "long-2022-05")})
	if err != nil {
		tb.Fatal(err)
	}
	res, err := importer.Parse(files, inDir)
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "lib.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.ImportDatasets(context.Background(), res.Datasets); err != nil {
		tb.Fatal(err)
	}
	return db
}

var realQuery = Query{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2002, To: 2021}}

// BenchmarkReportHTML builds the Russia–Viet Nam report over SIPRI's full
// data and writes it as HTML with its charts, on a warm engine (the
// snapshot loaded, as in the web app).
func BenchmarkReportHTML(b *testing.B) {
	db := realLibrary(b)
	ctx := context.Background()
	e, err := engine.New(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Build(ctx, e, realQuery); err != nil { // load the snapshot
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for b.Loop() {
		r, err := Build(ctx, e, realQuery)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := WriteHTML(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "html-bytes")
}

// BenchmarkReportHTMLCold is the command line's case: a new engine that
// loads the datasets from the library, then the report as HTML.
func BenchmarkReportHTMLCold(b *testing.B) {
	db := realLibrary(b)
	ctx := context.Background()
	var buf bytes.Buffer
	for b.Loop() {
		e, err := engine.New(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Build(ctx, e, realQuery)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := WriteHTML(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRealReport checks the report over SIPRI's full data against the
// engine's answers for the same questions.
func TestRealReport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports SIPRI's full data")
	}
	db := realLibrary(t)
	ctx := context.Background()
	e, err := engine.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(ctx, e, realQuery)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := e.Flows(ctx, engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: realQuery.Years})
	if err != nil {
		t.Fatal(err)
	}
	if r.Yearly.TotalTIV != fr.TotalTIV || fr.TotalTIV == 0 {
		t.Errorf("total %v, engine %v", r.Yearly.TotalTIV, fr.TotalTIV)
	}
	if r.Subregion != "South East Asia" {
		t.Errorf("subregion %q", r.Subregion)
	}
	if r.Deals == nil || r.Deals.Count == 0 || r.Categories == nil || r.DyadCategories == nil {
		t.Error("deals or categories missing")
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
}
