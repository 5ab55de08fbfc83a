package events_test

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/events"
)

// sipriNames are the SIPRI spellings the starter timeline may use.
var sipriNames = []string{
	"Viet Nam", "Russia", "Soviet Union", "United States", "China", "Turkiye", "Ukraine",
	"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan",
}

func sipriOnly(name string) (string, error) {
	for _, n := range sipriNames {
		if n == name {
			return n, nil
		}
	}
	return "", armsflow.Errorf(armsflow.ENOTFOUND, "%q is not a SIPRI name", name)
}

func TestStarter(t *testing.T) {
	// The file as embedded: Starter must give what it holds.
	raw, err := os.ReadFile(filepath.Join("starter", events.StarterName))
	if err != nil {
		t.Fatal(err)
	}
	evs, err := events.Decode(events.StarterName, bytes.NewReader(raw), "yaml")
	if err != nil {
		t.Fatal(err)
	}
	evs, err = events.Validate(events.StarterName, evs, sipriOnly)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) < 25 {
		t.Errorf("%d events, want at least 25", len(evs))
	}
	if got := events.Starter(); !reflect.DeepEqual(got, evs) {
		t.Error("Starter() differs from the validated embedded file")
	}
	prev := ""
	for _, e := range evs {
		if n := min(len(e.Date), len(prev)); e.Date[:n] < prev[:n] {
			t.Errorf("%s: dated %s, before the event above it (%s)", e.ID, e.Date, prev)
		}
		prev = e.Date
		if !strings.HasPrefix(e.ID, e.Date[:4]+"-") {
			t.Errorf("%s: id does not start with the year %s", e.ID, e.Date[:4])
		}
		if len(strings.Fields(e.Summary)) < 15 {
			t.Errorf("%s: summary too short: %q", e.ID, e.Summary)
		}
		if len(e.Sources) == 0 {
			t.Errorf("%s: no sources", e.ID)
		}
		for _, s := range e.Sources {
			u, err := url.Parse(s.URL)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				t.Errorf("%s: bad url %q", e.ID, s.URL)
			}
			if s.Accessed != "2026-11-24" {
				t.Errorf("%s: accessed %q", e.ID, s.Accessed)
			}
		}
		for _, p := range append(e.Parties, e.Actor) {
			if p == "Democratic Republic of Vietnam" || p == "Vietnam" || p == "Turkey" {
				t.Errorf("%s: non-SIPRI name %q", e.ID, p)
			}
		}
	}
}

// TestStarterCopies: callers may change what Starter returns.
func TestStarterCopies(t *testing.T) {
	a := events.Starter()
	a[0].Parties[0] = "changed"
	a[0].Sources[0].Title = "changed"
	if b := events.Starter(); b[0].Parties[0] == "changed" || b[0].Sources[0].Title == "changed" {
		t.Error("Starter shares its lists between calls")
	}
}

func TestStarterRoundTrip(t *testing.T) {
	want := events.Starter()
	for _, format := range events.Formats {
		var b bytes.Buffer
		if err := events.Encode(&b, format, want); err != nil {
			t.Fatal(err)
		}
		got, err := events.Decode(events.StarterName, &b, format)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(withoutLines(got), withoutLines(want)) {
			t.Errorf("%s: the starter timeline does not survive a round trip", format)
		}
	}
}
