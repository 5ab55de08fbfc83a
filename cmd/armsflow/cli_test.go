package main

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// realLibrary is a library with SIPRI's TIV tables and both registers,
// imported once for the tests of this file through the command line.
var realLibrary = struct {
	once sync.Once
	path string
	err  string
}{}

func realDB(t *testing.T) string {
	t.Helper()
	sipri := sharedSIPRI(t)
	realLibrary.once.Do(func() {
		dir, err := os.MkdirTemp("", "armsflow-cli-test-")
		if err != nil {
			realLibrary.err = err.Error()
			return
		}
		realLibrary.path = filepath.Join(dir, "lib.db")
		code, _, stderr := runCLI(t, context.Background(), "", "--db", realLibrary.path, "import",
			filepath.Join(sipri, "tiv-2022-04"), filepath.Join(sipri, "register-2025-03.csv"), filepath.Join(sipri, "register-2025-10.csv"))
		if code != 0 {
			realLibrary.err = stderr
		}
	})
	if realLibrary.err != "" {
		t.Fatalf("importing SIPRI's files: %s", realLibrary.err)
	}
	return realLibrary.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, p := range []string{realLibrary.path, newUserLibrary.path} {
		if p != "" {
			os.RemoveAll(filepath.Dir(p))
		}
	}
	os.Exit(code)
}

// jsonOf runs a command with --format json and decodes its output.
func jsonOf(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, stdout, stderr := runCLI(t, context.Background(), "", append(args, "--format", "json")...)
	if code != 0 {
		t.Fatalf("armsflow %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatalf("armsflow %s: not JSON: %v\n%s", strings.Join(args, " "), err, stdout)
	}
	return v
}

func rows(v map[string]any) []map[string]any {
	var out []map[string]any
	for _, r := range v["rows"].([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

// TestAcceptanceFlows is issue 2's first acceptance check.
func TestAcceptanceFlows(t *testing.T) {
	db := realDB(t)
	want := []float64{54, 2, 294, 164, 16, 2, 164, 53, 149, 974, 760, 313, 1056, 735, 702, 465, 333, 137, 9, 72}
	v := jsonOf(t, "--db", db, "flows", "--supplier", "Russia", "--recipient", "Viet Nam", "--years", "2002-2021", "--by", "year")
	rs := rows(v)
	if len(rs) != len(want) {
		t.Fatalf("%d rows, want %d", len(rs), len(want))
	}
	for i, r := range rs {
		if r["year"].(float64) != float64(2002+i) || r["tiv"].(float64) != want[i] {
			t.Errorf("row %d: %v %v, want %d %v", i, r["year"], r["tiv"], 2002+i, want[i])
		}
	}
	if v["dataset"] != "tiv-2022-04-22" || v["estimated"] != false {
		t.Errorf("dataset %v estimated %v", v["dataset"], v["estimated"])
	}
}

// TestAcceptanceRank is issue 2's second acceptance check: Russia second in
// each period, with the sums of the rounded yearly figures and world shares.
func TestAcceptanceRank(t *testing.T) {
	db := realDB(t)
	for _, p := range []struct {
		years string
		tiv   float64
		share float64
	}{
		{"2002-2006", 27410, 26.2}, {"2007-2011", 31606, 24.1}, {"2012-2016", 34389, 24.1}, {"2017-2021", 25300, 18.6},
	} {
		v := jsonOf(t, "--db", db, "rank", "suppliers", "--years", p.years)
		var russia map[string]any
		for _, r := range rows(v) {
			if r["name"] == "Russia" {
				russia = r
			}
		}
		if russia == nil || russia["rank"].(float64) != 2 || russia["tiv"].(float64) != p.tiv || math.Round(russia["share_pct"].(float64)*10)/10 != p.share {
			t.Errorf("%s: Russia %v, want rank 2, %v TIV, %v %%", p.years, russia, p.tiv, p.share)
		}
	}
	// A named party is found outside the top rows.
	v := jsonOf(t, "--db", db, "rank", "recipients", "--supplier", "Russia", "--recipient", "VN", "--years", "2017-2021", "--limit", "3")
	focus, _ := v["focus"].(map[string]any)
	if len(rows(v)) != 3 || focus == nil || focus["name"] != "Viet Nam" || focus["rank"].(float64) != 5 {
		t.Errorf("focus row %v with %d rows", focus, len(rows(v)))
	}
}

// TestAcceptanceRegisters checks that both vintages keep every record and
// hold the 52 Russia → Viet Nam deals, the T-90S among them.
func TestAcceptanceRegisters(t *testing.T) {
	db := realDB(t)
	ds := jsonOf(t, "--db", db, "datasets")
	records := map[string]float64{}
	for _, r := range rows(ds) {
		records[r["name"].(string)] = r["records"].(float64)
		for _, key := range []string{"name", "kind", "generated", "records", "sha256", "files", "imported_at"} {
			if _, ok := r[key]; !ok {
				t.Errorf("datasets row lacks %q", key)
			}
		}
	}
	// 29,511 and 28,346 whole records, and 4 and 2 broken over two lines.
	if records["register-2025-03-13"] != 29515 || records["register-2025-10-23"] != 28348 {
		t.Errorf("register records %v", records)
	}
	for _, dataset := range []string{"register-2025-03-13", "register-2025-10-23"} {
		v := jsonOf(t, "--db", db, "deals", "--supplier", "Russia", "--recipient", "Viet Nam", "--dataset", dataset)
		rs := rows(v)
		if len(rs) != 52 {
			t.Errorf("%s: %d Russia → Viet Nam deals, want 52", dataset, len(rs))
		}
		found := false
		for _, r := range rs {
			if r["designation"] == "T-90S" {
				found = true
				years, _ := json.Marshal(r["delivery_years"])
				if r["ordered"].(float64) != 64 || r["order_year"].(float64) != 2017 || string(years) != "[2018,2019]" {
					t.Errorf("%s: T-90S %v", dataset, r)
				}
			}
		}
		if !found {
			t.Errorf("%s: no T-90S deal", dataset)
		}
	}
}

// TestEventStudyCrimea is the figure checked by hand in docs/timeline.md.
func TestEventStudyCrimea(t *testing.T) {
	db := realDB(t)
	v := jsonOf(t, "--db", db, "event-study", "--between", "Russia", "Viet Nam", "--event", "2014-crimea-annexation", "--window", "5")
	b, _ := json.Marshal(v)
	for _, want := range []string{`"total_tiv":2249`, `"tiv":1056,"year":2014}`, `"total_tiv":2372`, `"change_pct":5.5`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("event study lacks %s: %s", want, b)
		}
	}
}

// TestExitCodes checks the contract: 0 on success, 1 on a user error with a
// message on stderr, 2 on bad usage with the usage text.
func TestExitCodes(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"help", []string{"--help"}, 0, ""},
		{"unknown command", []string{"--db", db, "frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"--db", db, "flows", "--bogus"}, 2, "flag provided but not defined"},
		{"rank without a side", []string{"--db", db, "rank"}, 2, "rank suppliers"},
		{"bad format", []string{"--db", db, "datasets", "--format", "xml"}, 2, "xml"},
		{"missing file", []string{"--db", db, "import", filepath.Join(t.TempDir(), "nope.csv")}, 1, "nope.csv: cannot read"},
		{"no data yet", []string{"--db", db, "flows", "--supplier", "Russia", "--recipient", "Viet Nam"}, 1, "import"},
		{"bad years", []string{"--db", db, "flows", "--supplier", "Russia", "--recipient", "Viet Nam", "--years", "20x2"}, 2, "20x2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, ctx, "", tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestFailedImportChangesNothing imports a directory with one truncated
// table into a library that has a register: the import fails naming the
// file, line and column, and the library is as it was.
func TestFailedImportChangesNothing(t *testing.T) {
	sipri := sharedSIPRI(t)
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "import", filepath.Join(sipri, "register-2025-10.csv")); code != 0 {
		t.Fatal(stderr)
	}
	_, before, _ := runCLI(t, ctx, "", "--db", db, "datasets", "--format", "csv")
	dir := t.TempDir()
	for _, name := range []string{"VN.csv", "ALL.csv"} {
		b, err := os.ReadFile(filepath.Join(sipri, "tiv-2022-04", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(sipri, "tiv-2022-04", "RUS.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "RUS.csv"), b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, ctx, "", "--db", db, "import", dir)
	if code != 1 || !strings.Contains(stderr, "RUS.csv:") || !strings.Contains(stderr, "re-download") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	_, after, _ := runCLI(t, ctx, "", "--db", db, "datasets", "--format", "csv")
	if before != after {
		t.Errorf("the library changed:\nbefore %s\nafter  %s", before, after)
	}
	// The same bytes again: a no-op that says so.
	_, stdout, _ := runCLI(t, ctx, "", "--db", db, "import", filepath.Join(sipri, "register-2025-10.csv"))
	if !strings.Contains(stdout, "already imported, nothing changed") {
		t.Errorf("re-import said %q", stdout)
	}
}

// TestTimelineRoundTrip: a new library has the starter timeline; its export
// re-imports as a no-op; a file with one bad event is refused whole, naming
// the event's line.
func TestTimelineRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	v := jsonOf(t, "--db", db, "events", "list", "--between", "Russia", "Viet Nam")
	evs := rows(v)
	if len(evs) < 25 {
		t.Fatalf("%d starter events, want 25 or more", len(evs))
	}
	for _, ev := range evs {
		if srcs, _ := ev["sources"].([]any); len(srcs) == 0 {
			t.Errorf("event %v has no source", ev["id"])
		}
	}
	for _, ext := range []string{"yaml", "json", "csv"} {
		out := filepath.Join(t.TempDir(), "timeline."+ext)
		if code, _, stderr := runCLI(t, ctx, "", "--db", db, "events", "export", "--out", out); code != 0 {
			t.Fatalf("export %s: %s", ext, stderr)
		}
		fresh := filepath.Join(t.TempDir(), "fresh.db")
		code, stdout, stderr := runCLI(t, ctx, "", "--db", fresh, "events", "import", out)
		if code != 0 || !strings.Contains(stdout, "imported 0 new events") {
			t.Errorf("re-import of the %s export: exit %d, %q %q", ext, code, stdout, stderr)
		}
	}
	// One bad date in a copy with new ids: nothing is added.
	out := filepath.Join(t.TempDir(), "timeline.yaml")
	runCLI(t, ctx, "", "--db", db, "events", "export", "--out", out)
	b, _ := os.ReadFile(out)
	text := strings.ReplaceAll(string(b), "- id: ", "- id: copy-")
	text = strings.Replace(text, `date: "2017-08-02"`, `date: "2017-13-02"`, 1)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte(text), 0o644)
	code, _, stderr := runCLI(t, ctx, "", "--db", db, "events", "import", bad)
	if code != 1 || !strings.Contains(stderr, "bad.yaml:") || !strings.Contains(stderr, `"copy-2017-caatsa"`) {
		t.Errorf("bad file: exit %d, %q", code, stderr)
	}
	if n := len(rows(jsonOf(t, "--db", db, "events", "list"))); n != len(evs) {
		t.Errorf("%d events after a refused import, want %d", n, len(evs))
	}
}

// TestAnswersWriteNoFile checks that no command marked as only answering
// (run without an interrupt handler) can write a file: whatever has an
// --out flag must get the cancelled context to clean up after Ctrl-C.
func TestAnswersWriteNoFile(t *testing.T) {
	registerSpecCommands()
	n := 0
	for name, c := range commands {
		fs, _ := commandFlags(c, &opts{})
		if c.answers {
			n++
			if fs.Lookup("out") != nil {
				t.Errorf("%s answers only, but has --out: it needs the interrupt handler", name)
			}
		}
	}
	if n < 8 {
		t.Errorf("%d commands answer only; want the queries (rank, flows, ...) among them", n)
	}
}

// TestHelpShowsOwnDefaults checks that a command's help gives its flags'
// own defaults, not the values of this command line.
func TestHelpShowsOwnDefaults(t *testing.T) {
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"--db", "/tmp/given.db", "rank", "--help"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(out.String(), "/tmp/given.db") {
		t.Errorf("rank --help shows the --db given as the default:\n%s", out.String())
	}
}
