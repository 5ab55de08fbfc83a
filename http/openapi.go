package http

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/armsflow/armsflow/query"
)

// The OpenAPI document is made from the query specs (package query), the
// same the one handler reads parameters by, so that a query's path,
// parameters, types, defaults and allowed values are written in one
// place. What is not a query (events' writes, uploads, the report, names,
// this document) is described by hand in openapi-base.json, with the
// document's info and shared components; the specs' operations are merged
// into it. It is made once, on the first request for it, rather than by
// go generate into a committed file: go install then always serves a
// document that matches the binary, and there is no second copy to go
// stale. testdata/openapi.golden.json shows it for review.
//
//go:embed openapi-base.json
var openAPIBase []byte

// openAPI returns the document, made on first use.
var openAPI = sync.OnceValues(func() ([]byte, error) { return buildOpenAPI(openAPIBase, query.Specs) })

// buildOpenAPI merges an operation for each spec into the hand-written
// base document and writes the whole as indented JSON.
func buildOpenAPI(base []byte, specs []*query.Spec) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi-base.json: %v", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	if paths == nil {
		return nil, fmt.Errorf("openapi-base.json has no paths")
	}
	for _, s := range specs {
		item, _ := paths[s.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[s.Path] = item
		}
		if item["get"] != nil {
			return nil, fmt.Errorf("openapi-base.json describes GET %s, which the query %s makes", s.Path, s.Name)
		}
		item["get"] = specOperation(s)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// specOperation is the GET operation of a query: its parameters as the
// spec declares them, then format; its answers as the one handler gives
// them (apiQuery, apiError).
func specOperation(s *query.Spec) map[string]any {
	params := []any{}
	for _, p := range s.Params {
		params = append(params, specParameter(p))
	}
	params = append(params, map[string]any{"$ref": "#/components/parameters/format"})
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/responses/" + name} }
	responses := map[string]any{
		"200": map[string]any{
			"description": "The result as the command line's --format json writes it (an object naming its dataset); " +
				"with format=csv the table the command line shows, as CSV; with format=table that table as JSON.",
			"content": map[string]any{
				"application/json": map[string]any{"schema": map[string]any{"oneOf": []any{
					map[string]any{"type": "object"}, map[string]any{"$ref": "#/components/schemas/Table"}}}},
				"text/csv": map[string]any{"schema": map[string]any{"type": "string"}},
			},
		},
		"400": ref("Invalid"),
		"401": ref("Unauthorized"),
		"404": ref("NotFound"),
		"500": ref("Internal"),
	}
	if s.Param("dataset") != nil {
		// A query that chooses a dataset by its years may find none.
		responses["422"] = ref("NotCovered")
	}
	if s == query.Deals {
		// The whole register at once goes through the heavy gate (dealsPage).
		responses["503"] = ref("Busy")
	}
	return map[string]any{
		"summary":     sentence(s.Summary),
		"operationId": operationID(s.Name),
		"parameters":  params,
		"responses":   responses,
	}
}

// specParameter is a parameter of a query as the document describes it,
// its help said in the API's words.
func specParameter(p query.Param) map[string]any {
	schema := map[string]any{}
	switch p.Kind {
	case query.Int:
		schema["type"] = "integer"
		if n, err := strconv.Atoi(p.Default); err == nil {
			schema["default"] = n
		}
	case query.Bool:
		schema["type"] = "boolean"
		if p.Default == "true" {
			schema["default"] = true
		}
	case query.Years:
		schema["type"] = "string"
		schema["example"] = "2002-2021"
	case query.List:
		schema["type"] = "string"
		schema["description"] = "comma-separated"
	default:
		schema["type"] = "string"
		if p.Default != "" {
			schema["default"] = p.Default
		}
	}
	if len(p.Enum) > 0 {
		schema["enum"] = p.Enum
	}
	in := p.In
	if in == "" {
		in = "query"
	}
	out := map[string]any{"name": p.Name, "in": in, "schema": schema, "description": sentence(query.APIText(p.Help))}
	if p.Required || in == "path" {
		out["required"] = true
	}
	return out
}

// sentence starts text with a capital and ends it with a full stop.
func sentence(text string) string {
	r, n := utf8.DecodeRuneInString(text)
	text = string(unicode.ToUpper(r)) + text[n:]
	if !strings.HasSuffix(text, ".") {
		text += "."
	}
	return text
}

// operationID is a query's name in camel case: event-study, eventStudy.
func operationID(name string) string {
	parts := strings.Split(name, "-")
	for i := 1; i < len(parts); i++ {
		parts[i] = sentence(parts[i])
		parts[i] = strings.TrimSuffix(parts[i], ".")
	}
	return strings.Join(parts, "")
}

func (s *Server) apiOpenAPI(w nethttp.ResponseWriter, r *nethttp.Request) {
	doc, err := openAPI()
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(doc)
}
