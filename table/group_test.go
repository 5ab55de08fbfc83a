package table_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/table"
)

// TestThousandsInHumanFormats checks that the formats people read group
// large numbers as the notes do ("136,095 TIV"), years stay as written,
// and CSV keeps raw numbers for tools.
func TestThousandsInHumanFormats(t *testing.T) {
	tb := &table.Table{
		Columns: []table.Column{{Name: "Year", Decimals: -1, Plain: true}, {Name: "TIV", Decimals: -1},
			{Name: "Stock TIV", Decimals: 1}, {Name: "Units", Decimals: -1}, {Name: "Change %", Decimals: table.Change}},
		Rows: [][]any{{"–", -1234567.0, 999.0, 12, fp(-2500)}, {2021, 52512.0, fp(44441.94), ip(45908), fp(1250)}, {"2018?", 0.0, 0.0, "1500?", nil}},
	}
	cases := []struct {
		format     string
		want, none []string
	}{
		{"table", []string{"2021", "52,512", "44,441.9", "45,908", "+1,250", "-1,234,567", "999.0", "-2,500", "2018?", "1,500?"}, []string{"2,021", "2,018"}},
		{"md", []string{"| 2021 |", "| 52,512 |", "| 44,441.9 |", "| 45,908 |", "| +1,250 |"}, []string{"2,021"}},
		{"latex", []string{"2021 & 52,512 & 44,441.9 & 45,908 & +1,250"}, []string{"2,021"}},
		{"csv", []string{"2021,52512,44441.94,45908,1250", "–,-1234567,999,12,-2500", "2018?,0,0,1500?,"}, []string{"52,512", "1,500"}},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := table.Write(&b, c.format, tb); err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("no %q in\n%s", w, b.String())
				}
			}
			for _, w := range c.none {
				if strings.Contains(b.String(), w) {
					t.Errorf("%q in\n%s", w, b.String())
				}
			}
		})
	}
	d := table.DocOf(tb)
	if d.Rows[1][1] != "52,512" || d.Rows[1][0] != "2021" || d.Values[1][1] != 52512.0 {
		t.Errorf("doc row %v values %v: want grouped text, plain year, raw value", d.Rows[1], d.Values[1])
	}
	// A first cell that is not a number does not turn a column of figures
	// into text: Markdown still aligns it right.
	var md bytes.Buffer
	table.Write(&md, "md", tb)
	if !strings.Contains(md.String(), "|---:|---:|---:|---:|---:|") {
		t.Errorf("alignment row wrong:\n%s", md.String())
	}
}
