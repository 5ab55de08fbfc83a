package http

import (
	"bytes"
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/engine"
)

// TestDependency checks the API route against the engine's own answer (the
// CLI's --format json), its CSV form and refusals, and the page drawn on the
// server.
func TestDependency(t *testing.T) {
	f := newFixture(t, Config{})
	want, err := f.srv.current().eng.Dependency(context.Background(), engine.DependencyQuery{Recipient: "Viet Nam", AsOf: 2019})
	if err != nil {
		t.Fatal(err)
	}
	r := f.get("/api/v1/dependency?recipient=Viet+Nam&as-of=2019")
	if r.status != 200 || !bytes.Equal(r.body, cliJSON(t, want)) {
		t.Fatalf("status %d; JSON differs from the engine's:\n%s", r.status, r.body)
	}
	if r := f.get("/api/v1/dependency?recipient=VNM&as-of=2019&format=csv"); r.status != 200 ||
		!strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") || !strings.Contains(string(r.body), "Russia") {
		t.Errorf("CSV: status %d %q\n%s", r.status, r.header.Get("Content-Type"), r.body)
	}
	for _, c := range []struct {
		path, code string
	}{
		{"/api/v1/dependency", "invalid"},
		{"/api/v1/dependency?recipient=Viet+Nam&weight=money", "invalid"},
		{"/api/v1/dependency?recipient=Viet+Nam&as-of=x", "invalid"},
		{"/api/v1/dependency?recipient=Viet+Nam&colour=red", "invalid"},
		{"/api/v1/dependency?recipient=Atlantis", "not_found"},
		{"/api/v1/dependency?recipient=Viet+Nam&as-of=2090", "not_covered"},
	} {
		r := f.get(c.path)
		if got := errorCode(t, r); got != c.code {
			t.Errorf("%s: %d %s, want %s", c.path, r.status, got, c.code)
		}
	}

	// The sample's deals carry no TIV: by units they have shares to draw.
	page := f.get("/dependency?recipient=Vietnam&weight=units")
	body := string(page.body)
	if page.status != 200 {
		t.Fatalf("page: status %d\n%s", page.status, body)
	}
	for _, want := range []string{"Dependency of Viet Nam", `<img src="data:image/svg`, "Stock of major arms in service in Viet Nam",
		"transfers, not inventories", `class="num"`, `/api/v1/dependency?`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The page's CSV link asks for what the page shows, its years too.
	m := regexp.MustCompile(`href="(/api/v1/dependency\?[^"]*format=csv)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(html.UnescapeString(m[1]), "years=") || !strings.Contains(html.UnescapeString(m[1]), "weight=units") {
		t.Errorf("the page's CSV link %q lacks the page's years or weight", m)
	} else if r := f.get(html.UnescapeString(m[1])); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Errorf("the page's CSV link %s: %d", m[1], r.status)
	}
	if tiv := f.get("/dependency?recipient=Vietnam"); tiv.status != 200 || !strings.Contains(string(tiv.body), "weigh by units") {
		t.Errorf("by TIV without TIV: status %d, no hint to weigh by units", tiv.status)
	}
	if f.get("/dependency").status != 200 {
		t.Error("the empty form does not render")
	}
	bad := f.get("/dependency?recipient=%3Cscript%3Ealert(1)%3C/script%3E")
	if bad.status != 404 || strings.Contains(string(bad.body), "<script>alert") {
		t.Errorf("unknown recipient: status %d, or unescaped", bad.status)
	}
}
