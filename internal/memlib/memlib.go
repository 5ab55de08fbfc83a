// Package memlib is an in-memory library for tests: the root package's
// contracts (armsflow.Loader, and armsflow.Library for the web server) over
// plain values, so that queries and handlers can be checked on small
// made-up worlds without a SQLite file. It keeps the rules callers rely on
// (an event's id is its key, a write changes the version, an unknown token
// is EUNAUTHORIZED) but none of SQLite's: that is package sqlite's tests'
// business.
package memlib

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/armsflow/armsflow"
)

// Library holds datasets, their content by dataset name, events and users.
// Set the exported fields before handing it out; after that, use its
// methods, which may be called concurrently.
type Library struct {
	DatasetList []armsflow.Dataset
	Content     map[string]*armsflow.Content
	EventList   []armsflow.Event

	mu       sync.Mutex
	version  int64
	users    map[string]armsflow.User
	tokens   map[string]string // token → user
	sessions map[string]session
}

type session struct {
	user    string
	expires time.Time
}

var _ armsflow.Library = (*Library)(nil)

// Datasets returns the datasets.
func (l *Library) Datasets(context.Context) ([]armsflow.Dataset, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.DatasetList), nil
}

// LoadContent returns the content of the dataset named, or ENOTFOUND.
func (l *Library) LoadContent(_ context.Context, name string) (*armsflow.Content, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.Content[name]
	if !ok {
		return nil, armsflow.Errorf(armsflow.ENOTFOUND, "no dataset %q", name)
	}
	return c, nil
}

// Events returns the events, ordered by date, then id, as a library does.
func (l *Library) Events(context.Context) ([]armsflow.Event, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	evs := slices.Clone(l.EventList)
	slices.SortStableFunc(evs, func(a, b armsflow.Event) int {
		if a.Date != b.Date {
			if a.Date < b.Date {
				return -1
			}
			return 1
		}
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return evs, nil
}

// Version counts the writes so far.
func (l *Library) Version(context.Context) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.version, nil
}

// ImportDatasets stores each import. A dataset that already holds every
// file of its import is left as it is; otherwise the dataset is replaced by
// the import, its content being the files' content one after the other.
// Unlike a real library it does not merge new files into an old dataset.
func (l *Library) ImportDatasets(_ context.Context, imports []armsflow.DatasetImport) ([]armsflow.ImportResult, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.Content == nil {
		l.Content = map[string]*armsflow.Content{}
	}
	res := make([]armsflow.ImportResult, len(imports))
	for i, im := range imports {
		ds := im.Dataset
		for _, f := range im.Files {
			if !slices.ContainsFunc(ds.Files, func(g armsflow.SourceFile) bool { return g.SHA256 == f.File.SHA256 }) {
				ds.Files = append(ds.Files, f.File)
			}
		}
		at := slices.IndexFunc(l.DatasetList, func(d armsflow.Dataset) bool { return d.Name == ds.Name })
		if at >= 0 && holdsAll(l.DatasetList[at], ds.Files) {
			res[i] = armsflow.ImportResult{Dataset: l.DatasetList[at], Unchanged: true}
			continue
		}
		var c armsflow.Content
		for _, f := range im.Files {
			c.Flows = append(c.Flows, f.Content.Flows...)
			c.Deals = append(c.Deals, f.Content.Deals...)
			c.Exports = append(c.Exports, f.Content.Exports...)
			c.Totals = append(c.Totals, f.Content.Totals...)
		}
		l.Content[ds.Name] = &c
		if at >= 0 {
			l.DatasetList[at] = ds
		} else {
			l.DatasetList = append(l.DatasetList, ds)
		}
		res[i] = armsflow.ImportResult{Dataset: ds, Created: at < 0, AddedFiles: len(im.Files)}
		l.version++
	}
	return res, nil
}

func holdsAll(ds armsflow.Dataset, files []armsflow.SourceFile) bool {
	for _, f := range files {
		if !slices.ContainsFunc(ds.Files, func(g armsflow.SourceFile) bool { return g.SHA256 == f.SHA256 }) {
			return false
		}
	}
	return true
}

// AddEvents adds the events whose id is new; one whose id is stored with
// the same content is skipped, one with other content is ECONFLICT and
// nothing is added.
func (l *Library) AddEvents(_ context.Context, evs []armsflow.Event) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	have := map[string]armsflow.Event{}
	for _, e := range l.EventList {
		have[e.ID] = e
	}
	var add []armsflow.Event
	for _, e := range evs {
		if e.ID == "" {
			return 0, armsflow.Errorf(armsflow.EINVALID, "event %q has no id", e.Title)
		}
		e.Line = 0
		e.NormalizeLists()
		if old, ok := have[e.ID]; ok {
			if reflect.DeepEqual(old, e) {
				continue
			}
			return 0, armsflow.Errorf(armsflow.ECONFLICT, "event %q differs from the stored event of the same id", e.ID)
		}
		have[e.ID] = e
		add = append(add, e)
	}
	if len(add) > 0 {
		l.EventList = append(l.EventList, add...)
		l.version++
	}
	return len(add), nil
}

// PutEvent stores e, replacing any event of the same id.
func (l *Library) PutEvent(_ context.Context, e armsflow.Event) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.Line = 0
	e.NormalizeLists()
	l.EventList = slices.DeleteFunc(slices.Clone(l.EventList), func(x armsflow.Event) bool { return x.ID == e.ID })
	l.EventList = append(l.EventList, e)
	l.version++
	return nil
}

// DeleteEvent deletes the event of id id; ENOTFOUND when there is none.
func (l *Library) DeleteEvent(_ context.Context, id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.EventList)
	l.EventList = slices.DeleteFunc(slices.Clone(l.EventList), func(x armsflow.Event) bool { return x.ID == id })
	if len(l.EventList) == n {
		return armsflow.Errorf(armsflow.ENOTFOUND, "no event %q", id)
	}
	l.version++
	return nil
}

// AddUser adds user u (ECONFLICT when the name is taken).
func (l *Library) AddUser(_ context.Context, u armsflow.User) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.users == nil {
		l.users = map[string]armsflow.User{}
	}
	if _, ok := l.users[u.Name]; ok {
		return armsflow.Errorf(armsflow.ECONFLICT, "user %q exists", u.Name)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	l.users[u.Name] = u
	return nil
}

// User returns the user named name, or ENOTFOUND.
func (l *Library) User(_ context.Context, name string) (armsflow.User, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.user(name)
}

func (l *Library) user(name string) (armsflow.User, error) {
	u, ok := l.users[name]
	if !ok {
		return armsflow.User{}, armsflow.Errorf(armsflow.ENOTFOUND, "no user %q", name)
	}
	return u, nil
}

// CreateToken returns a new API token of user (ENOTFOUND when there is no
// such user); it does not expire.
func (l *Library) CreateToken(_ context.Context, user, _ string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.user(user); err != nil {
		return "", err
	}
	tok := secret()
	if l.tokens == nil {
		l.tokens = map[string]string{}
	}
	l.tokens[tok] = user
	return tok, nil
}

// TokenUser returns the user of API token token, or EUNAUTHORIZED.
func (l *Library) TokenUser(_ context.Context, token string) (armsflow.User, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if name, ok := l.tokens[token]; ok {
		if u, err := l.user(name); err == nil {
			return u, nil
		}
	}
	return armsflow.User{}, armsflow.Errorf(armsflow.EUNAUTHORIZED, "unknown API token")
}

// CreateSession signs user in for ttl and returns the session's token.
func (l *Library) CreateSession(_ context.Context, user string, ttl time.Duration) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.user(user); err != nil {
		return "", err
	}
	tok := secret()
	if l.sessions == nil {
		l.sessions = map[string]session{}
	}
	l.sessions[tok] = session{user: user, expires: time.Now().Add(ttl)}
	return tok, nil
}

// SessionUser returns the user of a live session, or EUNAUTHORIZED.
func (l *Library) SessionUser(_ context.Context, token string) (armsflow.User, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s, ok := l.sessions[token]; ok && time.Now().Before(s.expires) {
		if u, err := l.user(s.user); err == nil {
			return u, nil
		}
	}
	return armsflow.User{}, armsflow.Errorf(armsflow.EUNAUTHORIZED, "no valid session: sign in again")
}

// DeleteSession signs a session out; an unknown one is no error.
func (l *Library) DeleteSession(_ context.Context, token string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.sessions, token)
	return nil
}

func secret() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
