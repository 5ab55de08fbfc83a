package engine

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/memlib"
)

// coverageWorld is a library of three datasets with different coverage: TIV
// tables of 1950-2021, a register with yearly TIV (SIPRI's export option)
// of 2000-2025 with 2025 partial, and a classic register of 1950-2025 with
// 2025 partial, plus, when world is true, a table of all recipients only
// (2015-2025). Figures are chosen so that sums are easy by hand.
func coverageWorld(t *testing.T, world bool) *Engine {
	t.Helper()
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	del := func(year int, tiv *float64) armsflow.Delivery { return armsflow.Delivery{Year: year, TIV: tiv} }
	l := &memlib.Library{
		DatasetList: []armsflow.Dataset{
			{Name: "register-2025-10-23", Kind: armsflow.KindRegister, Generated: "2025-10-23", ImportedAt: at,
				Coverage: armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}},
			{Name: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22", ImportedAt: at,
				Coverage: armsflow.Coverage{From: 1950, To: 2021}},
			{Name: "register-2025-02-10", Kind: armsflow.KindRegister, Generated: "2025-02-10", ImportedAt: at, YearlyTIV: true,
				Coverage: armsflow.Coverage{From: 2000, To: 2025, PartialFrom: 2025}},
		},
		Content: map[string]*armsflow.Content{
			"tiv-2022-04-22": {Flows: []armsflow.Flow{
				f("Russia", "Viet Nam", 1991, 70), f("Russia", "Viet Nam", 2020, 10), f("Russia", "Viet Nam", 2021, 20),
				f("United States", "India", 2021, 5),
			}},
			"register-2025-02-10": {Deals: []armsflow.Deal{
				{ID: 1, Supplier: "Russia", Recipient: "Viet Nam", DeliveryYears: []int{2022, 2023},
					Deliveries: []armsflow.Delivery{del(2022, fp(5)), del(2023, fp(7.5))}},
				{ID: 2, Supplier: "Russia", Recipient: "Viet Nam", DeliveryYears: []int{2023, 2025},
					Deliveries: []armsflow.Delivery{del(2023, nil), del(2025, fp(1))}},
				{ID: 3, Supplier: "United States", Recipient: "India", DeliveryYears: []int{2024},
					Deliveries: []armsflow.Delivery{del(2024, fp(2.25))}},
				{ID: 4, Supplier: "United States", Recipient: "India", DeliveryYears: []int{2024},
					Deliveries: []armsflow.Delivery{del(2024, fp(0.1))}},
				{ID: 5, Supplier: "United States", Recipient: "India", DeliveryYears: []int{2024},
					Deliveries: []armsflow.Delivery{del(2024, fp(0.2))}},
			}},
			"register-2025-10-23": {Deals: []armsflow.Deal{
				// A: 100 over 1990-1991; B: 90 over 1991-1993; C: 40 in 1992.
				{Supplier: "Russia", Recipient: "Viet Nam", DeliveryYears: []int{1990, 1991}, TIVDelivered: fp(100)},
				{Supplier: "Russia", Recipient: "Viet Nam", DeliveryYears: []int{1991, 1992, 1993}, TIVDelivered: fp(90)},
				{Supplier: "Israel", Recipient: "Viet Nam", DeliveryYears: []int{1992}, TIVDelivered: fp(40)},
				{Supplier: "Russia", Recipient: "Viet Nam", DeliveryYears: []int{2024}, TIVDelivered: fp(3)},
			}},
		},
	}
	if world {
		l.DatasetList = append(l.DatasetList, armsflow.Dataset{Name: "tiv-2026-06-11", Kind: armsflow.KindTIV, Generated: "2026-06-11",
			ImportedAt: at, Coverage: armsflow.Coverage{From: 2015, To: 2025}, Views: []string{armsflow.ViewImports}})
		l.Content["tiv-2026-06-11"] = &armsflow.Content{World: []armsflow.Flow{
			{Recipient: "Viet Nam", Year: 2024, TIV: 300}, {Recipient: "India", Year: 2024, TIV: 900}, {Recipient: "India", Year: 2025, TIV: 100},
		}}
	}
	e, err := New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestChoiceBySpan checks which dataset answers each span: the best that
// covers every year asked, tables before an exact register before an
// estimate.
func TestChoiceBySpan(t *testing.T) {
	e := coverageWorld(t, false)
	ctx := context.Background()
	tests := []struct {
		name      string
		years     Years
		dataset   string
		want      string // dataset, or the error code
		estimated bool
		span      Years // the years answered
	}{
		{"within the tables", Years{2015, 2021}, "", "tiv-2022-04-22", false, Years{2015, 2021}},
		{"open years: the preferred dataset's coverage", Years{}, "", "tiv-2022-04-22", false, Years{1950, 2021}},
		{"past the tables: the exact register", Years{2015, 2024}, "", "register-2025-02-10", false, Years{2015, 2024}},
		{"partial year: the exact register", Years{2025, 2025}, "", "register-2025-02-10", false, Years{2025, 2025}},
		{"before the exact register: the estimate", Years{1990, 2024}, "", "register-2025-10-23", true, Years{1990, 2024}},
		{"open end from 2023: the exact register's end", Years{2023, 0}, "", "register-2025-02-10", false, Years{2023, 2025}},
		{"open end within the tables", Years{2020, 0}, "", "tiv-2022-04-22", false, Years{2020, 2021}},
		{"nothing covers", Years{2030, 2031}, "", armsflow.ENOTCOVERED, false, Years{}},
		{"pinned and covered", Years{2015, 2021}, "register-2025-10-23", "register-2025-10-23", true, Years{2015, 2021}},
		{"pinned but not covered", Years{2020, 2024}, "tiv-2022-04-22", armsflow.ENOTCOVERED, false, Years{}},
		{"pinned, open years", Years{}, "register-2025-02-10", "register-2025-02-10", false, Years{2000, 2025}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: tt.years, Dataset: tt.dataset})
			if err != nil {
				if code := armsflow.ErrorCode(err); code != tt.want {
					t.Fatalf("error %q (%v), want %s", code, err, tt.want)
				}
				return
			}
			if r.Dataset != tt.want || r.Estimated != tt.estimated || r.Query.Years != tt.span {
				t.Errorf("answered from %s (estimated %v) for %v, want %s (estimated %v) for %v",
					r.Dataset, r.Estimated, r.Query.Years, tt.want, tt.estimated, tt.span)
			}
			if r.Coverage.IsZero() {
				t.Error("the answer does not name its coverage")
			}
		})
	}
}

// TestNotCoveredMessage checks that the error names every dataset's
// coverage and the ways out.
func TestNotCoveredMessage(t *testing.T) {
	e := coverageWorld(t, false)
	ctx := context.Background()
	_, err := e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2030, 2031}})
	msg := armsflow.ErrorMessage(err)
	for _, want := range []string{"2030-2031", "tiv-2022-04-22 covers 1950-2021", "register-2025-02-10 covers 2000-2025 (2025 partial)",
		"register-2025-10-23 covers 1950-2025 (2025 partial), estimated", "--years", "armsflow fetch", "import newer", "--dataset"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	// A --compare span outside every dataset says so: the message named
	// only the hull of both spans.
	_, err = e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2017, 2021}, Compare: Years{2030, 2034}})
	if msg := armsflow.ErrorMessage(err); armsflow.ErrorCode(err) != armsflow.ENOTCOVERED || !strings.Contains(msg, "--years 2017-2021 and --compare 2030-2034") {
		t.Errorf("compare not covered: %v", err)
	}
	_, err = e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{1990, 2024}, Dataset: "tiv-2022-04-22"})
	msg = armsflow.ErrorMessage(err)
	if armsflow.ErrorCode(err) != armsflow.ENOTCOVERED || !strings.Contains(msg, "register-2025-10-23 covers them") ||
		!strings.Contains(msg, "--dataset register-2025-10-23") {
		t.Errorf("pinned: %v", err)
	}
}

// TestFlowsPartial checks that --partial answers the covered years of the
// best dataset and marks the others, never as no deliveries.
func TestFlowsPartial(t *testing.T) {
	e := coverageWorld(t, false)
	r, err := e.Flows(context.Background(), FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2023, 2027}, Partial: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Dataset != "register-2025-02-10" || r.Estimated {
		t.Errorf("answered from %s (estimated %v)", r.Dataset, r.Estimated)
	}
	want := []FlowRow{
		{Year: 2023, TIV: 7.5, Deliveries: true, Covered: true}, {Year: 2024, Covered: true},
		{Year: 2025, TIV: 1, Deliveries: true, Covered: true, Partial: true},
		{Year: 2026}, {Year: 2027},
	}
	for i, row := range r.Rows {
		if row != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, row, want[i])
		}
	}
	if r.TotalTIV != 8.5 || !strings.Contains(r.Note, "2025 is partial") || !strings.Contains(r.Note, "Not covered") {
		t.Errorf("total %v note %q", r.TotalTIV, r.Note)
	}
	rk, err := e.Rank(context.Background(), RankQuery{Side: "suppliers", Years: Years{2024, 2025}})
	if err != nil || len(rk.PartialYears) != 1 || rk.PartialYears[0] != 2025 || !strings.Contains(rk.Note, "2025 is partial") {
		t.Errorf("rank over a partial year: %v %+v", err, rk)
	}
	// Without --partial the same question is refused.
	if _, err := e.Flows(context.Background(), FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2023, 2027}}); armsflow.ErrorCode(err) != armsflow.ENOTCOVERED {
		t.Errorf("without --partial: %v", err)
	}
	// By period: a period the dataset covers in part shows the years it
	// covers, counted in YearsCovered and in the total (it was shown "not
	// covered" as a whole, its covered years left out of the total), and is
	// compared with no other.
	p, err := e.Flows(context.Background(), FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2022, 2027}, By: "period", PeriodLength: 3, Partial: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 2 || !p.Rows[0].Covered || p.Rows[0].TIV != 12.5 || !p.Rows[1].Covered || p.Rows[1].TIV != 1 ||
		p.Rows[1].YearsCovered != 1 || p.Rows[1].ChangePct != nil || p.Rows[1].Change != "" || p.TotalTIV != 13.5 {
		t.Errorf("period rows %+v total %v", p.Rows, p.TotalTIV)
	}
	// Not covered at all: no data, and JSON says so with null, not 0.
	p, err = e.Flows(context.Background(), FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2023, 2030}, By: "period", PeriodLength: 3, Partial: true})
	if err != nil {
		t.Fatal(err)
	}
	if last := p.Rows[len(p.Rows)-1]; last.Covered || last.Period != "2028-2030" {
		t.Fatalf("last period %+v", last)
	}
	js, err := json.Marshal(p.Rows[len(p.Rows)-1])
	if err != nil || !strings.Contains(string(js), `"tiv":null`) {
		t.Errorf("JSON of a period not covered: %s %v", js, err)
	}
	if js, _ := json.Marshal(p.Rows[0]); !strings.Contains(string(js), `"tiv":7.5`) {
		t.Errorf("JSON of a covered period: %s", js)
	}
}

// TestExactRegister checks that a register with yearly TIV answers with the
// sums of its deliveries' TIV, unknown ones left out, not marked estimated,
// and without the note on SIPRI's rounding.
func TestExactRegister(t *testing.T) {
	e := coverageWorld(t, false)
	r, err := e.Flows(context.Background(), FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2022, 2025}})
	if err != nil {
		t.Fatal(err)
	}
	got := []float64{}
	for _, row := range r.Rows {
		got = append(got, row.TIV)
	}
	if r.Estimated || r.StraddleSharePct != nil || len(got) != 4 || got[0] != 5 || got[1] != 7.5 || got[2] != 0 || got[3] != 1 {
		t.Errorf("estimated %v straddle %v rows %v", r.Estimated, r.StraddleSharePct, got)
	}
	if strings.Contains(r.Note, "rounded to whole millions") || strings.Contains(r.Note, "Estimated") || !r.Exact {
		t.Errorf("note %q exact %v", r.Note, r.Exact)
	}
	// 2.25 + 0.1 + 0.2 is 2.5500000000000003 in binary: sums of exact
	// values drop that noise.
	rk, err := e.Rank(context.Background(), RankQuery{Side: "suppliers", Recipient: "India", Years: Years{2024, 2024}})
	if err != nil {
		t.Fatal(err)
	}
	if rk.Dataset != "register-2025-02-10" || rk.TotalTIV != 2.55 || rk.Rows[0].TIV != 2.55 {
		t.Errorf("rank from %s: total %v rows %+v", rk.Dataset, rk.TotalTIV, rk.Rows)
	}
}

// TestStraddleShare checks the share of an estimate's TIV from deals whose
// deliveries extend beyond a row's years, computed by hand: deal A gives 50
// in 1990 and 1991, B 30 in each of 1991-1993, C 40 in 1992.
func TestStraddleShare(t *testing.T) {
	e := coverageWorld(t, false)
	ctx := context.Background()
	ds := "register-2025-10-23"
	// Year rows: A and B straddle every year they deliver in; C does not.
	r, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{1990, 1993}, Dataset: ds})
	if err != nil {
		t.Fatal(err)
	}
	wantTIV := []float64{50, 80, 30, 30}
	for i, row := range r.Rows {
		if row.TIV != wantTIV[i] || row.StraddleSharePct == nil || *row.StraddleSharePct != 100 {
			t.Errorf("%d: %v straddling %v, want %v, 100", row.Year, row.TIV, row.StraddleSharePct, wantTIV[i])
		}
	}
	if !strings.Contains(r.Note, "Estimated: yearly TIV spread evenly over each deal's delivery years from register-2025-10-23 (classic trade register)") ||
		strings.Contains(r.Note, "rounded to whole millions") || strings.Contains(r.Note, "no TIV table is imported") {
		t.Errorf("note %q", r.Note)
	}
	// Periods of two years: 1990-1991 holds A's 100 (within) and B's 30
	// (B runs to 1993): 30/130 = 23.1 %; 1992-1993 holds B's 60, which
	// began in 1991: 100 %. Overall 90/190 = 47.4 %.
	p, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{1990, 1993}, By: "period", PeriodLength: 2, Dataset: ds})
	if err != nil {
		t.Fatal(err)
	}
	if *p.Rows[0].StraddleSharePct != 23.1 || *p.Rows[1].StraddleSharePct != 100 || *p.StraddleSharePct != 47.4 {
		t.Errorf("period shares %v %v, overall %v", *p.Rows[0].StraddleSharePct, *p.Rows[1].StraddleSharePct, *p.StraddleSharePct)
	}
	// One period holding both deals whole: nothing straddles.
	w, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{1990, 1993}, By: "period", PeriodLength: 4, Dataset: ds})
	if err != nil {
		t.Fatal(err)
	}
	if *w.StraddleSharePct != 0 {
		t.Errorf("whole span: %v", *w.StraddleSharePct)
	}
	// Rank of Viet Nam's suppliers 1991-1992: Russia 50 (A) + 60 (B), all
	// straddling; Israel 40 (C), within. 110/150 = 73.3 %.
	rk, err := e.Rank(ctx, RankQuery{Side: "suppliers", Recipient: "Viet Nam", Years: Years{1991, 1992}, Dataset: ds})
	if err != nil {
		t.Fatal(err)
	}
	if rk.TotalTIV != 150 || *rk.StraddleSharePct != 73.3 || *rk.Rows[0].StraddleSharePct != 100 || *rk.Rows[1].StraddleSharePct != 0 {
		t.Errorf("rank total %v straddling %v rows %+v", rk.TotalTIV, *rk.StraddleSharePct, rk.Rows)
	}
	// Concentration carries it per period.
	c, err := e.Concentration(ctx, ConcentrationQuery{Recipient: "Viet Nam", Years: Years{1991, 1992}, PeriodLength: 2, Dataset: ds})
	if err != nil {
		t.Fatal(err)
	}
	if *c.Rows[0].StraddleSharePct != 73.3 {
		t.Errorf("concentration straddling %v", *c.Rows[0].StraddleSharePct)
	}
}

// TestViews checks that a table of all recipients answers world import
// ranks and a recipient's total imports, and that a question it cannot
// answer goes to another dataset, or is refused naming the file that would
// answer it.
func TestViews(t *testing.T) {
	e := coverageWorld(t, true)
	ctx := context.Background()
	rk, err := e.Rank(ctx, RankQuery{Side: "recipients", Years: Years{2024, 2025}})
	if err != nil {
		t.Fatal(err)
	}
	if rk.Dataset != "tiv-2026-06-11" || len(rk.Rows) != 2 || rk.Rows[0].Name != "India" || rk.Rows[0].TIV != 1000 || rk.TotalTIV != 1300 {
		t.Errorf("world import ranks from %s: %+v", rk.Dataset, rk.Rows)
	}
	fl, err := e.Flows(ctx, FlowQuery{Recipient: "Viet Nam", Years: Years{2024, 2024}})
	if err != nil {
		t.Fatal(err)
	}
	if fl.Dataset != "tiv-2026-06-11" || fl.TotalTIV != 300 {
		t.Errorf("imports of Viet Nam from %s: %v", fl.Dataset, fl.TotalTIV)
	}
	// Suppliers need suppliers: the table of recipients is skipped.
	sp, err := e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2024, 2025}})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Dataset != "register-2025-02-10" {
		t.Errorf("supplier ranks from %s", sp.Dataset)
	}
	_, err = e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2024, 2025}, Dataset: "tiv-2026-06-11"})
	if armsflow.ErrorCode(err) != armsflow.EINVALID || !strings.Contains(armsflow.ErrorMessage(err), "Exports by") {
		t.Errorf("pinned to a table of recipients: %v", err)
	}

	// Years only the table of recipients covers, for a question it cannot
	// answer: it is named, with the file that would answer.
	both := &memlib.Library{DatasetList: []armsflow.Dataset{
		{Name: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22", Coverage: armsflow.Coverage{From: 1950, To: 2021}},
		{Name: "tiv-2026-06-11", Kind: armsflow.KindTIV, Generated: "2026-06-11", Coverage: armsflow.Coverage{From: 2015, To: 2025}, Views: []string{armsflow.ViewImports}}},
		Content: map[string]*armsflow.Content{"tiv-2022-04-22": {Flows: []armsflow.Flow{f("Russia", "India", 2020, 5)}},
			"tiv-2026-06-11": {World: []armsflow.Flow{{Recipient: "India", Year: 2024, TIV: 900}}}}}
	e3, err := New(ctx, both)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e3.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2023, 2024}})
	if msg := armsflow.ErrorMessage(err); armsflow.ErrorCode(err) != armsflow.ENOTCOVERED ||
		!strings.Contains(msg, "tiv-2026-06-11 covers these years but cannot answer this question") || !strings.Contains(msg, "Exports by") {
		t.Errorf("supplier ranks past the tables: %v", err)
	}

	// A library with only the table of recipients.
	only := &memlib.Library{DatasetList: []armsflow.Dataset{{Name: "tiv-2026-06-11", Kind: armsflow.KindTIV, Generated: "2026-06-11",
		Coverage: armsflow.Coverage{From: 2015, To: 2025}, Views: []string{armsflow.ViewImports}}},
		Content: map[string]*armsflow.Content{"tiv-2026-06-11": {World: []armsflow.Flow{{Recipient: "India", Year: 2024, TIV: 900}}}}}
	e2, err := New(ctx, only)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e2.Flows(ctx, FlowQuery{Supplier: "Russia", Recipient: "India", Years: Years{2024, 2024}})
	if msg := armsflow.ErrorMessage(err); armsflow.ErrorCode(err) != armsflow.EINVALID || !strings.Contains(msg, "TIV tables per recipient") ||
		!strings.Contains(msg, "tiv-2026-06-11 holds each recipient's yearly imports") {
		t.Errorf("dyads from a table of recipients: %v", err)
	}
}

// TestDerivedCoverage checks the coverage of datasets imported before it
// was recorded: a TIV table's years, a register's scope, the generated year
// partial.
func TestDerivedCoverage(t *testing.T) {
	tests := []struct {
		d        armsflow.Dataset
		min, max int
		want     armsflow.Coverage
	}{
		{armsflow.Dataset{Kind: armsflow.KindTIV, Generated: "2022-04-22"}, 1950, 2021, armsflow.Coverage{From: 1950, To: 2021}},
		{armsflow.Dataset{Kind: armsflow.KindRegister, Generated: "2025-10-23", Scope: "deliveries 1950-2025"}, 1950, 2025,
			armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}},
		{armsflow.Dataset{Kind: armsflow.KindRegister, Generated: "2025-03-13", Scope: "all deals"}, 1950, 2024,
			armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}},
		{armsflow.Dataset{Kind: armsflow.KindRegister, Generated: "2024-12-31", Scope: "deliveries 2000-2024"}, 2000, 2024,
			armsflow.Coverage{From: 2000, To: 2024}},
		{armsflow.Dataset{Kind: armsflow.KindTIV}, 0, 0, armsflow.Coverage{}},
	}
	for _, tt := range tests {
		if got := deriveCoverage(tt.d, tt.min, tt.max); got != tt.want {
			t.Errorf("%+v: %v, want %v", tt.d, got, tt.want)
		}
	}
}

// TestSpan checks the year index of a flow set at and past its edges.
func TestSpan(t *testing.T) {
	b := newBuilder(armsflow.Dataset{Kind: armsflow.KindTIV}, &armsflow.FlowContent{})
	for _, y := range []int{2012, 2010, 2012, 2014} {
		b.add(b.intern("A"), b.intern("B"), y, y, y, float64(y))
	}
	fs := b.finish()
	tests := []struct{ from, to, n int }{
		{2010, 2014, 4}, {2011, 2011, 0}, {2012, 2012, 2}, {2000, 2010, 1}, {2014, 2030, 1}, {1990, 2000, 0}, {2020, 2030, 0}, {2013, 2011, 0},
	}
	for _, tt := range tests {
		got := fs.span(tt.from, tt.to)
		if len(got) != tt.n {
			t.Errorf("span(%d, %d): %d flows, want %d", tt.from, tt.to, len(got), tt.n)
		}
		for _, f := range got {
			if int(f.Year) < tt.from || int(f.Year) > tt.to {
				t.Errorf("span(%d, %d) holds %d", tt.from, tt.to, f.Year)
			}
		}
	}
}

// TestTotalsTables checks a dataset of SIPRI's tables of all recipients and
// all suppliers together: each side's totals answer for that side only,
// never added to the other's.
func TestTotalsTables(t *testing.T) {
	ctx := context.Background()
	l := &memlib.Library{DatasetList: []armsflow.Dataset{{Name: "tiv-2026-06-11", Kind: armsflow.KindTIV, Generated: "2026-06-11",
		Coverage: armsflow.Coverage{From: 2024, To: 2025}, Views: []string{armsflow.ViewImports, armsflow.ViewExports}}},
		Content: map[string]*armsflow.Content{"tiv-2026-06-11": {
			World:   []armsflow.Flow{{Recipient: "India", Year: 2024, TIV: 900}, {Recipient: "Ukraine", Year: 2024, TIV: 1000}},
			Exports: []armsflow.Flow{{Supplier: "Russia", Year: 2024, TIV: 700}, {Supplier: "France", Year: 2024, TIV: 1200}, {Supplier: "Russia", Year: 2025, TIV: 5}},
		}}}
	e, err := New(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{2024, 2024}})
	if err != nil {
		t.Fatal(err)
	}
	rr, err := e.Rank(ctx, RankQuery{Side: "recipients", Years: Years{2024, 2024}, Region: "Europe"})
	if err != nil {
		t.Fatal(err)
	}
	fr, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Years: Years{2024, 2025}})
	if err != nil {
		t.Fatal(err)
	}
	if rs.TotalTIV != 1900 || rs.Rows[0].Name != "France" || len(rs.Rows) != 2 {
		t.Errorf("suppliers: total %v rows %+v", rs.TotalTIV, rs.Rows)
	}
	if rr.TotalTIV != 1000 || len(rr.Rows) != 1 || rr.Rows[0].Name != "Ukraine" {
		t.Errorf("recipients in Europe: total %v rows %+v", rr.TotalTIV, rr.Rows)
	}
	if fr.TotalTIV != 705 || fr.Rows[1].TIV != 5 {
		t.Errorf("Russia's exports: %v %+v", fr.TotalTIV, fr.Rows)
	}
	// Russia's exports to India need suppliers and recipients.
	if _, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Recipient: "India", Years: Years{2024, 2024}}); armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("a dyad from totals: %v", err)
	}
}

// TestOrderByYear checks that flows are put in year order in place,
// keeping the data's order within a year.
func TestOrderByYear(t *testing.T) {
	tests := [][]int32{
		nil,
		{2000},
		{2001, 2000},
		{2000, 2000, 2001},
		{2003, 2001, 2003, 2002, 2001, 2003, 1999, 2002},
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	long := make([]int32, 5000)
	for i := range long {
		long[i] = 1950 + rnd.Int32N(72)
	}
	tests = append(tests, long)
	for _, years := range tests {
		flows := make([]cflow, len(years))
		for i, y := range years {
			flows[i] = cflow{Supplier: int32(i), Year: y} // Supplier: the data's order
		}
		orderByYear(flows)
		for i := 1; i < len(flows); i++ {
			a, b := flows[i-1], flows[i]
			if a.Year > b.Year || a.Year == b.Year && a.Supplier > b.Supplier {
				t.Fatalf("%d flows: flow %d (%d, #%d) after (%d, #%d)", len(years), i, b.Year, b.Supplier, a.Year, a.Supplier)
			}
		}
		if len(flows) != len(years) {
			t.Fatalf("%d flows, want %d", len(flows), len(years))
		}
	}
}
