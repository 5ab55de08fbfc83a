package query

import (
	"flag"
	"io"
	"net/url"
	"slices"
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
		required := slices.ContainsFunc(s.Params, func(p Param) bool { return p.Required })
		if _, err := s.FromURL(url.Values{}, func(string) string { return "suppliers" }); err != nil && s.Check == nil && !required {
			t.Errorf("%s: the defaults are refused: %v", s.Name, err)
		}
	}
}

// TestStandingWords: the standing's refusals are the same rules for the
// API and the command line, each in its own words: parameters (name=value)
// for the API, flags and the PARTY argument for the command line.
func TestStandingWords(t *testing.T) {
	for _, tt := range []struct {
		query    string   // the API's
		args     []string // the command line's flags
		party    string   // the command line's argument
		api, cli string
	}{
		{"side=suppliers", []string{"--side", "suppliers"}, "", "standing needs party=NAME", "standing needs PARTY"},
		{"party=Russia", nil, "Russia", "standing needs side=suppliers|recipients", "standing needs --side suppliers|recipients"},
		{"party=Russia&side=exporters", []string{"--side", "exporters"}, "Russia", `side="exporters": use suppliers or recipients`, `--side "exporters": use suppliers or recipients`},
		{"party=Russia&side=suppliers&limit=-1", []string{"--side", "suppliers", "--limit", "-1"}, "Russia", "limit=-1: use 0 for all rows", "--limit -1: use 0 for all rows"},
		{"party=Russia&side=suppliers&period-length=x", []string{"--side", "suppliers", "--period-length", "x"}, "Russia", `period-length="x": give a whole number`, ""},
	} {
		q, _ := url.ParseQuery(tt.query)
		_, err := Standing.FromURL(q, nil, "format")
		if armsflow.ErrorCode(err) != armsflow.EINVALID || !strings.Contains(armsflow.ErrorMessage(err), tt.api) || strings.Contains(armsflow.ErrorMessage(err), "--") {
			t.Errorf("API %s: %v, want %q", tt.query, err, tt.api)
		}
		if tt.cli == "" {
			continue // the flag package refuses it first
		}
		fs := flag.NewFlagSet("standing", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		read := Standing.Flags(fs, "dataset")
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		_, err = read(map[string]string{"party": tt.party})
		if armsflow.ErrorCode(err) != armsflow.EINVALID || !strings.Contains(armsflow.ErrorMessage(err), tt.cli) || strings.Contains(armsflow.ErrorMessage(err), "=") {
			t.Errorf("CLI %v %q: %v, want %q", tt.args, tt.party, err, tt.cli)
		}
	}
	// The command line's party is an argument, not a flag.
	fs := flag.NewFlagSet("standing", flag.ContinueOnError)
	read := Standing.Flags(fs, "dataset")
	if fs.Lookup("party") != nil || fs.Lookup("side") == nil {
		t.Error("standing's flags: party is a flag, or side is not")
	}
	fs.Parse([]string{"--side", "recipients", "--years", "2002-2021"})
	v, err := read(map[string]string{"party": "Viet Nam"})
	if err != nil || v.Str("party") != "Viet Nam" || v.Str("side") != "recipients" || v.Int("limit") != 10 || v.Int("period-length") != 5 || v.Years("years").From != 2002 {
		t.Errorf("standing Viet Nam --side recipients: %v %v", v, err)
	}
}

// TestUsageWords: Placeholder and FlagHelp say a parameter's value as usage
// lines and --help show it.
func TestUsageWords(t *testing.T) {
	for _, tt := range []struct {
		p          Param
		meta, help string
	}{
		{Param{Name: "by", Enum: []string{"year", "period"}, Help: "rows per year or per period"}, "year|period", "rows per year or per period (`year|period`)"},
		{Param{Name: "years", Kind: Years, Help: "span"}, "A-B", "span"},
		{Param{Name: "limit", Kind: Int, Help: "rows"}, "N", "rows"},
		{Param{Name: "as-of", Kind: Int, Meta: "YEAR", Help: "year"}, "YEAR", "year"},
		{Param{Name: "recipient", Required: true, Help: "recipient"}, "NAME", "recipient (required)"},
	} {
		if got := tt.p.Placeholder(); got != tt.meta {
			t.Errorf("%s: placeholder %q, want %q", tt.p.Name, got, tt.meta)
		}
		if got := tt.p.FlagHelp(); got != tt.help {
			t.Errorf("%s: help %q, want %q", tt.p.Name, got, tt.help)
		}
	}
}
