package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	nethttp "net/http"
	"net/url"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/events"
	"github.com/armsflow/armsflow/importer"
	"github.com/armsflow/armsflow/query"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// params reads a request's query string as the command line reads flags:
// unknown names are an error naming the known ones, and so is a name
// given twice (the second value would otherwise be ignored, and every
// such URL would be a new entry of the API's memo).
type params struct {
	q     url.Values
	known []string
	err   error
}

func newParams(r *nethttp.Request, known ...string) *params {
	p := &params{known: append(known, "format")}
	q, err := url.ParseQuery(r.URL.RawQuery)
	p.q = q
	if err != nil {
		p.err = armsflow.Errorf(armsflow.EINVALID, "the query string is malformed (%v): escape %% as %%25 and give name=value pairs joined by &", err)
		return p
	}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	sort.Strings(names) // the same URL always gets the same message
	for _, name := range names {
		if !slices.Contains(p.known, name) {
			p.err = armsflow.Errorf(armsflow.EINVALID, "unknown parameter %q: this endpoint takes %s", name, strings.Join(p.known, ", "))
			break
		}
		if n := len(q[name]); n > 1 {
			p.err = armsflow.Errorf(armsflow.EINVALID, "parameter %q is given %d times: give it once (a list as %s=A,B)", name, n, name)
			break
		}
	}
	return p
}

func (p *params) str(name string) string { return strings.TrimSpace(p.q.Get(name)) }

func (p *params) years(name string) engine.Years {
	y, err := engine.ParseYears(p.q.Get(name))
	if err != nil && p.err == nil {
		p.err = err
	}
	return y
}

func (p *params) int(name string, def int) int {
	s := p.str(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil && p.err == nil {
		p.err = armsflow.Errorf(armsflow.EINVALID, "%s=%q: give a whole number", name, s)
	}
	return n
}

// tableFormat is the format of a table's answer: json (the default), csv,
// or table (the view's table as JSON, which the web pages render).
func (p *params) tableFormat() string {
	f := p.str("format")
	switch f {
	case "", "json":
		return "json"
	case "csv", "table":
		return f
	}
	if p.err == nil {
		p.err = armsflow.Errorf(armsflow.EINVALID, "format=%q: use json, csv or table", f)
	}
	return ""
}

// answer writes v as the CLI's --format json writes it, t as CSV, or t as
// JSON (format=table: the table a user sees, for the web pages).
func (s *Server) answer(w nethttp.ResponseWriter, r *nethttp.Request, format string, v any, t func() *table.Table) {
	s.answerStatus(w, r, nethttp.StatusOK, format, v, t)
}

// answerStatus is answer with another status than 200.
func (s *Server) answerStatus(w nethttp.ResponseWriter, r *nethttp.Request, status int, format string, v any, t func() *table.Table) {
	var buf bytes.Buffer
	ctype := "application/json; charset=utf-8"
	if format == "csv" {
		ctype = "text/csv; charset=utf-8"
		if err := table.WriteCSV(&buf, t()); err != nil {
			s.apiError(w, r, err)
			return
		}
	} else {
		if format == "table" {
			v = table.DocOf(t())
		}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// dealsPageSize is how many deals a JSON answer holds unless limit says
// otherwise: the whole register is some 28,000 deals and 15 MB of JSON,
// which a reader of the API pages through by its next link instead. (A
// variable for the tests.)
var dealsPageSize = 1000

// dealsPage is a page of the deals' answer: the engine's answer (count and
// tiv_delivered are of all the deals that match) with its rows from offset
// on, and the URL of the next page when there is one.
type dealsPage struct {
	*engine.DealResult
	Offset int    `json:"offset,omitempty"`
	Next   string `json:"next,omitempty"`
}

// apiQuery is the one handler of every query of the query package: the
// spec reads the parameters (unknown ones refused, in the API's words), the
// engine answers, and the answer is written as JSON or as its view's CSV.
// Errors worded for the command line are said in the API's words
// (apiError).
func (s *Server) apiQuery(spec *query.Spec) nethttp.HandlerFunc {
	return func(w nethttp.ResponseWriter, r *nethttp.Request) {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			s.apiError(w, r, armsflow.Errorf(armsflow.EINVALID, "the query string is malformed (%v): escape %% as %%25 and give name=value pairs joined by &", err))
			return
		}
		v, err := spec.FromURL(q, r.PathValue, "format")
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		p := &params{q: q}
		f := p.tableFormat()
		if p.err != nil {
			s.apiError(w, r, p.err)
			return
		}
		if spec == query.Deals {
			s.dealsPage(w, r, v, f, q)
			return
		}
		ans, err := spec.Run(r.Context(), s.snapOf(r).eng, v)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		s.answer(w, r, f, ans.Result, ans.Table)
	}
}

// dealsPage answers the deals a page at a time: limit deals from offset
// (by default dealsPageSize for JSON, all for CSV), with the URL of the
// next page.
func (s *Server) dealsPage(w nethttp.ResponseWriter, r *nethttp.Request, v *query.Values, f string, q url.Values) {
	limit, offset := v.Int("limit"), v.Int("offset")
	if !v.Given("limit") {
		limit = dealsPageSize
		if f == "csv" || f == "table" {
			limit = 0 // a download, or a page's table, is of the whole table
		}
	}
	if limit == 0 || limit > dealsPageSize {
		// The whole register at once is heavy work: a few at a time.
		if !s.heavy.acquire(r.Context(), heavyWait) {
			s.busy(w, r, "large answers")
			return
		}
		defer s.heavy.release()
	}
	ans, err := query.Deals.Run(r.Context(), s.snapOf(r).eng, v)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	res := ans.Result.(*engine.DealResult)
	out := dealsPage{DealResult: res}
	if offset > 0 || limit > 0 && len(res.Rows) > limit {
		page := *res
		page.Rows = page.Rows[min(offset, len(page.Rows)):]
		if limit > 0 && len(page.Rows) > limit {
			page.Rows = page.Rows[:limit]
			next := url.Values{}
			for k, v := range q {
				next[k] = v
			}
			next.Set("offset", strconv.Itoa(offset+limit))
			next.Set("limit", strconv.Itoa(limit))
			out.Next = r.URL.Path + "?" + next.Encode()
			w.Header().Set("Link", "<"+out.Next+`>; rel="next"`)
		}
		out.DealResult, out.Offset = &page, offset
	}
	s.answer(w, r, f, out, func() *table.Table { return view.Deals(out.DealResult) })
}

func (s *Server) apiEvent(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := newParams(r)
	p.tableFormat()
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	ev, err := s.findEvent(r, r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.answer(w, r, "json", ev, nil)
}

func (s *Server) findEvent(r *nethttp.Request, id string) (*armsflow.Event, error) {
	res, err := s.snapOf(r).eng.Events(r.Context(), engine.EventQuery{})
	if err != nil {
		return nil, err
	}
	for i := range res.Rows {
		if res.Rows[i].ID == id {
			return &res.Rows[i], nil
		}
	}
	return nil, armsflow.Errorf(armsflow.ENOTFOUND, "no event %q", id)
}

// errNotJSON refuses a body that does not say it is JSON: a form of
// another site can send text/plain without asking the browser first, but
// not application/json.
var errNotJSON = armsflow.Errorf("unsupported_media_type", "send the event as JSON, with Content-Type: application/json")

// readEvent decodes and validates the event of a request's JSON body.
func (s *Server) readEvent(r *nethttp.Request) (armsflow.Event, error) {
	var ev armsflow.Event
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return ev, errNotJSON
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ev); err != nil {
		if _, ok := err.(*nethttp.MaxBytesError); ok {
			return ev, err
		}
		return ev, armsflow.Errorf(armsflow.EINVALID, "the body is not an event in JSON: %v", err)
	}
	ev.NormalizeLists()
	reg := s.snapOf(r).eng.Names()
	evs, err := events.Validate("request body", []armsflow.Event{ev}, reg.CanonicalName)
	if err != nil {
		return ev, err
	}
	return evs[0], nil
}

func (s *Server) apiEventCreate(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := s.requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	ev, err := s.readEvent(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	n, err := s.db.AddEvents(r.Context(), []armsflow.Event{ev})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if n == 0 {
		s.apiError(w, r, armsflow.Errorf(armsflow.ECONFLICT, "event %q is already in the library; PUT /api/v1/events/%s to change it", ev.ID, ev.ID))
		return
	}
	s.afterWrite(r.Context())
	s.answerStatus(w, r, nethttp.StatusCreated, "json", ev, nil)
}

func (s *Server) apiEventPut(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := s.requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	ev, err := s.readEvent(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if id := r.PathValue("id"); ev.ID != id {
		s.apiError(w, r, armsflow.Errorf(armsflow.EINVALID, "the body's id %q differs from the URL's %q", ev.ID, id))
		return
	}
	if err := s.db.PutEvent(r.Context(), ev); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.afterWrite(r.Context())
	s.answer(w, r, "json", ev, nil)
}

func (s *Server) apiEventDelete(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := s.requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.DeleteEvent(r.Context(), r.PathValue("id")); err != nil {
		s.apiError(w, r, err)
		return
	}
	s.afterWrite(r.Context())
	w.WriteHeader(nethttp.StatusNoContent)
}

// afterWrite swaps in a snapshot with the change, so that the response's
// reader and the next page see it.
func (s *Server) afterWrite(ctx context.Context) {
	if err := s.refresh(context.WithoutCancel(ctx)); err != nil {
		s.log.Error("reloading the library after a write", "err", err)
	}
}

func (s *Server) apiDatasets(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := newParams(r)
	f := p.tableFormat()
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	ds, err := s.snapOf(r).eng.DatasetsCovered(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if ds == nil {
		ds = []armsflow.Dataset{}
	}
	s.answer(w, r, f, map[string]any{"rows": ds, "choice": view.ChoiceRule}, func() *table.Table { return view.Datasets(ds) })
}

// UploadResult is the answer to an upload: what each dataset became.
type UploadResult struct {
	Datasets []UploadedDataset `json:"datasets"`
	Warnings []string          `json:"warnings"`
	Skipped  []string          `json:"skipped"`
}

// UploadedDataset says what an upload did to one dataset.
type UploadedDataset struct {
	Dataset    armsflow.Dataset `json:"dataset"`
	Created    bool             `json:"created"`
	Unchanged  bool             `json:"unchanged"`
	AddedFiles int              `json:"added_files"`
}

// Bounds of the memory an upload's parse may take. Parsing CSV costs
// memory per field (a record of a million empty fields takes some 100 MB),
// so besides the bytes (--max-upload) an upload's fields are bounded: a
// SIPRI export has fewer than a hundred fields a line and its largest file
// about half a million, so these leave room for every file SIPRI publishes
// at once while keeping a hostile file's parse under some 150 MB.
const (
	maxLineFields   = 4096
	maxLineBytes    = 64 << 10 // SIPRI's longest line is some 700 bytes
	maxUploadFields = 4 << 20
)

// errBusy is the answer to a request that found no place at a gate in
// time: the client should try again later (503 with Retry-After).
var errBusy = armsflow.Errorf("busy", "the server is busy with another upload: try again in a few seconds")

// checkFields counts the fields of data (commas and line ends; quoted
// commas count too, which only errs on the safe side) into *total, and
// refuses a line with more than maxLineFields or maxLineBytes, or an
// upload with more than maxUploadFields: such a file is not a SIPRI
// export, and parsing it would take memory out of proportion to its size.
func checkFields(name string, data []byte, total *int) error {
	line, inLine, start := 1, 0, 0
	for i, c := range data {
		if i-start > maxLineBytes {
			return armsflow.Errorf(armsflow.EINVALID, "%s:%d: a line longer than %d KB: not a SIPRI export", name, line, maxLineBytes>>10)
		}
		switch c {
		case ',', ';', '\t':
			inLine++
			*total++
			if inLine > maxLineFields {
				return armsflow.Errorf(armsflow.EINVALID, "%s:%d: more than %d fields in one line: not a SIPRI export", name, line, maxLineFields)
			}
		case '\n':
			line++
			inLine, start = 0, i+1
			*total++
		}
	}
	if *total > maxUploadFields {
		return armsflow.Errorf(armsflow.EINVALID, "%s: the upload has more than %d fields, more than all of SIPRI's exports together: upload fewer files at once", name, maxUploadFields)
	}
	return nil
}

// importUpload reads the files of a multipart request (any field name) and
// imports them in one transaction. The body is read as a stream: the CSRF
// token of a form without script comes as its csrf_token field, before the
// files. One upload is read and parsed at a time (parsing takes memory in
// proportion to the files); another waits a few seconds for its turn, then
// is told to come back (errBusy).
func (s *Server) importUpload(r *nethttp.Request) (*UploadResult, error) {
	if err := s.requireEditorRole(r); err != nil {
		return nil, err
	}
	checked := authOf(r).bearer || r.Header.Get(csrfHeader) != ""
	if checked {
		if err := s.checkCSRF(r, ""); err != nil {
			return nil, err
		}
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, armsflow.Errorf(armsflow.EINVALID, "send the SIPRI files as multipart/form-data (field \"file\")")
	}
	if !s.parses.acquire(r.Context(), parseWait) {
		return nil, errBusy
	}
	defer s.parses.release()
	var files []importer.File
	fields := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if _, ok := err.(*nethttp.MaxBytesError); ok {
				return nil, err
			}
			return nil, armsflow.Errorf(armsflow.EINVALID, "reading the upload: %v", err)
		}
		if part.FileName() == "" {
			if part.FormName() == csrfField && !checked {
				tok, _ := io.ReadAll(io.LimitReader(part, 256))
				if err := s.checkCSRF(r, string(tok)); err != nil {
					part.Close()
					return nil, err
				}
				checked = true
			}
			part.Close()
			continue
		}
		if !checked {
			part.Close()
			return nil, errCSRF
		}
		data, err := io.ReadAll(io.LimitReader(part, importer.MaxFileSize+1))
		part.Close()
		if err != nil {
			if _, ok := err.(*nethttp.MaxBytesError); ok {
				return nil, err
			}
			return nil, armsflow.Errorf(armsflow.EINVALID, "reading %s: %v", part.FileName(), err)
		}
		if len(data) > importer.MaxFileSize {
			return nil, armsflow.Errorf(armsflow.EINVALID, "%s is larger than %d MB: not a SIPRI export", part.FileName(), importer.MaxFileSize>>20)
		}
		name := filepath.Base(part.FileName())
		if err := checkFields(name, data, &fields); err != nil {
			return nil, err
		}
		files = append(files, importer.File{Name: name, Data: data})
	}
	if !checked {
		return nil, errCSRF
	}
	if len(files) == 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "no file in the upload: choose SIPRI's CSV files (TIV tables or trade register)")
	}
	res, err := importer.Parse(files, nil)
	if err != nil {
		return nil, err
	}
	s.importMu.Lock()
	results, err := s.db.ImportDatasets(r.Context(), res.Datasets)
	s.importMu.Unlock()
	if err != nil {
		return nil, err
	}
	s.afterWrite(r.Context())
	out := &UploadResult{Warnings: res.Warnings, Skipped: res.Skipped}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if out.Skipped == nil {
		out.Skipped = []string{}
	}
	for _, x := range results {
		out.Datasets = append(out.Datasets, UploadedDataset{Dataset: x.Dataset, Created: x.Created, Unchanged: x.Unchanged, AddedFiles: x.AddedFiles})
	}
	return out, nil
}

func (s *Server) apiUpload(w nethttp.ResponseWriter, r *nethttp.Request) {
	if err := s.requireEditor(r); err != nil {
		s.apiError(w, r, err)
		return
	}
	res, err := s.importUpload(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.answer(w, r, "json", res, nil)
}

// Suggestion is one name the names endpoint suggests.
type Suggestion struct {
	Name string `json:"name"`
	Code string `json:"code,omitempty"`
}

// partyNames lists the parties with data in the default datasets, once per
// snapshot.
func (sn *snapshot) partyNames(ctx context.Context) []string {
	sn.namesOnce.Do(func() {
		seen := map[string]bool{}
		for _, side := range []string{"suppliers", "recipients"} {
			res, err := sn.eng.Rank(ctx, engine.RankQuery{Side: side})
			if err != nil {
				continue
			}
			for _, row := range res.Rows {
				if !seen[row.Name] {
					seen[row.Name] = true
					sn.names = append(sn.names, row.Name)
				}
			}
		}
		sort.Strings(sn.names)
	})
	return sn.names
}

func (s *Server) apiNames(w nethttp.ResponseWriter, r *nethttp.Request) {
	p := newParams(r, "q", "limit")
	q, limit := p.str("q"), p.int("limit", 20)
	p.tableFormat()
	if p.err != nil {
		s.apiError(w, r, p.err)
		return
	}
	sn := s.snapOf(r)
	out := []Suggestion{}
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] && (limit <= 0 || len(out) < limit) {
			seen[name] = true
			out = append(out, Suggestion{Name: name})
		}
	}
	if q != "" {
		if ent, err := sn.eng.Names().Resolve(q); err == nil {
			add(ent.Name)
		}
	}
	lq := strings.ToLower(q)
	all := sn.partyNames(r.Context())
	for _, n := range all { // prefix matches first
		if strings.HasPrefix(strings.ToLower(n), lq) {
			add(n)
		}
	}
	for _, n := range all {
		if strings.Contains(strings.ToLower(n), lq) {
			add(n)
		}
	}
	s.answer(w, r, "json", map[string]any{"query": q, "rows": out}, nil)
}
