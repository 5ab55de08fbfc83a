package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/demo"
	"github.com/armsflow/armsflow/events"
	afhttp "github.com/armsflow/armsflow/http"
	"github.com/armsflow/armsflow/sqlite"
)

func init() {
	register(&command{
		name:    "demo",
		usage:   "demo [--addr 127.0.0.1:8080] [--no-open]",
		summary: "the web app on a small built-in Viet Nam–Russia sample (not SIPRI's full data)",
		bind: func(fs *flag.FlagSet, o *opts) runFunc {
			sf := &serveFlags{}
			sf.add(fs)
			fs.BoolVar(&sf.noOpen, "no-open", false, "do not open the browser")
			return func(ctx context.Context, a *app, args []string) error { return runDemo(ctx, a, o, sf, args) }
		},
	})
}

func runDemo(ctx context.Context, a *app, o *opts, sf *serveFlags, args []string) error {
	if err := noArgs(args); err != nil {
		return err
	}
	if err := checkAddr(sf.addr, sf.public); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "armsflow-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(filepath.Join(dir, "sample.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	starter, err := events.StarterSeed()
	if err != nil {
		return err
	}
	if err := demo.Load(ctx, db, starter); err != nil {
		return err
	}
	password := randomPassword()
	hash, err := afhttp.HashPassword(password)
	if err != nil {
		return err
	}
	if err := db.AddUser(ctx, armsflow.User{Name: "demo", Role: armsflow.RoleEditor, PasswordHash: hash}); err != nil {
		return err
	}
	return serve(ctx, a, sf, afhttp.Config{DB: db, Sample: true, Private: sf.private}, func(url string) {
		fmt.Fprintf(a.stdout, "armsflow demo: %s at %s\n", demo.Label, url)
		fmt.Fprintf(a.stdout, "  a small Viet Nam–Russia case study; open %sdyad?supplier=Russia&recipient=Viet+Nam\n", url)
		fmt.Fprintf(a.stdout, "  to import SIPRI's full files in the browser, sign in as demo / %s (an editor of this temporary library)\n", password)
		fmt.Fprintf(a.stdout, "  or keep a library of your own: armsflow import DIR && armsflow serve\n")
		fmt.Fprintf(a.stdout, "  Ctrl-C stops the server and deletes the temporary library.\n")
		if !sf.noOpen {
			openBrowser(url + "dyad?supplier=Russia&recipient=Viet+Nam")
		}
	})
}

// randomPassword returns 12 random letters and digits (32 symbols: 60 bits).
func randomPassword() string {
	const letters = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}

// openBrowser opens url in the desktop's browser, quietly doing nothing
// when there is none.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return
		}
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
