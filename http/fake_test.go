package http

import (
	"context"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/memlib"
)

// sqliteError is what the SQLite driver's errors look like to this
// package: a result code behind a Code method.
type sqliteError int

func (e sqliteError) Error() string { return "sqlite error" }
func (e sqliteError) Code() int     { return int(e) }

// fullLibrary is a library whose disk is full: every change to the
// timeline fails as SQLite fails then (SQLITE_FULL, wrapped as the sqlite
// package wraps it).
type fullLibrary struct{ *memlib.Library }

func (fullLibrary) full() error {
	return &armsflow.Error{Code: armsflow.EINVALID, Message: "adding events", Err: sqliteError(sqliteFull)}
}
func (l fullLibrary) AddEvents(context.Context, []armsflow.Event) (int, error) { return 0, l.full() }
func (l fullLibrary) PutEvent(context.Context, armsflow.Event) error           { return l.full() }
func (l fullLibrary) DeleteEvent(context.Context, string) error                { return l.full() }

// A write refused for want of space is a 507 that says so, whichever
// library refused it: the server asks the error for its code, it does not
// know the driver.
func TestDiskFullThroughTheContract(t *testing.T) {
	f := serveFixture(t, fullLibrary{&memlib.Library{}}, Config{})
	auth := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + f.editorTok}
	for _, req := range []struct{ method, path string }{{"POST", "/api/v1/events"}, {"PUT", "/api/v1/events/2016-test"}} {
		r := f.do(nil, req.method, req.path, jsonBody(t, testEvent("2016-test")), auth)
		if msg := errorMessage(t, r.body); r.status != 507 || !strings.Contains(msg, "full") {
			t.Errorf("%s %s on a full disk: %d %q", req.method, req.path, r.status, msg)
		}
	}
	// Nothing was written, and reading still works.
	if r := f.get("/api/v1/events"); r.status != 200 || !strings.Contains(string(r.body), `"count": 0`) && !strings.Contains(string(r.body), `"count":0`) {
		t.Errorf("events afterwards: %d %s", r.status, r.body)
	}
}
