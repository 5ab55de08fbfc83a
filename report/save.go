package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/atomicfile"
	"github.com/armsflow/armsflow/table"
)

// Formats are the report formats by file extension.
var Formats = map[string]string{".html": "html", ".htm": "html", ".md": "md", ".xlsx": "xlsx", ".tex": "tex"}

// Output is where and how a report is written, decided from --out before
// any work is done.
type Output struct {
	Dir     string   // the directory written into
	Base    string   // file stem; "" in directory mode until Save names it after the pair
	Formats []string // "html", "md", "xlsx", "tex"
	CSV     bool     // also write each table as CSV
	Force   bool     // overwrite existing files
	newDir  bool     // Dir does not exist yet and is created by Save
}

// PlanOutput reads --out: a file whose extension names the format, or a
// directory (existing, or a path ending in a separator or without an
// extension) that receives every format. It fails, with the reason, when
// the place cannot be written or a named file exists and force is false,
// so that no work is done for output that would be refused.
func PlanOutput(out string, force, csv bool) (*Output, error) {
	if strings.TrimSpace(out) == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "--out is required: a file (.html, .md, .xlsx, .tex) or a directory for all formats")
	}
	o := &Output{CSV: csv, Force: force}
	ext := strings.ToLower(filepath.Ext(out))
	st, statErr := os.Stat(out)
	switch {
	case statErr == nil && st.IsDir(), strings.HasSuffix(out, string(os.PathSeparator)), strings.HasSuffix(out, "/"), ext == "" && statErr != nil:
		o.Dir = filepath.Clean(out)
		o.Formats = []string{"html", "md", "xlsx", "tex"}
		o.newDir = statErr != nil
	case Formats[ext] != "":
		o.Dir, o.Base = filepath.Dir(out), strings.TrimSuffix(filepath.Base(out), filepath.Ext(out))
		o.Formats = []string{Formats[ext]}
		if statErr == nil && !force {
			return nil, armsflow.Errorf(armsflow.ECONFLICT, "%s exists; use --force to overwrite it", out)
		}
		if statErr == nil && st.IsDir() {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s is a directory", out)
		}
	default:
		return nil, armsflow.Errorf(armsflow.EINVALID, "--out %s: use a file ending in .html, .md, .xlsx or .tex, or a directory for all formats", out)
	}
	check := o.Dir
	if o.newDir {
		check = nearestExisting(o.Dir)
	}
	if err := writable(check); err != nil {
		return nil, armsflow.Errorf(armsflow.EINVALID, "cannot write the report to %s: %v", out, err)
	}
	return o, nil
}

func nearestExisting(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return dir
		}
		dir = parent
	}
}

// writable checks that a file can be created in dir.
func writable(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("directory %s does not exist", dir)
		}
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, ".armsflow-check-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("directory %s is not writable (%v)", dir, pe.Err)
		}
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// slug makes a file stem from a party's name: "Viet Nam" → "viet-nam".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// Save renders r in every format of o and writes the files: charts beside
// the Markdown and LaTeX forms, each form's named after it (FigureBase),
// CSVs on request. Everything is rendered in
// memory and checked before the first file is written, and each file is
// written to a temporary file and renamed into place, so a failure leaves
// no half-written file. It returns the paths written.
func Save(r *Report, o *Output) ([]string, error) {
	base := o.Base
	if base == "" {
		base = fmt.Sprintf("%s-%s-%d-%d", slug(r.Supplier.Name), slug(r.Recipient.Name), r.Years.From, r.Years.To)
	}
	files := map[string][]byte{}
	var order []string
	put := func(name string, data []byte) {
		if _, ok := files[name]; !ok {
			order = append(order, name)
		}
		files[name] = data
	}
	// figures are the charts' files each report names: its own (FigureBase),
	// SVG and PNG beside Markdown, the PNG that LaTeX includes.
	type figures struct {
		base string
		exts []string
	}
	var figs []figures
	for _, f := range o.Formats {
		var b bytes.Buffer
		var err error
		switch f {
		case "html":
			err = WriteHTML(&b, r)
			put(base+".html", nil)
		case "md":
			fb := FigureBase(base, "md")
			err = WriteMarkdown(&b, r, fb)
			put(base+".md", nil)
			figs = append(figs, figures{fb, []string{"svg", "png"}})
		case "xlsx":
			err = WriteXLSX(&b, r)
			put(base+".xlsx", nil)
		case "tex":
			fb := FigureBase(base, "tex")
			err = WriteLaTeX(&b, r, fb)
			put(base+".tex", nil)
			figs = append(figs, figures{fb, []string{"png"}})
		default:
			err = fmt.Errorf("unknown format %q", f)
		}
		if err != nil {
			return nil, err
		}
		files[order[len(order)-1]] = b.Bytes()
	}
	if len(figs) > 0 {
		for _, c := range r.Charts() {
			svg, err := c.SVG()
			if err != nil {
				return nil, err
			}
			png, err := c.PNG(150)
			if err != nil {
				return nil, err
			}
			for _, f := range figs {
				for _, ext := range f.exts {
					data := svg
					if ext == "png" {
						data = png
					}
					put(ChartFile(f.base, c, ext), data)
				}
			}
		}
	}
	if o.CSV {
		// The tables as CSV: one set for a folder of every format, each
		// report's own beside a single file (r-md-deals.csv), as its figures.
		cb := base
		if o.Base != "" && len(o.Formats) == 1 {
			cb = FigureBase(base, o.Formats[0])
		}
		for _, t := range r.Tables() {
			var b bytes.Buffer
			if err := table.WriteCSV(&b, t.Table); err != nil {
				return nil, err
			}
			put(cb+"-"+t.Name+".csv", b.Bytes())
		}
	}
	if !o.Force {
		for _, name := range order {
			p := filepath.Join(o.Dir, name)
			if _, err := os.Stat(p); err == nil {
				return nil, armsflow.Errorf(armsflow.ECONFLICT, "%s exists; use --force to overwrite it (nothing was written)", p)
			}
		}
	}
	if o.newDir {
		if err := os.MkdirAll(o.Dir, 0o755); err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "cannot create %s: %v", o.Dir, err)
		}
	}
	var written []string
	for _, name := range order {
		p := filepath.Join(o.Dir, name)
		if err := atomicfile.WriteBytes(p, files[name]); err != nil {
			return written, err
		}
		written = append(written, p)
	}
	return written, nil
}
