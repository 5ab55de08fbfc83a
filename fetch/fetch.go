// Package fetch downloads SIPRI's trade register with its export option (one
// row per deal and delivery year, with exact yearly TIV) from the JSON
// service behind SIPRI's site, range of delivery years by range, and makes
// of the ranges one CSV file in the layout SIPRI's site exports, ready for
// the importer. It writes nothing but its cache: the caller imports the file.
//
// SIPRI's service is undocumented and slow (answers take tens of seconds),
// and it throttles: ranges are asked one at a time, a 5xx, a 429 or a
// timeout is tried again after a wait that grows exponentially with jitter
// (or what Retry-After asks), and every range answered is cached, so that a
// broken fetch resumes where it stopped. Every answer is checked before it
// is used or cached; an answer that shows the service changed (a web page,
// an unknown JSON shape, another CSV layout) fails at once, with a message
// saying how to download the register by hand.
package fetch

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/armsflow/armsflow"
)

// DefaultEndpoint is the base URL of SIPRI's service.
const DefaultEndpoint = "https://atbackend.sipri.org/api/p"

// registerPath is the trade register's place under the endpoint.
const registerPath = "/trades/trade-register-csv/"

// FirstYear is the first year of SIPRI's database.
const FirstYear = 1950

// DefaultChunk is the years asked per request. Ten years of deliveries are
// about 7,000 rows, 0.7 MB: an answer SIPRI gives within a minute, so that
// a failure costs at most one decade, and a whole fetch since 1950 is eight
// requests. Ranges are aligned to decades (1950-1959, 1960-1969, …), so that
// the cache's ranges stay the same from one year's fetch to the next.
const DefaultChunk = 10

// DefaultTimeout bounds one request, its answer included. SIPRI's answers
// take tens of seconds; three minutes is generous without letting a hung
// connection stall a fetch for long.
const DefaultTimeout = 3 * time.Minute

// DefaultTries is how many times a range is asked before the fetch fails.
const DefaultTries = 5

// DefaultMaxWait is the longest Retry-After obeyed: a service asking for
// more is not going to answer soon, and the fetch fails saying so.
const DefaultMaxWait = 10 * time.Minute

// MaxAnswer bounds one answer's body; the whole register is about 8 MB in
// base64.
const MaxAnswer = 256 << 20

// Range is a span of delivery years, both ends included.
type Range struct{ From, To int }

// String writes the range as "2000-2009", or "2000" for one year.
func (r Range) String() string {
	if r.From == r.To {
		return strconv.Itoa(r.From)
	}
	return fmt.Sprintf("%d-%d", r.From, r.To)
}

// Ranges splits from..to into ranges of chunk years aligned to multiples of
// chunk (1950-1959, 1960-1969, …), the first and last cut to from and to.
func Ranges(from, to, chunk int) []Range {
	if chunk < 1 {
		chunk = 1
	}
	var rs []Range
	for y := from; y <= to; {
		end := (y/chunk+1)*chunk - 1
		if end > to {
			end = to
		}
		rs = append(rs, Range{y, end})
		y = end + 1
	}
	return rs
}

// EventKind says what an Event reports.
type EventKind int

// The events of a fetch.
const (
	Start     EventKind = iota // a range is asked over the network
	Done                       // a range is answered and checked, or taken from the cache
	Retry                      // a request failed and will be tried again after Wait
	Restarted                  // SIPRI's data changed during the fetch, which starts over
)

// Event reports the progress of a fetch to Client.Progress.
type Event struct {
	Kind   EventKind
	Range  Range
	Done   int  // ranges done so far, this one included for Done
	Total  int  // ranges of the fetch
	Cached bool // Done: taken from the cache
	Bytes  int  // Done: the range's CSV
	Rows   int  // Done: its rows
	Took   time.Duration
	Try    int           // Retry: the try to come, counted from 1
	Tries  int           // Retry: the tries allowed
	Wait   time.Duration // Retry: the wait before it
	Err    error         // Retry: what failed; Restarted: what changed
}

// Client fetches the register. The zero value asks SIPRI's service with the
// defaults above and no cache.
type Client struct {
	Endpoint  string       // base URL; "" is DefaultEndpoint
	HTTP      *http.Client // nil is a client of its own
	UserAgent string       // e.g. "armsflow/0.1.0"
	Timeout   time.Duration
	Tries     int
	MaxWait   time.Duration
	// Backoff is the wait before try+1 after try failed; nil is exponential
	// from 2 s, doubled each try up to a minute, with half of it random so
	// that clients that failed together do not come back together.
	Backoff func(try int) time.Duration
	// Sleep waits d or until ctx is done; nil is a timer. Tests replace it.
	Sleep    func(ctx context.Context, d time.Duration) error
	Cache    *Cache      // nil: nothing is cached
	Progress func(Event) // nil: nothing is reported
	now      func() time.Time
	writes   sync.WaitGroup // cache writes under way
}

// Result is a fetch's register, as one file for the importer.
type Result struct {
	Name      string // e.g. "sipri-register-2025-02-10.csv"
	Data      []byte // the register in the export option's layout
	Generated string // SIPRI's stamp, e.g. "10 Feb 2025 10:52:58 AM"
	Date      string // its date, YYYY-MM-DD
	Years     Range
	Endpoint  string
	Ranges    int // ranges of the fetch
	Cached    int // ranges taken from the cache
	Requests  int // requests sent, retries included
	Rows      int // rows of the register
	// Restarted says why the fetch started over, "" when it did not.
	Restarted string
}

// DefaultBackoff is the Backoff of a Client that sets none.
func DefaultBackoff(try int) time.Duration {
	d := 2 * time.Second << min(try-1, 5)
	if d > time.Minute {
		d = time.Minute
	}
	return d/2 + rand.N(d/2+1)
}

func (c *Client) endpoint() string {
	if c.Endpoint == "" {
		return DefaultEndpoint
	}
	return strings.TrimRight(c.Endpoint, "/")
}

func (c *Client) emit(e Event) {
	if c.Progress != nil {
		c.Progress(e)
	}
}

func (c *Client) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// changedError is SIPRI's data changing during a fetch: two ranges with
// different "Data generated" stamps.
type changedError struct {
	a, b         Range
	stamp, other string
}

func (e *changedError) Error() string {
	return fmt.Sprintf("SIPRI's data changed during the fetch: years %s were generated on %s, years %s on %s",
		e.a, e.stamp, e.b, e.other)
}

// Fetch downloads the register of the deliveries in years, chunk years per
// request, and returns it as one file.
//
// The vintage: SIPRI's answers carry no version to ask for, only the "Data
// generated" stamp inside them. So one range is always asked fresh (the
// first one the cache lacks, or the last, most recent one when the cache
// has them all), and its stamp is the fetch's vintage; a cached range is
// used only if its stamp is the same, and every range asked fresh must have
// it too. Fetching the same vintage again thus costs one request; a fetch
// broken off costs, when run again, the ranges it lacked. Should a fresh
// range carry another stamp, SIPRI changed its data during the fetch: it
// starts over once (with what the cache holds of the new vintage), then
// fails.
func (c *Client) Fetch(ctx context.Context, years Range, chunk int) (*Result, error) {
	if years.From > years.To || chunk < 1 {
		return nil, armsflow.Errorf(armsflow.EINVALID, "fetch: years %s, %d years per request: the first year is after the last, or no years per request", years, chunk)
	}
	u, err := url.Parse(c.endpoint())
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "endpoint %q: give the service's base URL, e.g. %s", c.endpoint(), DefaultEndpoint)
	}
	ranges := Ranges(years.From, years.To, chunk)
	defer c.writes.Wait()
	res := &Result{Years: years, Endpoint: c.endpoint(), Ranges: len(ranges)}
	parts, err := c.pass(ctx, ranges, res)
	var ch *changedError
	if errors.As(err, &ch) {
		res.Restarted = ch.Error()
		c.emit(Event{Kind: Restarted, Total: len(ranges), Err: ch})
		parts, err = c.pass(ctx, ranges, res)
		if errors.As(err, &ch) {
			return nil, armsflow.Errorf(armsflow.EINVALID,
				"SIPRI's data changed twice while fetching (%s): SIPRI is probably updating its database; try again in an hour", ch)
		}
	}
	if err != nil {
		return nil, err
	}
	res.Data = merge(parts, years)
	res.Generated = parts[0].stamp
	res.Date = parts[0].date
	res.Name = "sipri-register-" + res.Date + ".csv"
	for _, p := range parts {
		res.Rows += len(p.rows)
	}
	return res, nil
}

// pass fetches every range once, as Fetch describes.
func (c *Client) pass(ctx context.Context, ranges []Range, res *Result) ([]*part, error) {
	c.writes.Wait() // a restart reads what the pass before cached
	n := len(ranges)
	parts := make([]*part, n)
	cached := make([]*part, n)
	probe := -1
	for i, r := range ranges {
		if c.Cache != nil {
			cached[i] = c.Cache.get(c.endpoint(), r)
		}
		if cached[i] == nil && probe < 0 {
			probe = i
		}
	}
	if probe < 0 {
		probe = n - 1
	}
	done := 0
	fresh := func(i int) error {
		p, err := c.fetchRange(ctx, ranges[i], done, n, res)
		if err != nil {
			return err
		}
		parts[i] = p
		done++
		c.emit(Event{Kind: Done, Range: ranges[i], Done: done, Total: n, Bytes: len(p.data), Rows: len(p.rows), Took: p.took})
		return nil
	}
	if err := fresh(probe); err != nil {
		return nil, err
	}
	vintage := parts[probe]
	for i, r := range ranges {
		if i == probe {
			continue
		}
		if p := cached[i]; p != nil && p.stamp == vintage.stamp {
			parts[i] = p
			done++
			res.Cached++
			c.emit(Event{Kind: Done, Range: r, Done: done, Total: n, Cached: true, Bytes: len(p.data), Rows: len(p.rows)})
			continue
		}
		if err := fresh(i); err != nil {
			return nil, err
		}
		if parts[i].stamp != vintage.stamp {
			return nil, &changedError{vintage.r, r, vintage.stamp, parts[i].stamp}
		}
	}
	return parts, nil
}

// fetchRange asks for r until it gets a good answer, the tries run out, or
// an answer shows that asking again will not help.
func (c *Client) fetchRange(ctx context.Context, r Range, done, total int, res *Result) (*part, error) {
	tries := c.Tries
	if tries < 1 {
		tries = DefaultTries
	}
	maxWait := c.MaxWait
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	for try := 1; ; try++ {
		c.emit(Event{Kind: Start, Range: r, Done: done, Total: total, Try: try, Tries: tries})
		start := c.clock()
		res.Requests++
		data, wait, err := c.ask(ctx, r)
		var p *part
		if err == nil {
			p, err = check(data, r)
		}
		if err == nil {
			if c.Cache != nil {
				// Written while the next range is asked; a cache that
				// cannot be written costs a resume, not the fetch.
				c.writes.Add(1)
				go func() {
					defer c.writes.Done()
					_ = c.Cache.put(c.endpoint(), r, data)
				}()
			}
			p.took = c.clock().Sub(start)
			return p, nil
		}
		if ctx.Err() != nil {
			return nil, c.interrupted()
		}
		var ae *answerError
		if !errors.As(err, &ae) {
			return nil, c.fail(r, err)
		}
		kept := ""
		if c.Cache != nil {
			kept = " (the ranges already fetched are kept)"
		}
		if try == tries {
			return nil, armsflow.Errorf(armsflow.EINVALID,
				"years %s: %d tries failed, the last with: %s; SIPRI's service may be down or overloaded: run the same command later%s, or fetch fewer years at a time with --chunk",
				r, tries, err, kept)
		}
		if wait > maxWait {
			return nil, armsflow.Errorf(armsflow.EINVALID, "years %s: %s and asks to wait %s before asking again; run the same command then%s", r, err, wait.Round(time.Second), kept)
		}
		if wait <= 0 {
			backoff := c.Backoff
			if backoff == nil {
				backoff = DefaultBackoff
			}
			wait = backoff(try)
		}
		c.emit(Event{Kind: Retry, Range: r, Done: done, Total: total, Try: try + 1, Tries: tries, Wait: wait, Err: err})
		sleep := c.Sleep
		if sleep == nil {
			sleep = sleepCtx
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, c.interrupted()
		}
	}
}

func (c *Client) interrupted() error {
	if c.Cache != nil {
		return armsflow.Errorf(armsflow.EINVALID, "interrupted; the ranges fetched so far are cached: run the same command to resume")
	}
	return armsflow.Errorf(armsflow.EINVALID, "interrupted; nothing was imported")
}

// manual says how to get the register without this command.
const manual = "download the register by hand: on https://armstransfers.sipri.org open the trade register, choose the delivery years, export it as CSV with the export option, then run 'armsflow import FILE'"

// fail words an error that asking again will not mend.
func (c *Client) fail(r Range, err error) error {
	var se *serviceError
	var ne *netError
	switch {
	case errors.As(err, &ne):
		return armsflow.Errorf(armsflow.EINVALID, "cannot reach %s: %s; check the network connection (or --endpoint), then run the same command again", ne.host, ne.msg)
	case errors.As(err, &se):
		return armsflow.Errorf(armsflow.EINVALID, "years %s: %s at %s: SIPRI's service has probably changed, and this armsflow cannot read it; %s",
			r, se.msg, c.endpoint()+registerPath, manual)
	}
	return armsflow.Errorf(armsflow.EINVALID, "years %s: %v", r, err)
}

// netError is a service that cannot be reached at all: no route, no name,
// nothing listening. Asking again at once will not help.
type netError struct{ host, msg string }

func (e *netError) Error() string { return "cannot reach " + e.host + ": " + e.msg }

// body is the request for r: SIPRI's site's filter for the deals with
// deliveries in r (orders up to r's end), with the export option.
func body(r Range) []byte {
	return fmt.Appendf(nil, `{"filters":[{"field":"Delivery year","condition":"contains","value1":%d,"value2":%d,"listData":[]},`+
		`{"field":"Order year","condition":"contains","value1":0,"value2":%d,"listData":[]},`+
		`{"field":"opendeals","condition":"","value1":"","value2":"","listData":[]},`+
		`{"field":"exportOption","condition":"","value1":"","value2":"","listData":[]}],"logic":"AND"}`,
		r.From, r.To, r.To)
}

// ask sends one request for r and returns the CSV it decodes to. wait is
// what the service asked to wait before the next request (Retry-After), 0
// when it said nothing.
func (c *Client) ask(ctx context.Context, r Range) (data []byte, wait time.Duration, err error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	u := c.endpoint() + registerPath
	req, err := http.NewRequestWithContext(actx, http.MethodPost, u, bytes.NewReader(body(r)))
	if err != nil {
		return nil, 0, changedService("bad request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, netFailure(req.URL.Host, err, actx, timeout)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, retryAfter(resp.Header.Get("Retry-After"), c.clock()), badAnswer("SIPRI answered %s", resp.Status)
	case resp.StatusCode != http.StatusOK:
		return nil, 0, changedService("SIPRI answered %s", resp.Status)
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 && resp.ContentLength <= MaxAnswer {
		buf.Grow(int(resp.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, MaxAnswer+1)); err != nil {
		return nil, 0, netFailure(req.URL.Host, err, actx, timeout)
	}
	if buf.Len() > MaxAnswer {
		return nil, 0, changedService("an answer larger than %d MB", MaxAnswer>>20)
	}
	data, err = decode(buf.Bytes(), resp.Header.Get("Content-Type"))
	return data, 0, err
}

// netFailure sorts a transport error: a timeout or a broken connection may
// mend on a second try; no name, no route or nothing listening will not.
func netFailure(host string, err error, actx context.Context, timeout time.Duration) error {
	var dns *net.DNSError
	switch {
	case errors.Is(actx.Err(), context.DeadlineExceeded) || isTimeout(err):
		return badAnswer("no answer within %s (raise --timeout if SIPRI is just slow)", timeout)
	case errors.As(err, &dns) && !dns.IsTimeout:
		return &netError{host, "the name " + dns.Name + " cannot be looked up (" + dns.Err + ")"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &netError{host, "the connection was refused"}
	case errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH):
		return &netError{host, "no route to it"}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return badAnswer("the connection broke: %v", err)
}

// isTimeout reports a net.Error's timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// retryAfter reads Retry-After: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// decode reads SIPRI's answer, {"bytes": "<CSV in base64>"}, and returns
// the CSV.
func decode(body []byte, contentType string) ([]byte, error) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return nil, badAnswer("an empty answer")
	}
	if t[0] == '<' || strings.Contains(strings.ToLower(contentType), "html") {
		return nil, changedService("a web page (HTML) instead of the register")
	}
	b64, ok := fastBytes(t)
	if !ok {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(t, &m); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end") {
				return nil, badAnswer("the answer's JSON is cut short: the answer is truncated")
			}
			return nil, changedService("an answer that is not a JSON object (%q)", clip(string(t)))
		}
		raw, ok := m["bytes"]
		if !ok {
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			return nil, changedService("a JSON object without \"bytes\" (its keys: %s)", strings.Join(keys, ", "))
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, changedService("a JSON object whose \"bytes\" is not a string (%q)", clip(string(raw)))
		}
		b64 = []byte(s)
	}
	data := make([]byte, base64.StdEncoding.DecodedLen(len(b64)))
	n, err := base64.StdEncoding.Decode(data, b64)
	if err != nil {
		return nil, badAnswer("the answer's \"bytes\" is not valid base64 (%v): the answer is garbled or truncated", err)
	}
	return data[:n], nil
}

// fastBytes finds the base64 of {"bytes": "…"} without a JSON decoder,
// which would take longer than everything else fetch does to the answer;
// any other shape, or a string with an escape, is left to encoding/json.
func fastBytes(t []byte) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(t, []byte("{"))
	if !ok {
		return nil, false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if rest, ok = bytes.CutPrefix(rest, []byte(`"bytes"`)); !ok {
		return nil, false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if rest, ok = bytes.CutPrefix(rest, []byte(":")); !ok {
		return nil, false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if rest, ok = bytes.CutPrefix(rest, []byte(`"`)); !ok {
		return nil, false
	}
	i := bytes.IndexByte(rest, '"')
	if i < 0 || bytes.IndexByte(rest[:i], '\\') >= 0 {
		return nil, false
	}
	if tail := bytes.TrimLeft(rest[i+1:], " \t\r\n"); string(tail) != "}" {
		return nil, false
	}
	return rest[:i], true
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
