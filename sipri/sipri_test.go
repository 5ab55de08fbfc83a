package sipri_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sipri"
	"golang.org/x/text/encoding/charmap"
)

// All fixtures here and in testdata/ are made up: invented countries,
// weapons and figures in SIPRI's layout.

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parse(t testing.TB, name string, data []byte) (*sipri.File, error) {
	t.Helper()
	f, err := sipri.Parse(name, bytes.NewReader(data))
	if err != nil {
		checkErr(t, err)
	}
	return f, err
}

func mustParse(t testing.TB, name string, data []byte) *sipri.File {
	t.Helper()
	f, err := parse(t, name, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

// checkErr asserts the error contract: an *armsflow.Error with EINVALID.
func checkErr(t testing.TB, err error) {
	t.Helper()
	var e *armsflow.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *armsflow.Error", err, err)
	}
	if e.Code != armsflow.EINVALID {
		t.Fatalf("error %q has code %q, want %q", e.Message, e.Code, armsflow.EINVALID)
	}
}

// tivPreamble is the 10 lines before a TIV table's header.
func tivPreamble(subject, generated string) string {
	return `"TIV of arms exports to ` + subject + `, 1990-1993",,,,,
Figures are SIPRI Trend Indicator Values (TIVs) expressed in millions.,,,,,
Figures may not add up due to the conventions of rounding.,,,,,
A '0' indicates that the value of deliveries is less than 0.5m,,,,,
"For more information, see http://www.sipri.org/databases/armstransfers/sources-and-methods/",,,,,
,,,,,
,,,,,
Source: SIPRI Arms Transfers Database,,,,,
` + generated + `,,,,,
,,,,,
`
}

// tiv builds a small TIV table: header on line 11, rows from line 12.
func tiv(body string) []byte {
	return []byte(tivPreamble("Ruritania", "Generated: 22 April 2022") + ",1990,1991,1992,1993,Total\n" + body)
}

const registerHeader = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\n"

// register builds a small register: header on line 12, records from 13.
func register(scope, body string) []byte {
	return []byte("Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range " + scope + " \n" +
		"line 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\n\nSource: SIPRI Arms Transfers Database (c) SIPRI.\n" +
		"Data generated: 13 Mar 2025 10:02:49 AM\n" + registerHeader + body)
}

func TestKind(t *testing.T) {
	for f, want := range map[sipri.Format]string{
		sipri.FormatTIVTable:           armsflow.KindTIV,
		sipri.FormatRegister:           armsflow.KindRegister,
		sipri.FormatRegisterYearly:     armsflow.KindRegister,
		sipri.FormatTIVVolume:          armsflow.KindTIV,
		sipri.FormatLongImport:         armsflow.KindLong,
		sipri.FormatLongExport:         armsflow.KindLong,
		sipri.FormatLongImportCategory: armsflow.KindLong,
		sipri.FormatLongExportCategory: armsflow.KindLong,
		"xlsx":                         "",
	} {
		if got := f.Kind(); got != want {
			t.Errorf("%s.Kind() = %q, want %q", f, got, want)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head string
		want       sipri.Format
		errHas     string
	}{
		{"tiv", tivPreamble("Viet Nam", "Generated: 22 April 2022"), sipri.FormatTIVTable, ""},
		{"tiv unquoted title", "TIV of arms exports to Elbonia, 1950-2021\n", sipri.FormatTIVTable, ""},
		{"tiv with BOM and CRLF", "\xEF\xBB\xBF\"TIV of arms exports to all, 1950-2021\",,\r\n", sipri.FormatTIVTable, ""},
		{"tiv after blank lines", ",,,\n\n\"TIV of arms exports to all, 1950-2021\"\n", sipri.FormatTIVTable, ""},
		{"register", string(register("'1950' to '2025'", "")), sipri.FormatRegister, ""},
		{"register without preamble", registerHeader, sipri.FormatRegister, ""},
		{"register with the export option", string(yearly("'2000' to '2001'", "")), sipri.FormatRegisterYearly, ""},
		{"register with the export option, no preamble", yearlyHeader, sipri.FormatRegisterYearly, ""},
		{"register with the export option, quoted header", `"SIPRI AT Database ID","Supplier"` + "\r\n", sipri.FormatRegisterYearly, ""},
		{"register with an unknown header", strings.Replace(string(register("'1950' to '2025'", "")), "Recipient,Supplier", "Deal,Supplier", 1), "",
			`f.csv:12:1: a trade register whose header ("Deal,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per uni…") is neither`},
		{"volume table", volumeBanner + "Recipient,2000\n", sipri.FormatTIVVolume, ""},
		{"volume table, quoted title, CRLF", "\"Volume of transfers of major arms\",,\r\n", sipri.FormatTIVVolume, ""},
		{"volume table without banner", "Exports by,2000,2001,Sum total years\n", sipri.FormatTIVVolume, ""},
		{"volume table of recipients without banner", "\"Recipient\",\"2015\"\n", sipri.FormatTIVVolume, ""},
		{"unknown header", "Country,Year,Value\n", "", `f.csv:1:1: not a SIPRI export armsflow can read (it starts with "Country,Year,Value"); armsflow reads`},
		{"long import", `"Import_To","Export_From","Year","TIV"` + "\n", sipri.FormatLongImport, ""},
		{"long export unquoted", "Export_From,Import_To,Year,TIV\r\n", sipri.FormatLongExport, ""},
		{"long import category", `"import_to","weapon_category","year","tiv"`, sipri.FormatLongImportCategory, ""},
		{"long export category", "\xEF\xBB\xBF\"Export_From\", \"Weapon_Category\", \"Year\", \"TIV\"\n", sipri.FormatLongExportCategory, ""},
		{"empty", "", "", "empty"},
		{"blank", " \r\n\n", "", "empty"},
		{"code list", "\"country_code\",\"country_label\"\n\"\",\"All\"\n", "", "not a SIPRI export"},
		{"long with other columns", `"Import_To","Export_From","Year","Value"`, "", "not a SIPRI export"},
		{"supplier table", `"TIV of arms exports from Freedonia, 1950-2021"`, "", "not supported"},
		{"utf16", "\xFF\xFEs\x00", "", "UTF-16"},
		{"xlsx", "PK\x03\x04\x14\x00", "", "Excel"},
		{"binary", "\x00\x01\x02\x03", "", "not a SIPRI export"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sipri.Detect("f.csv", []byte(tt.head))
			if tt.errHas != "" {
				if err == nil {
					t.Fatalf("Detect = %q, want an error", got)
				}
				checkErr(t, err)
				msg := err.Error()
				if !strings.Contains(msg, tt.errHas) || !strings.HasPrefix(msg, "f.csv") {
					t.Fatalf("error %q does not start with the name or lacks %q", msg, tt.errHas)
				}
				if strings.Contains(tt.errHas, "not a SIPRI export") && (!strings.Contains(msg, "TIV of arms exports to") ||
					!strings.Contains(msg, "Volume of transfers of major arms") || !strings.Contains(msg, "SIPRI AT Database ID")) {
					t.Fatalf("error %q does not say what is accepted", msg)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Detect = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestParseTIVFixture(t *testing.T) {
	f := mustParse(t, "RUR.csv", readFixture(t, "tiv-ruritania.csv"))
	if f.Format != sipri.FormatTIVTable || f.Subject != "Ruritania" || f.Generated != "2021-03-03" || f.Name != "RUR.csv" {
		t.Fatalf("got %q %q %q %q", f.Format, f.Subject, f.Generated, f.Name)
	}
	want := []armsflow.Flow{
		{Supplier: "Borduria", Recipient: "Ruritania", Year: 1991, TIV: 12},
		{Supplier: "Borduria", Recipient: "Ruritania", Year: 1992, TIV: 0}, // "0": less than 0.5
		{Supplier: "Borduria", Recipient: "Ruritania", Year: 1994, TIV: 5},
		{Supplier: "Freedonia", Recipient: "Ruritania", Year: 1990, TIV: 100},
		{Supplier: "Freedonia", Recipient: "Ruritania", Year: 1993, TIV: 50},
		{Supplier: "Syldavia*", Recipient: "Ruritania", Year: 1994, TIV: 1},
		{Supplier: "Unknown supplier(s)", Recipient: "Ruritania", Year: 1992, TIV: 2},
	}
	if !reflect.DeepEqual(f.Content.Flows, want) {
		t.Fatalf("flows\n got %+v\nwant %+v", f.Content.Flows, want)
	}
	if len(f.Content.World)+len(f.Content.Deals)+len(f.Content.Categories) != 0 || len(f.Warnings) != 0 {
		t.Fatalf("unexpected content or warnings: %+v %q", f.Content, f.Warnings)
	}
}

func TestParseWorldFixture(t *testing.T) {
	f := mustParse(t, "ALL.csv", readFixture(t, "tiv-world.csv"))
	if f.Subject != "all" || len(f.Content.Flows) != 0 {
		t.Fatalf("subject %q flows %d", f.Subject, len(f.Content.Flows))
	}
	want := []armsflow.Flow{
		{Recipient: "Elbonia", Year: 1990, TIV: 4},
		{Recipient: "Elbonia", Year: 1992, TIV: 0},
		{Recipient: "Ruritania", Year: 1990, TIV: 100},
		{Recipient: "Ruritania", Year: 1991, TIV: 12},
		{Recipient: "Ruritania", Year: 1992, TIV: 2},
		{Recipient: "Grand Fenwick League**", Year: 1991, TIV: 1},
	}
	if !reflect.DeepEqual(f.Content.World, want) {
		t.Fatalf("world\n got %+v\nwant %+v", f.Content.World, want)
	}
	wantW := []string{"ALL.csv:14: row Grand Fenwick League**: years sum to 1 but its Total says 2"}
	if !reflect.DeepEqual(f.Warnings, wantW) {
		t.Fatalf("warnings %q, want %q", f.Warnings, wantW)
	}
}

func TestParseTIV(t *testing.T) {
	tests := []struct {
		name     string
		data     []byte
		flows    int
		warnings []string
		gen      string
	}{
		{"sums agree", tiv("Freedonia,1,,0,2,3\n,,,,,,\nTotal,1,,0,2,3\n"), 3, nil, "2022-04-22"},
		{"CRLF", []byte(strings.ReplaceAll(string(tiv("Freedonia,1,,0,2,3\n,,,,,,\nTotal,1,,0,2,3\n")), "\n", "\r\n")), 3, nil, "2022-04-22"},
		{"no separator row", tiv("Freedonia,1,,,,1\nTotal,1,,,,1\n"), 1, nil, "2022-04-22"},
		{"decimals and spaces", tiv("Freedonia, 1.5 ,,,,1.5\nTotal,1.5,,,,1.5\n"), 1, nil, "2022-04-22"},
		{"trailing empty cells", tiv("Freedonia,1,,,,1,,\n,,,,,,,\nTotal,1,,,,1,\n\n"), 1, nil, "2022-04-22"},
		{"empty table", tiv(",,,,,,\nTotal,,,,,\n"), 0, nil, "2022-04-22"},
		{"row total differs", tiv("Freedonia,1,1,,,3\nTotal,1,1,,,3\n"), 2, []string{
			"t.csv:12: row Freedonia: years sum to 2 but its Total says 3",
		}, "2022-04-22"},
		{"beyond rounding", tiv("Freedonia,1,1,,,30\nTotal,1,1,,,30\n"), 2, []string{
			"t.csv:12: row Freedonia: years sum to 2 but its Total says 30; that is more than rounding explains: check the file or re-download it from SIPRI",
		}, "2022-04-22"},
		{"empty row total", tiv("Freedonia,1,,,,\nTotal,1,,,,\n"), 1, []string{
			"t.csv:12: row Freedonia: years sum to 1 but its Total is empty",
		}, "2022-04-22"},
		{"column totals differ", tiv("Freedonia,1,,,,1\nBorduria,1,2,,,3\n,,,,,,\nTotal,3,2,,,5\n"), 3, []string{
			"t.csv:15: Total row: 2 columns differ from the sum of the rows: 1990 (rows sum to 2, Total says 3), Total (rows sum to 4, Total says 5)",
		}, "2022-04-22"},
		{"other date spelling", []byte(tivPreamble("Ruritania", `"Generated: April 22, 2022"`) + ",1990,Total\nTotal,,\n"), 0, nil, "2022-04-22"},
		{"no generated line", []byte(tivPreamble("Ruritania", "") + ",1990,Total\nTotal,,\n"), 0, []string{
			`t.csv:11: the table has no "Generated:" line; its dataset will have no date`,
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, "t.csv", tt.data)
			if len(f.Content.Flows) != tt.flows || f.Generated != tt.gen {
				t.Fatalf("%d flows, generated %q; want %d, %q: %+v", len(f.Content.Flows), f.Generated, tt.flows, tt.gen, f.Content.Flows)
			}
			if !reflect.DeepEqual(f.Warnings, tt.warnings) {
				t.Fatalf("warnings\n got %q\nwant %q", f.Warnings, tt.warnings)
			}
		})
	}
}

func TestParseTIVDecimal(t *testing.T) {
	f := mustParse(t, "t.csv", tiv("Freedonia, 1.5 ,,,,1.5\nTotal,1.5,,,,1.5\n"))
	if got := f.Content.Flows[0]; got.TIV != 1.5 || got.Year != 1990 {
		t.Fatalf("got %+v", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // the whole message, or its start when it ends in "…"
	}{
		{"not a number", tiv("Freedonia,1,1x,,,2\nTotal,1,1,,,2\n"),
			`t.csv:12:13: "1x" is not a number in column 1991; fix the cell or re-download the table from SIPRI`},
		{"negative", tiv("Freedonia,-1,,,,\nTotal,,,,,\n"),
			`t.csv:12:11: "-1" is not a number in column 1990; …`},
		{"bad total cell", tiv("Freedonia,1,,,,one\nTotal,1,,,,1\n"),
			`t.csv:12:16: "one" is not a number in column Total; …`},
		{"bad Total row", tiv("Total,1,,,,x\n"),
			`t.csv:12:12: "x" is not a number in column Total of the Total row; …`},
		{"no Total row", tiv("Freedonia,1,,,,1\n,,,,,,\n"),
			`t.csv:13: the table ends without its Total row; the file is truncated: re-download it from SIPRI`},
		{"cut in a row", tiv("Freedonia,1,,"),
			`t.csv:12:14: the row Freedonia has 4 cells where the header has 6; …`},
		{"no header", []byte(tivPreamble("Ruritania", "Generated: 22 April 2022")),
			`t.csv:11: no header row (",1950,…,2021,Total") after the title; …`},
		{"title only", []byte(`"TIV of arms exports to Ruritania, 1990-1993"`),
			`t.csv:1: no header row …`},
		{"header without Total", []byte(tivPreamble("Ruritania", "Generated: 22 April 2022") + ",1990,1991\n"),
			`t.csv:11:7: the header's last column is "1991" where a TIV table has "Total"; …`},
		{"header bad year", []byte(tivPreamble("Ruritania", "Generated: 22 April 2022") + ",1990,199x,Total\n"),
			`t.csv:11:7: "199x" in the header is not a year; …`},
		{"header twice a year", []byte(tivPreamble("Ruritania", "Generated: 22 April 2022") + ",1990,1990,Total\n"),
			`t.csv:11:7: the year 1990 appears twice in the header; …`},
		{"bad date", []byte(tivPreamble("Ruritania", "Generated: someday") + ",1990,Total\nTotal,,\n"),
			`t.csv:9:1: cannot read the date of "Generated: someday"; …`},
		{"row after Total", tiv("Total,,,,,\nFreedonia,1,,,,1\n"),
			`t.csv:13:1: a row after the Total row; …`},
		{"row without name", tiv(",1,,,,1\nTotal,1,,,,1\n"),
			`t.csv:12:1: a row with figures but no name; …`},
		{"duplicate row", tiv("Freedonia,1,,,,1\nFreedonia,1,,,,1\nTotal,2,,,,2\n"),
			`t.csv:13:1: the row Freedonia appears twice (first on line 12); …`},
		{"figure beyond Total", tiv("Freedonia,1,,,,1,7\nTotal,1,,,,1\n"),
			`t.csv:12:18: the row Freedonia has a figure beyond the header's last column (Total); …`},
		{"unclosed quote", tiv("\"Freedonia,1,,,,1\nTotal,1,,,,1\n"),
			`t.csv:12:1: a quoted field is never closed; …`},
		{"junk after quote", tiv("\"Freedonia\"x,1,,,,1\nTotal,1,,,,1\n"),
			`t.csv:12:12: unexpected "x" after a closing quote; …`},
		{"empty file", nil, `t.csv: the file is empty; …`},
		{"unknown", []byte("hello,world\n"), `t.csv:1:1: not a SIPRI export armsflow can read (it starts with "hello,world"); …`},
	}
	reg := func(body string) []byte { return register("'Not specified' to 'Not specified'", body) }
	good := "Ruritania,Freedonia,2015,,8,,FX-1,fighter aircraft,8,,2016,New,Made up,20,160,160\n"
	tests = append(tests, []struct {
		name string
		data []byte
		want string
	}{
		{"register wrong column", []byte(strings.Replace(string(reg(good)), "Weapon description", "Weapon type", 1)),
			`t.csv:12:72: column 8 of the header is "Weapon type" where a trade register has "Weapon description"; the file is not a SIPRI trade register or its header was edited: re-download it from SIPRI`},
		{"register named ? column", []byte(strings.Replace(string(reg(good)), "Year of order, ,", "Year of order,Number,", 1)),
			`t.csv:12:34: column 4 of the header is "Number" where a trade register has an unnamed column for SIPRI's '?' marks; …`},
		{"register short header", []byte(strings.Replace(string(reg(good)), ",SIPRI TIV of delivered weapons", "", 1)),
			`t.csv:12:…`},
		{"register no header", reg("")[:bytes.Index(reg(""), []byte("Recipient"))], `t.csv:12: no header row ("Recipient,Supplier,Year of order,…", or with SIPRI's export option "SIPRI AT Database ID,Supplier,Recipient,…") after the preamble; …`},
		{"register cut mid-record", reg(good + "Ruritania,Freedonia,2015,,8,,FX-1,fighter aircraft,8,,2016,New,Made up"),
			`t.csv:14:71: the record has 13 of the 16 fields of a trade register record and the file ends; the file is truncated: re-download the register from SIPRI`},
		{"register cut early", reg(good + "Ruritania,Freedonia,2015,,8"),
			`t.csv:14:28: the record has 5 fields where a trade register has 16; …`},
		{"register broken then whole record", reg("Ruritania,Freedonia,2015,,8,,FX-1,fighter aircraft,8,,2016,New,Made up\n" + good),
			`t.csv:13:71: the record has 13 of the 16 fields of a trade register record, and line 14 (16 fields) does not complete it; …`},
		{"register too many fields", reg("Ruritania,Freedonia,2015,,8,,FX-1,fighter aircraft,8,,2016,New,Made, up,20,160,160\n"),
			`t.csv:13:80: the record has 17 fields where a trade register has 16; …`},
		{"register bad year", reg("Ruritania,Freedonia,15,,8,,FX-1,fighter aircraft,8,,2016,New,Made up,20,160,160\n"),
			`t.csv:13:21: "15" in Year of order is not a year; …`},
		{"register bad number", reg("Ruritania,Freedonia,2015,,eight,,FX-1,fighter aircraft,8,,2016,New,Made up,20,160,160\n"),
			`t.csv:13:27: "eight" in Number ordered is not a whole number; …`},
		{"register bad mark", reg("Ruritania,Freedonia,2015,x,8,,FX-1,fighter aircraft,8,,2016,New,Made up,20,160,160\n"),
			`t.csv:13:26: "x" in the uncertainty column after Year of order, which holds '?' or nothing; …`},
		{"register bad delivery year", reg("Ruritania,Freedonia,2015,,8,,FX-1,fighter aircraft,8,,2016; 17,New,Made up,20,160,160\n"),
			`t.csv:13:55: "17" in Year(s) of delivery is not a year; …`},
		{"register bad TIV", reg("Ruritania,Freedonia,2015,,8,,FX-1,fighter aircraft,8,,2016,New,Made up,2O,160,160\n"),
			`t.csv:13:72: "2O" is not a number in SIPRI TIV per unit; …`},
		{"register no supplier", reg("Ruritania,,2015,,8,,FX-1,fighter aircraft,8,,2016,New,Made up,20,160,160\n"),
			`t.csv:13:11: the deal names no Supplier; …`},
		{"register bad date", []byte(strings.Replace(string(reg(good)), "13 Mar 2025", "13 Foo 2025", 1)),
			`t.csv:11:1: cannot read the date of "Data generated: 13 Foo 2025 10:02:49 AM"; …`},

		{"long short row", []byte("\"Import_To\",\"Export_From\",\"Year\",\"TIV\"\n\"Ruritania\",\"Freedonia\",\"1990\"\n"),
			`t.csv:2:31: the row has 3 fields where the header has 4; …`},
		{"long bad year", []byte("Import_To,Export_From,Year,TIV\nRuritania,Freedonia,19x0,5\n"),
			`t.csv:2:21: "19x0" is not a year nor "Total"; …`},
		{"long bad TIV", []byte("Import_To,Export_From,Year,TIV\nRuritania,Freedonia,1990,\n"),
			`t.csv:2:26: "" is not a number in column TIV; …`},
		{"long duplicate", []byte("Import_To,Export_From,Year,TIV\nRuritania,Freedonia,1990,1\nRuritania,Freedonia,1990,1\n"),
			`t.csv:3:1: the row Ruritania, Freedonia, 1990 appears twice (first on line 2); …`},
		{"long empty party", []byte("Import_To,Export_From,Year,TIV\n,Freedonia,1990,1\n"),
			`t.csv:2:1: empty Import_To; …`},
		{"long header only", []byte("Import_To,Export_From,Year,TIV\n"),
			`t.csv:2: the file has a header but no rows; …`},
		{"long header with 5 columns", []byte("Import_To,Export_From,Year,TIV,Note\nA,B,1990,1,x\n"),
			`t.csv:1:1: not a SIPRI export …`},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := parse(t, "t.csv", tt.data)
			if err == nil {
				t.Fatalf("no error; got %+v", f)
			}
			msg := err.Error()
			if prefix, ok := strings.CutSuffix(tt.want, "…"); ok {
				if !strings.HasPrefix(msg, prefix) {
					t.Fatalf("error\n got %q\nwant %q", msg, tt.want)
				}
			} else if msg != tt.want {
				t.Fatalf("error\n got %q\nwant %q", msg, tt.want)
			}
		})
	}
}

func TestParseRegisterFixture(t *testing.T) {
	f := mustParse(t, "reg.csv", readFixture(t, "register-small.csv"))
	if f.Format != sipri.FormatRegister || f.Subject != "all deals" || f.Generated != "2024-02-07" || len(f.Warnings) != 0 {
		t.Fatalf("got %q %q %q %q", f.Format, f.Subject, f.Generated, f.Warnings)
	}
	ip := func(v int) *int { return &v }
	fp := func(v float64) *float64 { return &v }
	want := []armsflow.Deal{
		{Recipient: "Ruritania", Supplier: "Freedonia", OrderYear: ip(2015), Ordered: ip(8), Designation: "FX-1 Falcon",
			Description: "fighter aircraft", Delivered: ip(8), DeliveryYears: []int{2016, 2017}, Status: "New",
			Comments: "Made-up deal; two batches", TIVUnit: fp(20), TIVTotal: fp(160), TIVDelivered: fp(160), Line: 13},
		{Recipient: "Ruritania", Supplier: "Borduria", OrderYear: ip(2019), OrderYearUncertain: true, OrderedUncertain: true,
			Designation: "Bü-99 Lark", Description: "trainer aircraft", Delivered: ip(0), DeliveryYears: []int{},
			Status: "Second hand", Comments: "Made-up; number unknown", TIVUnit: fp(0.5), TIVDelivered: fp(0), Line: 14},
		{Recipient: "Syldavia*", Supplier: "Ruritania", OrderYear: ip(1998), Ordered: ip(3), Designation: "Mörkö-7",
			Description: "ship engine", Delivered: ip(2), DeliveredUncertain: true, DeliveryYears: []int{1999}, Status: "New",
			Comments: "Made-up comment broken by a line break", TIVUnit: fp(1.5), TIVTotal: fp(4.5), TIVDelivered: fp(3), Line: 15},
		{Recipient: "Elbonia", Supplier: "Freedonia", OrderYear: ip(2020), Ordered: ip(12), Designation: "FX-2",
			Description: "transport aircraft", Delivered: ip(12), DeliveryYears: []int{2021}, Status: "New",
			TIVUnit: fp(3), TIVTotal: fp(36), TIVDelivered: fp(36), Line: 17},
	}
	if !reflect.DeepEqual(f.Content.Deals, want) {
		for i := range max(len(want), len(f.Content.Deals)) {
			if i < len(want) && i < len(f.Content.Deals) && reflect.DeepEqual(f.Content.Deals[i], want[i]) {
				continue
			}
			t.Errorf("deal %d differs:\n got %s\nwant %s", i, dealString(f.Content.Deals, i), dealString(want, i))
		}
	}
	if d := f.Content.Deals[1]; d.DeliveryYears == nil || d.Ordered != nil || d.TIVTotal != nil {
		t.Fatalf("unknowns must be nil and empty years an empty list: %+v", d)
	}
}

func dealString(ds []armsflow.Deal, i int) string {
	if i >= len(ds) {
		return "(none)"
	}
	b, _ := json.Marshal(ds[i])
	return fmt.Sprintf("line %d %s", ds[i].Line, b)
}

func TestRegisterRejoin(t *testing.T) {
	tests := []struct {
		name, body, comment string
	}{
		{"break at the end", "R,S,2000,,1,,X,tank,1,,2001,New,Before the break\n,1,1,1\n", "Before the break"},
		{"break in the middle", "R,S,2000,,1,,X,tank,1,,2001,New,Before\nafter,1,1,1\n", "Before after"},
		{"CRLF break", "R,S,2000,,1,,X,tank,1,,2001,New,Before \r\n after,1,1,1\n", "Before after"},
		{"two breaks", "R,S,2000,,1,,X,tank,1,,2001,New,One\ntwo\nthree,1,1,1\n", "One two three"},
		{"blank line inside", "R,S,2000,,1,,X,tank,1,,2001,New,One\n\nthree,1,1,1\n", "One three"},
		{"empty comment", "R,S,2000,,1,,X,tank,1,,2001,New,\n,1,1,1\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, "r.csv", register("'Not specified' to 'Not specified'", tt.body+"R,S,2000,,1,,Y,tank,1,,2001,New,,1,1,1\n"))
			ds := f.Content.Deals
			if len(ds) != 2 || ds[0].Comments != tt.comment || ds[0].Line != 13 || *ds[0].TIVDelivered != 1 || ds[1].Designation != "Y" {
				t.Fatalf("got %d deals: %+v", len(ds), ds)
			}
		})
	}
}

func TestRegisterScopeAndHeader(t *testing.T) {
	tests := []struct {
		name, first, header, scope string
	}{
		{"all deals", "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range 'Not specified' to 'Not specified' ", "", "all deals"},
		{"deliveries", "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range '1950' to '2025' ", "", "deliveries 1950-2025"},
		{"from a year", "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range '2000' to 'Not specified' ", "", "deliveries from 2000"},
		{"parties", "Transfers of major conventional arms from Freedonia to Ruritania . Deals with deliveries made for the year range 'Not specified' to 'Not specified' ", "", "from Freedonia to Ruritania, all deals"},
		{"quoted and odd", `"Transfers of major conventional arms (all)",,,`, "", ""},
		{"header variant", "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range '1950' to '2025' ",
			"Recipient,Supplier,Year of Order,?,Number Ordered,?,Weapon Designation,Weapon Description,Number Delivered,?,Year(s) of Deliveries,Status,Comments,SIPRI TIV per Unit,SIPRI TIV for Total Order,SIPRI TIV of Delivered Weapons,,\n", "deliveries 1950-2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == "" {
				h = registerHeader
			}
			data := tt.first + "\nData generated: 1 Jan 2024\n" + h + "R,S,2000,,1,,X,tank,1,,2001,New,,1,1,1\n"
			f := mustParse(t, "r.csv", []byte(data))
			if f.Subject != tt.scope || len(f.Content.Deals) != 1 || f.Content.Deals[0].Line != 4 {
				t.Fatalf("scope %q, %d deals", f.Subject, len(f.Content.Deals))
			}
		})
	}
}

func TestEncodings(t *testing.T) {
	body := "Ruritania,Borduria,2019,?,,?,Bü-99 Lark,trainer aircraft,0,,,Second hand,Made-up for Wärtsälä,0.5,,0\n"
	utf := register("'Not specified' to 'Not specified'", body)
	win, err := charmap.Windows1252.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"windows-1252":   win,
		"utf-8":          utf,
		"utf-8 BOM":      append([]byte("\xEF\xBB\xBF"), utf...),
		"utf-8 BOM+CRLF": append([]byte("\xEF\xBB\xBF"), bytes.ReplaceAll(utf, []byte("\n"), []byte("\r\n"))...),
	} {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, "r.csv", data)
			d := f.Content.Deals[0]
			if d.Designation != "Bü-99 Lark" || d.Comments != "Made-up for Wärtsälä" || d.Line != 13 {
				t.Fatalf("got %q %q line %d", d.Designation, d.Comments, d.Line)
			}
		})
	}
}

func TestParseLongFixtures(t *testing.T) {
	imp := mustParse(t, "import_tiv.csv", readFixture(t, "long-import.csv"))
	if imp.Format != sipri.FormatLongImport || imp.Subject != "long-import" || imp.Generated != "" || len(imp.Warnings) != 0 {
		t.Fatalf("import: %q %q %q %q", imp.Format, imp.Subject, imp.Generated, imp.Warnings)
	}
	wantFlows := []armsflow.Flow{
		{Supplier: "Borduria", Recipient: "Ruritania", Year: 1991, TIV: 12},
		{Supplier: "Freedonia", Recipient: "Ruritania", Year: 1990, TIV: 100},
	}
	wantWorld := []armsflow.Flow{{Recipient: "Ruritania", Year: 1990, TIV: 100}, {Recipient: "Ruritania", Year: 1991, TIV: 12}}
	if !reflect.DeepEqual(imp.Content.Flows, wantFlows) || !reflect.DeepEqual(imp.Content.World, wantWorld) {
		t.Fatalf("import: %+v", imp.Content)
	}

	exp := mustParse(t, "export_tiv.csv", readFixture(t, "long-export.csv"))
	wantFlows = []armsflow.Flow{{Supplier: "Freedonia", Recipient: "Ruritania", Year: 1990, TIV: 100}}
	if exp.Format != sipri.FormatLongExport || !reflect.DeepEqual(exp.Content.Flows, wantFlows) || exp.Content.World != nil || len(exp.Warnings) != 0 {
		t.Fatalf("export: %+v %q", exp.Content, exp.Warnings)
	}

	for _, c := range []struct {
		file    string
		format  sipri.Format
		side    string
		country string
	}{
		{"long-import-category.csv", sipri.FormatLongImportCategory, armsflow.SideImport, "Ruritania"},
		{"long-export-category.csv", sipri.FormatLongExportCategory, armsflow.SideExport, "Freedonia"},
	} {
		f := mustParse(t, c.file, readFixture(t, c.file))
		want := []armsflow.CategoryFlow{
			{Side: c.side, Country: c.country, Category: "Aircraft", Year: 1990, TIV: 100},
			{Side: c.side, Country: c.country, Category: "Ships", Year: 1991, TIV: 12},
		}
		if f.Format != c.format || !reflect.DeepEqual(f.Content.Categories, want) || len(f.Warnings) != 0 {
			t.Fatalf("%s: %q %+v %q", c.file, f.Format, f.Content.Categories, f.Warnings)
		}
	}
}

func TestParseLongWarnings(t *testing.T) {
	tests := []struct {
		name, data string
		want       []string
	}{
		{"pair total", "Import_To,Export_From,Year,TIV\nR,S,1990,1\nR,S,1991,1\nR,S,Total,3\n",
			[]string{"l.csv:4: R from S: years sum to 2 but its Total row says 3"}},
		{"party totals", "Import_To,Export_From,Year,TIV\nR,S,1990,1\nR,T,1990,1\nR,S,1991,5\nR,Total,1990,3\nR,Total,1991,4\n",
			[]string{`l.csv:5: R's total imports (rows "R","Total"): 2 years differ from the sum of the rows: 1990 (the rows sum to 2, Total says 3), 1991 (the rows sum to 5, Total says 4)`}},
		{"All against Total", "Export_From,Import_To,Year,TIV\nAll,S,1990,7\nS,R,1990,6\nS,Total,1990,6\n",
			[]string{`l.csv:2: S's total exports: "All","S",1990 says 7 but "S","Total" says 6; both are S's total exports`}},
		{"world category", "Import_To,Weapon_Category,Year,TIV\nAll,Ships,1990,7\nR,Ships,1990,3\nQ,Ships,1990,3\n",
			[]string{`l.csv:2: world imports of Ships (rows "All","Ships"): 1 year differs from the sum of the countries' rows: 1990 (the countries' rows sum to 6, Total says 7)`}},
		{"beyond rounding", "Import_To,Export_From,Year,TIV\nR,S,1990,1\nR,S,Total,30\n",
			[]string{"l.csv:3: R from S: years sum to 1 but its Total row says 30; that is more than rounding explains: check the file or re-download it from SIPRI"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, "l.csv", []byte(tt.data))
			if !reflect.DeepEqual(f.Warnings, tt.want) {
				t.Fatalf("warnings\n got %q\nwant %q", f.Warnings, tt.want)
			}
		})
	}
}

// TestNoPanicOnPrefixes parses every prefix of every fixture: each gives a
// File or an EINVALID error, never a panic.
func TestNoPanicOnPrefixes(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data := readFixture(t, e.Name())
		for i := 0; i <= len(data); i++ {
			if _, err := sipri.Parse(e.Name(), bytes.NewReader(data[:i])); err != nil {
				checkErr(t, err)
			}
		}
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseReadError(t *testing.T) {
	_, err := sipri.Parse("x.csv", failingReader{})
	checkErr(t, err)
	if !strings.HasPrefix(err.Error(), "x.csv: cannot read the file") || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("got %q", err)
	}
	if msg := armsflow.ErrorMessage(err); strings.Contains(msg, "disk on fire") {
		t.Fatalf("the cause belongs to the log, not the user message: %q", msg)
	}
	_, err = sipri.Parse("nil.csv", nil)
	checkErr(t, err)
}
