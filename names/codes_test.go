package names

import (
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
)

func TestCrosswalkCoversTheTable(t *testing.T) {
	cw, err := LoadCrosswalk()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range table {
		c, ok := cw.Lookup(e.name, 0)
		if !ok {
			t.Errorf("%s: no row in codes.csv", e.name)
			continue
		}
		if c.SIPRICode != e.sipri {
			t.Errorf("%s: SIPRI code %q in codes.csv, %q in the registry", e.name, c.SIPRICode, e.sipri)
		}
		if c.ISO3 != e.iso3 {
			t.Errorf("%s: ISO3 %q in codes.csv, %q in the registry", e.name, c.ISO3, e.iso3)
		}
		kind := armsflow.KindOfName(e.name)
		if kind != armsflow.EntityState && c.COW != nil {
			t.Errorf("%s (%s) has COW code %d", e.name, kind, *c.COW)
		}
	}
}

// TestCrosswalkStatesWithoutCOW is the documented list of SIPRI's states
// that have no COW code (docs/interop.md): every other state has one.
func TestCrosswalkStatesWithoutCOW(t *testing.T) {
	cw, _ := LoadCrosswalk()
	want := []string{"Aruba", "Biafra", "Europe multi-state", "Katanga", "Libya GNC", "Northern Cyprus", "Palestine", "Western Sahara", "Yemen Arab Republic"}
	var names []string
	for _, e := range table {
		names = append(names, e.name)
	}
	var got []string
	for _, m := range cw.MissingCode(names, "cow") {
		if m.Kind == armsflow.EntityState {
			got = append(got, m.Name)
		}
		if m.Reason == "" {
			t.Errorf("%s: no reason given for the missing code", m.Name)
		}
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("states without a COW code:\n got %q\nwant %q", got, want)
	}
}

// TestCrosswalkUniqueKeys checks that no two parties share a COW, ISO3 or
// M49 code in one year, so that a panel merged on (code1, code2, year)
// never matches two rows.
func TestCrosswalkUniqueKeys(t *testing.T) {
	cw, _ := LoadCrosswalk()
	for year := 1946; year <= 2030; year++ {
		for _, scheme := range []string{"cow", "cow_abb", "iso3", "m49"} {
			seen := map[string]string{}
			for _, c := range cw.rows {
				code := c.Code(scheme)
				if code == "" || !c.Applies(year) {
					continue
				}
				if prev, dup := seen[code]; dup {
					t.Errorf("%d: %s %s is both %s and %s", year, scheme, code, prev, c.Name)
				}
				seen[code] = c.Name
			}
		}
	}
}

func TestCrosswalkYears(t *testing.T) {
	cw, _ := LoadCrosswalk()
	tests := []struct {
		name   string
		year   int
		cow    string
		m49    string
		member bool
	}{
		{"Soviet Union", 1980, "365", "810", true},
		{"Soviet Union", 1995, "", "", false},
		{"Russia", 1980, "", "", false},
		{"Russian Federation", 2000, "365", "643", true},
		{"Germany", 1953, "260", "280", false}, // the FRG joined the state system in 1955
		{"Germany", 1960, "260", "280", true},
		{"West Germany", 1990, "260", "280", true},
		{"Germany", 1991, "255", "276", true},
		{"East Germany (GDR)", 1970, "265", "278", true},
		{"Yugoslavia", 1980, "345", "890", true},
		{"Serbia", 2010, "345", "688", true},
		{"Czechoslovakia", 1992, "315", "200", true},
		{"Czech Republic", 1993, "316", "203", true},
		{"North Yemen", 1980, "678", "886", true},
		{"South Yemen", 1980, "680", "720", true},
		{"Yemen", 1995, "679", "887", true},
		{"South Vietnam", 1970, "817", "", true},
		{"Vietnam", 1970, "816", "704", true},
		{"Turkiye", 2020, "640", "792", true},
		{"Syria", 1960, "652", "760", false}, // the United Arab Republic
		{"Zimbabwe", 1960, "552", "716", false},
		{"Taiwan", 2000, "713", "", true},
		{"Kosovo", 2010, "347", "", true},
		{"Hezbollah (Lebanon)*", 2000, "", "", false},
		{"Andorra", 2000, "232", "020", true},
	}
	for _, tt := range tests {
		c, _ := cw.Lookup(tt.name, tt.year)
		if c.Code("cow") != tt.cow || c.Code("m49") != tt.m49 || c.Member(tt.year) != tt.member {
			t.Errorf("%s in %d: cow %q m49 %q member %v, want %q %q %v", tt.name, tt.year,
				c.Code("cow"), c.Code("m49"), c.Member(tt.year), tt.cow, tt.m49, tt.member)
		}
	}
	n1950, n2020 := len(cw.States(1950)), len(cw.States(2020))
	// COW's system had 75 members in 1950 and 195 in 2016.
	if n1950 < 70 || n1950 > 80 || n2020 < 190 || n2020 > 197 {
		t.Errorf("COW states: %d in 1950, %d in 2020", n1950, n2020)
	}
}

func TestParseCrosswalkErrors(t *testing.T) {
	head := "name,sipri_code,iso3,m49,cow,cow_abb,from,to,cow_system,note\n"
	tests := []struct{ in, want string }{
		{"a,b\n", "header"},
		{head + "X,,,,1,,,,1900-,\n", "cow and cow_abb"},
		{head + "X,,,,1,XX,,,,\n", "cow_system"},
		{head + "X,,,,,,,,,\n", "note"},
		{head + "X,,,x,,,,,,n\n", "codes.csv:2: m49"},
		{head + "X,,,,1,XX,,,19x0-,\n", "cow_system"},
		{head + "X,,,,1,XX,,1990,1900-,\nX,,,,2,YY,1990,,1900-,\n", "overlap"},
	}
	for _, tt := range tests {
		_, err := ParseCrosswalk(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || armsflow.ErrorCode(err) != armsflow.EINVALID {
			t.Errorf("%q: %v, want an error with %q", tt.in, err, tt.want)
		}
	}
}

// FuzzParseCrosswalk: any input gives a crosswalk or an EINVALID error,
// never a panic, and a parsed crosswalk answers lookups.
func FuzzParseCrosswalk(f *testing.F) {
	f.Add(string(codesCSV))
	f.Add("name,sipri_code,iso3,m49,cow,cow_abb,from,to,cow_system,note\nX,,,,1,XX,,1990,1900-1914;1918-,\n")
	f.Add("name,sipri_code,iso3,m49,cow,cow_abb,from,to,cow_system,note\nX,,,,1,XX,,,-,\n")
	f.Fuzz(func(t *testing.T, in string) {
		cw, err := ParseCrosswalk(strings.NewReader(in))
		if err != nil {
			if armsflow.ErrorCode(err) != armsflow.EINVALID {
				t.Fatalf("error without EINVALID: %v", err)
			}
			return
		}
		for _, c := range cw.Rows() {
			cw.Lookup(c.Name, 1990)
			c.Member(1990)
		}
	})
}
