package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
)

// fixture reads one of the sipri package's hand-made fixtures.
func fixture(t *testing.T, name string) File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "sipri", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return File{Name: name, Data: b}
}

// TestCoverageAndViews checks what the importer records of each dataset:
// its coverage, its views and whether its TIV is exact per year.
func TestCoverageAndViews(t *testing.T) {
	all := []string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports, armsflow.ViewDeals}
	tests := []struct {
		name     string
		files    []File
		dataset  string
		coverage armsflow.Coverage
		views    []string
		yearly   bool
		warn     string
	}{
		{"old TIV table", []File{{"VN.csv", []byte(vnTable)}}, "tiv-2022-04-22", armsflow.Coverage{From: 2020, To: 2021},
			[]string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports}, false, ""},
		{"current TIV tables of recipients and suppliers", []File{fixture(t, "tiv-volume-recipients.csv"), fixture(t, "tiv-volume-suppliers.csv")},
			"tiv-2026-06-11", armsflow.Coverage{From: 1990, To: 2026, PartialFrom: 2026}, []string{armsflow.ViewImports, armsflow.ViewExports}, false,
			"tiv-volume-suppliers.csv: its years are 2024-2026 where tiv-volume-recipients.csv of the same dataset tiv-2026-06-11 has 1990-1993"},
		{"current TIV table of categories", []File{fixture(t, "tiv-volume-categories.csv")}, "tiv-2026-06-11", armsflow.Coverage{From: 2020, To: 2021},
			[]string{armsflow.ViewCategories}, false, ""},
		{"register with the export option", []File{fixture(t, "register-yearly.csv")}, "register-2025-02-12", armsflow.Coverage{From: 1990, To: 1993},
			all, true, ""},
		{"classic register", []File{fixture(t, "register-small.csv")}, "register-2024-02-07", armsflow.Coverage{From: 1999, To: 2024, PartialFrom: 2024},
			all, false, ""},
		{"long form", []File{fixture(t, "long-import-category.csv"), fixture(t, "long-import.csv")}, "long", armsflow.Coverage{From: 1990, To: 1991},
			[]string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports, armsflow.ViewCategories}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse(tt.files, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Datasets) != 1 {
				t.Fatalf("%d datasets", len(res.Datasets))
			}
			ds := res.Datasets[0].Dataset
			if ds.Name != tt.dataset || ds.Coverage != tt.coverage || !reflect.DeepEqual(ds.Views, tt.views) || ds.YearlyTIV != tt.yearly {
				t.Fatalf("dataset %s, coverage %v, views %v, yearly %v; want %s, %v, %v, %v", ds.Name, ds.Coverage, ds.Views, ds.YearlyTIV,
					tt.dataset, tt.coverage, tt.views, tt.yearly)
			}
			w := strings.Join(res.Warnings, "\n")
			if tt.warn != "" && !strings.Contains(w, tt.warn) {
				t.Fatalf("warnings %q, want %q", res.Warnings, tt.warn)
			}
		})
	}
}

// TestRealCoverage imports SIPRI's files and checks each dataset's
// coverage, views and exactness.
func TestRealCoverage(t *testing.T) {
	root := sharedSIPRI(t)
	tests := []struct {
		path     string
		dataset  string
		coverage armsflow.Coverage
		yearly   bool
	}{
		{"tiv-2022-04", "tiv-2022-04-22", armsflow.Coverage{From: 1950, To: 2021}, false},
		{"register-2025-10.csv", "register-2025-10-23", armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}, false},
		{"register-2025-03.csv", "register-2025-03-13", armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}, false},
		{"register-flat-2025-02-sample.csv", "register-2025-02-10", armsflow.Coverage{From: 2000, To: 2001}, true},
		{"long-2022-05", "long", armsflow.Coverage{From: 1950, To: 2021}, false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			files, inDir, err := Read([]string{filepath.Join(root, tt.path)})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Parse(files, inDir)
			if err != nil {
				t.Fatal(err)
			}
			ds := res.Datasets[0].Dataset
			if len(res.Datasets) != 1 || ds.Name != tt.dataset || ds.Coverage != tt.coverage || ds.YearlyTIV != tt.yearly {
				t.Fatalf("%d datasets; %s, coverage %v, yearly %v", len(res.Datasets), ds.Name, ds.Coverage, ds.YearlyTIV)
			}
			if len(ds.Views) == 0 {
				t.Fatalf("no views")
			}
			for _, w := range res.Warnings {
				if strings.Contains(w, "its years are") {
					t.Fatalf("warning %q", w)
				}
			}
		})
	}
}

// TestRegisterLayoutsApart refuses a classic register and one with the
// export option of the same date as one dataset.
func TestRegisterLayoutsApart(t *testing.T) {
	yearly := fixture(t, "register-yearly.csv")
	classic := fixture(t, "register-small.csv")
	classic.Data = []byte(strings.Replace(string(classic.Data), "7 Feb 2024 3:04:05 PM", "12 Feb 2025 9:15:00 AM", 1))
	_, err := Parse([]File{yearly, classic}, nil)
	if armsflow.ErrorCode(err) != armsflow.ECONFLICT || !strings.Contains(err.Error(),
		"register-small.csv is a trade register in the classic layout (one row per deal) and register-yearly.csv one with SIPRI's export option") {
		t.Fatalf("error %v", err)
	}
}
