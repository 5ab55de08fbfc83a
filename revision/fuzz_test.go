package revision

import (
	"testing"

	"github.com/armsflow/armsflow"
)

// dealsFrom makes a few deals from bytes: few parties, designations and
// years, so that keys collide, splits and merges occur and IDs repeat.
func dealsFrom(b []byte) []armsflow.Deal {
	var out []armsflow.Deal
	for len(b) >= 5 && len(out) < 40 {
		parties := []string{"Russia", "Viet Nam", "Libya HoR*", "HoR (Libya)*", "Turkey", "Turkiye"}
		desigs := []string{"T-90S", "M-60A1 Patton-2", "M-60A1", "PVP", "EL/M-2084", "M-2084"}
		d := armsflow.Deal{Supplier: parties[int(b[0])%len(parties)], Recipient: parties[int(b[0]/8)%len(parties)],
			Designation: desigs[int(b[1])%len(desigs)], Description: []string{"APC", "tank"}[b[1]/128]}
		if b[2]%7 != 0 {
			d.OrderYear = ip(2000 + int(b[2])%6)
		}
		if b[3]%5 != 0 {
			d.Ordered = ip(int(b[3]) % 12)
		}
		d.OrderedUncertain = b[3]&128 != 0
		if b[4]%3 != 0 {
			d.DeliveryYears = []int{2001 + int(b[4])%5}
			d.Delivered, d.TIVDelivered = d.Ordered, fp(float64(b[4]%9))
		}
		if b[4]&64 != 0 {
			d.ID = 1 + int(b[4])%7
			d.Deliveries = []armsflow.Delivery{{Year: 2002, TIV: fp(1)}}
		}
		out = append(out, d)
		b = b[5:]
	}
	return out
}

// FuzzCompare checks that any two registers compare without a panic and
// that every deal of each is in exactly one entry.
func FuzzCompare(f *testing.F) {
	f.Add([]byte("abcdefghijklmnopqrst"), []byte("abcdefghijklmnopqrsu"), "deliveries 2001-2003")
	f.Add([]byte{1, 2, 3, 4, 5, 1, 2, 3, 4, 5}, []byte{1, 2, 3, 9, 5}, "all deals")
	f.Add([]byte{0, 0, 0, 0, 0, 64, 64, 64, 64, 64}, []byte{0, 0, 0, 0, 0, 64, 64, 64, 64, 65}, "from Russia to Viet Nam, all deals")
	f.Fuzz(func(t *testing.T, a, b []byte, scope string) {
		old, new := dealsFrom(a), dealsFrom(b)
		ds := armsflow.Dataset{Name: "x", Kind: armsflow.KindRegister, Scope: scope, Generated: "2004-06-01"}
		res, err := Compare(ds, &armsflow.Content{Deals: old}, ds, &armsflow.Content{Deals: new}, Options{Top: 2})
		if err != nil {
			return
		}
		s := res.Summary
		listed := map[string]int{}
		oldSeen, newSeen := 0, 0
		for _, d := range res.Deals {
			listed[d.Change]++
			oldSeen += len(d.Old)
			newSeen += len(d.New)
		}
		for _, k := range Kinds {
			if listed[k] != s.Count(k) {
				t.Fatalf("%s: %d listed, %d counted", k, listed[k], s.Count(k))
			}
		}
		if oldSeen+s.Unchanged != len(old) || newSeen+s.Unchanged != len(new) {
			t.Fatalf("old %d+%d of %d, new %d+%d of %d: %+v", oldSeen, s.Unchanged, len(old), newSeen, s.Unchanged, len(new), s)
		}
		Tables(res, nil)
	})
}
