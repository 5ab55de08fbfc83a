package events_test

import (
	"reflect"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/events"
)

func TestFilter(t *testing.T) {
	evs := []armsflow.Event{
		{ID: "a", Date: "1979-02-17", End: "1979-03-16", Kind: "conflict", Parties: []string{"Viet Nam", "China"}, Actor: "Soviet Union", Tags: []string{"war"}},
		{ID: "b", Date: "2001-03-01", Kind: "agreement", Parties: []string{"Viet Nam", "Russia"}, Tags: []string{"partnership", "visit"}},
		{ID: "c", Date: "2017-08", End: "2019", Kind: "sanction", Parties: []string{"Russia", "Viet Nam"}, Actor: "United States", Tags: []string{"sanctions"}},
		{ID: "d", Date: "2022", Kind: "vote", Parties: []string{"Viet Nam", "Russia", "Ukraine"}, Tags: []string{"un-vote"}},
		{ID: "e", Date: "bad", Kind: "other", Parties: []string{"Russia", "Ukraine"}},
	}
	for _, tt := range []struct {
		name string
		f    events.Filter
		want []string
	}{
		{"zero filter", events.Filter{}, []string{"a", "b", "c", "d", "e"}},
		{"between two", events.Filter{Between: []string{"Russia", "Viet Nam"}}, []string{"b", "c", "d"}},
		{"between actor", events.Filter{Between: []string{"Soviet Union", "Viet Nam"}}, []string{"a"}},
		{"between any case", events.Filter{Between: []string{"viet nam", "UNITED STATES"}}, []string{"c"}},
		{"between three", events.Filter{Between: []string{"Viet Nam", "Russia", "Ukraine"}}, []string{"d"}},
		{"between nobody", events.Filter{Between: []string{"Atlantis"}}, nil},
		{"between empty actor", events.Filter{Between: []string{""}}, nil},
		{"kind", events.Filter{Kind: "vote"}, []string{"d"}},
		{"from", events.Filter{From: 2017}, []string{"c", "d"}},
		{"to", events.Filter{To: 2001}, []string{"a", "b"}},
		{"range", events.Filter{From: 2001, To: 2017}, []string{"b", "c"}},
		{"end reaches into range", events.Filter{From: 2019, To: 2019}, []string{"c"}},
		{"one year", events.Filter{From: 1979, To: 1979}, []string{"a"}},
		{"empty range", events.Filter{From: 2010, To: 2012}, nil},
		{"tag", events.Filter{Tag: "Partnership"}, []string{"b"}},
		{"all criteria", events.Filter{Between: []string{"Viet Nam"}, Kind: "sanction", From: 2015, To: 2020, Tag: "sanctions"}, []string{"c"}},
		{"all but one", events.Filter{Between: []string{"Viet Nam"}, Kind: "sanction", From: 2015, To: 2020, Tag: "war"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := events.Apply(evs, tt.f)
			if got == nil {
				t.Fatal("nil slice")
			}
			var ids []string
			for i, e := range got {
				ids = append(ids, e.ID)
				if !tt.f.Match(&got[i]) {
					t.Errorf("Apply kept %s, Match refuses it", e.ID)
				}
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Errorf("got %v, want %v", ids, tt.want)
			}
		})
	}
	// Apply does not share the caller's backing array.
	out := events.Apply(evs, events.Filter{})
	out[0].ID = "changed"
	if evs[0].ID != "a" {
		t.Error("Apply shares its input's array")
	}
}
