package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	nethttp "net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/query"
)

// Route is one route of the API, as the OpenAPI document lists it.
type Route struct {
	Method string
	Path   string // OpenAPI form, e.g. /api/v1/rank/{side}
}

// APIRoutes lists every route of the API, the queries' from their specs
// (package query) first; a test checks that the OpenAPI document
// describes each.
var APIRoutes = apiRoutes()

func apiRoutes() []Route {
	var rts []Route
	for _, spec := range query.Specs {
		rts = append(rts, Route{"GET", spec.Path})
	}
	return append(rts,
		Route{"POST", "/api/v1/events"},
		Route{"GET", "/api/v1/events/{id}"},
		Route{"PUT", "/api/v1/events/{id}"},
		Route{"DELETE", "/api/v1/events/{id}"},
		Route{"GET", "/api/v1/datasets"},
		Route{"POST", "/api/v1/datasets"},
		Route{"GET", "/api/v1/report"},
		Route{"GET", "/api/v1/names"},
		Route{"GET", "/api/v1/openapi.json"},
	)
}

func (s *Server) routes() error {
	m := nethttp.NewServeMux()
	api := map[string]nethttp.HandlerFunc{
		"POST /api/v1/events":        s.apiEventCreate,
		"GET /api/v1/events/{id}":    s.apiEvent,
		"PUT /api/v1/events/{id}":    s.apiEventPut,
		"DELETE /api/v1/events/{id}": s.apiEventDelete,
		"GET /api/v1/datasets":       s.apiDatasets,
		"POST /api/v1/datasets":      s.apiUpload,
		"GET /api/v1/report":         s.apiReport,
		"GET /api/v1/names":          s.apiNames,
		"GET /api/v1/openapi.json":   s.apiOpenAPI,
	}
	for _, spec := range query.Specs {
		// Every query through its spec and the one handler.
		api["GET "+spec.Path] = s.apiQuery(spec)
	}
	if len(api) != len(APIRoutes) {
		return fmt.Errorf("http: %d API handlers for %d documented routes", len(api), len(APIRoutes))
	}
	for _, rt := range APIRoutes {
		h, ok := api[rt.Method+" "+rt.Path]
		if !ok {
			return fmt.Errorf("http: no handler for %s %s", rt.Method, rt.Path)
		}
		if rt.Method == "GET" && rt.Path != "/api/v1/report" && rt.Path != "/api/v1/openapi.json" {
			h = s.cached(h)
		}
		m.Handle(rt.Method+" "+rt.Path, h)
	}
	m.HandleFunc("/api/", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		s.apiError(w, r, armsflow.Errorf(armsflow.ENOTFOUND, "no API route %s %s; see /api/v1/openapi.json", r.Method, r.URL.Path))
	})
	m.HandleFunc("GET /{$}", s.pageHome)
	m.HandleFunc("GET /dyad", s.pageDyad)
	m.HandleFunc("GET /rankings", s.pageRankings)
	m.HandleFunc("GET /country/{name}", s.pageCountry)
	m.HandleFunc("GET /country/{$}", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		nethttp.Redirect(w, r, "/country/"+url.PathEscape(strings.TrimSpace(r.URL.Query().Get("name"))), nethttp.StatusFound)
	})
	m.HandleFunc("GET /events", s.pageEvents)
	m.HandleFunc("GET /dependency", s.pageDependency)
	m.HandleFunc("GET /login", s.handleLogin)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("POST /logout", s.handleLogout)
	m.HandleFunc("POST /upload", s.pageUpload)
	m.HandleFunc("GET /healthz", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	m.Handle("GET /assets/", assetHandler())
	m.HandleFunc("/", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		s.pageError(w, r, armsflow.Errorf(armsflow.ENOTFOUND, "no page %s", r.URL.Path))
	})
	s.mux = m
	s.handler = s.recoverPanics(s.securityHeaders(s.limitBody(s.authenticate(s.private(m)))))
	return nil
}

// csp allows nothing but this site's own files: no inline script or style.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Values of the security headers, shared by every response: Header.Set
// would allocate them afresh for each request (the API answers tens of
// thousands a second). Shared slices are safe: Set replaces a value and
// Add appends to a slice that is full.
var (
	hdrCSP        = []string{csp}
	hdrNosniff    = []string{"nosniff"}
	hdrDeny       = []string{"DENY"}
	hdrNoReferrer = []string{"no-referrer"}
	hdrSameOrigin = []string{"same-origin"}
	hdrPerms      = []string{"camera=(), microphone=(), geolocation=()"}
	hdrHSTS       = []string{"max-age=31536000"}
)

// securityHeaders sets the headers every response carries; over HTTPS
// (directly or behind a trusted proxy) also HSTS, so that the browser
// never again uses plain HTTP for this host.
func (s *Server) securityHeaders(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		h := w.Header()
		h["Content-Security-Policy"] = hdrCSP
		h["X-Content-Type-Options"] = hdrNosniff
		h["X-Frame-Options"] = hdrDeny
		h["Referrer-Policy"] = hdrNoReferrer
		h["Cross-Origin-Opener-Policy"] = hdrSameOrigin
		h["Permissions-Policy"] = hdrPerms
		if s.isHTTPS(r) {
			h["Strict-Transport-Security"] = hdrHSTS
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody bounds request bodies: uploads to the configured size, all
// else to maxBody.
func (s *Server) limitBody(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if r.Body != nil && r.Body != nethttp.NoBody {
			n := int64(maxBody)
			if isUploadPath(r.URL.Path) {
				n = s.cfg.MaxUpload
			}
			if r.ContentLength > n {
				s.bodyTooLarge(w, r, n)
				return
			}
			r.Body = nethttp.MaxBytesReader(w, r.Body, n)
		}
		next.ServeHTTP(w, r)
	})
}

func isUploadPath(p string) bool { return p == "/api/v1/datasets" || p == "/upload" }

// sizeText writes a limit in MB when it is whole MB, else in bytes.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (s *Server) bodyTooLarge(w nethttp.ResponseWriter, r *nethttp.Request, n int64) {
	var msg string
	if isUploadPath(r.URL.Path) {
		msg = fmt.Sprintf("the upload is larger than the server's limit of %s (its --max-upload)", sizeText(n))
	} else {
		msg = fmt.Sprintf("the request body is larger than the limit of %s for anything but an upload of files", sizeText(n))
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONError(w, nethttp.StatusRequestEntityTooLarge, "too_large", msg)
		return
	}
	nethttp.Error(w, msg, nethttp.StatusRequestEntityTooLarge)
}

func (s *Server) recoverPanics(next nethttp.Handler) nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == nethttp.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				writeJSONError(w, nethttp.StatusInternalServerError, armsflow.EINTERNAL, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusOf maps an application error code to an HTTP status.
func statusOf(code string) int {
	switch code {
	case armsflow.EINVALID:
		return nethttp.StatusBadRequest
	case armsflow.ENOTFOUND:
		return nethttp.StatusNotFound
	case armsflow.ECONFLICT:
		return nethttp.StatusConflict
	case armsflow.EUNAUTHORIZED:
		return nethttp.StatusUnauthorized
	case armsflow.EFORBIDDEN:
		return nethttp.StatusForbidden
	case armsflow.ENOTCOVERED:
		// The request is well formed, but no dataset covers its years.
		return nethttp.StatusUnprocessableEntity
	}
	return nethttp.StatusInternalServerError
}

// apiError writes err as {"error": {"code", "message"}}, in the API's
// words. Internal errors are logged with their details and shown as
// "internal error".
func (s *Server) apiError(w nethttp.ResponseWriter, r *nethttp.Request, err error) {
	var mbe *nethttp.MaxBytesError
	if errors.As(err, &mbe) {
		s.bodyTooLarge(w, r, mbe.Limit)
		return
	}
	if errors.Is(err, errBusy) {
		s.busy(w, r, "uploads")
		return
	}
	if errors.Is(err, errNotJSON) {
		writeJSONError(w, nethttp.StatusUnsupportedMediaType, armsflow.EINVALID, armsflow.ErrorMessage(err))
		return
	}
	if diskFull(err) {
		s.log.Error("request failed: the disk is full", "method", r.Method, "path", r.URL.Path, "err", err)
		writeJSONError(w, nethttp.StatusInsufficientStorage, "disk_full", msgDiskFull)
		return
	}
	code := armsflow.ErrorCode(err)
	if code == armsflow.EINTERNAL && r.Context().Err() != nil && errors.Is(err, context.Canceled) {
		// The client went away (and the work was cancelled with it,
		// changing nothing): not the server's failure.
		s.log.Info("request cancelled by the client", "method", r.Method, "path", r.URL.Path, "addr", s.clientAddr(r))
		return
	}
	if code == armsflow.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == armsflow.EUNAUTHORIZED {
		w.Header().Set("WWW-Authenticate", `Bearer realm="armsflow"`)
	}
	// The engine words its refusals for the command line (--years): an API
	// client is told the parameters instead (years), whichever handler
	// asked.
	writeJSONError(w, statusOf(code), code, armsflow.ErrorMessage(query.ForAPI(err)))
}

// msgDiskFull says what a full disk means for a write: nothing changed.
const msgDiskFull = "the disk holding the library is full: nothing was changed; free some space on the server, then try again"

// sqliteFull is SQLite's primary result code SQLITE_FULL.
const sqliteFull = 13

// diskFull reports whether err is a write that failed for want of space:
// SQLite's SQLITE_FULL (the disk, or the library's size limit) or the
// system's ENOSPC.
func diskFull(err error) bool {
	if errors.Is(err, syscall.ENOSPC) {
		return true
	}
	// The SQLite driver's errors carry SQLite's result code; asking for the
	// method keeps the driver out of this package.
	var coded interface{ Code() int }
	if errors.As(err, &coded) && coded.Code()&0xff == sqliteFull {
		return true
	}
	return strings.Contains(err.Error(), "database or disk is full")
}

func writeJSONError(w nethttp.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
}
