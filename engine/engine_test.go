package engine

import (
	"context"
	"encoding/json"
	"github.com/armsflow/armsflow/internal/memlib"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// memLoader is an in-memory library.
type memLoader = memlib.Library

func ip(v int) *int         { return &v }
func fp(v float64) *float64 { return &v }
func f(s, r string, y int, t float64) armsflow.Flow {
	return armsflow.Flow{Supplier: s, Recipient: r, Year: y, TIV: t}
}

// fixture: a small made-up world, figures chosen so sums are easy by hand.
func fixture(t *testing.T) *Engine {
	t.Helper()
	flows := []armsflow.Flow{
		f("Russia", "Viet Nam", 2010, 100), f("Russia", "Viet Nam", 2011, 300), f("Russia", "Viet Nam", 2013, 0),
		f("Israel", "Viet Nam", 2011, 50), f("Israel", "Viet Nam", 2012, 50),
		f("Russia", "India", 2010, 1000), f("Russia", "India", 2012, 500),
		f("United States", "Taiwan", 2010, 800), f("United States", "India", 2011, 200),
		f("France", "Indonesia", 2012, 100), f("Russia", "Indonesia", 2012, 100),
	}
	reg := []armsflow.Deal{
		{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2009), Ordered: ip(6), Designation: "Project-636", Description: "submarine",
			Delivered: ip(6), DeliveryYears: []int{2013, 2014, 2015, 2016}, Status: "New", TIVUnit: fp(100), TIVTotal: fp(600), TIVDelivered: fp(600)},
		{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2017), OrderYearUncertain: true, Ordered: ip(64), Designation: "T-90S", Description: "tank",
			Delivered: ip(64), DeliveredUncertain: true, DeliveryYears: []int{2018, 2019}, Status: "New", TIVUnit: fp(4), TIVTotal: fp(256), TIVDelivered: fp(256)},
		{Recipient: "India", Supplier: "Russia", OrderYear: ip(2018), Designation: "S-400", Description: "SAM system",
			Ordered: nil, DeliveryYears: []int{}, Status: "New"},
	}
	gen := time.Date(2022, 4, 22, 0, 0, 0, 0, time.UTC)
	l := &memLoader{
		DatasetList: []armsflow.Dataset{
			{Name: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22", ImportedAt: gen, Coverage: armsflow.Coverage{From: 2000, To: 2021}},
			{Name: "register-2025-03-13", Kind: armsflow.KindRegister, Generated: "2025-03-13", ImportedAt: gen},
		},
		Content: map[string]*armsflow.Content{
			"tiv-2022-04-22":      {Flows: flows},
			"register-2025-03-13": {Deals: reg},
		},
	}
	e, err := New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestFlowsByYearAndPeriod(t *testing.T) {
	e := fixture(t)
	ctx := context.Background()
	r, err := e.Flows(ctx, FlowQuery{Supplier: "RUS", Recipient: "Vietnam", Years: Years{2010, 2014}})
	if err != nil {
		t.Fatal(err)
	}
	want := []FlowRow{
		{Year: 2010, TIV: 100, Deliveries: true, Covered: true}, {Year: 2011, TIV: 300, Deliveries: true, Covered: true}, {Year: 2012, Covered: true},
		{Year: 2013, TIV: 0, Deliveries: true, Covered: true}, {Year: 2014, Covered: true},
	}
	if !reflect.DeepEqual(r.Rows, want) {
		t.Errorf("rows = %+v, want %+v", r.Rows, want)
	}
	if r.TotalTIV != 400 || r.Dataset != "tiv-2022-04-22" || r.Supplier.Name != "Russia" || r.Recipient.Name != "Viet Nam" {
		t.Errorf("total %v dataset %q parties %v %v", r.TotalTIV, r.Dataset, r.Supplier, r.Recipient)
	}
	p, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2009, 2013}, By: "period", PeriodLength: 2})
	if err != nil {
		t.Fatal(err)
	}
	// The short first period says so and is compared with none (1 year
	// against 2 is no change); each whole period's change is against the
	// one before, never a division by zero.
	gone := -100.0
	wantP := []FlowRow{
		{Period: "2009", From: 2009, To: 2009, Covered: true, YearsCovered: 1, PeriodLength: 2},
		{Period: "2010-2011", From: 2010, To: 2011, TIV: 400, Deliveries: true, Covered: true, YearsCovered: 2, PeriodLength: 2},
		{Period: "2012-2013", From: 2012, To: 2013, TIV: 0, Deliveries: true, Covered: true, YearsCovered: 2, PeriodLength: 2, ChangePct: &gone, Change: "gone"},
	}
	if !reflect.DeepEqual(p.Rows, wantP) {
		t.Errorf("period rows = %+v, want %+v", p.Rows, wantP)
	}
}

func TestRank(t *testing.T) {
	e := fixture(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		q       RankQuery
		want    []string // "rank name tiv share"
		shareOf string
		focus   string
	}{
		{"world suppliers", RankQuery{Side: "suppliers", Years: Years{2010, 2012}},
			[]string{"1 Russia 2000 62.5", "2 United States 1000 31.3", "3 France 100 3.1", "3 Israel 100 3.1"}, "world total", ""},
		{"ties share a rank", RankQuery{Side: "suppliers", Recipient: "Indonesia"},
			[]string{"1 France 100 50", "1 Russia 100 50"}, "total imports of Indonesia", ""},
		{"suppliers of a recipient", RankQuery{Side: "suppliers", Recipient: "VNM"},
			[]string{"1 Russia 400 80", "2 Israel 100 20"}, "total imports of Viet Nam", ""},
		{"recipients of a supplier in a region", RankQuery{Side: "recipients", Supplier: "Russia", Region: "South East Asia"},
			[]string{"1 Viet Nam 400 80", "2 Indonesia 100 20"}, "exports of Russia to South East Asia", ""},
		{"focus outside the limit", RankQuery{Side: "recipients", Supplier: "Russia", Recipient: "Indonesia", Limit: 1},
			[]string{"1 India 1500 75"}, "total exports of Russia", "3 Indonesia 100 5"},
		{"focus with no transfers", RankQuery{Side: "suppliers", Supplier: "Israel", Years: Years{2010, 2010}},
			[]string{"1 Russia 1100 57.9", "2 United States 800 42.1"}, "world total", "0 Israel 0 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Rank(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, row := range r.Rows {
				got = append(got, rowString(row))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows = %q, want %q", got, tt.want)
			}
			if r.ShareOf != tt.shareOf {
				t.Errorf("share of %q, want %q", r.ShareOf, tt.shareOf)
			}
			focus := ""
			if r.Focus != nil {
				focus = rowString(*r.Focus)
			}
			if focus != tt.focus {
				t.Errorf("focus %q, want %q", focus, tt.focus)
			}
		})
	}
}

func rowString(r RankRow) string {
	share := "nil"
	if r.SharePct != nil {
		share = trimFloat(*r.SharePct)
	}
	return trimFloat(float64(r.Rank)) + " " + r.Name + " " + trimFloat(r.TIV) + " " + share
}

func trimFloat(v float64) string {
	if v == float64(int64(v)) {
		return itoa(int64(v))
	}
	return itoa(int64(v)) + "." + itoa(int64((v-float64(int64(v)))*10+0.5))
}

func itoa(v int64) string {
	if v == 0 {
		return "0"
	}
	s := ""
	for v > 0 {
		s = string(rune('0'+v%10)) + s
		v /= 10
	}
	return s
}

func TestConcentration(t *testing.T) {
	e := fixture(t)
	r, err := e.Concentration(context.Background(), ConcentrationQuery{Recipient: "Viet Nam", Years: Years{2010, 2013}, PeriodLength: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 2 {
		t.Fatalf("rows %d", len(r.Rows))
	}
	// 2010-2011: Russia 400, Israel 50 of 450 → shares 88.9%, 11.1%; HHI = 88.888² + 11.111² = 8024.7.
	a := r.Rows[0]
	if a.Suppliers != 2 || a.TopSupplier != "Russia" || round1(*a.TopSharePct) != 88.9 || *a.HHI != 8025 || a.TotalTIV != 450 {
		t.Errorf("2010-2011 = %+v hhi %v", a, *a.HHI)
	}
	// 2012-2013: Israel 50, Russia 0 (less than 0.5) → two suppliers, HHI 10,000.
	b := r.Rows[1]
	if b.Suppliers != 2 || b.TopSupplier != "Israel" || *b.HHI != 10000 {
		t.Errorf("2012-2013 = %+v", b)
	}
}

func TestDeals(t *testing.T) {
	e := fixture(t)
	ctx := context.Background()
	r, err := e.Deals(ctx, DealQuery{Supplier: "Russian Federation", Recipient: "VN", Delivered: Years{2018, 2019}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != 1 || r.Rows[0].Designation != "T-90S" || !r.Rows[0].OrderYearUncertain || r.Dataset != "register-2025-03-13" {
		t.Fatalf("got %+v", r)
	}
	all, err := e.Deals(ctx, DealQuery{Supplier: "Russia", Ordered: Years{2018, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if all.Count != 1 || all.Rows[0].Ordered != nil || all.Unknown != 1 || !all.Rows[0].Open() {
		t.Errorf("unknown numbers must stay unknown: %+v", all.Rows)
	}
	if strings.HasSuffix(all.Note, " ") || strings.Contains(all.Note, "scope") {
		t.Errorf("note of a register without a scope: %q", all.Note)
	}
}

// TestDealsNoteScope: the register's scope was appended bare to the note
// ("TIV in millions. deliveries 1950-2025").
func TestDealsNoteScope(t *testing.T) {
	l := &memLoader{
		DatasetList: []armsflow.Dataset{{Name: "register-2025-10-23", Kind: armsflow.KindRegister, Generated: "2025-10-23", Scope: "deliveries 1950-2025"}},
		Content: map[string]*armsflow.Content{"register-2025-10-23": {Deals: []armsflow.Deal{
			{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2017), Designation: "T-90S", DeliveryYears: []int{2018}, Status: "New"}}}},
	}
	e, err := New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.Deals(context.Background(), DealQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(r.Note, "TIV in millions. The register's scope: deliveries 1950-2025.") {
		t.Errorf("note %q", r.Note)
	}
}

func TestEstimatedFlowsFromRegister(t *testing.T) {
	e := fixture(t)
	r, err := e.Flows(context.Background(), FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2013, 2019}, Dataset: "register-2025-03-13"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Estimated {
		t.Error("flows from a register must say estimated")
	}
	want := map[int]float64{2013: 150, 2014: 150, 2015: 150, 2016: 150, 2018: 128, 2019: 128}
	for _, row := range r.Rows {
		if row.TIV != want[row.Year] {
			t.Errorf("%d: %v, want %v", row.Year, row.TIV, want[row.Year])
		}
	}
}

func TestErrors(t *testing.T) {
	e := fixture(t)
	ctx := context.Background()
	tests := []struct {
		name string
		run  func() error
		code string
	}{
		{"unknown party", func() error { _, err := e.Flows(ctx, FlowQuery{Supplier: "Rusia", Recipient: "Viet Nam"}); return err }, armsflow.ENOTFOUND},
		{"unknown dataset", func() error { _, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Dataset: "nope"}); return err }, armsflow.ENOTFOUND},
		{"wrong kind of dataset", func() error { _, err := e.Deals(ctx, DealQuery{Dataset: "tiv-2022-04-22"}); return err }, armsflow.EINVALID},
		{"bad side", func() error { _, err := e.Rank(ctx, RankQuery{Side: "buyers"}); return err }, armsflow.EINVALID},
		{"bad region", func() error { _, err := e.Rank(ctx, RankQuery{Side: "suppliers", Region: "Atlantis"}); return err }, armsflow.ENOTFOUND},
		{"inverted years", func() error {
			_, err := e.Flows(ctx, FlowQuery{Supplier: "Russia", Years: Years{2015, 2010}})
			return err
		}, armsflow.EINVALID},
	}
	for _, tt := range tests {
		if got := armsflow.ErrorCode(tt.run()); got != tt.code {
			t.Errorf("%s: code %q, want %q", tt.name, got, tt.code)
		}
	}
}

func TestParseYears(t *testing.T) {
	tests := []struct {
		in   string
		want Years
		ok   bool
	}{
		{"2002-2021", Years{2002, 2021}, true},
		{"2014", Years{2014, 2014}, true},
		{"2010-", Years{2010, 0}, true},
		{"-2010", Years{0, 2010}, true},
		{"", Years{}, true},
		{"2021-2002", Years{}, false},
		{"abc", Years{}, false},
		{"20-30", Years{}, false},
	}
	for _, tt := range tests {
		got, err := ParseYears(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseYears(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func TestPeriodsEndAtLastYear(t *testing.T) {
	got := Periods(Years{2000, 2021}, 5)
	want := []Period{{"2000-2001", 2000, 2001}, {"2002-2006", 2002, 2006}, {"2007-2011", 2007, 2011}, {"2012-2016", 2012, 2016}, {"2017-2021", 2017, 2021}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}

func TestEventRelation(t *testing.T) {
	reg := names.New()
	ev := func(kind, actor string, parties ...string) *armsflow.Event {
		return &armsflow.Event{Kind: kind, Actor: actor, Parties: parties}
	}
	vnru := []string{"Russia", "Viet Nam"}
	tests := []struct {
		name string
		ev   *armsflow.Event
		want []string
		rel  Relation
	}{
		{"both parties", ev("visit", "", "Viet Nam", "Russia"), vnru, Own},
		{"aliases resolve", ev("visit", "", "Vietnam", "Russian Federation"), vnru, Own},
		{"predecessor state", ev("agreement", "", "Viet Nam", "Soviet Union"), vnru, Own},
		{"actor takes part", ev("sanction", "Russia", "Viet Nam", "China"), vnru, Own},
		{"war of one party", ev("conflict", "", "Russia", "Ukraine"), vnru, Context},
		{"sanction on one party", ev("sanction", "United States", "Russia", "China"), vnru, Context},
		{"sanction on both is their own", ev("sanction", "United States", "Russia", "Viet Nam"), vnru, Own},
		{"visit of one party only", ev("visit", "", "Russia", "India"), vnru, Unrelated},
		{"actor alone is not context", ev("sanction", "Russia", "United States", "China"), vnru, Unrelated},
		{"one party asked", ev("visit", "", "Russia", "India"), []string{"India"}, Own},
		{"one party asked, no context", ev("conflict", "", "Russia", "Ukraine"), []string{"India"}, Unrelated},
		{"three parties", ev("vote", "", "Viet Nam", "Russia", "Ukraine"), []string{"Viet Nam", "Russia", "Ukraine"}, Own},
		{"successor does not stand for predecessor", ev("visit", "", "Russia", "India"), []string{"Soviet Union", "India"}, Unrelated},
		{"unknown spelling kept as written", ev("visit", "", "Atlantis", "Russia"), []string{"Atlantis", "Russia"}, Own},
	}
	for _, tt := range tests {
		if got := EventRelation(reg, tt.ev, tt.want); got != tt.rel {
			t.Errorf("%s: EventRelation = %v, want %v", tt.name, got, tt.rel)
		}
	}
}

// TestDealsSpan: the deals of a span are those ordered in it or with a
// delivery in it; open bounds work as closed ones do.
func TestDealsSpan(t *testing.T) {
	e := fixture(t)
	ctx := context.Background()
	for _, tt := range []struct {
		span Years
		want []string
	}{
		{Years{}, []string{"Project-636", "T-90S"}},
		{Years{2014, 2014}, []string{"Project-636"}}, // delivered in it, ordered before
		{Years{2017, 0}, []string{"T-90S"}},          // ordered in it
		{Years{0, 2010}, []string{"Project-636"}},    // ordered in it, delivered after
		{Years{2020, 0}, []string{}},
	} {
		r, err := e.Deals(ctx, DealQuery{Supplier: "Russia", Recipient: "Viet Nam", Span: tt.span})
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, d := range r.Rows {
			got = append(got, d.Designation)
		}
		if !reflect.DeepEqual(got, tt.want) || r.Count != len(tt.want) {
			t.Errorf("span %v: %v, want %v", tt.span, got, tt.want)
		}
	}
}

// TestQueryJSONLeavesOutUnsetYears: an answer's query wrote the spans not
// asked as {"from": 0, "to": 0}, years that do not exist.
func TestQueryJSONLeavesOutUnsetYears(t *testing.T) {
	for _, q := range []any{DealQuery{Supplier: "Russia"}, DependencyQuery{Recipient: "Viet Nam", AsOf: 2021}} {
		js, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(js), `"from":0`) {
			t.Errorf("%s", js)
		}
	}
	js, _ := json.Marshal(DealQuery{Ordered: Years{2018, 0}})
	if !strings.Contains(string(js), `"ordered":{"from":2018,"to":0}`) {
		t.Errorf("an open bound is still written: %s", js)
	}
}
