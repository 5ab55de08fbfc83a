package http

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Every table a page shows is the one its CSV link gives: the same
// headings, as many rows, and a link that carries the page's parameters
// (the dyad page's years and period among them).
func TestBrowserTablesAsCSV(t *testing.T) {
	ctx, cancel := context.WithTimeout(browser(t), 2*time.Minute)
	defer cancel()
	f := newFixture(t, Config{})
	type shown struct {
		Heads []string `json:"heads"`
		Rows  int      `json:"rows"`
		CSV   string   `json:"csv"`
	}
	const tables = `Array.from(document.querySelectorAll('main .tablebox')).map((box) => ({
		heads: Array.from(box.querySelectorAll('thead th')).map((th) => th.textContent),
		rows: box.querySelectorAll('tbody tr').length,
		csv: (Array.from(box.querySelectorAll('a')).find((a) => a.textContent === 'CSV') || {}).href || '',
	}))`
	standing := map[string]bool{} // the standing tables' queries shown
	for _, pg := range []struct {
		path   string
		tables int
		want   []string // in the CSV links
	}{
		// Yearly TIV per period, the supplier's and the recipient's world
		// standing per period, the concentration and the deals.
		{"/dyad?supplier=Russia&recipient=Viet+Nam&years=2002-2021&period=4", 5, []string{"years=2002-2021", "period-length=4"}},
		{"/rankings?side=suppliers&years=2012-2021&period=5", 2, []string{"years="}},
		{"/country/Viet%20Nam?years=1995-2021", 2, []string{"years=1995-2021"}},
		{"/events?between=Russia,Viet+Nam", 1, []string{"between=Russia"}},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+pg.path), loaded); err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]shown](tables))
		if err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		if len(got) != pg.tables {
			t.Errorf("%s shows %d tables, want %d", pg.path, len(got), pg.tables)
		}
		for _, tb := range got {
			if tb.CSV == "" {
				t.Errorf("%s: a table (%v) without a CSV link", pg.path, tb.Heads)
				continue
			}
			path := strings.TrimPrefix(tb.CSV, f.ts.URL)
			r := f.get(path)
			recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
			if r.status != 200 || err != nil || len(recs) == 0 {
				t.Errorf("%s: GET %s: %d %v", pg.path, path, r.status, err)
				continue
			}
			// The events' editor column has no heading and is not data.
			heads := slices.DeleteFunc(tb.Heads, func(h string) bool { return h == "" })
			if !slices.Equal(heads, recs[0]) || tb.Rows != len(recs)-1 {
				t.Errorf("%s: the page's table has %v and %d rows, its CSV %s has %v and %d", pg.path, heads, tb.Rows, path, recs[0], len(recs)-1)
			}
			want := pg.want
			if strings.Contains(path, "/standing") {
				// One row a period: 2002-2021 in periods of four years.
				if tb.Rows != 5 {
					t.Errorf("%s: the standing table %s has %d rows, want 5", pg.path, path, tb.Rows)
				}
				standing[path[strings.Index(path, "?"):]] = true
			}
			if strings.Contains(path, "/deals") {
				want = []string{"span=2002-2021"} // the deals of the page's years, by the engine's rule
			}
			for _, w := range want {
				if !strings.Contains(path, w) {
					t.Errorf("%s: the CSV link %s lacks %s", pg.path, path, w)
				}
			}
		}
	}
	for _, q := range []string{"?party=Russia&side=suppliers&years=2002-2021&period-length=4&format=csv",
		"?party=Viet+Nam&side=recipients&years=2002-2021&period-length=4&format=csv"} {
		if !standing[q] {
			t.Errorf("the dyad page has no standing table of %s (it has %v)", q, standing)
		}
	}
}
