package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"github.com/armsflow/armsflow/internal/memlib"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/table"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// memLoader is an in-memory library.
type memLoader = memlib.Library

func ip(v int) *int         { return &v }
func fp(v float64) *float64 { return &v }
func fl(s, r string, y int, t float64) armsflow.Flow {
	return armsflow.Flow{Supplier: s, Recipient: r, Year: y, TIV: t}
}

// fixtureLoader is a small made-up world over 2010-2019, two 5-year periods,
// with figures easy to check by hand.
func fixtureLoader(withRegister, withLong bool) *memLoader {
	flows := []armsflow.Flow{
		fl("Russia", "Viet Nam", 2010, 100), fl("Russia", "Viet Nam", 2011, 300), fl("Russia", "Viet Nam", 2013, 0),
		fl("Russia", "Viet Nam", 2016, 50), fl("Russia", "Viet Nam", 2018, 150),
		fl("Israel", "Viet Nam", 2012, 50), fl("Israel", "Viet Nam", 2016, 100), fl("Israel", "Viet Nam", 2017, 100),
		fl("France", "Viet Nam", 2019, 20),
		fl("Russia", "India", 2010, 1000), fl("Russia", "India", 2015, 500), fl("Russia", "India", 2019, 600),
		fl("United States", "Taiwan", 2010, 800), fl("United States", "India", 2011, 200), fl("United States", "Taiwan", 2017, 1200),
		fl("France", "Indonesia", 2012, 100), fl("Russia", "Indonesia", 2012, 100), fl("Russia", "Indonesia", 2018, 30),
	}
	gen := time.Date(2022, 4, 22, 0, 0, 0, 0, time.UTC)
	l := &memLoader{
		DatasetList: []armsflow.Dataset{{Name: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22", ImportedAt: gen,
			SHA256: "aa11", Records: len(flows), Files: []armsflow.SourceFile{{Name: "VN.csv", SHA256: "bb22", Records: 9}, {Name: "ALL.csv", SHA256: "cc33", Records: 9}}}},
		Content: map[string]*armsflow.Content{"tiv-2022-04-22": {Flows: flows}},
		EventList: []armsflow.Event{
			{ID: "vn-ru-2012", Date: "2012-07-27", Precision: armsflow.PrecisionDay, Kind: "agreement", Title: "Comprehensive strategic partnership",
				Parties: []string{"Russia", "Viet Nam"}, Sources: []armsflow.EventSource{{Publisher: "Kremlin", Date: "2012-07-27"}}},
			{ID: "vn-us-2016", Date: "2016-05", Precision: armsflow.PrecisionMonth, Kind: "sanction", Title: "US lifts its arms embargo",
				Parties: []string{"Viet Nam", "Russia"}, Actor: "United States"},
		},
	}
	if withRegister {
		l.DatasetList = append(l.DatasetList, armsflow.Dataset{Name: "register-2025-10-23", Kind: armsflow.KindRegister, Generated: "2025-10-23",
			ImportedAt: gen, SHA256: "dd44", Scope: "deliveries 1950-2025", Files: []armsflow.SourceFile{{Name: "register.csv", SHA256: "ee55"}}})
		l.Content["register-2025-10-23"] = &armsflow.Content{Deals: []armsflow.Deal{
			{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2009), Ordered: ip(6), Designation: "Project-636", Description: "submarine",
				Delivered: ip(6), DeliveryYears: []int{2013, 2014, 2015, 2016}, Status: "New", TIVUnit: fp(100), TIVTotal: fp(600), TIVDelivered: fp(600), Line: 20},
			{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2017), OrderYearUncertain: true, Ordered: ip(64), Designation: "T-90S", Description: "tank",
				Delivered: ip(32), DeliveredUncertain: true, DeliveryYears: []int{2018, 2019}, Status: "New", TIVUnit: fp(4), TIVTotal: fp(256), TIVDelivered: fp(128),
				Comments: "=cmd|' /C calc'!A0 <script>alert(1)</script>", Line: 21},
			{Recipient: "Viet Nam", Supplier: "Russia", OrderYear: ip(2019), Ordered: ip(12), Designation: "Yak-130", Description: "trainer aircraft",
				Status: "New", TIVUnit: fp(10), TIVTotal: fp(120), Line: 22},
			{Recipient: "India", Supplier: "Russia", OrderYear: ip(2018), Designation: "S-400", Description: "SAM system", Status: "New", Line: 23},
		}}
	}
	if withLong {
		l.DatasetList = append(l.DatasetList, armsflow.Dataset{Name: "long-2022-05", Kind: armsflow.KindLong, ImportedAt: gen, SHA256: "ff66",
			Coverage: armsflow.Coverage{From: 1950, To: 2021}})
		cf := func(c, cat string, y int, v float64) armsflow.CategoryFlow {
			return armsflow.CategoryFlow{Side: armsflow.SideImport, Country: c, Category: cat, Year: y, TIV: v}
		}
		l.Content["long-2022-05"] = &armsflow.Content{Categories: []armsflow.CategoryFlow{
			cf("Viet Nam", "Ships", 2011, 300), cf("Viet Nam", "Aircraft", 2010, 100), cf("Viet Nam", "Aircraft", 2016, 150), cf("Viet Nam", "Total", 2016, 150),
		}}
	}
	return l
}

func newEngine(t testing.TB, l *memLoader) *engine.Engine {
	t.Helper()
	e, err := engine.New(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func build(t testing.TB, e *engine.Engine, q Query) *Report {
	t.Helper()
	r, err := Build(context.Background(), e, q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var vnru = Query{Supplier: "Russia", Recipient: "Vietnam", Years: engine.Years{From: 2010, To: 2019}}

func TestFiguresEqualEngine(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, fixtureLoader(true, true))
	r := build(t, e, vnru)
	fr, _ := e.Flows(ctx, engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: vnru.Years})
	if r.Yearly.TotalTIV != fr.TotalTIV || r.Yearly.TotalTIV != 600 {
		t.Errorf("yearly total %v, engine %v (want 600)", r.Yearly.TotalTIV, fr.TotalTIV)
	}
	if len(r.Periods) != 2 || r.Periods[0].Label != "2010-2014" {
		t.Fatalf("periods %+v", r.Periods)
	}
	// Section 1's table carries the engine's rank, TIV and share per period.
	tab := r.Sections[0].Tables[0]
	for i, p := range r.Periods {
		rk, _ := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Supplier: "Russia", Years: engine.Years{From: p.From, To: p.To}, Limit: 10})
		f := focus(rk)
		row := tab.Rows[i]
		if row[1] != f.Rank || row[2] != f.TIV || *(row[3].(*float64)) != *f.SharePct || row[4] != rk.TotalTIV {
			t.Errorf("period %s: table %v, engine rank %d tiv %v share %v total %v", p.Label, row, f.Rank, f.TIV, *f.SharePct, rk.TotalTIV)
		}
	}
	c, _ := e.Concentration(ctx, engine.ConcentrationQuery{Recipient: "Viet Nam", Years: vnru.Years})
	for i, row := range c.Rows {
		got := r.Concentration.Rows[i]
		if got.Suppliers != row.Suppliers || *got.HHI != *row.HHI || got.TotalTIV != row.TotalTIV {
			t.Errorf("concentration %s: report %+v engine %+v", row.Period, got, row)
		}
	}
	// 2010-2014: Russia 400 of 450; 2015-2019: Russia 200 of 420.
	if got := *r.Concentration.Rows[0].TopSharePct; math.Round(got*10)/10 != 88.9 {
		t.Errorf("top share %v", got)
	}
	if r.Regional == nil || r.Regional.TotalTIV != 730 || r.Subregion != "South East Asia" {
		t.Errorf("regional: subregion %q, %+v", r.Subregion, r.Regional)
	}
	if r.DyadCategories == nil || r.Categories == nil || r.Categories.TotalTIV != 550 {
		t.Errorf("categories missing or wrong: %+v %+v", r.DyadCategories, r.Categories)
	}
	if r.Deals == nil || r.Deals.Count != 3 {
		t.Errorf("deals: %+v", r.Deals)
	}
	if len(r.Events) != 2 {
		t.Errorf("events: %d", len(r.Events))
	}
}

func TestFindings(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	want := map[string]string{
		"total-peak":       "Russia delivered 600 million TIV to Viet Nam in 2010–2019; the peak year was 2011 with 300 (50 % of the span's total).",
		"volume-change":    "Deliveries from Russia to Viet Nam fell from 400 to 200 million TIV: -50 % from 2010–2014 to 2015–2019.",
		"share-change":     "Russia's share of Viet Nam's arms imports fell from 89 % in 2010–2014 to 48 % in 2015–2019.",
		"suppliers-change": "Viet Nam had 2 suppliers in 2010–2014 and 3 in 2015–2019.",
		"top-supplier":     "In 2015–2019, Viet Nam's largest suppliers were Israel and Russia, tied with 48 % of its imports each.",
	}
	got := map[string]string{}
	for _, f := range r.Findings {
		got[f.Kind] = f.Text
		if !regexp.MustCompile(`\d`).MatchString(f.Text) {
			t.Errorf("finding without a number: %q", f.Text)
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %q\nwant %q", k, got[k], w)
		}
	}
	if _, ok := got["hhi-change"]; !ok {
		t.Error("no HHI finding")
	}
	// One period: no change sentences, for there is nothing to compare.
	one := build(t, newEngine(t, fixtureLoader(false, false)), Query{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2015, To: 2019}})
	for _, f := range one.Findings {
		if strings.HasSuffix(f.Kind, "-change") || strings.HasSuffix(f.Kind, "rank") {
			t.Errorf("one period, yet a change: %q", f.Text)
		}
	}
}

func TestNoTransfers(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, false)), Query{Supplier: "France", Recipient: "Taiwan", Years: engine.Years{From: 2010, To: 2019}})
	if !r.NoTransfers {
		t.Fatal("not flagged")
	}
	if len(r.Findings) == 0 || r.Findings[0].Text != "SIPRI records no transfers from France to Taiwan in 2010–2019." {
		t.Errorf("findings %+v", r.Findings)
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Text, "0.0% in both") {
			t.Errorf("an empty finding: %q", f.Text)
		}
	}
	for _, c := range r.Charts() {
		if c.Name == "yearly" && !c.Empty {
			t.Error("yearly chart drawn with no transfers")
		}
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No transfers recorded from France to Taiwan") || !strings.Contains(b.String(), `id="no-transfers"`) {
		t.Error("the HTML does not say there are no transfers")
	}
}

func TestMissingData(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(false, false)), vnru)
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"No trade register is imported", "No long-form dataset with weapon categories is imported"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestBadNames(t *testing.T) {
	e := newEngine(t, fixtureLoader(false, false))
	_, err := Build(context.Background(), e, Query{Supplier: "Rusia", Recipient: "Viet Nam"})
	if err == nil || armsflow.ErrorCode(err) == armsflow.EINTERNAL {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := Build(context.Background(), e, Query{Supplier: "Russia", Recipient: "RUS"}); armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("same party twice: %v", err)
	}
}

func TestHTMLStructure(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	for _, id := range []string{"findings", "supplier-world", "supplier-recipients", "regional", "recipient-world",
		"recipient-suppliers", "yearly", "categories", "deals", "provenance"} {
		if !strings.Contains(h, `<section id="`+id+`">`) {
			t.Errorf("no section %q", id)
		}
	}
	for _, want := range []string{
		"<td class=\"n\">600</td>",            // the pair's total in the regional table
		"<td class=\"n\">88.9</td>",           // Russia's top share 2010-2014
		"Comprehensive strategic partnership", // event marker label
		"Source: SIPRI Arms Transfers Database", "tiv-2022-04-22", "bb22", "2022-04-22", "rounded to whole millions",
		"<svg", "open", "South East Asia",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(h, "<script") {
		t.Error("unescaped <script> in the HTML")
	}
	if !strings.Contains(h, "&lt;script&gt;") {
		t.Error("the deal comment's <script> is not shown escaped")
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(h) || strings.Contains(h, "@import") || strings.Contains(h, "url(") {
		t.Error("the HTML fetches something")
	}
	if strings.Count(h, "<figure") != 5 { // yearly, suppliers, two of categories, dependency
		t.Errorf("%d charts, want 5", strings.Count(h, "<figure"))
	}
}

func TestXLSX(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	var b bytes.Buffer
	if err := WriteXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	want := []string{"Findings", "supplier-world", "supplier-recipients-1", "regional", "recipient-world", "recipient-suppliers-1",
		"yearly-1", "categories-1", "deals", "Provenance"}
	for _, w := range want {
		found := false
		for _, s := range sheets {
			found = found || s == w
		}
		if !found {
			t.Errorf("no sheet %q in %v", w, sheets)
		}
	}
	for _, s := range sheets {
		p, err := f.GetPanes(s)
		if err != nil || !p.Freeze || p.YSplit != 2 {
			t.Errorf("sheet %s: panes %+v %v", s, p, err)
		}
		v, _ := f.GetCellValue(s, "A1")
		if v == "" {
			t.Errorf("sheet %s has no title", s)
		}
	}
	// Section 1: rank, TIV, share are numbers.
	for _, ref := range []string{"B3", "C3", "D3", "E3"} {
		typ, err := f.GetCellType("supplier-world", ref)
		if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("supplier-world!%s has type %v", ref, typ)
		}
	}
	if v, _ := f.GetCellValue("yearly-1", "B3", excelize.Options{RawCellValue: true}); v != "100" {
		t.Errorf("yearly-1!B3 = %q, want 100", v)
	}
	// The comment beginning with '=' is text, neutralised.
	rows, _ := f.GetRows("deals")
	found := false
	for _, row := range rows {
		for _, c := range row {
			if strings.Contains(c, "cmd|") {
				found = true
				if !strings.HasPrefix(c, "'=") {
					t.Errorf("formula not neutralised: %q", c)
				}
			}
		}
	}
	if !found {
		t.Error("the deal comment is missing")
	}
	fs, _ := f.GetCellFormula("deals", "J3")
	if fs != "" {
		t.Errorf("a formula reached the workbook: %q", fs)
	}
	prov, _ := f.GetRows("Provenance")
	if !strings.Contains(strings.Join(flat(prov), " "), "bb22") {
		t.Error("Provenance sheet lacks the file hash")
	}
	yr, _ := f.GetRows("yearly-1")
	if !strings.Contains(strings.Join(flat(yr), " "), "Source: SIPRI Arms Transfers Database") {
		t.Error("a table sheet lacks the source line")
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func TestCSVInjection(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	for _, nt := range r.Tables() {
		if nt.Name != "deals" {
			continue
		}
		var b bytes.Buffer
		if err := table.WriteCSV(&b, nt.Table); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			for _, c := range rec {
				if strings.Contains(c, "cmd|") && !strings.HasPrefix(c, "'=") {
					t.Errorf("CSV cell not neutralised: %q", c)
				}
			}
		}
		return
	}
	t.Fatal("no deals table")
}

func TestMarkdownGolden(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r, "vn-ru"); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "vn-ru.md")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run 'go test ./report -update')", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("Markdown differs from %s; run 'go test ./report -update' if the change is right", golden)
	}
	var tex bytes.Buffer
	if err := WriteLaTeX(&tex, r, "vn-ru"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`\toprule`, `\begin{longtable}`, `vn-ru-yearly.png`, `\end{document}`, `T-90S`} {
		if !strings.Contains(tex.String(), want) {
			t.Errorf("LaTeX lacks %q", want)
		}
	}
}

func TestSave(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	dir := t.TempDir()
	out := filepath.Join(dir, "all")
	o, err := PlanOutput(out, false, true)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := Save(r, o)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range paths {
		names[filepath.Base(p)] = true
	}
	for _, w := range []string{"russia-viet-nam-2010-2019.html", "russia-viet-nam-2010-2019.md", "russia-viet-nam-2010-2019.xlsx",
		"russia-viet-nam-2010-2019.tex", "russia-viet-nam-2010-2019-md-yearly.svg", "russia-viet-nam-2010-2019-md-yearly.png",
		"russia-viet-nam-2010-2019-tex-yearly.png",
		"russia-viet-nam-2010-2019-deals.csv"} {
		if !names[w] {
			t.Errorf("not written: %s (wrote %v)", w, names)
		}
	}
	// Again without --force: refused, nothing changed.
	o2, _ := PlanOutput(out, false, false)
	if _, err := Save(r, o2); armsflow.ErrorCode(err) != armsflow.ECONFLICT {
		t.Errorf("overwrite without force: %v", err)
	}
	file := filepath.Join(dir, "r.html")
	os.WriteFile(file, []byte("keep"), 0o644)
	if _, err := PlanOutput(file, false, false); armsflow.ErrorCode(err) != armsflow.ECONFLICT {
		t.Errorf("existing file: %v", err)
	}
	if o, err := PlanOutput(file, true, false); err != nil {
		t.Errorf("--force: %v", err)
	} else if _, err := Save(r, o); err != nil {
		t.Error(err)
	}
	if b, _ := os.ReadFile(file); !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) {
		t.Error("--force did not overwrite")
	}
	for _, bad := range []string{filepath.Join(dir, "nope", "deeper", "x.html"), filepath.Join(dir, "x.pdf"), ""} {
		if _, err := PlanOutput(bad, false, false); err == nil {
			t.Errorf("PlanOutput(%q): no error", bad)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestReportCoverage checks that a report refuses years no dataset covers,
// takes every figure from the one dataset that covers the years asked, and
// notes a year that was not over when the data was generated.
func TestReportCoverage(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, fixtureLoader(true, false))
	_, err := Build(ctx, e, Query{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2030, To: 2031}})
	if armsflow.ErrorCode(err) != armsflow.ENOTCOVERED || !strings.Contains(armsflow.ErrorMessage(err), "register-2025-10-23 covers 1950-2025 (2025 partial)") {
		t.Errorf("years no dataset covers: %v", err)
	}
	// The tables end in 2019: the register answers 2015-2025, all of it.
	r := build(t, e, Query{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2015, To: 2025}})
	for _, res := range append(append([]*engine.RankResult{}, r.SupplierWorld...), r.RecipientSuppliers...) {
		if res.Dataset != "register-2025-10-23" || !res.Estimated {
			t.Errorf("%s %v from %s", res.Query.Side, res.Query.Years, res.Dataset)
		}
	}
	if r.Concentration.Dataset != "register-2025-10-23" {
		t.Errorf("concentration from %s", r.Concentration.Dataset)
	}
	notes := strings.Join(r.Notes, " ")
	if !strings.Contains(notes, "2025 is partial") || !strings.Contains(notes, "Estimated: yearly TIV spread evenly") ||
		strings.Contains(notes, "rounded to whole millions by SIPRI") {
		t.Errorf("notes %q", notes)
	}
	// The long form's categories end before the report's years: the
	// section says so instead of showing part of the span.
	rl := build(t, newEngine(t, fixtureLoader(true, true)), Query{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2015, To: 2025}})
	if rl.Categories != nil || !strings.Contains(rl.CategoriesNotCovered, "long-2022-05 gives weapon categories for 1950-2021 only") {
		t.Errorf("categories %v, %q", rl.Categories, rl.CategoriesNotCovered)
	}
	// No form of the report says the estimate was rounded by SIPRI.
	for name, write := range map[string]func(*bytes.Buffer) error{
		"markdown": func(b *bytes.Buffer) error { return WriteMarkdown(b, r, "r") },
		"html":     func(b *bytes.Buffer) error { return WriteHTML(b, r) },
		"latex":    func(b *bytes.Buffer) error { return WriteLaTeX(b, r, "r") },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "rounded to whole millions by SIPRI") || !strings.Contains(b.String(), "Estimated") {
			t.Errorf("%s: the figures' note is wrong", name)
		}
	}
}

// TestSaveTwoFormatsOneFolder writes a Markdown and then a LaTeX report
// into one folder, as 'report --out r.md' and 'report --out r.tex' do:
// each has figure files of its own, so the second neither is refused for
// the first's files nor overwrites them, and every figure a report names
// is there beside it.
func TestSaveTwoFormatsOneFolder(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	dir := t.TempDir()
	written := map[string][]string{}
	for _, name := range []string{"r.md", "r.tex"} {
		o, err := PlanOutput(filepath.Join(dir, name), false, true)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := Save(r, o)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		written[name] = paths
	}
	seen := map[string]string{}
	for name, paths := range written {
		for _, p := range paths {
			if other, ok := seen[p]; ok {
				t.Errorf("%s written by both %s and %s", p, other, name)
			}
			seen[p] = name
		}
	}
	// Each report's figures, as it names them, exist and are its own.
	refs := regexp.MustCompile(`[\w.-]+\.(?:svg|png)`)
	for _, name := range []string{"r.md", "r.tex"} {
		doc, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		figs := refs.FindAllString(string(doc), -1)
		if len(figs) == 0 {
			t.Fatalf("%s names no figure", name)
		}
		for _, f := range figs {
			if seen[filepath.Join(dir, f)] != name {
				t.Errorf("%s names %s, written by %q", name, f, seen[filepath.Join(dir, f)])
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "r-md-yearly.svg")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "r-tex-yearly.png")); err != nil {
		t.Error(err)
	}
}

// TestDependencyTablesHaveNoBlanks: the dependency section's tables left
// cells blank where the supplier had no share ("Blank: none"), which read
// as 0 where the recipient had no stock or deliveries at all. Every cell
// now holds a figure, 0, or "–" explained in a note.
func TestDependencyTablesHaveNoBlanks(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	found := false
	for _, nt := range r.Tables() {
		if !strings.HasPrefix(nt.Name, "dependency") {
			continue
		}
		found = true
		dash := false
		for i, row := range nt.Rows {
			for j, c := range row {
				if table.Text(c, nt.Columns[j]) == "" && nt.Columns[j].Name != "Code" {
					t.Errorf("%s row %d %s: blank", nt.Name, i, nt.Columns[j].Name)
				}
				dash = dash || c == "–"
			}
		}
		if dash && !strings.Contains(strings.Join(nt.Notes, " "), "–: ") {
			t.Errorf("%s: – without a note: %q", nt.Name, nt.Notes)
		}
	}
	if !found {
		t.Fatal("no dependency table")
	}
}
