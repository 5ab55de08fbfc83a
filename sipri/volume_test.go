package sipri_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sipri"
)

// volumeBanner is the five lines before a current TIV table's header.
const volumeBanner = "Volume of transfers of major arms\nFigures are in millions of SIPRI trend-indicator values (TIVs).\n" +
	"Source: SIPRI Arms Transfers Database (c) SIPRI.\nData generated: 11 Jun 2026 10:21:38 PM\n\n"

func TestVolumeFixtures(t *testing.T) {
	imp, exp := armsflow.SideImport, armsflow.SideExport
	tests := []struct {
		file     string
		subject  string
		coverage armsflow.Coverage
		content  armsflow.Content
		warnings []string
	}{
		{"tiv-volume-recipients.csv", "imports by recipient", armsflow.Coverage{From: 1990, To: 1993}, armsflow.Content{
			World: []armsflow.Flow{
				{Recipient: "Borduria", Year: 1990, TIV: 12}, {Recipient: "Borduria", Year: 1991, TIV: 0}, {Recipient: "Borduria", Year: 1993, TIV: 30},
				{Recipient: "Fenwick, Grand Duchy of", Year: 1990, TIV: 5}, {Recipient: "Fenwick, Grand Duchy of", Year: 1992, TIV: 7},
				{Recipient: "Ruritanian Liberation Front*", Year: 1991, TIV: 1},
				{Recipient: "Grand Alliance**", Year: 1990, TIV: 0}, {Recipient: "Grand Alliance**", Year: 1993, TIV: 46},
			},
			Totals: []armsflow.Total{{Side: imp, Year: 1990, TIV: 17}, {Side: imp, Year: 1991, TIV: 1}, {Side: imp, Year: 1992, TIV: 7}, {Side: imp, Year: 1993, TIV: 76}},
		}, nil},
		{"tiv-volume-suppliers.csv", "exports by supplier", armsflow.Coverage{From: 2024, To: 2026, PartialFrom: 2026}, armsflow.Content{
			Exports: []armsflow.Flow{
				{Supplier: "Freedonia", Year: 2024, TIV: 100}, {Supplier: "Freedonia", Year: 2025, TIV: 150}, {Supplier: "Freedonia", Year: 2026, TIV: 20},
				{Supplier: "Sylvania", Year: 2024, TIV: 0}, {Supplier: "Sylvania", Year: 2025, TIV: 40},
				{Supplier: "Grand Alliance, The**", Year: 2025, TIV: 0},
			},
			Totals: []armsflow.Total{{Side: exp, Year: 2024, TIV: 100}, {Side: exp, Year: 2025, TIV: 190}, {Side: exp, Year: 2026, TIV: 20}},
		}, []string{`tiv-volume-suppliers.csv:8: row Sylvania: years sum to 40 but its column "Sum total years" says 41`}},
		{"tiv-volume-categories.csv", "by weapon category", armsflow.Coverage{From: 2020, To: 2021}, armsflow.Content{
			Categories: []armsflow.CategoryFlow{
				{Side: imp, Category: "Aircraft", Year: 2020, TIV: 300}, {Side: imp, Category: "Aircraft", Year: 2021, TIV: 250},
				{Side: imp, Category: "Armoured vehicles", Year: 2020, TIV: 40},
				{Side: imp, Category: "Sensors, radars", Year: 2020, TIV: 0}, {Side: imp, Category: "Sensors, radars", Year: 2021, TIV: 10},
				{Side: imp, Category: "Ships", Year: 2020, TIV: 100}, {Side: imp, Category: "Ships", Year: 2021, TIV: 99},
			},
			Totals: []armsflow.Total{{Side: imp, Year: 2020, TIV: 440}, {Side: imp, Year: 2021, TIV: 359}},
		}, []string{`tiv-volume-categories.csv:10: row Ships: years sum to 199 but its column "2020-2021" says 200`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readFixture(t, tt.file)
			if format, err := sipri.Detect(tt.file, data); err != nil || format != sipri.FormatTIVVolume {
				t.Fatalf("Detect: %q, %v", format, err)
			}
			f := mustParse(t, tt.file, data)
			if f.Format != sipri.FormatTIVVolume || f.Format.Kind() != armsflow.KindTIV || f.Generated != "2026-06-11" || f.Subject != tt.subject {
				t.Fatalf("format %q, generated %q, subject %q", f.Format, f.Generated, f.Subject)
			}
			if f.Coverage != tt.coverage {
				t.Errorf("coverage %v, want %v", f.Coverage, tt.coverage)
			}
			if !reflect.DeepEqual(f.Content, tt.content) {
				t.Errorf("content\n got %+v\nwant %+v", f.Content, tt.content)
			}
			if !reflect.DeepEqual(f.Warnings, tt.warnings) {
				t.Errorf("warnings\n got %q\nwant %q", f.Warnings, tt.warnings)
			}
		})
	}
}

func TestVolume(t *testing.T) {
	const header = "Recipient,2000,2001,2000-2001,Percentage\n"
	tests := []struct {
		name    string
		data    string
		err     string
		records int
		warn    string
	}{
		{"no banner", header + "Ruritania,1,2,3,100\nTotal world import,1,2,3,100\n", "", 4, `no "Data generated:" line`},
		{"exports without banner", "Exports by,2000,2001\nRuritania,1,2\nTotal world export,1,2\n", "", 4, `no "Data generated:" line`},
		{"quoted banner", `"Volume of transfers of major arms",,,` + "\n" + volumeBanner[34:] + header + "Ruritania,1,2,3,100\nTotal,1,2,3,100\n", "", 4, ""},
		{"a total that differs", volumeBanner + header + "Ruritania,1,2,3,100\nTotal world import,1,3,3,100\n", "", 4, "t.csv:8: Total world import: 1 year differs from the sum of the rows: 2001 (rows sum to 2, Total world import says 3)"},
		{"an unknown first cell", volumeBanner + "Supplier,2000,2001\nRuritania,1,2\nTotal,1,2\n", `t.csv:6:1: the header ("Supplier,2000,2001") starts with "Supplier" where a TIV table has "Recipient", "Exports by" or an empty cell; armsflow reads`, 0, ""},
		{"no total", volumeBanner + header + "Ruritania,1,2,3,100\n\n", "t.csv:8: the table ends without SIPRI's total row", 0, ""},
		{"a row after the total", volumeBanner + header + "Total,1,2,3,100\nRuritania,1,2,3,100\n", "t.csv:8:1: a row after SIPRI's total (line 7)", 0, ""},
		{"a bad figure", volumeBanner + header + "Ruritania,1,x,3,100\nTotal,1,2,3,100\n", `t.csv:7:13: "x" is not a number in column 2001`, 0, ""},
		{"a negative figure", volumeBanner + header + "Ruritania,1,-2,3,100\nTotal,1,2,3,100\n", `t.csv:7:13: "-2" is not a number in column 2001`, 0, ""},
		{"a year twice", volumeBanner + "Recipient,2000,2000\nTotal,1,2\n", "t.csv:6:16: the year 2000 appears twice in the header (columns 2 and 3)", 0, ""},
		{"a name twice", volumeBanner + header + "Ruritania,1,2,3,100\nRuritania,1,2,3,100\nTotal,1,2,3,100\n", "t.csv:8:1: the row Ruritania appears twice (first on line 7)", 0, ""},
		{"a short row", volumeBanner + header + "Ruritania,1\nTotal,1,2,3,100\n", "t.csv:7:12: the row Ruritania has 2 cells", 0, ""},
		{"a figure beyond the header", volumeBanner + header + "Ruritania,1,2,3,100,7\nTotal,1,2,3,100\n", "t.csv:7:21: the row Ruritania has a figure beyond the header's last column", 0, ""},
		{"no name", volumeBanner + header + ",1,2,3,100\nTotal,1,2,3,100\n", "t.csv:7:1: a row with figures but no name", 0, ""},
		{"no header", volumeBanner + "\n\n", "t.csv:8: no header row", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parse(t, "t.csv", []byte(tt.data))
			if tt.err != "" || err != nil {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if f.Format != sipri.FormatTIVVolume || f.Content.Records() != tt.records {
				t.Fatalf("format %q, %d records; want %d", f.Format, f.Content.Records(), tt.records)
			}
			if w := strings.Join(f.Warnings, "\n"); !strings.Contains(w, tt.warn) || (tt.warn == "" && w != "") {
				t.Fatalf("warnings %q, want %q", f.Warnings, tt.warn)
			}
		})
	}
}
