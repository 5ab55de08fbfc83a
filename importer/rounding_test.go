package importer

import "testing"

func TestIsRounding(t *testing.T) {
	tests := []struct {
		w    string
		want bool
	}{
		{"VN.csv:25: row Russia: years sum to 7401 but its Total says 7402", true},
		{"ALG.csv:39: Total row: 19 columns differ from the sum of the rows: 1962 (rows sum to 60, Total says 61), 1964 (rows sum to 176, Total says 177)", true},
		{"t.csv:9: row China: years sum to 12 but its column \"Sum total years\" says 13", true},
		{"import_tiv.csv:4: Russia to Viet Nam: years sum to 7401 but its Total row says 7402", true},
		{"VN.csv:25: row Russia: years sum to 7401 but its Total says 9402; that is more than rounding explains: check the file or re-download it from SIPRI", false},
		{"VN.csv:25: row Russia: years sum to 7401 but its Total is empty", false},
		{"tiv-2022-04-22: the tables have different years: VN.csv 1950-2021, RUS.csv 1950-2020", false},
	}
	for _, tt := range tests {
		if got := IsRounding(tt.w); got != tt.want {
			t.Errorf("IsRounding(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}
