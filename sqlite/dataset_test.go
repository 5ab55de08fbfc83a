package sqlite

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
)

func ptr[T any](v T) *T { return &v }

func fl(sup, rec string, year int, tiv float64) armsflow.Flow {
	return armsflow.Flow{Supplier: sup, Recipient: rec, Year: year, TIV: tiv}
}

func cf(side, country, category string, year int, tiv float64) armsflow.CategoryFlow {
	return armsflow.CategoryFlow{Side: side, Country: country, Category: category, Year: year, TIV: tiv}
}

// tivFile returns a small TIV table file of recipient rec.
func tivFile(name, rec, salt string, flows ...armsflow.Flow) FileContent {
	for i := range flows {
		flows[i].Recipient = rec
	}
	return FileContent{
		File:    armsflow.SourceFile{Name: name, SHA256: digestOf(name + rec + salt), Bytes: 1234, Subject: rec},
		Content: armsflow.Content{Flows: flows},
	}
}

func tivSet(name string, files ...FileContent) (armsflow.Dataset, []FileContent) {
	ds := armsflow.Dataset{Name: name, Kind: armsflow.KindTIV, Generated: "2022-04-22"}
	for _, f := range files {
		ds.Files = append(ds.Files, f.File)
	}
	return ds, files
}

var (
	vnFile = tivFile("TIV-Import-VN.csv", "Viet Nam", "",
		armsflow.Flow{Supplier: "Russia", Year: 2002, TIV: 54}, armsflow.Flow{Supplier: "Russia", Year: 2003, TIV: 0},
		armsflow.Flow{Supplier: "Soviet Union", Year: 1980, TIV: 500})
	thFile = tivFile("TIV-Import-TH.csv", "Thailand", "",
		armsflow.Flow{Supplier: "United States", Year: 2002, TIV: 120})
	idFile = tivFile("TIV-Import-ID.csv", "Indonesia", "",
		armsflow.Flow{Supplier: "Russia", Year: 2003, TIV: 80})
	// vnFile2 is another vintage of Viet Nam's table.
	vnFile2 = tivFile("TIV-Import-VN (1).csv", "Viet Nam", "2023",
		armsflow.Flow{Supplier: "Russia", Year: 2002, TIV: 55})
)

func TestImportDataset(t *testing.T) {
	ctx := context.Background()
	type step struct {
		name      string
		ds        armsflow.Dataset
		files     []FileContent
		want      ImportResult // Dataset's Files, Records checked
		wantFiles []string
		code      string // error code expected
		words     []string
	}
	set := func(files ...FileContent) (armsflow.Dataset, []FileContent) {
		return tivSet("tiv-2022-04-22", files...)
	}
	ds1, f1 := set(vnFile)
	ds2, f2 := set(vnFile, thFile, idFile)
	ds3, f3 := set(thFile, vnFile2)
	dsKind, fKind := set(idFile)
	dsKind.Kind = armsflow.KindRegister
	laos := tivFile("TIV-Import-LA.csv", "Laos", "", armsflow.Flow{Supplier: "Russia", Year: 2003, TIV: 8})
	noContent, _ := set(laos)
	heldNoContent, _ := set(idFile, vnFile, laos)
	vnFile3 := tivFile("TIV-Import-VN (2).csv", "Viet Nam", "2024", armsflow.Flow{Supplier: "Russia", Year: 2002, TIV: 56})
	twoVintages, fTwo := tivSet("tiv-2099", vnFile2, vnFile3)
	badSum, fBad := set(tivFile("x.csv", "X", ""))
	badSum.Files[0].SHA256 = "abc"
	fBad[0].File.SHA256 = "abc"
	nan := tivFile("nan.csv", "Laos", "", armsflow.Flow{Supplier: "Russia", Year: 2000, TIV: math.NaN()})
	dsNaN, fNaN := set(nan)
	world := FileContent{File: armsflow.SourceFile{Name: "all.csv", SHA256: digestOf("all"), Subject: "all"},
		Content: armsflow.Content{World: []armsflow.Flow{{Supplier: "Russia", Recipient: "Laos", Year: 2000, TIV: 1}}}}
	dsWorld, fWorld := set(world)

	steps := []step{
		{name: "create", ds: ds1, files: f1, want: ImportResult{Created: true, AddedFiles: 1}, wantFiles: []string{"TIV-Import-VN.csv"}},
		{name: "same again is a no-op", ds: ds1, files: f1, want: ImportResult{Unchanged: true}, wantFiles: []string{"TIV-Import-VN.csv"}},
		{name: "merge new files", ds: ds2, files: f2, want: ImportResult{AddedFiles: 2},
			wantFiles: []string{"TIV-Import-VN.csv", "TIV-Import-TH.csv", "TIV-Import-ID.csv"}},
		{name: "all held, in another order", ds: tivSetDS(set(idFile, vnFile)), files: []FileContent{idFile, vnFile},
			want: ImportResult{Unchanged: true}, wantFiles: []string{"TIV-Import-VN.csv", "TIV-Import-TH.csv", "TIV-Import-ID.csv"}},
		{name: "new vintage of a held subject", ds: ds3, files: f3, code: armsflow.ECONFLICT,
			words: []string{"TIV-Import-VN.csv", "TIV-Import-VN (1).csv", "Viet Nam", "own dataset", "delete dataset"}},
		{name: "other kind", ds: dsKind, files: fKind, code: armsflow.ECONFLICT, words: []string{"tiv", "register"}},
		{name: "new file without content", ds: noContent, files: nil, code: armsflow.EINVALID, words: []string{"no content", "TIV-Import-LA.csv"}},
		{name: "held files need no content", ds: heldNoContent, files: []FileContent{laos}, want: ImportResult{AddedFiles: 1},
			wantFiles: []string{"TIV-Import-VN.csv", "TIV-Import-TH.csv", "TIV-Import-ID.csv", "TIV-Import-LA.csv"}},
		{name: "two vintages at once", ds: twoVintages, files: fTwo, code: armsflow.ECONFLICT,
			words: []string{"TIV-Import-VN (1).csv", "TIV-Import-VN (2).csv", "Viet Nam", "own dataset"}},
		{name: "bad digest", ds: badSum, files: fBad, code: armsflow.EINVALID, words: []string{"sha256"}},
		{name: "TIV not a number", ds: dsNaN, files: fNaN, code: armsflow.EINVALID, words: []string{"nan.csv", "flow 1"}},
		{name: "world row with a supplier", ds: dsWorld, files: fWorld, code: armsflow.EINVALID, words: []string{"all.csv", "supplier"}},
		{name: "no name", ds: armsflow.Dataset{Kind: "tiv"}, files: f1, code: armsflow.EINVALID, words: []string{"no name"}},
	}
	db := openTest(t)
	clock := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	db.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before := dump(t, db)
			res, err := db.ImportDataset(ctx, st.ds, st.files)
			if st.code != "" {
				wantCode(t, err, st.code, st.words...)
				if after := dump(t, db); !reflect.DeepEqual(before, after) {
					t.Errorf("a failed import changed the library")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != st.want.Created || res.Unchanged != st.want.Unchanged || res.AddedFiles != st.want.AddedFiles {
				t.Errorf("result %+v, want %+v", res, st.want)
			}
			var names []string
			records := 0
			for _, f := range res.Dataset.Files {
				names = append(names, f.Name)
				records += f.Records
			}
			if !reflect.DeepEqual(names, st.wantFiles) {
				t.Errorf("files %v, want %v", names, st.wantFiles)
			}
			if res.Dataset.Records != records {
				t.Errorf("records %d, files hold %d", res.Dataset.Records, records)
			}
			if res.Dataset.SHA256 != datasetDigest(res.Dataset.Files) || len(res.Dataset.SHA256) != 64 {
				t.Errorf("sha256 %q", res.Dataset.SHA256)
			}
			if st.want.Unchanged {
				if after := dump(t, db); !reflect.DeepEqual(before, after) {
					t.Errorf("a no-op import changed the library")
				}
			}
			dss, err := db.Datasets(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(dss) != 1 || !reflect.DeepEqual(dss[0], res.Dataset) {
				t.Errorf("Datasets() = %+v\nwant [%+v]", dss, res.Dataset)
			}
		})
	}

	// The merged content is every file's, file by file.
	c, err := db.LoadContent(ctx, "tiv-2022-04-22")
	if err != nil {
		t.Fatal(err)
	}
	var want []armsflow.Flow
	for _, f := range append(f2, laos) {
		want = append(want, f.Content.Flows...)
	}
	if !reflect.DeepEqual(c.Flows, want) {
		t.Errorf("merged flows\n%v\nwant\n%v", c.Flows, want)
	}
	rows, err := loadRows(ctx, db.rdb, "tiv-2022-04-22")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows, c) {
		t.Errorf("the tables hold other content than the pack")
	}
}

func tivSetDS(ds armsflow.Dataset, _ []FileContent) armsflow.Dataset { return ds }

// TestImportAtomic makes imports fail after some of their rows are written
// and checks that the library is as before, row for row.
func TestImportAtomic(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds0, files0 := tivSet("tiv-2022-04-22", vnFile)
	mustImport(t, db, ds0, files0)
	reg, regFiles := synthRegister("register-2025-03-10", 500)
	mustImport(t, db, reg, regFiles)
	v0, _ := db.Version(ctx)
	before := dump(t, db)

	// A conflict in the 2nd new file, after the 1st is written.
	ds, files := tivSet("tiv-2022-04-22", thFile, vnFile2, idFile)
	stored := 0
	db.testHookFileStored = func(i int) error { stored = i + 1; return nil }
	_, err := db.ImportDataset(ctx, ds, files)
	wantCode(t, err, armsflow.ECONFLICT, "Viet Nam")
	if stored != 1 {
		t.Errorf("%d files written before the conflict, want 1", stored)
	}
	// A failure after the 2nd file of a new dataset.
	boom := errors.New("disk on fire")
	db.testHookFileStored = func(i int) error {
		if i == 1 {
			return boom
		}
		return nil
	}
	ds, files = synthTIV("tiv-2023-01-01", 3000)
	if _, err := db.ImportDataset(ctx, ds, files); !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	// A failure after every file of a merge.
	db.testHookFileStored = func(i int) error {
		if i == 1 {
			return boom
		}
		return nil
	}
	ds, files = tivSet("tiv-2022-04-22", thFile, idFile)
	if _, err := db.ImportDataset(ctx, ds, files); !errors.Is(err, boom) {
		t.Fatalf("error %v, want %v", err, boom)
	}
	db.testHookFileStored = nil

	if after := dump(t, db); !reflect.DeepEqual(before, after) {
		for table := range before {
			if !reflect.DeepEqual(before[table], after[table]) {
				t.Errorf("table %s: %d rows before, %d after", table, len(before[table]), len(after[table]))
			}
		}
	}
	if v, _ := db.Version(ctx); v != v0 {
		t.Errorf("version %d after failed imports, was %d", v, v0)
	}
	// And the library still works.
	if res := mustImport(t, db, ds, files); res.AddedFiles != 2 {
		t.Errorf("added %d files, want 2", res.AddedFiles)
	}
}

func TestLoadContentRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	deals := []armsflow.Deal{
		{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ptr(2009), Ordered: ptr(6), Designation: "Project-636E",
			Description: "submarine", Delivered: ptr(6), DeliveryYears: []int{2013, 2014, 2015, 2016},
			Status: "New", Comments: "VND2 billion deal; incl. 50 Klub", TIVUnit: ptr(163.0), TIVTotal: ptr(978.0),
			TIVDelivered: ptr(978.0), Line: 12},
		{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: nil, OrderYearUncertain: true, Ordered: nil,
			OrderedUncertain: true, Designation: "9M311", Description: "SAM", Delivered: nil, DeliveredUncertain: true,
			DeliveryYears: nil, Status: "Second hand", Comments: "", TIVUnit: nil, TIVTotal: nil, TIVDelivered: nil, Line: 13},
		{Recipient: "Viet Nam", Supplier: "Israel", OrderYear: ptr(0), Ordered: ptr(0), Delivered: ptr(0),
			DeliveryYears: []int{2018}, TIVUnit: ptr(0.0), TIVTotal: ptr(0.25), TIVDelivered: ptr(0.0), Line: 14,
			Comments: "unknown stays unknown, zero stays zero"},
	}
	tests := []struct {
		name    string
		ds      armsflow.Dataset
		content []armsflow.Content
	}{
		{"deals", armsflow.Dataset{Name: "register-x", Kind: armsflow.KindRegister},
			[]armsflow.Content{{Deals: deals}, {Deals: synthDeals(300, 9)}}},
		{"tiv", armsflow.Dataset{Name: "tiv-x", Kind: armsflow.KindTIV}, []armsflow.Content{
			{Flows: []armsflow.Flow{fl("Russia", "Viet Nam", 2002, 54), fl("Unknown supplier(s)", "Viet Nam", 1999, 0.4)}},
			{World: []armsflow.Flow{fl("", "Hamas*", 2020, 1), fl("", "NATO**", 2020, 3)}}}},
		{"long", armsflow.Dataset{Name: "long-x", Kind: armsflow.KindLong}, []armsflow.Content{
			{Flows: []armsflow.Flow{fl("Russia", "India", 2020, 1234.567)}},
			{Categories: []armsflow.CategoryFlow{cf(armsflow.SideImport, "India", "Aircraft", 2020, 800),
				cf(armsflow.SideExport, "Russia", "Ships", 2021, 0)}}}},
		{"empty", armsflow.Dataset{Name: "tiv-empty", Kind: armsflow.KindTIV}, []armsflow.Content{{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []FileContent
			var want armsflow.Content
			for i, c := range tt.content {
				files = append(files, FileContent{
					File:    armsflow.SourceFile{Name: tt.name + string(rune('a'+i)), SHA256: digestOf(tt.name + string(rune('a'+i)))},
					Content: c,
				})
				appendContent(&want, &c)
			}
			res := mustImport(t, db, tt.ds, files)
			if res.Dataset.Records != want.Records() {
				t.Errorf("records %d, want %d", res.Dataset.Records, want.Records())
			}
			var data, rest []byte
			if err := db.rdb.QueryRow(`SELECT data, rest FROM dataset_packs WHERE dataset = ?`, tt.ds.Name).Scan(&data, &rest); err != nil {
				t.Fatal(err)
			}
			if c, err := decodeStored(data, rest); err != nil || !reflect.DeepEqual(c, &want) {
				t.Errorf("the stored pack does not decode to the content: %v", err)
			}
			packed, err := db.LoadContent(ctx, tt.ds.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(packed, &want) {
				t.Errorf("LoadContent (packed) =\n%+v\nwant\n%+v", packed, &want)
			}
			rows, err := loadRows(ctx, db.rdb, tt.ds.Name)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rows, &want) {
				t.Errorf("rows =\n%+v\nwant\n%+v", rows, &want)
			}
		})
	}

	// The tables keep unknowns as NULL and years as SIPRI writes them.
	var nulls int
	var years string
	db.rdb.QueryRow(`SELECT (order_year IS NULL) + (ordered IS NULL) + (delivered IS NULL) + (tiv_unit IS NULL) +
		(tiv_total IS NULL) + (tiv_delivered IS NULL) + order_year_uncertain + ordered_uncertain + delivered_uncertain
		FROM deals WHERE designation = '9M311'`).Scan(&nulls)
	db.rdb.QueryRow(`SELECT delivery_years FROM deals WHERE designation = 'Project-636E'`).Scan(&years)
	if nulls != 9 || years != "2013; 2014; 2015; 2016" {
		t.Errorf("NULLs and flags %d, want 9; delivery years %q", nulls, years)
	}

	if _, err := db.LoadContent(ctx, "tiv-1999"); err == nil {
		t.Fatal("loaded a missing dataset")
	} else {
		wantCode(t, err, armsflow.ENOTFOUND, "tiv-1999", "tiv-x")
	}
}

// TestEditedRowsWin checks that a change made to the tables with any SQLite
// tool drops the pack, so that loads read the tables.
func TestEditedRowsWin(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds, files := tivSet("tiv-2022-04-22", vnFile, thFile)
	mustImport(t, db, ds, files)
	reg, regFiles := synthRegister("register-2025", 50)
	mustImport(t, db, reg, regFiles)
	edits := []struct {
		name, dataset, sql string
		check              func(c *armsflow.Content) bool
	}{
		{"update flow", ds.Name, `UPDATE flow_series SET years = '[[2002, 999]]' WHERE supplier = 'United States'`,
			func(c *armsflow.Content) bool { return c.Flows[len(c.Flows)-1].TIV == 999 }},
		{"delete flow", ds.Name, `DELETE FROM flow_series WHERE supplier = 'Soviet Union'`,
			func(c *armsflow.Content) bool { return len(c.Flows) == 3 }},
		{"update deal", reg.Name, `UPDATE deal_chunks SET deals = json_set(deals, '$[0][5]', NULL, '$[0][11]', '1999; 2000')
			WHERE rowid = (SELECT min(rowid) FROM deal_chunks)`,
			func(c *armsflow.Content) bool {
				return c.Deals[0].Ordered == nil && reflect.DeepEqual(c.Deals[0].DeliveryYears, []int{1999, 2000})
			}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			if _, err := db.wdb.Exec(e.sql); err != nil {
				t.Fatal(err)
			}
			if n := count(t, db, `dataset_packs WHERE dataset = '`+e.dataset+`'`); n != 0 {
				t.Errorf("the pack survived the edit")
			}
			c, err := db.LoadContent(ctx, e.dataset)
			if err != nil {
				t.Fatal(err)
			}
			if !e.check(c) {
				t.Errorf("the edit is not loaded")
			}
		})
	}
	// A later merge rebuilds the pack from the edited rows.
	ds, files = tivSet("tiv-2022-04-22", idFile)
	mustImport(t, db, ds, files)
	if n := count(t, db, `dataset_packs WHERE dataset = 'tiv-2022-04-22'`); n != 1 {
		t.Fatal("no pack after the merge")
	}
	c, _ := db.LoadContent(ctx, ds.Name)
	if len(c.Flows) != 4 || c.Flows[2].TIV != 999 {
		t.Errorf("merged content lost the edits: %v", c.Flows)
	}
}

func TestDeleteDataset(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	tiv, tivFiles := synthTIV("tiv-2022-04-22", 3000)
	mustImport(t, db, tiv, tivFiles)
	reg, regFiles := synthRegister("register-2025", 200)
	mustImport(t, db, reg, regFiles)
	if err := db.DeleteDataset(ctx, tiv.Name); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"flows", "world_imports", "dataset_files WHERE dataset = 'tiv-2022-04-22'", "dataset_packs WHERE dataset = 'tiv-2022-04-22'"} {
		if n := count(t, db, table); n != 0 {
			t.Errorf("%s: %d rows left", table, n)
		}
	}
	if n := count(t, db, "deals"); n != 200 {
		t.Errorf("deleting one dataset removed deals of another: %d left", n)
	}
	wantCode(t, db.DeleteDataset(ctx, tiv.Name), armsflow.ENOTFOUND, tiv.Name, reg.Name)
	if err := db.DeleteDataset(ctx, reg.Name); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeleteDataset(ctx, reg.Name), armsflow.ENOTFOUND, "no datasets yet")
	if _, err := db.wdb.Exec(`PRAGMA foreign_key_check`); err != nil {
		t.Fatal(err)
	}
}

func TestDatasetsOrder(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	for _, d := range []struct{ name, kind, gen string }{
		{"tiv-2021-01-01", "tiv", "2021-01-01"}, {"register-2024-01-01", "register", "2024-01-01"},
		{"tiv-2023-01-01", "tiv", "2023-01-01"}, {"register-2025-01-01", "register", "2025-01-01"},
		{"tiv-undated", "tiv", ""},
	} {
		f := FileContent{File: armsflow.SourceFile{Name: d.name + ".csv", SHA256: digestOf(d.name)}}
		mustImport(t, db, armsflow.Dataset{Name: d.name, Kind: d.kind, Generated: d.gen}, []FileContent{f})
	}
	dss, err := db.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range dss {
		got = append(got, d.Name)
		if len(d.Files) != 1 {
			t.Errorf("%s: %d files", d.Name, len(d.Files))
		}
	}
	want := []string{"register-2025-01-01", "register-2024-01-01", "tiv-2023-01-01", "tiv-2021-01-01", "tiv-undated"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Datasets() = %v, want %v", got, want)
	}
	empty := openTest(t)
	if dss, err := empty.Datasets(ctx); err != nil || dss == nil || len(dss) != 0 {
		t.Errorf("empty library: %v, %v; want an empty list", dss, err)
	}
}

func TestPackRejectsDamage(t *testing.T) {
	_, files := synthRegister("r", 40)
	c := files[0].Content
	c.Flows = []armsflow.Flow{fl("A", "B", 2000, 1)}
	c.Categories = []armsflow.CategoryFlow{cf("import", "B", "Ships", 2001, 2)}
	for _, c := range []armsflow.Content{{}, {Flows: c.Flows}, {World: c.Flows}, {Categories: c.Categories}, {Deals: c.Deals}} {
		if got, err := decodePack(encodePack(&c)); err != nil || !reflect.DeepEqual(got, &c) {
			t.Fatalf("round trip of %d records: %v", c.Records(), err)
		}
	}
	p := encodePack(&c)
	got, err := decodePack(p)
	if err != nil || !reflect.DeepEqual(got, &c) {
		t.Fatalf("round trip: %v", err)
	}
	// Every truncation and many corruptions fail cleanly or decode to
	// something; none panics.
	for i := range len(p) {
		if _, err := decodePack(p[:i]); err == nil {
			t.Fatalf("a pack cut at %d of %d decoded", i, len(p))
		}
		q := append([]byte(nil), p...)
		q[i] ^= 0xff
		decodePack(q)
	}
}

func TestImportDatasets(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	tiv, tivFiles := tivSet("tiv-2022-04-22", vnFile, thFile)
	reg, regFiles := synthRegister("register-2025", 100)
	bad := reg
	bad.Kind = armsflow.KindTIV // an existing name of another kind: conflict
	mustImport(t, db, reg, regFiles)
	before := dump(t, db)

	// One bad dataset: none is stored.
	_, err := db.ImportDatasets(ctx, []DatasetImport{{Dataset: tiv, Files: tivFiles}, {Dataset: bad, Files: regFiles}})
	wantCode(t, err, armsflow.ECONFLICT, reg.Name)
	if !reflect.DeepEqual(before, dump(t, db)) {
		t.Fatal("a failed ImportDatasets changed the library")
	}

	// All good: one result each; the same dataset twice merges.
	more, moreFiles := tivSet("tiv-2022-04-22", idFile)
	res, err := db.ImportDatasets(ctx, []DatasetImport{{Dataset: tiv, Files: tivFiles}, {Dataset: reg, Files: regFiles}, {Dataset: more, Files: moreFiles}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || !res[0].Created || !res[1].Unchanged || res[2].AddedFiles != 1 || len(res[2].Dataset.Files) != 3 {
		t.Errorf("results %+v", res)
	}
}

// TestMigrateSeries checks that migration 004 moves a library's yearly rows
// into series, in their order, and that the views give them back per year.
func TestMigrateSeries(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	testMigrateUpTo = 3
	db, err := Open(path)
	testMigrateUpTo = 0
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO datasets (name, kind, generated, sha256, records, imported_at) VALUES ('tiv-x', 'tiv', '', 'abc', 5, '')`,
		`INSERT INTO dataset_files (id, dataset, name, sha256, bytes, records) VALUES (1, 'tiv-x', 'VN.csv', 'd1', 10, 4), (2, 'tiv-x', 'ALL.csv', 'd2', 10, 1)`,
		`INSERT INTO flows (dataset, file, supplier, recipient, year, tiv) VALUES
			('tiv-x', 1, 'Russia', 'Viet Nam', 2002, 54), ('tiv-x', 1, 'Russia', 'Viet Nam', 2003, 2.5),
			('tiv-x', 1, 'Israel', 'Viet Nam', 2011, 0), ('tiv-x', 1, 'Russia', 'Viet Nam', 2004, 294)`,
		`INSERT INTO world_imports (dataset, file, recipient, year, tiv) VALUES ('tiv-x', 2, 'Viet Nam', 2002, 60)`,
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
	c, err := db.LoadContent(ctx, "tiv-x")
	if err != nil {
		t.Fatal(err)
	}
	fl := func(s string, y int, tiv float64) armsflow.Flow {
		return armsflow.Flow{Supplier: s, Recipient: "Viet Nam", Year: y, TIV: tiv}
	}
	want := []armsflow.Flow{fl("Russia", 2002, 54), fl("Russia", 2003, 2.5), fl("Russia", 2004, 294), fl("Israel", 2011, 0)}
	if !reflect.DeepEqual(c.Flows, want) {
		t.Errorf("flows after the migration = %v, want %v", c.Flows, want)
	}
	if len(c.World) != 1 || c.World[0].TIV != 60 {
		t.Errorf("world flows after the migration = %v", c.World)
	}
	var n int
	var sum float64
	if err := db.rdb.QueryRow(`SELECT count(*), sum(tiv) FROM flows WHERE dataset = 'tiv-x' AND year >= 2003`).Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	if n != 3 || sum != 296.5 {
		t.Errorf("the flows view gives %d rows summing to %v from 2003, want 3 and 296.5", n, sum)
	}
}

// TestDatasetHeads: DatasetHeads lists what Datasets does, in its order,
// each dataset without its files (nil: not read).
func TestDatasetHeads(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if hs, err := db.DatasetHeads(ctx); err != nil || hs == nil || len(hs) != 0 {
		t.Errorf("empty library: %v, %v; want an empty list", hs, err)
	}
	mustImport(t, db, armsflow.Dataset{Name: "register-2024-01-01", Kind: armsflow.KindRegister, Generated: "2024-01-01"},
		[]FileContent{{File: armsflow.SourceFile{Name: "reg.csv", SHA256: digestOf("reg")}}})
	for _, files := range [][]FileContent{{vnFile, thFile}, {vnFile2, idFile}} {
		ds, fs := tivSet("tiv-2022-04-22", files...)
		if files[0].File.Name == vnFile2.File.Name {
			ds.Name, ds.Generated = "tiv-2023-04-22", "2023-04-22"
		}
		mustImport(t, db, ds, fs)
	}
	all, err := db.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	heads, err := db.DatasetHeads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || len(all[1].Files) != 2 {
		t.Fatalf("Datasets() = %+v, want 3 datasets, the second with 2 files", all)
	}
	for i := range all {
		all[i].Files = nil
	}
	if !reflect.DeepEqual(heads, all) {
		t.Errorf("DatasetHeads() = %+v\nwant Datasets() without files: %+v", heads, all)
	}
	var _ armsflow.HeadLister = db
}

// TestReadsNeverOpenTheWriter: a command that only reads opens one
// connection, the reader's: the writer's would parse the schema again.
func TestReadsNeverOpenTheWriter(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ds, files := tivSet("tiv-2022-04-22", vnFile, thFile)
	mustImport(t, db, ds, files)
	path := db.Path()
	db.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.DatasetHeads(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Datasets(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LoadFlowContent(ctx, "tiv-2022-04-22"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Events(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Version(ctx); err != nil {
		t.Fatal(err)
	}
	if w, r := db.wdb.Stats().OpenConnections, db.rdb.Stats().OpenConnections; w != 0 || r != 1 {
		t.Errorf("%d writer's and %d reader's connections open, want 0 and 1", w, r)
	}
}
