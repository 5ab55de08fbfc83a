package table_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/table"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func ip(v int) *int         { return &v }
func fp(v float64) *float64 { return &v }

// sample has every kind of cell: text that needs escaping or guarding,
// whole and fractional numbers, unknowns (nil pointers), a long hash.
func sample() *table.Table {
	t := &table.Table{
		Title: "Deals & shares of Viet Nam's imports",
		Columns: []table.Column{{Name: "Supplier", Decimals: -1}, {Name: "Ordered", Decimals: -1},
			{Name: "TIV", Decimals: 1}, {Name: "Share %", Decimals: 1}, {Name: "SHA-256", Decimals: -1, Abbrev: 8}},
		Rows: [][]any{
			{"Russia", ip(64), 256.0, fp(55.7), "9fe5ada533c47267f1332c2a7e54eb6ad0c17184b673de06fe4c2420c45e1457"},
			{"=HYPERLINK(\"x\")", (*int)(nil), 0.25, (*float64)(nil), "short"},
			{"Bü-181 | Wärtsilä_50%", 3, nil, fp(0), ""},
		},
		Notes: []string{"Shares are of the total imports of Viet Nam.", "Source: SIPRI Arms Transfers Database."},
	}
	return t
}

func TestGolden(t *testing.T) {
	for _, format := range []string{"table", "csv", "md", "latex"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := table.Write(&b, format, sample()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "sample."+format)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./table -update to write it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("%s output differs from %s:\n%s", format, path, b.String())
			}
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	err := table.Write(&bytes.Buffer{}, "xml", sample())
	// JSON is not a table format (each result has its own JSON shape), so
	// the error must not offer it.
	if err == nil || !strings.Contains(err.Error(), "use table, csv, md or latex") {
		t.Errorf("error %v", err)
	}
	if err := table.Write(&bytes.Buffer{}, "json", sample()); err == nil || !strings.Contains(err.Error(), "not its table") {
		t.Errorf("error %v", err)
	}
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Russia", "Russia"},
		{"=1+1", "'=1+1"},
		{"+7", "'+7"},
		{"-cmd", "'-cmd"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := table.SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCSVKeepsNumbersExactAndUnknownsEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := table.WriteCSV(&b, sample()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if lines[2] != `"'=HYPERLINK(""x"")",,0.25,,short` {
		t.Errorf("row 2 = %s", lines[2])
	}
	if !strings.Contains(lines[1], "9fe5ada533c47267f1332c2a7e54eb6ad0c17184b673de06fe4c2420c45e1457") {
		t.Errorf("CSV cut the hash: %s", lines[1])
	}
}

func ExampleWrite() {
	t := &table.Table{
		Title:   "Russia → Viet Nam",
		Columns: table.Cols("Year", "TIV"),
		Rows:    [][]any{{2014, 1056.0}, {2015, 735.0}},
	}
	t.Columns[0].Plain = true // a year, not a quantity
	table.Write(os.Stdout, "md", t)
	// Output:
	// ### Russia → Viet Nam
	//
	// | Year | TIV |
	// |---:|---:|
	// | 2014 | 1,056 |
	// | 2015 | 735 |
}

func TestGroup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"}, {"999", "999"}, {"1000", "1,000"}, {"27410", "27,410"}, {"-1234567.25", "-1,234,567.25"},
		{"104627", "104,627"}, {"12.5", "12.5"}, {"+1250", "+1,250"}, {"1,250", "1,250"}, {"<0.1", "<0.1"}, {"abc1234", "abc1234"}, {"", ""},
	}
	for _, tt := range tests {
		if got := table.Group(tt.in); got != tt.want {
			t.Errorf("Group(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
