package http

import (
	"bytes"
	"errors"
	"html/template"
	nethttp "net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/table"
	"github.com/armsflow/armsflow/view"
)

// page is what every template gets.
type page struct {
	Title   string
	Nav     string // the nav entry to mark current
	Error   string
	Data    any
	User    *armsflow.User
	CSRF    string
	Sample  bool
	Charts  bool
	Private bool
}

// Editor reports whether the page's user may change the library.
func (p page) Editor() bool { return p.User != nil && p.User.Role == armsflow.RoleEditor }

// templates are parsed on first use rather than at start, which every
// command-line run would pay for.
var templates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"asset": assetURL,
		// query makes a link's query string from names and values, empty
		// values left out. It is a template.URL because it is already
		// escaped: as a string, html/template would escape it again, its
		// = and & with it, and the link would lose its parameters.
		"query": func(kv ...string) template.URL {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] != "" {
					v.Set(kv[i], kv[i+1])
				}
			}
			return template.URL(v.Encode())
		},
		"pathEscape": url.PathEscape,
		"mb":         func(n int64) int64 { return n >> 20 },
	}).ParseFS(embedded, "templates/*.html"))
})

// render writes the template name inside the layout.
func (s *Server) render(w nethttp.ResponseWriter, r *nethttp.Request, name string, p page) {
	a := authOf(r)
	p.User, p.CSRF, p.Sample, p.Charts, p.Private = a.user, a.csrf, s.cfg.Sample, ChartsAvailable(), s.cfg.Private
	var buf bytes.Buffer
	if err := templates().ExecuteTemplate(&buf, name, p); err != nil {
		s.log.Error("rendering page", "page", name, "err", err)
		nethttp.Error(w, "internal error", nethttp.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// pageError shows err on an error page with its status.
func (s *Server) pageError(w nethttp.ResponseWriter, r *nethttp.Request, err error) {
	code := armsflow.ErrorCode(err)
	if code == armsflow.EINTERNAL {
		s.log.Error("page failed", "path", r.URL.Path, "err", err)
	}
	w.WriteHeader(statusOf(code))
	s.render(w, r, "error", page{Title: "Error", Error: armsflow.ErrorMessage(err)})
}

// homeData is what the home page shows.
type homeData struct {
	Datasets  []armsflow.Dataset
	Table     viewTable // the datasets as 'armsflow datasets' lists them
	MaxUpload int64
	Uploaded  *UploadResult
}

// viewTable is a view's table in a page (the template viewtable), as the
// pages' script shows those of the API's format=table.
type viewTable struct {
	ID  string
	Doc table.Doc
}

func (s *Server) pageHome(w nethttp.ResponseWriter, r *nethttp.Request) {
	ds, err := s.current().eng.DatasetsCovered(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, "home", page{Title: "armsflow", Nav: "home",
		Data: homeData{Datasets: ds, Table: viewTable{ID: "datasets", Doc: table.DocOf(view.Datasets(ds))}, MaxUpload: s.cfg.MaxUpload}})
}

// pageUpload imports files posted by the home page's form (without
// scripts; the page's script posts to the API instead).
func (s *Server) pageUpload(w nethttp.ResponseWriter, r *nethttp.Request) {
	res, err := s.importUpload(r)
	if errors.Is(err, errBusy) {
		s.busy(w, r, "uploads")
		return
	}
	if code := armsflow.ErrorCode(err); code == armsflow.EUNAUTHORIZED || code == armsflow.EFORBIDDEN {
		s.pageError(w, r, err)
		return
	}
	data := homeData{MaxUpload: s.cfg.MaxUpload, Uploaded: res}
	p := page{Title: "armsflow", Nav: "home"}
	if err != nil {
		var mbe *nethttp.MaxBytesError
		if asMaxBytes(err, &mbe) {
			err = armsflow.Errorf(armsflow.EINVALID, "the upload is larger than the server's limit of %s (its --max-upload)", sizeText(mbe.Limit))
		}
		status := statusOf(armsflow.ErrorCode(err))
		if diskFull(err) {
			s.log.Error("upload failed: the disk is full", "err", err)
			p.Error, status = msgDiskFull, nethttp.StatusInsufficientStorage
		} else {
			if armsflow.ErrorCode(err) == armsflow.EINTERNAL {
				s.log.Error("upload failed", "err", err)
			}
			p.Error = armsflow.ErrorMessage(err)
		}
		w.WriteHeader(status)
	}
	data.Datasets, _ = s.current().eng.DatasetsCovered(r.Context())
	data.Table = viewTable{ID: "datasets", Doc: table.DocOf(view.Datasets(data.Datasets))}
	p.Data = data
	s.render(w, r, "home", p)
}

func asMaxBytes(err error, target **nethttp.MaxBytesError) bool {
	e, ok := err.(*nethttp.MaxBytesError)
	if ok {
		*target = e
	}
	return ok
}

// dyadForm is the state of the dyad page, all from its URL.
type dyadForm struct {
	Supplier, Recipient, Years, Period string
}

func (s *Server) pageDyad(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	f := dyadForm{Supplier: q.Get("supplier"), Recipient: q.Get("recipient"), Years: q.Get("years"), Period: q.Get("period")}
	if f.Period == "" {
		f.Period = "5"
	}
	title := "Dyad"
	if f.Supplier != "" && f.Recipient != "" {
		title = f.Supplier + " → " + f.Recipient
	}
	s.render(w, r, "dyad", page{Title: title, Nav: "dyad", Data: f})
}

// rankForm is the state of the rankings page.
type rankForm struct {
	Side, Years, Period, Region, Limit string
}

func (s *Server) pageRankings(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	f := rankForm{Side: q.Get("side"), Years: q.Get("years"), Period: q.Get("period"), Region: q.Get("region"), Limit: q.Get("limit")}
	if f.Side != "recipients" {
		f.Side = "suppliers"
	}
	if f.Period == "" {
		f.Period = "5"
	}
	if f.Limit == "" {
		f.Limit = "10"
	}
	s.render(w, r, "rankings", page{Title: "World rankings", Nav: "rankings", Data: f})
}

// countryForm is the state of the country page.
type countryForm struct {
	Name, Years, Period string
}

func (s *Server) pageCountry(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	f := countryForm{Name: strings.TrimSpace(r.PathValue("name")), Years: q.Get("years"), Period: q.Get("period")}
	if f.Period == "" {
		f.Period = "5"
	}
	if ent, err := s.current().eng.Names().Resolve(f.Name); err == nil && ent.Name != f.Name {
		nethttp.Redirect(w, r, "/country/"+url.PathEscape(ent.Name)+"?"+r.URL.RawQuery, nethttp.StatusFound)
		return
	}
	s.render(w, r, "country", page{Title: f.Name, Nav: "country", Data: f})
}

// eventsForm is the state of the events page.
type eventsForm struct {
	Between, Kind, Years, Tag string
	Kinds                     []string
}

func (s *Server) pageEvents(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	f := eventsForm{Between: q.Get("between"), Kind: q.Get("kind"), Years: q.Get("years"), Tag: q.Get("tag"), Kinds: armsflow.EventKinds}
	s.render(w, r, "events", page{Title: "Events", Nav: "events", Data: f})
}
