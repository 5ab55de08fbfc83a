package fetch

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a local stand-in for SIPRI's service: it answers
// POST /trades/trade-register-csv/ in the recorded shape, {"bytes": base64
// of the register}, with the rows of its deals whose delivery year lies in
// the range asked.
type fake struct {
	t     testing.TB
	srv   *httptest.Server
	mu    sync.Mutex
	stamp string
	// preamble is the lines before "Data generated", the first holding
	// the year range as %s…%s; nil is a made-up preamble in SIPRI's words.
	preamble []string
	rows     []string // one per deal and delivery year, in SIPRI's layout
	// hook, when set, may answer request n (counted from 1) itself.
	hook     func(n int, r Range, w http.ResponseWriter, req *http.Request) bool
	requests int
	asked    []Range
	agents   []string
}

func newFake(t testing.TB, rows []string) *fake {
	f := &fake{t: t, stamp: "10 Feb 2025 10:52:58 AM", rows: rows}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost || req.URL.Path != "/trades/trade-register-csv/" {
		http.NotFound(w, req)
		return
	}
	var q struct {
		Filters []struct {
			Field          string
			Value1, Value2 any
		}
		Logic string
	}
	b, _ := io.ReadAll(req.Body)
	if err := json.Unmarshal(b, &q); err != nil || q.Logic != "AND" || len(q.Filters) != 4 ||
		q.Filters[0].Field != "Delivery year" || q.Filters[1].Field != "Order year" ||
		q.Filters[2].Field != "opendeals" || q.Filters[3].Field != "exportOption" {
		http.Error(w, "bad filter "+string(b), http.StatusBadRequest)
		return
	}
	num := func(v any) int { n, _ := v.(float64); return int(n) }
	r := Range{num(q.Filters[0].Value1), num(q.Filters[0].Value2)}
	if num(q.Filters[1].Value1) != 0 || num(q.Filters[1].Value2) != r.To {
		http.Error(w, "order years", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests++
	n := f.requests
	f.asked = append(f.asked, r)
	f.agents = append(f.agents, req.Header.Get("User-Agent"))
	hook := f.hook
	f.mu.Unlock()
	if hook != nil && hook(n, r, w, req) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"bytes": base64.StdEncoding.EncodeToString(f.csv(r))})
}

// csv is the register SIPRI would export for r.
func (f *fake) csv(r Range) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	var b strings.Builder
	pre := f.preamble
	if pre == nil {
		pre = []string{
			"Transfers of major conventional arms from All countries  to All countries . Deals with deliveries made for the year range '%s' to '%s' ",
			"A made-up register for armsflow's tests.",
			"",
			"Source: a fake of SIPRI's service.",
		}
	}
	for i, l := range pre {
		if i == 0 {
			l = fmt.Sprintf(l, strconv.Itoa(r.From), strconv.Itoa(r.To))
		}
		b.WriteString(l + "\n")
	}
	b.WriteString("Data generated: " + f.stamp + "\n")
	b.WriteString(strings.Join(Header, ",") + "\n")
	for _, row := range f.rows {
		y := rowYear(row)
		if y >= r.From && y <= r.To {
			b.WriteString(row + "\n")
		}
	}
	return []byte(b.String())
}

func (f *fake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// rowYear is the delivery year of a row.
func rowYear(row string) int {
	rec, err := csv.NewReader(strings.NewReader(row)).Read()
	if err != nil || len(rec) <= colDeliveryYear {
		return 0
	}
	y, _ := strconv.Atoi(rec[colDeliveryYear])
	return y
}

// deal makes one row: a deal and one year of its deliveries.
func deal(id int, supplier, recipient string, year, units int, unitTIV float64) string {
	return fmt.Sprintf("%d,%s,%s,T-%d,tank,Armoured vehicles,1999,No,%d,No,%d,No,New,%g,%g,%g,No",
		id, supplier, recipient, id, units, year, unitTIV, unitTIV, float64(units)*unitTIV)
}

// rowsFor makes a small world: deals delivered over 2000-2005, two of them
// across a decade's or a chunk's edge, one with a quoted description.
func rowsFor() []string {
	return []string{
		deal(1, "Russia", "India", 2000, 10, 2),
		deal(1, "Russia", "India", 2001, 5, 2),
		deal(2, "France", "Chile", 2001, 3, 1.5),
		deal(2, "France", "Chile", 2002, 3, 1.5),
		deal(3, "United States", "Japan", 2003, 1, 40),
		`4,Germany,Greece,"MEKO-200, modified","frigate, ""Hydra"" class",Ships,1998,Yes,1,No,2004,No,New,300,300,300,No`,
		deal(5, "China", "Pakistan", 2005, 20, 0.25),
		deal(2, "France", "Chile", 2003, 3, 1.5),
	}
}

// client is a Client of f with a cache in a temporary folder, waits that
// take no time (recorded in *waits), and a short timeout.
func client(t *testing.T, f *fake, waits *[]time.Duration) *Client {
	var mu sync.Mutex
	return &Client{
		Endpoint:  f.srv.URL,
		UserAgent: "armsflow/test",
		Timeout:   5 * time.Second,
		Tries:     3,
		Backoff:   func(try int) time.Duration { return time.Duration(try) * time.Second },
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			if waits != nil {
				*waits = append(*waits, d)
			}
			return ctx.Err()
		},
		Cache: &Cache{Dir: t.TempDir()},
	}
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
