package http

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// TestAPIStanding: a party's standing is one ranking per period, from the
// dataset of the party's flows, and its table (CSV, format=table) is
// view.Standing's, the report's standing table.
func TestAPIStanding(t *testing.T) {
	f := newFixture(t, Config{})
	ctx := context.Background()
	e, err := engine.New(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, title, count string
		q                  engine.RankQuery
	}{
		{"/api/v1/standing?party=Russia&side=suppliers&years=2002-2021&period-length=5",
			"Russia among world exporters, per period", "Exporters", engine.RankQuery{Side: "suppliers", Supplier: "Russia", Limit: 10}},
		{"/api/v1/standing?party=Viet+Nam&side=recipients&years=2002-2021&period-length=10&limit=3",
			"Viet Nam among world importers, per period", "Importers", engine.RankQuery{Side: "recipients", Recipient: "Viet Nam", Limit: 3}},
	}
	for _, tt := range tests {
		length := 5
		if strings.Contains(tt.path, "period-length=10") {
			length = 10
		}
		flows, err := e.Flows(ctx, engine.FlowQuery{Supplier: tt.q.Supplier, Recipient: tt.q.Recipient, Years: engine.Years{From: 2002, To: 2021}, By: "period", PeriodLength: length})
		if err != nil {
			t.Fatal(err)
		}
		party := flows.Supplier
		if tt.q.Side == "recipients" {
			party = flows.Recipient
		}
		var rs []*engine.RankResult
		for _, p := range engine.Periods(engine.Years{From: 2002, To: 2021}, length) {
			q := tt.q
			q.Years, q.Dataset = engine.Years{From: p.From, To: p.To}, flows.Dataset
			r, err := e.Rank(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		if len(rs) != 20/length {
			t.Fatalf("%s: %d periods", tt.path, len(rs))
		}
		want := engine.StandingResult{Party: party, Side: tt.q.Side, Years: engine.Years{From: 2002, To: 2021}, PeriodLength: length, Periods: rs}
		if r := f.get(tt.path); r.status != 200 || !bytes.Equal(r.body, cliJSON(t, want)) {
			t.Errorf("GET %s: %d\n got %s\nwant %s", tt.path, r.status, r.body, cliJSON(t, want))
		}
		tab := view.Standing(tt.title, tt.count, rs)
		var csv bytes.Buffer
		if err := table.WriteCSV(&csv, tab); err != nil {
			t.Fatal(err)
		}
		if r := f.get(tt.path + "&format=csv"); r.status != 200 || !bytes.Equal(r.body, csv.Bytes()) {
			t.Errorf("GET %s as CSV: %d\n got %s\nwant %s", tt.path, r.status, r.body, csv.Bytes())
		}
		if r := f.get(tt.path + "&format=table"); r.status != 200 || !bytes.Equal(r.body, cliJSON(t, table.DocOf(tab))) {
			t.Errorf("GET %s as a table: %d\n got %s\nwant %s", tt.path, r.status, r.body, cliJSON(t, table.DocOf(tab)))
		}
	}
	for _, path := range []string{
		"/api/v1/standing?side=suppliers",
		"/api/v1/standing?party=Russia",
		"/api/v1/standing?party=Russia&side=exporters",
		"/api/v1/standing?party=Russia&side=suppliers&period-length=0x",
		"/api/v1/standing?party=Russia&side=suppliers&limit=-1",
		"/api/v1/standing?party=Russia&side=suppliers&region=Asia",
	} {
		if r := f.get(path); r.status != 400 || errorCode(t, r) != "invalid" {
			t.Errorf("GET %s: %d %s; want 400 invalid", path, r.status, r.body)
		}
	}
	if r := f.get("/api/v1/standing?party=Atlantis&side=suppliers"); r.status != 404 {
		t.Errorf("unknown party: %d %s; want 404", r.status, r.body)
	}
}

// TestAPIStandingWords: the standing's refusals name parameters, as the
// command line's name flags (cmd/armsflow TestStandingCommand).
func TestAPIStandingWords(t *testing.T) {
	f := newFixture(t, Config{})
	for path, want := range map[string]string{
		"/api/v1/standing?side=suppliers":                         "standing needs party=NAME",
		"/api/v1/standing?party=Russia":                           "standing needs side=suppliers|recipients",
		"/api/v1/standing?party=Russia&side=exporters":            `side="exporters": use suppliers or recipients`,
		"/api/v1/standing?party=Russia&side=suppliers&limit=-1":   "limit=-1: use 0 for all rows",
		"/api/v1/standing?party=Russia&side=suppliers&years=2090": "(the years parameter)",
	} {
		r := f.get(path)
		msg := errorMessage(t, r.body)
		if r.status < 400 || strings.Contains(msg, "--") || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %q, want %q and no flag", path, r.status, msg, want)
		}
	}
}
