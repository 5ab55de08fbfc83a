package names

import "testing"

// TestBuiltinGroups checks the embedded groups: every member is a state the
// registry knows by its canonical name, and the accessions tested below.
func TestBuiltinGroups(t *testing.T) {
	r := New()
	gs := Groups()
	want := []string{"NATO", "European NATO members", "EU", "ASEAN", "GCC", "CSTO"}
	if len(gs) != len(want) {
		t.Fatalf("%d groups, want %d", len(gs), len(want))
	}
	for i, g := range gs {
		if g.Name != want[i] || !g.BuiltIn || g.Source == "" {
			t.Errorf("group %d: %q built-in %v source %q", i, g.Name, g.BuiltIn, g.Source)
		}
		for _, m := range g.Members {
			e, err := r.Resolve(m.Name)
			if err != nil || e.Name != m.Name || e.Kind != "state" {
				t.Errorf("%s: member %q resolves to %q (%v)", g.Name, m.Name, e.Name, err)
			}
		}
	}
	tests := []struct {
		group, member string
		year          int
		in            bool
	}{
		{"NATO", "Poland", 1998, false},
		{"NATO", "Poland", 1999, true},
		{"NATO", "Sweden", 2023, false},
		{"EU", "United Kingdom", 2019, true},
		{"EU", "United Kingdom", 2020, false},
		{"CSTO", "Uzbekistan", 2000, false},
		{"CSTO", "Uzbekistan", 2007, true},
		{"European NATO members", "United States", 2000, false},
	}
	for _, tt := range tests {
		var g *Group
		for i := range gs {
			if gs[i].Matches(tt.group) {
				g = &gs[i]
			}
		}
		if g == nil {
			t.Fatalf("no group %q", tt.group)
		}
		if got := g.MemberIn(tt.member, tt.year); got != tt.in {
			t.Errorf("%s: %s in %d = %v, want %v", tt.group, tt.member, tt.year, got, tt.in)
		}
	}
	if g := gs[0].AsOf(1999); !g.MemberIn("Poland", 1960) || g.MemberIn("Sweden", 2024) {
		t.Errorf("NATO as of 1999: %+v", g.Members)
	}
}

func TestParseGroupsErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"not a list", "name: x"},
		{"no name", "- members: [{name: France}]"},
		{"no members", "- name: X"},
		{"backwards", "- name: X\n  members: [{name: France, from: 2000, to: 1990}]"},
		{"bad yaml", "- name: [x"},
	}
	for _, tt := range tests {
		if _, err := ParseGroups([]byte(tt.in), "g.yaml"); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}
