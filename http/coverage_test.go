package http

import (
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"strings"
	"testing"
)

// TestNotCoveredAPI checks that years no dataset covers get 422 with a
// message naming the coverage, and that partial=1 answers the covered
// years and marks the others.
func TestNotCoveredAPI(t *testing.T) {
	f := newFixture(t, Config{})
	var ds struct {
		Rows []struct {
			Name     string
			Kind     string
			Coverage struct{ From, To int }
		}
		Choice string
	}
	if err := json.Unmarshal(f.get("/api/v1/datasets").body, &ds); err != nil {
		t.Fatal(err)
	}
	last := 0
	for _, d := range ds.Rows {
		if d.Coverage.From == 0 || d.Coverage.To == 0 {
			t.Errorf("dataset %s without coverage", d.Name)
		}
		last = max(last, d.Coverage.To)
	}
	if !strings.Contains(ds.Choice, "covers every year asked") {
		t.Errorf("choice %q", ds.Choice)
	}
	r := f.get(fmt.Sprintf("/api/v1/flows?supplier=Russia&recipient=Viet%%20Nam&years=%d-%d", last+5, last+6))
	var e struct {
		Error struct{ Code, Message string }
	}
	json.Unmarshal(r.body, &e)
	if r.status != nethttp.StatusUnprocessableEntity || e.Error.Code != "not_covered" || !strings.Contains(e.Error.Message, "covers") {
		t.Errorf("status %d, %s", r.status, r.body)
	}
	for _, path := range []string{"/api/v1/rank/suppliers", "/api/v1/concentration?recipient=Viet%20Nam&",
		"/api/v1/report?supplier=Russia&recipient=Viet%20Nam&format=md&", "/api/v1/timeline?between=Russia,Viet%20Nam&"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = ""
		}
		if r := f.get(fmt.Sprintf("%s%syears=%d-%d", path, sep, last+5, last+6)); r.status != nethttp.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, %s", path, r.status, r.body)
		}
	}
	// The home page lists each dataset's coverage and the choice rule.
	home := string(f.get("/").body)
	if !strings.Contains(home, fmt.Sprintf("-%d</td>", last)) || !strings.Contains(home, "covers every year asked") {
		t.Errorf("home page without coverage or choice rule")
	}
	r = f.get(fmt.Sprintf("/api/v1/flows?supplier=Russia&recipient=Viet%%20Nam&years=%d-%d&partial=1", last-1, last+1))
	var fl struct {
		Rows []struct {
			Year    int
			Covered bool
		}
	}
	if err := json.Unmarshal(r.body, &fl); err != nil || r.status != 200 || len(fl.Rows) != 3 {
		t.Fatalf("partial=1: status %d, %s", r.status, r.body)
	}
	if !fl.Rows[0].Covered || !fl.Rows[1].Covered || fl.Rows[2].Covered {
		t.Errorf("partial=1 rows %+v", fl.Rows)
	}
}
