// Package importer turns SIPRI files on disk or uploaded into datasets ready
// for the library: it reads every file, recognises its format from content,
// parses it, and groups the files into datasets named after their kind and
// SIPRI's generated date. It writes nothing: the caller stores the result in
// one transaction, so a bad file anywhere means nothing is imported.
package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/sipri"
)

// MaxFileSize bounds one file: SIPRI's largest export is about 4 MB.
const MaxFileSize = 64 << 20

// File is one file's name and bytes.
type File struct {
	Name string // the path as the user gave it, for messages
	Data []byte
}

// Dataset is one dataset to store, with the files it is made of.
type Dataset = armsflow.DatasetImport

// Result is what Parse found.
type Result struct {
	Datasets []Dataset
	Warnings []string // row sums that differ from SIPRI's totals, and the like
	Skipped  []string // files in directories that are not SIPRI exports
}

// Read reads the files named by paths. A directory contributes every
// regular file below it (hidden files excluded); a file in a directory that
// is not a SIPRI export is reported in skipped rather than failing the
// import, while a file named directly must be one.
func Read(paths []string) (files []File, inDir map[string]bool, err error) {
	inDir = map[string]bool{}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, armsflow.Errorf(armsflow.EINVALID, "%s: cannot read: %v; check the path", p, unwrapPathErr(err))
		}
		if !st.IsDir() {
			f, err := readFile(p)
			if err != nil {
				return nil, nil, err
			}
			files = append(files, f)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, armsflow.Errorf(armsflow.EINVALID, "%s: cannot read the directory: %v", p, unwrapPathErr(err))
		}
		if len(found) == 0 {
			return nil, nil, armsflow.Errorf(armsflow.EINVALID, "%s: the directory has no files; download SIPRI's CSV exports into it first", p)
		}
		sort.Strings(found)
		for _, path := range found {
			f, err := readFile(path)
			if err != nil {
				return nil, nil, err
			}
			inDir[path] = true
			files = append(files, f)
		}
	}
	return files, inDir, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func readFile(path string) (File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return File{}, armsflow.Errorf(armsflow.EINVALID, "%s: cannot read: %v", path, unwrapPathErr(err))
	}
	if st.Size() > MaxFileSize {
		return File{}, armsflow.Errorf(armsflow.EINVALID, "%s: %d bytes is larger than any SIPRI export (limit %d MB); is it the right file?", path, st.Size(), MaxFileSize>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return File{}, armsflow.Errorf(armsflow.EINVALID, "%s: cannot read: %v", path, unwrapPathErr(err))
	}
	return File{Name: path, Data: b}, nil
}

// Parse recognises and parses every file and groups them into datasets.
// skippable names the files that may be skipped when they are not SIPRI
// exports (those found in directories); any other unrecognised file, and
// any file that fails to parse, is an error and nothing is returned.
func Parse(files []File, skippable map[string]bool) (*Result, error) {
	res := &Result{}
	type group struct {
		ds       armsflow.Dataset
		files    []armsflow.FileContent
		coverage []armsflow.Coverage // of each file, in the order of files
		formats  []sipri.Format      // of each file
	}
	groups := map[string]*group{}
	var order []string
	seen := map[string]string{} // sha256 → first file name, to skip the same bytes given twice
	done := parseAll(files)
	for i, f := range files {
		base := filepath.Base(f.Name)
		p := &done[i]
		if p.detectErr != nil {
			if skippable[f.Name] {
				res.Skipped = append(res.Skipped, f.Name+": not a SIPRI export, skipped")
				continue
			}
			return nil, p.detectErr
		}
		format, digest := p.format, p.digest
		if first, dup := seen[digest]; dup {
			res.Skipped = append(res.Skipped, fmt.Sprintf("%s: the same bytes as %s, skipped", f.Name, first))
			continue
		}
		seen[digest] = f.Name
		parsed, err := p.file, p.parseErr
		if err != nil {
			return nil, err
		}
		res.Warnings = append(res.Warnings, parsed.Warnings...)
		if res.Warnings, err = appendChecks(res.Warnings, f, parsed); err != nil { // check.go
			return nil, err
		}
		kind := format.Kind()
		name := kind
		if parsed.Generated != "" {
			name += "-" + parsed.Generated
		}
		g := groups[name]
		if g == nil {
			g = &group{ds: armsflow.Dataset{Name: name, Kind: kind, Generated: parsed.Generated}}
			groups[name] = g
			order = append(order, name)
		}
		if kind == armsflow.KindRegister {
			g.ds.Scope = parsed.Subject
		}
		subject := parsed.Subject
		if kind == armsflow.KindLong {
			subject = string(parsed.Format)
		}
		for _, other := range g.files {
			if other.File.Subject == subject {
				return nil, armsflow.Errorf(armsflow.ECONFLICT,
					"%s and %s are both %s %q of dataset %s but differ; import them one at a time, or keep only the newer file",
					other.File.Name, base, kind, subject, name)
			}
		}
		for i, other := range g.formats {
			// a classic register's deals have no yearly TIV: one dataset
			// cannot be both
			if kind == armsflow.KindRegister && other != format {
				return nil, armsflow.Errorf(armsflow.ECONFLICT,
					"%s is a trade register %s and %s one %s, both generated %s; they would be one dataset %s, whose yearly TIV would be exact for some deals only: import only one of them",
					base, registerLayout(format), g.files[i].File.Name, registerLayout(other), orUnknown(parsed.Generated), name)
			}
		}
		sf := armsflow.SourceFile{Name: base, SHA256: digest, Bytes: int64(len(f.Data)), Records: parsed.Content.Records(), Subject: subject}
		g.ds.Files = append(g.ds.Files, sf)
		g.files = append(g.files, armsflow.FileContent{File: sf, Content: parsed.Content})
		g.coverage = append(g.coverage, parsed.Coverage)
		g.formats = append(g.formats, format)
		if format == sipri.FormatRegisterYearly {
			g.ds.YearlyTIV = true
		}
	}
	for _, name := range order {
		g := groups[name]
		g.ds.Coverage = unionCoverage(g.coverage)
		g.ds.Views = views(g.files)
		if g.ds.Kind == armsflow.KindTIV {
			res.Warnings = append(res.Warnings, yearColumnsDiffer(g.ds.Name, g.files, g.coverage)...)
		}
		res.Datasets = append(res.Datasets, Dataset{Dataset: g.ds, Files: g.files})
	}
	if len(res.Datasets) == 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID,
			"no SIPRI export found among %d file(s); armsflow reads SIPRI's TIV tables (old and current), trade register (classic and with the export option) and the long form as CSV (https://www.sipri.org/databases/armstransfers)", len(files))
	}
	return res, nil
}

// registerLayout words a register's layout for messages.
func registerLayout(f sipri.Format) string {
	if f == sipri.FormatRegisterYearly {
		return "with SIPRI's export option (one row per deal and delivery year)"
	}
	return "in the classic layout (one row per deal)"
}

func orUnknown(date string) string {
	if date == "" {
		return "on an unknown date"
	}
	return "on " + date
}

// unionCoverage is the span of years a dataset's files answer for
// together. Its partial year is the earliest of theirs: a year that was
// not over when any of them was generated stays partial.
func unionCoverage(cs []armsflow.Coverage) armsflow.Coverage {
	var u armsflow.Coverage
	for _, c := range cs {
		if c.IsZero() {
			continue
		}
		if u.IsZero() {
			u.From, u.To = c.From, c.To
		}
		u.From, u.To = min(u.From, c.From), max(u.To, c.To)
		if c.PartialFrom != 0 && (u.PartialFrom == 0 || c.PartialFrom < u.PartialFrom) {
			u.PartialFrom = c.PartialFrom
		}
	}
	return u
}

// viewOrder is the order of the View constants, in which Dataset.Views
// lists them.
var viewOrder = []string{armsflow.ViewDyads, armsflow.ViewImports, armsflow.ViewExports, armsflow.ViewCategories, armsflow.ViewDeals}

// views is what a dataset's files can answer together.
func views(files []armsflow.FileContent) []string {
	has := map[string]bool{}
	for i := range files {
		for _, v := range files[i].Content.Views() {
			has[v] = true
		}
	}
	var out []string
	for _, v := range viewOrder {
		if has[v] {
			out = append(out, v)
			delete(has, v)
		}
	}
	rest := make([]string, 0, len(has))
	for v := range has { // a view added to the domain after this list
		rest = append(rest, v)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// yearColumnsDiffer warns about the files of one TIV dataset whose year
// columns differ from its first file's: the dataset's coverage is their
// union, but a question about a year one table lacks gets no answer from
// that table.
func yearColumnsDiffer(dataset string, files []armsflow.FileContent, cs []armsflow.Coverage) []string {
	var out []string
	for i := 1; i < len(cs); i++ {
		c0, c := cs[0], cs[i]
		if c.From == c0.From && c.To == c0.To {
			continue
		}
		out = append(out, fmt.Sprintf("%s: its years are %d-%d where %s of the same dataset %s has %d-%d; the dataset covers both spans, but each table answers only for its own years: download the tables for the same years",
			files[i].File.Name, c.From, c.To, files[0].File.Name, dataset, c0.From, c0.To))
	}
	return out
}

// parseResult is one file's detection and parse.
type parseResult struct {
	format    sipri.Format
	detectErr error
	digest    string
	file      *sipri.File
	parseErr  error
}

// parseAll detects and parses every file, on every core: a directory of TIV
// tables is hundreds of small files, and parsing was a third of an import.
// Results are in the order of files, so that errors and datasets come out
// as they would one file at a time.
func parseAll(files []File) []parseResult {
	out := make([]parseResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f, p := &files[i], &out[i]
				if p.format, p.detectErr = sipri.Detect(f.Name, head(f.Data)); p.detectErr != nil {
					continue
				}
				sum := sha256.Sum256(f.Data)
				p.digest = hex.EncodeToString(sum[:])
				p.file, p.parseErr = sipri.Parse(f.Name, bytes.NewReader(f.Data))
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func head(b []byte) []byte {
	if len(b) > 64<<10 {
		return b[:64<<10]
	}
	return b
}
