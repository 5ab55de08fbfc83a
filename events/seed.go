package events

import (
	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

// StarterSeed is the starter timeline as a new library is seeded with it
// (sqlite.Options.Seed) and the demo loads it: its party names in the
// registry's canonical spelling, as 'events import' stores them, so that
// importing an export of it again finds the same events.
func StarterSeed() ([]armsflow.Event, error) {
	reg := names.New()
	return Validate(StarterName, Starter(), reg.CanonicalName)
}
