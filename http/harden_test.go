package http

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	nethttp "net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
)

// serveLocal answers one request in process, without a connection.
func serveLocal(f *fixture, method, target string, body io.Reader, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req)
	return rec
}

func errorMessage(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, body)
	}
	return e.Error.Message
}

// Item 1: unique junk URLs cannot grow the API's memo without bound.
func TestMemoBounded(t *testing.T) {
	f := newFixture(t, Config{})
	// Repeated and unknown parameters are refused, naming the parameter.
	for _, c := range []struct{ path, name string }{
		{"/api/v1/names?q=zz&limit=1&limit=junk123", `"limit"`},
		{"/api/v1/names?q=zz&junk123=1", `"junk123"`},
		{"/api/v1/rank/suppliers?years=2010-2020&years=2011", `"years"`},
		{"/api/v1/events?between=Russia&between=Viet+Nam", `"between"`},
		{"/api/v1/report?supplier=Russia&recipient=Viet+Nam&top=1&top=2", `"top"`},
	} {
		rec := serveLocal(f, "GET", c.path, nil, nil)
		if rec.Code != 400 || !strings.Contains(errorMessage(t, rec.Body.Bytes()), c.name) {
			t.Errorf("GET %s: %d %s, want 400 naming %s", c.path, rec.Code, rec.Body, c.name)
		}
	}
	// The same question in another order or escaping is one entry.
	sn := f.srv.current()
	serveLocal(f, "GET", "/api/v1/names?q=viet&limit=3", nil, nil)
	serveLocal(f, "GET", "/api/v1/names?limit=3&q=%76iet", nil, nil)
	if n := sn.cacheEntries.Load(); n != 1 {
		t.Errorf("one question asked two ways: %d memo entries, want 1", n)
	}
	// Many unique answered URLs with long keys: the memo stays in its
	// bounds, counting the keys.
	junk := strings.Repeat("z", 16<<10)
	for i := 0; i < maxCacheEntries+2000; i++ {
		rec := serveLocal(f, "GET", fmt.Sprintf("/api/v1/names?q=%s%d&limit=1", junk, i), nil, nil)
		if rec.Code != 200 {
			t.Fatalf("junk query %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	n, b := 0, int64(0)
	sn.cache.Range(func(k, v any) bool {
		n++
		b += int64(len(k.(string)) + len(v.(*cachedAnswer).body))
		return true
	})
	if n > maxCacheEntries || b > maxCacheBytes {
		t.Errorf("memo holds %d entries and %d bytes of keys and bodies; bounds %d and %d", n, b, maxCacheEntries, maxCacheBytes)
	}
	if int64(n) != sn.cacheEntries.Load() {
		t.Errorf("memo holds %d entries, counts %d", n, sn.cacheEntries.Load())
	}
	// A busy question survives the junk.
	for i := 0; i < 3; i++ {
		serveLocal(f, "GET", "/api/v1/rank/suppliers?years=2010-2020", nil, nil)
	}
	for i := 0; i < maxCacheEntries; i++ {
		serveLocal(f, "GET", fmt.Sprintf("/api/v1/names?q=y%d", i), nil, nil)
	}
	req := httptest.NewRequest("GET", "/api/v1/rank/suppliers?years=2010-2020", nil)
	key, _ := cacheKey(req)
	if _, ok := sn.cache.Load(key); !ok {
		t.Errorf("the busy answer was evicted by one-off ones")
	}
}

// postLogin tries a sign-in with c, which holds a CSRF cookie and token.
func postLogin(f *fixture, c *nethttp.Client, tok, name, password string, hdr map[string]string) response {
	form := url.Values{"name": {name}, "password": {password}, "csrf_token": {tok}}
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	for k, v := range hdr {
		h[k] = v
	}
	return f.do(c, "POST", "/login", strings.NewReader(form.Encode()), h)
}

func anonClient(f *fixture) (*nethttp.Client, string) {
	jar, _ := cookiejar.New(nil)
	c := &nethttp.Client{Jar: jar, CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}
	m := metaCSRF.FindSubmatch(f.do(c, "GET", "/login", nil, nil).body)
	if m == nil {
		f.t.Fatal("no CSRF token on the sign-in page")
	}
	return c, string(m[1])
}

// Item 2: failed sign-ins are throttled per account and per address, and
// few passwords are hashed at once.
func TestLoginThrottled(t *testing.T) {
	f := newFixture(t, Config{})
	c, tok := anonClient(f)
	for i := 0; i < accountFails; i++ {
		if r := postLogin(f, c, tok, "ed", "wrong-password", nil); r.status != 401 {
			t.Fatalf("wrong password %d: %d", i, r.status)
		}
	}
	// Now even the right password waits.
	r := postLogin(f, c, tok, "ed", f.editorPW, nil)
	if r.status != 429 || r.header.Get("Retry-After") == "" || !strings.Contains(string(r.body), "too many failed sign-ins") {
		t.Errorf("sign-in after %d failures: %d Retry-After %q", accountFails, r.status, r.header.Get("Retry-After"))
	}
	// Another account is not affected (the address has 5 failures, under
	// its own limit)...
	if r := postLogin(f, c, tok, "vi", f.viewerPW, nil); r.status != 303 {
		t.Errorf("another account's sign-in: %d", r.status)
	}
	// ...but one address guessing many accounts is.
	th := newThrottle()
	for i := 0; i < addrFails; i++ {
		th.failed(fmt.Sprintf("user%d", i), "192.0.2.1")
	}
	if th.blocked("someone-else", "192.0.2.1") <= 0 || th.blocked("someone-else", "192.0.2.2") != 0 {
		t.Errorf("address throttling: %v from the guesser, %v from another", th.blocked("x", "192.0.2.1"), th.blocked("x", "192.0.2.2"))
	}
	// The delay ends.
	later := time.Now().Add(maxLockout + time.Second)
	th.now = func() time.Time { return later }
	if d := th.blocked("x", "192.0.2.1"); d != 0 {
		t.Errorf("still blocked after the lockout: %v", d)
	}
	// The table of failures stays bounded.
	for i := 0; i < maxThrottled*2; i++ {
		th.failed(fmt.Sprintf("u%d", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	}
	if len(th.keys) > maxThrottled {
		t.Errorf("%d throttle entries, bound %d", len(th.keys), maxThrottled)
	}

	// With every hashing place taken, a sign-in is told to come back.
	old := hashWait
	hashWait = 50 * time.Millisecond
	defer func() { hashWait = old }()
	for i := 0; i < cap(f.srv.hashes); i++ {
		f.srv.hashes <- struct{}{}
	}
	c2, tok2 := anonClient(f)
	r = postLogin(f, c2, tok2, "vi", f.viewerPW, nil)
	for i := 0; i < cap(f.srv.hashes); i++ {
		f.srv.hashes.release()
	}
	if r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Errorf("sign-in with every hash place taken: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
}

// Item 2: a cheap API call stays fast while many clients guess passwords.
func TestCheapCallsFastDuringGuessing(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test skipped with -short")
	}
	f := newFixture(t, Config{})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, tok := anonClient(f)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				postLogin(f, c, tok, fmt.Sprintf("guess%d", i%3), "wrong-password", nil)
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)
	var lat []time.Duration
	for i := 0; i < 40; i++ {
		t0 := time.Now()
		if r := f.get("/api/v1/datasets"); r.status != 200 {
			t.Errorf("cheap call: %d", r.status)
		}
		lat = append(lat, time.Since(t0))
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if p50 := lat[len(lat)/2]; p50 > 50*time.Millisecond {
		t.Errorf("a cheap call during a guessing attack: p50 %v, max %v", p50, lat[len(lat)-1])
	}
}

// editorUpload posts files as the editor's API token.
func (f *fixture) upload(files map[string][]byte) response {
	body, ctype := multipartBody(f.t, files)
	return f.do(nil, "POST", "/api/v1/datasets", body, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + f.editorTok})
}

// Item 3: one upload is parsed at a time, and a file that would take
// memory out of proportion to its size is refused before it is parsed.
func TestUploadBounded(t *testing.T) {
	f := newFixture(t, Config{})
	reg, err := os.ReadFile("../sipri/testdata/register-small.csv")
	if err != nil {
		t.Fatal(err)
	}
	head := reg[:bytes.IndexByte(reg, '\n')+1]
	r := f.upload(map[string][]byte{"commas.csv": append(append([]byte{}, head...), bytes.Repeat([]byte{','}, 1<<20)...)})
	if r.status != 400 || !strings.Contains(errorMessage(t, r.body), "commas.csv:2: more than") {
		t.Errorf("a line of a million commas: %d %s", r.status, r.body)
	}
	long := append(append([]byte{}, head...), bytes.Repeat([]byte{'x'}, 1<<20)...)
	if r := f.upload(map[string][]byte{"long.csv": long}); r.status != 400 || !strings.Contains(errorMessage(t, r.body), "long.csv:2: a line longer than") {
		t.Errorf("a line of a million bytes: %d %s", r.status, r.body)
	}
	many := append(append([]byte{}, head...), bytes.Repeat([]byte(",,,,,,,,,,,,,,,\n"), maxUploadFields/16+1)...)
	if r := f.upload(map[string][]byte{"many.csv": many}); r.status != 400 || !strings.Contains(errorMessage(t, r.body), "more than") {
		t.Errorf("%d fields: %d %s", maxUploadFields, r.status, r.body)
	}
	// While another upload is being parsed, an upload waits, then is told
	// to come back.
	old := parseWait
	parseWait = 50 * time.Millisecond
	defer func() { parseWait = old }()
	f.srv.parses <- struct{}{}
	r = f.upload(map[string][]byte{"register-small.csv": reg})
	f.srv.parses.release()
	if r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Errorf("upload while another is parsed: %d Retry-After %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	if r := f.upload(map[string][]byte{"register-small.csv": reg}); r.status != 200 {
		t.Errorf("upload afterwards: %d %s", r.status, r.body)
	}
}

// Items 5 and 10: the CSRF token is bound to the session; it is read from
// the header or a form field, never the query string; JSON must say so;
// and the no-script upload form works.
func TestCSRFBoundToSession(t *testing.T) {
	f := newFixture(t, Config{})
	// An attacker's own anonymous cookie and its token.
	attacker, attackerTok := anonClient(f)
	var planted *nethttp.Cookie
	for _, ck := range attacker.Jar.Cookies(mustURL(f.ts.URL)) {
		if ck.Name == csrfCookie {
			planted = ck
		}
	}
	if planted == nil {
		t.Fatal("no CSRF cookie")
	}
	c, tok := f.login("ed", f.editorPW)
	// The attacker plants the cookie in the editor's browser.
	c.Jar.SetCookies(mustURL(f.ts.URL), []*nethttp.Cookie{{Name: csrfCookie, Value: planted.Value, Path: "/"}})
	ev := testEvent("2016-planted-visit")
	jsonCT := map[string]string{"Content-Type": "application/json"}
	if r := f.do(c, "POST", "/api/v1/events", jsonBody(t, ev), map[string]string{"Content-Type": "application/json", "X-CSRF-Token": attackerTok}); r.status != 403 {
		t.Errorf("a write with a planted cookie's token: %d %s", r.status, r.body)
	}
	if r := f.do(c, "POST", "/api/v1/events?csrf_token="+url.QueryEscape(tok), jsonBody(t, ev), jsonCT); r.status != 403 {
		t.Errorf("a write with the token in the query string: %d %s", r.status, r.body)
	}
	if r := f.do(c, "POST", "/api/v1/events", jsonBody(t, ev), map[string]string{"Content-Type": "text/plain", "X-CSRF-Token": tok}); r.status != 415 {
		t.Errorf("an event sent as text/plain: %d %s", r.status, r.body)
	}
	if r := f.do(c, "POST", "/api/v1/events", jsonBody(t, ev), map[string]string{"Content-Type": "application/json", "X-CSRF-Token": tok, "Origin": "https://evil.example"}); r.status != 403 {
		t.Errorf("a write from another origin: %d %s", r.status, r.body)
	}
	if r := f.do(c, "POST", "/api/v1/events", jsonBody(t, ev), map[string]string{"Content-Type": "application/json; charset=utf-8", "X-CSRF-Token": tok}); r.status != 201 {
		t.Errorf("a write with the session's token: %d %s", r.status, r.body)
	}

	// The no-script upload form: the token as the form's first field.
	reg, err := os.ReadFile("../sipri/testdata/register-small.csv")
	if err != nil {
		t.Fatal(err)
	}
	form := func(token string) (io.Reader, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		w.WriteField(csrfField, token)
		part, _ := w.CreateFormFile("file", "register-small.csv")
		part.Write(reg)
		w.Close()
		return &buf, w.FormDataContentType()
	}
	body, ctype := form("forged")
	if r := f.do(c, "POST", "/upload", body, map[string]string{"Content-Type": ctype}); r.status != 403 {
		t.Errorf("no-script upload with a forged token: %d", r.status)
	}
	body, ctype = form(tok)
	r := f.do(c, "POST", "/upload", body, map[string]string{"Content-Type": ctype})
	if r.status != 200 || !strings.Contains(string(r.body), `id="upload-result"`) {
		t.Errorf("no-script upload with the token: %d %s", r.status, r.body)
	}
}

// Item 13: after sign-in, only a clean path on this site is followed.
func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/events":                       "/events",
		"/dyad?supplier=Russia#x":       "/dyad?supplier=Russia#x",
		"/%23import":                    "/%23import",
		"":                              "/",
		"//evil.example/":               "/",
		"/\t/evil.example/":             "/",
		"/\n/evil.example/":             "/",
		"/\\evil.example":               "/",
		"/ /evil.example":               "/",
		"https://evil.example/":         "/",
		"javascript:alert(1)":           "/",
		"/\x00":                         "/",
		"/a\\b":                         "/",
		"evil.example":                  "/",
		"/\u2028/evil":                  "/\u2028/evil",
		"/" + strings.Repeat("a", 3000): "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
	f := newFixture(t, Config{})
	c, tok := anonClient(f)
	form := url.Values{"name": {"ed"}, "password": {f.editorPW}, "csrf_token": {tok}}
	r := f.do(c, "POST", "/login?next=/%09/evil.example/", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if r.status != 303 || r.header.Get("Location") != "/" {
		t.Errorf("sign-in with next=/%%09/evil.example/: %d Location %q", r.status, r.header.Get("Location"))
	}
}

// Item 17: Secure cookies and HSTS over HTTPS, directly or behind a
// trusted proxy; the proxy's headers from anyone else are ignored.
func TestHTTPSAndProxy(t *testing.T) {
	hsts := func(r response) bool { return r.header.Get("Strict-Transport-Security") != "" }
	secure := func(r response) bool {
		cks := r.header.Values("Set-Cookie")
		for _, ck := range cks {
			if !strings.Contains(ck, "Secure") || !strings.HasPrefix(ck, "__Host-") {
				return false
			}
		}
		return len(cks) > 0
	}
	xfp := map[string]string{"X-Forwarded-Proto": "https"}

	plain := newFixture(t, Config{})
	if r := plain.do(nil, "GET", "/", nil, xfp); hsts(r) || secure(r) {
		t.Errorf("X-Forwarded-Proto believed without --behind-proxy: HSTS %v, secure cookies %v", hsts(r), secure(r))
	}
	other := newFixture(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	if r := other.do(nil, "GET", "/", nil, xfp); hsts(r) || secure(r) {
		t.Errorf("X-Forwarded-Proto believed from a client that is not the proxy")
	}
	proxied := newFixture(t, Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}})
	if r := proxied.do(nil, "GET", "/", nil, xfp); !hsts(r) || !secure(r) {
		t.Errorf("behind a trusted proxy saying https: HSTS %v, secure cookies %v: %v", hsts(r), secure(r), r.header)
	}
	if r := proxied.do(nil, "GET", "/", nil, nil); hsts(r) || secure(r) {
		t.Errorf("behind a trusted proxy saying nothing: HSTS %v, secure %v", hsts(r), secure(r))
	}
	// The client's address behind the proxy is the one the proxy added.
	req := httptest.NewRequest("GET", "/", nil)
	req.RemoteAddr = "127.0.0.1:5000"
	req.Header.Add("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
	if got := proxied.srv.clientAddr(req); got != "198.51.100.7" {
		t.Errorf("client address behind the proxy: %s", got)
	}
	if got := plain.srv.clientAddr(req); got != "127.0.0.1" {
		t.Errorf("client address without a proxy: %s", got)
	}

	// Served over TLS.
	f := newFixture(t, Config{})
	ts := httptest.NewTLSServer(f.srv)
	defer ts.Close()
	res, err := ts.Client().Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if r := (response{res.StatusCode, res.Header, nil}); !hsts(r) || !secure(r) {
		t.Errorf("over TLS: HSTS %v, secure cookies %v", hsts(r), secure(r))
	}
}

// Item 18: the deals come in pages with a next link, and heavy work is
// bounded.
func TestDealsPagedAndHeavyWorkBounded(t *testing.T) {
	f := newFixture(t, Config{})
	var all struct {
		Count int               `json:"count"`
		Rows  []json.RawMessage `json:"rows"`
		Next  string            `json:"next"`
	}
	r := f.get("/api/v1/deals?limit=0")
	if err := json.Unmarshal(r.body, &all); err != nil || r.status != 200 || all.Next != "" || len(all.Rows) < 3 {
		t.Fatalf("all deals: %d %v next %q, %d rows", r.status, err, all.Next, len(all.Rows))
	}
	var got []json.RawMessage
	next := "/api/v1/deals?limit=2"
	for pages := 0; next != ""; pages++ {
		if pages > len(all.Rows) {
			t.Fatal("the pages do not end")
		}
		var page struct {
			Count int               `json:"count"`
			Rows  []json.RawMessage `json:"rows"`
			Next  string            `json:"next"`
		}
		r := f.get(next)
		if err := json.Unmarshal(r.body, &page); err != nil || r.status != 200 || len(page.Rows) > 2 || page.Count != all.Count {
			t.Fatalf("GET %s: %d %v, %d rows, count %d", next, r.status, err, len(page.Rows), page.Count)
		}
		if page.Next != "" && !strings.Contains(r.header.Get("Link"), `rel="next"`) {
			t.Errorf("no Link header with the next page")
		}
		got = append(got, page.Rows...)
		next = page.Next
	}
	if len(got) != len(all.Rows) {
		t.Fatalf("pages hold %d deals, the whole answer %d", len(got), len(all.Rows))
	}
	for i := range got {
		if !bytes.Equal(got[i], all.Rows[i]) {
			t.Errorf("deal %d differs between pages and the whole", i)
		}
	}
	// With every heavy place taken, a report is refused for now.
	old := heavyWait
	heavyWait = 20 * time.Millisecond
	defer func() { heavyWait = old }()
	for i := 0; i < cap(f.srv.heavy); i++ {
		f.srv.heavy <- struct{}{}
	}
	r = f.get("/api/v1/report?supplier=Russia&recipient=Viet+Nam&format=xlsx")
	r2 := f.get("/api/v1/deals?limit=0&supplier=Russia")
	for i := 0; i < cap(f.srv.heavy); i++ {
		f.srv.heavy.release()
	}
	if r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Errorf("report while busy: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	if r2.status != 503 || r2.header.Get("Retry-After") == "" {
		t.Errorf("all deals while busy: %d Retry-After %q", r2.status, r2.header.Get("Retry-After"))
	}
	if r := f.get("/api/v1/report?supplier=Russia&recipient=Viet+Nam&format=xlsx"); r.status != 200 {
		t.Errorf("report afterwards: %d", r.status)
	}
}

// Items 19 and 20: messages that say what happened, in the API's words.
func TestClearMessages(t *testing.T) {
	f := newFixture(t, Config{})
	big := bytes.Repeat([]byte("x"), 2<<20)
	r := f.do(nil, "POST", "/api/v1/events", bytes.NewReader(big), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + f.editorTok})
	if msg := errorMessage(t, r.body); r.status != 413 || !strings.Contains(msg, "1 MB") || strings.Contains(msg, "max-upload") {
		t.Errorf("a 2 MB event: %d %q", r.status, msg)
	}
	r = f.get("/api/v1/events?kind=party")
	if msg := errorMessage(t, r.body); r.status != 400 || strings.Contains(msg, "--") || !strings.Contains(msg, `kind="party"`) {
		t.Errorf("kind=party: %d %q", r.status, msg)
	}
	// A full disk says so.
	for _, err := range []error{
		&armsflow.Error{Code: armsflow.EINTERNAL, Message: "importing", Err: fmt.Errorf("write lib.db: %w", syscall.ENOSPC)},
		&armsflow.Error{Code: armsflow.EINTERNAL, Message: "importing", Err: fmt.Errorf("database or disk is full (13)")},
	} {
		rec := httptest.NewRecorder()
		f.srv.apiError(rec, httptest.NewRequest("POST", "/api/v1/datasets", nil), err)
		if msg := errorMessage(t, rec.Body.Bytes()); rec.Code != 507 || !strings.Contains(msg, "disk") || !strings.Contains(msg, "full") {
			t.Errorf("disk full: %d %q", rec.Code, msg)
		}
	}
}

// Item 4: a revoked token and an ended session stop working at once.
func TestAccessRevokedAtOnce(t *testing.T) {
	f := newSQLiteFixture(t, Config{})
	auth := map[string]string{"Authorization": "Bearer " + f.editorTok}
	if r := f.do(nil, "GET", "/api/v1/datasets", nil, auth); r.status != 200 {
		t.Fatalf("with the token: %d", r.status)
	}
	toks, err := f.sql.Tokens(context.Background(), "ed")
	if err != nil || len(toks) != 1 {
		t.Fatalf("Tokens: %v %v", toks, err)
	}
	if err := f.sql.RevokeToken(context.Background(), toks[0].ID); err != nil {
		t.Fatal(err)
	}
	if r := f.do(nil, "GET", "/api/v1/datasets", nil, auth); r.status != 401 {
		t.Errorf("with a revoked token: %d", r.status)
	}
	// A copy of the session cookie is worthless after sign-out.
	c, tok := f.login("ed", f.editorPW)
	var session string
	for _, ck := range c.Jar.Cookies(mustURL(f.ts.URL)) {
		if ck.Name == sessionCookie {
			session = ck.Value
		}
	}
	form := url.Values{"csrf_token": {tok}}
	if r := f.do(c, "POST", "/logout", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); r.status != 303 {
		t.Fatalf("sign-out: %d", r.status)
	}
	if _, err := f.sql.SessionUser(context.Background(), session); armsflow.ErrorCode(err) != armsflow.EUNAUTHORIZED {
		t.Errorf("the session outlived the sign-out: %v", err)
	}
	// A removed user's session ends too.
	c2, _ := f.login("vi", f.viewerPW)
	if err := f.sql.RemoveUser(context.Background(), "vi"); err != nil {
		t.Fatal(err)
	}
	if r := f.do(c2, "GET", "/events", nil, nil); strings.Contains(string(r.body), `data-user="vi"`) || strings.Contains(string(r.body), ">vi<") {
		t.Errorf("a removed user is still signed in")
	}
}

// A dataset deleted by another process before the snapshot loaded it: the
// question is answered on a fresh snapshot instead of failing with 404
// (seen under the load benchmark while another process imported and
// deleted a register back to back).
func TestDeletedUnderSnapshot(t *testing.T) {
	f := newSQLiteFixture(t, Config{})
	reg, err := os.ReadFile("../sipri/testdata/register-small.csv")
	if err != nil {
		t.Fatal(err)
	}
	r := f.upload(map[string][]byte{"register-small.csv": reg})
	var up UploadResult
	if err := json.Unmarshal(r.body, &up); r.status != 200 || err != nil || len(up.Datasets) != 1 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	name := up.Datasets[0].Dataset.Name
	if r := f.get("/api/v1/datasets"); !strings.Contains(string(r.body), name) {
		t.Fatalf("the snapshot does not list %s", name)
	}
	if err := f.sql.DeleteDataset(context.Background(), name); err != nil {
		t.Fatal(err)
	}
	r = f.get("/api/v1/deals?dataset=" + url.QueryEscape(name))
	if r.status != 404 {
		t.Errorf("deals of the deleted dataset named: %d, want 404", r.status)
	}
	r = f.get("/api/v1/deals?supplier=Russia")
	if r.status != 200 {
		t.Errorf("deals after another process deleted the newest register: %d %s", r.status, r.body)
	}
}
