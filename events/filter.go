package events

import (
	"strings"

	"github.com/armsflow/armsflow"
)

// Filter selects events. An event matches when it meets every criterion
// that is set; the zero Filter matches every event.
type Filter struct {
	// Between names parties that must all take part in the event, as one of
	// its parties or as its actor; empty means any. Names are compared
	// without regard to letter case, and are not resolved: pass canonical
	// names.
	Between []string
	// Kind is the event kind (one of armsflow.EventKinds); "" means any.
	Kind string
	// From and To bound the years, inclusive; 0 leaves that end open. An
	// event with an end date matches when any year from its date to its end
	// lies in [From, To]; an event whose date is malformed matches no bound.
	From, To int
	// Tag is a tag the event must carry (any letter case); "" means any.
	Tag string
}

// Match reports whether e meets every criterion of f.
func (f Filter) Match(e *armsflow.Event) bool {
	if f.Kind != "" && e.Kind != f.Kind {
		return false
	}
	if f.From != 0 || f.To != 0 {
		first := e.Year()
		if first == 0 {
			return false
		}
		last := first
		if e.End != "" {
			end := armsflow.Event{Date: e.End}
			if y := end.Year(); y > last {
				last = y
			}
		}
		if f.From != 0 && last < f.From || f.To != 0 && first > f.To {
			return false
		}
	}
	if f.Tag != "" {
		found := false
		for _, t := range e.Tags {
			if strings.EqualFold(t, f.Tag) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, want := range f.Between {
		found := strings.EqualFold(e.Actor, want) && e.Actor != ""
		for _, p := range e.Parties {
			found = found || strings.EqualFold(p, want)
		}
		if !found {
			return false
		}
	}
	return true
}

// Apply returns the events of evs that match f, in their order, as a new
// slice (never nil) that shares no backing array with evs.
func Apply(evs []armsflow.Event, f Filter) []armsflow.Event {
	out := []armsflow.Event{}
	for i := range evs {
		if f.Match(&evs[i]) {
			out = append(out, evs[i])
		}
	}
	return out
}
