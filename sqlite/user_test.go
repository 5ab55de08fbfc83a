package sqlite

import (
	"context"
	"path/filepath"
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

// TestAccessRevocable checks that access can be taken back: users listed
// and removed, passwords changed (ending sessions), tokens listed, revoked
// and expiring.
func TestAccessRevocable(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clock := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return clock }
	for _, u := range []armsflow.User{{Name: "bo", Role: armsflow.RoleViewer, PasswordHash: "h1"}, {Name: "ana", Role: armsflow.RoleEditor, PasswordHash: "h2"}} {
		if err := db.AddUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	users, err := db.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "ana" || users[1].Role != armsflow.RoleViewer || users[0].PasswordHash != "" {
		t.Fatalf("Users() = %+v, %v", users, err)
	}

	// A new password ends the user's sessions, not the tokens.
	sess, _ := db.CreateSession(ctx, "ana", time.Hour)
	tok, err := db.CreateTokenTTL(ctx, "ana", "script", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetPassword(ctx, "ana", "h3"); err != nil {
		t.Fatal(err)
	}
	if u, _ := db.User(ctx, "ana"); u.PasswordHash != "h3" {
		t.Errorf("password hash %q after the change", u.PasswordHash)
	}
	_, err = db.SessionUser(ctx, sess)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	if _, err := db.TokenUser(ctx, tok); err != nil {
		t.Errorf("a token stopped working at a change of password: %v", err)
	}
	wantCode(t, db.SetPassword(ctx, "nobody", "h"), armsflow.ENOTFOUND)
	wantCode(t, db.SetPassword(ctx, "ana", ""), armsflow.EINVALID)

	// Tokens are listed by id, without the token, and revoked by id.
	tok2, err := db.CreateToken(ctx, "bo", "")
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.Tokens(ctx, "")
	if err != nil || len(list) != 2 || list[0].User != "ana" || list[0].Label != "script" || len(list[0].ID) != tokenIDLen ||
		!list[0].ExpiresAt.Equal(clock.Add(time.Hour)) || !list[1].ExpiresAt.Equal(clock.Add(DefaultTokenTTL)) {
		t.Fatalf("Tokens() = %+v, %v", list, err)
	}
	if strings.Contains(list[0].ID, tok) || strings.HasPrefix(tok, list[0].ID) {
		t.Errorf("the token's id gives the token away")
	}
	if mine, _ := db.Tokens(ctx, "bo"); len(mine) != 1 || mine[0].User != "bo" {
		t.Errorf("Tokens(bo) = %+v", mine)
	}
	if err := db.RevokeToken(ctx, list[1].ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.TokenUser(ctx, tok2)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	wantCode(t, db.RevokeToken(ctx, list[1].ID), armsflow.ENOTFOUND)
	wantCode(t, db.RevokeToken(ctx, "xyz"), armsflow.EINVALID)

	// Tokens expire.
	clock = clock.Add(time.Hour)
	_, err = db.TokenUser(ctx, tok)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	if l, _ := db.Tokens(ctx, "ana"); len(l) != 1 || !l[0].Expired {
		t.Errorf("an expired token is not listed as expired: %+v", l)
	}
	for _, ttl := range []time.Duration{0, -time.Hour, MaxTokenTTL + time.Hour} {
		_, err := db.CreateTokenTTL(ctx, "ana", "", ttl)
		wantCode(t, err, armsflow.EINVALID)
	}

	// Removing a user ends its sessions and tokens.
	sess, _ = db.CreateSession(ctx, "ana", time.Hour)
	tok, _ = db.CreateToken(ctx, "ana", "")
	if err := db.RemoveUser(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	_, err = db.SessionUser(ctx, sess)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	_, err = db.TokenUser(ctx, tok)
	wantCode(t, err, armsflow.EUNAUTHORIZED)
	if n := count(t, db, "tokens"); n != 0 {
		t.Errorf("%d tokens left after removing their users", n)
	}
	wantCode(t, db.RemoveUser(ctx, "ana"), armsflow.ENOTFOUND)
}

// TestMigrateTokenExpiry checks that migration 006 gives the tokens of an
// older library an expiry instead of letting them live for ever.
func TestMigrateTokenExpiry(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	testMigrateUpTo = 4
	db, err := Open(path)
	testMigrateUpTo = 0
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO users (name, role, password_hash, created_at) VALUES ('ana', 'editor', 'h', '2020-01-01T00:00:00.000000000Z')`,
		`INSERT INTO tokens (token_sha256, user, label, created_at) VALUES ('` + tokenDigest("old-token") + `', 'ana', '', '2020-01-01T00:00:00.000000000Z')`,
	} {
		if _, err := db.wdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if u, err := db.TokenUser(ctx, "old-token"); err != nil || u.Name != "ana" {
		t.Errorf("an old token right after the upgrade: %+v, %v", u, err)
	}
	list, err := db.Tokens(ctx, "")
	if err != nil || len(list) != 1 {
		t.Fatalf("Tokens() = %+v, %v", list, err)
	}
	if d := time.Until(list[0].ExpiresAt); d < DefaultTokenTTL-time.Hour || d > DefaultTokenTTL+time.Hour {
		t.Errorf("an old token expires in %v, want about %v", d, DefaultTokenTTL)
	}
}
