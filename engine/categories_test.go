package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
)

func TestCategoryOf(t *testing.T) {
	for desc, want := range map[string]string{
		"armoured personnel carrier": CatArmoured, "FGA aircraft": CatAircraft, "aircraft engine": CatEngines,
		"armoured engineer vehicle": CatArmoured, "anti-aircraft gun": CatAirDefence, "SAM system": CatAirDefence,
		"SAM": CatMissiles, "portable SAM": CatMissiles, "naval SAM system": CatNaval, "missile boat": CatShips,
		"anti-radar missile": CatMissiles, "tank destroyer": CatArmoured, "tanker": CatShips,
		"tanker/transport aircraft": CatAircraft, "aircraft carrier": CatShips, "surface-to-surface missile launcher": CatArtillery,
		"anti-submarine torpedo": CatMissiles, "anti-submarine sonar": CatSensors, "anti-submarine helicopter": CatAircraft,
		"air-search radar": CatSensors, "sam system radar": CatSensors, "towed gun": CatArtillery, "submarine": CatShips,
		"surveillance satellite": CatSatellites, "air refuel system": CatOther, "": CatOther, "loitering munition": CatMissiles,
	} {
		if got := CategoryOf(desc); got != want {
			t.Errorf("CategoryOf(%q) = %q, want %q", desc, got, want)
		}
	}
}

func catFixture(t *testing.T) *Engine {
	t.Helper()
	gen := time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)
	cf := func(side, c, cat string, y int, v float64) armsflow.CategoryFlow {
		return armsflow.CategoryFlow{Side: side, Country: c, Category: cat, Year: y, TIV: v}
	}
	l := &memLoader{
		DatasetList: []armsflow.Dataset{
			{Name: "long-2022-05", Kind: armsflow.KindLong, ImportedAt: gen, Coverage: armsflow.Coverage{From: 1950, To: 2021}},
			{Name: "register-2025-03-13", Kind: armsflow.KindRegister, Generated: "2025-03-13", ImportedAt: gen},
		},
		Content: map[string]*armsflow.Content{
			"long-2022-05": {
				Flows: []armsflow.Flow{f("Russia", "Viet Nam", 2010, 100)},
				Categories: []armsflow.CategoryFlow{
					cf("import", "Viet Nam", "Aircraft", 2010, 60), cf("import", "Viet Nam", "Ships", 2010, 40),
					cf("import", "Viet Nam", "Aircraft", 2011, 20), cf("import", "Viet Nam", "Aircraft", 1990, 999),
					cf("import", "Viet Nam", "Total", 2010, 100), cf("import", "All", "Aircraft", 2010, 5000),
					cf("export", "Viet Nam", "Ships", 2010, 7),
				},
			},
			"register-2025-03-13": {Deals: []armsflow.Deal{
				{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2009), Description: "submarine",
					DeliveryYears: []int{2013, 2014, 2015, 2016}, TIVDelivered: fp(600)},
				{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2017), Description: "tank",
					DeliveryYears: []int{2018, 2019}, TIVDelivered: fp(256)},
				{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2019), Description: "SAM", DeliveryYears: []int{2019}},
				{Recipient: "India", Supplier: "Russia", OrderYear: ip(2010), Description: "tank", DeliveryYears: []int{2014}, TIVDelivered: fp(50)},
			}},
		},
	}
	e, err := New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCategories(t *testing.T) {
	e := catFixture(t)
	r, err := e.Categories(context.Background(), CategoryQuery{Country: "Vietnam", Years: Years{2000, 2021}})
	if err != nil {
		t.Fatal(err)
	}
	if r.TotalTIV != 120 || len(r.Rows) != 2 || r.Rows[0].Category != "Aircraft" || r.Rows[0].TIV != 80 || round1(*r.Rows[0].SharePct) != 66.7 {
		t.Errorf("got total %v rows %+v", r.TotalTIV, r.Rows)
	}
	if r.Kind != armsflow.KindLong {
		t.Errorf("kind %q", r.Kind)
	}
	x, err := e.Categories(context.Background(), CategoryQuery{Country: "Viet Nam", Side: "export"})
	if err != nil || x.TotalTIV != 7 {
		t.Errorf("exports: %v %+v", err, x)
	}
	if _, err := e.Categories(context.Background(), CategoryQuery{Country: "Viet Nam", Side: "sideways"}); armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("bad side: %v", err)
	}
}

func TestDealCategories(t *testing.T) {
	e := catFixture(t)
	r, err := e.DealCategories(context.Background(), DealCategoryQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: Years{2015, 2018}})
	if err != nil {
		t.Fatal(err)
	}
	// Submarines: 600 over 2013-2016, two years in span = 300; tanks: 256 over 2018-2019, one year = 128.
	if r.TotalTIV != 428 || len(r.Rows) != 2 || r.Rows[0].Category != CatShips || r.Rows[0].TIV != 300 || r.Rows[1].TIV != 128 {
		t.Errorf("got total %v rows %+v", r.TotalTIV, r.Rows)
	}
	if r.Kind != armsflow.KindRegister {
		t.Errorf("kind %q", r.Kind)
	}
	all, err := e.DealCategories(context.Background(), DealCategoryQuery{Supplier: "Russia", Recipient: "Viet Nam"})
	if err != nil {
		t.Fatal(err)
	}
	if all.TotalTIV != 856 {
		t.Errorf("all years: total %v", all.TotalTIV)
	}
	if want := "1 deal(s) with unknown"; !strings.Contains(all.Note, want) {
		t.Errorf("note %q lacks %q", all.Note, want)
	}
}
