package main

import (
	"context"
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
}

func serveFlagsOf(o *opts) *serveFlags { return o.values["serve"].(*serveFlags) }

func (sf *serveFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&sf.addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (loopback unless --public)")
	fs.BoolVar(&sf.public, "public", false, "allow listening beyond loopback (other machines can reach the server)")
	fs.BoolVar(&sf.private, "private", false, "require sign-in (or an API token) for reading too")
	fs.IntVar(&sf.maxUpload, "max-upload", afhttp.DefaultMaxUpload>>20, "largest upload of SIPRI files, in MB")
}

func init() {
	register(&command{
		name:    "serve",
		usage:   "serve [--addr 127.0.0.1:8080] [--private] [--public] [--max-upload MB]",
		summary: "the web app and JSON API over the library",
		flags: func(fs *flag.FlagSet, o *opts) {
			sf := &serveFlags{}
			o.values["serve"] = sf
			sf.add(fs)
		},
		run: func(ctx context.Context, a *app, o *opts, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			sf := serveFlagsOf(o)
			db, err := a.open()
			if err != nil {
				return err
			}
			return serve(ctx, a, sf, afhttp.Config{DB: db, Private: sf.private}, func(url string) {
				fmt.Fprintf(a.stdout, "armsflow: serving %s at %s (Ctrl-C to stop)\n", db.Path(), url)
			})
		},
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
	if err := checkAddr(sf.addr, sf.public); err != nil {
		return err
	}
	if sf.maxUpload <= 0 {
		return usagef("--max-upload %d: give a size in MB, at least 1", sf.maxUpload)
	}
	cfg.MaxUpload = int64(sf.maxUpload) << 20
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
	}
	if !afhttp.ChartsAvailable() {
		fmt.Fprintln(a.stderr, "note: charts unavailable in this build: run scripts/web-assets.sh, then rebuild")
	}
	ready("http://" + ln.Addr().String() + "/")
	err = afhttp.Serve(ctx, ln, srv, log)
	fmt.Fprintln(a.stderr, "armsflow: server stopped")
	return err
}
