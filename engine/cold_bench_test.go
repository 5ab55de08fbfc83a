package engine_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/internal/cputime"
	"github.com/armsflow/armsflow/internal/shareddata"
	"github.com/armsflow/armsflow/sqlite"
)

// fullYearly is a full-size export-option register built from the sample.
func fullYearly(tb testing.TB) []byte { return shareddata.FullYearlyRegister(tb) }

// coldLibrary imports files into a new library file and returns its path and
// the name of the one dataset they make.
func coldLibrary(b *testing.B, files []importer.File, inDir map[string]bool) (path, dataset string) {
	b.Helper()
	res, err := importer.Parse(files, inDir)
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Datasets) != 1 {
		b.Fatalf("%d datasets, want 1", len(res.Datasets))
	}
	path = filepath.Join(b.TempDir(), "library.db")
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportDatasets(context.Background(), res.Datasets); err != nil {
		b.Fatal(err)
	}
	return path, res.Datasets[0].Dataset.Name
}

// BenchmarkColdQuery is what a command-line query costs past the process
// start, per kind of dataset: open the library, build an engine, rank the
// world's suppliers over 2017-2021 (loading the dataset and building its
// flows), close. Issue 9 asks a register to cost what the TIV tables cost.
func BenchmarkColdQuery(b *testing.B) {
	root := shareddata.SIPRI(b)
	kinds := []struct {
		name  string
		files func() ([]importer.File, map[string]bool)
	}{
		{"tiv", func() ([]importer.File, map[string]bool) {
			files, inDir, err := importer.Read([]string{filepath.Join(root, "tiv-2022-04")})
			if err != nil {
				b.Fatal(err)
			}
			return files, inDir
		}},
		{"register", func() ([]importer.File, map[string]bool) {
			files, inDir, err := importer.Read([]string{filepath.Join(root, "register-2025-10.csv")})
			if err != nil {
				b.Fatal(err)
			}
			return files, inDir
		}},
		{"export-register", func() ([]importer.File, map[string]bool) {
			return []importer.File{{Name: "register-yearly.csv", Data: fullYearly(b)}}, nil
		}},
	}
	ctx := context.Background()
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			files, inDir := k.files()
			path, name := coldLibrary(b, files, inDir)
			q := engine.RankQuery{Side: "suppliers", Years: engine.Years{From: 2017, To: 2021}, Limit: 10, Dataset: name}
			b.ReportAllocs()
			var cpu time.Duration
			n := 0
			for b.Loop() {
				t0 := cputime.Process()
				db, err := sqlite.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				e, err := engine.New(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.Rank(ctx, q); err != nil {
					b.Fatal(err)
				}
				db.Close()
				cpu += cputime.Process() - t0
				n++
			}
			if cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
			}
		})
	}
}
