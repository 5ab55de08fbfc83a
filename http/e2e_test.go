package http

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium with a fresh profile, or skips.
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped with -short")
	}
	path := chromiumPath
	if _, err := os.Stat(path); err != nil {
		p, err := exec.LookPath("chromium")
		if err != nil {
			t.Skipf("browser tests need Debian's chromium at %s (apt-get install chromium; scripts/test.sh installs it): skipping", chromiumPath)
		}
		path = p
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(alloc)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Skipf("chromium did not start (%v): skipping", err)
	}
	return ctx
}

// screenshotDir is where screenshots go: $ARMSFLOW_SCREENSHOTS (set it to
// docs/screenshots to refresh the committed ones), else a temporary
// directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("ARMSFLOW_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "web-"+name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// loaded waits until the page's script has fetched and drawn everything.
var loaded = chromedp.WaitVisible(chromedp.CSS(`body[data-loaded="true"]`))

func TestBrowser(t *testing.T) {
	// The charts are what this test looks at; without their library it skips,
	// as it does without chromium. The library is committed, so only a tree
	// that lost it gets here, and TestVendoredChartLibrary fails for that.
	if !ChartsAvailable() {
		t.Skipf("the chart library %s is not embedded (restore it: git checkout http/assets/vendor): skipping", chartLib)
	}
	ctx, cancel := context.WithTimeout(browser(t), 3*time.Minute)
	defer cancel()
	f := newFixture(t, Config{})
	shots := screenshotDir(t)
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// An event whose source is on the test server, so that following the
	// marker can be checked without the network.
	source := f.ts.URL + "/healthz?source=visit"
	ev := testEvent("2016-marker-visit")
	ev.Sources[0].URL = source
	if _, err := f.db.AddEvents(context.Background(), []armsflow.Event{ev}); err != nil {
		t.Fatal(err)
	}
	f.srv.afterWrite(context.Background())

	// The dyad page draws the yearly TIV the API gives.
	step("dyad page", chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/dyad?supplier=Russia&recipient=Viet+Nam"), loaded,
		chromedp.WaitVisible(chromedp.CSS(`#chart-yearly[data-ready="true"]`))))
	values, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#chart-yearly"), "data-values"))
	step("chart values", err)
	var chart struct {
		Labels []string
		Series []struct {
			Label string
			Data  json.RawMessage
		}
	}
	step("chart values JSON", json.Unmarshal([]byte(values.Value), &chart))
	e, err := engine.New(context.Background(), f.db)
	step("engine", err)
	flows, err := e.Flows(context.Background(), engine.FlowQuery{Supplier: "Russia", Recipient: "Viet Nam"})
	step("flows", err)
	var bars []*float64
	step("bars", json.Unmarshal(chart.Series[0].Data, &bars))
	if len(chart.Labels) != len(flows.Rows) || len(bars) != len(flows.Rows) {
		t.Fatalf("chart has %d labels, %d bars; the data %d years", len(chart.Labels), len(bars), len(flows.Rows))
	}
	for i, row := range flows.Rows {
		if chart.Labels[i] != itoa(row.Year) || bars[i] == nil || *bars[i] != row.TIV {
			t.Errorf("chart bar %d: %s %v, want %d %v", i, chart.Labels[i], bars[i], row.Year, row.TIV)
		}
	}
	// The chart object holds the same values.
	live, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`armsflow.charts['chart-yearly'].data.datasets[0].data`))
	step("chart object", err)
	if len(live) != len(flows.Rows) || live[len(live)-1] != flows.Rows[len(flows.Rows)-1].TIV {
		t.Errorf("chart object data %v", live)
	}
	screenshot(t, ctx, shots, "dyad-sample")

	// Unticking an event kind takes its markers off the chart and into the
	// URL; ticking it again brings them back.
	markerCount := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`armsflow.charts['chart-yearly'].data.datasets[1].data.length`))
		step("marker count", err)
		return n
	}
	if n := markerCount(); n == 0 {
		t.Fatal("no event marker on the chart")
	}
	visit := chromedp.CSS(`#marker-kinds input[value="visit"]`)
	step("untick visits", chromedp.Do(ctx, chromedp.Click(visit)))
	if n := markerCount(); n != 0 {
		t.Errorf("%d markers after unticking the only kind of event", n)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "markers=") {
		t.Errorf("the URL %s does not carry the chosen kinds", loc)
	}
	step("tick visits", chromedp.Do(ctx, chromedp.Click(visit)))
	if n := markerCount(); n == 0 {
		t.Error("the markers did not come back")
	}

	// Clicking the event marker opens the event's source.
	type point struct{ X, Y float64 }
	p, err := chromedp.Run(ctx, chromedp.Evaluate[*point](`armsflow.markerPosition(0)`))
	step("marker position", err)
	if p == nil {
		t.Fatal("no event marker on the chart")
	}
	step("click marker", chromedp.Do(ctx, chromedp.MouseClickXY(p.X, p.Y)))
	var loc string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && loc != source; time.Sleep(100 * time.Millisecond) {
		loc, _ = chromedp.Run(ctx, chromedp.Location()) // fails while the page navigates
	}
	if loc != source {
		t.Errorf("the marker led to %s, want %s", loc, source)
	}

	// Anonymous: no upload form, and the API refuses an upload from the page.
	step("home", chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/"), loaded))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#upload-form').length`))
	step("upload form", err)
	if n != 0 {
		t.Errorf("an anonymous visitor sees the upload form")
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[int](`armsflow.api('datasets', null, {method: 'POST', body: new FormData()}).then(() => 200, (e) => e.status)`, chromedp.EvalAwaitPromise))
	step("anonymous upload", err)
	if st != 401 {
		t.Errorf("anonymous upload from the page: status %d, want 401", st)
	}
	screenshot(t, ctx, shots, "home-sample")

	// Sign in as an editor through the form.
	step("sign in", chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/login?next=/events"),
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=name]`), "ed"),
		chromedp.SendKeys(chromedp.CSS(`#login-form input[name=password]`), f.editorPW)))
	screenshot(t, ctx, shots, "login")
	step("submit sign-in", chromedp.Do(ctx, chromedp.Submit(chromedp.CSS(`#login-form`)), chromedp.WaitVisible(chromedp.CSS(`#event-form`))))

	// Upload SIPRI's files as the editor, through the form.
	tivDir := filepath.Join(shared, "tiv-2022-04")
	files, _ := filepath.Glob(filepath.Join(tivDir, "*.csv"))
	if len(files) == 0 {
		t.Logf("SIPRI's files are not at %s: uploading skipped, pages shown with the sample", shared)
	} else {
		files = append(files, filepath.Join(shared, "register-2025-10.csv"))
		for i := range files {
			files[i], _ = filepath.Abs(files[i])
		}
		step("upload", chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/"), loaded,
			chromedp.SetUploadFiles(chromedp.CSS(`#upload-files`), files),
			chromedp.Click(chromedp.CSS(`#upload-form button[type=submit]`))))
		// The page reloads after the import: poll across the navigation.
		if err := waitFor(ctx, `!!document.querySelector('#datasets') && document.querySelector('#datasets').textContent.includes('tiv-2022')`, 60*time.Second); err != nil {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('#upload-status')||{}).textContent || document.body.innerText.slice(0, 500)`))
			t.Fatalf("the upload did not show the new dataset: %v: %s", err, msg)
		}
		screenshot(t, ctx, shots, "home")
	}

	// Every page renders without a script error; keep a screenshot of each.
	for _, pg := range []struct{ name, path, ready string }{
		{"dyad", "/dyad?supplier=Russia&recipient=Viet+Nam&years=1995-2021", `#chart-suppliers[data-ready="true"]`},
		{"rankings", "/rankings?side=suppliers&years=2002-2021", `#chart-rank[data-ready="true"]`},
		{"country", "/country/Viet%20Nam?years=1995-2021", `#chart-country-suppliers[data-ready="true"]`},
		{"events", "/events?between=Russia,Viet+Nam", `#events-list`},
		{"dependency", "/dependency?recipient=Viet+Nam&weight=units", `#dependency table.data`},
	} {
		step(pg.name, chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+pg.path), loaded, chromedp.WaitVisible(chromedp.CSS(pg.ready))))
		errs, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('main .error')).map(e => e.textContent).join('; ')`))
		step(pg.name+" errors", err)
		if errs != "" && !strings.Contains(errs, "no trade register") {
			t.Errorf("%s page shows errors: %s", pg.name, errs)
		}
		screenshot(t, ctx, shots, pg.name)
	}

	// Sorting a table by a header click.
	step("rankings", chromedp.Do(ctx, chromedp.Navigate(f.ts.URL+"/rankings?years=2017-2021&period=5"), loaded,
		chromedp.Click(chromedp.CSS(`#rank-tables table th:nth-child(3)`))))
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#rank-tables table tbody tr td:nth-child(3)').textContent`))
	step("sorted", err)
	if first == "" {
		t.Errorf("sorting emptied the table")
	}
}

// waitFor evaluates the script expr until it is true or timeout passes. It
// outlasts navigations: an evaluation while the page reloads fails, and is
// tried again.
func waitFor(ctx context.Context, expr string, timeout time.Duration) error {
	var err error
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var ok bool
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err == nil {
		err = errors.New("still false after " + timeout.String())
	}
	return err
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
