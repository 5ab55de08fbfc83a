package sipri_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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

// fullYearly builds, in memory, a register with the export option of the
// size of SIPRI's whole database: the sample's rows (deliveries in
// 2000-2001) repeated for every pair of years 1950-2025, each copy's deals
// with IDs and years of their own. Nothing of it is written to disk.
func fullYearly(tb testing.TB) []byte {
	tb.Helper()
	lines := strings.Split(strings.TrimRight(string(readReal(tb, "register-flat-2025-02-sample.csv")), "\n"), "\n")
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
