package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestGoInstallDrawsCharts is the acceptance of "go install gives the whole
// tool": in an environment whose PATH has Go and nothing else (no npm, no
// node), 'go install ./cmd/armsflow' into a fresh GOBIN gives a binary
// whose dyad page, in Chromium, draws its chart with the embedded chart.js.
func TestGoInstallDrawsCharts(t *testing.T) {
	if testing.Short() {
		t.Skip("go install and a browser: skipped with -short")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("needs Debian's chromium (apt-get install chromium; scripts/test.sh installs it): skipping")
	}
	// The toolchain's own bin directory (go env GOROOT, not runtime.GOROOT,
	// which is deprecated), so that PATH below holds Go and nothing else.
	goPath, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command on PATH: skipping")
	}
	goRoot, err := exec.Command(goPath, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	goBin := filepath.Join(strings.TrimSpace(string(goRoot)), "bin")
	gobin := t.TempDir()
	env := []string{
		"PATH=" + goBin, // Go only: no npm, no node, no git
		"HOME=" + os.Getenv("HOME"),
		"GOBIN=" + gobin,
		"GOFLAGS=-buildvcs=false", // no git on PATH to stamp the revision
		"GOTOOLCHAIN=local",
		"GOPROXY=off", // everything comes from the module cache: no network in tests
	}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "TMPDIR"} {
		if v := os.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	for _, tool := range []string{"npm", "node"} {
		if _, err := os.Stat(filepath.Join(goBin, tool)); err == nil {
			t.Fatalf("%s is beside go in %s: the environment would not be without npm", tool, goBin)
		}
	}
	install := exec.Command(filepath.Join(goBin, "go"), "install", "./cmd/armsflow")
	install.Dir = "../.."
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install ./cmd/armsflow without npm: %v\n%s", err, out)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	demo := exec.CommandContext(ctx, filepath.Join(gobin, "armsflow"), "--db", filepath.Join(t.TempDir(), "lib.db"), "demo", "--no-open", "--addr", addr)
	demo.Env = append(env, "XDG_DATA_HOME="+t.TempDir())
	var logs strings.Builder
	demo.Stdout, demo.Stderr = &logs, &logs
	if err := demo.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { demo.Process.Kill(); demo.Wait() }()
	base := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i == 300 {
			t.Fatalf("the installed armsflow's demo did not answer at %s: %v\n%s", base, err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	bctx, cancelB := chromedp.NewContext(alloc)
	defer cancelB()
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Skipf("chromium did not start (%v): skipping", err)
	}
	err = chromedp.Do(bctx, chromedp.Navigate(base+"/dyad?supplier=Russia&recipient=Viet+Nam"),
		chromedp.WaitVisible(chromedp.CSS(`#chart-yearly[data-ready="true"]`)))
	if err != nil {
		t.Fatalf("dyad page of the installed binary: %v\n%s", err, logs.String())
	}
	bars, err := chromedp.Run(bctx, chromedp.Evaluate[int](`armsflow.charts['chart-yearly'].data.datasets[0].data.length`))
	if err != nil {
		t.Fatalf("the dyad page's chart: %v", err)
	}
	lib, err := chromedp.Run(bctx, chromedp.Evaluate[string](`typeof Chart === 'function' ? Chart.version : ''`))
	if err != nil {
		t.Fatalf("chart.js on the dyad page: %v", err)
	}
	if bars == 0 || lib == "" {
		t.Fatalf("the installed binary's dyad page drew %d bars with chart.js %q", bars, lib)
	}
	t.Logf("go install without npm: the dyad page drew %d bars with chart.js %s", bars, lib)
}
