package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/internal/shareddata"
	"github.com/armsflow/armsflow/sqlite"
)

// fullYearly builds, in memory, a register with SIPRI's export option of the
// size of its whole database, as bench/yearly.sh does: the sample's rows
// (deliveries in 2000-2001) repeated for every pair of years 1950-2025, each
// copy's deals with IDs and years of their own (about 54,000 rows, 41,000
// deals). Nothing of it is written into the repository.
func fullYearly(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(shareddata.SIPRI(tb, "register-flat-2025-02-sample.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var b strings.Builder
	b.WriteString(strings.Replace(lines[0], "'2000' to '2001'", "'1950' to '2025'", 1) + "\n")
	header := 1
	for !strings.HasPrefix(lines[header], "SIPRI AT Database ID") {
		header++
	}
	for _, l := range lines[1 : header+1] {
		b.WriteString(l + "\n")
	}
	shift := func(s string, by int) string {
		y, err := strconv.Atoi(s)
		if err != nil {
			return s
		}
		return strconv.Itoa(y + by)
	}
	for k := range 38 { // 1950-1951, …, 2024-2025
		by := 1950 + 2*k - 2000
		for _, l := range lines[header+1:] {
			f := strings.Split(l, ",")
			id, _ := strconv.Atoi(f[0])
			f[0] = strconv.Itoa(id + 1_000_000*(k+1))
			f[6], f[10] = shift(f[6], by), shift(f[10], by)
			b.WriteString(strings.Join(f, ",") + "\n")
		}
	}
	return []byte(b.String())
}

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
				t0 := cpuTime()
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
				cpu += cpuTime() - t0
				n++
			}
			if cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/op")
			}
		})
	}
}
