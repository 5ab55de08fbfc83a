package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// within reports whether got, printed as SIPRI's fact sheets print it, is
// want: whole numbers from 10, one decimal below.
func within(got any, want float64) bool {
	g, ok := got.(float64)
	if !ok {
		return false
	}
	if math.Abs(want) >= 10 {
		return math.Round(g) == want
	}
	return math.Round(g*10)/10 == want
}

func rowNamed(t *testing.T, v map[string]any, name string) map[string]any {
	t.Helper()
	for _, r := range rows(v) {
		if r["name"] == name {
			return r
		}
	}
	t.Fatalf("no row %q", name)
	return nil
}

// TestAcceptanceFactSheet is issue 12's acceptance: the figures of SIPRI's
// fact sheet "Trends in international arms transfers, 2021", each from one
// command on the TIV tables of April 2022.
func TestAcceptanceFactSheet(t *testing.T) {
	db := realDB(t)
	// World total 2017-21 against 2012-16: -4.6 %; US 39 % and +14 %,
	// France +59 %, Russia -26 %.
	v := jsonOf(t, "--db", db, "rank", "suppliers", "--years", "2017-2021", "--compare", "2012-2016", "--limit", "5")
	if !within(v["total_change_pct"], -4.6) || v["totals"] != "sum" {
		t.Errorf("world change %v (totals %v), want -4.6", v["total_change_pct"], v["totals"])
	}
	us := rowNamed(t, v, "United States")
	if !within(us["share_pct"], 39) || !within(us["change_pct"], 14) {
		t.Errorf("US share %v change %v, want 39 and +14", us["share_pct"], us["change_pct"])
	}
	if prev := us["previous"].(map[string]any); prev["rank"] != 1.0 || prev["tiv"] != 45964.0 {
		t.Errorf("US previous %v", prev)
	}
	if fr := rowNamed(t, v, "France"); !within(fr["change_pct"], 59) {
		t.Errorf("France change %v, want +59", fr["change_pct"])
	}
	if ru := rowNamed(t, v, "Russia"); !within(ru["change_pct"], -26) {
		t.Errorf("Russia change %v, want -26", ru["change_pct"])
	}
	// The top five exporters: 77 %.
	if !within(v["rows_share_pct"], 77) {
		t.Errorf("top five %v, want 77", v["rows_share_pct"])
	}
	// JSON keeps full precision.
	if s := us["share_pct"].(float64); s == math.Round(s*10)/10 {
		t.Errorf("US share %v is rounded", s)
	}
	// Asia and Oceania: 43 % of world imports.
	a := jsonOf(t, "--db", db, "rank", "recipients", "--years", "2017-2021", "--region", "Asia and Oceania")
	if !within(a["world_share_pct"], 43) {
		t.Errorf("Asia and Oceania %v of the world, want 43", a["world_share_pct"])
	}
	// With SIPRI's own totals of each recipient: Asia and Oceania -4.7 %
	// from 2012-16, as the fact sheet says.
	ao := jsonOf(t, "--db", db, "rank", "recipients", "--years", "2017-2021", "--region", "Asia and Oceania", "--compare", "2012-2016", "--totals", "sipri")
	if ao["totals"] != "sipri" || !within(ao["total_change_pct"], -4.7) || !within(ao["world_share_pct"], 43) {
		t.Errorf("Asia and Oceania with SIPRI's totals: %v %v %v", ao["totals"], ao["total_change_pct"], ao["world_share_pct"])
	}
	// Russia delivered to 45 states.
	r := jsonOf(t, "--db", db, "rank", "recipients", "--years", "2017-2021", "--supplier", "Russia", "--states-only")
	if r["states_count"] != 45.0 || r["count"] != 45.0 {
		t.Errorf("Russia's recipients: %v states, %v parties; want 45", r["states_count"], r["count"])
	}
	// SIPRI's own world totals: the same change within rounding.
	s := jsonOf(t, "--db", db, "rank", "suppliers", "--years", "2017-2021", "--compare", "2012-2016", "--totals", "sipri")
	if s["totals"] != "sipri" || !within(s["total_change_pct"], -4.6) || s["total_tiv"] == v["total_tiv"] {
		t.Errorf("--totals sipri: %v %v %v", s["totals"], s["total_tiv"], s["total_change_pct"])
	}
	// In text: counts that say what they count, and fact sheet rounding.
	code, out, stderr := runCLI(t, context.Background(), "", "--db", db, "rank", "suppliers", "--years", "2017-2021", "--compare", "2012-2016", "--limit", "5")
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"60 states, 63 parties ranked", "The top 5 together: 77 %", "-4.6 %", "+14", "+59", "-26"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

// TestSIPRITotalsAgainstTotalRows: with --totals sipri a recipient's
// suppliers are shares of its table's own Total row, not the sum of the
// rows.
func TestSIPRITotalsAgainstTotalRows(t *testing.T) {
	db := realDB(t)
	// AFG.csv's Total row says 41 for 2007 where its rows sum to 40.
	sum := jsonOf(t, "--db", db, "rank", "suppliers", "--recipient", "Afghanistan", "--years", "2007")
	own := jsonOf(t, "--db", db, "rank", "suppliers", "--recipient", "Afghanistan", "--years", "2007", "--totals", "sipri")
	if sum["total_tiv"] != 40.0 || own["total_tiv"] != 41.0 || own["totals"] != "sipri" {
		t.Errorf("Afghanistan 2007: sum %v, SIPRI's %v (%v); want 40 and 41", sum["total_tiv"], own["total_tiv"], own["totals"])
	}
}

// TestGroupsCLI: a user's group from a YAML file, used as a recipient, and
// a built-in group with a member that joined inside the span.
func TestGroupsCLI(t *testing.T) {
	db := realDB(t)
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib.db")
	yaml := filepath.Join(dir, "groups.yaml")
	os.WriteFile(yaml, []byte("- name: Baltic states\n  members:\n    - {name: Estonia, from: 1991}\n    - {name: Latvia, from: 1991}\n    - {name: Lithuania, from: 1991}\n"), 0o644)
	if code, _, stderr := runCLI(t, context.Background(), "", "--db", lib, "groups", "import", yaml); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, context.Background(), "", "--db", lib, "groups", "add", "Baltic states", "--members", "Estonia"); code == 0 || !strings.Contains(stderr, "exists already") {
		t.Errorf("adding a taken name: %d %s", code, stderr)
	}
	g := jsonOf(t, "--db", lib, "groups", "show", "baltic states")
	if len(g["members"].([]any)) != 3 {
		t.Errorf("Baltic states: %v", g)
	}
	// NATO's recipients 2017-2021: North Macedonia joined in 2020, so only
	// its 2020-2021 imports count; as of 2019 it is left out.
	byYear := jsonOf(t, "--db", db, "rank", "suppliers", "--recipient", "NATO", "--years", "2017-2021")
	asOf := jsonOf(t, "--db", db, "rank", "suppliers", "--recipient", "NATO", "--years", "2017-2021", "--members-as-of", "2019")
	if byYear["total_tiv"].(float64) < asOf["total_tiv"].(float64) || byYear["world_share_pct"] == nil {
		t.Errorf("NATO by year %v, as of 2019 %v", byYear["total_tiv"], asOf["total_tiv"])
	}
}
