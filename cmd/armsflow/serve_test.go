package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
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

// TestAccessCanBeTakenBack lists, re-passwords and removes users, and
// lists, expires and revokes API tokens from the command line.
func TestAccessCanBeTakenBack(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lib.db")
	ctx := context.Background()
	for _, u := range []string{"ana", "bo"} {
		if code, _, stderr := runCLI(t, ctx, "s3cret-password\n", "--db", db, "users", "add", u, "--role", "editor"); code != 0 {
			t.Fatalf("users add %s: %d %q", u, code, stderr)
		}
	}
	code, out, _ := runCLI(t, ctx, "", "--db", db, "users", "list", "--format", "csv")
	if code != 0 || !strings.Contains(out, "ana,editor") || !strings.Contains(out, "bo,editor") {
		t.Errorf("users list: %d %q", code, out)
	}
	code, tok, stderr := runCLI(t, ctx, "", "--db", db, "users", "token", "ana", "--label", "nightly", "--expires", "30d")
	if code != 0 || !strings.Contains(stderr, "valid until") {
		t.Fatalf("users token --expires 30d: %d %q", code, stderr)
	}
	tok = strings.TrimSpace(tok)
	for _, bad := range []string{"0d", "-1d", "forever", "10000d", "1s"} {
		if code, _, _ := runCLI(t, ctx, "", "--db", db, "users", "token", "ana", "--expires", bad); code != 2 {
			t.Errorf("users token --expires %s: exit %d, want 2", bad, code)
		}
	}
	code, out, _ = runCLI(t, ctx, "", "--db", db, "tokens", "list", "ana", "--format", "json")
	var list struct {
		Rows []struct {
			ID, User, Label string
			ExpiresAt       time.Time `json:"expires_at"`
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list.Rows) != 1 || list.Rows[0].Label != "nightly" {
		t.Fatalf("tokens list ana: %d %q", code, out)
	}
	if d := time.Until(list.Rows[0].ExpiresAt); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Errorf("a 30-day token expires in %v", d)
	}
	if strings.Contains(out, tok) {
		t.Errorf("tokens list shows the token")
	}
	if code, out, _ := runCLI(t, ctx, "", "--db", db, "tokens", "revoke", list.Rows[0].ID); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("tokens revoke: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, ctx, "", "--db", db, "tokens", "revoke", list.Rows[0].ID); code != 1 || !strings.Contains(stderr, "no API token") {
		t.Errorf("revoking twice: %d %q", code, stderr)
	}
	if code, _, _ := runCLI(t, ctx, "", "--db", db, "tokens", "burn"); code != 2 {
		t.Errorf("tokens burn: exit %d, want 2", code)
	}
	if code, out, stderr := runCLI(t, ctx, "an0ther-password\n", "--db", db, "users", "passwd", "bo"); code != 0 || !strings.Contains(out, "changed the password") {
		t.Errorf("users passwd: %d %q %q", code, out, stderr)
	}
	if code, _, _ := runCLI(t, ctx, "short\n", "--db", db, "users", "passwd", "bo"); code != 1 {
		t.Errorf("users passwd with a short password: exit %d", code)
	}
	if code, out, _ := runCLI(t, ctx, "", "--db", db, "users", "remove", "bo"); code != 0 || !strings.Contains(out, "removed") {
		t.Errorf("users remove: %d %q", code, out)
	}
	if code, _, _ := runCLI(t, ctx, "", "--db", db, "users", "remove", "bo"); code != 1 {
		t.Errorf("removing a removed user: exit %d", code)
	}
	if _, out, _ := runCLI(t, ctx, "", "--db", db, "users", "list", "--format", "csv"); strings.Contains(out, "bo,") {
		t.Errorf("a removed user is listed: %q", out)
	}
}

// TestServeTLS serves HTTPS with --tls-cert and --tls-key: cookies are
// Secure and HSTS is sent.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "lib.db")
	if code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "serve", "--tls-cert", "x.pem"); code != 2 || !strings.Contains(stderr, "--tls-key") {
		t.Errorf("--tls-cert alone: %d %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, context.Background(), "", "--db", db, "serve", "--behind-proxy", "a.b.c.d"); code != 2 {
		t.Errorf("--behind-proxy a.b.c.d: %d %q", code, stderr)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out syncBuffer
	go func() {
		done <- run(ctx, []string{"--db", db, "serve", "--addr", addr, "--tls-cert", certFile, "--tls-key", keyFile}, strings.NewReader(""), &out, io.Discard)
	}()
	pool := x509.NewCertPool()
	pool.AddCert(mustParse(t, der))
	client := &nethttp.Client{Transport: &nethttp.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	var res *nethttp.Response
	for i := 0; i < 100; i++ {
		if res, err = client.Get("https://" + addr + "/"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err != nil {
		t.Fatalf("HTTPS: %v", err)
	}
	res.Body.Close()
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("no HSTS over HTTPS")
	}
	for _, ck := range res.Header.Values("Set-Cookie") {
		if !strings.Contains(ck, "Secure") {
			t.Errorf("cookie %q is not Secure over HTTPS", ck)
		}
	}
	if code := <-done; code != 0 {
		t.Errorf("serve exit %d", code)
	}
	if !strings.Contains(out.String(), "https://") {
		t.Errorf("serve announced %q, not an https URL", out.String())
	}
}

func mustParse(t *testing.T, der []byte) *x509.Certificate {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader in two
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
