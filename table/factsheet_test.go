package table_test

import (
	"testing"

	"github.com/armsflow/armsflow/table"
)

func TestFactSheetRounding(t *testing.T) {
	tests := []struct {
		x        float64
		decimals int
		want     string
	}{
		{38.5848, table.FactSheet, "39"}, {4.6346, table.FactSheet, "4.6"}, {0.134, table.FactSheet, "0.13"}, {0.04, table.FactSheet, "<0.1"},
		{0, table.FactSheet, "0"}, {9.97, table.FactSheet, "10"}, {0.996, table.FactSheet, "1.0"}, {100, table.FactSheet, "100"},
		{14.2459, table.Change, "+14"}, {-4.6346, table.Change, "-4.6"}, {-26.43, table.Change, "-26"}, {58.79, table.Change, "+59"},
		{12512.499999999998, -1, "12,512.5"},
	}
	for _, tt := range tests {
		if got := table.Text(tt.x, table.Column{Decimals: tt.decimals}); got != tt.want {
			t.Errorf("Text(%v, %d) = %q, want %q", tt.x, tt.decimals, got, tt.want)
		}
	}
}
