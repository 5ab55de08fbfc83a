package http

import (
	"html"
	"strings"
	"testing"
)

// The dyad page's report links carry the page's parameters, its period
// included: the report of a page of ten-year periods is in ten-year periods.
// (The links once had their = and & escaped twice, and lost every
// parameter.)
func TestDyadReportLinks(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.get("/dyad?supplier=Russia&recipient=Viet+Nam&years=2002-2021&period=10")
	if r.status != 200 {
		t.Fatalf("GET /dyad: %d", r.status)
	}
	for _, format := range []string{"html", "md", "xlsx", "tex"} {
		want := "/api/v1/report?format=" + format + "&period-length=10&recipient=Viet+Nam&supplier=Russia&years=2002-2021"
		if !strings.Contains(html.UnescapeString(string(r.body)), want) {
			t.Errorf("the dyad page has no link %s:\n%s", want, r.body)
		}
	}
}
