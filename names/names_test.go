package names

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/armsflow/armsflow"
)

func TestResolve(t *testing.T) {
	tests := []struct{ input, want string }{
		// The aliases analysts type.
		{"Vietnam", "Viet Nam"}, {"VNM", "Viet Nam"}, {"VN", "Viet Nam"}, {"vn", "Viet Nam"},
		{"Viet Nam", "Viet Nam"}, {"viet-nam", "Viet Nam"}, {"North Vietnam", "Viet Nam"},
		{"Socialist Republic of Viet Nam", "Viet Nam"},
		{"Russian Federation", "Russia"}, {"RUS", "Russia"}, {"RU", "Russia"}, {"russia", "Russia"},
		{"USA", "United States"}, {"US", "United States"}, {"U.S.", "United States"}, {"u.s.a.", "United States"},
		{"United States of America", "United States"}, {"America", "United States"}, {"united states", "United States"},
		{"UK", "United Kingdom"}, {"GB", "United Kingdom"}, {"GBR", "United Kingdom"}, {"Britain", "United Kingdom"},
		{"Great Britain", "United Kingdom"}, {"United Kingdom of Great Britain and Northern Ireland", "United Kingdom"},
		{"Turkey", "Turkey"}, {"Turkiye", "Turkey"}, {"Türkiye", "Turkey"}, {"TÜRKIYE", "Turkey"}, {"TUR", "Turkey"}, {"TR", "Turkey"},
		{"Czech Republic", "Czechia"}, {"Czechia", "Czechia"}, {"CZR", "Czechia"}, {"CZ", "Czechia"},
		{"South Korea", "South Korea"}, {"Republic of Korea", "South Korea"}, {"ROK", "South Korea"},
		{"Korea South", "South Korea"}, {"Korea, South", "South Korea"}, {"Korea (South)", "South Korea"},
		{"Korea, Republic of", "South Korea"}, {"KOR", "South Korea"}, {"KR", "South Korea"}, {"KOS", "South Korea"},
		{"North Korea", "North Korea"}, {"DPRK", "North Korea"}, {"D.P.R.K.", "North Korea"},
		{"Democratic People's Republic of Korea", "North Korea"}, {"Korea, Democratic People's Republic of", "North Korea"},
		{"PRK", "North Korea"}, {"KP", "North Korea"},
		{"Iran", "Iran"}, {"Islamic Republic of Iran", "Iran"}, {"Iran, Islamic Republic of", "Iran"}, {"IRN", "Iran"}, {"IRA", "Iran"},
		{"Syria", "Syria"}, {"Syrian Arab Republic", "Syria"},
		{"Laos", "Laos"}, {"Lao PDR", "Laos"}, {"Lao People's Democratic Republic", "Laos"}, {"LAO", "Laos"},
		{"Taiwan", "Taiwan"}, {"ROC", "Taiwan"}, {"Republic of China", "Taiwan"}, {"TWN", "Taiwan"},
		{"China", "China"}, {"PRC", "China"}, {"People's Republic of China", "China"}, {"CHN", "China"}, {"CHI", "China"},
		{"UAE", "UAE"}, {"United Arab Emirates", "UAE"}, {"U.A.E.", "UAE"}, {"ARE", "UAE"},
		{"Burma", "Myanmar"}, {"Myanmar", "Myanmar"}, {"MMR", "Myanmar"},
		{"Ivory Coast", "Cote d'Ivoire"}, {"Côte d'Ivoire", "Cote d'Ivoire"}, {"Côte d’Ivoire", "Cote d'Ivoire"},
		{"cote divoire", "Cote d'Ivoire"}, {"CIV", "Cote d'Ivoire"},
		{"DR Congo", "DR Congo"}, {"DRC", "DR Congo"}, {"Democratic Republic of the Congo", "DR Congo"},
		{"Congo, Democratic Republic of the", "DR Congo"}, {"Zaire", "DR Congo"}, {"COD", "DR Congo"},
		{"Congo", "Congo"}, {"Republic of the Congo", "Congo"}, {"Congo-Brazzaville", "Congo"}, {"COG", "Congo"},
		{"USSR", "Soviet Union"}, {"Soviet Union", "Soviet Union"}, {"U.S.S.R.", "Soviet Union"}, {"SUN", "Soviet Union"},
		{"Yugoslavia", "Yugoslavia"}, {"SFRY", "Yugoslavia"}, {"Serbia and Montenegro", "Serbia"},
		{"West Germany", "Germany"}, {"FRG", "Germany"}, {"Germany", "Germany"}, {"DEU", "Germany"},
		{"East Germany", "East Germany (GDR)"}, {"GDR", "East Germany (GDR)"}, {"DDR", "East Germany (GDR)"},
		{"German Democratic Republic", "East Germany (GDR)"},
		// Other names, codes and spellings.
		{"the Netherlands", "Netherlands"}, {"Holland", "Netherlands"}, {"NLD", "Netherlands"}, {"NET", "Netherlands"},
		{"St Kitts & Nevis", "Saint Kitts and Nevis"}, {"St. Vincent and the Grenadines", "Saint Vincent"},
		{"Bosnia and Herzegovina", "Bosnia-Herzegovina"}, {"bosnia herzegovina", "Bosnia-Herzegovina"}, {"BiH", "Bosnia-Herzegovina"},
		{"Cape Verde", "Cabo Verde"}, {"Swaziland", "eSwatini"}, {"Eswatini", "eSwatini"}, {"ESWATINI", "eSwatini"},
		{"Macedonia", "North Macedonia"}, {"FYROM", "North Macedonia"}, {"MKD", "North Macedonia"},
		{"East Timor", "Timor-Leste"}, {"Timor Leste", "Timor-Leste"}, {"TLS", "Timor-Leste"},
		{"The Gambia", "Gambia"}, {"Bahamas, The", "Bahamas"}, {"Brunei Darussalam", "Brunei"},
		{"Tanzania, United Republic of", "Tanzania"}, {"Micronesia, Federated States of", "Micronesia"},
		{"Republic of Moldova", "Moldova"}, {"Sri Lanka", "Sri Lanka"}, {"Ceylon", "Sri Lanka"},
		{"Rhodesia", "Zimbabwe"}, {"Kampuchea", "Cambodia"}, {"Persia", "Iran"}, {"Siam", "Thailand"},
		{"South Vietnam", "South Vietnam"}, {"Republic of Vietnam", "South Vietnam"},
		{"South Yemen", "South Yemen"}, {"PDRY", "South Yemen"}, {"North Yemen", "North Yemen"}, {"Yemen", "Yemen"},
		{"Yemen Arab Republic (North Yemen)", "Yemen Arab Republic"},
		{"Palestine", "Palestine"}, {"State of Palestine", "Palestine"}, {"PSE", "Palestine"},
		{"Kosovo", "Kosovo"}, {"XKX", "Kosovo"}, {"Northern Cyprus", "Northern Cyprus"}, {"TRNC", "Northern Cyprus"},
		{"Saudi Arabia", "Saudi Arabia"}, {"KSA", "Saudi Arabia"}, {"RSA", "South Africa"}, {"ZAF", "South Africa"},
		{"Libya", "Libya"}, {"Libya GNC", "Libya GNC"}, {"Libya HoR*", "Libya HoR*"}, {"HoR (Libya)*", "Libya HoR*"},
		{"Antigua and Barbuda", "Antigua and Barbuda"}, {"ATG", "Antigua and Barbuda"},
		{"Europe multi-state", "Europe multi-state"},
		// Non-state actors, organisations, unknown parties.
		{"Viet Cong (South Vietnam)*", "Viet Cong (South Vietnam)*"}, {"Viet Cong", "Viet Cong (South Vietnam)*"},
		{"Vietcong", "Viet Cong (South Vietnam)*"}, {"viet cong (south vietnam)", "Viet Cong (South Vietnam)*"},
		{"Hezbollah", "Hezbollah (Lebanon)*"}, {"Hizballah", "Hezbollah (Lebanon)*"}, {"Hamas", "Hamas (Palestine)*"},
		{"Houthis", "Houthi rebels (Yemen)*"}, {"Houthi rebels", "Houthi rebels (Yemen)*"}, {"UNITA", "UNITA (Angola)*"},
		{"PKK", "PKK (Turkey)*"}, {"PKK (Turkiye)*", "PKK (Turkey)*"}, {"LTTE", "LTTE (Sri Lanka)*"},
		{"Tamil Tigers", "LTTE (Sri Lanka)*"}, {"Khmer Rouge", "Khmer Rouge (Cambodia)*"},
		{"Palestinian Islamic Jihad (Israel/Palestine)*", "PIJ (Israel/Palestine)*"},
		{"Popular Resistance Committees", "PRC (Israel/Palestine)*"}, {"PRC (Israel/Palestine)*", "PRC (Israel/Palestine)*"},
		{"NATO", "NATO**"}, {"nato**", "NATO**"}, {"United Nations", "United Nations**"}, {"UN", "United Nations**"},
		{"African Union", "African Union**"}, {"EU", "European Union**"}, {"OSCE", "OSCE**"},
		{"Organization for Security and Cooperation in Europe", "OSCE**"},
		{"Unknown supplier(s)", "Unknown supplier(s)"}, {"unknown supplier(s)", "Unknown supplier(s)"},
		{"Unknown suppliers", "Unknown supplier(s)"}, {"unknown supplier", "Unknown supplier(s)"},
		{"Unknown recipient(s)", "Unknown recipient(s)"}, {"unknown rebel group*", "Unknown rebel group*"},
		// Codes that are SIPRI's for one party and nobody else's.
		{"MTA", "Malta"}, {"MAL", "Malaysia"}, {"ALG", "Algeria"}, {"JAP", "Japan"}, {"IVO", "Cote d'Ivoire"},
		{"  viet   nam  ", "Viet Nam"},
	}
	r := New()
	for _, tt := range tests {
		got, err := r.Resolve(tt.input)
		if err != nil || got.Name != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.input, got.Name, err, tt.want)
		}
	}
}

func TestResolveEntity(t *testing.T) {
	r := New()
	tests := []armsflow.Entity{
		{Name: "Viet Nam", Code: "VNM", SIPRICode: "VN", Kind: armsflow.EntityState, Region: "Asia and Oceania", Subregion: "South East Asia"},
		{Name: "Russia", Code: "RUS", SIPRICode: "RUS", Kind: armsflow.EntityState, Region: "Europe", Subregion: "Eastern Europe"},
		{Name: "United States", Code: "USA", SIPRICode: "USA", Kind: armsflow.EntityState, Region: "Americas", Subregion: "North America"},
		{Name: "Soviet Union", Code: "SUN", SIPRICode: "USR", Kind: armsflow.EntityState, Region: "Europe", Subregion: "Eastern Europe"},
		{Name: "Turkey", Code: "TUR", SIPRICode: "TUR", Kind: armsflow.EntityState, Region: "Middle East"},
		{Name: "Egypt", Code: "EGY", SIPRICode: "EGY", Kind: armsflow.EntityState, Region: "Middle East"},
		{Name: "Viet Cong (South Vietnam)*", SIPRICode: "XVC", Kind: armsflow.EntityNonState, Region: "Asia and Oceania", Subregion: "South East Asia"},
		{Name: "NATO**", SIPRICode: "NAT", Kind: armsflow.EntityOrganisation},
		{Name: "Unknown supplier(s)", SIPRICode: "XXS", Kind: armsflow.EntityUnknown},
		{Name: "Unknown rebel group*", SIPRICode: "XXU", Kind: armsflow.EntityNonState},
		{Name: "Kosovo", SIPRICode: "KSV", Kind: armsflow.EntityState, Region: "Europe", Subregion: "Central Europe"},
	}
	for _, want := range tests {
		got, err := r.Resolve(want.Name)
		if err != nil || got != want {
			t.Errorf("Resolve(%q) = %+v, %v; want %+v", want.Name, got, err, want)
		}
		if got, ok := r.Lookup(want.Name); !ok || got != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", want.Name, got, ok, want)
		}
	}
}

// ambiguous lists every key that names several parties equally, as
// fold(key): the parties, sorted.
var ambiguous = map[string][]string{
	"au":      {"African Union**", "Australia"}, // SIPRI's code, ISO alpha-2
	"che":     {"Chile", "Switzerland"},         // SIPRI's code, ISO alpha-3
	"cze":     {"Czechia", "Czechoslovakia"},    // ISO alpha-3, SIPRI's code
	"et":      {"Ethiopia", "Timor-Leste"},      // ISO alpha-2, SIPRI's code
	"korea":   {"North Korea", "South Korea"},   // alias of both
	"mar":     {"Marshall Islands", "Morocco"},  // SIPRI's code, ISO alpha-3
	"pa":      {"Palestine", "Panama"},          // SIPRI's code, ISO alpha-2
	"sa":      {"Saudi Arabia", "South Africa"}, // ISO alpha-2, SIPRI's code
	"unknown": {"Unknown recipient(s)", "Unknown supplier(s)"},
}

func TestAmbiguous(t *testing.T) {
	ix := builtin()
	got := map[string][]string{}
	for k, hs := range ix.keys.many {
		if _, n := best(hs); n > 1 {
			top := slices.MinFunc(hs, func(a, b hit) int { return int(a.tier) - int(b.tier) }).tier
			var ns []string
			for _, h := range hs {
				if h.tier == top {
					ns = append(ns, ix.ents[h.ent].Name)
				}
			}
			slices.SortFunc(ns, compareNames)
			got[k] = slices.Compact(ns)
		}
	}
	if !maps.EqualFunc(got, ambiguous, slices.Equal) {
		t.Errorf("ambiguous keys:\n got %v\nwant %v", got, ambiguous)
	}
	r := New()
	for _, input := range []string{"Korea", "korea", "CHE", "SA", "Unknown", "AU", "ET", "PA", "CZE", "MAR"} {
		_, err := r.Resolve(input)
		want := fmt.Sprintf("ambiguous party %q: %s", input, strings.Join(ambiguous[fold(input)], ", "))
		if armsflow.ErrorCode(err) != armsflow.EINVALID || armsflow.ErrorMessage(err) != want {
			t.Errorf("Resolve(%q) = %v (%s); want %s", input, err, armsflow.ErrorCode(err), want)
		}
	}
}

func TestResolveNotFound(t *testing.T) {
	tests := []struct {
		input, want string
	}{
		{"Vietnm", `unknown party "Vietnm"; did you mean "Viet Nam"?`},
		{"Rusia", `unknown party "Rusia"; did you mean "Russia"?`},
		{"Untied States", `unknown party "Untied States"; did you mean "United States"?`},
		{"Untied Kingdom", `unknown party "Untied Kingdom"; did you mean "United Kingdom"?`},
		{"Chna", `unknown party "Chna"; did you mean "China"?`},
		{"Phillipines", `unknown party "Phillipines"; did you mean "Philippines"?`},
		{"Argentinia", `unknown party "Argentinia"; did you mean "Argentina"?`},
		{"Viet", `unknown party "Viet"; did you mean "Viet Cong (South Vietnam)*", "Viet Minh (France)*", "Viet Nam", "South Vietnam"?`},
		{"German", `unknown party "German"; did you mean "Germany", "East Germany (GDR)"?`},
		{"Guinea B", `unknown party "Guinea B"; did you mean "Guinea-Bissau"?`},
		{"xyzzy", `unknown party "xyzzy": no party has a similar name`},
		{"Atlantis", `unknown party "Atlantis": no party has a similar name`},
	}
	r := New()
	for _, tt := range tests {
		_, err := r.Resolve(tt.input)
		if armsflow.ErrorCode(err) != armsflow.ENOTFOUND || armsflow.ErrorMessage(err) != tt.want {
			t.Errorf("Resolve(%q) = %v (%s)\nwant %s", tt.input, err, armsflow.ErrorCode(err), tt.want)
		}
	}
	// At most five candidates.
	_, err := r.Resolve("South")
	if m := armsflow.ErrorMessage(err); strings.Count(m, `", "`) != 4 {
		t.Errorf(`Resolve("South") = %v; want five candidates`, err)
	}
	for _, input := range []string{"", "   ", "***", "()", "-"} {
		if _, err := r.Resolve(input); armsflow.ErrorCode(err) != armsflow.EINVALID {
			t.Errorf("Resolve(%q) = %v; want %s", input, err, armsflow.EINVALID)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		input string
		n     int
		want  []string
	}{
		{"Vietnm", 1, []string{"Viet Nam"}},
		{"bur", 0, []string{"Burkina Faso", "Burundi", "Myanmar"}},
		{"VNM", 1, []string{"Viet Nam"}},
		{"viet", 3, []string{"Viet Cong (South Vietnam)*", "Viet Minh (France)*", "Viet Nam"}},
		{"korea", 0, []string{"North Korea", "South Korea"}},
		{"sw", 0, []string{"Sweden", "Switzerland", "eSwatini"}},
		{"united", 4, []string{"United Kingdom", "United Nations**", "United States", "United Wa State (Myanmar)*"}},
		{"Rusia", 1, []string{"Russia"}},
		{"Untied States", 1, []string{"United States"}},
		{"", 5, nil},
		{"xyzzy", 5, nil},
	}
	r := New()
	for _, tt := range tests {
		got := r.Suggest(tt.input, tt.n)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Suggest(%q, %d) = %q; want %q", tt.input, tt.n, got, tt.want)
		}
	}
	// Prefix matches come first, whatever the alphabet says.
	if got := r.Suggest("gu", 0); len(got) < 5 || !strings.HasPrefix(got[0], "Gu") {
		t.Errorf(`Suggest("gu", 0) = %q; want names beginning "Gu" first`, got)
	} else {
		prefix := true
		for _, n := range got {
			p := strings.HasPrefix(strings.ToLower(n), "gu")
			if p && !prefix {
				t.Errorf(`Suggest("gu", 0) = %q: %q comes after a non-prefix match`, got, n)
			}
			prefix = prefix && p
		}
	}
}

func TestNew(t *testing.T) {
	base := len(New().Entities())

	r := New("Turkiye", "Viet Nam", "unknown supplier(s)", "Yemen Arab Republic (North Yemen)", "", "  ",
		"Foo rebels (Viet Nam)*", "Atlantis", "Atlantis", "New League**", "Unknown seller")
	for _, tt := range []struct{ input, want string }{
		{"Turkey", "Turkiye"}, {"Türkiye", "Turkiye"}, {"TUR", "Turkiye"}, {"turkiye", "Turkiye"},
		{"Unknown supplier(s)", "unknown supplier(s)"}, {"unknown suppliers", "unknown supplier(s)"},
		{"Yemen Arab Republic", "Yemen Arab Republic (North Yemen)"}, {"North Yemen", "North Yemen"},
		{"Foo rebels", "Foo rebels (Viet Nam)*"}, {"atlantis", "Atlantis"}, {"Vietnam", "Viet Nam"},
	} {
		if got, err := r.Resolve(tt.input); err != nil || got.Name != tt.want {
			t.Errorf("New(...).Resolve(%q) = %q, %v; want %q", tt.input, got.Name, err, tt.want)
		}
	}
	if _, ok := r.Lookup("Turkey"); ok {
		t.Error(`Lookup("Turkey") succeeds after the data said "Turkiye"`)
	}
	if e, ok := r.Lookup("Turkiye"); !ok || e.Code != "TUR" || e.Region != "Middle East" {
		t.Errorf(`Lookup("Turkiye") = %+v, %v`, e, ok)
	}
	for name, kind := range map[string]armsflow.EntityKind{
		"Foo rebels (Viet Nam)*": armsflow.EntityNonState, "Atlantis": armsflow.EntityState,
		"New League**": armsflow.EntityOrganisation, "Unknown seller": armsflow.EntityUnknown,
	} {
		want := armsflow.Entity{Name: name, Kind: kind}
		if got, ok := r.Lookup(name); !ok || got != want {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", name, got, ok, want)
		}
	}
	if got := len(r.Entities()); got != base+4 {
		t.Errorf("New(...) has %d entities; want %d", got, base+4)
	}
	if !r.InRegion("Turkiye", "Middle East") || !r.InRegion("Turkey", "Middle East") {
		t.Error("Turkiye is not in the Middle East")
	}
	if reg, _ := r.ResolveRegion("Middle East"); !slices.Contains(reg.Members, "Turkiye") || slices.Contains(reg.Members, "Turkey") {
		t.Errorf("Middle East members = %q; want Turkiye, not Turkey", reg.Members)
	}
	if got := r.Suggest("turk", 0); !slices.Contains(got, "Turkiye") || slices.Contains(got, "Turkey") {
		t.Errorf(`Suggest("turk") = %q`, got)
	}
	es := r.Entities()
	if !slices.IsSortedFunc(es, func(a, b armsflow.Entity) int { return compareNames(a.Name, b.Name) }) {
		t.Error("Entities() is not sorted by name")
	}

	// The last spelling passed wins; the built-in registry is untouched.
	for _, tt := range []struct {
		data []string
		want string
	}{
		{[]string{"Turkey", "Turkiye"}, "Turkiye"},
		{[]string{"Turkiye", "Turkey"}, "Turkey"},
		{[]string{"Türkiye"}, "Türkiye"},
		{nil, "Turkey"},
	} {
		r := New(tt.data...)
		if got, err := r.Resolve("TUR"); err != nil || got.Name != tt.want {
			t.Errorf("New(%q).Resolve(TUR) = %q, %v; want %q", tt.data, got.Name, err, tt.want)
		}
		if n := len(r.Entities()); n != base {
			t.Errorf("New(%q) has %d entities; want %d", tt.data, n, base)
		}
	}

	// A data name that an alias gives to two parties is a party of its own.
	r = New("Korea", "KOREA")
	if e, err := r.Resolve("Korea"); err != nil || e.Name != "KOREA" || e.Region != "" || len(r.Entities()) != base+1 {
		t.Errorf(`New("Korea").Resolve("Korea") = %+v, %v`, e, err)
	}
	if e, _ := r.Resolve("South Korea"); e.Name != "South Korea" {
		t.Errorf(`New("Korea").Resolve("South Korea") = %+v`, e)
	}
}

func TestEntitiesUnique(t *testing.T) {
	es := New().Entities()
	if len(es) != len(table) {
		t.Fatalf("Entities() = %d; want %d", len(es), len(table))
	}
	r := New()
	for _, e := range es {
		if got, err := r.Resolve(e.Name); err != nil || got != e {
			t.Errorf("Resolve(%q) = %+v, %v", e.Name, got, err)
		}
		for _, c := range []string{e.Code, e.SIPRICode} {
			if c == "" || ambiguous[fold(c)] != nil {
				continue
			}
			if got, err := r.Resolve(c); err != nil || got != e {
				t.Errorf("Resolve(%q) = %+v, %v; want %q", c, got, err, e.Name)
			}
		}
	}
}

var (
	iso3RE  = regexp.MustCompile(`^[A-Z]{3}$`)
	iso2RE  = regexp.MustCompile(`^[A-Z]{2}$`)
	sipriRE = regexp.MustCompile(`^[A-Z]{2,3}$`)
)

func TestTable(t *testing.T) {
	seen := map[string]string{}
	unique := func(kind, v, name string) {
		if v == "" {
			return
		}
		if prev, ok := seen[kind+v]; ok {
			t.Errorf("%s %q of %q is also %q's", kind, v, name, prev)
		}
		seen[kind+v] = name
	}
	regions := map[string]bool{}
	for _, r := range regionTable {
		regions[r.name] = true
	}
	for i, e := range table {
		unique("name", fold(e.name), e.name)
		unique("SIPRI code", e.sipri, e.name)
		unique("ISO alpha-3", e.iso3, e.name)
		unique("ISO alpha-2", e.iso2, e.name)
		if i > 0 && compareNames(table[i-1].name, e.name) >= 0 && strings.ToLower(table[i-1].name) > strings.ToLower(e.name) {
			t.Errorf("table: %q after %q; keep the table alphabetical", e.name, table[i-1].name)
		}
		if e.sipri != "" && !sipriRE.MatchString(e.sipri) || e.iso3 != "" && !iso3RE.MatchString(e.iso3) ||
			e.iso2 != "" && !iso2RE.MatchString(e.iso2) {
			t.Errorf("%q: malformed codes %q %q %q", e.name, e.sipri, e.iso3, e.iso2)
		}
		if (e.iso3 == "") != (e.iso2 == "") {
			t.Errorf("%q: ISO alpha-3 %q but alpha-2 %q", e.name, e.iso3, e.iso2)
		}
		kind := armsflow.KindOfName(e.name)
		switch {
		case kind == armsflow.EntityOrganisation || kind == armsflow.EntityUnknown || e.name == "Unknown rebel group*":
			if e.region != "" {
				t.Errorf("%q (%s) has region %q; want none", e.name, kind, e.region)
			}
		case !regions[e.region]:
			t.Errorf("%q: region %q is not one of SIPRI's", e.name, e.region)
		}
		for _, a := range e.aliases {
			if fold(a) == "" {
				t.Errorf("%q: alias %q folds to nothing", e.name, a)
			}
		}
	}
}

func TestRegions(t *testing.T) {
	r := New()
	rs := r.Regions()
	var top []string
	parents := map[string]string{}
	for _, g := range rs {
		parents[g.Name] = g.Parent
		if g.Parent == "" {
			top = append(top, g.Name)
		}
	}
	if want := []string{"Africa", "Americas", "Asia and Oceania", "Europe", "Middle East"}; !slices.Equal(top, want) {
		t.Errorf("top-level regions = %q; want %q", top, want)
	}
	wantSub := map[string]string{
		"North Africa": "Africa", "Sub-Saharan Africa": "Africa",
		"Central America and the Caribbean": "Americas", "North America": "Americas", "South America": "Americas",
		"Central Asia": "Asia and Oceania", "East Asia": "Asia and Oceania", "Oceania": "Asia and Oceania",
		"South Asia": "Asia and Oceania", "South East Asia": "Asia and Oceania",
		"Central Europe": "Europe", "Eastern Europe": "Europe", "Western Europe": "Europe",
	}
	for sub, p := range wantSub {
		if parents[sub] != p {
			t.Errorf("parent of %q = %q; want %q", sub, parents[sub], p)
		}
	}
	if len(rs) != len(top)+len(wantSub) {
		t.Errorf("%d regions; want %d", len(rs), len(top)+len(wantSub))
	}

	states := func(region string) []string {
		g, err := r.ResolveRegion(region)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range g.Members {
			if e, _ := r.Lookup(m); e.Kind == armsflow.EntityState {
				out = append(out, m)
			}
		}
		return out
	}
	for _, tt := range []struct {
		region string
		want   []string
	}{
		{"South East Asia", []string{"Brunei", "Cambodia", "Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines",
			"Singapore", "South Vietnam", "Thailand", "Timor-Leste", "Viet Nam"}},
		{"North Africa", []string{"Algeria", "Libya", "Libya GNC", "Morocco", "Tunisia", "Western Sahara"}},
		{"North America", []string{"Canada", "United States"}},
		{"Central Asia", []string{"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"}},
		{"East Asia", []string{"China", "Japan", "Mongolia", "North Korea", "South Korea", "Taiwan"}},
		{"Eastern Europe", []string{"Armenia", "Azerbaijan", "Belarus", "Georgia", "Moldova", "Russia", "Soviet Union", "Ukraine"}},
		{"Middle East", []string{"Bahrain", "Egypt", "Iran", "Iraq", "Israel", "Jordan", "Kuwait", "Lebanon", "North Yemen",
			"Oman", "Palestine", "Qatar", "Saudi Arabia", "South Yemen", "Syria", "Turkey", "UAE", "Yemen", "Yemen Arab Republic"}},
		{"South Asia", []string{"Afghanistan", "Bangladesh", "Bhutan", "India", "Maldives", "Nepal", "Pakistan", "Sri Lanka"}},
	} {
		if got := states(tt.region); !slices.Equal(got, tt.want) {
			t.Errorf("states of %s = %q\nwant %q", tt.region, got, tt.want)
		}
	}
	sea, _ := r.ResolveRegion("SEA")
	for _, m := range []string{"Viet Cong (South Vietnam)*", "Khmer Rouge (Cambodia)*", "Pathet Lao (Laos)*", "Viet Minh (France)*"} {
		if !slices.Contains(sea.Members, m) {
			t.Errorf("South East Asia lacks %q", m)
		}
	}

	// Every party with a region is a member of its region and its subregion,
	// and the members of a region are those of its subregions plus its own.
	byName := map[string]Region{}
	for _, g := range rs {
		byName[g.Name] = g
	}
	for _, e := range r.Entities() {
		if e.Region != "" && !slices.Contains(byName[e.Region].Members, e.Name) {
			t.Errorf("%q is not a member of %q", e.Name, e.Region)
		}
		if e.Subregion != "" && (!slices.Contains(byName[e.Subregion].Members, e.Name) || parents[e.Subregion] != e.Region) {
			t.Errorf("%q: subregion %q of region %q", e.Name, e.Subregion, e.Region)
		}
	}
	for _, g := range rs {
		if g.Parent != "" && !isSubset(g.Members, byName[g.Parent].Members) {
			t.Errorf("members of %q are not all in %q", g.Name, g.Parent)
		}
	}

	for _, tt := range []struct{ input, want string }{
		{"South East Asia", "South East Asia"}, {"Southeast Asia", "South East Asia"}, {"SE Asia", "South East Asia"},
		{"south-east asia", "South East Asia"}, {"SEA", "South East Asia"}, {"Europe", "Europe"}, {"europe", "Europe"},
		{"Middle East", "Middle East"}, {"MIDDLE EAST", "Middle East"}, {"Sub Saharan Africa", "Sub-Saharan Africa"},
		{"Central America & the Caribbean", "Central America and the Caribbean"}, {"Caribbean", "Central America and the Caribbean"},
		{"Asia", "Asia and Oceania"}, {"Western Europe", "Western Europe"}, {"Americas", "Americas"},
	} {
		if g, err := r.ResolveRegion(tt.input); err != nil || g.Name != tt.want {
			t.Errorf("ResolveRegion(%q) = %q, %v; want %q", tt.input, g.Name, err, tt.want)
		}
	}
	for _, tt := range []struct{ input, want string }{
		{"Sout East Asia", `unknown region "Sout East Asia"; did you mean "South East Asia"?`},
		{"Eurpoe", `unknown region "Eurpoe"; did you mean "Europe"?`},
		{"Mars", `unknown region "Mars": use one of Africa, North Africa, Sub-Saharan Africa, Americas, ` +
			`Central America and the Caribbean, North America, South America, Asia and Oceania, Central Asia, ` +
			`East Asia, Oceania, South Asia, South East Asia, Europe, Central Europe, Eastern Europe, Western Europe, Middle East`},
	} {
		_, err := r.ResolveRegion(tt.input)
		if armsflow.ErrorCode(err) != armsflow.ENOTFOUND || armsflow.ErrorMessage(err) != tt.want {
			t.Errorf("ResolveRegion(%q) = %v\nwant %s", tt.input, err, tt.want)
		}
	}
}

func isSubset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func TestInRegion(t *testing.T) {
	r := New()
	tests := []struct {
		name, region string
		want         bool
	}{
		{"Viet Nam", "South East Asia", true},
		{"Viet Nam", "Asia and Oceania", true},
		{"Viet Nam", "Asia", true},
		{"Vietnam", "SEA", true},
		{"Viet Nam", "East Asia", false},
		{"Viet Nam", "Europe", false},
		{"South Vietnam", "South East Asia", true},
		{"Viet Cong (South Vietnam)*", "South East Asia", true},
		{"Soviet Union", "Eastern Europe", true},
		{"Soviet Union", "Europe", true},
		{"Russia", "Eastern Europe", true},
		{"Germany", "Western Europe", true},
		{"East Germany (GDR)", "Central Europe", true},
		{"Czechoslovakia", "Central Europe", true},
		{"Yugoslavia", "Central Europe", true},
		{"North Yemen", "Middle East", true},
		{"South Yemen", "Middle East", true},
		{"Egypt", "Middle East", true},
		{"Egypt", "Africa", false},
		{"Turkey", "Middle East", true},
		{"Turkey", "Europe", false},
		{"Mexico", "Central America and the Caribbean", true},
		{"Mexico", "North America", false},
		{"Cyprus", "Western Europe", true},
		{"Hezbollah (Lebanon)*", "Middle East", true},
		{"Provisional IRA (UK)*", "Western Europe", true},
		{"FRELIMO (Portugal)*", "Sub-Saharan Africa", true},
		{"Europe multi-state", "Europe", true},
		{"Europe multi-state", "Western Europe", false},
		{"NATO**", "Europe", false},
		{"United Nations**", "Americas", false},
		{"Unknown supplier(s)", "Africa", false},
		{"Korea", "East Asia", false},   // ambiguous
		{"Atlantis", "Europe", false},   // unknown party
		{"Viet Nam", "Atlantis", false}, // unknown region
		{"Viet Nam", "", false},         // no region
		{"", "South East Asia", false},  // no party
		{"viet nam", "south east asia", true},
	}
	for _, tt := range tests {
		if got := r.InRegion(tt.name, tt.region); got != tt.want {
			t.Errorf("InRegion(%q, %q) = %v; want %v", tt.name, tt.region, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want, words string }{
		{"Viet Nam", "vietnam", "viet nam"},
		{"Côte d’Ivoire", "cotedivoire", "cote d ivoire"},
		{"TÜRKİYE", "turkiye", "turkiye"},
		{"Bosnia and Herzegovina", "bosniaherzegovina", "bosnia herzegovina"},
		{"The Gambia", "gambia", "gambia"},
		{"St. Kitts & Nevis", "saintkittsnevis", "saint kitts nevis"},
		{"Unknown supplier(s)", "unknownsuppliers", "unknown supplier s"},
		{"NATO**", "nato", "nato"},
		{"the", "the", "the"},
		{"Россия", "россия", "россия"},
		{"", "", ""},
	} {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if got := foldWords(tt.in); got != tt.words {
			t.Errorf("foldWords(%q) = %q; want %q", tt.in, got, tt.words)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"rusia", "russia", 1}, {"untiedstates", "unitedstates", 1},
		{"vietnm", "vietnam", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
		{strings.Repeat("a", 60), strings.Repeat("a", 59) + "b", 1},
	} {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestConcurrent(t *testing.T) {
	r := New("Turkiye", "Atlantis")
	inputs := []string{"Vietnam", "Rusia", "Korea", "turk", "Atlantis", "7"}
	// answer is everything the registry says about one input, as text.
	answer := func(r *Registry, in string) string {
		ent, err := r.Resolve(in)
		return fmt.Sprintf("%s|%s|%q|%v|%d|%d|%q", ent.Name, armsflow.ErrorCode(err), r.Suggest(in, 5), r.InRegion(in, "Europe"),
			len(r.Regions()), len(r.Entities()), New("Viet Nam", "Foo*").Suggest("foo", 3))
	}
	// What one goroutine alone gets is what eight at once must get.
	want := map[string]string{}
	for _, in := range inputs {
		want[in] = answer(New("Turkiye", "Atlantis"), in)
	}
	if !strings.HasPrefix(want["Vietnam"], "Viet Nam||") || !strings.HasPrefix(want["Atlantis"], "Atlantis||") {
		t.Fatalf("serial answers: %q", want)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, in := range inputs {
				if got := answer(r, in); got != want[in] {
					t.Errorf("%q concurrently: %s, alone: %s", in, got, want[in])
				}
			}
		})
	}
	wg.Wait()
}
