package view_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

func fp(v float64) *float64 { return &v }

func TestRankTitle(t *testing.T) {
	years := engine.Years{From: 2002, To: 2006}
	vn, ru := &engine.Party{Name: "Viet Nam", Code: "VNM"}, &engine.Party{Name: "Russia", Code: "RUS"}
	tests := []struct {
		q        engine.RankQuery
		sup, rec *engine.Party
		region   string
		want     string
	}{
		{engine.RankQuery{Side: "suppliers", Years: years}, nil, nil, "", "Suppliers, 2002-2006, ranked by TIV"},
		{engine.RankQuery{Side: "suppliers", Recipient: "VN", Years: years}, nil, vn, "", "Suppliers of Viet Nam, 2002-2006, ranked by TIV"},
		{engine.RankQuery{Side: "recipients", Supplier: "RUS", Region: "SE Asia", Years: years}, ru, nil, "South East Asia",
			"Recipients of Russia in South East Asia, 2002-2006, ranked by TIV"},
	}
	for _, tt := range tests {
		r := &engine.RankResult{Query: tt.q, Supplier: tt.sup, Recipient: tt.rec, Region: tt.region, ShareOf: "world total", TotalTIV: 100,
			Rows: []engine.RankRow{{Rank: 1, Name: "Russia", Code: "RUS", TIV: 100, SharePct: fp(100)}}}
		if got := view.Rank(r).Title; got != tt.want {
			t.Errorf("title %q, want %q", got, tt.want)
		}
	}
}

// TestRankFocusRow checks that the named party's row outside the top rows
// follows them, marked, after an ellipsis row.
func TestRankFocusRow(t *testing.T) {
	r := &engine.RankResult{Query: engine.RankQuery{Side: "recipients", Supplier: "Russia", Recipient: "Viet Nam", Limit: 1},
		ShareOf: "total exports of Russia", TotalTIV: 200, Count: 5,
		Rows:  []engine.RankRow{{Rank: 1, Name: "India", Code: "IND", TIV: 150, SharePct: fp(75)}},
		Focus: &engine.RankRow{Rank: 5, Name: "Viet Nam", Code: "VNM", TIV: 8, SharePct: fp(4), Focus: true}}
	var b bytes.Buffer
	if err := table.Write(&b, "csv", view.Rank(r)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 || !strings.Contains(lines[3], "Viet Nam") || !strings.HasPrefix(lines[3], "5,") {
		t.Errorf("CSV:\n%s", b.String())
	}
}

func TestUncertain(t *testing.T) {
	n := 64
	tests := []struct {
		v         *int
		uncertain bool
		want      any
	}{
		{&n, false, 64}, {&n, true, "64?"}, {nil, true, "?"}, {nil, false, nil},
	}
	for _, tt := range tests {
		if got := view.Uncertain(tt.v, tt.uncertain); got != tt.want {
			t.Errorf("Uncertain(%v, %v) = %v, want %v", tt.v, tt.uncertain, got, tt.want)
		}
	}
}
