package http

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/events"
	"github.com/armsflow/armsflow/names"
	"github.com/chromedp/chromedp"
)

// Item 11: editing the title of a starter-timeline event with several
// sources in the web app keeps every other field: the end, the actor,
// each source with its accessed date, and the deals.
func TestBrowserEditKeepsEvent(t *testing.T) {
	ctx, cancel := context.WithTimeout(browser(t), 2*time.Minute)
	defer cancel()
	f := newFixture(t, Config{})
	reg := names.New()
	starter, err := events.Validate(events.StarterName, events.Starter(), func(name string) (string, error) {
		ent, err := reg.Resolve(name)
		if err != nil {
			return "", err
		}
		return ent.Name, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.AddEvents(context.Background(), starter); err != nil {
		t.Fatal(err)
	}
	f.srv.afterWrite(context.Background())
	// The starter event with the most sources.
	var orig armsflow.Event
	for _, ev := range starter {
		if len(ev.Sources) > len(orig.Sources) {
			orig = ev
		}
	}
	if len(orig.Sources) < 2 || orig.Sources[1].Accessed == "" {
		t.Fatalf("no starter event with several sources: %+v", orig)
	}
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	step("sign in", chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/login?next=/events"),
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=name]`), "ed"),
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=password]`), f.editorPW),
		chromedp.Submit(chromedp.CSS(`#login-form`)), chromedp.WaitVisible(chromedp.CSS(`#event-form`)), loaded))
	title, _ := json.Marshal(orig.Title)
	clicked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		for (const tr of document.querySelectorAll('#events-list tbody tr')) {
			if (tr.cells[2].textContent === `+string(title)+`) { tr.querySelector('button').click(); return true; }
		}
		return false;
	})()`))
	step("edit button", err)
	if !clicked {
		t.Fatalf("no Edit button for %q", orig.Title)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('event-form-kept').textContent`))
	step("kept note", err)
	if kept == "" {
		t.Errorf("the form does not say that the further sources are kept")
	}
	step("change the title", chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#event-form input[name=title]`), orig.Title+" (edited)"),
		chromedp.Click(chromedp.CSS(`#event-form button[type=submit]`))))
	var got *armsflow.Event
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		e, err := engine.New(context.Background(), f.db)
		step("engine", err)
		res, err := e.Events(context.Background(), engine.EventQuery{})
		step("events", err)
		for i := range res.Rows {
			if res.Rows[i].ID == orig.ID && res.Rows[i].Title != orig.Title {
				got = &res.Rows[i]
			}
		}
		if got != nil {
			break
		}
	}
	if got == nil {
		msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('event-form-status')||{}).textContent`))
		t.Fatalf("the edit was not saved: %s", msg)
	}
	want := orig
	want.Title += " (edited)"
	got.Line, want.Line = 0, 0
	if !reflect.DeepEqual(*got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("editing the title changed more:\n got %s\nwant %s", g, w)
	}
}

// The dyad page lists every deal of the pair however small the JSON's
// pages (two deals here): its table is the API's format=table, which, as
// the CSV, is the whole table.
func TestBrowserDealsFollowPages(t *testing.T) {
	ctx, cancel := context.WithTimeout(browser(t), time.Minute)
	defer cancel()
	old := dealsPageSize
	dealsPageSize = 2
	defer func() { dealsPageSize = old }()
	f := newFixture(t, Config{})
	e, err := engine.New(context.Background(), f.db)
	if err != nil {
		t.Fatal(err)
	}
	want, err := e.Deals(context.Background(), engine.DealQuery{Supplier: "Russia", Recipient: "Viet Nam"})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Rows) <= 2 {
		t.Fatalf("the sample has %d deals: too few to page", len(want.Rows))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/dyad?supplier=Russia&recipient=Viet+Nam"), loaded); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#deals tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want.Rows) {
		t.Errorf("the dyad page lists %d deals, the pair has %d", n, len(want.Rows))
	}

	// With years chosen, the deals of the span by the engine's rule: an
	// open span too, which the page's own filter used to ignore.
	span, err := e.Deals(context.Background(), engine.DealQuery{Supplier: "Russia", Recipient: "Viet Nam", Span: engine.Years{From: 2013}})
	if err != nil {
		t.Fatal(err)
	}
	if len(span.Rows) == 0 || len(span.Rows) == len(want.Rows) {
		t.Fatalf("the sample has %d deals in 2013-, of %d: the test cannot tell", len(span.Rows), len(want.Rows))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/dyad?supplier=Russia&recipient=Viet+Nam&years=2013-"), loaded); err != nil {
		t.Fatal(err)
	}
	if n, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#deals tbody tr').length`)); err != nil {
		t.Fatal(err)
	}
	if n != len(span.Rows) {
		t.Errorf("the dyad page of 2013- lists %d deals, the engine %d", n, len(span.Rows))
	}
}
