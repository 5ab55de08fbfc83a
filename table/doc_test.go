package table

import (
	"encoding/json"
	"math"
	"testing"
)

func TestDocOf(t *testing.T) {
	f := 12.345
	tb := &Table{
		Title:   "T",
		Columns: []Column{{Name: "Name", Decimals: -1}, {Name: "TIV", Decimals: 1}, {Name: "Share %", Decimals: FactSheet}},
		Rows:    [][]any{{"a", &f, 0.05}, {"b", (*float64)(nil), math.NaN()}, {"c"}},
		Notes:   []string{"one", "", "Source: x."},
	}
	got, err := json.Marshal(DocOf(tb))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"title":"T","columns":[{"name":"Name","decimals":-1,"align":"left"},{"name":"TIV","decimals":1,"align":"right"},` +
		`{"name":"Share %","decimals":-2,"align":"right"}],"rows":[["a","12.3","\u003c0.1"],["b","",""],["c","",""]],` +
		`"values":[["a",12.345,0.05],["b",null,null],["c",null,null]],"notes":["one","Source: x."]}`
	if string(got) != want {
		t.Errorf("DocOf:\n got %s\nwant %s", got, want)
	}
}

func TestDocOfAbbrev(t *testing.T) {
	d := DocOf(&Table{Columns: []Column{{Name: "SHA-256", Abbrev: 4}}, Rows: [][]any{{"abcdef"}, {"abc"}}})
	if d.Rows[0][0] != "abcd…" || d.Values[0][0] != "abcdef" || d.Rows[1][0] != "abc" {
		t.Errorf("DocOf of an abbreviated column: %q %q", d.Rows, d.Values)
	}
}
