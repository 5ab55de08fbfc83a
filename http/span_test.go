package http

import (
	"encoding/json"
	"testing"
)

// The deals of a span, as the relationship page asks for them: ordered in
// it or with a delivery in it, open spans too (the page's own filter missed
// "2013-" and showed every deal).
func TestDealsSpan(t *testing.T) {
	f := newFixture(t, Config{})
	for _, tt := range []struct {
		span   string
		orders []float64
	}{
		{"", []float64{2003, 2006, 2009, 2009, 2010, 2012, 2013, 2017}},
		{"2013-", []float64{2009, 2012, 2013, 2017}},
		{"2011", []float64{2006, 2009, 2010}},
		{"-2004", []float64{2003}},
	} {
		r := f.get("/api/v1/deals?supplier=Russia&recipient=Vietnam&span=" + tt.span)
		if r.status != 200 {
			t.Fatalf("span %q: %d %s", tt.span, r.status, r.body)
		}
		var res struct {
			Count int
			Rows  []struct {
				OrderYear float64 `json:"order_year"`
			}
		}
		if err := json.Unmarshal(r.body, &res); err != nil {
			t.Fatal(err)
		}
		var got []float64
		for _, row := range res.Rows {
			got = append(got, row.OrderYear)
		}
		if res.Count != len(tt.orders) || len(got) != len(tt.orders) {
			t.Errorf("span %q: count %d, order years %v, want %v", tt.span, res.Count, got, tt.orders)
			continue
		}
		for i := range got {
			if got[i] != tt.orders[i] {
				t.Errorf("span %q: order years %v, want %v", tt.span, got, tt.orders)
				break
			}
		}
	}
	if r := f.get("/api/v1/deals?supplier=Russia&recipient=Vietnam&span=2013-abc"); r.status != 400 || errorCode(t, r) != "invalid" {
		t.Errorf("bad span: %d %s", r.status, r.body)
	}
}
