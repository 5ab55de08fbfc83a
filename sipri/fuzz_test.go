package sipri_test

import (
	"bytes"
	"errors"
	"github.com/armsflow/armsflow/internal/shareddata"
	"os"
	"path/filepath"
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
	} {
		f.Add([]byte(s))
	}
	root := findShared()
	if root == "" {
		return
	}
	for _, p := range []string{
		"tiv-2022-04/VN.csv", "tiv-2022-04/ALL.csv", "register-2025-03.csv",
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
		for _, d := range c.Deals {
			if d.DeliveryYears == nil || d.Line < 1 {
				t.Fatalf("bad deal %+v", d)
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
