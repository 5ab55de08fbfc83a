package http

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/armsflow/armsflow/query"
)

// TestOpenAPIMatchesSpecs checks the OpenAPI document, made from the
// query specs the handler reads parameters by, against those specs: each
// query's path lists exactly its parameters (and format), in the same
// place, of the same type, with the same default and allowed values.
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
	if err := json.Unmarshal(openAPIDoc(t), &doc); err != nil {
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

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// openAPIDoc is the document the server serves.
func openAPIDoc(t *testing.T) []byte {
	t.Helper()
	doc, err := openAPI()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIGolden keeps the generated document in
// testdata/openapi.golden.json, so that a change of a spec shows as a
// change of the document in review (go test ./http -run OpenAPIGolden
// -update rewrites it). The server never reads the file.
func TestOpenAPIGolden(t *testing.T) {
	got := openAPIDoc(t)
	path := filepath.Join("testdata", "openapi.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./http -run OpenAPIGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the OpenAPI document differs from %s: run go test ./http -run OpenAPIGolden -update and review the diff", path)
	}
}

// TestOpenAPIQueries checks what the document says of each query beyond
// TestOpenAPIMatchesSpecs: required parameters, a description of each in
// the API's words, and the error answers the one handler gives.
func TestOpenAPIQueries(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Summary     string `json:"summary"`
			Parameters  []struct {
				Ref         string `json:"$ref"`
				Name        string `json:"name"`
				In          string `json:"in"`
				Required    bool   `json:"required"`
				Description string `json:"description"`
			} `json:"parameters"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc(t), &doc); err != nil {
		t.Fatal(err)
	}
	for _, spec := range query.Specs {
		op, ok := doc.Paths[spec.Path]["get"]
		if !ok {
			t.Errorf("no GET %s", spec.Path)
			continue
		}
		if op.Summary == "" || op.OperationID == "" {
			t.Errorf("%s: summary %q, operationId %q", spec.Path, op.Summary, op.OperationID)
		}
		for _, d := range op.Parameters {
			p := spec.Param(d.Name)
			if d.Ref != "" || p == nil {
				continue // format
			}
			if d.Required != (p.Required || p.In == "path") {
				t.Errorf("%s: %s is documented required=%v", spec.Path, d.Name, d.Required)
			}
			if d.Description == "" || strings.Contains(d.Description, "--") && !strings.Contains(d.Description, "'armsflow ") {
				t.Errorf("%s: %s's description %q is empty or names a flag", spec.Path, d.Name, d.Description)
			}
		}
		want := []string{"200", "400", "401", "404", "500"}
		if spec.Param("dataset") != nil {
			want = append(want, "422")
		}
		if spec == query.Deals {
			want = append(want, "503")
		}
		for _, code := range want {
			if op.Responses[code] == nil {
				t.Errorf("%s: no %s response", spec.Path, code)
			}
		}
		if len(op.Responses) != len(want) {
			t.Errorf("%s: responses %v, want %v", spec.Path, slices.Sorted(maps.Keys(op.Responses)), want)
		}
	}
	// The standing's party and side are required, side one of two.
	std := doc.Paths["/api/v1/standing"]["get"]
	required := map[string]bool{}
	for _, p := range std.Parameters {
		required[p.Name] = p.Required
	}
	if !required["party"] || !required["side"] || required["years"] {
		t.Errorf("standing's required parameters: %v", required)
	}
}

// TestOpenAPIValid checks the document's structure as OpenAPI 3.0 has it,
// without a validator from the network: the version, info, every path and
// operation with an operationId (once), responses with descriptions, every
// parameter with a name, a place and a schema, path parameters required
// and in the path's template (and each of the template's declared), and
// every $ref pointing at something in the document.
func TestOpenAPIValid(t *testing.T) {
	raw := openAPIDoc(t)
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.0.") {
		t.Errorf("openapi %q", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Errorf("info %v lacks title or version", info)
	}
	// Every $ref resolves.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if resolve(doc, ref) == nil {
					t.Errorf("$ref %s points at nothing", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	ids := map[string]string{}
	paths, _ := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("no paths")
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	for path, item := range paths {
		if !strings.HasPrefix(path, "/") {
			t.Errorf("path %q does not start with /", path)
		}
		template := map[string]bool{}
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				template[seg[1:len(seg)-1]] = true
			}
		}
		for method, o := range item.(map[string]any) {
			where := strings.ToUpper(method) + " " + path
			if !slices.Contains(methods, method) {
				t.Errorf("%s: %q is not an operation", where, method)
				continue
			}
			op := o.(map[string]any)
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] != "" {
				t.Errorf("%s: operationId %q empty or also %s's", where, id, ids[id])
			}
			ids[id] = where
			rs, _ := op["responses"].(map[string]any)
			if len(rs) == 0 {
				t.Errorf("%s: no responses", where)
			}
			ok2xx := false
			for code, r := range rs {
				if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
					ok2xx = true
				} else if err != nil && code != "default" {
					t.Errorf("%s: response %q", where, code)
				}
				if r := deref(doc, r); r == nil || r["description"] == nil {
					t.Errorf("%s: response %s has no description", where, code)
				}
			}
			if !ok2xx {
				t.Errorf("%s: no 2xx response", where)
			}
			declared := map[string]bool{}
			ps, _ := op["parameters"].([]any)
			for _, p := range ps {
				p := deref(doc, p)
				name, _ := p["name"].(string)
				in, _ := p["in"].(string)
				if name == "" || !slices.Contains([]string{"query", "path", "header", "cookie"}, in) || p["schema"] == nil {
					t.Errorf("%s: parameter %v lacks a name, a place or a schema", where, p)
				}
				if declared[in+" "+name] {
					t.Errorf("%s: parameter %s in %s twice", where, name, in)
				}
				declared[in+" "+name] = true
				if in == "path" && (p["required"] != true || !template[name]) {
					t.Errorf("%s: path parameter %s not required or not in the path", where, name)
				}
			}
			for name := range template {
				if !declared["path "+name] {
					t.Errorf("%s: {%s} is not declared", where, name)
				}
			}
		}
	}
}

// resolve returns what a local $ref (#/a/b) points at, or nil.
func resolve(doc map[string]any, ref string) map[string]any {
	if !strings.HasPrefix(ref, "#/") {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(ref[2:], "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	m, _ := cur.(map[string]any)
	return m
}

// deref is v as an object, its $ref followed.
func deref(doc map[string]any, v any) map[string]any {
	m, _ := v.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		return resolve(doc, ref)
	}
	return m
}

// TestOpenAPIBase: the hand-written part describes no query (each is made
// from its spec), and a base that does is refused rather than overwritten.
func TestOpenAPIBase(t *testing.T) {
	var base struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPIBase, &base); err != nil {
		t.Fatal(err)
	}
	for _, s := range query.Specs {
		if base.Paths[s.Path]["get"] != nil {
			t.Errorf("openapi-base.json describes GET %s by hand; its spec makes it", s.Path)
		}
	}
	bad := []byte(`{"openapi": "3.0.3", "paths": {"/api/v1/flows": {"get": {}}}}`)
	if _, err := buildOpenAPI(bad, query.Specs); err == nil || !strings.Contains(err.Error(), "GET /api/v1/flows") {
		t.Errorf("a base describing flows: %v", err)
	}
}
