package panel_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/internal/memlib"
	"github.com/armsflow/armsflow/internal/shareddata"
	"github.com/armsflow/armsflow/names"
	"github.com/armsflow/armsflow/panel"
)

// BenchmarkPanel times the export of the full panel of SIPRI's 2022 TIV
// tables (1950-2021): the engine's dense dyad-years, the codes, and the
// file written to memory; the data is parsed once, outside the timing.
func BenchmarkPanel(b *testing.B) {
	root := shareddata.SIPRI(b)
	files, inDir, err := importer.Read([]string{filepath.Join(root, "tiv-2022-04")})
	if err != nil {
		b.Fatal(err)
	}
	res, err := importer.Parse(files, inDir)
	if err != nil {
		b.Fatal(err)
	}
	l := &memlib.Library{Content: map[string]*armsflow.Content{}}
	for _, d := range res.Datasets {
		ds := d.Dataset
		ds.ImportedAt = time.Now()
		c := &armsflow.Content{}
		for _, f := range d.Files {
			c.Flows = append(c.Flows, f.Content.Flows...)
			c.World = append(c.World, f.Content.World...)
		}
		l.DatasetList = append(l.DatasetList, ds)
		l.Content[ds.Name] = c
	}
	cw, err := names.LoadCrosswalk()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name     string
		allPairs bool
		csv      bool
	}{{"parquet", false, false}, {"csv", false, true}, {"parquet-all-pairs", true, false}} {
		b.Run(bc.name, func(b *testing.B) {
			var size, rows int
			for b.Loop() {
				// A fresh engine each time, as a command-line run has.
				e, err := engine.New(context.Background(), l)
				if err != nil {
					b.Fatal(err)
				}
				r, err := e.Panel(context.Background(), engine.PanelQuery{Years: engine.Years{From: 1950, To: 2021}})
				if err != nil {
					b.Fatal(err)
				}
				p := panel.New(r, cw, panel.Options{AllPairs: bc.allPairs})
				var buf bytes.Buffer
				if bc.csv {
					err = p.WriteCSV(&buf)
				} else {
					err = p.WriteParquet(&buf)
				}
				if err != nil {
					b.Fatal(err)
				}
				size, rows = buf.Len(), p.Len()
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}
