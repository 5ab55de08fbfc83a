package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// newUserLibrary is what a new user imports with the README's own command:
// the TIV tables of 2022 and the register of October 2025.
var newUserLibrary = struct {
	once sync.Once
	path string
	err  string
}{}

func newUserDB(t *testing.T) string {
	t.Helper()
	sipri := sharedSIPRI(t)
	newUserLibrary.once.Do(func() {
		dir, err := os.MkdirTemp("", "armsflow-cli-coverage-")
		if err != nil {
			newUserLibrary.err = err.Error()
			return
		}
		newUserLibrary.path = filepath.Join(dir, "lib.db")
		code, _, stderr := runCLI(t, context.Background(), "", "--db", newUserLibrary.path, "import",
			filepath.Join(sipri, "tiv-2022-04"), filepath.Join(sipri, "register-2025-10.csv"))
		if code != 0 {
			newUserLibrary.err = stderr
		}
	})
	if newUserLibrary.err != "" {
		t.Fatalf("importing SIPRI's files: %s", newUserLibrary.err)
	}
	return newUserLibrary.path
}

// text runs a command and returns its table output, failing on an error.
func text(t *testing.T, args ...string) string {
	t.Helper()
	code, stdout, stderr := runCLI(t, context.Background(), "", args...)
	if code != 0 {
		t.Fatalf("armsflow %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// TestNewUserRankPastTables: Viet Nam's suppliers over 2020-2024 no longer
// come from tables that end in 2021 (the Netherlands first with 31.2 %):
// the register that covers the years answers, saying it is an estimate.
func TestNewUserRankPastTables(t *testing.T) {
	db := newUserDB(t)
	v := jsonOf(t, "--db", db, "rank", "suppliers", "--recipient", "Vietnam", "--years", "2020-2024")
	rs := rows(v)
	if v["dataset"] != "register-2025-10-23" || v["estimated"] != true || rs[0]["name"] != "Russia" {
		t.Errorf("answered from %v (estimated %v), first %v", v["dataset"], v["estimated"], rs[0])
	}
	if _, ok := v["straddle_share_pct"].(float64); !ok {
		t.Errorf("an estimate without straddle_share_pct: %v", v["straddle_share_pct"])
	}
	cov, _ := v["coverage"].(map[string]any)
	if cov["from"] != 1950.0 || cov["to"] != 2025.0 || cov["partial_from"] != 2025.0 {
		t.Errorf("coverage %v", cov)
	}
	out := text(t, "--db", db, "rank", "suppliers", "--recipient", "Vietnam", "--years", "2020-2024")
	for _, bad := range []string{"rounded to whole millions by SIPRI", "because no TIV table is imported", "31.2"} {
		if strings.Contains(out, bad) {
			t.Errorf("the answer says %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "Estimated: yearly TIV spread evenly over each deal's delivery years from register-2025-10-23 (classic trade register)") ||
		strings.Count(out, "Estimated:") != 1 {
		t.Errorf("the estimate's note, once:\n%s", out)
	}
}

// TestNewUserFlowsPastTables: Russia → Viet Nam over 2015-2024 has figures
// for 2022-2024, not blanks saying "no deliveries"; pinned to the tables
// with --partial, those years read "not covered".
func TestNewUserFlowsPastTables(t *testing.T) {
	db := newUserDB(t)
	v := jsonOf(t, "--db", db, "flows", "--supplier", "Russia", "--recipient", "Vietnam", "--years", "2015-2024")
	rs := rows(v)
	if v["dataset"] != "register-2025-10-23" || len(rs) != 10 {
		t.Fatalf("answered from %v with %d rows", v["dataset"], len(rs))
	}
	for _, r := range rs {
		if r["covered"] != true {
			t.Errorf("%v not covered", r["year"])
		}
	}
	if rs[7]["tiv"].(float64) <= 0 || rs[8]["tiv"].(float64) <= 0 { // 2022, 2023
		t.Errorf("2022-2023: %v %v", rs[7], rs[8])
	}
	args := []string{"--db", db, "flows", "--supplier", "Russia", "--recipient", "Vietnam", "--years", "2015-2024", "--dataset", "tiv-2022-04-22"}
	code, _, stderr := runCLI(t, context.Background(), "", args...)
	if code != 1 || !strings.Contains(stderr, "does not cover years 2015-2024") || !strings.Contains(stderr, "register-2025-10-23 covers them") {
		t.Errorf("pinned to the tables: exit %d, %s", code, stderr)
	}
	args = append(args, "--partial")
	p := jsonOf(t, args...)
	for _, r := range rows(p) {
		if want := r["year"].(float64) <= 2021; r["covered"] != want {
			t.Errorf("--partial: %v covered %v", r["year"], r["covered"])
		}
	}
	out := text(t, args...)
	if strings.Count(out, "not covered") < 3 || strings.Contains(out, "no deliveries recorded") {
		t.Errorf("--partial:\n%s", out)
	}
}

// TestNewUserWorldRanks: US exports 2020-24 against 2015-19, and Ukraine
// among importers 2020-24 (SIPRI's fact sheet: first, 8.8 %).
func TestNewUserWorldRanks(t *testing.T) {
	db := newUserDB(t)
	us := func(years string) (float64, any) {
		v := jsonOf(t, "--db", db, "rank", "suppliers", "--years", years, "--limit", "0")
		for _, r := range rows(v) {
			if r["name"] == "United States" {
				return r["tiv"].(float64), v["dataset"]
			}
		}
		t.Fatalf("%s: no United States", years)
		return 0, nil
	}
	before, ds1 := us("2015-2019")
	after, ds2 := us("2020-2024")
	if after < before || ds1 != "tiv-2022-04-22" || ds2 != "register-2025-10-23" {
		t.Errorf("US exports %v (%v) then %v (%v): they rose, by SIPRI's count", before, ds1, after, ds2)
	}
	v := jsonOf(t, "--db", db, "rank", "recipients", "--years", "2020-2024")
	first := rows(v)[0]
	if first["name"] != "Ukraine" || math.Round(first["share_pct"].(float64)*10)/10 != 8.8 {
		t.Errorf("first importer 2020-2024: %v", first)
	}
}

// TestNewUserNotCovered: years no dataset covers are refused with exit 1,
// naming each dataset's coverage and the ways out.
func TestNewUserNotCovered(t *testing.T) {
	db := newUserDB(t)
	for _, args := range [][]string{
		{"flows", "--supplier", "Russia", "--recipient", "Vietnam", "--years", "2030-2031"},
		{"rank", "suppliers", "--years", "2030-2031"},
		{"concentration", "--recipient", "Vietnam", "--years", "2026-2030"},
		{"report", "--supplier", "Russia", "--recipient", "Vietnam", "--years", "2024-2027", "--out", filepath.Join(t.TempDir(), "r.md")},
		{"timeline", "--between", "Russia", "Vietnam", "--years", "2030-2031"},
	} {
		code, stdout, stderr := runCLI(t, context.Background(), "", append([]string{"--db", db}, args...)...)
		if code != 1 || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q", args[0], code, stdout)
		}
		for _, want := range []string{"tiv-2022-04-22 covers 1950-2021", "register-2025-10-23 covers 1950-2025 (2025 partial)", "--years", "armsflow fetch", "import newer"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: stderr lacks %q: %s", args[0], want, stderr)
			}
		}
	}
}

// TestNewUserDatasets: coverage in every format, and the choice rule told
// truthfully.
func TestNewUserDatasets(t *testing.T) {
	db := newUserDB(t)
	v := jsonOf(t, "--db", db, "datasets")
	want := map[string]string{"tiv-2022-04-22": `1950 2021 0`, "register-2025-10-23": `1950 2025 2025`}
	for _, r := range rows(v) {
		cov := r["coverage"].(map[string]any)
		pf, _ := cov["partial_from"].(float64)
		got := strings.Join([]string{ftoa(cov["from"].(float64)), ftoa(cov["to"].(float64)), ftoa(pf)}, " ")
		if got != want[r["name"].(string)] {
			t.Errorf("%v: coverage %s, want %s", r["name"], got, want[r["name"].(string)])
		}
	}
	if rule, _ := v["choice"].(string); !strings.Contains(rule, "covers every year asked") {
		t.Errorf("JSON choice %q", rule)
	}
	for _, format := range []string{"table", "csv", "md", "latex"} {
		out := text(t, "--db", db, "datasets", "--format", format)
		if !strings.Contains(out, "1950-2021") || !strings.Contains(out, "1950-2025 (2025 partial)") {
			t.Errorf("%s: no coverage:\n%s", format, out)
		}
		// CSV is the data alone, without notes.
		if strings.Contains(out, "newest dataset of a kind") || format != "csv" && !strings.Contains(out, "covers every year asked") {
			t.Errorf("%s: the choice rule:\n%s", format, out)
		}
	}
}

func ftoa(v float64) string { return strconv.Itoa(int(v)) }

// TestExactRegisterSample: the register with SIPRI's export option answers
// exactly (issue 9's acceptance: Russia → China 2000 is 2,205.0 and 2001 is
// 2,463.25, the world total of 2000 19,415.7), not marked estimated, and
// refuses the years outside its scope.
func TestExactRegisterSample(t *testing.T) {
	sample := filepath.Join(sharedSIPRI(t), "register-flat-2025-02-sample.csv")
	db := filepath.Join(t.TempDir(), "lib.db")
	if code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "import", sample); code != 0 {
		t.Skipf("this build cannot import the export option's register yet: %s", stderr)
	}
	if ds := rows(jsonOf(t, "--db", db, "datasets")); len(ds) != 1 || ds[0]["yearly_tiv"] != true {
		t.Skipf("this build's library does not keep the register's yearly TIV yet: %v", ds)
	}
	v := jsonOf(t, "--db", db, "flows", "--supplier", "Russia", "--recipient", "China")
	rs := rows(v)
	if v["estimated"] != false || v["exact"] != true || len(rs) != 2 || rs[0]["tiv"] != 2205.0 || rs[1]["tiv"] != 2463.25 {
		t.Errorf("estimated %v exact %v rows %v", v["estimated"], v["exact"], rs)
	}
	w := jsonOf(t, "--db", db, "rank", "suppliers", "--years", "2000")
	if tot := w["total_tiv"].(float64); tot < 19415.65 || tot >= 19415.75 {
		t.Errorf("world total 2000: %v, want 19,415.7", tot)
	}
	out := text(t, "--db", db, "flows", "--supplier", "Russia", "--recipient", "China")
	if strings.Contains(out, "Estimated") || strings.Contains(out, "rounded to whole millions by SIPRI") || !strings.Contains(out, "2,463.25") {
		t.Errorf("exact answer:\n%s", out)
	}
	code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "flows", "--supplier", "Russia", "--recipient", "China", "--years", "1999-2001")
	if code != 1 || !strings.Contains(stderr, "covers 2000-2001") {
		t.Errorf("1999-2001: exit %d, %s", code, stderr)
	}
}
