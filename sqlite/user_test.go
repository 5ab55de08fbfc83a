package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
)

func TestUsers(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clock := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return clock }
	ana := armsflow.User{Name: "ana", Role: armsflow.RoleEditor, PasswordHash: "$2a$10$abc"}
	if err := db.AddUser(ctx, ana); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		u    armsflow.User
		code string
	}{
		{"taken", ana, armsflow.ECONFLICT},
		{"no name", armsflow.User{Role: armsflow.RoleViewer, PasswordHash: "x"}, armsflow.EINVALID},
		{"bad role", armsflow.User{Name: "bo", Role: "admin", PasswordHash: "x"}, armsflow.EINVALID},
		{"no password", armsflow.User{Name: "bo", Role: armsflow.RoleViewer}, armsflow.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, db.AddUser(ctx, tt.u), tt.code) })
	}

	got, err := db.User(ctx, "ana")
	ana.CreatedAt = clock
	if err != nil || got != ana {
		t.Errorf("User() = %+v, %v; want %+v", got, err, ana)
	}
	_, err = db.User(ctx, "nobody")
	wantCode(t, err, armsflow.ENOTFOUND, "nobody")

	// Sessions expire.
	tok, err := db.CreateSession(ctx, "ana", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) < 43 {
		t.Errorf("token %q is short", tok)
	}
	if u, err := db.SessionUser(ctx, tok); err != nil || u.Name != "ana" {
		t.Errorf("SessionUser = %+v, %v", u, err)
	}
	_, err = db.SessionUser(ctx, tok+"x")
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	clock = clock.Add(time.Hour)
	_, err = db.SessionUser(ctx, tok)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	// A new session sweeps the expired one.
	tok2, err := db.CreateSession(ctx, "ana", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "sessions"); n != 1 {
		t.Errorf("%d sessions stored, want 1", n)
	}
	if err := db.DeleteSession(ctx, tok2); err != nil {
		t.Fatal(err)
	}
	_, err = db.SessionUser(ctx, tok2)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	if err := db.DeleteSession(ctx, tok2); err != nil {
		t.Errorf("ending an ended session: %v", err)
	}
	_, err = db.CreateSession(ctx, "nobody", time.Hour)
	wantCode(t, err, armsflow.ENOTFOUND)
	_, err = db.CreateSession(ctx, "ana", 0)
	wantCode(t, err, armsflow.EINVALID)

	// API tokens.
	api, err := db.CreateToken(ctx, "ana", "nightly script")
	if err != nil {
		t.Fatal(err)
	}
	if u, err := db.TokenUser(ctx, api); err != nil || u.Name != "ana" {
		t.Errorf("TokenUser = %+v, %v", u, err)
	}
	_, err = db.TokenUser(ctx, tok2)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	_, err = db.CreateToken(ctx, "nobody", "x")
	wantCode(t, err, armsflow.ENOTFOUND)

	// No token is stored in clear.
	for table, rows := range dump(t, db) {
		for _, r := range rows {
			if strings.Contains(r, api) || strings.Contains(r, tok) || strings.Contains(r, tok2) {
				t.Errorf("table %s holds a token in clear: %s", table, r)
			}
		}
	}
}
