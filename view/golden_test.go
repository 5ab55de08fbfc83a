package view_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares t as the command line prints it with testdata/name.
func golden(t *testing.T, name string, tab *table.Table) {
	t.Helper()
	var b bytes.Buffer
	if err := table.Write(&b, "table", tab); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".table")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("%s differs from %s; run 'go test ./view -update' if the change is right:\n%s", name, path, b.String())
	}
}

var (
	tables   = engine.Source{Dataset: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22", Coverage: armsflow.Coverage{From: 1950, To: 2021}}
	estimate = engine.Source{Dataset: "register-2025-10-23", Kind: armsflow.KindRegister, Generated: "2025-10-23", Estimated: true,
		Coverage: armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}}
	ru = &engine.Party{Name: "Russia", Code: "RUS"}
	vn = &engine.Party{Name: "Viet Nam", Code: "VNM"}
)

// TestFlowsGolden: covered years with and without deliveries, a partial
// year, years not covered (never blank), and an estimate's straddle shares.
func TestFlowsGolden(t *testing.T) {
	golden(t, "flows-partial", view.Flows(&engine.FlowResult{Source: tables, Supplier: ru, Recipient: vn, TotalTIV: 82,
		Query: engine.FlowQuery{By: "year", Years: engine.Years{From: 2019, To: 2023}, Partial: true},
		Rows: []engine.FlowRow{{Year: 2019, TIV: 9, Deliveries: true, Covered: true}, {Year: 2020, Covered: true},
			{Year: 2021, TIV: 73, Deliveries: true, Covered: true}, {Year: 2022}, {Year: 2023}},
		Note: armsflow.RoundingNote + " Not covered: the years outside tiv-2022-04-22's coverage (1950-2021)."}))
	golden(t, "flows-estimated", view.Flows(&engine.FlowResult{Source: estimate, Supplier: ru, Recipient: vn, TotalTIV: 93, StraddleSharePct: fp(89.2),
		Query: engine.FlowQuery{By: "year", Years: engine.Years{From: 2023, To: 2025}},
		Rows: []engine.FlowRow{{Year: 2023, TIV: 10, Deliveries: true, Covered: true, StraddleSharePct: fp(100)},
			{Year: 2024, TIV: 73, Deliveries: true, Covered: true, StraddleSharePct: fp(100)},
			{Year: 2025, TIV: 10, Deliveries: true, Covered: true, Partial: true, StraddleSharePct: fp(0)}},
		Note: "Estimated: yearly TIV spread evenly over each deal's delivery years from register-2025-10-23 (classic trade register). 2025 is partial."}))
}

// TestRankGolden: an estimated ranking with its straddle column and the
// focus row after the top rows.
func TestRankGolden(t *testing.T) {
	golden(t, "rank-estimated", view.Rank(&engine.RankResult{Source: estimate, ShareOf: "total imports of Viet Nam", Recipient: vn,
		Query:    engine.RankQuery{Side: "suppliers", Recipient: "Viet Nam", Supplier: "Israel", Years: engine.Years{From: 2020, To: 2024}, Limit: 1},
		TotalTIV: 200, Count: 3, StatesCount: 3, StraddleSharePct: fp(40), Totals: "sum", RowsSharePct: fp(75), YearsCovered: 5,
		Rows:  []engine.RankRow{{Rank: 1, Name: "Russia", Code: "RUS", TIV: 150, SharePct: fp(75), StraddleSharePct: fp(50)}},
		Focus: &engine.RankRow{Rank: 3, Name: "Israel", Code: "ISR", TIV: 10, SharePct: fp(5), StraddleSharePct: fp(0), Focus: true},
		Note:  "Estimated: yearly TIV spread evenly over each deal's delivery years from register-2025-10-23 (classic trade register)."}))
}

// TestFlowsByPeriodGolden: a short first period says so, and each period
// its change from the one before.
func TestFlowsByPeriodGolden(t *testing.T) {
	golden(t, "flows-period", view.Flows(&engine.FlowResult{Source: tables, Supplier: &engine.Party{Name: "Russia"}, Recipient: vn,
		Query:    engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2009, To: 2021}, By: "period", PeriodLength: 5},
		TotalTIV: 4000,
		Rows: []engine.FlowRow{
			{Period: "2009-2011", From: 2009, To: 2011, TIV: 1000, Deliveries: true, Covered: true, YearsCovered: 3, PeriodLength: 5},
			{Period: "2012-2016", From: 2012, To: 2016, TIV: 3000, Deliveries: true, Covered: true, YearsCovered: 5, PeriodLength: 5, ChangePct: fp(200)},
			{Period: "2017-2021", From: 2017, To: 2021, Covered: true, YearsCovered: 5, PeriodLength: 5, ChangePct: fp(-100), Change: "gone"}},
		Note: armsflow.RoundingNote}))
}

// TestRankCompareGolden: a ranking of a group's suppliers compared with an
// earlier, shorter span: previous columns, changes (new, and a share below
// 0.1 shown as "<0.1"), the group's members, its share of the world, the
// parties gone, and counts that say what they count.
func TestRankCompareGolden(t *testing.T) {
	golden(t, "rank-compare", view.Rank(&engine.RankResult{Source: tables, ShareOf: "total imports of European NATO members",
		Recipient: &engine.Party{Name: "European NATO members", Kind: "group"},
		Group:     &engine.GroupInfo{Name: "European NATO members", Members: []string{"Finland", "Poland"}},
		Query: engine.RankQuery{Side: "suppliers", Recipient: "European NATO members", Years: engine.Years{From: 2017, To: 2021},
			Compare: engine.Years{From: 2014, To: 2016}, Limit: 2},
		Totals: "sum", TotalTIV: 12512.5, RowsSharePct: fp(99.96), WorldTIV: fp(136095), WorldSharePct: fp(9.19387), YearsCovered: 5,
		PreviousTotalTIV: fp(7000), PreviousYearsCovered: 3, TotalChangePct: fp(78.75), Count: 3, StatesCount: 2,
		Rows: []engine.RankRow{
			{Rank: 1, Name: "United States", Code: "USA", Kind: "state", TIV: 8000, SharePct: fp(63.936), ChangePct: fp(14.2857),
				Previous: &engine.Previous{TIV: 7000, Rank: 1, SharePct: fp(100)}},
			{Rank: 2, Name: "South Korea", Code: "KOR", Kind: "state", TIV: 4507.5, SharePct: fp(36.024), Change: "new"}},
		Gone: []engine.RankRow{{Name: "Israel", Change: "gone", Previous: &engine.Previous{TIV: 0.4, Rank: 2, SharePct: fp(0.0057)}}},
		Note: armsflow.RoundingNote}))
}

// TestDatasetsGolden: coverage with a partial year, how each dataset's
// yearly TIV is known, and the choice rule.
func TestDatasetsGolden(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	golden(t, "datasets", view.Datasets([]armsflow.Dataset{
		{Name: "register-2025-10-23", Kind: armsflow.KindRegister, Generated: "2025-10-23", Records: 28348, SHA256: "fd110ae995a69538",
			Files: make([]armsflow.SourceFile, 1), ImportedAt: at, Coverage: armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}},
		{Name: "register-2025-02-10", Kind: armsflow.KindRegister, Generated: "2025-02-10", Records: 1414, SHA256: "0123456789abcdef",
			Files: make([]armsflow.SourceFile, 1), ImportedAt: at, YearlyTIV: true, Coverage: armsflow.Coverage{From: 2000, To: 2001}},
		{Name: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22", Records: 29952, SHA256: "9fe5ada533c47267",
			Files: make([]armsflow.SourceFile, 261), ImportedAt: at, Coverage: armsflow.Coverage{From: 1950, To: 2021}},
	}))
}
