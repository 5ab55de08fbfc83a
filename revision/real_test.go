package revision

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/internal/shareddata"
)

// vintage is one register of SIPRI's, parsed.
type vintage struct {
	ds armsflow.Dataset
	c  *armsflow.Content
}

var realOnce struct {
	sync.Once
	old, new vintage
	err      error
}

// realRegisters parses the March and October 2025 registers once, read in
// place from ../shared/data, or skips when they are absent.
func realRegisters(tb testing.TB) (old, new vintage) {
	tb.Helper()
	root := shareddata.SIPRI(tb)
	realOnce.Do(func() {
		var got []vintage
		for _, name := range []string{"register-2025-03.csv", "register-2025-10.csv"} {
			files, inDir, err := importer.Read([]string{filepath.Join(root, name)})
			if err != nil {
				realOnce.err = err
				return
			}
			res, err := importer.Parse(files, inDir)
			if err != nil {
				realOnce.err = err
				return
			}
			d := res.Datasets[0]
			c := &armsflow.Content{}
			for _, f := range d.Files {
				c.Deals = append(c.Deals, f.Content.Deals...)
			}
			got = append(got, vintage{d.Dataset, c})
		}
		realOnce.old, realOnce.new = got[0], got[1]
	})
	if realOnce.err != nil {
		tb.Fatal(realOnce.err)
	}
	return realOnce.old, realOnce.new
}

// TestRealRegisters checks what a user should see comparing SIPRI's March
// and October 2025 registers (issue 9, section 4), found by hand first.
func TestRealRegisters(t *testing.T) {
	old, new := realRegisters(t)
	res, err := Compare(old.ds, old.c, new.ds, new.c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The March export holds 1,166 deals without deliveries (1,164 one-line
	// records with an empty 'Year(s) of delivery', 2 broken over two
	// lines); the October one holds only deals with deliveries.
	noDeliveries := 0
	for i := range old.c.Deals {
		if len(old.c.Deals[i].DeliveryYears) == 0 {
			noDeliveries++
		}
	}
	if noDeliveries != 1166 || res.Summary.OutOfScope != noDeliveries || res.Summary.Removed != 0 || res.Summary.Added != 0 {
		t.Errorf("%d deals without deliveries; summary %+v", noDeliveries, res.Summary)
	}
	total := res.Summary.Changed + res.Summary.Renamed + res.Summary.Unchanged + 2*res.Summary.Merged + res.Summary.OutOfScope
	if total != len(old.c.Deals) {
		t.Errorf("summary %+v accounts for %d old deals of %d", res.Summary, total, len(old.c.Deals))
	}
	for _, d := range res.Deals {
		if d.Change == OutOfScope && (d.Side != "old" || len(d.Old[0].DeliveryYears) != 0) {
			t.Errorf("out of scope: %+v", d)
		}
	}
	if !slices.Contains(res.Renames, Rename{Kind: "party", Old: "Libya HoR*", New: "HoR (Libya)*", Deals: 27}) {
		t.Errorf("no rename of Libya HoR*: %+v", res.Renames[:3])
	}
	m60 := slices.IndexFunc(res.Renames, func(r Rename) bool { return r.Old == "M-60A1 Patton-2" && r.New == "M-60A1" })
	if m60 < 0 || res.Renames[m60].Deals != 26 {
		t.Errorf("M-60A1 Patton-2 → M-60A1: %v", m60)
	}
	find := func(change, sup, rcp, desig string) *DealChange {
		for i := range res.Deals {
			d := &res.Deals[i]
			if d.Change == change && d.New[0].Supplier == sup && d.New[0].Recipient == rcp && d.New[0].Designation == desig {
				return d
			}
		}
		t.Errorf("no %s deal %s → %s %s", change, sup, rcp, desig)
		return nil
	}
	if d := find(Changed, "Soviet Union", "Egypt", "P-15"); d != nil {
		if *d.Old[0].Ordered != 30 || *d.New[0].Ordered != 23 || *d.New[0].OrderYear != 1961 || !slices.Contains(d.Fields, "ordered") {
			t.Errorf("P-15: %+v", d)
		}
	}
	if d := find(Merged, "France", "Chile", "PVP"); d != nil {
		if len(d.Old) != 2 || *d.Old[0].Ordered != 9 || *d.Old[0].OrderYear != 2009 || *d.Old[1].Ordered != 6 || *d.Old[1].OrderYear != 2010 ||
			*d.New[0].Ordered != 15 || *d.New[0].OrderYear != 2009 {
			t.Errorf("PVP: %+v", d)
		}
	}
	for _, d := range res.Deals {
		for _, x := range slices.Concat(d.Old, d.New) {
			hor := x.Supplier == "Libya HoR*" || x.Recipient == "Libya HoR*" || x.Supplier == "HoR (Libya)*" || x.Recipient == "HoR (Libya)*"
			if hor && d.Change != Renamed && d.Change != Changed {
				t.Errorf("a deal of HoR (Libya)* %s: %+v", d.Change, x)
			}
			if x.Designation == "M-60A1 Patton-2" && (d.Change != Renamed || !slices.Equal(d.Fields, []string{"designation"})) {
				t.Errorf("an M-60A1 Patton-2 deal %s %v", d.Change, d.Fields)
			}
		}
	}
	if d := find(Renamed, "Belarus", "HoR (Libya)*", "Mi-24P/Mi-35P"); d != nil && !slices.Equal(d.Fields, []string{"recipient"}) {
		t.Errorf("Mi-24P for HoR: fields %v", d.Fields)
	}
	if len(res.Systematic) != 1 || res.Systematic[0].Field != "delivered_uncertain" {
		t.Errorf("systematic %+v", res.Systematic)
	}
	// Both cover 1950 to 2024 in full (2025, if covered, was not over when
	// either was generated): periods end in 2024.
	if res.Years.From != 1950 || res.Years.To < 2024 || len(res.World) != 15 || res.World[14].Period != "2020-2024" {
		t.Errorf("years %+v, %d periods", res.Years, len(res.World))
	}
}

// BenchmarkCompare times the comparison of the two real registers, parsed
// and in memory (the command adds loading them from the library).
func BenchmarkCompare(b *testing.B) {
	old, new := realRegisters(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(old.ds, old.c, new.ds, new.c, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
