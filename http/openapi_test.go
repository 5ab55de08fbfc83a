package http

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/query"
)

// TestOpenAPIMatchesSpecs checks openapi.json against the query specs the
// handler reads parameters by: each query's path lists exactly its
// parameters (and format), in the same place, of the same type, with the
// same default and allowed values.
func TestOpenAPIMatchesSpecs(t *testing.T) {
	type schema struct {
		Type    string   `json:"type"`
		Default any      `json:"default"`
		Enum    []string `json:"enum"`
	}
	type param struct {
		Ref    string `json:"$ref"`
		Name   string `json:"name"`
		In     string `json:"in"`
		Schema schema `json:"schema"`
	}
	var doc struct {
		Components struct {
			Parameters map[string]param `json:"parameters"`
		} `json:"components"`
		Paths map[string]map[string]struct {
			Parameters []param `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	types := map[query.Kind]string{query.String: "string", query.Int: "integer", query.Bool: "boolean", query.Years: "string", query.List: "string"}
	for _, spec := range query.Specs {
		op, ok := doc.Paths[spec.Path]["get"]
		if !ok {
			t.Errorf("openapi.json has no GET %s", spec.Path)
			continue
		}
		documented := map[string]param{}
		for _, p := range op.Parameters {
			if p.Ref != "" {
				p = doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
			}
			documented[p.Name] = p
		}
		if _, ok := documented["format"]; !ok {
			t.Errorf("%s: format is not documented", spec.Path)
		}
		delete(documented, "format")
		for _, p := range spec.Params {
			d, ok := documented[p.Name]
			if !ok {
				t.Errorf("%s: parameter %s is not documented", spec.Path, p.Name)
				continue
			}
			delete(documented, p.Name)
			in := p.In
			if in == "" {
				in = "query"
			}
			if d.In != in || d.Schema.Type != types[p.Kind] {
				t.Errorf("%s: %s is documented in %s as %s, the spec takes it in %s as %s", spec.Path, p.Name, d.In, d.Schema.Type, in, types[p.Kind])
			}
			def := ""
			if d.Schema.Default != nil {
				def = fmt.Sprint(d.Schema.Default)
			}
			if def == "false" || p.Name == "limit" && spec == query.Deals {
				def = "" // a false flag is no default; the deals' page size depends on the format
			}
			if def != p.Default {
				t.Errorf("%s: %s's default is documented as %q, the spec's is %q", spec.Path, p.Name, def, p.Default)
			}
			if !slices.Equal(d.Schema.Enum, p.Enum) {
				t.Errorf("%s: %s's values are documented as %v, the spec allows %v", spec.Path, p.Name, d.Schema.Enum, p.Enum)
			}
		}
		for name := range documented {
			t.Errorf("%s: documents %s, which the spec does not take", spec.Path, name)
		}
	}
}

// TestErrorsInParameterWords checks that the API's refusals name its
// parameters, not the command line's flags, whichever part refused.
func TestErrorsInParameterWords(t *testing.T) {
	f := newFixture(t, Config{})
	for path, want := range map[string]string{
		"/api/v1/flows?supplier=Russia&by=month":                             `by="month"`,
		"/api/v1/flows?supplier=Russia&period-length=101&by=period":          `period-length=101`,
		"/api/v1/flows?supplier=Russia&recipient=Viet%20Nam&years=2090-2091": "partial=true",
		"/api/v1/rank/suppliers?totals=own":                                  `totals="own"`,
		"/api/v1/rank/sideways":                                              `side "sideways"`,
		"/api/v1/dependency?recipient=Viet%20Nam&weight=kg":                  `weight="kg"`,
		"/api/v1/concentration":                                              "recipient=NAME",
	} {
		r := f.get(path)
		msg := errorMessage(t, r.body)
		if r.status < 400 || strings.Contains(msg, "--") || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %q, want %q and no flag", path, r.status, msg, want)
		}
	}
}

// TestReportErrorsInParameterWords checks the report's refusals too, which
// come from the engine through the report package.
func TestReportErrorsInParameterWords(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.get("/api/v1/report?supplier=Russia&recipient=Viet%20Nam&years=2090-2091&format=md")
	msg := errorMessage(t, r.body)
	if r.status != 422 || strings.Contains(msg, "--") {
		t.Errorf("report of 2090-2091: %d %q", r.status, msg)
	}
}
