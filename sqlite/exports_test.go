package sqlite

import (
	"context"
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/armsflow/armsflow"
)

// exportContent is a hand-made content with every field schema 5 added:
// nil and non-nil pointers, a deal without deliveries, a delivery with
// unknown units and TIV, exports and SIPRI's totals.
func exportContent() []armsflow.Content {
	return []armsflow.Content{
		{Deals: []armsflow.Deal{
			{ID: 32502, Supplier: "China", Recipient: "Algeria", Designation: "C-802", Description: "anti-ship missile",
				Category: "Missiles", OrderYear: ptr(1999), OrderYearUncertain: true, Ordered: ptr(9), Delivered: ptr(9),
				DeliveryYears: []int{2001, 2002}, Status: "New", SIPRIEstimate: ptr(0.9), TIVUnit: ptr(0.9),
				TIVDelivered: ptr(8.1), LocalProduction: ptr(false), Line: 12,
				Deliveries: []armsflow.Delivery{
					{Year: 2001, YearEstimate: true, Units: ptr(5), UnitsEstimate: true, TIV: ptr(4.5)},
					{Year: 2002, Units: ptr(4), TIV: ptr(3.6)},
				}},
			{ID: 1, Supplier: "Russia", Recipient: "India", Designation: "T-90S", Category: "Armoured vehicles",
				Status: "New", LocalProduction: ptr(true), SIPRIEstimate: ptr(0.0), Line: 14,
				Deliveries: []armsflow.Delivery{{Year: 2003, Units: nil, TIV: nil}, {Year: 2004, Units: ptr(0), TIV: ptr(0.0)}}},
			// A deal of the export option without deliveries, and one of
			// the classic register with none of the new fields.
			{ID: 7, Supplier: "France", Recipient: "India", Designation: "Rafale", Category: "Aircraft", Line: 15},
			{Supplier: "France", Recipient: "India", Designation: "Mirage-2000", Line: 16,
				Comments: "classic; \"quoted\", back\\slash, line\nbreak, tab\t, \x01, Curaçao ✓ \u2028 </script>"},
		}},
		{Exports: []armsflow.Flow{{Supplier: "Russia", Year: 2020, TIV: 3000.5}, {Supplier: "Russia", Year: 2021, TIV: 0},
			{Supplier: "Hamas*", Year: 2020, TIV: 1}, {Supplier: "Russia", Year: 2022, TIV: 12}},
			Totals: []armsflow.Total{{Side: armsflow.SideExport, Party: "Russia", Year: 2020, TIV: 3001},
				{Side: armsflow.SideExport, Party: "", Year: 2020, TIV: 25000.25}, {Side: armsflow.SideImport, Party: "India", Year: 2020, TIV: 0}},
			Flows: []armsflow.Flow{fl("Russia", "India", 2020, 2000)}},
	}
}

func exportFiles(name string, cs []armsflow.Content) []FileContent {
	var files []FileContent
	for i, c := range cs {
		n := name + string(rune('a'+i))
		files = append(files, FileContent{File: armsflow.SourceFile{Name: n + ".csv", SHA256: digestOf(n), Subject: n}, Content: c})
	}
	return files
}

func TestExportFieldsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := armsflow.Dataset{Name: "register-2025-02-10", Kind: armsflow.KindRegister, Generated: "2025-02-10",
		Scope: "deliveries 2000-2001", Coverage: armsflow.Coverage{From: 2000, To: 2025, PartialFrom: 2025},
		Views: []string{armsflow.ViewDeals, armsflow.ViewDyads}, YearlyTIV: true}
	files := exportFiles("x", exportContent())
	var want armsflow.Content
	for i := range files {
		appendContent(&want, &files[i].Content)
	}
	res := mustImport(t, db, ds, files)
	if res.Dataset.Coverage != ds.Coverage || !res.Dataset.YearlyTIV ||
		!reflect.DeepEqual(res.Dataset.Views, []string{armsflow.ViewDyads, armsflow.ViewDeals}) {
		t.Errorf("stored dataset: coverage %v, yearly TIV %v, views %v", res.Dataset.Coverage, res.Dataset.YearlyTIV, res.Dataset.Views)
	}
	dss, err := db.Datasets(ctx)
	if err != nil || len(dss) != 1 || !reflect.DeepEqual(dss[0], res.Dataset) {
		t.Errorf("Datasets() = %+v, %v\nwant %+v", dss, err, res.Dataset)
	}

	packed, err := db.LoadContent(ctx, ds.Name)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(packed, &want) {
		t.Errorf("LoadContent (packed) =\n%+v\nwant\n%+v", packed, &want)
	}
	// Without the pack, from the rows.
	if _, err := db.wdb.Exec(`DELETE FROM dataset_packs`); err != nil {
		t.Fatal(err)
	}
	rows, err := db.LoadContent(ctx, ds.Name)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows, &want) {
		t.Errorf("LoadContent (rows) =\n%+v\nwant\n%+v", rows, &want)
	}

	// The tables and views for any SQLite tool.
	var n, nulls int
	var sum float64
	db.rdb.QueryRow(`SELECT count(*), sum(tiv), sum(units IS NULL) FROM deliveries WHERE dataset = ?`, ds.Name).Scan(&n, &sum, &nulls)
	if n != 4 || sum != 8.1 || nulls != 1 {
		t.Errorf("deliveries view: %d rows, TIV %v, %d unknown units; want 4, 8.1, 1", n, sum, nulls)
	}
	var designation string
	var est, units int
	db.rdb.QueryRow(`SELECT designation, year_estimate, units FROM deliveries WHERE year = 2001`).Scan(&designation, &est, &units)
	if designation != "C-802" || est != 1 || units != 5 {
		t.Errorf("delivery of 2001: %s, estimate %d, %d units", designation, est, units)
	}
	db.rdb.QueryRow(`SELECT count(*), sum(tiv) FROM world_exports WHERE supplier = 'Russia'`).Scan(&n, &sum)
	if n != 3 || sum != 3012.5 {
		t.Errorf("world_exports: %d rows summing to %v, want 3 and 3012.5", n, sum)
	}
	db.rdb.QueryRow(`SELECT tiv FROM sipri_totals WHERE side = 'export' AND party = ''`).Scan(&sum)
	if sum != 25000.25 {
		t.Errorf("world export total %v", sum)
	}
	db.rdb.QueryRow(`SELECT (sipri_id IS NULL) + (sipri_estimate IS NULL) + (local_production IS NULL) + (deliveries IS NULL)
		FROM deals WHERE designation = 'Mirage-2000'`).Scan(&nulls)
	if nulls != 4 {
		t.Errorf("a classic deal has %d NULLs of the export option's 4", nulls)
	}

	if err := db.DeleteDataset(ctx, ds.Name); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"deals", "export_series", "total_series", "deliveries"} {
		if n := count(t, db, table); n != 0 {
			t.Errorf("%s: %d rows left after deleting the dataset", table, n)
		}
	}
}

// TestEditedExportRowsWin checks that the new tables drop the pack when
// edited by hand, like the old ones.
func TestEditedExportRowsWin(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds := armsflow.Dataset{Name: "x", Kind: armsflow.KindRegister}
	mustImport(t, db, ds, exportFiles("x", exportContent()))
	edits := []struct {
		name, sql string
		check     func(c *armsflow.Content) bool
	}{
		{"deliveries", `UPDATE deal_chunks SET deals = json_set(deals, '$[2][21]', json('[[1999, 1, null, 0, 2.5]]')) WHERE file = 1`, func(c *armsflow.Content) bool {
			v := c.Deals[2].Deliveries
			return len(v) == 1 && v[0].Year == 1999 && v[0].YearEstimate && v[0].Units == nil && *v[0].TIV == 2.5
		}},
		{"exports", `UPDATE export_series SET years = '[[2020, 1]]' WHERE supplier = 'Hamas*'`,
			func(c *armsflow.Content) bool { return len(c.Exports) == 4 }},
		{"delete exports", `DELETE FROM export_series WHERE supplier = 'Hamas*'`,
			func(c *armsflow.Content) bool { return len(c.Exports) == 3 }},
		{"insert total", `INSERT INTO total_series (dataset, file, side, party, years) SELECT dataset, file, 'import', 'Chile', '[[2020, 5]]' FROM total_series LIMIT 1`,
			func(c *armsflow.Content) bool { return len(c.Totals) == 4 && c.Totals[3].Party == "Chile" }},
		{"delete totals", `DELETE FROM total_series WHERE party = 'Chile'`,
			func(c *armsflow.Content) bool { return len(c.Totals) == 3 }},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			mustImport(t, db, ds, exportFiles("y", []armsflow.Content{{}})) // a merge rebuilds the pack
			if n := count(t, db, `dataset_packs`); n != 1 {
				t.Fatal("no pack to drop")
			}
			if _, err := db.wdb.Exec(e.sql); err != nil {
				t.Fatal(err)
			}
			if n := count(t, db, `dataset_packs`); n != 0 {
				t.Errorf("the pack survived the edit")
			}
			c, err := db.LoadContent(ctx, ds.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !e.check(c) {
				t.Errorf("the edit is not loaded")
			}
			db.wdb.Exec(`DELETE FROM dataset_files WHERE name = 'ya.csv'`)
		})
	}
	// What no Delivery can hold is refused, naming the deal.
	for _, bad := range []string{`'[[2001, 2, 1, 0, 1]]'`, `'[[2001, 0, -1, 0, 1]]'`, `'[[2001, 0, 1, 0]]'`, `'{"a": 1}'`, `'[[2001, 0, 1, 0, -3]]'`} {
		if _, err := db.wdb.Exec(`UPDATE deal_chunks SET deals = json_set(deals, '$[2][21]', json(` + bad + `)) WHERE file = 1`); err != nil {
			t.Fatal(err)
		}
		_, err := db.LoadContent(ctx, ds.Name)
		wantCode(t, err, armsflow.EINVALID, "line 15", "deliver")
	}
	for _, bad := range []struct{ set, words string }{
		{`json_set(deals, '$[0][1]', 5)`, "recipient"},
		{`json_set(deals, '$[0][4]', 2)`, "order_year_uncertain (0 or 1)"},
		{`json_set(deals, '$[0][17]', -3)`, "sipri_id"},
		{`json_set(deals, '$[0][19]', 'a lot')`, "sipri_estimate"},
		{`json_set(deals, '$[0][11]', '2001; soon')`, "soon"},
		{`json_remove(deals, '$[0][21]')`, "21 columns"},
		{`'not json'`, "not a JSON array"},
	} {
		if _, err := db.wdb.Exec(`UPDATE deal_chunks SET deals = ` + bad.set + ` WHERE file = 1`); err != nil {
			t.Fatal(err)
		}
		_, err := db.LoadContent(ctx, ds.Name)
		wantCode(t, err, armsflow.EINVALID, "deal_chunks", bad.words)
		if _, err := db.wdb.Exec(`UPDATE deal_chunks SET deals = ? WHERE file = 1`,
			"["+string(appendDeal(nil, &exportContent()[0].Deals[0]))+"]"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckExportContent(t *testing.T) {
	nan := math.NaN()
	deal := func(v armsflow.Delivery) armsflow.Deal {
		return armsflow.Deal{Supplier: "A", Recipient: "B", Line: 30, Deliveries: []armsflow.Delivery{{Year: 2000}, v}}
	}
	tests := []struct {
		name  string
		c     armsflow.Content
		words []string
	}{
		{"export TIV negative", armsflow.Content{Exports: []armsflow.Flow{{Supplier: "A", Year: 2000, TIV: 1}, {Supplier: "A", Year: 2001, TIV: -1}}},
			[]string{"f.csv", "total-exports flow 2", "-1"}},
		{"export TIV NaN", armsflow.Content{Exports: []armsflow.Flow{{Supplier: "A", Year: 2000, TIV: nan}}}, []string{"f.csv", "total-exports flow 1", "NaN"}},
		{"export with recipient", armsflow.Content{Exports: []armsflow.Flow{{Supplier: "A", Recipient: "B", Year: 2000}}},
			[]string{"f.csv", "total-exports flow 1", "recipient"}},
		{"total negative", armsflow.Content{Totals: []armsflow.Total{{Side: "import", Year: 2000, TIV: -0.5}}}, []string{"f.csv", "SIPRI total 1", "-0.5"}},
		{"total NaN", armsflow.Content{Totals: []armsflow.Total{{Side: "export", Year: 2000, TIV: nan}}}, []string{"f.csv", "SIPRI total 1", "NaN"}},
		{"total side", armsflow.Content{Totals: []armsflow.Total{{Side: "both", Year: 2000}}}, []string{"f.csv", "SIPRI total 1", "both"}},
		{"delivery TIV negative", armsflow.Content{Deals: []armsflow.Deal{deal(armsflow.Delivery{Year: 2001, TIV: ptr(-2.0)})}},
			[]string{"f.csv", "deal 1 (line 30)", "delivery 2 (year 2001)", "-2"}},
		{"delivery TIV NaN", armsflow.Content{Deals: []armsflow.Deal{deal(armsflow.Delivery{Year: 2001, TIV: ptr(nan)})}},
			[]string{"f.csv", "deal 1 (line 30)", "delivery 2", "NaN"}},
		{"delivery units negative", armsflow.Content{Deals: []armsflow.Deal{deal(armsflow.Delivery{Year: 2001, Units: ptr(-1)})}},
			[]string{"f.csv", "deal 1 (line 30)", "delivery 2", "-1 units"}},
		{"SIPRI estimate NaN", armsflow.Content{Deals: []armsflow.Deal{{Line: 9, SIPRIEstimate: ptr(nan)}}}, []string{"f.csv", "deal 1 (line 9)", "SIPRI estimate"}},
		{"SIPRI estimate negative", armsflow.Content{Deals: []armsflow.Deal{{Line: 9, SIPRIEstimate: ptr(-1.0)}}}, []string{"f.csv", "deal 1 (line 9)", "SIPRI estimate"}},
		{"SIPRI id negative", armsflow.Content{Deals: []armsflow.Deal{{Line: 9, ID: -4}}}, []string{"f.csv", "deal 1 (line 9)", "-4"}},
	}
	db := openTest(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := FileContent{File: armsflow.SourceFile{Name: "f.csv", SHA256: digestOf(tt.name)}, Content: tt.c}
			_, err := db.ImportDataset(context.Background(), armsflow.Dataset{Name: "r", Kind: armsflow.KindRegister}, []FileContent{f})
			wantCode(t, err, armsflow.EINVALID, tt.words...)
		})
	}
	for _, ds := range []struct {
		ds    armsflow.Dataset
		words []string
	}{
		{armsflow.Dataset{Coverage: armsflow.Coverage{From: 2000}}, []string{"coverage 2000-0"}},
		{armsflow.Dataset{Coverage: armsflow.Coverage{From: 2001, To: 2000}}, []string{"coverage 2001-2000"}},
		{armsflow.Dataset{Coverage: armsflow.Coverage{From: 2000, To: 2001, PartialFrom: 2002}}, []string{"partial year 2002"}},
		{armsflow.Dataset{Coverage: armsflow.Coverage{PartialFrom: 2002}}, []string{"partial year 2002"}},
		{armsflow.Dataset{Views: []string{"Dyads"}}, []string{`view "Dyads"`}},
		{armsflow.Dataset{Views: []string{"dyads,deals"}}, []string{`view "dyads,deals"`}},
	} {
		ds.ds.Name, ds.ds.Kind = "r", armsflow.KindRegister
		f := FileContent{File: armsflow.SourceFile{Name: "f.csv", SHA256: digestOf("f")}}
		_, err := db.ImportDataset(context.Background(), ds.ds, []FileContent{f})
		wantCode(t, err, armsflow.EINVALID, ds.words...)
	}
	if n := count(t, db, "datasets"); n != 0 {
		t.Errorf("refused imports stored %d datasets", n)
	}
}

// TestMergeCoverage checks that files added to a dataset widen its
// coverage and views, and that a register with yearly TIV and one without
// do not mix.
func TestMergeCoverage(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	file := func(name string, c armsflow.Content) FileContent {
		return FileContent{File: armsflow.SourceFile{Name: name, SHA256: digestOf(name), Subject: name}, Content: c}
	}
	dyads := armsflow.Content{Flows: []armsflow.Flow{fl("A", "B", 2000, 1)}}
	world := armsflow.Content{World: []armsflow.Flow{fl("", "B", 2000, 1)}}
	steps := []struct {
		ds    armsflow.Dataset
		file  FileContent
		cov   armsflow.Coverage
		views []string
		code  string
	}{
		{armsflow.Dataset{Coverage: armsflow.Coverage{From: 1990, To: 2000}}, file("a", dyads),
			armsflow.Coverage{From: 1990, To: 2000}, []string{"dyads", "imports", "exports"}, ""},
		{armsflow.Dataset{Coverage: armsflow.Coverage{From: 1950, To: 1995}, Views: []string{"imports", "world"}}, file("b", world),
			armsflow.Coverage{From: 1950, To: 2000}, []string{"dyads", "imports", "exports", "world"}, ""},
		{armsflow.Dataset{Coverage: armsflow.Coverage{From: 1995, To: 2025, PartialFrom: 2025}}, file("c", world),
			armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}, []string{"dyads", "imports", "exports", "world"}, ""},
		{armsflow.Dataset{}, file("d", armsflow.Content{Categories: []armsflow.CategoryFlow{cf("import", "B", "Ships", 2000, 1)}}),
			armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}, []string{"dyads", "imports", "exports", "categories", "world"}, ""},
		{armsflow.Dataset{YearlyTIV: true}, file("e", world), armsflow.Coverage{}, nil, armsflow.ECONFLICT},
	}
	for i, st := range steps {
		st.ds.Name, st.ds.Kind = "tiv-x", armsflow.KindTIV
		res, err := db.ImportDataset(ctx, st.ds, []FileContent{st.file})
		if st.code != "" {
			wantCode(t, err, st.code, "tiv-x", "yearly TIV", "another dataset name")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if res.Dataset.Coverage != st.cov || !reflect.DeepEqual(res.Dataset.Views, st.views) {
			t.Errorf("step %d: coverage %v, views %v; want %v, %v", i, res.Dataset.Coverage, res.Dataset.Views, st.cov, st.views)
		}
	}
	// All files held: unchanged, whatever the flag says.
	if res, err := db.ImportDataset(ctx, armsflow.Dataset{Name: "tiv-x", Kind: armsflow.KindTIV, YearlyTIV: true},
		[]FileContent{file("a", dyads)}); err != nil || !res.Unchanged {
		t.Errorf("re-import of a held file: %+v, %v", res, err)
	}
}

// TestMigrateCoverage builds a library of schema 4 with a dataset of each
// kind, upgrades it, and checks the coverage and views read from what each
// holds, the deals' new columns, and that every pack is rebuilt.
func TestMigrateCoverage(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	testMigrateUpTo = 4
	db, err := Open(path)
	testMigrateUpTo = 0
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO datasets (name, kind, generated, sha256, records, imported_at, scope) VALUES
			('tiv-2022-04-22', 'tiv', '2022-04-22', 'a', 3, '', ''),
			('tiv-2025-06-11', 'tiv', '2025-06-11', 'a', 1, '', ''),
			('long-x', 'long', '', 'b', 2, '', ''),
			('register-2025-10-23', 'register', '2025-10-23', 'c', 2, '', 'deliveries 1950-2025'),
			('register-2025-03-13', 'register', '2025-03-13', 'd', 3, '', ''),
			('register-empty', 'register', '', 'e', 0, '', '')`,
		`INSERT INTO dataset_files (id, dataset, name, sha256, bytes, records) VALUES
			(1, 'tiv-2022-04-22', 'VN.csv', 'd1', 10, 2), (2, 'tiv-2022-04-22', 'ALL.csv', 'd2', 10, 1),
			(3, 'tiv-2025-06-11', 'VN.csv', 'd3', 10, 1), (4, 'long-x', 'cat.csv', 'd4', 10, 2),
			(5, 'register-2025-10-23', 'r.csv', 'd5', 10, 2), (6, 'register-2025-03-13', 'r.csv', 'd6', 10, 3),
			(7, 'register-empty', 'r.csv', 'd7', 10, 0)`,
		`INSERT INTO flow_series (dataset, file, supplier, recipient, years) VALUES
			('tiv-2022-04-22', 1, 'Russia', 'Viet Nam', '[[2002, 54], [2003, 2]]'),
			('tiv-2025-06-11', 3, 'Russia', 'Viet Nam', '[[2020, 5], [2025, 1]]')`,
		`INSERT INTO world_series (dataset, file, recipient, years) VALUES ('tiv-2022-04-22', 2, 'Viet Nam', '[[1955, 1], [2021, 60]]')`,
		`INSERT INTO category_series (dataset, file, side, country, category, years) VALUES
			('long-x', 4, 'import', 'India', 'Ships', '[[1960, 1], [2021, 2]]')`,
		`INSERT INTO deals (dataset, file, line, recipient, supplier, designation, description, delivery_years, status, comments, ordered) VALUES
			('register-2025-10-23', 5, 12, 'Viet Nam', 'Russia', 'Su-30', 'FGA aircraft', '2004; 2005', 'New', '', 4),
			('register-2025-10-23', 5, 13, 'Viet Nam', 'Russia', 'Kilo', 'submarine', '', 'New', '', NULL),
			('register-2025-03-13', 6, 12, 'India', 'Russia', 'T-90S', 'tank', '1999; 2001', 'New', '', 10),
			('register-2025-03-13', 6, 13, 'India', 'France', 'Rafale', 'FGA aircraft', '2020; 1988', 'New', '', 36),
			('register-2025-03-13', 6, 14, 'India', 'France', 'Scorpene', 'submarine', '', 'New', '', 6)`,
		`INSERT INTO dataset_packs (dataset, format, data) VALUES ('tiv-2022-04-22', 1, x'00')`,
	} {
		if _, err := db.wdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dss, err := db.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dyadic := []string{"dyads", "imports", "exports"}
	want := map[string]struct {
		cov   armsflow.Coverage
		views []string
	}{
		"tiv-2022-04-22":      {armsflow.Coverage{From: 1955, To: 2021}, dyadic},
		"tiv-2025-06-11":      {armsflow.Coverage{From: 2020, To: 2025, PartialFrom: 2025}, dyadic},
		"long-x":              {armsflow.Coverage{From: 1960, To: 2021}, []string{"categories"}},
		"register-2025-10-23": {armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}, append(dyadic, "deals")},
		"register-2025-03-13": {armsflow.Coverage{From: 1988, To: 2025, PartialFrom: 2025}, append(dyadic, "deals")},
		"register-empty":      {armsflow.Coverage{}, []string{}},
	}
	for _, d := range dss {
		w, ok := want[d.Name]
		if !ok {
			t.Errorf("unexpected dataset %s", d.Name)
			continue
		}
		if d.Coverage != w.cov || !reflect.DeepEqual(d.Views, w.views) || d.YearlyTIV {
			t.Errorf("%s: coverage %v, views %q, yearly TIV %v; want %v, %q, false", d.Name, d.Coverage, d.Views, d.YearlyTIV, w.cov, w.views)
		}
	}
	if len(dss) != len(want) {
		t.Errorf("%d datasets, want %d", len(dss), len(want))
	}
	// Every pack is rebuilt in the new format and loads as the rows do.
	if n := count(t, db, "dataset_packs WHERE format = "+string(rune('0'+packFormat))); n != len(want) {
		t.Errorf("%d packs of format %d after the upgrade, want %d", n, packFormat, len(want))
	}
	for name := range want {
		c, err := db.LoadContent(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := loadRows(ctx, db.rdb, name)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c, rows) {
			t.Errorf("%s: the rebuilt pack holds other content than the rows", name)
		}
	}
	c, _ := db.LoadContent(ctx, "register-2025-03-13")
	if len(c.Deals) != 3 || c.Deals[0].Ordered == nil || *c.Deals[0].Ordered != 10 || c.Deals[0].ID != 0 ||
		c.Deals[0].Deliveries != nil || c.Deals[0].LocalProduction != nil || c.Deals[0].SIPRIEstimate != nil {
		t.Errorf("deals after the upgrade: %+v", c.Deals)
	}
	// The library takes new content, of the new kinds, after the upgrade.
	mustImport(t, db, armsflow.Dataset{Name: "register-new", Kind: armsflow.KindRegister}, exportFiles("n", exportContent()))
}

func TestPackNewFields(t *testing.T) {
	files := exportFiles("p", exportContent())
	var c armsflow.Content
	for i := range files {
		appendContent(&c, &files[i].Content)
	}
	_, reg := synthExportRegister("r", 20)
	appendContent(&c, &reg[0].Content)
	p := encodePack(&c)
	got, err := decodePack(p)
	if err != nil || !reflect.DeepEqual(got, &c) {
		t.Fatalf("round trip: %v\n%+v\nwant\n%+v", err, got, &c)
	}
	// A pack of format 1 is not read as format 2.
	old := append([]byte(packMagic), 1)
	old = append(old, p[len(packMagic)+1:]...)
	if _, err := decodePack(old); err == nil {
		t.Error("a pack of format 1 decoded")
	}
	for i := range len(p) {
		if _, err := decodePack(p[:i]); err == nil {
			t.Fatalf("a pack cut at %d of %d decoded", i, len(p))
		}
		q := append([]byte(nil), p...)
		q[i] ^= 0xff
		decodePack(q)
	}
}

// FuzzDecodePack checks that no bytes make the pack decoders panic, that
// whatever decodePack decodes encodes to a pack that decodes to the same,
// and that the flow part of a pack that decodes whole gives the same flows
// as the whole content.
func FuzzDecodePack(f *testing.F) {
	files := exportFiles("p", exportContent())
	for i := range files {
		f.Add(encodePack(&files[i].Content))
	}
	_, reg := synthExportRegister("r", 5)
	f.Add(encodePack(&reg[0].Content))
	f.Add(encodePack(&armsflow.Content{}))
	f.Add([]byte("AFPK"))
	f.Fuzz(func(t *testing.T, p []byte) {
		fc, ferr := decodeFlowPack(p)
		c, err := decodePack(p)
		if err != nil {
			return
		}
		if ferr != nil {
			t.Fatalf("a pack decodes whole but not its flow part: %v", ferr)
		}
		if d := sameFlows(fc, c); d != "" {
			t.Fatalf("the flow part of a pack: %s from the whole's", d)
		}
		again, err := decodePack(encodePack(c))
		if err != nil {
			t.Fatalf("a decoded pack does not survive a round trip: %v", err)
		}
		// NaN TIVs decode but never equal themselves: compare the packs.
		if string(encodePack(again)) != string(encodePack(c)) {
			t.Fatalf("round trip changed the content")
		}
	})
}

// FuzzParseDeals checks that no chunk, however edited by hand, makes the
// reader panic, and that what it reads is written back the same way.
func FuzzParseDeals(f *testing.F) {
	for _, c := range exportContent() {
		var b []byte
		for i := range c.Deals {
			b = append(b, ',')
			b = appendDeal(b, &c.Deals[i])
		}
		if len(b) > 0 {
			b[0] = '['
			f.Add(string(append(b, ']')))
		}
	}
	f.Add(`[[1, "a", "b", null, 0, null, 0, "", "", null, 0, "", "", "", null, null, null, null, null, null, null, []]]`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, s string) {
		deals, err := parseDeals(s, interner{})
		if err != nil {
			return
		}
		var b []byte
		b = append(b, '[')
		for i := range deals {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendDeal(b, &deals[i])
		}
		b = append(b, ']')
		again, err := parseDeals(string(b), interner{})
		if err != nil {
			t.Fatalf("deals read from %q do not read back: %v", s, err)
		}
		if !reflect.DeepEqual(again, deals) {
			t.Fatalf("deals read from %q change when written back:\n%+v\n%+v", s, deals, again)
		}
	})
}
