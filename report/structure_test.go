package report

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/table"
)

// numericCell reports whether a table cell holds a number.
func numericCell(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case *int:
		if x != nil {
			return float64(*x), true
		}
	case float64:
		return x, true
	case *float64:
		if x != nil {
			return *x, true
		}
	}
	return 0, false
}

var (
	htmlTable = regexp.MustCompile(`(?s)<table>\s*<caption>(.*?)</caption>(.*?)</table>`)
	htmlRow   = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	htmlCell  = regexp.MustCompile(`(?s)<t([dh])([^>]*)>(.*?)</t[dh]>`)
)

// TestHTMLTablesNumeric reads every table back from the HTML and checks it
// against the report's tables: each one present, in order, with the same
// number of rows, every number cell right-aligned (class "n") and written
// as a number that parses back to the report's value at the column's
// decimals.
func TestHTMLTablesNumeric(t *testing.T) {
	r := build(t, newEngine(t, fixtureLoader(true, true)), vnru)
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	got := htmlTable.FindAllStringSubmatch(b.String(), -1)
	tables := r.Tables()
	if len(got) != len(tables) {
		t.Fatalf("HTML has %d data tables, the report %d", len(got), len(tables))
	}
	checked := 0
	for i, nt := range tables {
		tab := nt.Table
		if cap := html.UnescapeString(got[i][1]); cap != tab.Title {
			t.Errorf("table %d: caption %q, want %q", i, cap, tab.Title)
			continue
		}
		rows := htmlRow.FindAllStringSubmatch(got[i][2], -1)
		if len(rows) != len(tab.Rows)+1 {
			t.Errorf("%s: %d HTML rows, want %d and a header", nt.Name, len(rows), len(tab.Rows))
			continue
		}
		for ri, row := range tab.Rows {
			cells := htmlCell.FindAllStringSubmatch(rows[ri+1][1], -1)
			if len(cells) != len(row) {
				t.Errorf("%s row %d: %d cells, want %d", nt.Name, ri, len(cells), len(row))
				continue
			}
			for ci, v := range row {
				want, ok := numericCell(v)
				if !ok {
					continue
				}
				text := html.UnescapeString(cells[ci][3])
				n, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
				if err != nil {
					t.Errorf("%s row %d col %q: %q is not a number", nt.Name, ri, tab.Columns[ci].Name, text)
					continue
				}
				dec := tab.Columns[ci].Decimals
				tol := 0.5
				if dec > 0 {
					tol = 0.5 / float64(pow10(dec))
				} else if dec < 0 && want != float64(int64(want)) {
					tol = 0.05
				} else if dec < 0 {
					tol = 0
				}
				if d := n - want; d > tol || d < -tol {
					t.Errorf("%s row %d col %q: HTML %q, report %v", nt.Name, ri, tab.Columns[ci].Name, text, want)
				}
				if !strings.Contains(strings.ToLower(tab.Columns[ci].Name), "year") && !strings.Contains(cells[ci][2], `class="n"`) {
					t.Errorf("%s row %d col %q: number %q not right-aligned", nt.Name, ri, tab.Columns[ci].Name, text)
				}
				checked++
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d numbers checked", checked)
	}
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// TestXLSXSheetPerTable checks that the workbook has the Findings sheet,
// one sheet per table of the report in order and the Provenance sheet;
// that each table sheet has the table's title in row 1, its header in row
// 2, both frozen, and every number of the table stored as a number (never
// as text) with the report's value.
func TestXLSXSheetPerTable(t *testing.T) {
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
	tables := r.Tables()
	if len(sheets) != len(tables)+2 || sheets[0] != "Findings" || sheets[len(sheets)-1] != "Provenance" {
		t.Fatalf("sheets %v for %d tables", sheets, len(tables))
	}
	numbers := 0
	for i, nt := range tables {
		sh := sheets[i+1]
		if sh != nt.Name {
			t.Errorf("sheet %d is %q, want %q", i+1, sh, nt.Name)
		}
		p, _ := f.GetPanes(sh)
		if !p.Freeze || p.YSplit != 2 {
			t.Errorf("%s: panes %+v, want rows 1-2 frozen", sh, p)
		}
		if v, _ := f.GetCellValue(sh, "A1"); v != nt.Table.Title {
			t.Errorf("%s!A1 = %q, want the title %q", sh, v, nt.Table.Title)
		}
		for ci, c := range nt.Table.Columns {
			ref, _ := excelize.CoordinatesToCellName(ci+1, 2)
			if v, _ := f.GetCellValue(sh, ref); v != c.Name {
				t.Errorf("%s!%s = %q, want the header %q", sh, ref, v, c.Name)
			}
		}
		for ri, row := range nt.Table.Rows {
			for ci, v := range row {
				ref, _ := excelize.CoordinatesToCellName(ci+1, ri+3)
				typ, _ := f.GetCellType(sh, ref)
				raw, _ := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
				want, isNum := numericCell(v)
				if !isNum {
					// Text that looks like a number would be a number stored as text.
					if _, err := strconv.ParseFloat(raw, 64); err == nil && typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
						t.Errorf("%s!%s: %q is stored as text", sh, ref, raw)
					}
					continue
				}
				if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
					t.Errorf("%s!%s: number %v stored with type %v", sh, ref, want, typ)
					continue
				}
				n, err := strconv.ParseFloat(raw, 64)
				// A spreadsheet keeps 15 significant digits of a share.
				if err != nil || math.Abs(n-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Errorf("%s!%s = %q, report %v", sh, ref, raw, want)
				}
				numbers++
			}
		}
	}
	if numbers < 50 {
		t.Errorf("only %d numbers checked", numbers)
	}
	prov, _ := f.GetRows("Provenance")
	text := strings.Join(flat(prov), " ")
	for _, d := range r.Datasets {
		if !strings.Contains(text, d.Name) || !strings.Contains(text, d.SHA256) {
			t.Errorf("Provenance sheet lacks dataset %s or its digest", d.Name)
		}
	}
	if p, _ := f.GetPanes("Provenance"); !p.Freeze {
		t.Error("Provenance header not frozen")
	}
}

// TestNumericColumns checks the alignment rule of the HTML tables.
func TestNumericColumns(t *testing.T) {
	tab := &table.Table{Columns: table.Cols("Order year", "Name", "Ordered", "Rank", "Note"),
		Rows: [][]any{{"1996?", "Igla", "400?", "–", "x"}, {2001, "Kh-35", 50, 3, nil}, {nil, "?", "?", 1, "12"}}}
	got := fmt.Sprint(numericColumns(tab))
	if want := "[false false true true false]"; got != want {
		t.Errorf("numeric columns %s, want %s", got, want)
	}
}

// TestSplitEvents checks that third-state events are context, not the
// relationship's: the US embargo on Viet Nam is not a US–Taiwan event.
func TestSplitEvents(t *testing.T) {
	evs := []armsflow.Event{
		{Title: "embargo lifted", Parties: []string{"United States", "Viet Nam"}},
		{Title: "arms package", Parties: []string{"Taiwan", "United States"}},
		{Title: "CAATSA", Parties: []string{"Russia", "Viet Nam"}, Actor: "United States"},
		{Title: "treaty", Parties: []string{"Viet Nam", "Soviet Union"}},
	}
	own, ctx := splitEvents(evs, "United States", "Taiwan")
	if len(own) != 1 || own[0].Title != "arms package" || len(ctx) != 3 {
		t.Errorf("US–Taiwan: own %v, context %v", own, ctx)
	}
	own, _ = splitEvents(evs, "Russia", "Viet Nam")
	if len(own) != 2 || own[0].Title != "CAATSA" || own[1].Title != "treaty" {
		t.Errorf("Russia–Viet Nam (with its predecessor): own %v", own)
	}
}

func TestPossessive(t *testing.T) {
	for in, want := range map[string]string{"Russia": "Russia's", "United States": "United States'", "Philippines": "Philippines'"} {
		if got := possessive(in); got != want {
			t.Errorf("possessive(%q) = %q, want %q", in, got, want)
		}
	}
}
