// Package http serves armsflow's web app and its JSON API over a library.
//
// The API under /api/v1/ answers every query of the command line, with the
// command's flags as query parameters and the same JSON as its
// --format json; ?format=csv gives the table a user sees as CSV. The pages
// (/, /dyad, /rankings, /country/{name}, /events) are server-rendered
// templates whose scripts fetch the API, so that a page's URL carries its
// whole state. Scripts, styles and the charting library are embedded in the
// binary: the app works with the network off.
//
// Reading is public unless Config.Private is set; importing files and
// editing events need an editor, signed in through a session cookie (with a
// CSRF token on every unsafe request) or presenting an API token as
// "Authorization: Bearer TOKEN".
//
// Queries run on an immutable engine snapshot. When the library changes (an
// upload here, or an import by another process) a new snapshot is built,
// warmed and swapped in atomically: readers see the old data until the new
// data is committed, never half an import.
package http

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net"
	nethttp "net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
)

// DefaultMaxUpload is the default limit of an upload's body: SIPRI's largest
// export is about 4 MB, and a directory of TIV tables about 10 MB.
const DefaultMaxUpload = 64 << 20

// maxBody limits the body of any request other than an upload.
const maxBody = 1 << 20

// sessionTTL is how long a sign-in lasts.
const sessionTTL = 12 * time.Hour

// Config configures a Server.
type Config struct {
	// DB is the library (cmd passes a *sqlite.DB, tests may pass fakes); the
	// Server does not close it. When it also implements engine.GroupLoader,
	// queries see the groups users defined.
	DB armsflow.Library
	// Private requires a signed-in user (or an API token) for every page
	// and every API call but the sign-in page and static files.
	Private bool
	// MaxUpload bounds the body of an upload in bytes; 0 means
	// DefaultMaxUpload.
	MaxUpload int64
	// Sample labels every page as showing the built-in sample, not SIPRI's
	// full data (armsflow demo).
	Sample bool
	// Logger receives request errors and internal details; nil means
	// slog.Default().
	Logger *slog.Logger
	// Poll is how often the library is checked for changes made by other
	// processes; 0 means one second, negative disables polling.
	Poll time.Duration
	// TrustedProxies are the addresses of reverse proxies in front of the
	// server (--behind-proxy). Only requests coming straight from one of
	// them may say, in X-Forwarded-Proto and X-Forwarded-For, that the
	// browser used HTTPS and what its address is.
	TrustedProxies []netip.Prefix
}

// snapshot is one immutable view of the library.
type snapshot struct {
	version int64
	eng     *engine.Engine

	namesOnce sync.Once
	names     []string // party names with data, for suggestions

	// cache memoizes the API's answers on this snapshot by URL: the
	// snapshot never changes, so neither do they.
	cache        sync.Map // cacheKey → *cachedAnswer
	cacheBytes   atomic.Int64
	cacheEntries atomic.Int64
	evictMu      sync.Mutex
	inflight     sync.Map // cacheKey → *flight, answers being computed
}

// Server is armsflow's web app and API over one library. Create it with
// New; it is an http.Handler.
type Server struct {
	cfg     Config
	db      armsflow.Library
	log     *slog.Logger
	key     []byte // signs CSRF tokens; new at every start
	snap    atomic.Pointer[snapshot]
	mux     *nethttp.ServeMux
	handler nethttp.Handler

	refreshMu sync.Mutex // one rebuild at a time
	importMu  sync.Mutex // one upload import at a time

	logins *throttle // failed sign-ins per account and address
	hashes gate      // password hashes being checked
	parses gate      // uploads being read and parsed
	heavy  gate      // reports and whole-register answers being built

	stop      chan struct{} // closed by Close
	done      chan struct{} // closed when the poller ends
	closeOnce sync.Once
}

// New returns a server over cfg.DB with a first snapshot of the library
// loaded, and starts watching the library for changes.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("http.New: no library")
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Poll == 0 {
		cfg.Poll = time.Second
	}
	s := &Server{cfg: cfg, db: cfg.DB, log: cfg.Logger, key: make([]byte, 32),
		stop: make(chan struct{}), done: make(chan struct{}),
		logins: newThrottle(), hashes: newGate(halfTheCPUs()), parses: newGate(1), heavy: newGate(halfTheCPUs())}
	if _, err := rand.Read(s.key); err != nil {
		return nil, err
	}
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	if err := s.routes(); err != nil {
		return nil, err
	}
	if cfg.Poll > 0 {
		go s.poll(cfg.Poll)
	} else {
		close(s.done)
	}
	return s, nil
}

// Close stops watching the library. It does not close the library.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.stop) })
	<-s.done
	return nil
}

// ServeHTTP serves the app and the API.
func (s *Server) ServeHTTP(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.handler.ServeHTTP(w, r)
}

// current returns the current snapshot.
func (s *Server) current() *snapshot { return s.snap.Load() }

const snapKey ctxKey = 1

// snapOf returns the snapshot a request reads: the one it started on.
func (s *Server) snapOf(r *nethttp.Request) *snapshot {
	if sn, ok := r.Context().Value(snapKey).(*snapshot); ok {
		return sn
	}
	return s.current()
}

// refresh builds a new snapshot when the library's version changed since
// the current one, warms it (loads the default datasets, and answers the
// current snapshot's busiest API URLs, so that readers do not pay for it)
// and swaps it in.
func (s *Server) refresh(ctx context.Context) error {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	v, err := s.db.Version(ctx)
	if err != nil {
		return err
	}
	if cur := s.snap.Load(); cur != nil && cur.version == v {
		return nil
	}
	eng, err := engine.New(ctx, s.db)
	if err != nil {
		return err
	}
	cur := s.snap.Load()
	warm(ctx, eng, cur == nil)
	next := &snapshot{version: v, eng: eng}
	next.partyNames(ctx)
	s.warmCache(ctx, cur, next)
	s.snap.Store(next)
	return nil
}

// warm loads the content the common queries need. Errors (no such dataset
// yet) are the queries' to report later. The trade register (deals) is
// loaded only for the first snapshot: it is the costliest to load (some
// 30 ms and 20 MB of garbage), and a later snapshot gets it through
// warmCache when the previous one was asked about deals. Loading it at every
// change made a server under load during repeated imports miss its p99
// goal (11-12 ms against 8 ms without).
func warm(ctx context.Context, eng *engine.Engine, first bool) {
	_, _ = eng.Rank(ctx, engine.RankQuery{Side: "suppliers", Limit: 1})
	if first {
		_, _ = eng.Deals(ctx, engine.DealQuery{Ordered: engine.Years{From: 2200, To: 2200}})
	}
	_, _ = eng.Events(ctx, engine.EventQuery{})
}

// poll checks the library's version every d until Close.
func (s *Server) poll(d time.Duration) {
	defer close(s.done)
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if err := s.refresh(ctx); err != nil {
				s.log.Error("reloading the library", "err", err)
			}
			cancel()
		}
	}
}

// Timeouts of the HTTP server: generous enough for a large upload or an
// xlsx report on a slow link, short enough that idle clients are dropped.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 2 * time.Minute
	WriteTimeout      = 2 * time.Minute
	IdleTimeout       = 2 * time.Minute
	ShutdownTimeout   = 30 * time.Second
)

// Serve serves s on ln until ctx is done, then shuts down gracefully:
// it stops accepting connections and lets running requests finish for up
// to ShutdownTimeout.
func Serve(ctx context.Context, ln net.Listener, h nethttp.Handler, log *slog.Logger) error {
	srv := &nethttp.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; e != nil && !errors.Is(e, nethttp.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// IsLoopback reports whether addr (HOST:PORT) listens on loopback only.
// An empty host means every interface, and is not loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
