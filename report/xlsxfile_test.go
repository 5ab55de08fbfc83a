package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXWellFormed checks that every part of the workbook written with
// the standard library is well-formed XML, and that the parts a reader
// needs are there.
func TestXLSXWellFormed(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	var b bytes.Buffer
	if err := WriteXLSX(&b, r); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range z.File {
		seen[f.Name] = true
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(rc)
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s: %v", f.Name, err)
				break
			}
		}
		rc.Close()
	}
	for _, want := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
		"xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"} {
		if !seen[want] {
			t.Errorf("no part %s in %v", want, seen)
		}
	}
}

// TestXLSXCells writes text that XML and spreadsheets treat specially and
// reads it back with excelize: markup characters, spaces at the ends, line
// breaks, non-ASCII, control characters (dropped: XML cannot hold them),
// text too long for a cell (cut at Excel's limit), and numbers and styles.
func TestXLSXCells(t *testing.T) {
	long := strings.Repeat("é", maxCellText) // characters, not bytes
	cases := []struct{ in, want string }{
		{`a < b & "c" > d`, `a < b & "c" > d`},
		{"  spaced  ", "  spaced  "},
		{"two\nlines", "two\nlines"},
		{"Türkiye, Côte d'Ivoire", "Türkiye, Côte d'Ivoire"},
		{"bell\x07here", "bellhere"},
		{long + "x", long},
	}
	book := &workbook{}
	sh := book.add(`Odd & <name>`)
	for i, c := range cases {
		sh.text(1, i+1, c.in, styleNone)
	}
	sh.number(2, 1, "1234.5", styleDec1)
	sh.number(28, 1, "7", styleDec0) // column AB
	sh.widths = []float64{12, 9.5}
	var b bytes.Buffer
	if err := book.write(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != `Odd & <name>` {
		t.Fatalf("sheets %q", got)
	}
	name := `Odd & <name>`
	for i, c := range cases {
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if v, _ := f.GetCellValue(name, ref); v != c.want {
			t.Errorf("%s = %.40q (%d bytes), want %.40q (%d bytes)", ref, v, len(v), c.want, len(c.want))
		}
	}
	for ref, want := range map[string]string{"B1": "1234.5", "AB1": "7"} {
		typ, _ := f.GetCellType(name, ref)
		v, _ := f.GetCellValue(name, ref, excelize.Options{RawCellValue: true})
		if v != want || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("%s = %q of type %v, want the number %s", ref, v, typ, want)
		}
	}
	if v, _ := f.GetCellValue(name, "B1"); v != "1,234.5" {
		t.Errorf("B1 shows %q, want 1,234.5 (#,##0.0)", v)
	}
	if w, _ := f.GetColWidth(name, "B"); w != 9.5 {
		t.Errorf("column B is %v wide, want 9.5", w)
	}
	if p, _ := f.GetPanes(name); !p.Freeze || p.YSplit != 2 {
		t.Errorf("panes %+v, want rows 1-2 frozen", p)
	}
}

func TestColumnName(t *testing.T) {
	for col, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 28: "AB", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA"} {
		if got := columnName(col); got != want {
			t.Errorf("columnName(%d) = %q, want %q", col, got, want)
		}
	}
}
