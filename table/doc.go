package table

import "unicode/utf8"

// Doc is a table as the web pages receive it (the API's format=table):
// what the text formats show, cell by cell, and the raw values beside, so
// that a page renders any table the way the command line prints it and
// sorts it by its values, without a column list of its own.
type Doc struct {
	Title   string      `json:"title"`
	Columns []DocColumn `json:"columns"`
	// Rows are the cells as the text format writes them (long identifiers
	// cut to the column's Abbrev); an unknown is "".
	Rows [][]string `json:"rows"`
	// Values are the cells' values: numbers as numbers, text as text, an
	// unknown as null. A page sorts by them.
	Values [][]any  `json:"values"`
	Notes  []string `json:"notes"`
}

// DocColumn is a column of a Doc.
type DocColumn struct {
	Name string `json:"name"`
	// Decimals is the column's Decimals (-1 exact, -2 fact sheet, -3 change).
	Decimals int `json:"decimals"`
	// Align is "right" for a column of numbers, "left" otherwise, as the
	// text and Markdown formats align them.
	Align string `json:"align"`
}

// DocOf makes t's Doc. Notes that are empty (a result without a note of
// its own) are left out.
func DocOf(t *Table) Doc {
	d := Doc{Title: t.Title, Columns: make([]DocColumn, len(t.Columns)),
		Rows: make([][]string, len(t.Rows)), Values: make([][]any, len(t.Rows)), Notes: []string{}}
	for j, c := range t.Columns {
		d.Columns[j] = DocColumn{Name: c.Name, Decimals: c.Decimals, Align: "left"}
		if colNumeric(t, j) {
			d.Columns[j].Align = "right"
		}
	}
	for i, r := range t.Rows {
		d.Rows[i] = make([]string, len(t.Columns))
		d.Values[i] = make([]any, len(t.Columns))
		for j, c := range t.Columns {
			if j >= len(r) {
				continue
			}
			s := text(r[j], c)
			if n := c.Abbrev; n > 0 && utf8.RuneCountInString(s) > n {
				s = string([]rune(s)[:n]) + "…" // as the text format; Values keep the whole
			}
			d.Rows[i][j] = s
			d.Values[i][j] = value(r[j])
		}
	}
	for _, n := range t.Notes {
		if n != "" {
			d.Notes = append(d.Notes, n)
		}
	}
	return d
}

// value is a cell's raw value for JSON: pointers followed, a number that
// the text formats would not show (NaN, infinite, out of range) unknown.
func value(v any) any {
	switch x := v.(type) {
	case *int:
		if x == nil {
			return nil
		}
		return *x
	case *float64:
		if x == nil {
			return nil
		}
		return value(*x)
	case float64:
		if num(x, -1) == "" {
			return nil
		}
		return x
	}
	return v
}
