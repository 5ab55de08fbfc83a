package engine

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/memlib"
)

// timelineEvents is a small cooperation timeline around Russia and Viet Nam:
// their own events, context (Russia's war), events of others, and one
// whose date is malformed.
func timelineEvents() []armsflow.Event {
	return []armsflow.Event{
		{ID: "d", Date: "2022", Kind: "vote", Title: "UN vote", Parties: []string{"Viet Nam", "Russia", "Ukraine"}, Tags: []string{"un-vote"}},
		{ID: "a", Date: "1979-02-17", End: "1979-03-16", Kind: "conflict", Title: "Border war", Parties: []string{"Viet Nam", "China"}, Actor: "Soviet Union", Tags: []string{"war"}},
		{ID: "b", Date: "2001-03-01", Kind: "agreement", Title: "Strategic partnership", Parties: []string{"Vietnam", "Russian Federation"}, Tags: []string{"partnership", "visit"}},
		{ID: "c", Date: "2017-08", End: "2019", Kind: "sanction", Title: "CAATSA", Parties: []string{"Russia", "Viet Nam"}, Actor: "United States", Tags: []string{"sanctions"}},
		{ID: "e", Date: "bad", Kind: "other", Title: "Malformed", Parties: []string{"Russia", "Ukraine"}},
		{ID: "f", Date: "2014-03", Kind: "conflict", Title: "Crimea", Parties: []string{"Russia", "Ukraine"}},
		{ID: "g", Date: "2010", Kind: "visit", Title: "Visit to Delhi", Parties: []string{"Russia", "India"}},
		{ID: "h", Date: "2011-05", Kind: "contract", Title: "Submarine contract", Parties: []string{"Russia", "Viet Nam"}},
	}
}

// eventFixture is fixture's world with timelineEvents in its library.
func eventFixture(t *testing.T) *Engine {
	t.Helper()
	e := fixture(t)
	e.loader.(*memlib.Library).EventList = timelineEvents()
	return e
}

func eventIDs(evs []armsflow.Event) []string {
	ids := []string{}
	for _, ev := range evs {
		ids = append(ids, ev.ID)
	}
	return ids
}

func TestEvents(t *testing.T) {
	e := eventFixture(t)
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		q    EventQuery
		want []string
	}{
		{"all, by date then id", EventQuery{}, []string{"a", "b", "g", "h", "f", "c", "d", "e"}},
		{"between two, with context", EventQuery{Between: []string{"Russia", "Viet Nam"}}, []string{"a", "b", "h", "f", "c", "d"}},
		{"between aliases", EventQuery{Between: []string{"vietnam", "RUS"}}, []string{"a", "b", "h", "f", "c", "d"}},
		{"between one: no context", EventQuery{Between: []string{"India"}}, []string{"g"}},
		// With three parties, a war or sanction of any one is context too.
		{"between three", EventQuery{Between: []string{"Viet Nam", "Russia", "Ukraine"}}, []string{"a", "f", "c", "d"}},
		{"kind", EventQuery{Kind: "vote"}, []string{"d"}},
		{"from", EventQuery{Years: Years{2017, 0}}, []string{"c", "d"}},
		{"to", EventQuery{Years: Years{0, 2001}}, []string{"a", "b"}},
		{"range", EventQuery{Years: Years{2001, 2014}}, []string{"b", "g", "h", "f"}},
		{"an end reaches into the range", EventQuery{Years: Years{2019, 2019}}, []string{"c"}},
		{"one year", EventQuery{Years: Years{1979, 1979}}, []string{"a"}},
		{"empty range", EventQuery{Years: Years{2002, 2009}}, []string{}},
		{"tag in any case", EventQuery{Tag: "Partnership"}, []string{"b"}},
		{"all criteria", EventQuery{Between: []string{"Viet Nam", "Russia"}, Kind: "sanction", Years: Years{2015, 2020}, Tag: "SANCTIONS"}, []string{"c"}},
		{"all but one", EventQuery{Between: []string{"Viet Nam", "Russia"}, Kind: "sanction", Years: Years{2015, 2020}, Tag: "war"}, []string{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Events(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := eventIDs(r.Rows); !reflect.DeepEqual(got, tt.want) || r.Count != len(tt.want) {
				t.Errorf("got %v (count %d), want %v", got, r.Count, tt.want)
			}
			if !reflect.DeepEqual(r.Query, tt.q) {
				t.Errorf("query %+v, want %+v", r.Query, tt.q)
			}
		})
	}
	for _, tt := range []struct {
		q    EventQuery
		code string
		msg  string
	}{
		{EventQuery{Kind: "party"}, armsflow.EINVALID, "use one of agreement"},
		{EventQuery{Between: []string{"Atlantis", "Russia"}}, armsflow.ENOTFOUND, "Atlantis"},
	} {
		_, err := e.Events(ctx, tt.q)
		if armsflow.ErrorCode(err) != tt.code || !strings.Contains(armsflow.ErrorMessage(err), tt.msg) {
			t.Errorf("%+v: got %v, want %s with %q", tt.q, err, tt.code, tt.msg)
		}
	}
}

func TestTimeline(t *testing.T) {
	e := eventFixture(t)
	ctx := context.Background()
	r, err := e.Timeline(ctx, TimelineQuery{Between: []string{"Viet Nam", "Russian Federation"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range r.Rows {
		s := row.Date + " " + row.Type + " " + row.Title
		if row.TIV != nil {
			s += " =" + trimFloat(*row.TIV)
		}
		got = append(got, s)
	}
	// By year; within a year events, then deals, then TIV. TIV is counted
	// in both directions (here only Russia to Viet Nam has any), deals of
	// the register in both directions too; Crimea is context.
	want := []string{
		"1979-02-17 event Border war",
		"2001-03-01 event Strategic partnership",
		"2009 deal Viet Nam orders 6 Project-636 from Russia =600",
		"2010 tiv TIV 100 from Russia to Viet Nam =100",
		"2011-05 event Submarine contract",
		"2011 tiv TIV 300 from Russia to Viet Nam =300",
		"2013 tiv TIV 0 from Russia to Viet Nam =0",
		"2014-03 event Crimea",
		"2017-08 event CAATSA",
		"2017 deal Viet Nam orders 64 T-90S from Russia =256",
		"2022 event UN vote",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Parties[0].Name != "Viet Nam" || r.Parties[1].Name != "Russia" || r.Dataset != "tiv-2022-04-22" ||
		r.Deals == nil || r.Deals.Dataset != "register-2025-03-13" || len(r.Notes) != 1 {
		t.Errorf("parties %+v, source %+v, deals %+v, notes %q", r.Parties, r.Source, r.Deals, r.Notes)
	}
	if d := r.Rows[2].Detail; d != "submarine; 6 delivered in 2013, 2014, 2015, 2016; new" {
		t.Errorf("deal detail %q", d)
	}

	// A span keeps the events, deals and TIV of its years only.
	r, err = e.Timeline(ctx, TimelineQuery{Between: []string{"Russia", "Viet Nam"}, Years: Years{2010, 2013}})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, row := range r.Rows {
		got = append(got, row.Date+" "+row.Type)
	}
	if want := []string{"2010 tiv", "2011-05 event", "2011 tiv", "2013 tiv"}; !reflect.DeepEqual(got, want) {
		t.Errorf("2010-2013: got %v, want %v", got, want)
	}

	for _, q := range []TimelineQuery{
		{Between: []string{"Russia"}},
		{Between: []string{"Russia", "Viet Nam"}, DealsDataset: "register-1999-01-01"},
	} {
		if _, err := e.Timeline(ctx, q); err == nil {
			t.Errorf("%+v: no error", q)
		}
	}
}

func TestEventStudy(t *testing.T) {
	e := eventFixture(t)
	ctx := context.Background()
	// The contract of 2011: 2010 (100) before it, 2012 (0) after it, its
	// own year (300) on neither side.
	r, err := e.EventStudy(ctx, EventStudyQuery{Between: []string{"Russia", "Vietnam"}, EventID: "h", Window: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Event.ID != "h" || r.Supplier.Name != "Russia" || r.Recipient.Name != "Viet Nam" {
		t.Errorf("event %q, %s to %s", r.Event.ID, r.Supplier.Name, r.Recipient.Name)
	}
	if r.Before.Years != (Years{2010, 2010}) || r.Before.TotalTIV != 100 || r.Before.InData != 1 || *r.Before.MeanTIV != 100 {
		t.Errorf("before %+v", r.Before)
	}
	if r.After.Years != (Years{2012, 2012}) || r.After.TotalTIV != 0 || r.After.InData != 1 || *r.After.MeanTIV != 0 {
		t.Errorf("after %+v", r.After)
	}
	if r.EventYear.Year != 2011 || r.EventYear.TIV != 300 || r.ChangePct == nil || *r.ChangePct != -100 {
		t.Errorf("event year %+v, change %v", r.EventYear, r.ChangePct)
	}

	// The default window is five years. 2017-2027 reaches past the TIV
	// table (to 2021): the register's estimate, which reaches 2025, covers
	// more of it and answers; 2026 and 2027 count on neither side and are
	// not rows.
	r, err = e.EventStudy(ctx, EventStudyQuery{Between: []string{"Russia", "Viet Nam"}, EventID: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Query.Window != 5 || r.Dataset != "register-2025-03-13" || r.Before.InData != 5 || r.Before.TotalTIV != 256 ||
		r.After.InData != 3 || r.After.TotalTIV != 0 || r.ChangePct == nil || *r.ChangePct != -100 {
		t.Errorf("window %d, dataset %s, before %+v, after %+v, change %v", r.Query.Window, r.Dataset, r.Before, r.After, r.ChangePct)
	}
	for _, row := range r.Rows {
		if !row.Covered || row.Year > 2025 {
			t.Errorf("row %+v outside the data", row)
		}
	}

	for _, tt := range []struct {
		q    EventStudyQuery
		code string
	}{
		{EventStudyQuery{Between: []string{"Russia"}, EventID: "h"}, armsflow.EINVALID},
		{EventStudyQuery{Between: []string{"Russia", "Viet Nam"}, EventID: "h", Window: 51}, armsflow.EINVALID},
		{EventStudyQuery{Between: []string{"Russia", "Viet Nam"}, EventID: "nope"}, armsflow.ENOTFOUND},
		{EventStudyQuery{Between: []string{"Russia", "Atlantis"}, EventID: "h"}, armsflow.ENOTFOUND},
	} {
		if _, err := e.EventStudy(ctx, tt.q); armsflow.ErrorCode(err) != tt.code {
			t.Errorf("%+v: got %v, want %s", tt.q, err, tt.code)
		}
	}
}
