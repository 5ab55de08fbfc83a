package sqlite

import (
	"context"
	"reflect"
	"testing"

	"github.com/armsflow/armsflow"
)

func sampleEvents() []armsflow.Event {
	return []armsflow.Event{
		{
			ID: "vn-ru-2001-strategic-partnership", Date: "2001-03-01", Precision: armsflow.PrecisionDay,
			Kind: "agreement", Title: "Strategic partnership declared",
			Summary: "Putin's visit to Hanoi; declaration on strategic partnership.",
			Parties: []string{"Viet Nam", "Russia"},
			Sources: []armsflow.EventSource{
				{Title: "Joint statement", Publisher: "Kremlin", Date: "2001-03-01", URL: "http://kremlin.ru/x", Accessed: "2024-05-01"},
				{Title: "Report", Publisher: "Reuters", URL: "https://reuters.com/y"},
			},
			Tags:  []string{"partnership", "visit"},
			Deals: []armsflow.DealRef{{Supplier: "Russia", Recipient: "Viet Nam", Designation: "Su-30MK", OrderYear: 2003}},
			Line:  3,
		},
		{
			ID: "caatsa", Date: "2017-08", Precision: armsflow.PrecisionMonth, End: "2017-09", Uncertain: true,
			Kind: "sanction", Title: "CAATSA", Parties: []string{"Russia"}, Actor: "United States",
			Sources: []armsflow.EventSource{{Title: "Public Law 115-44", Publisher: "US Congress", URL: "https://congress.gov/z"}},
			Line:    20,
		},
		{
			ID: "early", Date: "1978", Precision: armsflow.PrecisionYear, Kind: "agreement", Title: "Treaty of friendship",
			Parties: []string{"Viet Nam", "Soviet Union"}, Tags: []string{}, Deals: nil,
		},
	}
}

func TestEventsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	in := sampleEvents()
	added, err := db.AddEvents(ctx, in)
	if err != nil || added != 3 {
		t.Fatalf("added %d, %v; want 3", added, err)
	}
	got, err := db.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []armsflow.Event{normEvent(in[2]), normEvent(in[0]), normEvent(in[1])} // by date
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Events() =\n%+v\nwant\n%+v", got, want)
	}
	for _, e := range got {
		if e.Parties == nil || e.Sources == nil || e.Tags == nil || e.Deals == nil {
			t.Errorf("event %s has a nil list", e.ID)
		}
	}

	// Re-importing is a no-op.
	before := dump(t, db)
	if added, err := db.AddEvents(ctx, sampleEvents()); err != nil || added != 0 {
		t.Errorf("re-import added %d, %v", added, err)
	}
	if !reflect.DeepEqual(before, dump(t, db)) {
		t.Errorf("re-import changed the library")
	}

	// Editing.
	e := got[1]
	e.Tags = append(e.Tags, "edited")
	e.Sources = e.Sources[:1]
	e.Title = "Strategic partnership"
	if err := db.PutEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	fresh := armsflow.Event{ID: "new", Date: "2024", Precision: "year", Kind: "other", Title: "New"}
	if err := db.PutEvent(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Events(ctx)
	if len(got) != 4 || !reflect.DeepEqual(got[1], e) || !reflect.DeepEqual(got[3], normEvent(fresh)) {
		t.Errorf("after PutEvent: %+v", got)
	}

	if err := db.DeleteEvent(ctx, "caatsa"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeleteEvent(ctx, "caatsa"), armsflow.ENOTFOUND, "caatsa")
	if n := count(t, db, "event_sources WHERE event = 'caatsa'"); n != 0 {
		t.Errorf("deleting an event left %d sources", n)
	}
	if got, _ := db.Events(ctx); len(got) != 3 {
		t.Errorf("%d events after delete, want 3", len(got))
	}
}

func TestAddEventsConflicts(t *testing.T) {
	ctx := context.Background()
	base := sampleEvents()
	changed := sampleEvents()[1]
	changed.Summary = "another summary"
	changed.Line = 42
	other := armsflow.Event{ID: "other", Date: "2020", Precision: "year", Kind: "talks", Title: "Talks", Line: 41}
	dup := other
	dup.Title = "Other talks"
	dup.Line = 50
	tests := []struct {
		name  string
		evs   []armsflow.Event
		code  string
		words []string
	}{
		{"same id, other content", []armsflow.Event{other, changed}, armsflow.ECONFLICT, []string{`"caatsa"`, "line 42", "stored"}},
		{"twice in one batch", []armsflow.Event{other, dup}, armsflow.ECONFLICT, []string{`"other"`, "line 50", "line 41"}},
		{"no id", []armsflow.Event{other, {Title: "x", Line: 7}}, armsflow.EINVALID, []string{"line 7", "no id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			if _, err := db.AddEvents(ctx, base); err != nil {
				t.Fatal(err)
			}
			before := dump(t, db)
			added, err := db.AddEvents(ctx, tt.evs)
			wantCode(t, err, tt.code, tt.words...)
			if added != 0 {
				t.Errorf("added %d on error", added)
			}
			if !reflect.DeepEqual(before, dump(t, db)) {
				t.Errorf("a failed AddEvents changed the library")
			}
		})
	}
	// The same event twice in one batch is added once.
	db := openTest(t)
	if added, err := db.AddEvents(ctx, []armsflow.Event{other, other}); err != nil || added != 1 {
		t.Errorf("added %d, %v; want 1", added, err)
	}
}
