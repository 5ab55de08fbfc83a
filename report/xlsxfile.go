package report

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A minimal SpreadsheetML (Office Open XML, ECMA-376) writer: what the
// report's workbook needs and no more. Sheets of text and number cells,
// six cell styles, column widths, the first two rows frozen and a
// landscape page one page wide. Text goes to the shared string table, the
// form every spreadsheet program reads.

// Cell styles: indexes into styles.xml's cellXfs, in that order.
const (
	styleNone  = iota
	styleBold  // table headers
	styleTitle // a table's title
	styleNote  // notes and provenance under a table
	styleWrap  // long text
	styleDec1  // #,##0.0
	styleDec0  // #,##0
)

// maxCellText is the most characters a cell may hold in Excel.
const maxCellText = 32767

type workbook struct {
	sheets  []*worksheet
	strings []string
	index   map[string]int
}

type worksheet struct {
	name   string
	rows   [][]xcell // rows[i] is row i+1
	widths []float64 // of columns 1, 2, …
}

type xcell struct {
	col   int
	style int
	str   bool   // a shared string, v its index
	v     string // the number, or the index of the string
}

func (b *workbook) add(name string) *worksheet {
	s := &worksheet{name: name}
	b.sheets = append(b.sheets, s)
	return s
}

// intern returns s's index in the shared string table.
func (b *workbook) intern(s string) int {
	if b.index == nil {
		b.index = map[string]int{}
	}
	if i, ok := b.index[s]; ok {
		return i
	}
	b.index[s] = len(b.strings)
	b.strings = append(b.strings, s)
	return len(b.strings) - 1
}

func (s *worksheet) set(col, row int, c xcell) {
	for len(s.rows) < row {
		s.rows = append(s.rows, nil)
	}
	c.col = col
	s.rows[row-1] = append(s.rows[row-1], c)
}

// text is set on the sheet when the workbook is written; the sheet keeps
// the string itself until then.
func (s *worksheet) text(col, row int, v string, style int) {
	if len(v) > maxCellText && utf8.RuneCountInString(v) > maxCellText {
		v = string([]rune(v)[:maxCellText])
	}
	s.set(col, row, xcell{style: style, str: true, v: v})
}

func (s *worksheet) number(col, row int, v string, style int) {
	s.set(col, row, xcell{style: style, v: v})
}

// columnName is a column's letters in an A1-style reference ("AB").
func columnName(col int) string {
	var b []byte
	for ; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// xmlText escapes s for XML text and attributes, dropping the characters
// XML 1.0 cannot hold (control characters other than tab and line breaks).
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\t', '\n', '\r':
			b.WriteRune(r)
		default:
			if r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel     = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsPkgRel  = `http://schemas.openxmlformats.org/package/2006/relationships`
)

// stylesXML defines the cellXfs of the style constants above: fonts 0
// (default), 1 bold, 2 bold 13 pt, 3 italic grey; number formats 164 and 165.
const stylesXML = xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.0"/><numFmt numFmtId="165" formatCode="#,##0"/></numFmts>` +
	`<fonts count="4">` +
	`<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>` +
	`<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>` +
	`<font><b/><sz val="13"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>` +
	`<font><i/><sz val="11"/><color rgb="FF555555"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>` +
	`</fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="7">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

// write writes the workbook as an XLSX file (a zip of XML parts).
func (b *workbook) write(w io.Writer) error {
	z := zip.NewWriter(w)
	part := func(name, body string) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, body)
		return err
	}
	// The sheets first: they fill the shared string table.
	sheets := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		sheets[i] = b.sheetXML(s, i == 0)
	}
	var ct, wb, rels strings.Builder
	ct.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	wb.WriteString(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	rels.WriteString(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">`)
	for i, s := range b.sheets {
		n := strconv.Itoa(i + 1)
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%s.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%s" r:id="rId%s"/>`, xmlText(s.name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%s" Type="`+nsRel+`/worksheet" Target="worksheets/sheet%s.xml"/>`, n, n)
	}
	ct.WriteString(`</Types>`)
	wb.WriteString(`</sheets></workbook>`)
	k := len(b.sheets)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="`+nsRel+`/styles" Target="styles.xml"/>`, k+1)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="`+nsRel+`/sharedStrings" Target="sharedStrings.xml"/>`, k+2)
	rels.WriteString(`</Relationships>`)

	var sst strings.Builder
	fmt.Fprintf(&sst, xmlHeader+`<sst xmlns="`+nsMain+`" count="%d" uniqueCount="%d">`, len(b.strings), len(b.strings))
	for _, s := range b.strings {
		sst.WriteString(`<si><t xml:space="preserve">` + xmlText(s) + `</t></si>`)
	}
	sst.WriteString(`</sst>`)

	parts := []struct{ name, body string }{
		{"[Content_Types].xml", ct.String()},
		{"_rels/.rels", xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", wb.String()},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", stylesXML},
		{"xl/sharedStrings.xml", sst.String()},
	}
	for _, p := range parts {
		if err := part(p.name, p.body); err != nil {
			return err
		}
	}
	for i, body := range sheets {
		if err := part("xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml", body); err != nil {
			return err
		}
	}
	return z.Close()
}

// sheetXML is a worksheet part: rows 1 and 2 frozen, columns sized, the
// page landscape and one page wide.
func (b *workbook) sheetXML(s *worksheet, selected bool) string {
	var x strings.Builder
	x.WriteString(xmlHeader + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	x.WriteString(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	tab := ""
	if selected {
		tab = ` tabSelected="1"`
	}
	x.WriteString(`<sheetViews><sheetView` + tab + ` workbookViewId="0">` +
		`<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A3" sqref="A3"/></sheetView></sheetViews>`)
	x.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	if len(s.widths) > 0 {
		x.WriteString(`<cols>`)
		for i, w := range s.widths {
			fmt.Fprintf(&x, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(w, 'f', -1, 64))
		}
		x.WriteString(`</cols>`)
	}
	x.WriteString(`<sheetData>`)
	for i, row := range s.rows {
		if len(row) == 0 {
			continue
		}
		r := strconv.Itoa(i + 1)
		x.WriteString(`<row r="` + r + `">`)
		for _, c := range row {
			x.WriteString(`<c r="` + columnName(c.col) + r + `"`)
			if c.style != styleNone {
				x.WriteString(` s="` + strconv.Itoa(c.style) + `"`)
			}
			v := c.v
			if c.str {
				x.WriteString(` t="s"`)
				v = strconv.Itoa(b.intern(c.v))
			}
			x.WriteString(`><v>` + v + `</v></c>`)
		}
		x.WriteString(`</row>`)
	}
	x.WriteString(`</sheetData>`)
	x.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	x.WriteString(`<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>`)
	x.WriteString(`</worksheet>`)
	return x.String()
}
