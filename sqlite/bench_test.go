package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/cputime"
)

// Realistic sizes: SIPRI's full TIV data is about 35,000 dyadic yearly
// flows; its trade register about 30,000 deals.
const (
	benchFlows = 35000
	benchDeals = 30000
)

// BenchmarkImportTIV imports a full TIV dataset (one file per recipient plus
// the world table) into a fresh library.
func BenchmarkImportTIV(b *testing.B) {
	benchImport(b, func() (armsflow.Dataset, []FileContent) { return synthTIV("tiv-2022-04-22", benchFlows) })
}

// BenchmarkImportRegister imports a full trade register.
func BenchmarkImportRegister(b *testing.B) {
	benchImport(b, func() (armsflow.Dataset, []FileContent) { return synthRegister("register-2025-03-10", benchDeals) })
}

// BenchmarkImportExportRegister imports a full register of SIPRI's export
// option: 30,000 deals with about 60,000 delivery years.
func BenchmarkImportExportRegister(b *testing.B) {
	benchImport(b, func() (armsflow.Dataset, []FileContent) {
		return synthExportRegister("register-2025-10-23", benchDeals)
	})
}

// benchImport imports a dataset into a library where it is not, b.N times.
// Besides the wall time it reports the CPU time of the imports (cpu-ns/op),
// which varies less on a machine shared with other work.
func benchImport(b *testing.B, dataset func() (armsflow.Dataset, []FileContent)) {
	ctx := context.Background()
	ds, files := dataset()
	db := openTest(b)
	b.ReportAllocs()
	var cpu time.Duration
	n := 0
	b.ResetTimer()
	for b.Loop() {
		t0 := cputime.Process()
		if _, err := db.ImportDataset(ctx, ds, files); err != nil {
			b.Fatal(err)
		}
		cpu += cputime.Process() - t0
		n++
		b.StopTimer()
		if err := db.DeleteDataset(ctx, ds.Name); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
	}
}

// BenchmarkDeleteTIV deletes a full TIV dataset.
func BenchmarkDeleteTIV(b *testing.B) {
	ctx := context.Background()
	ds, files := synthTIV("tiv-2022-04-22", benchFlows)
	db := openTest(b)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if _, err := db.ImportDataset(ctx, ds, files); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.DeleteDataset(ctx, ds.Name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadContent loads a full dataset the way every CLI start does
// (packed), what its yearly flows are built from (flows, the load of a
// query that ranks or sums), and from the relational tables alone (rows),
// for comparison: TIV tables, a classic register, and a register of
// SIPRI's export option (exp).
func BenchmarkLoadContent(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	tiv, tivFiles := synthTIV("tiv-2022-04-22", benchFlows)
	reg, regFiles := synthRegister("register-2025-03-10", benchDeals)
	exp, expFiles := synthExportRegister("export-2025-10-23", benchDeals)
	mustImport(b, db, tiv, tivFiles)
	mustImport(b, db, reg, regFiles)
	mustImport(b, db, exp, expFiles)
	for _, name := range []string{tiv.Name, reg.Name, exp.Name} {
		var size int
		db.rdb.QueryRow(`SELECT length(data) FROM dataset_packs WHERE dataset = ?`, name).Scan(&size)
		b.Logf("%s: pack of %d bytes", name, size)
		for _, how := range []string{"packed", "flows", "rows"} {
			b.Run(fmt.Sprintf("%s/%s", name[:3], how), func(b *testing.B) {
				b.ReportAllocs()
				var c *armsflow.Content
				var err error
				for b.Loop() {
					switch how {
					case "packed":
						c, err = db.LoadContent(ctx, name)
					case "flows":
						_, err = db.LoadFlowContent(ctx, name)
					default:
						err = db.view(ctx, "", func(tx *sql.Tx) error { c, err = loadRows(ctx, tx, name); return err })
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				if c != nil {
					b.ReportMetric(float64(c.Records()), "records")
				}
			})
		}
	}
}

// BenchmarkPack measures the pack codec alone.
func BenchmarkPack(b *testing.B) {
	_, files := synthRegister("r", benchDeals)
	c := &files[0].Content
	p := encodePack(c)
	b.Run("encode-register", func(b *testing.B) {
		for b.Loop() {
			encodePack(c)
		}
	})
	b.Run("decode-flows-register", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeFlowPack(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-register", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodePack(p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOpenLoad is what a CLI start costs: open the library, load a
// full dataset, close.
func BenchmarkOpenLoad(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	tiv, tivFiles := synthTIV("tiv-2022-04-22", benchFlows)
	reg, regFiles := synthRegister("register-2025-03-10", benchDeals)
	mustImport(b, db, tiv, tivFiles)
	mustImport(b, db, reg, regFiles)
	db.Close()
	for _, name := range []string{tiv.Name, reg.Name} {
		b.Run(name[:3], func(b *testing.B) {
			for b.Loop() {
				db, err := Open(db.Path())
				if err != nil {
					b.Fatal(err)
				}
				if _, err := db.LoadContent(ctx, name); err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
	}
}

// BenchmarkOpenDatasets is what a command pays before its first query:
// open a library holding TIV tables of 190 files and a register, list its
// datasets, close. "heads" lists them as the engine does
// (DatasetHeads), "files" with their files (Datasets).
func BenchmarkOpenDatasets(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	tiv, tivFiles := synthTIV("tiv-2022-04-22", benchFlows)
	reg, regFiles := synthRegister("register-2025-03-10", 1000)
	mustImport(b, db, tiv, tivFiles)
	mustImport(b, db, reg, regFiles)
	db.Close()
	for _, c := range []struct {
		name string
		list func(*DB) ([]armsflow.Dataset, error)
	}{
		{"heads", func(db *DB) ([]armsflow.Dataset, error) { return db.DatasetHeads(ctx) }},
		{"files", func(db *DB) ([]armsflow.Dataset, error) { return db.Datasets(ctx) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				db, err := Open(db.Path())
				if err != nil {
					b.Fatal(err)
				}
				if ds, err := c.list(db); err != nil || len(ds) != 2 {
					b.Fatal(ds, err)
				}
				db.Close()
			}
		})
	}
}
