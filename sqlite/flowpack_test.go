package sqlite

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/armsflow/armsflow"
)

// flowDeal is a FlowDeal with its names spelled out and its numbers as bits
// (NaN equals itself), so that flow contents whose Names are numbered
// differently compare.
type flowDeal struct {
	Supplier, Recipient string
	Years               []int
	TIVDelivered        *uint64
	Deliveries          [][3]uint64 // year, known, TIV bits
}

// spelledFlows are a FlowContent's flows, categories and totals with their
// parties' names spelled out.
type spelledFlows struct {
	Flows, World, Exports []armsflow.Flow
	Categories            []armsflow.CategoryFlow
	Totals                []armsflow.Total
}

// flowsOf returns c's deals spelled out, and its other parts.
func flowsOf(c *armsflow.FlowContent) (deals []flowDeal, rest spelledFlows) {
	for i := range c.Deals {
		d := &c.Deals[i]
		f := flowDeal{Supplier: c.Names[d.Supplier], Recipient: c.Names[d.Recipient], Years: c.DealYears(i)}
		if len(f.Years) == 0 {
			f.Years = nil
		}
		if d.HasTIVDelivered {
			b := math.Float64bits(d.TIVDelivered)
			f.TIVDelivered = &b
		}
		for _, v := range c.DealDeliveries(i) {
			known := uint64(0)
			if v.HasTIV {
				known = 1
			}
			f.Deliveries = append(f.Deliveries, [3]uint64{uint64(v.Year), known, math.Float64bits(v.TIV)})
		}
		deals = append(deals, f)
	}
	rest = spelledFlows{Flows: namedFlows(c.Flows, c.Names), World: namedFlows(c.World, c.Names),
		Exports: namedFlows(c.Exports, c.Names), Categories: c.Categories, Totals: namedTotals(c.Totals, c.Names)}
	return deals, rest
}

// sameFlows reports how got differs from armsflow.NewFlowContent(want), or
// "" when it does not.
func sameFlows(got *armsflow.FlowContent, want *armsflow.Content) string {
	gd, gr := flowsOf(got)
	wd, wr := flowsOf(armsflow.NewFlowContent(want))
	if !reflect.DeepEqual(gd, wd) {
		return "deals differ"
	}
	if !reflect.DeepEqual(gr, wr) {
		return "flows, totals or categories differ"
	}
	return ""
}

// flowContents are contents of every kind: TIV tables with world and export
// totals, the long form with categories, a classic register, the export
// option's register, and nothing.
func flowContents() map[string]armsflow.Content {
	all := map[string]armsflow.Content{}
	for name, f := range map[string]func() (armsflow.Dataset, []FileContent){
		"tiv":      func() (armsflow.Dataset, []FileContent) { return synthTIV("tiv", 300) },
		"register": func() (armsflow.Dataset, []FileContent) { return synthRegister("register", 60) },
		"export":   func() (armsflow.Dataset, []FileContent) { return synthExportRegister("export", 60) },
		"fields":   func() (armsflow.Dataset, []FileContent) { return armsflow.Dataset{}, exportFiles("x", exportContent()) },
		"long": func() (armsflow.Dataset, []FileContent) {
			return armsflow.Dataset{}, []FileContent{{Content: armsflow.Content{
				Flows: []armsflow.Flow{fl("Russia", "India", 2020, 1234.567), fl("Russia", "India", 2020, 1234.567)},
				Categories: []armsflow.CategoryFlow{cf(armsflow.SideImport, "India", "Aircraft", 2020, 800),
					cf(armsflow.SideExport, "Russia", "Ships", 2021, 0)}}}}
		},
		"empty": func() (armsflow.Dataset, []FileContent) { return armsflow.Dataset{}, []FileContent{{}} },
	} {
		_, files := f()
		var c armsflow.Content
		for i := range files {
			appendContent(&c, &files[i].Content)
		}
		all[name] = c
	}
	return all
}

func TestDecodeFlowPack(t *testing.T) {
	for name, c := range flowContents() {
		t.Run(name, func(t *testing.T) {
			p := encodePack(&c)
			got, err := decodeFlowPack(p)
			if err != nil {
				t.Fatal(err)
			}
			if d := sameFlows(got, &c); d != "" {
				t.Errorf("the flow part: %s from the content's", d)
			}
			full, err := decodePack(p)
			if err != nil || !reflect.DeepEqual(full, &c) {
				t.Fatalf("the whole pack does not decode to the content: %v", err)
			}
			// Cut or changed, the flow part is refused or decoded, never
			// panics; the text part is never read.
			// Some 2,000 bytes of the flow part are changed, each in turn.
			flow, _, _ := packParts(p)
			stride := max(1, len(flow)/2000)
			for i := range len(p) {
				if _, err := decodeFlowPack(p[:i]); err == nil {
					t.Fatalf("a pack cut at %d of %d decoded", i, len(p))
				}
				if i%stride != 0 || i > len(flow)+16 {
					continue
				}
				q := append([]byte(nil), p...)
				q[i] ^= 0xff
				decodeFlowPack(q)
			}
			// A pack of format 2 is not read as format 3.
			old := append([]byte(packMagic), 2)
			old = append(old, p[len(packMagic)+1:]...)
			if _, err := decodeFlowPack(old); err == nil {
				t.Error("a pack of format 2 decoded")
			}
		})
	}
}

func TestLoadFlowContent(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	kinds := map[string]string{"tiv": armsflow.KindTIV, "long": armsflow.KindLong, "register": armsflow.KindRegister,
		"export": armsflow.KindRegister, "fields": armsflow.KindRegister, "empty": armsflow.KindTIV}
	for name, c := range flowContents() {
		ds := armsflow.Dataset{Name: name + "-x", Kind: kinds[name]}
		mustImport(t, db, ds, exportFiles(name, []armsflow.Content{c}))
		check := func(how string) {
			t.Helper()
			got, err := db.LoadFlowContent(ctx, ds.Name)
			if err != nil {
				t.Fatalf("%s, %s: %v", name, how, err)
			}
			if d := sameFlows(got, &c); d != "" {
				t.Errorf("%s, %s: %s", name, how, d)
			}
		}
		check("packed")
		// A pack of the previous format is never decoded: the rows answer.
		if _, err := db.wdb.Exec(`UPDATE dataset_packs SET format = 2, data = x'41465048' || data, rest = NULL WHERE dataset = ?`, ds.Name); err != nil {
			t.Fatal(err)
		}
		check("a pack of format 2")
		// Nor one whose parts do not match.
		if _, err := db.wdb.Exec(`DELETE FROM dataset_packs WHERE dataset = ?`, ds.Name); err != nil {
			t.Fatal(err)
		}
		data, _ := splitPack(encodePack(&c))
		if _, err := db.wdb.Exec(`INSERT INTO dataset_packs (dataset, format, data, rest) VALUES (?, ?, ?, x'00')`, ds.Name, packFormat, data); err != nil {
			t.Fatal(err)
		}
		if all, err := db.LoadContent(ctx, ds.Name); err != nil || !reflect.DeepEqual(all, &c) {
			t.Errorf("%s: a pack with a wrong text part: %v", name, err)
		}
		// No pack at all (rows edited by hand): the rows answer, and no
		// pack is made behind the editor's back.
		if _, err := db.wdb.Exec(`DELETE FROM dataset_packs WHERE dataset = ?`, ds.Name); err != nil {
			t.Fatal(err)
		}
		check("no pack")
		var n int
		db.rdb.QueryRow(`SELECT count(*) FROM dataset_packs WHERE dataset = ?`, ds.Name).Scan(&n)
		if n != 0 {
			t.Errorf("%s: a pack was made for rows edited by hand", name)
		}
	}
	if _, err := db.LoadFlowContent(ctx, "tiv-1999"); err == nil {
		t.Fatal("loaded a missing dataset")
	} else {
		wantCode(t, err, armsflow.ENOTFOUND, "tiv-1999", "tiv-x")
	}
}
