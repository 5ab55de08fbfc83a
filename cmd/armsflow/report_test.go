package main

import (
	"context"
	"github.com/armsflow/armsflow/internal/shareddata"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedSIPRI finds SIPRI's real files, or skips the test.
func sharedSIPRI(tb testing.TB) string { return shareddata.SIPRI(tb) }

func TestReportRefusesBadOutBeforeWork(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	dir := t.TempDir()
	for _, c := range []struct {
		out, want string
		code      int
	}{
		{filepath.Join(dir, "missing", "deeper", "r.html"), "cannot write the report", 1},
		{filepath.Join(dir, "r.pdf"), "use a file ending in .html", 2}, // a bad flag value is bad usage
	} {
		code, _, stderr := runCLI(t, ctx, "", "--db", db, "report", "--supplier", "Russia", "--recipient", "Viet Nam", "--out", c.out)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("--out %s: exit %d, stderr %q; want %d and %q", c.out, code, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the library was opened (created) although the output was refused first")
	}
	code, _, stderr := runCLI(t, ctx, "", "--db", db, "report", "--supplier", "Russia", "--out", filepath.Join(dir, "r.html"))
	if code != 2 || !strings.Contains(stderr, "--recipient") {
		t.Errorf("missing --recipient: exit %d, %q", code, stderr)
	}
}

func TestReportOnRealData(t *testing.T) {
	sipri := sharedSIPRI(t)
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "import", filepath.Join(sipri, "tiv-2022-04"),
		filepath.Join(sipri, "register-2025-10.csv"), filepath.Join(sipri, "long-2022-05")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	out := filepath.Join(t.TempDir(), "vn-ru.html")
	code, stdout, stderr := runCLI(t, ctx, "", "--db", db, "report", "--supplier", "Russia", "--recipient", "Vietnam",
		"--years", "2002-2021", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("stdout %q does not name the file", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"South East Asia", "Source: SIPRI Arms Transfers Database", "tiv-2022-04"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Again: refused without --force, accepted with it.
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "report", "--supplier", "Russia", "--recipient", "Vietnam", "--out", out); code != 1 || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "report", "--supplier", "Russia", "--recipient", "Vietnam", "--out", out, "--force"); code != 0 {
		t.Errorf("--force: exit %d, %q", code, stderr)
	}
	// An unknown name gets suggestions and exit 1.
	code, _, stderr = runCLI(t, ctx, "", "--db", db, "report", "--supplier", "Rusia", "--recipient", "Vietnam", "--out", filepath.Join(t.TempDir(), "x.html"))
	if code != 1 || !strings.Contains(stderr, "Russia") {
		t.Errorf("unknown name: exit %d, %q", code, stderr)
	}
}
