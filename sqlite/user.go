package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/armsflow/armsflow"
	sqlite3 "modernc.org/sqlite/lib"
)

// AddUser stores a new user. It is ECONFLICT when the name is taken and
// EINVALID without a name, with an unknown role or without a password hash.
// A zero CreatedAt is set to now.
func (db *DB) AddUser(ctx context.Context, u armsflow.User) error {
	if strings.TrimSpace(u.Name) == "" {
		return armsflow.Errorf(armsflow.EINVALID, "a user needs a name")
	}
	if u.Role != armsflow.RoleEditor && u.Role != armsflow.RoleViewer {
		return armsflow.Errorf(armsflow.EINVALID, "user %q: role %q is neither %s nor %s", u.Name, u.Role, armsflow.RoleEditor, armsflow.RoleViewer)
	}
	if u.PasswordHash == "" {
		return armsflow.Errorf(armsflow.EINVALID, "user %q has no password", u.Name)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = db.now()
	}
	what := fmt.Sprintf("adding user %q", u.Name)
	return db.update(ctx, what, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)`,
			u.Name, u.Role, u.PasswordHash, formatTime(u.CreatedAt))
		if sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT {
			return armsflow.Errorf(armsflow.ECONFLICT, "user %q exists already", u.Name)
		}
		return wrap(err, "%s", what)
	})
}

// User returns the user named name. It is ENOTFOUND when there is none.
func (db *DB) User(ctx context.Context, name string) (armsflow.User, error) {
	return db.userWhere(ctx, func() error {
		return armsflow.Errorf(armsflow.ENOTFOUND, "no user %q", name)
	}, `name = ?`, name)
}

// userWhere returns the one user matching where with args, or the error of
// missing.
func (db *DB) userWhere(ctx context.Context, missing func() error, where string, args ...any) (armsflow.User, error) {
	var u armsflow.User
	var at string
	err := db.rdb.QueryRowContext(ctx, `SELECT name, role, password_hash, created_at FROM users WHERE `+where, args...).
		Scan(&u.Name, &u.Role, &u.PasswordHash, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return armsflow.User{}, missing()
	}
	if err != nil {
		return armsflow.User{}, wrap(err, "reading user")
	}
	if u.CreatedAt, err = parseTime(at); err != nil {
		return armsflow.User{}, wrap(err, "user %q: reading created_at", u.Name)
	}
	return u, nil
}

// newToken returns a random token of 32 bytes, in unpadded URL-safe base64,
// and the hex SHA-256 under which it is stored.
func newToken() (token, digest string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, tokenDigest(token), nil
}

// tokenDigest is the hex SHA-256 of a token, as the library stores it.
func tokenDigest(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a web session of user for ttl and returns its token:
// 32 random bytes, of which only the SHA-256 is stored. It also forgets the
// sessions that have expired. It is ENOTFOUND when there is no such user.
func (db *DB) CreateSession(ctx context.Context, user string, ttl time.Duration) (token string, err error) {
	if ttl <= 0 {
		return "", armsflow.Errorf(armsflow.EINVALID, "session for %q: lifetime %v is not positive", user, ttl)
	}
	token, digest, err := newToken()
	if err != nil {
		return "", wrap(err, "creating a session for %q", user)
	}
	now := db.now()
	what := fmt.Sprintf("creating a session for %q", user)
	err = db.update(ctx, what, func(tx *sql.Tx) error {
		if err := userExists(ctx, tx, user); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, formatTime(now)); err != nil {
			return wrap(err, "%s", what)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_sha256, user, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			digest, user, formatTime(now), formatTime(now.Add(ttl)))
		return wrap(err, "%s", what)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

func userExists(ctx context.Context, tx *sql.Tx, user string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, user).Scan(&n); err != nil {
		return wrap(err, "reading user %q", user)
	}
	if n == 0 {
		return armsflow.Errorf(armsflow.ENOTFOUND, "no user %q", user)
	}
	return nil
}

// SessionUser returns the user of the session of token. It is
// EUNAUTHORIZED when the session does not exist or has expired.
func (db *DB) SessionUser(ctx context.Context, token string) (armsflow.User, error) {
	return db.userWhere(ctx, func() error {
		return armsflow.Errorf(armsflow.EUNAUTHORIZED, "no valid session: sign in again")
	}, `name = (SELECT user FROM sessions WHERE token_sha256 = ? AND expires_at > ?)`, tokenDigest(token), formatTime(db.now()))
}

// DeleteSession ends the session of token (signing out). Ending a session
// that does not exist is not an error.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.update(ctx, "ending a session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_sha256 = ?`, tokenDigest(token))
		return wrap(err, "ending a session")
	})
}

// DefaultTokenTTL is how long an API token lasts unless its maker says
// otherwise.
const DefaultTokenTTL = 90 * 24 * time.Hour

// MaxTokenTTL bounds a token's lifetime: access that is never reviewed
// should still end.
const MaxTokenTTL = 5 * 366 * 24 * time.Hour

// CreateToken creates an API token of user for scripts, described by label,
// for DefaultTokenTTL; see CreateTokenTTL.
func (db *DB) CreateToken(ctx context.Context, user, label string) (token string, err error) {
	return db.CreateTokenTTL(ctx, user, label, DefaultTokenTTL)
}

// CreateTokenTTL creates an API token of user for scripts, described by
// label, valid for ttl, and returns it: 32 random bytes, of which only the
// SHA-256 is stored, so it is shown once. It is ENOTFOUND when there is no
// such user, EINVALID when ttl is not positive or above MaxTokenTTL.
func (db *DB) CreateTokenTTL(ctx context.Context, user, label string, ttl time.Duration) (token string, err error) {
	if ttl <= 0 || ttl > MaxTokenTTL {
		return "", armsflow.Errorf(armsflow.EINVALID, "token for %q: lifetime %v: give a lifetime from a minute to %d days", user, ttl, MaxTokenTTL/(24*time.Hour))
	}
	token, digest, err := newToken()
	if err != nil {
		return "", wrap(err, "creating a token for %q", user)
	}
	what := fmt.Sprintf("creating a token for %q", user)
	err = db.update(ctx, what, func(tx *sql.Tx) error {
		if err := userExists(ctx, tx, user); err != nil {
			return err
		}
		now := db.now()
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (token_sha256, user, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			digest, user, label, formatTime(now), formatTime(now.Add(ttl)))
		return wrap(err, "%s", what)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// TokenUser returns the user of API token token. It is EUNAUTHORIZED when
// there is no such token, or it has expired or been revoked.
func (db *DB) TokenUser(ctx context.Context, token string) (armsflow.User, error) {
	return db.userWhere(ctx, func() error {
		return armsflow.Errorf(armsflow.EUNAUTHORIZED, "unknown, expired or revoked API token: ask an editor for a new one ('armsflow users token NAME')")
	}, `name = (SELECT user FROM tokens WHERE token_sha256 = ? AND expires_at > ?)`, tokenDigest(token), formatTime(db.now()))
}

// Users returns every user, by name.
func (db *DB) Users(ctx context.Context) ([]armsflow.User, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT name, role, created_at FROM users ORDER BY name`)
	if err != nil {
		return nil, wrap(err, "listing users")
	}
	defer rows.Close()
	out := []armsflow.User{}
	for rows.Next() {
		var u armsflow.User
		var at string
		if err := rows.Scan(&u.Name, &u.Role, &at); err != nil {
			return nil, wrap(err, "listing users")
		}
		if u.CreatedAt, err = parseTime(at); err != nil {
			return nil, wrap(err, "user %q: reading created_at", u.Name)
		}
		out = append(out, u)
	}
	return out, wrap(rows.Err(), "listing users")
}

// RemoveUser deletes the user name with its sessions and API tokens: it is
// signed out everywhere at once. It is ENOTFOUND when there is no such user.
func (db *DB) RemoveUser(ctx context.Context, name string) error {
	what := fmt.Sprintf("removing user %q", name)
	return db.update(ctx, what, func(tx *sql.Tx) error {
		if err := userExists(ctx, tx, name); err != nil {
			return err
		}
		// The foreign keys cascade; deleting explicitly does not depend
		// on the connection's foreign_keys setting.
		for _, q := range []string{`DELETE FROM sessions WHERE user = ?`, `DELETE FROM tokens WHERE user = ?`, `DELETE FROM users WHERE name = ?`} {
			if _, err := tx.ExecContext(ctx, q, name); err != nil {
				return wrap(err, "%s", what)
			}
		}
		return nil
	})
}

// SetPassword replaces the password hash of user name and ends its
// sessions: whoever signed in with the old password is signed out. Its API
// tokens stay (revoke them with RevokeToken). It is ENOTFOUND when there is
// no such user, EINVALID without a hash.
func (db *DB) SetPassword(ctx context.Context, name, hash string) error {
	if hash == "" {
		return armsflow.Errorf(armsflow.EINVALID, "user %q: no password", name)
	}
	what := fmt.Sprintf("changing the password of %q", name)
	return db.update(ctx, what, func(tx *sql.Tx) error {
		if err := userExists(ctx, tx, name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, hash, name); err != nil {
			return wrap(err, "%s", what)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user = ?`, name)
		return wrap(err, "%s", what)
	})
}

// Token describes an API token, never the token itself: ID is the first
// tokenIDLen hex digits of its SHA-256, enough to name it.
type Token struct {
	ID        string    `json:"id"`
	User      string    `json:"user"`
	Label     string    `json:"label"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Expired   bool      `json:"expired"`
}

const tokenIDLen = 12

// Tokens lists the API tokens of user, or of every user when user is "",
// by user and creation time, expired ones too (until they are revoked).
func (db *DB) Tokens(ctx context.Context, user string) ([]Token, error) {
	rows, err := db.rdb.QueryContext(ctx, `SELECT substr(token_sha256, 1, ?), user, label, created_at, expires_at FROM tokens
		WHERE ? = '' OR user = ? ORDER BY user, created_at`, tokenIDLen, user, user)
	if err != nil {
		return nil, wrap(err, "listing API tokens")
	}
	defer rows.Close()
	now := db.now()
	out := []Token{}
	for rows.Next() {
		var t Token
		var at, exp string
		if err := rows.Scan(&t.ID, &t.User, &t.Label, &at, &exp); err != nil {
			return nil, wrap(err, "listing API tokens")
		}
		if t.CreatedAt, err = parseTime(at); err != nil {
			return nil, wrap(err, "token %s: reading created_at", t.ID)
		}
		if t.ExpiresAt, err = parseTime(exp); err != nil {
			return nil, wrap(err, "token %s: reading expires_at", t.ID)
		}
		t.Expired = !t.ExpiresAt.After(now)
		out = append(out, t)
	}
	return out, wrap(rows.Err(), "listing API tokens")
}

// RevokeToken deletes the API token whose ID (as Tokens gives it) is id;
// it stops working at once. It is ENOTFOUND when no token has that id.
func (db *DB) RevokeToken(ctx context.Context, id string) error {
	id = strings.ToLower(strings.TrimSpace(id))
	if len(id) != tokenIDLen || strings.Trim(id, "0123456789abcdef") != "" {
		return armsflow.Errorf(armsflow.EINVALID, "token id %q: give the %d hex digits 'armsflow tokens list' shows", id, tokenIDLen)
	}
	return db.update(ctx, "revoking token "+id, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE substr(token_sha256, 1, ?) = ?`, tokenIDLen, id)
		if err != nil {
			return wrap(err, "revoking token %s", id)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return armsflow.Errorf(armsflow.ENOTFOUND, "no API token %s: see 'armsflow tokens list'", id)
		}
		return nil
	})
}
