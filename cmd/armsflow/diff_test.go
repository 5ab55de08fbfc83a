package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	march   = "register-2025-03-13"
	october = "register-2025-10-23"
)

// diffJSON runs diff with --format json and decodes its output.
func diffJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	return jsonOf(t, append([]string{"diff"}, args...)...)
}

func list(v any) []map[string]any {
	var out []map[string]any
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// TestAcceptanceDiff is issue 9's section 4 on SIPRI's two 2025 registers,
// through the command line: what a user should see, checked by hand first.
func TestAcceptanceDiff(t *testing.T) {
	db := realDB(t)
	v := diffJSON(t, "--db", db, march, october)
	if v["old"] != march || v["new"] != october {
		t.Errorf("old %v new %v", v["old"], v["new"])
	}
	sum := v["summary"].(map[string]any)
	for _, k := range []string{"added", "removed", "changed", "renamed", "split", "merged", "out_of_scope", "unchanged"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	// The March export's deals without deliveries lie outside the October
	// export's scope ('deliveries 1950-2025'): out of scope, not removed.
	if sum["out_of_scope"].(float64) != 1166 || sum["removed"].(float64) != 0 || sum["added"].(float64) != 0 || sum["merged"].(float64) != 1 {
		t.Errorf("summary %v", sum)
	}
	deals := list(v["deals"])
	for _, d := range deals {
		if d["change"] == "out_of_scope" {
			old := list(d["old"])
			if len(old) != 1 || len(old[0]["delivery_years"].([]any)) != 0 {
				t.Errorf("out of scope: %v", d)
			}
		}
	}
	var renames []string
	for _, r := range list(v["renames"]) {
		renames = append(renames, r["kind"].(string)+": "+r["old"].(string)+" → "+r["new"].(string))
	}
	for _, want := range []string{"party: Libya HoR* → HoR (Libya)*", "designation: M-60A1 Patton-2 → M-60A1"} {
		if !slices.Contains(renames, want) {
			t.Errorf("renames lack %q", want)
		}
	}

	// Egypt's 1961 order of P-15 missiles from the Soviet Union: 30 → 23.
	v = diffJSON(t, "--db", db, march, october, "--supplier", "Soviet Union", "--recipient", "Egypt", "--field", "ordered")
	deals = list(v["deals"])
	if len(deals) != 1 || deals[0]["change"] != "changed" || !slices.Contains(deals[0]["fields"].([]any), any("ordered")) {
		t.Fatalf("P-15: %v", deals)
	}
	o, n := list(deals[0]["old"])[0], list(deals[0]["new"])[0]
	if o["designation"] != "P-15" || o["order_year"].(float64) != 1961 || o["ordered"].(float64) != 30 || n["ordered"].(float64) != 23 {
		t.Errorf("P-15: %v → %v", o, n)
	}

	// Chile's two PVP orders from France became one.
	v = diffJSON(t, "--db", db, march, october, "--supplier", "France", "--recipient", "Chile", "--change", "merged")
	deals = list(v["deals"])
	if len(deals) != 1 || len(list(deals[0]["old"])) != 2 || len(list(deals[0]["new"])) != 1 {
		t.Fatalf("PVP: %v", deals)
	}
	var got []float64
	for _, d := range slices.Concat(list(deals[0]["old"]), list(deals[0]["new"])) {
		got = append(got, d["ordered"].(float64), d["order_year"].(float64))
	}
	if !slices.Equal(got, []float64{9, 2009, 6, 2010, 15, 2009}) {
		t.Errorf("PVP: ordered and years %v", got)
	}

	// The deals of HoR (Libya)* are renamed (or changed besides), never
	// removed and added.
	v = diffJSON(t, "--db", db, march, october, "--recipient", "HoR (Libya)*")
	sum = v["summary"].(map[string]any)
	if sum["removed"].(float64) != 0 || sum["added"].(float64) != 0 || sum["renamed"].(float64) == 0 {
		t.Errorf("HoR (Libya)*: %v", sum)
	}
	for _, d := range list(v["deals"]) {
		if !slices.Contains(d["fields"].([]any), any("recipient")) {
			t.Errorf("HoR (Libya)* deal %v without a changed recipient", d["change"])
		}
	}
}

// TestDiffFormats: every format writes the summary first, and CSV one grid.
func TestDiffFormats(t *testing.T) {
	db := realDB(t)
	ctx := context.Background()
	for _, format := range []string{"table", "md", "latex", "csv"} {
		code, out, stderr := runCLI(t, ctx, "", "--db", db, "diff", march, october, "--format", format, "--limit", "3", "--top", "2")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		first := map[string]string{"table": "What SIPRI revised", "md": "### What SIPRI revised", "latex": "% requires", "csv": "Change,Supplier,Recipient"}[format]
		kind := map[string]string{"latex": `out\_of\_scope`, "md": `out\_of\_scope`, "csv": "changed"}[format]
		if kind == "" {
			kind = "out_of_scope"
		}
		if !strings.HasPrefix(out, first) || !strings.Contains(out, kind) {
			t.Errorf("%s output begins %q", format, out[:min(len(out), 200)])
		}
	}
	code, out, _ := runCLI(t, ctx, "", "--db", db, "diff", march, october, "--format", "csv", "--section", "summary")
	if code != 0 || !strings.HasPrefix(out, "Change,Deals,Meaning\nchanged,") || !strings.Contains(out, "out_of_scope,1166,") {
		t.Errorf("summary CSV %q", out)
	}
}

func TestDiffErrors(t *testing.T) {
	ctx := context.Background()
	db := realDB(t)
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"diff", march}, 2, "name two datasets"},
		{[]string{"diff", march, october, "--dataset", march}, 2, "not --dataset"},
		{[]string{"diff", march, "register-1999"}, 1, "armsflow datasets"},
		{[]string{"diff", march, october, "--change", "deleted"}, 1, "deleted"},
		{[]string{"diff", march, october, "--section", "flows,deals", "--format", "csv"}, 2, "one --section"},
		{[]string{"diff", march, october, "--supplier", "Atlantis"}, 1, "Atlantis"},
		{[]string{"diff", march, october, "--limit", "-1"}, 2, "--limit"},
		{[]string{"diff", march, october, "--years", "2030-2031"}, 1, "cover only 1950-"},
	} {
		code, _, stderr := runCLI(t, ctx, "", append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
	}
}

// TestDiffSmallRegisters runs diff on two registers made by hand, imported
// through the command line, and compares the text output with a golden file.
func TestDiffSmallRegisters(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	head := func(scope, date string) string {
		return "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range " + scope + " \n" +
			strings.Repeat("note\n", 9) + "Data generated: " + date + " 10:00:00 AM\n" +
			"Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"
	}
	old := head("'Not specified' to 'Not specified'", "13 Mar 2025") +
		"Egypt,Soviet Union,1961,?,30,?,P-15,anti-ship missile,30,,1962; 1964,New,For Komar FAC,0.6,18,18\n" +
		"Chile,France,2009,,9,?,PVP,armoured reconnaissance vehicle,9,,2010; 2011,New,,0.12,1.08,1.08\n" +
		"Chile,France,2010,?,6,?,PVP,armoured reconnaissance vehicle,6,?,2011,New,,0.12,0.72,0.72\n" +
		"Darfur rebels (Sudan)*,Libya HoR*,2016,?,5,?,Spartan,APC,5,,2016,Second hand,Second-hand; aid,0.06,0.32,0.32\n" +
		"Jordan,United States,1976,,82,,M-60A1 Patton-2,tank,82,,1977,New,,1.5,123,123\n" +
		"Viet Nam,Russia,2024,,12,,Su-35,FGA aircraft,0,,,New,,30,360,\n"
	new := head("'1950' to '2025'", "23 Oct 2025") +
		"Egypt,Soviet Union,1961,?,23,?,P-15,anti-ship missile,23,,1962; 1964,New,For Komar FAC,0.6,13.8,13.8\n" +
		"Chile,France,2009,?,15,?,PVP,armoured reconnaissance vehicle,15,?,2010; 2011,New,,0.12,1.8,1.8\n" +
		"Darfur rebels (Sudan)*,HoR (Libya)*,2016,?,5,?,Spartan,APC,5,,2016,Second hand,Second-hand; aid,0.06,0.32,0.32\n" +
		"Jordan,United States,1976,,82,,M-60A1,tank,82,,1977,New,,1.5,123,123\n"
	for name, text := range map[string]string{"old.csv": old, "new.csv": new} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(dir, "lib.db")
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "import", filepath.Join(dir, "old.csv"), filepath.Join(dir, "new.csv")); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := runCLI(t, ctx, "", "--db", db, "diff", march, october, "--section", "summary,renames,deals,world")
	if code != 0 {
		t.Fatal(stderr)
	}
	golden := filepath.Join("testdata", "diff.golden")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (UPDATE_GOLDEN=1 writes it)", err)
	}
	if out != string(want) {
		t.Errorf("diff output differs from %s:\n%s", golden, out)
	}
}

// BenchmarkDiff times 'armsflow diff' of SIPRI's two 2025 registers end to
// end: opening the library, loading both, comparing, writing JSON.
// Goal: under 1 s.
func BenchmarkDiff(b *testing.B) {
	sipri := sharedSIPRI(b)
	db := filepath.Join(b.TempDir(), "lib.db")
	if code := run(context.Background(), []string{"--db", db, "import", filepath.Join(sipri, "register-2025-03.csv"), filepath.Join(sipri, "register-2025-10.csv")},
		strings.NewReader(""), io.Discard, io.Discard); code != 0 {
		b.Fatal("import failed")
	}
	for b.Loop() {
		if code := run(context.Background(), []string{"--db", db, "diff", march, october, "--format", "json"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatal("diff failed")
		}
	}
}
