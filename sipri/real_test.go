package sipri_test

import (
	"bytes"
	"fmt"
	"github.com/armsflow/armsflow/internal/shareddata"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sipri"
)

// sharedSIPRI finds SIPRI's real files, or skips the test.
func sharedSIPRI(tb testing.TB) string { return shareddata.SIPRI(tb) }

func readReal(tb testing.TB, parts ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{sharedSIPRI(tb)}, parts...)...))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func parseReal(tb testing.TB, parts ...string) *sipri.File {
	tb.Helper()
	data := readReal(tb, parts...)
	name := parts[len(parts)-1]
	format, err := sipri.Detect(name, data[:min(len(data), 4096)])
	if err != nil {
		tb.Fatalf("Detect(%s): %v", name, err)
	}
	f := mustParse(tb, name, data)
	if f.Format != format {
		tb.Fatalf("%s: Detect says %q, Parse %q", name, format, f.Format)
	}
	return f
}

func TestRealVietNam(t *testing.T) {
	f := parseReal(t, "tiv-2022-04", "VN.csv")
	if f.Subject != "Viet Nam" || f.Generated != "2022-04-22" || f.Format != sipri.FormatTIVTable {
		t.Fatalf("got %q %q %q", f.Subject, f.Generated, f.Format)
	}
	want := []float64{54, 2, 294, 164, 16, 2, 164, 53, 149, 974, 760, 313, 1056, 735, 702, 465, 333, 137, 9, 72}
	got := make([]float64, 20)
	for _, fl := range f.Content.Flows {
		if fl.Recipient != "Viet Nam" {
			t.Fatalf("recipient %q", fl.Recipient)
		}
		if fl.Supplier == "Russia" && fl.Year >= 2002 && fl.Year <= 2021 {
			got[fl.Year-2002] = fl.TIV
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Russia → Viet Nam 2002-2021\n got %v\nwant %v", got, want)
	}
	found := false
	for _, w := range f.Warnings {
		if w == "VN.csv:27: row Russia: years sum to 7405 but its Total says 7402" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no warning on Russia's row total: %q", f.Warnings)
	}
}

func TestRealTIVDirectory(t *testing.T) {
	dir := filepath.Join(sharedSIPRI(t), "tiv-2022-04")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	subjects := map[string]string{}
	var flows, world int
	for _, e := range entries {
		f := parseReal(t, "tiv-2022-04", e.Name())
		if f.Generated != "2022-04-22" || f.Subject == "" {
			t.Errorf("%s: generated %q subject %q", e.Name(), f.Generated, f.Subject)
		}
		if prev, dup := subjects[f.Subject]; dup {
			t.Errorf("%s and %s have the same subject %q", prev, e.Name(), f.Subject)
		}
		subjects[f.Subject] = e.Name()
		for _, fl := range f.Content.Flows {
			if fl.Recipient != f.Subject || fl.Supplier == "" || fl.TIV < 0 || fl.Year < 1950 || fl.Year > 2021 {
				t.Fatalf("%s: bad flow %+v", e.Name(), fl)
			}
		}
		flows += len(f.Content.Flows)
		world += len(f.Content.World)
	}
	if len(entries) != 261 || subjects["all"] != "ALL.csv" {
		t.Fatalf("%d files, world table %q", len(entries), subjects["all"])
	}
	// figures counted independently of this package from the same files
	if flows != 22223 || world != 7729 {
		t.Fatalf("%d flows and %d world rows; want 22223 and 7729", flows, world)
	}
	for name, subject := range map[string]string{"ALL.csv": "all", "VN.csv": "Viet Nam"} {
		if subjects[subject] != name {
			t.Errorf("%s: subject is not %q", name, subject)
		}
	}
}

// realDeals counts records in a register the plain way: every physical line
// after the header that has 16 fields, or 13 fields followed by a line of 4.
func realDeals(t *testing.T, data []byte) (records int, lines map[int]bool) {
	lines = map[int]bool{}
	all := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	header := -1
	for i, l := range all {
		if strings.HasPrefix(l, "Recipient,Supplier,") {
			header = i
			break
		}
	}
	for i := header + 1; i < len(all); i++ {
		switch n := strings.Count(all[i], ",") + 1; {
		case n == 16:
			records++
			lines[i+1] = true
		case n == 13 && i+1 < len(all) && strings.Count(all[i+1], ",") == 3:
			records++
			lines[i+1] = true
			i++
		default:
			t.Fatalf("line %d has %d fields", i+1, n)
		}
	}
	return records, lines
}

func TestRealRegisters(t *testing.T) {
	tests := []struct {
		file, generated, scope string
		deals                  int
	}{
		// 29,531 lines = 11 of preamble + 1 header + 29,519 lines of
		// records, of which 4 are the second halves of broken records.
		{"register-2025-03.csv", "2025-03-13", "all deals", 29515},
		// 28,362 lines = 12 + 28,350, of which 2 are second halves.
		{"register-2025-10.csv", "2025-10-23", "deliveries 1950-2025", 28348},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := parseReal(t, tt.file)
			if f.Generated != tt.generated || f.Subject != tt.scope || len(f.Warnings) != 0 {
				t.Fatalf("generated %q scope %q warnings %q", f.Generated, f.Subject, f.Warnings)
			}
			records, lines := realDeals(t, readReal(t, tt.file))
			if len(f.Content.Deals) != tt.deals || records != tt.deals {
				t.Fatalf("%d deals, counted %d; want %d", len(f.Content.Deals), records, tt.deals)
			}
			for _, d := range f.Content.Deals {
				if !lines[d.Line] {
					t.Fatalf("deal at line %d: no record starts there", d.Line)
				}
				delete(lines, d.Line)
				if d.Recipient == "" || d.Supplier == "" || d.DeliveryYears == nil || d.Delivered == nil {
					t.Fatalf("line %d: %+v", d.Line, d)
				}
			}
			var vn []armsflow.Deal
			for _, d := range f.Content.Deals {
				if d.Supplier == "Russia" && d.Recipient == "Viet Nam" {
					vn = append(vn, d)
				}
			}
			if len(vn) != 52 {
				t.Fatalf("%d deals Russia → Viet Nam, want 52", len(vn))
			}
			t90 := 0
			for _, d := range vn {
				if d.Designation == "T-90S" && d.OrderYear != nil && *d.OrderYear == 2017 {
					t90++
					if d.Ordered == nil || *d.Ordered != 64 || !reflect.DeepEqual(d.DeliveryYears, []int{2018, 2019}) ||
						d.Delivered == nil || *d.Delivered != 64 || d.Status != "New" || d.TIVTotal == nil || *d.TIVTotal != 256 {
						t.Fatalf("T-90S: %+v", d)
					}
				}
			}
			if t90 != 1 {
				t.Fatalf("%d T-90S deals of 2017", t90)
			}
		})
	}
}

func TestRealRegisterText(t *testing.T) {
	f := parseReal(t, "register-2025-03.csv")
	var bu, wartsila, joined int
	for _, d := range f.Content.Deals {
		if d.Designation == "Bü-181 Bestmann" {
			bu++
		}
		if strings.Contains(d.Comments, "Wärtsilä") {
			wartsila++
		}
		if strings.ContainsAny(d.Designation+d.Description+d.Comments+d.Recipient+d.Supplier, "\uFFFD\r\n") {
			t.Fatalf("line %d: bad text %+v", d.Line, d)
		}
		if d.Line == 5432 {
			joined++
			if !strings.HasPrefix(d.Comments, "Cummins (275hp) diesel engine") || d.TIVUnit == nil || *d.TIVUnit != 0.03 ||
				*d.TIVTotal != 0.36 || *d.TIVDelivered != 0 || !d.OrderYearUncertain || !d.OrderedUncertain {
				t.Fatalf("rejoined record: %+v", d)
			}
		}
	}
	if bu != 7 || wartsila == 0 || joined != 1 {
		t.Fatalf("Bü-181: %d deals, Wärtsilä: %d, rejoined: %d", bu, wartsila, joined)
	}
}

func TestRealLongForm(t *testing.T) {
	world := parseReal(t, "tiv-2022-04", "ALL.csv")
	worldOf := map[string]float64{}
	for _, w := range world.Content.World {
		worldOf[fmt.Sprint(w.Recipient, w.Year)] = w.TIV
	}
	var tivFlows []armsflow.Flow
	dir := filepath.Join(sharedSIPRI(t), "tiv-2022-04")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		tivFlows = append(tivFlows, parseReal(t, "tiv-2022-04", e.Name()).Content.Flows...)
	}
	flowOf := map[string]float64{}
	for _, fl := range tivFlows {
		flowOf[fmt.Sprint(fl.Supplier, "→", fl.Recipient, fl.Year)] = fl.TIV
	}

	tests := []struct {
		file           string
		format         sipri.Format
		flows, w, cats int
	}{
		{"import_tiv.csv", sipri.FormatLongImport, 22223, 7729, 0},
		{"export_tiv.csv", sipri.FormatLongExport, 22223, 0, 0},
		{"import_category.csv", sipri.FormatLongImportCategory, 0, 0, 24902},
		{"export_category.csv", sipri.FormatLongExportCategory, 0, 0, 8137},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := parseReal(t, "long-2022-05", tt.file)
			c := f.Content
			if f.Format != tt.format || f.Subject != string(tt.format) || f.Generated != "" ||
				len(c.Flows) != tt.flows || len(c.World) != tt.w || len(c.Categories) != tt.cats {
				t.Fatalf("%q %q %q: %d flows, %d world, %d categories", f.Format, f.Subject, f.Generated, len(c.Flows), len(c.World), len(c.Categories))
			}
			// the long form's dyads and world rows are the TIV tables' figures
			for _, fl := range c.Flows {
				if v, ok := flowOf[fmt.Sprint(fl.Supplier, "→", fl.Recipient, fl.Year)]; !ok || v != fl.TIV {
					t.Fatalf("%+v: the TIV tables say %v (%v)", fl, v, ok)
				}
			}
			for _, w := range c.World {
				if v, ok := worldOf[fmt.Sprint(w.Recipient, w.Year)]; !ok || v != w.TIV || w.Supplier != "" {
					t.Fatalf("%+v: the world table says %v (%v)", w, v, ok)
				}
			}
			for _, cf := range c.Categories {
				if cf.Category == "Total" || cf.Country == "All" || cf.Country == "Total" {
					t.Fatalf("a total among the categories: %+v", cf)
				}
			}
			for _, w := range f.Warnings {
				if strings.Contains(w, "more than rounding") || strings.Contains(w, "both are") {
					t.Fatalf("a warning beyond rounding: %s", w)
				}
			}
		})
	}
}

func TestRealNotSIPRI(t *testing.T) {
	data := readReal(t, "country-codes-2022.csv")
	if _, err := sipri.Detect("country-codes-2022.csv", data); err == nil {
		t.Fatal("the country code list was taken for a SIPRI export")
	} else {
		checkErr(t, err)
	}
	if _, err := sipri.Parse("country-codes-2022.csv", bytes.NewReader(data)); err == nil {
		t.Fatal("the country code list parsed")
	}
}
