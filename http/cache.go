package http

import (
	"bytes"
	"context"
	nethttp "net/http"
	"net/url"
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
	cost   int64        // what it counts against maxCacheBytes: key, body and bookkeeping
	hits   atomic.Int64 // how often it was served, to pick what to warm
}

// Bounds of one snapshot's memo. Every entry counts its key and a fixed
// overhead (the map's entry, the headers, the answer's struct) as well as
// its body, so that many small answers to unique URLs cannot grow the
// memo past maxCacheBytes; maxCacheEntries bounds the count whatever the
// sizes. When the memo is full, the answers served only once are dropped
// first (unique URLs are one-off), then others.
const (
	maxCacheBytes   = 64 << 20
	maxCacheEntries = 4096
	entryOverhead   = 512
)

// cacheKey is the memo's key of a request: its path and its query in
// canonical form (names sorted, values escaped one way), so that the
// same question asked with its parameters in another order or escaped
// differently is one entry, not two.
func cacheKey(r *nethttp.Request) (string, bool) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", false
	}
	for _, v := range q {
		if len(v) > 1 {
			return "", false // refused by the handler's newParams
		}
	}
	return r.URL.Path + "?" + q.Encode(), true
}

var hdrNoCache = []string{"no-cache"}

// flight is one computation of an answer that other requests for the same
// URL wait for instead of computing it again.
type flight struct{ done chan struct{} }

// recorder keeps a response instead of sending it, so that it can be
// memoized, or answered again on a newer snapshot.
type recorder struct {
	header nethttp.Header
	status int
	buf    bytes.Buffer
}

func (rec *recorder) Header() nethttp.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = nethttp.StatusOK
	}
	return rec.buf.Write(p)
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
		key, ok := cacheKey(r)
		if !ok {
			// A malformed or repeated parameter: the handler says which.
			h(w, r.WithContext(context.WithValue(r.Context(), snapKey, sn)))
			return
		}
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
			s.computeAnswer(w, r, h, sn, key)
			return
		}
		defer func() {
			sn.inflight.Delete(key)
			close(f.done)
		}()
		s.computeAnswer(w, r, h, sn, key)
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

// computeAnswer runs h on snapshot sn, sends the answer and memoizes it
// when it is successful, while the snapshot's memo has room.
//
// A snapshot loads some content lazily (a trade register's deals, on first
// use). When another process deleted that dataset meanwhile, the snapshot
// finds it gone and h answers 404; if the library has changed since the
// snapshot was taken, the question is answered again on a fresh snapshot
// (where the default dataset is one that exists) rather than failing.
func (s *Server) computeAnswer(w nethttp.ResponseWriter, r *nethttp.Request, h nethttp.HandlerFunc, sn *snapshot, key string) {
	rec := &recorder{header: w.Header()}
	h(rec, r.WithContext(context.WithValue(r.Context(), snapKey, sn)))
	if rec.status == nethttp.StatusNotFound && r.Context().Value(warmKey) == nil {
		if next := s.newerSnapshot(r.Context(), sn); next != nil {
			sn = next
			rec = &recorder{header: w.Header()}
			h(rec, r.WithContext(context.WithValue(r.Context(), snapKey, sn)))
		}
	}
	if rec.status == 0 {
		rec.status = nethttp.StatusOK
	}
	w.WriteHeader(rec.status)
	w.Write(rec.buf.Bytes())
	if rec.status != nethttp.StatusOK {
		return
	}
	body := rec.buf.Bytes()
	c := &cachedAnswer{ctype: []string{w.Header().Get("Content-Type")}, length: []string{strconv.Itoa(len(body))}, body: body,
		cost: int64(len(body) + len(key) + entryOverhead)}
	c.hits.Store(1)
	sn.memoize(key, c)
}

// memoize stores c under key when the memo has room for it, and makes
// room for later answers when it has not.
func (sn *snapshot) memoize(key string, c *cachedAnswer) {
	if c.cost > maxCacheBytes/8 {
		return // one huge answer would push out hundreds of small ones
	}
	n, b := sn.cacheEntries.Add(1), sn.cacheBytes.Add(c.cost)
	if n > maxCacheEntries || b > maxCacheBytes {
		sn.cacheEntries.Add(-1)
		sn.cacheBytes.Add(-c.cost)
		sn.evict()
		return
	}
	if _, dup := sn.cache.LoadOrStore(key, c); dup {
		sn.cacheEntries.Add(-1)
		sn.cacheBytes.Add(-c.cost)
	}
}

// evict drops entries until the memo is at most three quarters full, by
// count and by bytes: first the answers served only once, then any. One
// request evicts at a time; the others carry on without memoizing.
func (sn *snapshot) evict() {
	if !sn.evictMu.TryLock() {
		return
	}
	defer sn.evictMu.Unlock()
	full := func() bool {
		return sn.cacheEntries.Load() > maxCacheEntries*3/4 || sn.cacheBytes.Load() > maxCacheBytes*3/4
	}
	for pass := 0; pass < 2 && full(); pass++ {
		sn.cache.Range(func(k, v any) bool {
			if pass == 0 && v.(*cachedAnswer).hits.Load() > 1 {
				return true
			}
			if old, ok := sn.cache.LoadAndDelete(k); ok {
				sn.cacheEntries.Add(-1)
				sn.cacheBytes.Add(-old.(*cachedAnswer).cost)
			}
			return full()
		})
	}
}

// staleWait bounds how long a read that found its snapshot stale waits
// for a newer one.
const staleWait = 250 * time.Millisecond

// newerSnapshot returns a snapshot newer than sn when the library has
// changed since sn was taken, or nil. It never waits on a rebuild for
// long: when none is under way it starts one in the background, and it
// waits at most staleWait for the swap.
func (s *Server) newerSnapshot(ctx context.Context, sn *snapshot) *snapshot {
	if cur := s.current(); cur != sn {
		return cur
	}
	v, err := s.db.Version(ctx)
	if err != nil || v == sn.version {
		return nil
	}
	go func() {
		if s.refreshMu.TryLock() {
			s.refreshMu.Unlock() // none under way: start one
			rctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := s.refresh(rctx); err != nil {
				s.log.Error("reloading the library", "err", err)
			}
		}
	}()
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	deadline := time.Now().Add(staleWait)
	for time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if cur := s.current(); cur != sn {
			return cur
		}
	}
	return nil
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
	// Warming runs inside refresh: its requests must not refresh again.
	wctx := context.WithValue(context.WithValue(ctx, snapKey, next), warmKey, true)
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

// warmKey marks the requests of warmCache.
const warmKey ctxKey = 2

// discardWriter is a ResponseWriter that drops the response: warming only
// wants the memo filled.
type discardWriter struct{ header nethttp.Header }

func (d *discardWriter) Header() nethttp.Header    { return d.header }
func (*discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (*discardWriter) WriteHeader(int)             {}
