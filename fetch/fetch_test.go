package fetch

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/importer"
)

func TestRanges(t *testing.T) {
	for _, c := range []struct {
		from, to, chunk int
		want            string
	}{
		{1950, 2026, 10, "1950-1959 1960-1969 1970-1979 1980-1989 1990-1999 2000-2009 2010-2019 2020-2026"},
		{1955, 1972, 10, "1955-1959 1960-1969 1970-1972"},
		{2000, 2001, 1, "2000 2001"},
		{2000, 2005, 2, "2000-2001 2002-2003 2004-2005"},
		{2001, 2001, 5, "2001"},
	} {
		var got []string
		for _, r := range Ranges(c.from, c.to, c.chunk) {
			got = append(got, r.String())
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("Ranges(%d, %d, %d) = %s, want %s", c.from, c.to, c.chunk, s, c.want)
		}
	}
}

func TestFetchSeveralRanges(t *testing.T) {
	f := newFake(t, rowsFor())
	c := client(t, f, nil)
	res, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if f.count() != 3 || res.Requests != 3 || res.Ranges != 3 || res.Cached != 0 {
		t.Errorf("%d requests to the service, result %+v; want 3 ranges asked once", f.count(), res)
	}
	if !slices.Equal(f.asked, []Range{{2000, 2001}, {2002, 2003}, {2004, 2005}}) {
		t.Errorf("asked %v", f.asked)
	}
	for _, ua := range f.agents {
		if ua != "armsflow/test" {
			t.Errorf("User-Agent %q", ua)
		}
	}
	if res.Name != "sipri-register-2025-02-10.csv" || res.Date != "2025-02-10" || res.Generated != "10 Feb 2025 10:52:58 AM" || res.Rows != 8 {
		t.Errorf("result %s %s %q %d rows", res.Name, res.Date, res.Generated, res.Rows)
	}
	lines := strings.Split(strings.TrimSuffix(string(res.Data), "\n"), "\n")
	if !strings.Contains(lines[0], "year range '2000' to '2005' ") {
		t.Errorf("title %q: want the whole fetch's years", lines[0])
	}
	if lines[4] != "Data generated: 10 Feb 2025 10:52:58 AM" || lines[5] != strings.Join(Header, ",") {
		t.Errorf("preamble and header:\n%s", strings.Join(lines[:6], "\n"))
	}
	if n := strings.Count(string(res.Data), "SIPRI AT Database ID"); n != 1 {
		t.Errorf("%d headers, want 1", n)
	}
	// Deal 2's rows come from two ranges; they are put together, where it first came.
	rows := rowsFor()
	want := []string{rows[0], rows[1], rows[2], rows[3], rows[7], rows[4], rows[5], rows[6]}
	if got := lines[6:]; !slices.Equal(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRetries(t *testing.T) {
	httpDate := time.Date(2026, 1, 1, 12, 0, 30, 0, time.UTC)
	for _, c := range []struct {
		name  string
		fail  func(w http.ResponseWriter)
		waits []time.Duration
	}{
		{"500 then success", func(w http.ResponseWriter) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}, []time.Duration{time.Second}},
		{"502 with an HTML page", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte("<html>Bad gateway</html>"))
		}, []time.Duration{time.Second}},
		{"429 with Retry-After in seconds", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		}, []time.Duration{7 * time.Second}},
		{"429 with Retry-After as an HTTP date", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", httpDate.Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
		}, []time.Duration{30 * time.Second}},
		{"503 with a Retry-After in the past", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
			w.WriteHeader(http.StatusServiceUnavailable)
		}, []time.Duration{time.Second}},
		{"a connection cut short", func(w http.ResponseWriter) {
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte(`{"bytes": "VHJh`))
		}, []time.Duration{time.Second}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t, rowsFor())
			f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
				if n == 1 {
					c.fail(w)
					return true
				}
				return false
			}
			var waits []time.Duration
			cl := client(t, f, &waits)
			cl.now = func() time.Time { return httpDate.Add(-30 * time.Second) }
			res, err := cl.Fetch(context.Background(), Range{2000, 2001}, 10)
			if err != nil {
				t.Fatal(err)
			}
			if res.Requests != 2 || f.count() != 2 || !slices.Equal(waits, c.waits) {
				t.Errorf("%d requests, waits %v; want 2 and %v", f.count(), waits, c.waits)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	f := newFake(t, rowsFor())
	slow := func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		select {
		case <-req.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return true
	}
	// Slower than the timeout once: asked again, and answered.
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		return n == 1 && slow(n, r, w, req)
	}
	var waits []time.Duration
	c := client(t, f, &waits)
	c.Timeout = 100 * time.Millisecond
	start := time.Now()
	if _, err := c.Fetch(context.Background(), Range{2000, 2001}, 10); err != nil {
		t.Fatal(err)
	}
	if f.count() != 2 || len(waits) != 1 || time.Since(start) > 3*time.Second {
		t.Errorf("%d requests, waits %v, %s", f.count(), waits, time.Since(start))
	}
	// Slower every time: the range fails, named, after the tries allowed.
	f.hook = slow
	c.Cache = nil
	_, err := c.Fetch(context.Background(), Range{2000, 2001}, 10)
	wantErr(t, err, "years 2000-2001: 3 tries failed", "no answer within 100ms", "--timeout")
}

// wantErr checks that err is an application error whose message holds
// every part of want.
func wantErr(t *testing.T, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %q", want)
	}
	if armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("error code %q for %v", armsflow.ErrorCode(err), err)
	}
	msg := armsflow.ErrorMessage(err)
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q\nlacks %q", msg, w)
		}
	}
}

func TestBadAnswers(t *testing.T) {
	good := newFake(t, rowsFor()).csv(Range{2000, 2001})
	enc := func(b []byte) string { return `{"bytes":"` + b64(b) + `"}` }
	for _, c := range []struct {
		name     string
		body     string
		ctype    string
		requests int // 1: fails at once; 3: tried as often as allowed
		want     []string
	}{
		{"bad base64", `{"bytes":"VHJhbnNmZXJz%%%"}`, "", 3, []string{"3 tries failed", "not valid base64"}},
		{"truncated CSV", enc(good[:len(good)-12]), "", 3, []string{"3 tries failed", "truncated"}},
		{"CSV cut inside a quoted field", enc(append(bytes.Clone(good), `6,A,B,"C`...)), "", 3, []string{"truncated"}},
		{"CSV cut before its header", enc(good[:200]), "", 3, []string{"before its header row"}},
		{"truncated JSON", `{"bytes":"VHJhbn`, "", 3, []string{"JSON is cut short"}},
		{"a delivery year outside the range", enc(append(bytes.Clone(good), deal(9, "A", "B", 2007, 1, 1)+"\n"...)), "", 1,
			[]string{"line 10: Delivery year 2007 is outside the years asked (2000-2001)"}},
		{"a row with a field too many", enc(bytes.Replace(good, []byte(",No\n"), []byte(",No,No\n"), 1)), "", 3, []string{"18 fields, not 17"}},
		{"HTML", "<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html", 1,
			[]string{"a web page (HTML)", "SIPRI's service has probably changed", "https://armstransfers.sipri.org", "armsflow import"}},
		{"HTML without its type", "\n<html>", "application/json", 1, []string{"a web page (HTML)"}},
		{"unknown JSON shape", `{"data":"x","status":"ok"}`, "", 1,
			[]string{`without "bytes" (its keys: data, status)`, "https://armstransfers.sipri.org", "armsflow import"}},
		{"bytes not a string", `{"bytes":[1,2]}`, "", 1, []string{`"bytes" is not a string`}},
		{"not JSON", `bytes=abc`, "", 1, []string{"not a JSON object"}},
		{"another CSV", enc([]byte("Volume of transfers of major arms\n")), "", 1, []string{"not SIPRI's trade register", "armsflow import"}},
		{"the classic register", enc(bytes.Replace(good, []byte(strings.Join(Header, ",")), []byte("Recipient,Supplier,Year of order"), 1)), "", 1,
			[]string{"classic layout"}},
		{"another header", enc(bytes.Replace(good, []byte("Local production"), []byte("Local make"), 1)), "", 1,
			[]string{"is not the export option's"}},
		{"another year range", enc(bytes.Replace(good, []byte("'2001'"), []byte("'2002'"), 1)), "", 1,
			[]string{"for the years '2000' to '2002', not 2000-2001 as asked"}},
		{"no stamp", enc(bytes.Replace(good, []byte("Data generated"), []byte("Data made"), 1)), "", 1,
			[]string{`no "Data generated:" line`}},
		{"a stamp without a date", enc(bytes.Replace(good, []byte("10 Feb 2025"), []byte("yesterday"), 1)), "", 1,
			[]string{"cannot read the date"}},
		{"404", "", "", 1, []string{"404 Not Found", "probably changed"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFake(t, rowsFor())
			f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
				if c.body == "" {
					http.NotFound(w, req)
					return true
				}
				if c.ctype != "" {
					w.Header().Set("Content-Type", c.ctype)
				}
				w.Write([]byte(c.body))
				return true
			}
			cl := client(t, f, nil)
			_, err := cl.Fetch(context.Background(), Range{2000, 2001}, 10)
			wantErr(t, err, append([]string{"years 2000-2001"}, c.want...)...)
			if f.count() != c.requests {
				t.Errorf("%d requests, want %d", f.count(), c.requests)
			}
			if entries, _ := filepath.Glob(filepath.Join(cl.Cache.Dir, "*", "*")); len(entries) != 0 {
				t.Errorf("a bad answer was cached: %v", entries)
			}
		})
	}
}

func TestEscapedJSON(t *testing.T) {
	// A JSON encoder may write '/' as "\/": the answer is still read.
	f := newFake(t, rowsFor())
	// A run of '?' makes a '/' in base64 whatever its alignment.
	f.preamble = []string{"Transfers of major conventional arms. Deals with deliveries made for the year range '%s' to '%s'", "??????????"}
	var want []byte
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		want = append(f.csv(r), "\n"...) // a blank line at the end is no row
		s := b64(want)
		if !strings.Contains(s, "/") {
			t.Error("no '/' in the base64")
		}
		w.Write([]byte("{ \"bytes\" : \"" + strings.ReplaceAll(s, "/", `\/`) + "\" }\n"))
		return true
	}
	res, err := client(t, f, nil).Fetch(context.Background(), Range{2000, 2001}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || !bytes.HasPrefix(want, res.Data[:len(res.Data)-1]) {
		t.Errorf("%d rows\n%s", res.Rows, res.Data)
	}
}

func TestStampChangesMidFetch(t *testing.T) {
	f := newFake(t, rowsFor())
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		if n == 2 { // SIPRI publishes a new vintage after the first range
			f.mu.Lock()
			f.stamp = "11 Mar 2025 9:01:02 AM"
			f.mu.Unlock()
		}
		return false
	}
	c := client(t, f, nil)
	var events []Event
	c.Progress = func(e Event) { events = append(events, e) }
	res, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Date != "2025-03-11" || !strings.Contains(res.Restarted, "SIPRI's data changed during the fetch: years 2000-2001 were generated on 10 Feb 2025 10:52:58 AM, years 2002-2003 on 11 Mar 2025 9:01:02 AM") {
		t.Errorf("date %s, restarted %q", res.Date, res.Restarted)
	}
	// First pass: 2000-2001 and 2002-2003 (new); second: 2004-2005 fresh,
	// 2002-2003 from the cache, 2000-2001 again.
	if f.count() != 4 || res.Cached != 1 {
		t.Errorf("%d requests, %d cached; want 4 and 1", f.count(), res.Cached)
	}
	if !slices.ContainsFunc(events, func(e Event) bool { return e.Kind == Restarted }) {
		t.Error("no Restarted event")
	}
	if bytes.Contains(res.Data, []byte("10 Feb 2025")) {
		t.Error("the old vintage's stamp is in the result")
	}

	// A stamp that changes with every request: start over once, then fail.
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		f.mu.Lock()
		f.stamp = time.Date(2025, 3, 1, 0, 0, n, 0, time.UTC).Format("2 Jan 2006 3:04:05 PM")
		f.mu.Unlock()
		return false
	}
	_, err = client(t, f, nil).Fetch(context.Background(), Range{2000, 2005}, 2)
	wantErr(t, err, "SIPRI's data changed twice while fetching", "try again")
}

func TestResume(t *testing.T) {
	f := newFake(t, rowsFor())
	// The service breaks down at the third range.
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		if r.From >= 2004 {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	c := client(t, f, nil)
	_, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	wantErr(t, err, "years 2004-2005: 3 tries failed", "503 Service Unavailable", "run the same command later")
	if f.count() != 5 {
		t.Errorf("%d requests, want 2 + 3 tries", f.count())
	}
	// It is back: only the missing range is asked, and it tells the vintage.
	f.hook = nil
	res, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if f.count() != 6 || res.Requests != 1 || res.Cached != 2 {
		t.Errorf("%d requests in all, %d for the resume, %d cached; want 6, 1, 2", f.count(), res.Requests, res.Cached)
	}
	full, err := client(t, f, nil).Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Data, full.Data) {
		t.Error("a resumed fetch differs from a fetch at one go")
	}
}

func TestSameVintageTwice(t *testing.T) {
	f := newFake(t, rowsFor())
	c := client(t, f, nil)
	first, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	// The second fetch asks one range, the last, to learn the vintage.
	if f.count() != 4 || second.Requests != 1 || second.Cached != 2 || f.asked[3] != (Range{2004, 2005}) {
		t.Errorf("%d requests (%v), second fetch %d requests and %d cached", f.count(), f.asked, second.Requests, second.Cached)
	}
	if !bytes.Equal(first.Data, second.Data) {
		t.Error("the same vintage fetched twice differs")
	}
	// A new vintage: the cache is of no use, every range is asked again.
	f.stamp = "1 Apr 2026 1:00:00 PM"
	third, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if third.Requests != 3 || third.Cached != 0 || third.Name != "sipri-register-2026-04-01.csv" {
		t.Errorf("new vintage: %d requests, %d cached, %s", third.Requests, third.Cached, third.Name)
	}
	// A damaged cache entry is asked again, not used.
	entries, _ := filepath.Glob(filepath.Join(c.Cache.Dir, "*", "2000-2001.csv"))
	if len(entries) != 1 {
		t.Fatalf("cache entries %v", entries)
	}
	data, _ := os.ReadFile(entries[0])
	os.WriteFile(entries[0], data[:len(data)-5], 0o644)
	fourth, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if fourth.Requests != 1 || fourth.Cached != 2 || !bytes.Equal(fourth.Data, third.Data) {
		t.Errorf("damaged entry: %d requests, %d cached", fourth.Requests, fourth.Cached)
	}
	// Another endpoint has a cache of its own.
	g := newFake(t, rowsFor())
	c.Endpoint = g.srv.URL
	if res, err := c.Fetch(context.Background(), Range{2000, 2005}, 2); err != nil || res.Cached != 0 {
		t.Errorf("another endpoint: %v, %d cached", err, res.Cached)
	}
}

func TestNoNetwork(t *testing.T) {
	// Nothing listens on a port just closed.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := &Client{Endpoint: "http://" + addr, Sleep: func(context.Context, time.Duration) error { return nil }}
	_, err = c.Fetch(context.Background(), Range{2000, 2001}, 10)
	wantErr(t, err, "cannot reach "+addr, "connection was refused", "check the network connection")

	// A name that cannot be looked up (the lookup is faked: no test asks a
	// real resolver).
	dnsFail := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "atbackend.sipri.org", IsNotFound: true}}
	}}
	c = &Client{HTTP: &http.Client{Transport: dnsFail}}
	_, err = c.Fetch(context.Background(), Range{2000, 2001}, 10)
	wantErr(t, err, "cannot reach atbackend.sipri.org", "atbackend.sipri.org cannot be looked up (no such host)")
}

func TestInterrupted(t *testing.T) {
	f := newFake(t, rowsFor())
	ctx, cancel := context.WithCancel(context.Background())
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		if n == 2 {
			cancel()
			<-req.Context().Done()
			return true
		}
		return false
	}
	c := client(t, f, nil)
	_, err := c.Fetch(ctx, Range{2000, 2005}, 2)
	wantErr(t, err, "interrupted", "run the same command to resume")
	// Run again: the first range comes from the cache, the two others are asked.
	f.hook = nil
	res, err := c.Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 2 || res.Cached != 1 || f.count() != 4 {
		t.Errorf("resumed: %d requests, %d cached, %d in all; want 2, 1, 4", res.Requests, res.Cached, f.count())
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	f := newFake(t, rowsFor())
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		w.Header().Set("Retry-After", "86400")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}
	_, err := client(t, f, nil).Fetch(context.Background(), Range{2000, 2001}, 10)
	wantErr(t, err, "years 2000-2001: SIPRI answered 429 Too Many Requests and asks to wait 24h0m0s")
}

func TestBadArguments(t *testing.T) {
	for _, c := range []struct {
		c     *Client
		years Range
		chunk int
		want  string
	}{
		{&Client{}, Range{2001, 2000}, 10, "the first year is after the last"},
		{&Client{}, Range{2000, 2001}, 0, "no years per request"},
		{&Client{Endpoint: "ftp://example.org"}, Range{2000, 2001}, 10, `endpoint "ftp://example.org"`},
		{&Client{Endpoint: "localhost:8080"}, Range{2000, 2001}, 10, "give the service's base URL"},
	} {
		_, err := c.c.Fetch(context.Background(), c.years, c.chunk)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q %v %d: %v, want %q", c.c.Endpoint, c.years, c.chunk, err, c.want)
		}
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"": 0, "0": 0, "-3": 0, "120": 2 * time.Minute, "soon": 0,
		"Thu, 01 Jan 2026 00:01:00 GMT": time.Minute,
		"Wed, 31 Dec 2025 23:00:00 GMT": 0,
	} {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestDefaultBackoff(t *testing.T) {
	for try, bounds := range map[int][2]time.Duration{1: {time.Second, 2 * time.Second}, 2: {2 * time.Second, 4 * time.Second}, 3: {4 * time.Second, 8 * time.Second}, 9: {30 * time.Second, time.Minute}} {
		for range 20 {
			if d := DefaultBackoff(try); d < bounds[0] || d > bounds[1] {
				t.Errorf("DefaultBackoff(%d) = %s, want within %v", try, d, bounds)
			}
		}
	}
}

func TestMergeEncodings(t *testing.T) {
	f := newFake(t, []string{deal(1, "Türkiye", "Chile", 2000, 1, 1), deal(2, "France", "Chile", 2001, 1, 1)})
	utf := f.csv(Range{2000, 2000})
	latin := bytes.ReplaceAll(f.csv(Range{2001, 2001}), []byte("France"), []byte("Fran\xe7e \x80"))
	var parts []*part
	for i, d := range [][]byte{utf, latin} {
		p, err := check(d, Range{2000 + i, 2000 + i})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	out := merge(parts, Range{2000, 2001})
	if !bytes.Contains(out, []byte("Türkiye")) || !bytes.Contains(out, []byte("Françe €")) {
		t.Errorf("mixed encodings not made UTF-8:\n%s", out)
	}
}

func TestMergeOrdersWithoutDeliveries(t *testing.T) {
	open := "7,Russia,India,S-400,SAM system,Air defence systems,2018,No,,,,,New,400,400,,No"
	f := newFake(t, []string{deal(1, "A", "B", 2000, 1, 1), deal(1, "A", "B", 2001, 1, 1)})
	var parts []*part
	for _, r := range []Range{{2000, 2000}, {2001, 2001}} {
		p, err := check(append(f.csv(r), open+"\r\n"...), r)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	out := string(merge(parts, Range{2000, 2001}))
	if strings.Count(out, open) != 1 {
		t.Errorf("an order without deliveries kept %d times:\n%s", strings.Count(out, open), out)
	}
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, false)
	p.Event(Event{Kind: Start, Range: Range{1950, 1959}, Total: 2, Try: 1, Tries: 5})
	p.Event(Event{Kind: Retry, Range: Range{1950, 1959}, Total: 2, Try: 2, Tries: 5, Wait: 3 * time.Second, Err: errors.New("SIPRI answered 500 Internal Server Error")})
	p.Event(Event{Kind: Done, Range: Range{1950, 1959}, Done: 1, Total: 2, Rows: 2345, Bytes: 300 << 10, Took: 21400 * time.Millisecond})
	p.Event(Event{Kind: Done, Range: Range{1960, 1969}, Done: 2, Total: 2, Rows: 3000, Bytes: 3 << 20, Cached: true})
	p.Close()
	want := `fetch: years 1950-1959: SIPRI answered 500 Internal Server Error; try 2 of 5 in 3s
fetch: years 1950-1959 (1 of 2): 2345 rows, 300 KB in 21.4s
fetch: years 1960-1969 (2 of 2): 3000 rows, 3.0 MB from the cache
`
	if b.String() != want {
		t.Errorf("off a terminal:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	p = NewProgress(&b, true)
	at := p.start
	p.now = func() time.Time { return at }
	p.Event(Event{Kind: Start, Range: Range{1950, 1959}, Total: 4})
	at = at.Add(20 * time.Second)
	p.Event(Event{Kind: Done, Range: Range{1950, 1959}, Done: 1, Total: 4, Took: 20 * time.Second})
	p.Event(Event{Kind: Retry, Range: Range{1960, 1969}, Total: 4, Try: 2, Tries: 5, Wait: time.Second, Err: errors.New("SIPRI answered 502 Bad Gateway")})
	p.Close()
	out := b.String()
	for _, w := range []string{"\r[      ", "] 0/4 ranges  0:00 elapsed  estimating  asking 1950-1959\x1b[K",
		"\r[======                  ] 1/4 ranges  0:20 elapsed  ~1:00 left\x1b[K",
		"\r\x1b[Kfetch: years 1960-1969: SIPRI answered 502 Bad Gateway; try 2 of 5 in 1s\n"} {
		if !strings.Contains(out, w) {
			t.Errorf("on a terminal: %q\nlacks %q", out, w)
		}
	}
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("the bar's line is not ended: %q", out)
	}
}

func b64(b []byte) string {
	return base64Std(b)
}

// FuzzCheck: no answer, however garbled, makes the checks or the merge
// panic, and what passes the checks has rows inside the range asked.
func FuzzCheck(f *testing.F) {
	fk := &fake{stamp: "10 Feb 2025 10:52:58 AM", rows: rowsFor()}
	f.Add(fk.csv(Range{2000, 2001}))
	f.Add(fk.csv(Range{2004, 2005})[:300])
	f.Add([]byte("Transfers of major conventional arms year range '2000' to '2001'\nData generated: 1 Jan 2025\n" + strings.Join(Header, ",") + "\n\"1,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range []Range{{2000, 2001}, {2004, 2005}} {
			p, err := check(data, r)
			if err != nil {
				continue
			}
			out := merge([]*part{p, p}, r)
			if _, err := check(out, r); err != nil {
				t.Errorf("the merge of a good answer fails the checks: %v\n%q", err, out)
			}
		}
		decode(data, "")
	})
}

// TestCRLF: an answer with CRLF line ends (and a byte order mark) is read,
// merged and imported as well.
func TestCRLF(t *testing.T) {
	f := newFake(t, rowsFor())
	f.hook = func(n int, r Range, w http.ResponseWriter, req *http.Request) bool {
		data := append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(f.csv(r), []byte("\n"), []byte("\r\n"))...)
		w.Write([]byte(`{"bytes":"` + b64(data) + `"}`))
		return true
	}
	res, err := client(t, f, nil).Fetch(context.Background(), Range{2000, 2005}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 8 || !bytes.HasPrefix(res.Data, []byte("Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range '2000' to '2005' \r\n")) {
		t.Errorf("%d rows:\n%q", res.Rows, res.Data)
	}
	parsed, err := importer.Parse([]importer.File{{Name: res.Name, Data: res.Data}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ds := parsed.Datasets[0]
	if ds.Dataset.Name != "register-2025-02-10" || ds.Dataset.Scope != "deliveries 2000-2005" || len(ds.Files[0].Content.Deals) != 5 {
		t.Errorf("dataset %+v, %d deals", ds.Dataset, len(ds.Files[0].Content.Deals))
	}
}
