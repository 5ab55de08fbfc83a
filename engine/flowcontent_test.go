package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/internal/shareddata"
	"github.com/armsflow/armsflow/sqlite"
)

// contentOnly hides a loader's LoadFlowContent: the engine then builds
// flows from the whole content.
type contentOnly struct{ Loader }

// TestFlowContentSameAnswers: every kind of dataset answers the same from
// the library's flows-only load (LoadFlowContent) as from its whole content
// (LoadContent): SIPRI's TIV tables, the long form, a classic register, the
// export option's register, and hand-made tables of world imports and
// exports alone, and a register with deliveries but no YearlyTIV mark.
func TestFlowContentSameAnswers(t *testing.T) {
	ctx := context.Background()
	root := shareddata.SIPRI(t)
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, inDir, err := importer.Read([]string{filepath.Join(root, "tiv-2022-04"), filepath.Join(root, "long-2022-05"),
		filepath.Join(root, "register-2025-03.csv"), filepath.Join(root, "register-flat-2025-02-sample.csv")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Parse(files, inDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportDatasets(ctx, res.Datasets); err != nil {
		t.Fatal(err)
	}
	file := func(name string, c armsflow.Content) []sqlite.FileContent {
		return []sqlite.FileContent{{File: armsflow.SourceFile{Name: name + ".csv", SHA256: fmt.Sprintf("%064x", len(name))}, Content: c}}
	}
	hand := []struct {
		ds armsflow.Dataset
		c  armsflow.Content
	}{
		{armsflow.Dataset{Name: "tiv-totals", Kind: armsflow.KindTIV, Generated: "2024-03-11"}, armsflow.Content{
			World:   []armsflow.Flow{f("", "India", 2020, 3000), f("", "Viet Nam", 2020, 100), f("", "India", 2021, 2500)},
			Exports: []armsflow.Flow{f("Russia", "", 2020, 2000), f("France", "", 2021, 1500.5)}}},
		{armsflow.Dataset{Name: "register-unmarked", Kind: armsflow.KindRegister, Generated: "2025-02-10"}, armsflow.Content{
			Deals: []armsflow.Deal{
				{Supplier: "Russia", Recipient: "India", DeliveryYears: []int{2020, 2021}, TIVDelivered: fp(3.5),
					Deliveries: []armsflow.Delivery{{Year: 2020, TIV: fp(1.25)}, {Year: 2021, TIV: fp(2.25)}}},
				{Supplier: "Russia", Recipient: "India", DeliveryYears: []int{2021, 2022}, TIVDelivered: fp(1),
					Deliveries: []armsflow.Delivery{{Year: 2021, TIV: fp(0.5)}, {Year: 2022}}},
				{Supplier: "France", Recipient: "India", DeliveryYears: []int{2019}},
			}}},
	}
	for _, h := range hand {
		if _, err := db.ImportDataset(ctx, h.ds, file(h.ds.Name, h.c)); err != nil {
			t.Fatal(err)
		}
	}

	flowsOnly, err := New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := New(ctx, contentOnly{db})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	dss, err := flowsOnly.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ds := range dss {
		kinds[ds.Kind] = true
		fs, err := flowsOnly.flowSet(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		ws, err := whole.flowSet(ctx, ds)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fs.flows, ws.flows) || !reflect.DeepEqual(fs.parties, ws.parties) || fs.cov != ws.cov ||
			fs.exact != ws.exact || fs.estimated != ws.estimated {
			t.Errorf("%s: the flows-only load builds other flows than the whole content", ds.Name)
		}
		if len(fs.flows) == 0 {
			t.Errorf("%s: no flows", ds.Name)
		}
		// And the answers, as the commands print them.
		from, to := fs.cov.From, fs.cov.To
		mid := max(from, to-4)
		top := fs.parties[fs.flows[len(fs.flows)-1].Supplier%int32(len(fs.parties))].Name
		queries := []func(e *Engine) (any, error){
			func(e *Engine) (any, error) {
				return e.Rank(ctx, RankQuery{Side: "suppliers", Years: Years{mid, to}, Dataset: ds.Name})
			},
			func(e *Engine) (any, error) {
				return e.Rank(ctx, RankQuery{Side: "recipients", Years: Years{from, to}, Dataset: ds.Name})
			},
			func(e *Engine) (any, error) {
				return e.Rank(ctx, RankQuery{Side: "recipients", Supplier: top, Years: Years{mid, to}, Dataset: ds.Name})
			},
			func(e *Engine) (any, error) {
				return e.Flows(ctx, FlowQuery{Supplier: top, Recipient: "India", Years: Years{from, to}, Dataset: ds.Name})
			},
			func(e *Engine) (any, error) {
				return e.Concentration(ctx, ConcentrationQuery{Recipient: "India", Years: Years{from, to}, Dataset: ds.Name})
			},
		}
		for i, q := range queries {
			a, aerr := q(flowsOnly)
			b, berr := q(whole)
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if fmt.Sprint(aerr) != fmt.Sprint(berr) || string(ja) != string(jb) {
				t.Errorf("%s, query %d: flows-only load\n%s (%v)\nwhole content\n%s (%v)", ds.Name, i, ja, aerr, jb, berr)
			}
		}
	}
	for _, k := range []string{armsflow.KindTIV, armsflow.KindLong, armsflow.KindRegister} {
		if !kinds[k] {
			t.Errorf("no dataset of kind %s tried", k)
		}
	}
}

// TestFlowSetAsBefore: the flows built from numbered names are those the
// string-keyed builder made before (kept here as the reference), flow for
// flow and party for party, on SIPRI's registers, classic and of the
// export option, and on made-up ones whose names repeat out of order.
func TestFlowSetAsBefore(t *testing.T) {
	root := shareddata.SIPRI(t)
	files, inDir, err := importer.Read([]string{filepath.Join(root, "register-2025-03.csv"), filepath.Join(root, "register-2025-10.csv"),
		filepath.Join(root, "register-flat-2025-02-sample.csv")})
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Parse(files, inDir)
	if err != nil {
		t.Fatal(err)
	}
	type set struct {
		ds armsflow.Dataset
		c  *armsflow.Content
	}
	var sets []set
	for _, d := range res.Datasets {
		c := &armsflow.Content{}
		for _, f := range d.Files {
			c.Deals = append(c.Deals, f.Content.Deals...)
		}
		sets = append(sets, set{d.Dataset, c})
	}
	made := []armsflow.Deal{
		{Supplier: "B", Recipient: "A", DeliveryYears: []int{2001, 1999}, TIVDelivered: fp(0.1),
			Deliveries: []armsflow.Delivery{{Year: 2001, TIV: fp(0.1)}, {Year: 1999}}},
		{Supplier: "A", Recipient: "B", DeliveryYears: []int{2001}, TIVDelivered: fp(0.2),
			Deliveries: []armsflow.Delivery{{Year: 2001, TIV: fp(0.2)}}},
		{Supplier: "", Recipient: "B", DeliveryYears: []int{2000}, TIVDelivered: fp(0.3),
			Deliveries: []armsflow.Delivery{{Year: 2000, TIV: fp(0.3)}}},
		{Supplier: "B", Recipient: "A", DeliveryYears: []int{2001, 2002}, TIVDelivered: fp(0.7),
			Deliveries: []armsflow.Delivery{{Year: 2001, TIV: fp(0.3)}, {Year: 2002, TIV: fp(0.4)}}},
		{Supplier: "USA", Recipient: "United States", DeliveryYears: []int{1990}, TIVDelivered: fp(1),
			Deliveries: []armsflow.Delivery{{Year: 1990, TIV: fp(1)}}},
		{Supplier: "C", Recipient: "A"}, // nothing known: its names are never interned
	}
	sets = append(sets,
		set{armsflow.Dataset{Name: "made-exact", Kind: armsflow.KindRegister, YearlyTIV: true}, &armsflow.Content{Deals: made}},
		set{armsflow.Dataset{Name: "made-estimated", Kind: armsflow.KindRegister}, &armsflow.Content{Deals: slices.Clone(made[:3])}})
	for i := range sets[len(sets)-1].c.Deals {
		sets[len(sets)-1].c.Deals[i].Deliveries = nil
	}
	for _, s := range sets {
		got := buildFlowSet(s.ds, armsflow.NewFlowContent(s.c))
		want := referenceFlowSet(s.ds, s.c)
		if !reflect.DeepEqual(got.flows, want.flows) || !reflect.DeepEqual(got.parties, want.parties) ||
			!reflect.DeepEqual(got.index, want.index) || got.cov != want.cov || got.exact != want.exact ||
			got.estimated != want.estimated || !reflect.DeepEqual(got.start, want.start) {
			t.Errorf("%s: %d flows, %d parties; before: %d flows, %d parties", s.ds.Name,
				len(got.flows), len(got.parties), len(want.flows), len(want.parties))
		}
	}
}

// referenceFlowSet builds a register's flows as the engine did before
// numbered names: string-keyed sums in first-appearance order (exact), or
// one flow per deal and year added by name (estimated).
func referenceFlowSet(ds armsflow.Dataset, c *armsflow.Content) *flowSet {
	b := newBuilder(ds, armsflow.NewFlowContent(c))
	hasDeliveries := false
	for i := range c.Deals {
		hasDeliveries = hasDeliveries || len(c.Deals[i].Deliveries) > 0
	}
	if ds.YearlyTIV || hasDeliveries {
		b.exact = true
		type key struct {
			s, r string
			y    int
		}
		sum := map[key]float64{}
		var order []key
		for i := range c.Deals {
			d := &c.Deals[i]
			for _, dl := range d.Deliveries {
				if dl.TIV == nil {
					continue
				}
				k := key{d.Supplier, d.Recipient, dl.Year}
				if _, ok := sum[k]; !ok {
					order = append(order, k)
				}
				sum[k] += *dl.TIV
			}
		}
		for _, k := range order {
			b.add(b.intern(k.s), b.intern(k.r), k.y, k.y, k.y, sum[k])
		}
	} else {
		b.estimated = true
		for i := range c.Deals {
			d := &c.Deals[i]
			if d.TIVDelivered == nil || len(d.DeliveryYears) == 0 {
				continue
			}
			share := *d.TIVDelivered / float64(len(d.DeliveryYears))
			first, last := slices.Min(d.DeliveryYears), slices.Max(d.DeliveryYears)
			for _, y := range d.DeliveryYears {
				b.add(b.intern(d.Supplier), b.intern(d.Recipient), y, first, last, share)
			}
		}
	}
	b.minYear, b.maxYear = deliveryYears(armsflow.NewFlowContent(c))
	return b.finish()
}
