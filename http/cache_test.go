package http

import (
	"context"
	"io"
	nethttp "net/http"
	"sync"
	"testing"

	"github.com/armsflow/armsflow"
)

// A change of the library swaps in a snapshot whose memo already holds the
// busiest URLs of the old one, with the new data's answers.
func TestSnapshotWarmedWithBusyURLs(t *testing.T) {
	f := newFixture(t, Config{Poll: -1})
	get := func(path string) string {
		t.Helper()
		res, err := nethttp.Get(f.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		return string(b)
	}
	const hot = "/api/v1/events?between=Russia,Viet%20Nam"
	before := get(hot)
	get(hot)
	old := f.srv.current()
	if _, err := f.db.AddEvents(context.Background(), []armsflow.Event{testEvent("2016-warm-visit")}); err != nil {
		t.Fatal(err)
	}
	f.srv.afterWrite(context.Background())
	sn := f.srv.current()
	if sn == old {
		t.Fatal("no new snapshot after a change of the library")
	}
	hotReq, _ := nethttp.NewRequest("GET", hot, nil)
	key, _ := cacheKey(hotReq)
	v, ok := sn.cache.Load(key)
	if !ok {
		t.Fatalf("the new snapshot's memo lacks the busy URL %s", hot)
	}
	warmed := string(v.(*cachedAnswer).body)
	if warmed == before {
		t.Errorf("the warmed answer is the old snapshot's")
	}
	if got := get(hot); got != warmed {
		t.Errorf("served %q, want the warmed answer %q", got, warmed)
	}
}

// Concurrent requests for one URL all get the same, correct answer.
func TestCachedConcurrentMisses(t *testing.T) {
	f := newFixture(t, Config{Poll: -1})
	const path = "/api/v1/rank/suppliers?years=2010-2020"
	var wg sync.WaitGroup
	bodies := make([]string, 16)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := nethttp.Get(f.ts.URL + path)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") == "" {
				t.Errorf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	for i, b := range bodies {
		if b == "" || b != bodies[0] {
			t.Fatalf("answer %d differs: %q vs %q", i, b, bodies[0])
		}
	}
}
