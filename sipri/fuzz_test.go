package sipri_test

import (
	"bytes"
	"errors"
	"github.com/armsflow/armsflow/internal/shareddata"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sipri"
)

// fuzzSeeds adds the made-up fixtures and, when present, SIPRI's real files
// (read at test time, never copied), cut to a size the fuzzer can work with.
func fuzzSeeds(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if !e.IsDir() {
			f.Add(readFixture(f, e.Name()))
		}
	}
	for _, s := range []string{
		"", "\xEF\xBB\xBF", "\"", "TIV of arms exports to ,\n,1,Total\n", "Recipient,Supplier,\n",
		"Import_To,Export_From,Year,TIV\nAll,X,Total,0\n",
		string(tiv("Freedonia,1,,0,2,3\r\n,,,,,,\r\nTotal,1,,0,2,3\r\n")),
		string(register("'Not specified' to 'Not specified'", "R,S,2000,?,1,,X,tank,1,?,2001; 2002,New,Cut\n\n,1,1,1\n")),
		string(yearly("'2000' to '2001'", "7,S,R,X,tank,Armoured vehicles,1999,Yes,2,No,2001,No,New,1,0.5,1,No\n"+
			"8,S,R*,Y,gun,Artillery,,,,,,,Second hand,1,1,,\n7,S,R,X,tank,Armoured vehicles,1999,Yes,1,No,2000,Yes,New,1,0.5,0.5,No\n")),
		yearlyHeader + "1,S,R,X,Y,Z,2000,No,1,No,2000,No,New,1,1,1,Yes\r\n",
		volumeBanner + "Recipient,2000,2001,2000-2001,Percentage\nR*,0 ,,0,0\n\"R, the**\",1,2,3,100\nTotal world import,1,2,3,100\n",
		volumeBanner + "Exports by,2000,Sum total years\nS,5,5\nTotal world export,5,5\n",
		volumeBanner + ",2000,2001\nAircraft,1,\nTotal,1,\n",
	} {
		f.Add([]byte(s))
	}
	root := findShared()
	if root == "" {
		return
	}
	for _, p := range []string{
		"tiv-2022-04/VN.csv", "tiv-2022-04/ALL.csv", "register-2025-03.csv", "register-flat-2025-02-sample.csv",
		"long-2022-05/import_tiv.csv", "long-2022-05/export_category.csv",
	} {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			continue
		}
		// the start of each file: the preamble, the header and some rows
		f.Add(b[:min(len(b), 8<<10)])
	}
}

// findShared is sharedSIPRI without skipping.
func findShared() string {
	dir, _ := shareddata.Find()
	return dir
}

// FuzzParse checks that Parse never panics, that every error is an
// EINVALID application error naming the file, and that what it returns
// agrees with Detect.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := sipri.Parse("fuzz.csv", bytes.NewReader(data))
		if err != nil {
			var e *armsflow.Error
			if !errors.As(err, &e) || e.Code != armsflow.EINVALID {
				t.Fatalf("error %v (%T) is not an EINVALID *armsflow.Error", err, err)
			}
			if len(e.Message) < 9 || e.Message[:9] != "fuzz.csv:" {
				t.Fatalf("error %q does not start with the file name", e.Message)
			}
			return
		}
		format, derr := sipri.Detect("fuzz.csv", data)
		if derr != nil || format != file.Format || file.Format.Kind() == "" {
			t.Fatalf("Parse says %q, Detect says %q, %v", file.Format, format, derr)
		}
		c := file.Content
		for _, fl := range append(c.Flows, c.World...) {
			if fl.TIV < 0 || fl.Recipient == "" {
				t.Fatalf("bad flow %+v", fl)
			}
		}
		for _, fl := range c.Exports {
			if fl.TIV < 0 || fl.Supplier == "" || fl.Recipient != "" {
				t.Fatalf("bad export %+v", fl)
			}
		}
		for _, tot := range c.Totals {
			if tot.TIV < 0 || (tot.Side != armsflow.SideImport && tot.Side != armsflow.SideExport) {
				t.Fatalf("bad total %+v", tot)
			}
		}
		for _, d := range c.Deals {
			if d.DeliveryYears == nil || d.Line < 1 {
				t.Fatalf("bad deal %+v", d)
			}
			checkDeliveries(t, d)
		}
		if cv := file.Coverage; cv.From > cv.To || (cv.PartialFrom != 0 && !cv.Covers(cv.PartialFrom, cv.PartialFrom)) {
			t.Fatalf("bad coverage %+v", cv)
		}
	})
}

// checkDeliveries checks that a deal's deliveries agree with its summary:
// one per delivery year, in order, and sums that are nil when a part is
// unknown.
func checkDeliveries(t *testing.T, d armsflow.Deal) {
	t.Helper()
	if d.Deliveries == nil {
		return
	}
	if len(d.Deliveries) != len(d.DeliveryYears) {
		t.Fatalf("deal %d: %d deliveries, %d years", d.ID, len(d.Deliveries), len(d.DeliveryYears))
	}
	units, unknown := 0, false
	for i, dv := range d.Deliveries {
		if dv.Year != d.DeliveryYears[i] || dv.Year == 0 || (i > 0 && dv.Year <= d.Deliveries[i-1].Year) {
			t.Fatalf("deal %d: deliveries %+v, years %v", d.ID, d.Deliveries, d.DeliveryYears)
		}
		if dv.Units == nil {
			unknown = true
		} else {
			units += *dv.Units
		}
	}
	if (d.Delivered == nil) != unknown || (d.Delivered != nil && *d.Delivered != units) {
		t.Fatalf("deal %d: delivered %v, deliveries %+v", d.ID, d.Delivered, d.Deliveries)
	}
}

// FuzzRegisterYearly fuzzes the rows of a register with the export option
// after a valid preamble and header, where the row reader's checks are.
func FuzzRegisterYearly(f *testing.F) {
	for _, s := range []string{
		"7,S,R,X,tank,Armoured vehicles,1999,Yes,2,No,2001,No,New,1,0.5,1,No\n7,S,R,X,tank,Armoured vehicles,1999,Yes,1,No,2000,Yes,New,1,0.5,0.5,No\n",
		"8,S,R*,Y,gun,Artillery,,,,,,,Second hand,1,1,,\n",
		"9,S,R,X,\"a, b\",C,2000,No,1,Yes,2000,No,New,1,1,1,Yes\n9,S,R,X,\"a, b\",C,2000,No,1,Yes,2000,No,New,1,1,1,Yes\n",
		"1,S,R,X,Y,Z,2000,No,,No,2000,No,New,,,,\n1,S,R,X,Y,Z,2000,No,3,No,1999,No,New,,,2,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rows string) {
		file, err := sipri.Parse("fuzz.csv", bytes.NewReader(yearly("'1990' to '2025'", rows)))
		if err != nil {
			var e *armsflow.Error
			if !errors.As(err, &e) || e.Code != armsflow.EINVALID || !strings.HasPrefix(e.Message, "fuzz.csv:") {
				t.Fatalf("error %v (%T)", err, err)
			}
			return
		}
		if file.Format != sipri.FormatRegisterYearly || file.Coverage != (armsflow.Coverage{From: 1990, To: 2025, PartialFrom: 2025}) {
			t.Fatalf("format %q, coverage %v", file.Format, file.Coverage)
		}
		ids := map[int]bool{}
		for _, d := range file.Content.Deals {
			if d.ID <= 0 || ids[d.ID] || d.Supplier == "" || d.Recipient == "" || d.DeliveryYears == nil || d.Line < 13 {
				t.Fatalf("bad deal %+v", d)
			}
			ids[d.ID] = true
			checkDeliveries(t, d)
		}
	})
}

// FuzzVolume fuzzes a current TIV table after its banner.
func FuzzVolume(f *testing.F) {
	for _, s := range []string{
		"Recipient,2000,2001,2000-2001,Percentage\nR*,0 ,,0,0\n\"R, the**\",1,2,3,100\nTotal world import,1,2,3,100\n",
		"Exports by,2000,Sum total years\r\nS,5,5\r\nTotal world export,5,5\r\n",
		",2000,2001\nAircraft,1,\nTotal,1,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, table string) {
		file, err := sipri.Parse("fuzz.csv", strings.NewReader(volumeBanner+table))
		if err != nil {
			var e *armsflow.Error
			if !errors.As(err, &e) || e.Code != armsflow.EINVALID || !strings.HasPrefix(e.Message, "fuzz.csv:") {
				t.Fatalf("error %v (%T)", err, err)
			}
			return
		}
		c := file.Content
		n := len(c.World) + len(c.Exports) + len(c.Categories)
		if file.Format != sipri.FormatTIVVolume || n != c.Records()-len(c.Totals) || len(c.Totals) == 0 && n > 0 && file.Coverage.IsZero() {
			t.Fatalf("format %q, content %+v", file.Format, c)
		}
		for _, fl := range append(c.World, c.Exports...) {
			if fl.TIV < 0 || (fl.Supplier == "") == (fl.Recipient == "") || !file.Coverage.Covers(fl.Year, fl.Year) {
				t.Fatalf("bad flow %+v (coverage %v)", fl, file.Coverage)
			}
		}
		for _, cf := range c.Categories {
			if cf.TIV < 0 || cf.Category == "" || cf.Country != "" || !file.Coverage.Covers(cf.Year, cf.Year) {
				t.Fatalf("bad category flow %+v", cf)
			}
		}
	})
}

// FuzzDetect checks that Detect never panics and errs only with EINVALID.
func FuzzDetect(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := sipri.Detect("fuzz.csv", data)
		if err != nil {
			var e *armsflow.Error
			if !errors.As(err, &e) || e.Code != armsflow.EINVALID {
				t.Fatalf("error %v (%T) is not an EINVALID *armsflow.Error", err, err)
			}
			return
		}
		if format.Kind() == "" {
			t.Fatalf("Detect returned %q", format)
		}
	})
}
