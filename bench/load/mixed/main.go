// Command mixed is the hostile-traffic load benchmark of the web server
// (bench/load-mixed.sh): for a fixed time it sends, at once,
//
//   - mixed anonymous reads of the API on -conn connections (the figures),
//   - unique junk URLs from one client (repeated and unknown parameters,
//     unknown names, random queries), each a new question,
//   - wrong passwords from one client (the sign-in form),
//   - uploads of SIPRI files from one editor's script, one a second,
//
// and samples the server's resident memory (VmRSS of -pid) every 100 ms.
// It prints one line of figures per kind of traffic and exits 1 when a
// normal read failed, a request got a 5xx other than 503 (busy) or the
// network failed.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// reads are the normal questions, as the web app's pages ask them.
var reads = []string{
	"/api/v1/flows?supplier=Russia&recipient=Viet%20Nam&years=1995-2021",
	"/api/v1/rank/suppliers?years=2017-2021",
	"/api/v1/rank/recipients?years=2017-2021&limit=20",
	"/api/v1/concentration?recipient=Viet%20Nam&years=1995-2021",
	"/api/v1/deals?supplier=Russia&recipient=Viet%20Nam",
	"/api/v1/events?between=Russia,Viet%20Nam",
	"/api/v1/names?q=viet",
	"/api/v1/datasets",
	"/api/v1/flows?supplier=France&recipient=India",
	"/api/v1/rank/suppliers?recipient=India&years=2012-2021",
}

func main() {
	base := flag.String("url", "http://127.0.0.1:18182", "the server")
	pid := flag.Int("pid", 0, "the server's process id, to sample its memory")
	conns := flag.Int("conn", 64, "connections of normal reads (0: none, when wrk sends them)")
	d := flag.Duration("for", 20*time.Second, "how long")
	token := flag.String("token", "", "an editor's API token, for the uploads")
	upload := flag.String("upload", "", "files to upload back to back, joined by commas")
	flag.Parse()
	if err := run(*base, *pid, *conns, *d, *token, *upload); err != nil {
		fmt.Fprintln(os.Stderr, "mixed:", err)
		os.Exit(1)
	}
}

// tally counts one kind of traffic's answers.
type tally struct {
	mu       sync.Mutex
	lat      []time.Duration
	statuses map[int]int
	neterr   int
}

func (t *tally) add(status int, d time.Duration, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.statuses == nil {
		t.statuses = map[int]int{}
	}
	if err != nil {
		t.neterr++
		return
	}
	t.statuses[status]++
	t.lat = append(t.lat, d)
}

func (t *tally) line(name string, secs float64) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	sort.Slice(t.lat, func(i, j int) bool { return t.lat[i] < t.lat[j] })
	q := func(p float64) float64 {
		if len(t.lat) == 0 {
			return 0
		}
		return float64(t.lat[min(len(t.lat)-1, int(p*float64(len(t.lat))))].Microseconds()) / 1000
	}
	var st []string
	for s, n := range t.statuses {
		st = append(st, fmt.Sprintf("%d:%d", s, n))
	}
	sort.Strings(st)
	return fmt.Sprintf("%s requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f statuses=%s net_errors=%d",
		name, len(t.lat), float64(len(t.lat))/secs, q(0.5), q(0.9), q(0.99), q(1), strings.Join(st, ","), t.neterr)
}

// bad counts what the acceptance calls errors: for normal reads anything
// but 200, for the others a 5xx other than 503 (a refusal with
// Retry-After is the intended answer under load) or a network error.
func (t *tally) bad(normal bool) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.neterr
	for s, c := range t.statuses {
		if normal && s != 200 || !normal && s >= 500 && s != 503 {
			n += c
		}
	}
	return n
}

func run(base string, pid, conns int, d time.Duration, token, upload string) error {
	tr := &http.Transport{MaxIdleConnsPerHost: conns + 8, MaxConnsPerHost: conns + 8}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	get := func(c *http.Client, path string) (int, time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
		t0 := time.Now()
		res, err := c.Do(req)
		if err != nil {
			return 0, 0, err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, time.Since(t0), nil
	}
	live := func(err error) bool { return ctx.Err() == nil || err == nil }
	var normal, junk, guess, imports tally
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := i; ctx.Err() == nil; n++ {
				s, dt, err := get(client, reads[n%len(reads)])
				if live(err) {
					normal.add(s, dt, err)
				}
			}
		}(i)
	}
	wg.Add(1)
	go func() { // unique junk URLs
		defer wg.Done()
		c := &http.Client{Timeout: 30 * time.Second}
		for n := 0; ctx.Err() == nil; n++ {
			r := strconv.FormatUint(rand.Uint64(), 36) + strconv.Itoa(n)
			var p string
			switch n % 5 {
			case 0:
				p = "/api/v1/names?q=zz&limit=1&limit=" + r
			case 1:
				p = "/api/v1/names?q=" + r + "&limit=1"
			case 2:
				p = "/api/v1/flows?supplier=" + r + "&recipient=Viet%20Nam"
			case 3:
				p = "/api/v1/rank/suppliers?" + r + "=1"
			default:
				p = "/api/v1/names?q=" + strings.Repeat(r, 200)
			}
			s, dt, err := get(c, p)
			if live(err) {
				junk.add(s, dt, err)
			}
		}
	}()
	wg.Add(1)
	go func() { // a password guesser
		defer wg.Done()
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.Get(base + "/login")
		if err != nil {
			guess.add(0, 0, err)
			return
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindSubmatch(page)
		if m == nil {
			guess.add(0, 0, fmt.Errorf("no CSRF token on the sign-in page"))
			return
		}
		for n := 0; ctx.Err() == nil; n++ {
			form := url.Values{"name": {[]string{"editor", "admin", "root"}[n%3]}, "password": {fmt.Sprintf("guess-%d", n)}, "csrf_token": {string(m[1])}}
			req, _ := http.NewRequestWithContext(ctx, "POST", base+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			t0 := time.Now()
			res, err := c.Do(req)
			if err == nil {
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				guess.add(res.StatusCode, time.Since(t0), nil)
			} else if live(err) {
				guess.add(0, 0, err)
			}
		}
	}()
	if upload != "" {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for _, f := range strings.Split(upload, ",") {
			data, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			part, _ := mw.CreateFormFile("file", filepath.Base(f))
			part.Write(data)
		}
		mw.Close()
		wg.Add(1)
		go func() { // an editor's script importing, once a second
			defer wg.Done()
			c := &http.Client{Timeout: 60 * time.Second}
			for ; ctx.Err() == nil; time.Sleep(time.Second) {
				req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/datasets", bytes.NewReader(body.Bytes()))
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.Header.Set("Authorization", "Bearer "+token)
				t0 := time.Now()
				res, err := c.Do(req)
				if err == nil {
					msg, _ := io.ReadAll(res.Body)
					res.Body.Close()
					if res.StatusCode != 200 {
						fmt.Fprintf(os.Stderr, "upload: %d %s\n", res.StatusCode, msg)
					}
					imports.add(res.StatusCode, time.Since(t0), nil)
				} else if live(err) {
					imports.add(0, 0, err)
				}
			}
		}()
	}
	var maxRSS, samples atomic.Int64
	var rssSum int64
	if pid > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				if kb := rss(pid); kb > 0 {
					samples.Add(1)
					rssSum += kb
					if kb > maxRSS.Load() {
						maxRSS.Store(kb)
					}
				}
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}
	start := time.Now()
	wg.Wait()
	secs := time.Since(start).Seconds()
	if conns > 0 {
		fmt.Println(normal.line("reads", secs))
	}
	fmt.Println(junk.line("junk", secs))
	fmt.Println(guess.line("guesses", secs))
	if upload != "" {
		fmt.Println(imports.line("uploads", secs))
	}
	if n := samples.Load(); n > 0 {
		fmt.Printf("server_rss max_mb=%.1f mean_mb=%.1f samples=%d\n", float64(maxRSS.Load())/1024, float64(rssSum)/float64(n)/1024, n)
	}
	errs := normal.bad(true) + junk.bad(false) + guess.bad(false) + imports.bad(false)
	fmt.Printf("errors=%d\n", errs)
	if errs > 0 {
		return fmt.Errorf("%d errors", errs)
	}
	return nil
}

// rss returns the resident memory of process pid in KB, or 0.
func rss(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}
