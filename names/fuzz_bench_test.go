package names

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/armsflow/armsflow"
)

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"Vietnam", "VNM", "Vietnm", "Korea", "Korea, Republic of", "Côte d’Ivoire",
		"Türkiye", "", " ", ",", "the", "St.", "***", "Unknown supplier(s)", "Hamas (Palestine)*", "Россия",
		strings.Repeat("a", 100), "\xff\xfe", "a,b,c", "(", "Congo, Democratic Republic of the"} {
		f.Add(s)
	}
	r := New("Turkiye", "Foo (Bar)*")
	f.Fuzz(func(t *testing.T, input string) {
		e, err := r.Resolve(input)
		if err == nil {
			if got, ok := r.Lookup(e.Name); !ok || got != e {
				t.Fatalf("Resolve(%q) = %+v, but Lookup gives %+v, %v", input, e, got, ok)
			}
		} else if c := armsflow.ErrorCode(err); c != armsflow.ENOTFOUND && c != armsflow.EINVALID {
			t.Fatalf("Resolve(%q): %v (%s)", input, err, c)
		}
		for _, n := range r.Suggest(input, 5) {
			if _, ok := r.Lookup(n); !ok {
				t.Fatalf("Suggest(%q) gives unknown %q", input, n)
			}
		}
		if _, err := r.ResolveRegion(input); err != nil && armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
			t.Fatalf("ResolveRegion(%q): %v", input, err)
		}
		r.InRegion(input, input)
		if k := fold(input); utf8.ValidString(input) && !utf8.ValidString(k) {
			t.Fatalf("fold(%q) = %q is not UTF-8", input, k)
		}
	})
}

// benchNames is about 300 names as a library holds them: SIPRI's, a newer
// vintage's spellings, and names the table does not know.
func benchNames() []string {
	var out []string
	for _, e := range table {
		out = append(out, e.name)
	}
	out = append(out, "Turkiye", "PKK (Turkiye)*", "unknown supplier(s)", "unknown recipient(s)", "HoR (Libya)*",
		"Yemen Arab Republic (North Yemen)", "Palestinian Islamic Jihad (Israel/Palestine)*")
	out = append(out, "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India rebels*",
		"Juliett (Peru)*", "Kilo**", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango",
		"Uniform", "Victor", "Whiskey", "X-ray", "Yankee", "Zulu", "Atlantis", "Utopia", "Freedonia", "Ruritania")
	return out
}

func BenchmarkNew(b *testing.B) {
	names := benchNames()
	b.ReportAllocs()
	for b.Loop() {
		New(names...)
	}
}

// BenchmarkNewSIPRINames is New with the names of one SIPRI vintage, all known.
func BenchmarkNewSIPRINames(b *testing.B) {
	var names []string
	for _, e := range table {
		names = append(names, e.name)
	}
	b.ReportAllocs()
	for b.Loop() {
		New(names...)
	}
}

// BenchmarkNewCold is the first New of a process: the built-in index is
// built too.
func BenchmarkNewCold(b *testing.B) {
	names := benchNames()
	saved := builtin
	defer func() { builtin = saved }()
	b.ReportAllocs()
	for b.Loop() {
		ix := buildIndex()
		builtin = func() *index { return ix }
		New(names...)
	}
}

var benchInputs = []string{"Viet Nam", "Vietnam", "VNM", "united states of america", "Türkiye", "Korea, Republic of",
	"USSR", "Hezbollah", "DRC", "Korea"}

func BenchmarkResolve(b *testing.B) {
	r := New(benchNames()...)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		r.Resolve(benchInputs[i%len(benchInputs)])
	}
}

// BenchmarkResolveCanonical is the engine's case: a name as the data spells it.
func BenchmarkResolveCanonical(b *testing.B) {
	r := New(benchNames()...)
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve("Turkiye")
	}
}

func BenchmarkResolveUnknown(b *testing.B) {
	r := New(benchNames()...)
	r.Suggest("x", 1) // build the suggestion index outside the loop
	b.ReportAllocs()
	for b.Loop() {
		r.Resolve("Untied States")
	}
}

func BenchmarkSuggest(b *testing.B) {
	r := New(benchNames()...)
	r.Suggest("x", 1)
	b.ReportAllocs()
	for b.Loop() {
		r.Suggest("sou", 10)
	}
}

func BenchmarkInRegion(b *testing.B) {
	r := New(benchNames()...)
	b.ReportAllocs()
	for b.Loop() {
		r.InRegion("Viet Nam", "South East Asia")
	}
}
