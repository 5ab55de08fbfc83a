package sipri_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/armsflow/armsflow/internal/shareddata"
	"github.com/armsflow/armsflow/sipri"
)

// BenchmarkParseTIVDir parses the 261 TIV tables of tiv-2022-04, read into
// memory beforehand: one iteration is the whole directory.
func BenchmarkParseTIVDir(b *testing.B) {
	dir := filepath.Join(sharedSIPRI(b), "tiv-2022-04")
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	var files [][]byte
	var size int64
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, e.Name())
		files = append(files, data)
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for i, data := range files {
			if _, err := sipri.Parse(names[i], bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func benchmarkFile(b *testing.B, parts ...string) {
	data := readReal(b, parts...)
	name := parts[len(parts)-1]
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sipri.Parse(name, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseRegister parses the whole trade register of March 2025
// (all deals, about 4 MB in Windows-1252).
func BenchmarkParseRegister(b *testing.B) { benchmarkFile(b, "register-2025-03.csv") }

// BenchmarkParseLongImport parses the long form's import_tiv.csv.
func BenchmarkParseLongImport(b *testing.B) { benchmarkFile(b, "long-2022-05", "import_tiv.csv") }

// BenchmarkDetect recognises the register from its first 4 KiB.
func BenchmarkDetect(b *testing.B) {
	data := readReal(b, "register-2025-03.csv")[:4096]
	for b.Loop() {
		if _, err := sipri.Detect("register-2025-03.csv", data); err != nil {
			b.Fatal(err)
		}
	}
}

// fullYearly is a full-size export-option register built from the sample.
func fullYearly(tb testing.TB) []byte { return shareddata.FullYearlyRegister(tb) }

// BenchmarkParseRegisterYearly parses a full-size register with the export
// option (about 54,000 rows, 41,000 deals), built by fullYearly.
func BenchmarkParseRegisterYearly(b *testing.B) {
	data := fullYearly(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := sipri.Parse("register-yearly.csv", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Content.Deals) != 38*1086 || f.Coverage.From != 1950 || f.Coverage.To != 2025 {
			b.Fatalf("%d deals, coverage %v", len(f.Content.Deals), f.Coverage)
		}
	}
}
