package engine_test

// The register with SIPRI's export option against the 2022 TIV tables: the
// two give yearly TIV per supplier and recipient, the first exactly (sums of
// "TIV delivery values"), the second rounded to whole millions. They should
// agree within SIPRI's yearly revisions; docs/current-data.md reports the
// figures this test logs. Run: go test ./engine -run YearlyVsTables -v

import (
	"context"
	"math"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/internal/memlib"
	"github.com/armsflow/armsflow/internal/shareddata"
	"github.com/armsflow/armsflow/names"
)

func TestYearlyVsTables(t *testing.T) {
	sample := accParse(t, shareddata.SIPRI(t, "register-flat-2025-02-sample.csv"))
	tables := loadAccuracyData(t)

	// The exact yearly flows, through the engine as a user gets them.
	ds := armsflow.Dataset{Name: "register-2025-02-10", Kind: armsflow.KindRegister, Generated: sample.Generated,
		Coverage: sample.Coverage, YearlyTIV: true, Views: sample.Content.Views()}
	lib := &memlib.Library{DatasetList: []armsflow.Dataset{ds}, Content: map[string]*armsflow.Content{ds.Name: &sample.Content}}
	e, err := engine.New(context.Background(), lib)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		supplier string
		year     int
		want     float64
	}{{"Russia", 2000, 2205.0}, {"Russia", 2001, 2463.25}} {
		r, err := e.Flows(context.Background(), engine.FlowQuery{Supplier: c.supplier, Recipient: "China", Years: engine.Years{From: c.year, To: c.year}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Estimated || math.Abs(r.TotalTIV-c.want) > 1e-9 {
			t.Errorf("%s -> China %d: %v (estimated %v), want %v exact", c.supplier, c.year, r.TotalTIV, r.Estimated, c.want)
		}
	}

	// Per supplier, recipient and year, beside the tables.
	reg := names.New()
	canon := func(n string) string {
		if ent, err := reg.Resolve(n); err == nil {
			return ent.Name
		}
		return n
	}
	type key struct {
		s, r string
		y    int
	}
	exact := map[key]float64{}
	world := map[int]float64{}
	for _, d := range sample.Content.Deals {
		for _, dl := range d.Deliveries {
			if dl.TIV == nil {
				continue
			}
			exact[key{canon(d.Supplier), canon(d.Recipient), dl.Year}] += *dl.TIV
			world[dl.Year] += *dl.TIV
		}
	}
	table := map[key]float64{}
	tableWorld := map[int]float64{}
	for _, f := range tables.tables {
		if f.Year < 2000 || f.Year > 2001 {
			continue
		}
		table[key{canon(f.Supplier), canon(f.Recipient), f.Year}] += f.TIV
		tableWorld[f.Year] += f.TIV
	}
	both, same, onlyExact, onlyTable := 0, 0, 0, 0
	for k, v := range exact {
		tv, ok := table[k]
		if !ok {
			onlyExact++
			continue
		}
		both++
		if math.Round(v) == tv || (tv == 0 && v < 0.5) {
			same++
		}
	}
	for k := range table {
		if _, ok := exact[k]; !ok {
			onlyTable++
		}
	}
	for _, y := range []int{2000, 2001} {
		t.Logf("world total %d: %.1f in the export-option sample (exact), %.0f in the 2022 TIV tables (sum of rounded rows)", y, world[y], tableWorld[y])
	}
	t.Logf("supplier-recipient-years: %d in both, %d (%.0f %%) round to the same whole number; %d only in the sample, %d only in the tables",
		both, same, 100*float64(same)/float64(both), onlyExact, onlyTable)
	if math.Abs(world[2000]-19415.72) > 0.01 {
		t.Errorf("world total 2000 = %.2f, want 19,415.72", world[2000])
	}
	if rel := math.Abs(world[2000]-tableWorld[2000]) / tableWorld[2000]; rel > 0.02 {
		t.Errorf("world total 2000 differs from the tables by %.1f %%, more than SIPRI's revisions explain (2 %%)", 100*rel)
	}
	if both < 500 || float64(same) < 0.6*float64(both) {
		t.Errorf("only %d of %d supplier-recipient-years agree when rounded; expected about 70 %%", same, both)
	}
}
