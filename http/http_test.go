package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	nethttp "net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/demo"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/internal/memlib"
	"github.com/armsflow/armsflow/sqlite"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// shared is where SIPRI's real files are, beside the repository.
const shared = "../../shared/data/sipri"

// fixture is a server over a library holding the built-in sample, an
// editor and a viewer with API tokens. newFixture's library is in memory
// (internal/memlib): the handlers are tested against the root package's
// contracts. newSQLiteFixture's is a SQLite file in a temporary directory,
// for the tests of what only a real library does (revoking tokens, removing
// users, deleting datasets under a running server, uploads).
type fixture struct {
	t                  *testing.T
	db                 testLibrary
	sql                *sqlite.DB // nil over memlib
	srv                *Server
	ts                 *httptest.Server
	editorTok, viewTok string
	editorPW, viewerPW string
}

// testLibrary is what a fixture needs of its library: the server's
// contract and a way to add users.
type testLibrary interface {
	armsflow.Library
	AddUser(ctx context.Context, u armsflow.User) error
	CreateToken(ctx context.Context, user, label string) (string, error)
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	return serveFixture(t, &memlib.Library{}, cfg)
}

func newSQLiteFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "lib.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := serveFixture(t, db, cfg)
	f.sql = db
	return f
}

func serveFixture(t *testing.T, db testLibrary, cfg Config) *fixture {
	t.Helper()
	ctx := context.Background()
	if err := demo.Load(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db, editorPW: "editor-password", viewerPW: "viewer-password"}
	for _, u := range []struct{ name, role, pw string }{{"ed", armsflow.RoleEditor, f.editorPW}, {"vi", armsflow.RoleViewer, f.viewerPW}} {
		h, err := HashPassword(u.pw)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddUser(ctx, armsflow.User{Name: u.name, Role: u.role, PasswordHash: h}); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if f.editorTok, err = db.CreateToken(ctx, "ed", "test"); err != nil {
		t.Fatal(err)
	}
	if f.viewTok, err = db.CreateToken(ctx, "vi", "test"); err != nil {
		t.Fatal(err)
	}
	cfg.DB = db
	cfg.Poll = -1
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if f.srv, err = New(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.srv.Close() })
	f.ts = httptest.NewServer(f.srv)
	t.Cleanup(f.ts.Close)
	return f
}

type response struct {
	status int
	header nethttp.Header
	body   []byte
}

func (f *fixture) do(c *nethttp.Client, method, path string, body io.Reader, hdr map[string]string) response {
	f.t.Helper()
	req, err := nethttp.NewRequest(method, f.ts.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c == nil {
		c = f.ts.Client()
	}
	res, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, b}
}

func (f *fixture) get(path string) response { return f.do(nil, "GET", path, nil, nil) }

// cliJSON is what the command line prints for v with --format json.
func cliJSON(t *testing.T, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func errorCode(t *testing.T, r response) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, r.body)
	}
	if e.Error.Message == "" {
		t.Errorf("error without a message: %s", r.body)
	}
	return e.Error.Code
}

func TestAPISameJSONAsEngine(t *testing.T) {
	f := newFixture(t, Config{})
	ctx := context.Background()
	e, err := engine.New(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	flows, err := e.Flows(ctx, engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam", Years: engine.Years{From: 2002, To: 2021}, By: "period", PeriodLength: 5})
	if err != nil {
		t.Fatal(err)
	}
	rank, err := e.Rank(ctx, engine.RankQuery{Side: "suppliers", Recipient: "Viet Nam", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	conc, err := e.Concentration(ctx, engine.ConcentrationQuery{Recipient: "Viet Nam", Years: engine.Years{From: 2002, To: 2021}, PeriodLength: 5})
	if err != nil {
		t.Fatal(err)
	}
	deals, err := e.Deals(ctx, engine.DealQuery{Supplier: "Russia", Recipient: "Viet Nam", Ordered: engine.Years{From: 2009, To: 0}})
	if err != nil {
		t.Fatal(err)
	}
	datasets, err := e.DatasetsCovered(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want any
		tab  *table.Table
	}{
		{"/api/v1/flows?supplier=Russia&recipient=Viet+Nam&years=2002-2021&by=period&period-length=5", flows, view.Flows(flows)},
		{"/api/v1/rank/suppliers?recipient=Viet+Nam", rank, view.Rank(rank)},
		{"/api/v1/concentration?recipient=Viet+Nam&years=2002-2021", conc, view.Concentration(conc)},
		{"/api/v1/deals?supplier=Russia&recipient=Viet+Nam&ordered=2009-", deals, view.Deals(deals)},
		{"/api/v1/datasets", map[string]any{"rows": datasets, "choice": view.ChoiceRule}, view.Datasets(datasets)},
	}
	for _, tt := range tests {
		r := f.get(tt.path)
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", tt.path, r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", tt.path, ct)
		}
		if want := cliJSON(t, tt.want); !bytes.Equal(r.body, want) {
			t.Errorf("GET %s:\n got %s\nwant %s", tt.path, r.body, want)
		}
		sep := "&"
		if !strings.Contains(tt.path, "?") {
			sep = "?"
		}
		r = f.get(tt.path + sep + "format=csv")
		var want bytes.Buffer
		if err := table.WriteCSV(&want, tt.tab); err != nil {
			t.Fatal(err)
		}
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") || !bytes.Equal(r.body, want.Bytes()) {
			t.Errorf("GET %s as CSV: %d %q\n got %s\nwant %s", tt.path, r.status, r.header.Get("Content-Type"), r.body, want.Bytes())
		}
		// format=table: the same table as JSON, for the web pages.
		r = f.get(tt.path + sep + "format=table")
		if wantDoc := cliJSON(t, table.DocOf(tt.tab)); r.status != 200 || !bytes.Equal(r.body, wantDoc) {
			t.Errorf("GET %s as a table: %d\n got %s\nwant %s", tt.path, r.status, r.body, wantDoc)
		}
	}
	if len(flows.Rows) != 4 || flows.TotalTIV == 0 {
		t.Errorf("sample flows by period: %+v", flows.Rows)
	}
}

func TestAPIErrors(t *testing.T) {
	f := newFixture(t, Config{})
	tests := []struct {
		path   string
		status int
		code   string
	}{
		{"/api/v1/flows?supplier=Russia&recipient=Viet+Nam&years=20x", 400, armsflow.EINVALID},
		{"/api/v1/flows?supplier=Russia&colour=red", 400, armsflow.EINVALID},
		{"/api/v1/flows", 400, armsflow.EINVALID},
		{"/api/v1/flows?supplier=Russia&recipient=Viet+Nam&format=xml", 400, armsflow.EINVALID},
		{"/api/v1/flows?supplier=Russia&recipient=Viet+Nam&dataset=nope", 404, armsflow.ENOTFOUND},
		{"/api/v1/rank/sideways", 404, armsflow.ENOTFOUND},
		{"/api/v1/rank/suppliers?limit=-1", 400, armsflow.EINVALID},
		{"/api/v1/concentration", 400, armsflow.EINVALID},
		{"/api/v1/timeline?between=Russia", 400, armsflow.EINVALID},
		{"/api/v1/events/no-such-event", 404, armsflow.ENOTFOUND},
		{"/api/v1/nothing-here", 404, armsflow.ENOTFOUND},
		{"/api/v1/report?supplier=Russia&recipient=Viet+Nam&format=pdf", 400, armsflow.EINVALID},
		{"/api/v1/report?supplier=Russia", 400, armsflow.EINVALID},
	}
	for _, tt := range tests {
		r := f.get(tt.path)
		if r.status != tt.status {
			t.Errorf("GET %s: status %d, want %d (%s)", tt.path, r.status, tt.status, r.body)
			continue
		}
		if code := errorCode(t, r); code != tt.code {
			t.Errorf("GET %s: code %q, want %q", tt.path, code, tt.code)
		}
	}
}

func TestReport(t *testing.T) {
	f := newFixture(t, Config{Sample: true})
	r := f.get("/api/v1/report?supplier=Russia&recipient=Viet+Nam&years=2002-2021")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.body), "Viet Nam") {
		t.Fatalf("HTML report: %d %q", r.status, r.header.Get("Content-Type"))
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") || strings.Contains(csp, "script-src") {
		t.Errorf("HTML report CSP %q", csp)
	}
	for format, ctype := range map[string]string{"xlsx": "application/vnd.openxmlformats", "md": "application/zip", "tex": "application/zip"} {
		r := f.get("/api/v1/report?supplier=Russia&recipient=Viet+Nam&format=" + format)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), ctype) || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") || len(r.body) < 100 {
			t.Errorf("%s report: %d %q %q", format, r.status, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, Config{})
	for _, p := range []string{"/", "/dyad?supplier=Russia&recipient=Viet+Nam", "/api/v1/datasets", "/assets/app.js"} {
		r := f.get(p)
		if r.status != 200 {
			t.Fatalf("GET %s: %d", p, r.status)
		}
		h := r.header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q", p, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
			if h.Get(k) != v {
				t.Errorf("GET %s: %s = %q, want %q", p, k, h.Get(k), v)
			}
		}
	}
	// Pages carry no inline script or style: the CSP would block them.
	for _, p := range []string{"/", "/dyad?supplier=Russia&recipient=Viet+Nam", "/rankings", "/country/Viet%20Nam", "/events", "/login"} {
		body := string(f.get(p).body)
		if regexp.MustCompile(`<script>|<script [^>]*>[^<]|<style|style="|onclick=`).MatchString(body) {
			t.Errorf("GET %s: inline script or style in the page", p)
		}
	}
}

func TestPagesEscapeInput(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.get("/dyad?supplier=%3Cscript%3Ealert(1)%3C/script%3E&recipient=Viet+Nam")
	if r.status != 200 || strings.Contains(string(r.body), "<script>alert") {
		t.Errorf("the dyad page does not escape its input: %d", r.status)
	}
}

func TestSampleLabelled(t *testing.T) {
	f := newFixture(t, Config{Sample: true})
	for _, p := range []string{"/", "/dyad?supplier=Russia&recipient=Viet+Nam", "/rankings", "/events"} {
		if body := string(f.get(p).body); !strings.Contains(body, "SAMPLE — not SIPRI's full data") {
			t.Errorf("GET %s: no sample label", p)
		}
	}
	if body := string(f.get("/api/v1/flows?supplier=Russia&recipient=Viet+Nam").body); !strings.Contains(body, demo.TIVDataset) {
		t.Errorf("the API does not name the sample dataset")
	}
}

func testEvent(id string) armsflow.Event {
	return armsflow.Event{ID: id, Date: "2016-05", Precision: armsflow.PrecisionMonth, Kind: "visit", Title: "A test visit",
		Summary: "Written by a test.", Parties: []string{"Russia", "Viet Nam"}, Tags: []string{}, Deals: []armsflow.DealRef{},
		Sources: []armsflow.EventSource{{Title: "Test source", Publisher: "Test", URL: "https://example.org/visit"}}}
}

func jsonBody(t *testing.T, v any) io.Reader {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

func TestWritesNeedAnEditor(t *testing.T) {
	f := newFixture(t, Config{})
	ev := testEvent("2016-test-visit")
	ct := map[string]string{"Content-Type": "application/json"}
	with := func(tok string) map[string]string {
		return map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + tok}
	}
	// Read first, so that a memoized answer would show if it went stale.
	if r := f.get("/api/v1/events?between=Russia,Viet+Nam"); r.status != 200 || strings.Contains(string(r.body), "A test visit") {
		t.Fatalf("events before: %d %s", r.status, r.body)
	}
	if r := f.do(nil, "POST", "/api/v1/events", jsonBody(t, ev), ct); r.status != 401 || errorCode(t, r) != armsflow.EUNAUTHORIZED {
		t.Errorf("anonymous POST: %d %s", r.status, r.body)
	}
	if r := f.do(nil, "POST", "/api/v1/events", jsonBody(t, ev), with(f.viewTok)); r.status != 403 || errorCode(t, r) != armsflow.EFORBIDDEN {
		t.Errorf("viewer POST: %d %s", r.status, r.body)
	}
	if r := f.do(nil, "POST", "/api/v1/events", jsonBody(t, ev), with("not-a-token")); r.status != 401 {
		t.Errorf("bad token: %d %s", r.status, r.body)
	}
	if r := f.do(nil, "POST", "/api/v1/events", jsonBody(t, ev), with(f.editorTok)); r.status != 201 {
		t.Fatalf("editor POST: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/events/2016-test-visit"); r.status != 200 || !strings.Contains(string(r.body), "A test visit") {
		t.Errorf("the new event is not served at once: %d %s", r.status, r.body)
	}
	if r := f.do(nil, "POST", "/api/v1/events", jsonBody(t, ev), with(f.editorTok)); r.status != 409 {
		t.Errorf("second POST: %d, want 409", r.status)
	}
	ev.Title = "A test visit, edited"
	if r := f.do(nil, "PUT", "/api/v1/events/2016-test-visit", jsonBody(t, ev), with(f.viewTok)); r.status != 403 {
		t.Errorf("viewer PUT: %d", r.status)
	}
	if r := f.do(nil, "PUT", "/api/v1/events/2016-test-visit", jsonBody(t, ev), with(f.editorTok)); r.status != 200 {
		t.Errorf("editor PUT: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/events?between=Russia,Viet+Nam"); !strings.Contains(string(r.body), "edited") {
		t.Errorf("the edit is not served: %s", r.body)
	}
	if r := f.do(nil, "DELETE", "/api/v1/events/2016-test-visit", nil, nil); r.status != 401 {
		t.Errorf("anonymous DELETE: %d", r.status)
	}
	if r := f.do(nil, "DELETE", "/api/v1/events/2016-test-visit", nil, with(f.editorTok)); r.status != 204 {
		t.Errorf("editor DELETE: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/events/2016-test-visit"); r.status != 404 {
		t.Errorf("deleted event still served: %d", r.status)
	}
	// Uploads too.
	body, ctype := multipartBody(t, map[string][]byte{"notes.csv": []byte("hello,world\n")})
	if r := f.do(nil, "POST", "/api/v1/datasets", body, map[string]string{"Content-Type": ctype}); r.status != 401 {
		t.Errorf("anonymous upload: %d %s", r.status, r.body)
	}
	body, ctype = multipartBody(t, map[string][]byte{"notes.csv": []byte("hello,world\n")})
	if r := f.do(nil, "POST", "/api/v1/datasets", body, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + f.viewTok}); r.status != 403 {
		t.Errorf("viewer upload: %d %s", r.status, r.body)
	}
}

func multipartBody(t *testing.T, files map[string][]byte) (io.Reader, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for name, data := range files {
		part, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(data)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// login signs in through the form as a browser does and returns the
// client (with its cookies) and the page's CSRF token.
func (f *fixture) login(name, password string) (*nethttp.Client, string) {
	f.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &nethttp.Client{Jar: jar, CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}
	r := f.do(c, "GET", "/login", nil, nil)
	m := metaCSRF.FindSubmatch(r.body)
	if m == nil {
		f.t.Fatalf("no CSRF token on the sign-in page")
	}
	form := url.Values{"name": {name}, "password": {password}, "csrf_token": {string(m[1])}, "next": {"/events"}}
	r = f.do(c, "POST", "/login", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	if r.status != 303 || r.header.Get("Location") != "/events" {
		f.t.Fatalf("sign-in: %d %s", r.status, r.body)
	}
	var session *nethttp.Cookie
	for _, ck := range jar.Cookies(mustURL(f.ts.URL)) {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil {
		f.t.Fatalf("no session cookie after sign-in")
	}
	// The CSRF token changes at sign-in: read the new one off a page.
	m2 := metaCSRF.FindSubmatch(f.do(c, "GET", "/events", nil, nil).body)
	if m2 == nil {
		f.t.Fatalf("no CSRF token on a page after sign-in")
	}
	if string(m2[1]) == string(m[1]) {
		f.t.Errorf("the CSRF token did not change at sign-in")
	}
	return c, string(m2[1])
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestSessionAndCSRF(t *testing.T) {
	f := newFixture(t, Config{})
	// A wrong password is refused.
	jar, _ := cookiejar.New(nil)
	c := &nethttp.Client{Jar: jar}
	m := metaCSRF.FindSubmatch(f.do(c, "GET", "/login", nil, nil).body)
	form := url.Values{"name": {"ed"}, "password": {"wrong-password"}, "csrf_token": {string(m[1])}}
	if r := f.do(c, "POST", "/login", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); r.status != 401 {
		t.Errorf("wrong password: %d", r.status)
	}
	// A sign-in without the CSRF token is refused.
	form = url.Values{"name": {"ed"}, "password": {f.editorPW}}
	if r := f.do(c, "POST", "/login", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); r.status != 403 {
		t.Errorf("sign-in without CSRF token: %d", r.status)
	}

	c, tok := f.login("ed", f.editorPW)
	ev := testEvent("2016-csrf-visit")
	if r := f.do(c, "POST", "/api/v1/events", jsonBody(t, ev), map[string]string{"Content-Type": "application/json"}); r.status != 403 || errorCode(t, r) != armsflow.EFORBIDDEN {
		t.Errorf("cookie POST without CSRF token: %d %s", r.status, r.body)
	}
	if r := f.do(c, "POST", "/api/v1/events", jsonBody(t, ev), map[string]string{"Content-Type": "application/json", "X-CSRF-Token": "forged"}); r.status != 403 {
		t.Errorf("cookie POST with a forged CSRF token: %d %s", r.status, r.body)
	}
	if r := f.do(c, "POST", "/api/v1/events", jsonBody(t, ev), map[string]string{"Content-Type": "application/json", "X-CSRF-Token": tok}); r.status != 201 {
		t.Errorf("cookie POST with the CSRF token: %d %s", r.status, r.body)
	}
	// A viewer's session may not write even with the token.
	cv, tokv := f.login("vi", f.viewerPW)
	if r := f.do(cv, "DELETE", "/api/v1/events/2016-csrf-visit", nil, map[string]string{"X-CSRF-Token": tokv}); r.status != 403 {
		t.Errorf("viewer DELETE: %d %s", r.status, r.body)
	}
	// Signing out needs the token, and ends the session.
	if r := f.do(c, "POST", "/logout", nil, nil); r.status != 403 {
		t.Errorf("sign-out without CSRF token: %d", r.status)
	}
	form = url.Values{"csrf_token": {tok}}
	if r := f.do(c, "POST", "/logout", strings.NewReader(form.Encode()), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); r.status != 303 {
		t.Errorf("sign-out: %d", r.status)
	}
	if r := f.do(c, "DELETE", "/api/v1/events/2016-csrf-visit", nil, map[string]string{"X-CSRF-Token": tok}); r.status != 401 {
		t.Errorf("DELETE after sign-out: %d %s", r.status, r.body)
	}
	// Cookies are HttpOnly and SameSite=Lax.
	r := f.get("/")
	for _, ck := range r.header.Values("Set-Cookie") {
		if !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") {
			t.Errorf("cookie %q is not HttpOnly, SameSite=Lax", ck)
		}
	}
}

func TestPrivate(t *testing.T) {
	f := newFixture(t, Config{Private: true})
	if r := f.get("/api/v1/flows?supplier=Russia&recipient=Viet+Nam"); r.status != 401 || errorCode(t, r) != armsflow.EUNAUTHORIZED {
		t.Errorf("anonymous API read of a private server: %d %s", r.status, r.body)
	}
	c := &nethttp.Client{CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}
	if r := f.do(c, "GET", "/dyad?supplier=Russia", nil, nil); r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
		t.Errorf("anonymous page of a private server: %d %s", r.status, r.header.Get("Location"))
	}
	for _, p := range []string{"/login", "/assets/app.css"} {
		if r := f.get(p); r.status != 200 {
			t.Errorf("GET %s on a private server: %d", p, r.status)
		}
	}
	if r := f.do(nil, "GET", "/api/v1/flows?supplier=Russia&recipient=Viet+Nam", nil, map[string]string{"Authorization": "Bearer " + f.viewTok}); r.status != 200 {
		t.Errorf("viewer token read: %d %s", r.status, r.body)
	}
	c2, _ := f.login("vi", f.viewerPW)
	if r := f.do(c2, "GET", "/rankings", nil, nil); r.status != 200 {
		t.Errorf("signed-in page: %d", r.status)
	}
}

func TestBodyLimits(t *testing.T) {
	f := newFixture(t, Config{MaxUpload: 1 << 20})
	big := bytes.Repeat([]byte("x"), 2<<20)
	body, ctype := multipartBody(t, map[string][]byte{"big.csv": big})
	r := f.do(nil, "POST", "/api/v1/datasets", body, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + f.editorTok})
	if r.status != 413 {
		t.Errorf("upload over the limit: %d %s", r.status, r.body)
	}
	r = f.do(nil, "POST", "/api/v1/events", bytes.NewReader(big), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + f.editorTok})
	if r.status != 413 {
		t.Errorf("event body over the limit: %d %s", r.status, r.body)
	}
}

func TestUploadRejectsOtherFiles(t *testing.T) {
	f := newFixture(t, Config{})
	body, ctype := multipartBody(t, map[string][]byte{"notes.csv": []byte("hello,world\n")})
	r := f.do(nil, "POST", "/api/v1/datasets", body, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + f.editorTok})
	if r.status != 400 || errorCode(t, r) != armsflow.EINVALID {
		t.Errorf("upload of a file that is not SIPRI's: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/datasets"); strings.Count(string(r.body), `"name": "SAMPLE`) != 2 {
		t.Errorf("a failed upload changed the datasets: %s", r.body)
	}
}

// TestUploadWhileReading imports SIPRI's real register through the API
// while readers query: every read succeeds, and sees the old data or the
// new, never half of it.
func TestUploadWhileReading(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(shared, "register-2025-10.csv"))
	if err != nil {
		t.Skipf("SIPRI's files are not at %s (%v): skipping the real upload", shared, err)
	}
	f := newFixture(t, Config{})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 100)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := f.ts.Client().Get(f.ts.URL + "/api/v1/deals?supplier=Russia&recipient=Viet+Nam")
				if err != nil {
					errs <- err.Error()
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errs <- res.Status
					return
				}
			}
		}()
	}
	body, ctype := multipartBody(t, map[string][]byte{"register-2025-10.csv": data})
	r := f.do(nil, "POST", "/api/v1/datasets", body, map[string]string{"Content-Type": ctype, "Authorization": "Bearer " + f.editorTok})
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("a read during the import failed: %s", e)
	}
	if r.status != 200 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var up UploadResult
	if err := json.Unmarshal(r.body, &up); err != nil || len(up.Datasets) != 1 || !up.Datasets[0].Created {
		t.Fatalf("upload result: %v %s", err, r.body)
	}
	deals := f.get("/api/v1/deals?supplier=Russia&recipient=Viet+Nam")
	if !strings.Contains(string(deals.body), up.Datasets[0].Dataset.Name) {
		t.Errorf("after the upload, deals do not come from %s", up.Datasets[0].Dataset.Name)
	}
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.get("/api/v1/openapi.json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	n := 0
	for _, rt := range APIRoutes {
		if _, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("openapi.json does not describe %s %s", rt.Method, rt.Path)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			n++
			found := false
			for _, rt := range APIRoutes {
				found = found || (rt.Path == p && strings.ToLower(rt.Method) == m)
			}
			if !found {
				t.Errorf("openapi.json describes %s %s, which the server does not serve", strings.ToUpper(m), p)
			}
		}
	}
	if n != len(APIRoutes) {
		t.Errorf("openapi.json has %d operations, the server %d routes", n, len(APIRoutes))
	}
}

func TestNames(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.get("/api/v1/names?q=vie")
	if r.status != 200 || !strings.Contains(string(r.body), `"name": "Viet Nam"`) {
		t.Errorf("names?q=vie: %d %s", r.status, r.body)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:80": true, "[::1]:8080": true,
		":8080": false, "0.0.0.0:8080": false, "192.168.1.2:8080": false, "example.org:80": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}
