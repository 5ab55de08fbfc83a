package query

import (
	"net/url"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
)

func TestFromURL(t *testing.T) {
	side := func(string) string { return "suppliers" }
	for _, tt := range []struct {
		spec  *Spec
		query string
		code  string // "" for no error
		msg   string // part of the message
	}{
		{Flows, "supplier=Russia&years=2002-2021&by=period", "", ""},
		{Flows, "supplier=Russia&colour=red", armsflow.EINVALID, `unknown parameter "colour": this endpoint takes supplier, recipient`},
		{Flows, "years=2002&years=2003", armsflow.EINVALID, `parameter "years" is given 2 times`},
		{Flows, "period-length=five", armsflow.EINVALID, `period-length="five": give a whole number`},
		{Flows, "partial=maybe", armsflow.EINVALID, `partial="maybe": give true or false`},
		{Flows, "by=month", armsflow.EINVALID, `by="month": use year or period`},
		{Flows, "years=20x", armsflow.EINVALID, `years "20x"`},
		{Rank, "limit=-1", armsflow.EINVALID, "limit=-1"},
		{Concentration, "years=2002-2021", armsflow.EINVALID, "concentration needs recipient=NAME"},
		{Timeline, "between=Russia", armsflow.EINVALID, "timeline needs two parties"},
		{Deals, "offset=-3", armsflow.EINVALID, "offset=-3"},
		{Events, "kind=party", armsflow.EINVALID, `kind="party"`},
	} {
		q, _ := url.ParseQuery(tt.query)
		_, err := tt.spec.FromURL(q, side, "format")
		if armsflow.ErrorCode(err) != tt.code && (err != nil || tt.code != "") {
			t.Errorf("%s?%s: code %q (%v), want %q", tt.spec.Name, tt.query, armsflow.ErrorCode(err), err, tt.code)
		}
		if tt.code != "" && (err == nil || !strings.Contains(armsflow.ErrorMessage(err), tt.msg)) {
			t.Errorf("%s?%s: %v, want %q", tt.spec.Name, tt.query, err, tt.msg)
		}
	}
	q, _ := url.ParseQuery("supplier=Russia&between=A,%20B")
	if _, err := Flows.FromURL(q, nil); err == nil {
		t.Error("flows took between")
	}
	v, err := Events.FromURL(url.Values{"between": {"A, B,"}}, nil)
	if err != nil || strings.Join(v.List("between"), "|") != "A|B" {
		t.Errorf("between: %v %v", v, err)
	}
	v, err = Flows.FromURL(url.Values{}, nil)
	if err != nil || v.Int("period-length") != 5 || v.Str("by") != "year" || v.Given("by") {
		t.Errorf("defaults: %v %v", v, err)
	}
	if _, err := Rank.FromURL(url.Values{}, func(string) string { return "sideways" }); armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
		t.Errorf("rank sideways: %v", err)
	}
}

// TestSpecs checks the specs themselves: names once each, defaults of
// their type and among the allowed values.
func TestSpecs(t *testing.T) {
	for _, s := range Specs {
		seen := map[string]bool{}
		for _, p := range s.Params {
			if seen[p.Name] || p.Name == "format" {
				t.Errorf("%s: parameter %s twice (or format, which the callers own)", s.Name, p.Name)
			}
			seen[p.Name] = true
			if p.Help == "" {
				t.Errorf("%s: %s has no help", s.Name, p.Name)
			}
		}
		if _, err := s.FromURL(url.Values{}, func(string) string { return "suppliers" }); err != nil && s.Check == nil {
			t.Errorf("%s: the defaults are refused: %v", s.Name, err)
		}
	}
}
