package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strconv"

	"github.com/armsflow/armsflow"
	afhttp "github.com/armsflow/armsflow/http"
)

// serveFlags are the flags of serve and demo.
type serveFlags struct {
	addr      string
	public    bool
	private   bool
	maxUpload int
	noOpen    bool
	tlsCert   string
	tlsKey    string
	proxies   string
}

func (sf *serveFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&sf.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (loopback unless --public)")
	fs.BoolVar(&sf.public, "public", false, "allow listening beyond loopback (other machines can reach the server)")
	fs.BoolVar(&sf.private, "private", false, "require sign-in (or an API token) for reading too")
	fs.IntVar(&sf.maxUpload, "max-upload", afhttp.DefaultMaxUpload>>20, "largest upload of SIPRI files, in MB")
	fs.StringVar(&sf.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM file, with --tls-key)")
	fs.StringVar(&sf.tlsKey, "tls-key", "", "the private key of --tls-cert (PEM file)")
	fs.StringVar(&sf.proxies, "behind-proxy", "", "addresses of the reverse proxy in front (e.g. 127.0.0.1): trust its X-Forwarded-Proto and X-Forwarded-For, and no one else's")
}

func init() {
	register(&command{
		name:    "serve",
		usage:   "serve [--addr 127.0.0.1:8080] [--private] [--public] [--max-upload MB] [--tls-cert FILE --tls-key FILE] [--behind-proxy ADDR]",
		summary: "the web app and JSON API over the library",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			sf := &serveFlags{}
			sf.add(fs)
			return func(ctx context.Context, a *app, args []string) error { return runServe(ctx, a, sf, args) }
		},
	})
}

func runServe(ctx context.Context, a *app, sf *serveFlags, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	db, err := a.open()
	if err != nil {
		return err
	}
	return serve(ctx, a, sf, afhttp.Config{DB: db, Private: sf.private}, func(url string) {
		fmt.Fprintf(a.stdout, "armsflow: serving %s at %s (Ctrl-C to stop)\n", db.Path(), url)
	})
}

// checkAddr refuses an address beyond loopback unless public is set.
func checkAddr(addr string, public bool) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usagef("--addr %q: give HOST:PORT, e.g. 127.0.0.1:8080", addr)
	}
	if !afhttp.IsLoopback(addr) && !public {
		return armsflow.Errorf(armsflow.EINVALID,
			"refusing to listen on %s: it is reachable beyond this machine. Use --addr 127.0.0.1:PORT, or pass --public if you mean it (and consider --private)", addr)
	}
	return nil
}

// serveMemoryLimit is the server's soft memory limit (debug.SetMemoryLimit).
const serveMemoryLimit = 160 << 20

// serve listens on sf.addr and serves the app until ctx is done (SIGINT or
// SIGTERM), then shuts down gracefully. ready gets the URL once listening.
func serve(ctx context.Context, a *app, sf *serveFlags, cfg afhttp.Config, ready func(url string)) error {
	// main raises the GC percent for short commands. A server's live heap
	// is small (a snapshot of the full data is some 15 MB) while each
	// request allocates a few KB, so at Go's default of 100 a busy server
	// collects many times a second, and each collection takes CPU from the
	// requests (the load benchmark's p99 doubled). 400 keeps the heap under
	// about 100 MB; GOGC set in the environment wins.
	gc := 400
	if v, err := strconv.Atoi(os.Getenv("GOGC")); err == nil {
		gc = v
	} else if os.Getenv("GOGC") == "off" {
		gc = -1
	}
	debug.SetGCPercent(gc)
	// With GOGC at 400 the heap may grow to five times what is live; a
	// soft limit makes the collector work harder instead once the heap
	// nears it, so that a burst (an upload's parse) does not leave the
	// process holding hundreds of MB. GOMEMLIMIT set in the environment
	// wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	if err := checkAddr(sf.addr, sf.public); err != nil {
		return err
	}
	if sf.maxUpload <= 0 {
		return usagef("--max-upload %d: give a size in MB, at least 1", sf.maxUpload)
	}
	cfg.MaxUpload = int64(sf.maxUpload) << 20
	if (sf.tlsCert == "") != (sf.tlsKey == "") {
		return usagef("--tls-cert and --tls-key go together: give both files, or neither")
	}
	var tlsConfig *tls.Config
	if sf.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(sf.tlsCert, sf.tlsKey)
		if err != nil {
			return armsflow.Errorf(armsflow.EINVALID, "--tls-cert %s, --tls-key %s: %v (give PEM files of a certificate and its key)", sf.tlsCert, sf.tlsKey, err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	if sf.proxies != "" {
		p, err := afhttp.ParseProxies(sf.proxies)
		if err != nil {
			return usagef("--behind-proxy %q: %s", sf.proxies, armsflow.ErrorMessage(err))
		}
		cfg.TrustedProxies = p
	}
	log := slog.New(slog.NewTextHandler(a.stderr, nil))
	cfg.Logger = log
	srv, err := afhttp.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", sf.addr)
	if err != nil {
		return armsflow.Errorf(armsflow.EINVALID, "cannot listen on %s: %v (is another server using the port? try --addr 127.0.0.1:8081)", sf.addr, err)
	}
	if !afhttp.IsLoopback(sf.addr) {
		fmt.Fprintf(a.stderr, "warning: listening on %s, beyond loopback: anyone who can reach this machine can use the app%s\n",
			ln.Addr(), map[bool]string{true: " after signing in", false: " and read the library"}[cfg.Private])
		if tlsConfig == nil && cfg.TrustedProxies == nil {
			fmt.Fprintln(a.stderr, "warning: without --tls-cert or an HTTPS proxy (--behind-proxy), passwords and session cookies cross the network in clear")
		}
	}
	scheme := "http://"
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
		scheme = "https://"
	}
	if !afhttp.ChartsAvailable() {
		fmt.Fprintln(a.stderr, "note: charts unavailable in this build: run scripts/web-assets.sh, then rebuild")
	}
	ready(scheme + ln.Addr().String() + "/")
	err = afhttp.Serve(ctx, ln, srv, log)
	fmt.Fprintln(a.stderr, "armsflow: server stopped")
	return err
}
