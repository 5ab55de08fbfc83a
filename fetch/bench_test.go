package fetch

import (
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/internal/cputime"
	"github.com/armsflow/armsflow/sqlite"
)

// The benchmarks measure what fetch adds to an import: a fake service that
// answers at once (from answers made beforehand) with a full-size register,
// the sample's rows repeated over 1950-2025, in decades as fetch asks.
//
//	go test ./fetch -run '^$' -bench . -benchtime 10x
//
// BenchmarkFetch is fetch's own work (HTTP over loopback, JSON, base64,
// the checks, the merge, the cache); BenchmarkParseImport is a plain
// import of the same register; BenchmarkFetchImport both, as 'armsflow
// fetch' does them. Fetch's overhead is BenchmarkFetch over
// BenchmarkParseImport.

var full struct {
	once    sync.Once
	fake    *fake
	answers map[Range][]byte
	csv     []byte // the register as one file, as fetch merges it
}

// fullRegister makes the full-size register once: the sample's two years
// of rows copied to every pair of years 1950-2025, with IDs made unique
// and order years moved along.
func fullRegister(b *testing.B) {
	full.once.Do(func() {
		sf, _ := sampleFake(b)
		var rows []string
		for k, y0 := 0, FirstYear; y0 <= 2025; k, y0 = k+1, y0+2 {
			shift := y0 - 2000
			for _, row := range sf.rows {
				f := strings.Split(row, ",") // the sample has no quoted fields
				y, _ := strconv.Atoi(f[colDeliveryYear])
				if y+shift > 2025 {
					continue
				}
				id, _ := strconv.Atoi(f[colID])
				f[colID] = strconv.Itoa(id + (k+1)*1_000_000)
				if o, err := strconv.Atoi(f[6]); err == nil {
					f[6] = strconv.Itoa(o + shift)
				}
				f[colDeliveryYear] = strconv.Itoa(y + shift)
				rows = append(rows, strings.Join(f, ","))
			}
		}
		f := &fake{preamble: sf.preamble, stamp: sf.stamp, rows: rows}
		full.answers = map[Range][]byte{}
		for _, r := range Ranges(FirstYear, 2025, DefaultChunk) {
			full.answers[r] = []byte(`{"bytes":"` + base64.StdEncoding.EncodeToString(f.csv(r)) + `"}`)
		}
		full.fake = f
	})
	if full.fake == nil {
		b.Skip("no full-size register: SIPRI's sample is missing")
	}
}

// fullFetch fetches the full register from a fake answering at once, with
// a cache of its own.
func fullFetch(b *testing.B, f *fake, cache bool) *Result {
	c := &Client{Endpoint: f.srv.URL}
	if cache {
		dir, err := os.MkdirTemp(b.TempDir(), "cache")
		if err != nil {
			b.Fatal(err)
		}
		c.Cache = &Cache{Dir: dir}
	}
	res, err := c.Fetch(context.Background(), Range{FirstYear, 2025}, DefaultChunk)
	if err != nil {
		b.Fatal(err)
	}
	return res
}

func instantFake(b *testing.B) *fake {
	fullRegister(b)
	f := newFake(b, nil)
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(full.answers[r])))
		w.Write(full.answers[r])
		return true
	}
	return f
}

func BenchmarkFetch(b *testing.B) {
	f := instantFake(b)
	var res *Result
	cpu := startCPU()
	for b.Loop() {
		res = fullFetch(b, f, true)
	}
	cpu.report(b)
	b.ReportMetric(float64(res.Rows), "rows")
	b.ReportMetric(float64(len(res.Data))/(1<<20), "MB")
}

// BenchmarkFetchNoCache is BenchmarkFetch without writing the cache
// (--no-cache): the cache's writes are the largest part of fetch's work
// when the service answers at once, and they overlap the next request
// when it does not.
func BenchmarkFetchNoCache(b *testing.B) {
	f := instantFake(b)
	cpu := startCPU()
	for b.Loop() {
		fullFetch(b, f, false)
	}
	cpu.report(b)
}

// BenchmarkAssemble is fetch's work on the answers alone, without HTTP
// or cache: JSON, base64, the checks and the merge.
func BenchmarkAssemble(b *testing.B) {
	fullRegister(b)
	rs := Ranges(FirstYear, 2025, DefaultChunk)
	cpu := startCPU()
	for b.Loop() {
		parts := make([]*part, len(rs))
		for i, r := range rs {
			data, err := decode(full.answers[r], "application/json")
			if err == nil {
				parts[i], err = check(data, r)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		merge(parts, Range{FirstYear, 2025})
	}
	cpu.report(b)
}

// parseImport imports data as 'armsflow import' does, into a new library.
func parseImport(b *testing.B, name string, data []byte) {
	res, err := importer.Parse([]importer.File{{Name: name, Data: data}}, nil)
	if err != nil {
		b.Skipf("the importer cannot read the export option's layout yet: %v", err)
	}
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "lib.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ImportDatasets(context.Background(), res.Datasets); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkParseImport(b *testing.B) {
	f := instantFake(b)
	res := fullFetch(b, f, false)
	cpu := startCPU()
	for b.Loop() {
		parseImport(b, res.Name, res.Data)
	}
	cpu.report(b)
}

func BenchmarkFetchImport(b *testing.B) {
	f := instantFake(b)
	cpu := startCPU()
	for b.Loop() {
		res := fullFetch(b, f, true)
		parseImport(b, res.Name, res.Data)
	}
	cpu.report(b)
}

// cpuClock measures the CPU time of the process (user and system, all
// threads): on a machine shared with other work, wall time says more about
// the others than about the code measured.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{cputime.Process()} }

func (c cpuClock) report(b *testing.B) {
	b.ReportMetric(float64(cputime.Process()-c.start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
