package shareddata

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// FullYearlyRegister builds, in memory, a register in SIPRI's export-option
// layout of the size of SIPRI's whole database, for benchmarks: the sample's
// rows (deliveries in 2000-2001) repeated for every pair of years 1950-2025,
// each copy's deals with IDs and years of their own (about 54,000 rows,
// 41,000 deals). It skips like SIPRI when the sample is absent. Nothing of it
// is written anywhere; bench/yearly.sh builds the same file for its commands.
func FullYearlyRegister(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(SIPRI(tb, "register-flat-2025-02-sample.csv"))
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
