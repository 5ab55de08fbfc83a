package events_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/events"
)

// sipri resolves a few aliases to SIPRI's names and refuses the rest, as
// the name registry does.
func sipri(name string) (string, error) {
	switch name {
	case "Viet Nam", "Vietnam", "VNM":
		return "Viet Nam", nil
	case "Russia", "RUS", "Russian Federation":
		return "Russia", nil
	case "Soviet Union", "USSR":
		return "Soviet Union", nil
	case "United States", "USA":
		return "United States", nil
	case "China":
		return "China", nil
	}
	return "", armsflow.Errorf(armsflow.ENOTFOUND, "no country %q; did you mean Viet Nam?", name)
}

// valid returns an event that passes Validate.
func valid() armsflow.Event {
	return armsflow.Event{
		ID: "2001-strategic-partnership", Date: "2001-03-01", Kind: "agreement",
		Title: "Declaration on Strategic Partnership", Parties: []string{"Viet Nam", "Russia"},
		Sources: []armsflow.EventSource{{Title: "Russia eases Vietnam debt", Publisher: "BBC News", Date: "2001-03-01",
			URL: "http://news.bbc.co.uk/2/hi/asia-pacific/1195414.stm", Accessed: "2026-11-24"}},
		Line: 7,
	}
}

func TestValidateRules(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(e *armsflow.Event)
		want   string // "" = valid
	}{
		{"valid", func(e *armsflow.Event) {}, ""},
		{"missing id", func(e *armsflow.Event) { e.ID = "" }, `f.yaml:7: event #1: no id`},
		{"id not a slug", func(e *armsflow.Event) { e.ID = "2001 Strategic" }, `id "2001 Strategic" is not a slug`},
		{"id upper case", func(e *armsflow.Event) { e.ID = "A-1" }, "not a slug"},
		{"id underscore", func(e *armsflow.Event) { e.ID = "a_1" }, "not a slug"},
		{"no date", func(e *armsflow.Event) { e.Date = "" }, "no date"},
		{"date form", func(e *armsflow.Event) { e.Date = "1 March 2001" }, `date "1 March 2001" is not a date`},
		{"date slashes", func(e *armsflow.Event) { e.Date = "2001/03/01" }, "is not a date"},
		{"date not in calendar", func(e *armsflow.Event) { e.Date = "2001-02-30" }, `date "2001-02-30"`},
		{"month 13", func(e *armsflow.Event) { e.Date = "2001-13" }, `date "2001-13"`},
		{"two-digit year", func(e *armsflow.Event) { e.Date = "01" }, "is not a date"},
		{"year", func(e *armsflow.Event) { e.Date = "2001" }, ""},
		{"month", func(e *armsflow.Event) { e.Date = "2001-03" }, ""},
		{"precision matches", func(e *armsflow.Event) { e.Precision = "day" }, ""},
		{"precision mismatch", func(e *armsflow.Event) { e.Precision = "month" }, `written to the day but its precision is "month"`},
		{"precision unknown", func(e *armsflow.Event) { e.Precision = "week" }, `precision "week"`},
		{"end after", func(e *armsflow.Event) { e.End = "2001-03-05" }, ""},
		{"end same day", func(e *armsflow.Event) { e.End = "2001-03-01" }, ""},
		{"end coarser same year", func(e *armsflow.Event) { e.End = "2001" }, ""},
		{"end before", func(e *armsflow.Event) { e.End = "2001-02-28" }, "end 2001-02-28 is before date 2001-03-01"},
		{"end month before", func(e *armsflow.Event) { e.End = "2001-02" }, "is before date"},
		{"end year before", func(e *armsflow.Event) { e.End = "2000" }, "is before date"},
		{"end malformed", func(e *armsflow.Event) { e.End = "soon" }, `end "soon" is not a date`},
		{"no kind", func(e *armsflow.Event) { e.Kind = "" }, "no kind; use one of agreement, visit"},
		{"unknown kind", func(e *armsflow.Event) { e.Kind = "treaty" }, `unknown kind "treaty"`},
		{"every kind", func(e *armsflow.Event) { e.Kind = armsflow.EventKinds[len(armsflow.EventKinds)-1] }, ""},
		{"empty title", func(e *armsflow.Event) { e.Title = " \t" }, "no title"},
		{"one party", func(e *armsflow.Event) { e.Parties = []string{"Russia"} }, "1 party; an event needs at least two"},
		{"no parties", func(e *armsflow.Event) { e.Parties = nil }, "0 parties"},
		{"party twice", func(e *armsflow.Event) { e.Parties = []string{"Vietnam", "Viet Nam"} }, `party "Viet Nam" is listed twice`},
		{"unknown party", func(e *armsflow.Event) { e.Parties = []string{"Vietnamm", "Russia"} }, `unknown party "Vietnamm": no country "Vietnamm"; did you mean Viet Nam?`},
		{"empty party", func(e *armsflow.Event) { e.Parties = []string{"", "Russia"} }, "empty party name"},
		{"unknown actor", func(e *armsflow.Event) { e.Actor = "Atlantis" }, `unknown actor "Atlantis"`},
		{"no sources", func(e *armsflow.Event) { e.Sources = nil }, "no sources"},
		{"source without title", func(e *armsflow.Event) { e.Sources[0].Title = "" }, "source 1 has no title"},
		{"source without publisher", func(e *armsflow.Event) { e.Sources[0].Publisher = "" }, "source 1 has no publisher"},
		{"source without url", func(e *armsflow.Event) { e.Sources[0].URL = "" }, "source 1: no url"},
		{"relative url", func(e *armsflow.Event) { e.Sources[0].URL = "/2/hi/asia-pacific/1195414.stm" }, "must begin with https:// or http://"},
		{"ftp url", func(e *armsflow.Event) { e.Sources[0].URL = "ftp://example.org/x" }, "must begin with https:// or http://"},
		{"javascript url", func(e *armsflow.Event) { e.Sources[0].URL = "javascript:alert(1)" }, "must begin with https://"},
		{"url without host", func(e *armsflow.Event) { e.Sources[0].URL = "https:///x" }, "has no host"},
		{"url with space", func(e *armsflow.Event) { e.Sources[0].URL = "https://example.org/a b" }, "is malformed"},
		{"url unparsable", func(e *armsflow.Event) { e.Sources[0].URL = "https://[::1" }, "is malformed"},
		{"second source bad", func(e *armsflow.Event) {
			e.Sources = append(e.Sources, armsflow.EventSource{Title: "t", Publisher: "p", URL: "example.org"})
		}, "source 2: url"},
		{"source date bad", func(e *armsflow.Event) { e.Sources[0].Date = "March 2001" }, `source 1: date "March 2001"`},
		{"source date year", func(e *armsflow.Event) { e.Sources[0].Date = "2001" }, ""},
		{"accessed not a day", func(e *armsflow.Event) { e.Sources[0].Accessed = "2026-11" }, `source 1: accessed "2026-11"`},
		{"accessed bad", func(e *armsflow.Event) { e.Sources[0].Accessed = "yesterday" }, `accessed "yesterday"`},
		{"tag with pipe", func(e *armsflow.Event) { e.Tags = []string{"a|b"} }, `tag "a|b"`},
		{"blank tag", func(e *armsflow.Event) { e.Tags = []string{" "} }, `tag " "`},
		{"deal ok", func(e *armsflow.Event) {
			e.Deals = []armsflow.DealRef{{Supplier: "RUS", Recipient: "VNM", Designation: "T-90S", OrderYear: 2017}}
		}, ""},
		{"deal without designation", func(e *armsflow.Event) {
			e.Deals = []armsflow.DealRef{{Supplier: "Russia", Recipient: "Viet Nam", OrderYear: 2017}}
		}, "deal 1 needs supplier, recipient and designation"},
		{"deal without year", func(e *armsflow.Event) {
			e.Deals = []armsflow.DealRef{{Supplier: "Russia", Recipient: "Viet Nam", Designation: "T-90S"}}
		}, "deal 1: order_year 0 is not a year"},
		{"deal year far", func(e *armsflow.Event) {
			e.Deals = []armsflow.DealRef{{Supplier: "Russia", Recipient: "Viet Nam", Designation: "T-90S", OrderYear: 20177}}
		}, "order_year 20177"},
		{"deal unknown supplier", func(e *armsflow.Event) {
			e.Deals = []armsflow.DealRef{{Supplier: "Rusia", Recipient: "Viet Nam", Designation: "T-90S", OrderYear: 2017}}
		}, `unknown deal supplier "Rusia"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := valid()
			tt.change(&e)
			out, err := events.Validate("f.yaml", []armsflow.Event{e}, sipri)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if len(out) != 1 {
					t.Fatalf("%d events", len(out))
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			var ae *armsflow.Error
			if !errors.As(err, &ae) || ae.Code != armsflow.EINVALID {
				t.Fatalf("error %#v is not an EINVALID *armsflow.Error", err)
			}
			if !strings.Contains(ae.Message, tt.want) {
				t.Errorf("message %q lacks %q", ae.Message, tt.want)
			}
			if !strings.HasPrefix(ae.Message, "f.yaml:7: event ") {
				t.Errorf("message %q does not start with the place", ae.Message)
			}
			if out != nil {
				t.Errorf("events returned with an error")
			}
		})
	}
}

func TestValidateCanonicalAndPrecision(t *testing.T) {
	in := []armsflow.Event{valid(), valid()}
	in[0].Parties = []string{"Vietnam", "RUS"}
	in[0].Actor = "USA"
	in[0].Deals = []armsflow.DealRef{{Supplier: "Russian Federation", Recipient: "VNM", Designation: "Yak-130", OrderYear: 2019}}
	in[1].ID, in[1].Date, in[1].Line = "1979-war", "1979-02", 9
	keep := fmt.Sprintf("%#v", in)

	out, err := events.Validate("f.yaml", in, sipri)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%#v", in) != keep {
		t.Error("Validate changed its input")
	}
	e := out[0]
	if !reflect.DeepEqual(e.Parties, []string{"Viet Nam", "Russia"}) || e.Actor != "United States" ||
		e.Deals[0].Supplier != "Russia" || e.Deals[0].Recipient != "Viet Nam" {
		t.Errorf("names not canonical: %#v", e)
	}
	if e.Precision != "day" || out[1].Precision != "month" {
		t.Errorf("precisions %q %q", e.Precision, out[1].Precision)
	}
	if e.Tags == nil || e.Deals == nil || out[1].Deals == nil || out[1].Line != 9 {
		t.Errorf("lists or line lost: %#v", out[1])
	}

	// A nil resolve takes names as they are.
	out, err = events.Validate("x", []armsflow.Event{in[0]}, nil)
	if err != nil || out[0].Parties[0] != "Vietnam" {
		t.Errorf("nil resolve: %v %v", out, err)
	}
}

// TestValidateReportsAll: one bad event among good ones is named with its
// line and id, and every problem of every event is listed at once.
func TestValidateReportsAll(t *testing.T) {
	file := `- id: 1950-relations
  date: 1950-01-30
  kind: agreement
  title: Relations
  parties: [Viet Nam, Soviet Union]
  sources: [{title: T, publisher: P, url: "https://example.org/1"}]
- id: 2001-partnership
  date: 2001-03-01
  kind: agreement
  title: Partnership
  parties: [Viet Nam, Rusia]
  sources: [{title: T, publisher: P, url: "example.org/2"}]
- id: 2022-vote
  date: 2022-03-02
  kind: vote
  title: Vote
  parties: [Viet Nam, Russia]
  sources: [{title: T, publisher: P, url: "https://example.org/3"}]
- id: 1950-relations
  date: 1950-13-01
  kind: agreement
  title: Again
  parties: [Viet Nam, Soviet Union]
  sources: [{title: T, publisher: P, url: "https://example.org/4"}]
`
	evs, err := events.Decode("bad.yaml", strings.NewReader(file), "yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = events.Validate("bad.yaml", evs, sipri)
	if err == nil {
		t.Fatal("no error")
	}
	msg := armsflow.ErrorMessage(err)
	want := []string{
		`bad.yaml:7: event "2001-partnership": unknown party "Rusia"`,
		`bad.yaml:7: event "2001-partnership": source 1: url "example.org/2" must begin with https:// or http://`,
		`bad.yaml:19: event "1950-relations": date "1950-13-01" is not a date`,
		`bad.yaml:19: event "1950-relations": duplicate id, first used at line 1`,
	}
	lines := strings.Split(msg, "\n")
	if len(lines) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(lines), len(want), msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message lacks %q:\n%s", w, msg)
		}
	}
	if strings.Contains(msg, "2022-vote") || strings.Contains(msg, ":1: ") {
		t.Errorf("good events reported:\n%s", msg)
	}
}

func TestValidateNoLine(t *testing.T) {
	e := valid()
	e.Line = 0
	e.Title = ""
	_, err := events.Validate("events add", []armsflow.Event{e}, sipri)
	if got, want := armsflow.ErrorMessage(err), `events add: event "2001-strategic-partnership": no title`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
