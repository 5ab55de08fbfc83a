package names

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"github.com/armsflow/armsflow/internal/shareddata"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
)

// sipriDir finds SIPRI's real files, or skips the test.
func sipriDir(t testing.TB) string { return shareddata.SIPRI(t) }

// latin1 decodes ISO 8859-1. The CP1252 TIV tables differ from it only in
// 0x80-0x9F, which no party's name uses.
func latin1(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// csvReader reads SIPRI's loose CSV.
func csvReader(s string) *csv.Reader {
	cr := csv.NewReader(strings.NewReader(s))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return cr
}

// registerNames returns the Recipient and Supplier names of a trade register.
func registerNames(t testing.TB, path string) []string {
	t.Helper()
	br := bufio.NewReader(strings.NewReader(latin1(readFile(t, path))))
	for range 11 { // the preamble
		if _, err := br.ReadString('\n'); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	rest, _ := io.ReadAll(br)
	cr := csvReader(string(rest))
	head, err := cr.Read()
	if err != nil || len(head) < 2 || head[0] != "Recipient" || head[1] != "Supplier" {
		t.Fatalf("%s: header %q, %v; want Recipient, Supplier, ...", path, head, err)
	}
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// A record broken by a line break in Comments continues on a short
		// line that holds no names.
		if len(rec) >= 13 {
			out = append(out, rec[0], rec[1])
		}
	}
	return dedupe(out)
}

// tivNames returns the names of the TIV tables' rows and their subjects.
func tivNames(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "tiv-2022-04", "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no TIV tables in %s: %v", dir, err)
	}
	var out []string
	for _, f := range files {
		recs, err := csvReader(latin1(readFile(t, f))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		title := recs[0][0] // "TIV of arms exports to Viet Nam, 1950-2021"
		subject, ok := strings.CutPrefix(title, "TIV of arms exports to ")
		if i := strings.LastIndex(subject, ", "); ok && i > 0 {
			if s := subject[:i]; s != "all" {
				out = append(out, s)
			}
		} else {
			t.Errorf("%s: title %q", f, title)
		}
		header := slices.IndexFunc(recs, func(r []string) bool { return len(r) > 1 && r[0] == "" && r[1] == "1950" })
		if header < 0 {
			t.Fatalf("%s: no header of years", f)
		}
		for _, r := range recs[header+1:] {
			if r[0] != "" && r[0] != "Total" {
				out = append(out, r[0])
			}
		}
	}
	return dedupe(out)
}

// longNames returns the Import_To and Export_From names of the long form.
func longNames(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range []string{"import_tiv.csv", "export_tiv.csv", "import_category.csv", "export_category.csv"} {
		recs, err := csvReader(string(readFile(t, filepath.Join(dir, "long-2022-05", f)))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var cols []int
		for i, h := range recs[0] {
			if h == "Import_To" || h == "Export_From" {
				cols = append(cols, i)
			}
		}
		for _, r := range recs[1:] {
			for _, c := range cols {
				if n := r[c]; n != "All" && n != "Total" {
					out = append(out, n)
				}
			}
		}
	}
	return dedupe(out)
}

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// dataNames returns the party names of each real data source.
func dataNames(t testing.TB) map[string][]string {
	dir := sipriDir(t)
	return map[string][]string{
		"register-2025-03": registerNames(t, filepath.Join(dir, "register-2025-03.csv")),
		"register-2025-10": registerNames(t, filepath.Join(dir, "register-2025-10.csv")),
		"tiv-2022-04":      tivNames(t, dir),
		"long-2022-05":     longNames(t, dir),
	}
}

// TestDataNamesKnown checks that every party name in the real data is in the
// built-in table, under a region unless it is an organisation or unknown.
func TestDataNamesKnown(t *testing.T) {
	base := New()
	nBase := len(base.Entities())
	for src, names := range dataNames(t) {
		if len(names) < 250 {
			t.Errorf("%s: only %d names; the reader is broken", src, len(names))
		}
		for _, n := range names {
			r := New(n)
			if len(r.Entities()) != nBase {
				t.Errorf("%s: %q is not in the table", src, n)
				continue
			}
			e, ok := r.Lookup(n)
			if !ok {
				t.Errorf("%s: %q is not canonical once loaded", src, n)
				continue
			}
			if b, err := base.Resolve(n); err != nil || b.SIPRICode != e.SIPRICode {
				t.Errorf("%s: built-in Resolve(%q) = %+v, %v; want the party of %+v", src, n, b, err, e)
			}
			noRegion := e.Kind == armsflow.EntityOrganisation || e.Kind == armsflow.EntityUnknown ||
				fold(n) == fold("Unknown rebel group*")
			if (e.Region == "") != noRegion {
				t.Errorf("%s: %q (%s) has region %q", src, n, e.Kind, e.Region)
			}
		}
	}
}

// TestDataVintages checks that each vintage's spelling becomes canonical.
func TestDataVintages(t *testing.T) {
	names := dataNames(t)
	nBase := len(New().Entities())
	for _, tt := range []struct {
		data []string
		want map[string]string // input → canonical name
	}{
		{names["tiv-2022-04"], map[string]string{"Turkiye": "Turkey", "Turkey": "Turkey", "PKK (Turkiye)*": "PKK (Turkey)*",
			"Yemen Arab Republic (North Yemen)": "Yemen Arab Republic", "unknown supplier(s)": "Unknown supplier(s)"}},
		{names["register-2025-10"], map[string]string{"Turkiye": "Turkiye", "Turkey": "Turkiye", "PKK (Turkey)*": "PKK (Turkiye)*",
			"Libya HoR*": "HoR (Libya)*", "PIJ": "Palestinian Islamic Jihad (Israel/Palestine)*",
			"Yemen Arab Republic": "Yemen Arab Republic (North Yemen)", "Unknown supplier(s)": "unknown supplier(s)",
			"North Yemen": "North Yemen", "Viet Nam": "Viet Nam", "Vietnam": "Viet Nam"}},
		{append(slices.Clone(names["tiv-2022-04"]), names["register-2025-03"]...),
			map[string]string{"Turkey": "Turkiye", "Libya HoR": "Libya HoR*", "Antigua": "Antigua and Barbuda"}},
	} {
		r := New(tt.data...)
		if n := len(r.Entities()); n != nBase {
			t.Errorf("New(%d names) has %d parties; want %d", len(tt.data), n, nBase)
		}
		for in, want := range tt.want {
			if e, err := r.Resolve(in); err != nil || e.Name != want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", in, e.Name, err, want)
			}
		}
		for _, n := range tt.data {
			if _, err := r.Resolve(n); err != nil {
				t.Errorf("Resolve(%q): %v", n, err)
			}
		}
	}
}

// TestCountryCodes checks the table against SIPRI's own list of codes.
func TestCountryCodes(t *testing.T) {
	dir := sipriDir(t)
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, filepath.Join(dir, "country-codes-2022.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]entry{}
	for _, e := range table {
		byName[e.name] = e
	}
	n := 0
	for _, r := range recs[1:] {
		code, name := r[0], r[1]
		if code == "" && name == "All" {
			continue
		}
		n++
		if e, ok := byName[name]; !ok || e.sipri != code {
			t.Errorf("SIPRI's %s %q: table has %+v", code, name, e)
		}
	}
	if n != 264 {
		t.Errorf("%d codes in SIPRI's list; want 264", n)
	}
}

// BenchmarkNewData loads the names of the 2025 register and the 2022 TIV
// tables, as the engine does for a library with both.
func BenchmarkNewData(b *testing.B) {
	names := dataNames(b)
	data := append(slices.Clone(names["tiv-2022-04"]), names["register-2025-10"]...)
	b.ReportAllocs()
	for b.Loop() {
		New(data...)
	}
}
