package sipri_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sipri"
)

// yearlyHeader is the export option's header.
const yearlyHeader = "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is estimate," +
	"Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production\n"

// yearly builds a register with the export option: the preamble on lines
// 1-11, the header on line 12, rows from line 13.
func yearly(scope, body string) []byte {
	return []byte(string(register(scope, ""))[:strings.Index(string(register(scope, "")), "Recipient,Supplier")] + yearlyHeader + body)
}

func TestRegisterYearlyFixture(t *testing.T) {
	f := mustParse(t, "register-yearly.csv", readFixture(t, "register-yearly.csv"))
	if f.Format != sipri.FormatRegisterYearly || f.Generated != "2025-02-12" || f.Subject != "deliveries 1990-1993" {
		t.Fatalf("format %q, generated %q, subject %q", f.Format, f.Generated, f.Subject)
	}
	if want := (armsflow.Coverage{From: 1990, To: 1993}); f.Coverage != want {
		t.Fatalf("coverage %v", f.Coverage)
	}
	if len(f.Warnings) != 0 {
		t.Fatalf("warnings %q", f.Warnings)
	}
	b, _ := json.Marshal(f.Content.Deals)
	got := string(b)
	want := `[` +
		`{"recipient":"Ruritania","supplier":"Freedonia","order_year":1989,"order_year_uncertain":false,"ordered":null,"ordered_uncertain":false,"designation":"FX-1 Falcon","description":"fighter aircraft","delivered":6,"delivered_uncertain":true,"delivery_years":[1990,1991],"status":"New","comments":"","tiv_unit":20,"tiv_total":null,"tiv_delivered":120,"sipri_id":9001,"category":"Aircraft","sipri_estimate":20,"local_production":false,"deliveries":[{"year":1990,"year_estimate":false,"units":2,"units_estimate":true,"tiv":40},{"year":1991,"year_estimate":false,"units":4,"units_estimate":false,"tiv":80}]},` +
		`{"recipient":"Ruritania","supplier":"Borduria","order_year":1988,"order_year_uncertain":true,"ordered":null,"ordered_uncertain":false,"designation":"BT-5","description":"tank, main battle","delivered":15,"delivered_uncertain":true,"delivery_years":[1990,1992],"status":"Second hand","comments":"","tiv_unit":1.2,"tiv_total":null,"tiv_delivered":18,"sipri_id":9002,"category":"Armoured vehicles","sipri_estimate":3,"local_production":false,"deliveries":[{"year":1990,"year_estimate":true,"units":10,"units_estimate":true,"tiv":12},{"year":1992,"year_estimate":false,"units":5,"units_estimate":false,"tiv":6}]},` +
		`{"recipient":"Ruritanian Liberation Front*","supplier":"Freedonia","order_year":1990,"order_year_uncertain":false,"ordered":null,"ordered_uncertain":false,"designation":"Sling-2","description":"portable SAM","delivered":null,"delivered_uncertain":false,"delivery_years":[1992],"status":"New","comments":"","tiv_unit":0.05,"tiv_total":null,"tiv_delivered":null,"sipri_id":9003,"category":"Missiles","sipri_estimate":0.05,"local_production":false,"deliveries":[{"year":1992,"year_estimate":true,"units":null,"units_estimate":false,"tiv":null}]},` +
		`{"recipient":"Grand Alliance**","supplier":"Syldavia","order_year":1993,"order_year_uncertain":true,"ordered":null,"ordered_uncertain":false,"designation":"Gull \"Mk 2\"","description":"patrol craft","delivered":null,"delivered_uncertain":false,"delivery_years":[],"status":"Second hand but modernized","comments":"","tiv_unit":6,"tiv_total":null,"tiv_delivered":null,"sipri_id":9004,"category":"Ships","sipri_estimate":8,"local_production":true},` +
		`{"recipient":"Borduria","supplier":"Unknown supplier(s)","order_year":null,"order_year_uncertain":false,"ordered":null,"ordered_uncertain":false,"designation":"KR-7","description":"radar","delivered":1,"delivered_uncertain":false,"delivery_years":[1993],"status":"New","comments":"","tiv_unit":0.4,"tiv_total":null,"tiv_delivered":0.4,"sipri_id":9005,"category":"Sensors","sipri_estimate":0.4,"deliveries":[{"year":1993,"year_estimate":false,"units":1,"units_estimate":false,"tiv":0.4}]}]`
	if got != want {
		t.Fatalf("deals\n got %s\nwant %s", got, want)
	}
	lines := []int{13, 15, 16, 18, 19}
	for i, d := range f.Content.Deals {
		if d.Line != lines[i] {
			t.Errorf("deal %d: line %d, want %d", d.ID, d.Line, lines[i])
		}
	}
}

func TestRegisterYearly(t *testing.T) {
	const row = "7,Freedonia,Ruritania,FX-1,fighter,Aircraft,2000,No,2,No,2001,No,New,10,10,20,No\n"
	tests := []struct {
		name     string
		data     []byte
		err      string // a part of the message; "" for none
		deals    int
		coverage armsflow.Coverage
		warn     string
	}{
		{"one row", yearly("'2000' to '2001'", row), "", 1, armsflow.Coverage{From: 2000, To: 2001}, ""},
		{"no preamble", []byte(yearlyHeader + row), "", 1, armsflow.Coverage{From: 2001, To: 2001}, "no \"Data generated:\" line"},
		{"open range ends at the generated year", yearly("'Not specified' to 'Not specified'", row), "", 1, armsflow.Coverage{From: 2001, To: 2025, PartialFrom: 2025}, ""},
		{"open lower end", yearly("'Not specified' to '2010'", row), "", 1, armsflow.Coverage{From: 2001, To: 2010}, ""},
		{"CRLF", []byte(strings.ReplaceAll(string(yearly("'2000' to '2025'", row)), "\n", "\r\n")), "", 1, armsflow.Coverage{From: 2000, To: 2025, PartialFrom: 2025}, ""},
		{"rows of deals interleaved", yearly("'2000' to '2003'", row+strings.Replace(row, "7,", "8,", 1)+strings.Replace(row, ",2001,", ",2002,", 1)), "", 2, armsflow.Coverage{From: 2000, To: 2003}, ""},
		{"the same row twice counts once", yearly("'2000' to '2001'", row+row), "", 1, armsflow.Coverage{From: 2000, To: 2001}, "register.csv:14: SIPRI AT Database ID 7: the row for 2001 repeats line 13; counted once"},
		{"a flag that is not Yes or No", yearly("'2000' to '2001'", strings.Replace(row, ",2000,No,", ",2000,?,", 1)), "register.csv:13:50: \"?\" in Order date is estimate is neither Yes nor No", 0, armsflow.Coverage{}, ""},
		{"local production", yearly("'2000' to '2001'", strings.Replace(row, ",No\n", ",maybe\n", 1)), "register.csv:13:79: \"maybe\" in Local production is neither Yes nor No", 0, armsflow.Coverage{}, ""},
		{"rows that disagree", yearly("'2000' to '2002'", row+strings.Replace(strings.Replace(row, "Ruritania", "Borduria", 1), ",2001,", ",2002,", 1)), "register.csv:14:13: SIPRI AT Database ID 7: Recipient is \"Borduria\" here but \"Ruritania\" on line 13, the deal's first row; the rows of one deal must agree on the deal's own fields: fix one of lines 13 and 14", 0, armsflow.Coverage{}, ""},
		{"order dates that disagree", yearly("'2000' to '2002'", row+strings.Replace(strings.Replace(row, ",2000,", ",1999,", 1), ",2001,", ",2002,", 1)), "Order date is \"1999\" here but \"2000\" on line 13", 0, armsflow.Coverage{}, ""},
		{"one year twice, differing", yearly("'2000' to '2001'", row+strings.Replace(row, ",2,No,", ",3,No,", 1)), "register.csv:14: SIPRI AT Database ID 7 has two rows for delivery year 2001 (lines 13 and 14) that differ", 0, armsflow.Coverage{}, ""},
		{"deliveries without a year", yearly("'2000' to '2001'", strings.Replace(row, ",2001,", ",,", 1)), "register.csv:13:58: the row gives deliveries but no Delivery year", 0, armsflow.Coverage{}, ""},
		{"an order without deliveries", yearly("'2000' to '2001'", "7,Freedonia,Ruritania,FX-1,fighter,Aircraft,2000,No,,,,,New,10,10,,No\n"), "", 1, armsflow.Coverage{From: 2000, To: 2001}, ""},
		{"no ID", yearly("'2000' to '2001'", ","+row[2:]), "register.csv:13:1: the row has no SIPRI AT Database ID", 0, armsflow.Coverage{}, ""},
		{"a bad ID", yearly("'2000' to '2001'", "x"+row[1:]), "register.csv:13:1: \"x\" is not a SIPRI AT Database ID", 0, armsflow.Coverage{}, ""},
		{"a bad year", yearly("'2000' to '2001'", strings.Replace(row, ",2001,", ",20O1,", 1)), "register.csv:13:58: \"20O1\" in Delivery year is not a year", 0, armsflow.Coverage{}, ""},
		{"a bad TIV", yearly("'2000' to '2001'", strings.Replace(row, ",20,No", ",2O,No", 1)), "register.csv:13:76: \"2O\" is not a number in TIV delivery values", 0, armsflow.Coverage{}, ""},
		{"a short row", yearly("'2000' to '2001'", "7,Freedonia\n"), "register.csv:13:12: the row has 2 fields where the header has 17", 0, armsflow.Coverage{}, ""},
		{"a missing column", []byte(strings.Replace(yearlyHeader, ",Local production", "", 1) + row), "lacks the column(s) Local production", 0, armsflow.Coverage{}, ""},
		{"no header", []byte(string(yearly("'2000' to '2001'", ""))[:strings.Index(string(yearly("'2000' to '2001'", "")), "SIPRI AT")]), "register.csv:12: no header row (\"Recipient,Supplier,Year of order,…\", or with SIPRI's export option \"SIPRI AT Database ID,Supplier,Recipient,…\") after the preamble", 0, armsflow.Coverage{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parse(t, "register.csv", tt.data)
			if tt.err != "" || err != nil {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if f.Format != sipri.FormatRegisterYearly || len(f.Content.Deals) != tt.deals || f.Coverage != tt.coverage {
				t.Fatalf("format %q, %d deals, coverage %v; want %d deals, coverage %v", f.Format, len(f.Content.Deals), f.Coverage, tt.deals, tt.coverage)
			}
			if w := strings.Join(f.Warnings, "\n"); !strings.Contains(w, tt.warn) || (tt.warn == "" && w != "") {
				t.Fatalf("warnings %q, want %q", f.Warnings, tt.warn)
			}
		})
	}
}
