package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDependencyCommand checks issue 13 on the March 2025 register: Viet
// Nam's and India's stock as of 2021, the JSON shape, and the command's
// refusals.
func TestDependencyCommand(t *testing.T) {
	db := realDB(t)
	for _, c := range []struct {
		recipient string
		russia    float64
	}{{"Viet Nam", 82.4}, {"India", 66.4}} {
		v := jsonOf(t, "--db", db, "dependency", "--recipient", c.recipient, "--as-of", "2021", "--dataset", "register-2025-03-13")
		for _, k := range []string{"dataset", "recipient", "as_of", "weight", "rows", "flow_share", "pipeline", "exposure", "note"} {
			if _, ok := v[k]; !ok {
				t.Errorf("%s: no %q in the JSON", c.recipient, k)
			}
		}
		first := rows(v)[0]
		for _, k := range []string{"name", "code", "tiv", "units", "share_pct", "low_pct", "high_pct"} {
			if _, ok := first[k]; !ok {
				t.Errorf("%s: no %q in a row", c.recipient, k)
			}
		}
		share := math.Round(first["share_pct"].(float64)*10) / 10 // JSON keeps every digit
		if first["name"] != "Russia" || share != c.russia || !(first["low_pct"].(float64) <= first["share_pct"].(float64) && first["share_pct"].(float64) <= first["high_pct"].(float64)) {
			t.Errorf("%s: first row %v, want Russia with %v %% inside its band", c.recipient, first, c.russia)
		}
		// The sanctions over Crimea aim at Russia; CAATSA's at the buyers
		// of its arms (China 2018, Türkiye 2020): two items, each saying so.
		ex := v["exposure"].([]any)
		var caatsa map[string]any
		for _, x := range ex {
			if m := x.(map[string]any); strings.Contains(m["event"].(string), "2017-caatsa") {
				caatsa = m
			} else if m["targets"] != "supplier" {
				t.Errorf("%s: exposure item %v: targets %v, want supplier", c.recipient, m["event"], m["targets"])
			}
		}
		if caatsa == nil || caatsa["targets"] != "buyers" || !strings.Contains(caatsa["event"].(string), "2018-caatsa-china") ||
			caatsa["regime"] != "United States sanctions on buyers of arms from Russia" {
			t.Errorf("%s: exposure %v: CAATSA not an item aimed at buyers", c.recipient, ex)
		}
		if !strings.Contains(v["note"].(string), "transfers, not inventories") {
			t.Errorf("%s: note %q", c.recipient, v["note"])
		}
	}
	// --by category is dependency's own, not flows' year or period.
	if code, out, stderr := runCLI(t, context.Background(), "", "--db", db, "dependency", "--recipient", "VNM", "--by", "category"); code != 0 || out == "" {
		t.Errorf("--by category: exit %d, %s", code, stderr)
	}
	for _, format := range []string{"table", "csv", "md", "latex"} {
		code, out, stderr := runCLI(t, context.Background(), "", "--db", db, "dependency", "--recipient", "VNM", "--years", "2017-2021", "--format", format)
		if code != 0 || !strings.Contains(out, "Russia") {
			t.Errorf("--format %s: exit %d, %s\n%s", format, code, stderr, out)
		}
	}

	bad := filepath.Join(t.TempDir(), "lives.yaml")
	if err := os.WriteFile(bad, []byte("categories:\n  - category: Ships\n    years: many\n    why: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--service-life", bad}, 1, "lives.yaml:3:12: years \"many\""},
		{[]string{"--service-life", filepath.Join(t.TempDir(), "none.yaml")}, 1, "no such file"},
		{[]string{"--weight", "money"}, 2, "--weight"},
		{[]string{"--by", "year"}, 2, "--by"},
		{[]string{"--as-of", "2031"}, 1, "covers the year 2031"},
	} {
		code, _, stderr := runCLI(t, context.Background(), "", append([]string{"--db", db, "dependency", "--recipient", "Viet Nam"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, %q; want %d mentioning %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}
