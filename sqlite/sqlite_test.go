package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
)

// wantCode fails unless err is an *armsflow.Error of code whose message
// contains every one of words.
func wantCode(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	var ae *armsflow.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *armsflow.Error of code %s", err, err, code)
	}
	if ae.Code != code {
		t.Fatalf("code %s, want %s: %v", ae.Code, code, err)
	}
	for _, w := range words {
		if !strings.Contains(ae.Message, w) {
			t.Errorf("message %q does not say %q", ae.Message, w)
		}
	}
}

// dump returns every row of every table, for comparing states of a library.
func dump(t *testing.T, db *DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.rdb.QueryContext(ctx, `SELECT name, wr FROM pragma_table_list
		WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	order := map[string]string{}
	for rows.Next() {
		var n string
		var withoutRowid bool
		rows.Scan(&n, &withoutRowid)
		tables = append(tables, n)
		order[n] = "rowid"
		if withoutRowid {
			order[n] = "1, 2" // the key's first columns
		}
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.rdb.QueryContext(ctx, `SELECT * FROM `+table+` ORDER BY `+order[table])
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		out[table] = []string{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], fmt.Sprintf("%v", vals))
		}
		rows.Close()
	}
	return out
}

func count(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.rdb.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenCreatesAndMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "armsflow.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	before := dump(t, db)
	// Every embedded migration, whose versions may have gaps while
	// branches that add them land.
	ms, _ := migrations()
	if got := len(before["schema_migrations"]); got != len(ms) || got < 3 {
		t.Fatalf("%d migrations recorded, want %d: %v", got, len(ms), before["schema_migrations"])
	}
	var mode string
	var fk, appID int
	db.rdb.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	db.rdb.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	db.rdb.QueryRow(`PRAGMA application_id`).Scan(&appID)
	if mode != "wal" || fk != 1 || appID != applicationID {
		t.Errorf("journal_mode %s, foreign_keys %d, application_id %#x; want wal, 1, %#x", mode, fk, appID, applicationID)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening applies nothing again.
	for range 2 {
		db, err = Open(path)
		if err != nil {
			t.Fatal(err)
		}
		after := dump(t, db)
		if fmt.Sprint(after["schema_migrations"]) != fmt.Sprint(before["schema_migrations"]) {
			t.Errorf("reopen changed schema_migrations:\n%v\n%v", before["schema_migrations"], after["schema_migrations"])
		}
		db.Close()
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	foreign := filepath.Join(dir, "other.db")
	{
		sdb, err := sql.Open("sqlite", foreign)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sdb.Exec(`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
			t.Fatal(err)
		}
		sdb.Close()
	}
	newer := filepath.Join(dir, "newer.db")
	{
		db, err := Open(newer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.wdb.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '999_future', '')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	tests := []struct {
		name  string
		path  string
		words []string
	}{
		{"csv file", write("register.csv", "SIPRI Trade Register\nRecipient,Supplier\n"), []string{"register.csv", "not an armsflow library", "not a SQLite database"}},
		{"short file", write("x", "SQL"), []string{"not a SQLite database"}},
		{"bad header", write("y.db", "SQLite format 2\x00 and then some bytes"), []string{"not a SQLite database"}},
		{"directory", dir, []string{"is a directory"}},
		{"foreign sqlite", foreign, []string{"another program"}},
		{"newer armsflow", newer, []string{"newer armsflow", "999", "upgrade"}},
		{"empty path", "", []string{"--db"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before []byte
			if tt.path != "" && tt.path != dir {
				before, _ = os.ReadFile(tt.path)
			}
			db, err := Open(tt.path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			wantCode(t, err, armsflow.EINVALID, tt.words...)
			if before != nil {
				after, _ := os.ReadFile(tt.path)
				if string(after) != string(before) {
					t.Errorf("the refused file was changed")
				}
			}
		})
	}
}

func TestOpenEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestPathWithSpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my #1 library?100%.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("library not at its path: %v", err)
	}
}

func TestVersion(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	v := func() int64 {
		t.Helper()
		n, err := db.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	last := v()
	step := func(name string, changes bool, f func() error) {
		t.Helper()
		if err := f(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		now := v()
		if changes && now == last {
			t.Errorf("%s: version stayed %d", name, now)
		}
		if !changes && now != last {
			t.Errorf("%s: version changed from %d to %d", name, last, now)
		}
		last = now
	}
	ds, files := synthTIV("tiv-2022-04-22", 2000)
	imp := func() error { _, err := db.ImportDataset(ctx, ds, files); return err }
	ev := armsflow.Event{ID: "e1", Date: "2001", Precision: "year", Kind: "visit", Title: "A visit"}
	step("import", true, imp)
	step("unchanged import", false, imp)
	step("add event", true, func() error { _, err := db.AddEvents(ctx, []armsflow.Event{ev}); return err })
	step("re-add event", false, func() error { _, err := db.AddEvents(ctx, []armsflow.Event{ev}); return err })
	step("put event", true, func() error { return db.PutEvent(ctx, ev) })
	step("add user", false, func() error {
		return db.AddUser(ctx, armsflow.User{Name: "ana", Role: armsflow.RoleEditor, PasswordHash: "x"})
	})
	step("session", false, func() error { _, err := db.CreateSession(ctx, "ana", 3600e9); return err })
	step("delete event", true, func() error { return db.DeleteEvent(ctx, "e1") })
	step("delete dataset", true, func() error { return db.DeleteDataset(ctx, ds.Name) })

	// Another handle on the same file sees the change.
	other, err := Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	step("import elsewhere", true, func() error { _, err := other.ImportDataset(ctx, ds, files); return err })
}
