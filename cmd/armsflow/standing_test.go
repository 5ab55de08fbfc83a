package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/sqlite"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// standingRegister is sampleRegister with a second supplier, so that a
// standing has a party ranked below another.
const standingRegister = sampleRegister + `India,France,2016,,10,,Rafale,FGA aircraft,10,,2018; 2019,New,,50,500,500
`

// TestStandingCommand: the standing query's command, made from its spec,
// answers what the engine's Standing answers, in every format, and
// refuses bad usage in the command line's words (the API says the same
// in parameters: query.TestStandingWords, http.TestAPIStanding).
func TestStandingCommand(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	register := filepath.Join(t.TempDir(), "register.csv")
	if err := os.WriteFile(register, []byte(standingRegister), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "import", register); code != 0 {
		t.Fatal(stderr)
	}
	lib, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(ctx, lib)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Standing(ctx, engine.StandingQuery{Party: "Russia", Side: "suppliers", Years: engine.Years{From: 2018, To: 2019}, PeriodLength: 1, Limit: 10})
	lib.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Periods) != 2 || res.Periods[0].Rows[0].Name != "France" || !res.Periods[0].Rows[1].Focus {
		t.Fatalf("the engine's standing: %+v", res.Periods[0].Rows)
	}
	var want bytes.Buffer
	if err := writeJSON(&want, res); err != nil {
		t.Fatal(err)
	}
	args := []string{"--db", db, "standing", "Russia", "--side", "suppliers", "--years", "2018-2019", "--period-length", "1"}
	code, out, stderr := runCLI(t, ctx, "", append(args, "--format", "json")...)
	if code != 0 || out != want.String() {
		t.Errorf("--format json: exit %d %s\n got %s\nwant %s", code, stderr, out, want.String())
	}
	for _, format := range []string{"csv", "table", "md", "latex"} {
		want.Reset()
		if err := table.Write(&want, format, view.PartyStanding(res)); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := runCLI(t, ctx, "", append(args, "--format", format)...)
		if code != 0 || out != want.String() {
			t.Errorf("--format %s: exit %d %s\n got %s\nwant %s", format, code, stderr, out, want.String())
		}
	}
	if !strings.Contains(want.String(), "Russia among world exporters, per period") {
		t.Errorf("the table's title: %s", want.String())
	}
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"standing", "--side", "suppliers"}, 2, "standing needs PARTY"},
		{[]string{"standing", "Russia"}, 2, "standing needs --side suppliers|recipients"},
		{[]string{"standing", "Russia", "--side", "exporters"}, 2, `--side "exporters": use suppliers or recipients`},
		{[]string{"standing", "Russia", "--side", "suppliers", "--limit", "-1"}, 2, "--limit"},
		{[]string{"standing", "Russia", "Viet Nam", "--side", "suppliers"}, 2, "standing takes 1 argument(s) (party), not 2"},
		{[]string{"standing", "Atlantis", "--side", "suppliers"}, 1, "Atlantis"},
	} {
		code, _, stderr := runCLI(t, ctx, "", append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) || strings.Contains(stderr, "side=") {
			t.Errorf("%v: exit %d %q, want %d with %q", tt.args, code, firstLine(stderr), tt.code, tt.msg)
		}
		if tt.code == 2 && !strings.Contains(stderr, "Usage: armsflow standing PARTY --side suppliers|recipients") {
			t.Errorf("%v: no usage line: %s", tt.args, stderr)
		}
	}
}

// TestUsageFromSpecs: the query commands' usage lines come from their
// specs (every flag the spec gives the command line, required ones
// without brackets), with what a command adds of its own after them.
func TestUsageFromSpecs(t *testing.T) {
	registerSpecCommands()
	for name, want := range map[string]string{
		"flows":         "flows [--supplier NAME] [--recipient NAME] [--years A-B] [--by year|period] [--period-length N] [--partial] [--members-as-of N] [--code cow|iso3|m49]",
		"rank":          "rank suppliers|recipients [--supplier NAME]",
		"concentration": "concentration --recipient NAME [--years A-B] [--period-length N]",
		"dependency":    "dependency --recipient NAME [--as-of YEAR] [--by supplier|category]",
		"deals":         "deals [--supplier NAME] [--recipient NAME] [--region REGION] [--ordered A-B] [--delivered A-B] [--span A-B] [--open] [--out FILE.parquet|.csv [--force]]",
		"standing":      "standing PARTY --side suppliers|recipients [--years A-B] [--period-length N] [--limit N]",
		"timeline":      "timeline --between A,B [--years A-B]",
		"event-study":   "event-study --between SUPPLIER,RECIPIENT --event ID [--window N]",
	} {
		c := commands[name]
		if c == nil || !strings.HasPrefix(c.usage, want) {
			t.Errorf("%s's usage: %q, want %q", name, c.usage, want)
			continue
		}
		// Every flag in the usage line is one the command defines.
		fs, _ := commandFlags(c, &opts{})
		for _, w := range strings.Fields(c.usage) {
			if f := strings.Trim(w, "[]"); strings.HasPrefix(f, "--") && fs.Lookup(f[2:]) == nil {
				t.Errorf("%s's usage names %s, which it does not define", name, f)
			}
		}
	}
	code, out, _ := runCLI(t, context.Background(), "", "help", "standing")
	if code != 0 || !strings.Contains(out, "-side suppliers|recipients") || !strings.Contains(out, "(required)") {
		t.Errorf("help standing: exit %d\n%s", code, out)
	}
}
