package http

import (
	"bytes"
	"context"
	nethttp "net/http"
	"sort"
	"strconv"
	"sync/atomic"
	"time"
)

// cachedAnswer is a memoized answer of a read-only API route.
type cachedAnswer struct {
	ctype  []string // header values, shared by every response
	length []string
	body   []byte
	hits   atomic.Int64 // how often it was served, to pick what to warm
}

var hdrNoCache = []string{"no-cache"}

// flight is one computation of an answer that other requests for the same
// URL wait for instead of computing it again.
type flight struct{ done chan struct{} }

// recorder passes a response through and keeps a copy of it.
type recorder struct {
	nethttp.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = nethttp.StatusOK
	}
	rec.buf.Write(p)
	return rec.ResponseWriter.Write(p)
}

// cached serves a read-only route from the memo of the request's snapshot
// when it answered the same URL before, and memoizes successful answers.
// Concurrent requests for an URL not yet memoized wait for the first one's
// answer rather than all computing it: right after a snapshot swap, 64
// clients asking the same question would otherwise compute it 64 times at
// once. The request reads that one snapshot throughout.
func (s *Server) cached(h nethttp.HandlerFunc) nethttp.HandlerFunc {
	return func(w nethttp.ResponseWriter, r *nethttp.Request) {
		sn := s.snapOf(r)
		key := r.URL.Path + "?" + r.URL.RawQuery
		if serveCached(w, sn, key) {
			return
		}
		f := &flight{done: make(chan struct{})}
		if v, busy := sn.inflight.LoadOrStore(key, f); busy {
			select {
			case <-v.(*flight).done:
				if serveCached(w, sn, key) {
					return
				}
			case <-r.Context().Done():
				return
			}
			// The first request failed or was not memoized: answer this
			// one on its own.
			computeAnswer(w, r, h, sn, key)
			return
		}
		defer func() {
			sn.inflight.Delete(key)
			close(f.done)
		}()
		computeAnswer(w, r, h, sn, key)
	}
}

// serveCached writes the memoized answer of key, if there is one.
func serveCached(w nethttp.ResponseWriter, sn *snapshot, key string) bool {
	v, ok := sn.cache.Load(key)
	if !ok {
		return false
	}
	c := v.(*cachedAnswer)
	c.hits.Add(1)
	hdr := w.Header()
	hdr["Content-Type"] = c.ctype
	hdr["Cache-Control"] = hdrNoCache
	hdr["Content-Length"] = c.length
	w.Write(c.body)
	return true
}

// computeAnswer runs h on snapshot sn and memoizes a successful answer
// while the snapshot's memo has room.
func computeAnswer(w nethttp.ResponseWriter, r *nethttp.Request, h nethttp.HandlerFunc, sn *snapshot, key string) {
	rec := &recorder{ResponseWriter: w}
	h(rec, r.WithContext(context.WithValue(r.Context(), snapKey, sn)))
	if rec.status == nethttp.StatusOK && sn.cacheBytes.Add(int64(rec.buf.Len())) <= maxCacheBytes {
		body := rec.buf.Bytes()
		c := &cachedAnswer{ctype: []string{w.Header().Get("Content-Type")}, length: []string{strconv.Itoa(len(body))}, body: body}
		c.hits.Store(1)
		sn.cache.Store(key, c)
	}
}

// Limits of warming a new snapshot's memo with the old one's busiest URLs.
const (
	warmURLs   = 64
	warmBudget = 2 * time.Second
)

// warmCache answers on next the URLs that were asked most often on old,
// before next is swapped in, so that the busiest queries never wait for a
// computation after a change of the library (an import by another process
// swaps the snapshot while clients keep asking the same questions).
func (s *Server) warmCache(ctx context.Context, old, next *snapshot) {
	if old == nil || s.mux == nil {
		return
	}
	type hot struct {
		key  string
		hits int64
	}
	var keys []hot
	old.cache.Range(func(k, v any) bool {
		keys = append(keys, hot{k.(string), v.(*cachedAnswer).hits.Load()})
		return true
	})
	sort.Slice(keys, func(i, j int) bool { return keys[i].hits > keys[j].hits })
	if len(keys) > warmURLs {
		keys = keys[:warmURLs]
	}
	wctx := context.WithValue(ctx, snapKey, next)
	deadline := time.Now().Add(warmBudget)
	for _, k := range keys {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return
		}
		r, err := nethttp.NewRequestWithContext(wctx, "GET", k.key, nil)
		if err != nil {
			continue
		}
		s.mux.ServeHTTP(&discardWriter{header: nethttp.Header{}}, r)
	}
}

// discardWriter is a ResponseWriter that drops the response: warming only
// wants the memo filled.
type discardWriter struct{ header nethttp.Header }

func (d *discardWriter) Header() nethttp.Header    { return d.header }
func (*discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (*discardWriter) WriteHeader(int)             {}
