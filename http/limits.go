package http

import (
	"context"
	"net"
	nethttp "net/http"
	"net/netip"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/armsflow/armsflow"
)

// gate bounds how many requests do one kind of costly work at once (hash a
// password, parse an upload, build a report). A request waits for a place
// a short while, then is told to come back later: waiting longer would
// only pile up requests, each holding memory and a connection.
type gate chan struct{}

func newGate(n int) gate {
	if n < 1 {
		n = 1
	}
	return make(gate, n)
}

// acquire takes a place, waiting at most wait; it reports false when none
// came free (or the request ended) in time.
func (g gate) acquire(ctx context.Context, wait time.Duration) bool {
	select {
	case g <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (g gate) release() { <-g }

// How long requests wait for a gate (variables for the tests).
var (
	hashWait  = 2 * time.Second  // sign-in: a hash takes some 50 ms
	parseWait = 10 * time.Second // upload: a parse takes up to a few seconds
	heavyWait = time.Second      // report or whole register
)

// retryAfter is what a refused request is told to wait, in seconds.
const retryAfter = 5

// busy answers 503 with Retry-After: the work is refused for now, not
// failed.
func (s *Server) busy(w nethttp.ResponseWriter, r *nethttp.Request, what string) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	msg := "the server is busy with other " + what + ": try again in " + strconv.Itoa(retryAfter) + " seconds"
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONError(w, nethttp.StatusServiceUnavailable, "busy", msg)
		return
	}
	w.WriteHeader(nethttp.StatusServiceUnavailable)
	s.render(w, r, "error", page{Title: "Busy", Error: msg})
}

// halfTheCPUs is how many CPU-heavy requests may run at once: the other
// half of the machine keeps answering cheap requests.
func halfTheCPUs() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// Sign-in throttling: after accountFails failed sign-ins for one account
// (or addrFails from one client address) within failWindow, further
// attempts are refused without checking the password, for a delay that
// doubles with each further failure up to maxLockout. A success clears
// both counts. The table of counts is bounded; when it is full the oldest
// entries go.
const (
	accountFails = 5
	addrFails    = 20
	failWindow   = 15 * time.Minute
	maxLockout   = 15 * time.Minute
	maxThrottled = 10000
)

type failures struct {
	n     int
	last  time.Time
	until time.Time
}

// throttle counts failed sign-ins per account and per client address.
type throttle struct {
	mu   sync.Mutex
	now  func() time.Time
	keys map[string]*failures
}

func newThrottle() *throttle {
	return &throttle{now: time.Now, keys: map[string]*failures{}}
}

// accountKey is the throttle's key of an account name, cut to a length
// no real name reaches, so that long junk names cannot fill memory.
func accountKey(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if len(name) > 128 {
		name = name[:128]
	}
	return "user\x00" + name
}
func addrKey(addr string) string { return "addr\x00" + addr }

// blocked returns how long sign-ins for name from addr are refused.
func (t *throttle) blocked(name, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, k := range []string{accountKey(name), addrKey(addr)} {
		if f := t.keys[k]; f != nil && f.until.After(now) {
			wait = max(wait, f.until.Sub(now))
		}
	}
	return wait
}

// failed records a failed sign-in.
func (t *throttle) failed(name, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.keys) >= maxThrottled {
		t.prune(now)
	}
	for _, k := range []struct {
		key   string
		limit int
	}{{accountKey(name), accountFails}, {addrKey(addr), addrFails}} {
		f := t.keys[k.key]
		if f == nil || now.Sub(f.last) > failWindow && !f.until.After(now) {
			f = &failures{}
			t.keys[k.key] = f
		}
		f.n++
		f.last = now
		if over := f.n - k.limit; over >= 0 {
			d := time.Second << min(over, 20)
			f.until = now.Add(min(d, maxLockout))
		}
	}
}

// succeeded clears the counts of name and addr.
func (t *throttle) succeeded(name, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, accountKey(name))
	delete(t.keys, addrKey(addr))
}

// prune forgets the entries that no longer matter, and when that is not
// enough, the older half.
func (t *throttle) prune(now time.Time) {
	for k, f := range t.keys {
		if now.Sub(f.last) > failWindow && !f.until.After(now) {
			delete(t.keys, k)
		}
	}
	if len(t.keys) < maxThrottled*3/4 {
		return
	}
	cut := now.Add(-failWindow / 2)
	for k, f := range t.keys {
		if f.last.Before(cut) && !f.until.After(now) {
			delete(t.keys, k)
		}
	}
	for k := range t.keys { // still full: an attack from many addresses
		if len(t.keys) < maxThrottled*3/4 {
			break
		}
		delete(t.keys, k)
	}
}

// trustedPeer reports whether the request came straight from one of the
// reverse proxies the server was told to trust.
func (s *Server) trustedPeer(r *nethttp.Request) bool {
	if len(s.cfg.TrustedProxies) == 0 {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// isHTTPS reports whether the browser reached the server over HTTPS:
// directly, or through a trusted proxy that says so in
// X-Forwarded-Proto. The header of any other client is ignored: anyone
// can send it.
func (s *Server) isHTTPS(r *nethttp.Request) bool {
	if r.TLS != nil {
		return true
	}
	if !s.trustedPeer(r) {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// clientAddr is the address of the client, for throttling and logs: the
// peer's, or behind a trusted proxy the last address the proxy added to
// X-Forwarded-For (addresses before it were sent by the client and may be
// forged).
func (s *Server) clientAddr(r *nethttp.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.trustedPeer(r) {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip, err := netip.ParseAddr(strings.TrimSpace(last)); err == nil {
				return ip.Unmap().String()
			}
		}
	}
	return host
}

// ParseProxies reads the --behind-proxy list: addresses or CIDR prefixes
// joined by commas, e.g. "127.0.0.1,10.0.0.0/8".
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		ip, err := netip.ParseAddr(f)
		if err != nil {
			return nil, armsflow.Errorf(armsflow.EINVALID, "proxy %q: give an IP address (127.0.0.1) or a prefix (10.0.0.0/8)", f)
		}
		ip = ip.Unmap()
		out = append(out, netip.PrefixFrom(ip, ip.BitLen()))
	}
	if len(out) == 0 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "no proxy address: give the reverse proxy's address, e.g. 127.0.0.1")
	}
	return out, nil
}
