package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/internal/unprivileged"
)

// TestBadFlagValuesAreUsage: a bad flag value is bad usage, exit 2, for
// every command and flag (issue 10, item 14).
func TestBadFlagValuesAreUsage(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	pair := []string{"--supplier", "Russia", "--recipient", "Viet Nam"}
	for _, args := range [][]string{
		{"datasets", "--format", "bogus"},
		{"--format", "bogus", "datasets"},
		{"rank", "suppliers", "--limit", "-1"},
		append([]string{"flows", "--years", "abc"}, pair...),
		append([]string{"flows", "--years", "0000-0001"}, pair...),
		append([]string{"flows", "--by", "bogus"}, pair...),
		append([]string{"flows", "--period-length", "0", "--by", "period"}, pair...),
		{"concentration", "--recipient", "Viet Nam", "--years", "2021-2002"},
		{"deals", "--ordered", "x"},
		{"deals", "--delivered", "9999"},
		{"event-study", "--between", "Russia", "Viet Nam", "--event", "x", "--window", "-1"},
		{"timeline", "--between", "Russia", "Viet Nam", "--years", "abc"},
		append([]string{"report", "--out", filepath.Join(t.TempDir(), "r.md"), "--top", "0"}, pair...),
		{"serve", "--max-upload", "8796093022208"},
		{"serve", "--max-upload", "4398046511104"},
		{"serve", "--max-upload", "0"},
		{"serve", "--max-upload", "99999999999999999999"},
	} {
		code, stdout, stderr := runCLI(t, ctx, "", append([]string{"--db", db}, args...)...)
		if code != 2 || !strings.Contains(stderr, "Usage:") || stdout != "" {
			t.Errorf("armsflow %s: exit %d, stderr %q; want 2 and the usage", strings.Join(args, " "), code, firstLine(stderr))
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a command with a bad flag value opened (created) the library")
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// TestLibraryPath: an empty --db is refused; without a home directory
// there is no default library (nothing is created in the working directory
// nor under a missing home); a new library is announced with its path
// (issue 10, item 15).
func TestLibraryPath(t *testing.T) {
	ctx := context.Background()
	wd := t.TempDir()
	t.Chdir(wd)
	t.Setenv("ARMSFLOW_DB", "")
	t.Setenv("XDG_DATA_HOME", "")

	code, _, stderr := runCLI(t, ctx, "", "--db", "", "datasets")
	if code != 2 || !strings.Contains(stderr, "--db is empty") {
		t.Errorf("--db '': exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, ctx, "", "datasets", "--db=")
	if code != 2 || !strings.Contains(stderr, "--db is empty") {
		t.Errorf("datasets --db=: exit %d, %q", code, stderr)
	}

	t.Setenv("HOME", "")
	code, _, stderr = runCLI(t, ctx, "", "datasets")
	if code != 1 || !strings.Contains(stderr, "--db") || !strings.Contains(stderr, "ARMSFLOW_DB") {
		t.Errorf("no HOME: exit %d, %q", code, stderr)
	}
	missing := filepath.Join(wd, "no", "such", "home")
	t.Setenv("HOME", missing)
	code, _, stderr = runCLI(t, ctx, "", "datasets")
	if code != 1 || !strings.Contains(stderr, missing) || !strings.Contains(stderr, "ARMSFLOW_DB") {
		t.Errorf("missing HOME: exit %d, %q", code, stderr)
	}
	if entries, _ := os.ReadDir(wd); len(entries) != 0 {
		t.Errorf("the working directory got %v", entries)
	}

	home := t.TempDir()
	t.Setenv("HOME", home)
	code, _, stderr = runCLI(t, ctx, "", "datasets")
	want := filepath.Join(home, ".local", "share", "armsflow", "library.db")
	if code != 0 || !strings.Contains(stderr, "created a new library at "+want) {
		t.Errorf("first use: exit %d, %q; want it to say %s", code, stderr, want)
	}
	if code, _, stderr = runCLI(t, ctx, "", "datasets"); code != 0 || strings.Contains(stderr, "created") {
		t.Errorf("second use: exit %d, %q", code, stderr)
	}
}

// TestReadOnlyLibraryCLI: a library in a read-only place answers queries;
// an import into it says that it cannot be written (issue 10, item 9).
func TestReadOnlyLibraryCLI(t *testing.T) {
	if !unprivileged.Run(t) {
		return
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ro")
	db := filepath.Join(dir, "lib.db")
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "events", "list"); code != 0 {
		t.Fatal(stderr)
	}
	register := filepath.Join(t.TempDir(), "register.csv")
	if err := os.WriteFile(register, []byte(sampleRegister), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	code, stdout, stderr := runCLI(t, ctx, "", "--db", db, "events", "list", "--format", "json")
	if code != 0 || !strings.Contains(stdout, "2001-strategic-partnership") {
		t.Errorf("events list in a read-only directory: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, ctx, "", "--db", db, "import", register)
	if code != 1 || !strings.Contains(stderr, "cannot be written") || strings.Contains(stderr, "internal error") {
		t.Errorf("import into a read-only library: exit %d, %q", code, stderr)
	}
}

// TestFirstOpenSeedsTheTimeline: the starter timeline comes with the
// library's creation (issue 10, item 8; the interrupted creation itself is
// sqlite's TestSeedWithSchema).
func TestFirstOpenSeedsTheTimeline(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	code, _, stderr := runCLI(t, ctx, "", "--db", db, "datasets")
	if code != 0 || !strings.Contains(stderr, "created a new library") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
	v := jsonOf(t, "--db", db, "events", "list")
	if n := len(rows(v)); n < 25 {
		t.Errorf("%d events after the first open, want the starter timeline's", n)
	}
}

// TestPlurals: one of a thing is singular (issue 10, item 20).
func TestPlurals(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	register := filepath.Join(t.TempDir(), "register.csv")
	if err := os.WriteFile(register, []byte(sampleRegister), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, ctx, "", "--db", db, "import", register)
	if code != 0 || !strings.Contains(stdout, "imported 1 record from 1 file") {
		t.Errorf("import: exit %d, %q %q", code, stdout, stderr)
	}
	_, stdout, _ = runCLI(t, ctx, "", "--db", db, "deals", "--supplier", "Russia")
	if !strings.Contains(stdout, "1 deal;") {
		t.Errorf("deals: %q", stdout)
	}
}

// sampleRegister is a trade register of one deal, written by hand in
// SIPRI's layout.
const sampleRegister = `Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range '2018' to '2019' 
A '?' in a column indicates uncertain data.

Source: SIPRI Arms Transfers Database (c) SIPRI.
Data generated: 13 Mar 2020 10:02:49 AM
Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons
Viet Nam,Russia,2017,?,64,,T-90S,tank,32,?,2018; 2019,New,,4,256,128
`

// TestFlagValueErrorsFoundLater: a flag's value refused by a command's
// own checks, after the central ones, is bad usage too.
func TestFlagValueErrorsFoundLater(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	register := filepath.Join(t.TempDir(), "register.csv")
	if err := os.WriteFile(register, []byte(sampleRegister), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "import", register); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := runCLI(t, ctx, "", "--db", db, "events", "list", "--kind", "bogus")
	if code != 2 || !strings.Contains(stderr, "--kind") {
		t.Errorf("events list --kind bogus: exit %d, %q", code, firstLine(stderr))
	}
	// A user error that merely mentions a flag stays a user error.
	code, _, stderr = runCLI(t, ctx, "", "--db", db, "flows", "--supplier", "Nowhereland")
	if code != 1 {
		t.Errorf("an unknown party: exit %d, %q", code, firstLine(stderr))
	}
}

// TestImportWarnsLoudly: a register cut short is imported with a WARNING
// naming file and line, listed before SIPRI's rounding warnings and
// summed up on standard output; --strict refuses it and changes nothing
// (issue 10, item 6).
func TestImportWarnsLoudly(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	cut := strings.Replace(sampleRegister, "Viet Nam,Russia", "Afghanistan,Russia", 1)
	register := filepath.Join(t.TempDir(), "register.csv")
	if err := os.WriteFile(register, []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, ctx, "", "--db", db, "import", "--strict", register)
	if code != 1 || !strings.Contains(stderr, "WARNING: "+register+":7: ") || !strings.Contains(stderr, "nothing imported (--strict)") {
		t.Errorf("--strict: exit %d, %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("--strict created the library")
	}
	code, stdout, stderr = runCLI(t, ctx, "", "--db", db, "import", register)
	if code != 0 || !strings.Contains(stderr, "WARNING: "+register+":7: ") || !strings.Contains(stdout, "1 sign that the data may be incomplete") {
		t.Errorf("without --strict: exit %d, %q %q", code, stdout, stderr)
	}
}

// TestEmptyLibraryAdvice: an empty library sends the user to SIPRI's
// downloads or fetch, never to a path of this repository's test setup
// (issue 10, item 20).
func TestEmptyLibraryAdvice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lib.db")
	code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "flows", "--supplier", "Russia", "--recipient", "Viet Nam")
	if code != 1 || strings.Contains(stderr, "shared/data") || !strings.Contains(stderr, "sipri.org") || !strings.Contains(stderr, "armsflow fetch") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}
