package sipri_test

import (
	"math"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sipri"
)

// TestRealRegisterYearly reads the register with SIPRI's export option
// (deals with deliveries in 2000-2001, generated 10 Feb 2025) and checks
// figures summed by hand from the file.
func TestRealRegisterYearly(t *testing.T) {
	f := parseReal(t, "register-flat-2025-02-sample.csv")
	if f.Format != sipri.FormatRegisterYearly || f.Format.Kind() != armsflow.KindRegister {
		t.Fatalf("format %q", f.Format)
	}
	if f.Generated != "2025-02-10" || f.Subject != "deliveries 2000-2001" {
		t.Fatalf("generated %q, subject %q", f.Generated, f.Subject)
	}
	if want := (armsflow.Coverage{From: 2000, To: 2001}); f.Coverage != want {
		t.Fatalf("coverage %v, want %v", f.Coverage, want)
	}
	if len(f.Warnings) != 0 {
		t.Fatalf("warnings %q", f.Warnings)
	}
	deals := f.Content.Deals
	rows := 0
	byYear := map[int]float64{}
	ruChina := map[int]float64{}
	for _, d := range deals {
		rows += len(d.Deliveries)
		if d.ID == 0 || d.Line < 13 || len(d.DeliveryYears) != len(d.Deliveries) || d.Ordered != nil || d.TIVTotal != nil {
			t.Fatalf("deal %+v", d)
		}
		var sum float64
		for i, dv := range d.Deliveries {
			if dv.TIV == nil || dv.Units == nil || d.DeliveryYears[i] != dv.Year || (i > 0 && dv.Year <= d.Deliveries[i-1].Year) {
				t.Fatalf("deal %d: deliveries %+v", d.ID, d.Deliveries)
			}
			sum += *dv.TIV
			byYear[dv.Year] += *dv.TIV
			if d.Supplier == "Russia" && d.Recipient == "China" {
				ruChina[dv.Year] += *dv.TIV
			}
		}
		if d.TIVDelivered == nil || math.Abs(*d.TIVDelivered-sum) > 1e-9 || d.Delivered == nil {
			t.Fatalf("deal %d: TIV delivered %v, deliveries sum to %v", d.ID, d.TIVDelivered, sum)
		}
	}
	if len(deals) != 1086 || rows != 1414 {
		t.Fatalf("%d deals, %d rows; want 1086, 1414", len(deals), rows)
	}
	for _, c := range []struct {
		what string
		got  float64
		want float64
	}{
		{"Russia → China 2000", ruChina[2000], 2205.0},
		{"Russia → China 2001", ruChina[2001], 2463.25},
		{"world 2000", byYear[2000], 19415.7},
	} {
		if math.Abs(c.got-c.want) > 0.05 { // the figures above are rounded to one decimal
			t.Errorf("%s: %.4f, want %.2f", c.what, c.got, c.want)
		}
	}
	// the first deal of the file, as SIPRI wrote it
	d := deals[0]
	if d.ID != 32502 || d.Supplier != "China" || d.Recipient != "Algeria" || d.Designation != "C-802" ||
		d.Category != "Missiles" || *d.OrderYear != 1999 || !d.OrderYearUncertain || d.Status != "New" ||
		*d.TIVUnit != 0.9 || *d.SIPRIEstimate != 0.9 || *d.LocalProduction || d.Line != 13 ||
		*d.Delivered != 17 || !d.DeliveredUncertain || len(d.Deliveries) != 2 || d.Deliveries[0].Year != 2000 ||
		*d.Deliveries[0].Units != 8 || *d.Deliveries[1].TIV != 8.1 || !d.Deliveries[1].YearEstimate {
		t.Fatalf("first deal %+v", d)
	}
}

// TestRealCoverage checks the coverage and partial year read from SIPRI's
// files.
func TestRealCoverage(t *testing.T) {
	tests := []struct {
		path []string
		want armsflow.Coverage
	}{
		{[]string{"tiv-2022-04", "ALL.csv"}, armsflow.Coverage{From: 1950, To: 2021}},
		{[]string{"tiv-2022-04", "VN.csv"}, armsflow.Coverage{From: 1950, To: 2021}},
		{[]string{"register-2025-10.csv"}, armsflow.Coverage{From: 1950, To: 2025, PartialFrom: 2025}},
		{[]string{"register-flat-2025-02-sample.csv"}, armsflow.Coverage{From: 2000, To: 2001}},
		{[]string{"long-2022-05", "import_tiv.csv"}, armsflow.Coverage{From: 1950, To: 2021}},
	}
	for _, tt := range tests {
		f := parseReal(t, tt.path...)
		if f.Coverage != tt.want {
			t.Errorf("%v: coverage %v, want %v", tt.path, f.Coverage, tt.want)
		}
	}
	// 'Not specified' to 'Not specified': from the first delivery year to
	// the year it was generated
	f := parseReal(t, "register-2025-03.csv")
	first := 9999
	for _, d := range f.Content.Deals {
		for _, y := range d.DeliveryYears {
			first = min(first, y)
		}
	}
	if want := (armsflow.Coverage{From: first, To: 2025, PartialFrom: 2025}); f.Coverage != want {
		t.Errorf("register-2025-03: coverage %v, want %v", f.Coverage, want)
	}
}
