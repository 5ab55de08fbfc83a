package main

import (
	"bytes"
	"context"
	"io"
	"net"
	nethttp "net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runCLI(t *testing.T, ctx context.Context, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(ctx, args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestServeRefusesBeyondLoopback(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lib.db")
	for _, addr := range []string{"0.0.0.0:0", ":0"} {
		code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "serve", "--addr", addr)
		if code != 1 || !strings.Contains(stderr, "--public") {
			t.Errorf("serve --addr %s: exit %d, %q", addr, code, stderr)
		}
	}
	if code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "serve", "--addr", "nonsense"); code != 2 {
		t.Errorf("serve --addr nonsense: exit %d, %q", code, stderr)
	}
}

func TestUsersAddAndToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lib.db")
	ctx := context.Background()
	if code, out, stderr := runCLI(t, ctx, "s3cret-password\n", "--db", db, "users", "add", "ana", "--role", "editor"); code != 0 || !strings.Contains(out, "added editor") {
		t.Fatalf("users add: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, ctx, "s3cret-password\n", "--db", db, "users", "add", "ana", "--role", "editor"); code != 1 || !strings.Contains(stderr, "exists") {
		t.Errorf("users add twice: %d %q", code, stderr)
	}
	if code, _, _ := runCLI(t, ctx, "short\n", "--db", db, "users", "add", "bo", "--role", "viewer"); code != 1 {
		t.Errorf("a short password was accepted")
	}
	if code, _, _ := runCLI(t, ctx, "s3cret-password\n", "--db", db, "users", "add", "bo", "--role", "admin"); code != 2 {
		t.Errorf("role admin was accepted")
	}
	code, out, stderr := runCLI(t, ctx, "", "--db", db, "users", "token", "ana")
	if code != 0 || len(strings.TrimSpace(out)) < 40 {
		t.Fatalf("users token: %d %q %q", code, out, stderr)
	}
	if code, _, _ := runCLI(t, ctx, "", "--db", db, "users", "token", "nobody"); code != 1 {
		t.Errorf("a token for an unknown user")
	}
}

// TestDemoServesTheSample starts 'armsflow demo' on a free port, reads the
// API and the dyad page, and stops it as SIGINT would.
func TestDemoServesTheSample(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--addr", addr, "--no-open"}, strings.NewReader(""), io.Discard, io.Discard)
	}()
	base := "http://" + addr
	var res *nethttp.Response
	for i := 0; i < 100; i++ {
		if res, err = nethttp.Get(base + "/api/v1/flows?supplier=Russia&recipient=Viet+Nam&years=2014"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("demo did not start: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"tiv": 1056`) || !strings.Contains(string(body), "SAMPLE") {
		t.Errorf("demo flows: %d %s", res.StatusCode, body)
	}
	res, err = nethttp.Get(base + "/dyad?supplier=Russia&recipient=Viet+Nam")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "SAMPLE — not SIPRI") || !strings.Contains(string(body), "Import SIPRI") {
		t.Errorf("the demo's page is not labelled as a sample")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("demo exit %d", code)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("demo did not shut down")
	}
}
