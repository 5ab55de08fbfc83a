package fetch

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress shows a fetch's progress on w. On a terminal it is one bar,
// redrawn in place every second (a range can take a minute, and a bar that
// does not move looks hung): ranges done of all, the time elapsed, and an
// estimate of what remains from the ranges asked so far; retries and a
// restart are printed above it. Elsewhere (a log, a pipe) it writes one
// line per range, retry or restart.
type Progress struct {
	w      io.Writer
	tty    bool
	now    func() time.Time
	mu     sync.Mutex
	start  time.Time
	total  int
	done   int
	asking Range
	busy   bool
	net    time.Duration // time of the ranges answered over the network
	netN   int
	drawn  bool
	stop   chan struct{}
	wg     sync.WaitGroup
}

// NewProgress returns a Progress writing to w; terminal says whether w is
// a terminal. Call Close when the fetch is over.
func NewProgress(w io.Writer, terminal bool) *Progress {
	p := &Progress{w: w, tty: terminal, now: time.Now, stop: make(chan struct{})}
	p.start = p.now()
	if terminal {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					p.mu.Lock()
					if p.drawn {
						p.draw()
					}
					p.mu.Unlock()
				case <-p.stop:
					return
				}
			}
		}()
	}
	return p
}

// Event takes one event of the fetch; it is Client.Progress.
func (p *Progress) Event(e Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = e.Total
	switch e.Kind {
	case Start:
		p.asking, p.busy = e.Range, true
		if p.tty {
			p.draw()
		}
	case Done:
		p.done = e.Done
		p.busy = false
		how := fmt.Sprintf("in %s", e.Took.Round(100*time.Millisecond))
		if e.Cached {
			how = "from the cache"
		} else {
			p.net += e.Took
			p.netN++
		}
		if p.tty {
			p.draw()
			return
		}
		fmt.Fprintf(p.w, "fetch: years %s (%d of %d): %d rows, %s %s\n", e.Range, e.Done, e.Total, e.Rows, size(e.Bytes), how)
	case Retry:
		p.line(fmt.Sprintf("fetch: years %s: %v; try %d of %d in %s", e.Range, e.Err, e.Try, e.Tries, e.Wait.Round(100*time.Millisecond)))
	case Restarted:
		p.done = 0
		p.line(fmt.Sprintf("fetch: %v; starting over", e.Err))
	}
}

// line prints msg on a line of its own, above the bar on a terminal.
func (p *Progress) line(msg string) {
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintln(p.w, msg)
	if p.tty {
		p.draw()
	}
}

// draw redraws the bar; p.mu is held.
func (p *Progress) draw() {
	const width = 24
	filled := 0
	if p.total > 0 {
		filled = width * p.done / p.total
	}
	elapsed := p.now().Sub(p.start)
	left := "estimating"
	if p.netN > 0 && p.done <= p.total {
		left = "~" + clock(p.net/time.Duration(p.netN)*time.Duration(p.total-p.done)) + " left"
	}
	if p.done == p.total && p.total > 0 {
		left = "done"
	}
	asking := ""
	if p.busy {
		asking = "  asking " + p.asking.String()
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d ranges  %s elapsed  %s%s\x1b[K",
		strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.done, p.total, clock(elapsed), left, asking)
	p.drawn = true
}

// Close stops the bar and ends its line.
func (p *Progress) Close() {
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// clock writes d as m:ss, or h:mm:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// size writes n bytes as "12 KB" or "1.4 MB".
func size(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
