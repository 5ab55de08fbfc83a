package importer

import (
	"context"
	"fmt"
	"github.com/armsflow/armsflow/internal/shareddata"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/sqlite"
)

// A small TIV table in SIPRI's layout, written by hand for these tests.
const vnTable = `TIV of arms exports to Viet Nam, 2020-2021
Generated: 22 April 2022

Figures are SIPRI Trend Indicator Values (TIVs) expressed in millions.
Figures may not add up due to the conventions of rounding.
A '0' indicates that the value of deliveries is less than 0.5m
For more information, see http://www.sipri.org/databases/armstransfers/sources-and-methods/


,2020,2021,Total
Russia,9,72,81
Total,9,72,81,
`

// sharedSIPRI finds SIPRI's real files, or skips the test.
func sharedSIPRI(tb testing.TB) string { return shareddata.SIPRI(tb) }

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadAndParse(t *testing.T) {
	dir := t.TempDir()
	table := write(t, dir, "VN.csv", vnTable)
	write(t, dir, "notes.txt", "my notes, not SIPRI's\n")
	write(t, dir, "copy.csv", vnTable) // the same bytes again
	write(t, dir, ".hidden.csv", "ignored")
	notSIPRI := write(t, t.TempDir(), "other.csv", "a,b\n1,2\n")

	tests := []struct {
		name      string
		paths     []string
		wantErr   string
		datasets  []string
		skipped   int
		wantFiles int
	}{
		{"a directory skips what is not SIPRI's and repeated bytes", []string{dir}, "", []string{"tiv-2022-04-22"}, 2, 1},
		{"a file named directly", []string{table}, "", []string{"tiv-2022-04-22"}, 0, 1},
		{"a file named directly must be SIPRI's", []string{table, notSIPRI}, "other.csv:1:1: not a SIPRI export", nil, 0, 0},
		{"a missing path", []string{filepath.Join(dir, "nope.csv")}, "nope.csv: cannot read", nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, inDir, err := Read(tt.paths)
			var res *Result
			if err == nil {
				res, err = Parse(files, inDir)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, d := range res.Datasets {
				names = append(names, d.Dataset.Name)
				if len(d.Files) != tt.wantFiles {
					t.Errorf("%s has %d files, want %d", d.Dataset.Name, len(d.Files), tt.wantFiles)
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.datasets, ",") {
				t.Errorf("datasets %v, want %v", names, tt.datasets)
			}
			if len(res.Skipped) != tt.skipped {
				t.Errorf("skipped %q, want %d", res.Skipped, tt.skipped)
			}
		})
	}
}

// TestRealVintages checks that SIPRI's files become one dataset per kind and
// vintage, with every file and record.
func TestRealVintages(t *testing.T) {
	root := sharedSIPRI(t)
	files, inDir, err := Read([]string{filepath.Join(root, "tiv-2022-04"), filepath.Join(root, "register-2025-03.csv"),
		filepath.Join(root, "register-2025-10.csv"), filepath.Join(root, "long-2022-05")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Parse(files, inDir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{ // dataset → files, records
		"tiv-2022-04-22":      {261, 37753}, // 29,952 flows and 7,801 of SIPRI's own totals
		"register-2025-03-13": {1, 29515},
		"register-2025-10-23": {1, 28348},
		"long":                {4, 85214},
	}
	for _, d := range res.Datasets {
		w, ok := want[d.Dataset.Name]
		if !ok {
			t.Errorf("unexpected dataset %s", d.Dataset.Name)
			continue
		}
		records := 0
		for _, f := range d.Files {
			records += f.File.Records
		}
		if len(d.Files) != w[0] || records != w[1] {
			t.Errorf("%s: %d files, %d records; want %d, %d", d.Dataset.Name, len(d.Files), records, w[0], w[1])
		}
		delete(want, d.Dataset.Name)
	}
	if len(want) > 0 {
		t.Errorf("missing datasets: %v", want)
	}
}

// BenchmarkImportTIVDir is the whole import of SIPRI's TIV tables into a
// fresh library, as 'armsflow import' does it: read, parse, store.
func BenchmarkImportTIVDir(b *testing.B) {
	dir := filepath.Join(sharedSIPRI(b), "tiv-2022-04")
	benchmarkImport(b, dir)
}

// BenchmarkImportRegister imports SIPRI's trade register of March 2025.
func BenchmarkImportRegister(b *testing.B) {
	benchmarkImport(b, filepath.Join(sharedSIPRI(b), "register-2025-03.csv"))
}

func benchmarkImport(b *testing.B, path string) {
	ctx := context.Background()
	tmp := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		db, err := sqlite.Open(filepath.Join(tmp, fmt.Sprintf("lib%d.db", n)))
		if err != nil {
			b.Fatal(err)
		}
		files, inDir, err := Read([]string{path})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Parse(files, inDir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.ImportDatasets(ctx, res.Datasets); err != nil {
			b.Fatal(err)
		}
		db.Close()
		b.StopTimer()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db.Path() + suffix)
		}
		b.StartTimer()
	}
}
