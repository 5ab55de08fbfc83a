package sipri

import (
	"testing"

	"github.com/armsflow/armsflow"
)

// TestIDIndexGrows checks the deal index past the size it was made for.
func TestIDIndexGrows(t *testing.T) {
	x := newIDIndex(1)
	var deals []armsflow.Deal
	for i := range 5000 {
		id := i*7919 + 1
		if _, ok := x.get(id, deals); ok {
			t.Fatalf("id %d found before it was put", id)
		}
		x.put(id, int32(len(deals)), deals)
		deals = append(deals, armsflow.Deal{ID: id})
	}
	for i, d := range deals {
		if j, ok := x.get(d.ID, deals); !ok || int(j) != i {
			t.Fatalf("id %d: got %d, %v; want %d", d.ID, j, ok, i)
		}
	}
}
