package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/armsflow/armsflow/fetch"
	"github.com/armsflow/armsflow/sqlite"
)

// sampleService is a fake of SIPRI's service that answers every range with
// the rows of SIPRI's sample register (deliveries 2000-2001) delivered in
// it, under the sample's preamble with the range's years. It counts the
// requests.
func sampleService(t *testing.T) (srv *httptest.Server, sample string, requests *atomic.Int32) {
	t.Helper()
	path := filepath.Join(sharedSIPRI(t), "register-flat-2025-02-sample.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sample = string(b)
	lines := strings.Split(strings.TrimSuffix(sample, "\n"), "\n")
	requests = new(atomic.Int32)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		requests.Add(1)
		if ua := req.Header.Get("User-Agent"); !strings.HasPrefix(ua, "armsflow/"+version+" ") {
			http.Error(w, "User-Agent "+ua, http.StatusBadRequest)
			return
		}
		var q struct {
			Filters []struct{ Value1, Value2 any }
		}
		if err := json.NewDecoder(req.Body).Decode(&q); err != nil || len(q.Filters) == 0 || req.URL.Path != "/trades/trade-register-csv/" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		from, to := int(q.Filters[0].Value1.(float64)), int(q.Filters[0].Value2.(float64))
		var out strings.Builder
		out.WriteString(strings.Replace(lines[0], "'2000' to '2001'", fmt.Sprintf("'%d' to '%d'", from, to), 1) + "\n")
		for _, l := range lines[1:12] {
			out.WriteString(l + "\n")
		}
		for _, l := range lines[12:] {
			var y int
			fmt.Sscan(strings.Split(l, ",")[10], &y) // the sample has no quoted fields
			if y >= from && y <= to {
				out.WriteString(l + "\n")
			}
		}
		json.NewEncoder(w).Encode(map[string]string{"bytes": base64.StdEncoding.EncodeToString([]byte(out.String()))})
	}))
	t.Cleanup(srv.Close)
	return srv, sample, requests
}

// fetchEnv gives the test a cache of its own and waits that take no time.
func fetchEnv(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	tuneFetch = func(c *fetch.Client) {
		c.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	}
	t.Cleanup(func() { tuneFetch = nil })
}

// TestFetchAcceptance is issue 9's: fetching the sample's years from the
// fake service, in two ranges, gives the same dataset as importing the
// sample; fetching it again costs one request and changes nothing.
func TestFetchAcceptance(t *testing.T) {
	fetchEnv(t)
	srv, sample, requests := sampleService(t)
	ctx := context.Background()
	dir := t.TempDir()
	imported, fetched := filepath.Join(dir, "imported.db"), filepath.Join(dir, "fetched.db")
	out := filepath.Join(dir, "register.csv")
	code, stdout, stderr := runCLI(t, ctx, "", "--db", fetched, "fetch", "--endpoint", srv.URL, "--years", "2000-2001", "--chunk", "1", "--out", out)
	// The file fetched holds the sample's lines, a deal's rows together.
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("--out: %v", err)
	}
	a, b := strings.Split(string(got), "\n"), strings.Split(sample, "\n")
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Error("the register fetched is not the sample's lines")
	}
	if c, _, errs := runCLI(t, ctx, "", "--db", imported, "import", filepath.Join(sharedSIPRI(t), "register-flat-2025-02-sample.csv")); c != 0 {
		if code != 1 || !strings.Contains(stderr, "--out FILE keeps a copy") {
			t.Errorf("fetch: exit %d: %s", code, stderr)
		}
		t.Skipf("importing the sample directly fails (%s): the export option's layout is not read yet", strings.TrimSpace(errs))
	}
	if code != 0 {
		t.Fatalf("fetch: exit %d: %s", code, stderr)
	}
	for _, w := range []string{"fetched deliveries 2000-2001 from " + srv.URL + " (2 requests): 1414 rows, data generated 10 Feb 2025 10:52:58 AM",
		"register-2025-02-10: imported "} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout %q lacks %q", stdout, w)
		}
	}
	if want := "fetch: years 2000 (1 of 2): 724 rows"; !strings.Contains(stderr, "fetch: years 2000 (1 of 2)") || !strings.Contains(stderr, "fetch: years 2001 (2 of 2)") {
		t.Errorf("progress off a terminal: %q, want lines like %q", stderr, want)
	}

	// The same dataset: its description, and every record.
	desc := func(db string) map[string]any {
		ds := rows(jsonOf(t, "--db", db, "datasets"))
		if len(ds) != 1 {
			t.Fatalf("%s: %d datasets", db, len(ds))
		}
		for _, k := range []string{"files", "sha256", "imported_at"} {
			delete(ds[0], k)
		}
		return ds[0]
	}
	if a, b := desc(imported), desc(fetched); !jsonEqual(a, b) {
		t.Errorf("datasets differ:\nfetched  %v\nimported %v", b, a)
	}
	content := func(path string) []string {
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		c, err := db.LoadContent(ctx, "register-2025-02-10")
		if err != nil {
			t.Fatal(err)
		}
		var recs []string
		for _, d := range c.Deals {
			sort.Slice(d.Deliveries, func(i, j int) bool { return d.Deliveries[i].Year < d.Deliveries[j].Year })
			b, _ := json.Marshal(d)
			recs = append(recs, string(b))
		}
		for _, part := range []any{c.Flows, c.World, c.Exports, c.Categories, c.Totals} {
			var elems []json.RawMessage
			b, _ := json.Marshal(part)
			json.Unmarshal(b, &elems)
			for _, e := range elems {
				recs = append(recs, string(e))
			}
		}
		sort.Strings(recs)
		return recs
	}
	if a, b := content(imported), content(fetched); !slices.Equal(a, b) {
		t.Errorf("records differ: %d fetched, %d imported", len(b), len(a))
	}
	for _, q := range [][]string{
		{"rank", "suppliers", "--years", "2000-2001", "--limit", "0"},
		{"flows", "--supplier", "Russia", "--recipient", "China", "--years", "2000-2001"},
	} {
		a := jsonOf(t, append([]string{"--db", imported}, q...)...)
		b := jsonOf(t, append([]string{"--db", fetched}, q...)...)
		if !closeJSON(a, b) {
			t.Errorf("%s differs:\nfetched  %v\nimported %v", q, b, a)
		}
	}

	// Again: one request to learn the vintage, the rest from the cache, and
	// the library already holds it.
	requests.Store(0)
	code, stdout, stderr = runCLI(t, ctx, "", "--db", fetched, "fetch", "--endpoint", srv.URL, "--years", "2000-2001", "--chunk", "1")
	if code != 0 || requests.Load() != 1 || !strings.Contains(stdout, "(1 request, 1 of 2 ranges from the cache)") ||
		!strings.Contains(stdout, "register-2025-02-10: already imported, nothing changed") {
		t.Errorf("fetched again: exit %d, %d requests\n%s%s", code, requests.Load(), stdout, stderr)
	}
}

// closeJSON compares decoded JSON values, numbers to 1e-9 of their size:
// sums of the same records in another order differ in the last bits.
func closeJSON(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, v := range a {
			if !closeJSON(v, b[k]) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !closeJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	case float64:
		b, ok := b.(float64)
		return ok && math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a))
	}
	return jsonEqual(a, b)
}

// TestFetchOtherYears: a library holding a vintage for some years refuses
// the same vintage for others, saying what to do.
func TestFetchOtherYears(t *testing.T) {
	fetchEnv(t)
	srv, _, _ := sampleService(t)
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "lib.db")
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "fetch", "--endpoint", srv.URL, "--years", "2000-2001"); code != 0 {
		t.Fatalf("fetch: exit %d: %s", code, stderr)
	}
	code, _, stderr := runCLI(t, ctx, "", "--db", db, "fetch", "--endpoint", srv.URL, "--years", "1999-2001")
	if want := "the library already holds register-2025-02-10, SIPRI's data of 2025-02-10 for deliveries 2000-2001, and one dataset holds one span of years: fetch --years 2000-2001, or fetch deliveries 1999-2001 into another library (--db PATH)"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, %q; want 1 and %q", code, stderr, want)
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestFetchFailures: every failure exits 1 with a message saying what to
// do, and leaves the library as it was (here: not even created).
func TestFetchFailures(t *testing.T) {
	fetchEnv(t)
	ctx := context.Background()
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><title>SIPRI</title>"))
	}))
	defer html.Close()
	shape := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Write([]byte(`{"error":"unknown filter"}`))
	}))
	defer shape.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer down.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	for _, c := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"--endpoint", html.URL}, 1, []string{"a web page (HTML)", "https://armstransfers.sipri.org", "armsflow import FILE"}},
		{[]string{"--endpoint", shape.URL}, 1, []string{`without "bytes" (its keys: error)`, "armsflow import FILE"}},
		{[]string{"--endpoint", down.URL}, 1, []string{"years 2000-2001: 5 tries failed", "502 Bad Gateway", "run the same command later"}},
		{[]string{"--endpoint", closed}, 1, []string{"cannot reach " + closed[len("http://"):], "refused", "check the network connection"}},
		{[]string{"--endpoint", "nonsense"}, 1, []string{"give the service's base URL"}},
		{[]string{"--chunk", "0"}, 2, []string{"--chunk 0"}},
		{[]string{"--years", "1900-1950"}, 2, []string{"SIPRI's data begins in 1950"}},
		{[]string{"--years", "2000-2100"}, 2, []string{"no deliveries after"}},
		{[]string{"--timeout", "0s"}, 2, []string{"--timeout 0s"}},
	} {
		db := filepath.Join(t.TempDir(), "lib.db")
		args := append([]string{"--db", db, "fetch", "--years", "2000-2001"}, c.args...)
		code, _, stderr := runCLI(t, ctx, "", args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d: %s", c.args, code, c.code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr %q lacks %q", c.args, stderr, w)
			}
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("%s: the library was written", c.args)
		}
	}
}

func TestFetchYears(t *testing.T) {
	for _, c := range []struct {
		in   string
		want fetch.Range
	}{
		{"", fetch.Range{From: 1950, To: 2026}},
		{"2000-", fetch.Range{From: 2000, To: 2026}},
		{"-1960", fetch.Range{From: 1950, To: 1960}},
		{"2014", fetch.Range{From: 2014, To: 2014}},
	} {
		if got, err := fetchYears(c.in, 2026); err != nil || got != c.want {
			t.Errorf("fetchYears(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}
