package memlib

import (
	"context"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
)

// The rules the web server's tests rely on: an event's id is its key, a
// write changes the version, an unknown or ended session is EUNAUTHORIZED.
func TestLibrary(t *testing.T) {
	ctx := context.Background()
	l := &Library{}
	version := func() int64 { v, _ := l.Version(ctx); return v }
	ev := armsflow.Event{ID: "a", Date: "2001", Title: "A"}
	if n, err := l.AddEvents(ctx, []armsflow.Event{ev}); n != 1 || err != nil || version() != 1 {
		t.Fatalf("add: %d, %v, version %d", n, err, version())
	}
	if n, err := l.AddEvents(ctx, []armsflow.Event{ev}); n != 0 || err != nil || version() != 1 {
		t.Errorf("the same again: %d, %v, version %d", n, err, version())
	}
	other := ev
	other.Title = "B"
	if _, err := l.AddEvents(ctx, []armsflow.Event{other}); armsflow.ErrorCode(err) != armsflow.ECONFLICT {
		t.Errorf("other content, same id: %v", err)
	}
	if err := l.PutEvent(ctx, other); err != nil {
		t.Fatal(err)
	}
	evs, _ := l.Events(ctx)
	if len(evs) != 1 || evs[0].Title != "B" || evs[0].Tags == nil {
		t.Errorf("after put: %+v", evs)
	}
	if err := l.DeleteEvent(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := l.DeleteEvent(ctx, "a"); armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
		t.Errorf("delete twice: %v", err)
	}

	ds := armsflow.DatasetImport{Dataset: armsflow.Dataset{Name: "tiv", Kind: armsflow.KindTIV},
		Files: []armsflow.FileContent{{File: armsflow.SourceFile{SHA256: "x"}, Content: armsflow.Content{Flows: []armsflow.Flow{{Supplier: "Russia", Recipient: "Viet Nam", Year: 2001, TIV: 1}}}}}}
	res, err := l.ImportDatasets(ctx, []armsflow.DatasetImport{ds})
	if err != nil || !res[0].Created {
		t.Fatalf("import: %+v, %v", res, err)
	}
	if res, _ := l.ImportDatasets(ctx, []armsflow.DatasetImport{ds}); !res[0].Unchanged {
		t.Errorf("import again: %+v", res)
	}
	if c, err := l.LoadContent(ctx, "tiv"); err != nil || len(c.Flows) != 1 {
		t.Errorf("content: %+v, %v", c, err)
	}

	if err := l.AddUser(ctx, armsflow.User{Name: "ed", Role: armsflow.RoleEditor}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.User(ctx, "nobody"); armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
		t.Errorf("no user: %v", err)
	}
	tok, _ := l.CreateToken(ctx, "ed", "test")
	if u, err := l.TokenUser(ctx, tok); err != nil || u.Name != "ed" {
		t.Errorf("token: %+v, %v", u, err)
	}
	if _, err := l.TokenUser(ctx, "nope"); armsflow.ErrorCode(err) != armsflow.EUNAUTHORIZED {
		t.Errorf("unknown token: %v", err)
	}
	s, _ := l.CreateSession(ctx, "ed", time.Hour)
	if u, err := l.SessionUser(ctx, s); err != nil || u.Name != "ed" {
		t.Errorf("session: %+v, %v", u, err)
	}
	l.DeleteSession(ctx, s)
	if _, err := l.SessionUser(ctx, s); armsflow.ErrorCode(err) != armsflow.EUNAUTHORIZED {
		t.Errorf("ended session: %v", err)
	}
	if s, _ := l.CreateSession(ctx, "ed", -time.Second); s != "" {
		if _, err := l.SessionUser(ctx, s); armsflow.ErrorCode(err) != armsflow.EUNAUTHORIZED {
			t.Errorf("expired session: %v", err)
		}
	}
}
