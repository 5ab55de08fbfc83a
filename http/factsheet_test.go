package http

import (
	"bytes"
	"context"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
)

// TestAPIFactSheet: the API answers the fact sheet's measures as the
// command line does, with the same parameters.
func TestAPIFactSheet(t *testing.T) {
	f := newFixture(t, Config{})
	ctx := context.Background()
	e, err := engine.New(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	want, err := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Years: engine.Years{From: 2017, To: 2021},
		Compare: engine.Years{From: 2012, To: 2016}, Limit: 5, StatesOnly: true, Totals: "sipri"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/rank/suppliers?years=2017-2021&compare=2012-2016&limit=5&states-only=1&totals=sipri"
	r := f.get(path)
	if r.status != 200 || !bytes.Equal(r.body, cliJSON(t, want)) {
		t.Errorf("GET %s: %d\n got %s\nwant %s", path, r.status, r.body, cliJSON(t, want))
	}
	if want.PreviousTotalTIV == nil || want.Query.Compare.From != 2012 {
		t.Errorf("no comparison: %+v", want)
	}
	for _, bad := range []string{"/api/v1/rank/suppliers?totals=mine", "/api/v1/rank/suppliers?compare=20x", "/api/v1/flows?supplier=Russia&members-as-of=x"} {
		if r := f.get(bad); r.status != 400 || errorCode(t, r) != armsflow.EINVALID {
			t.Errorf("GET %s: %d %s", bad, r.status, r.body)
		}
	}
}
