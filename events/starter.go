package events

import (
	"bytes"
	_ "embed"
	"sync"

	"github.com/armsflow/armsflow"
)

// StarterName is the file name of the starter timeline, used in messages
// and in provenance.
const StarterName = "viet-nam-russia.yaml"

//go:embed starter/viet-nam-russia.yaml
var starterYAML []byte

var starter = sync.OnceValues(func() ([]armsflow.Event, error) {
	evs, err := Decode(StarterName, bytes.NewReader(starterYAML), FormatYAML)
	if err != nil {
		return nil, err
	}
	return Validate(StarterName, evs, nil)
})

// Starter returns the curated starter timeline of Viet Nam–Russia (and
// Soviet Union) defence cooperation embedded in the binary, decoded and
// validated (precisions set; party names are SIPRI's), with each event's
// Line in the embedded file. Every call returns a fresh copy. Starter
// panics only if the embedded file is broken, which the package's tests
// rule out.
func Starter() []armsflow.Event {
	evs, err := starter()
	if err != nil {
		panic("events: the embedded starter timeline is broken: " + err.Error())
	}
	out := make([]armsflow.Event, len(evs))
	for i, e := range evs {
		e.Parties = append([]string{}, e.Parties...)
		e.Sources = append([]armsflow.EventSource{}, e.Sources...)
		e.Tags = append([]string{}, e.Tags...)
		e.Deals = append([]armsflow.DealRef{}, e.Deals...)
		out[i] = e
	}
	return out
}
