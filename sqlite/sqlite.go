// Package sqlite keeps armsflow's library: one SQLite file that holds the
// imported SIPRI datasets with their provenance, the curated events, and the
// web app's users, sessions and API tokens.
//
// Every record is stored relationally, one row each, so that analysts can
// query the library with any SQLite tool (see migrations/ for the schema).
// Alongside, each dataset's content is kept as a compact binary pack that
// loads many times faster; the pack is only a cache, dropped by triggers as
// soon as any of the dataset's rows changes.
//
// The file is opened in WAL mode: readers see the last committed state while
// a writer works, and a second process waiting for a write lock waits up to
// a busy timeout instead of failing. Every write is one transaction: on any
// error nothing is written.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/armsflow/armsflow"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// applicationID marks a SQLite file as an armsflow library ("AFLW") in the
// header field that the file(1) command and SQLite tools read.
const applicationID = 0x41464c57

// busyTimeout is how long a write waits for another process's write to end.
const busyTimeout = 10 * time.Second

// timeFormat is how the library writes instants: UTC, fixed width, so that
// text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// DB is an open library file. It is safe for concurrent use.
type DB struct {
	path string
	rdb  *sql.DB // readers: deferred transactions, several connections
	wdb  *sql.DB // the writer: BEGIN IMMEDIATE, one connection

	now func() time.Time // the clock; tests replace it

	created  bool // Open found no schema and created it
	readOnly bool // opened for reading only: the file or its directory cannot be written

	// testHookFileStored, when set, runs in ImportDataset after the rows of
	// the i-th new file are written; an error aborts the import. Tests only.
	testHookFileStored func(i int) error
}

// Options change how OpenWith opens a library.
type Options struct {
	// Seed, when set, gives the events written into a new library in the
	// transaction that creates its schema (the starter timeline, for one),
	// so that a library either does not exist or has its seed: an
	// interrupted first open cannot leave it without. It is called only
	// when a library is created; an existing library is never seeded again.
	Seed func() ([]armsflow.Event, error)
}

// Open opens the library at path, creating it and its parent directories
// when missing, and brings its schema up to date. A file that is not SQLite,
// a SQLite database of another program, or a library written by a newer
// armsflow gives an *armsflow.Error with code EINVALID.
//
// A library that cannot be written (a read-only file, or one in a
// read-only directory) is opened for reading only: every query works, and
// every write fails with an EINVALID error that says the library cannot be
// written.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, armsflow.Errorf(armsflow.EINVALID, "no library path given: use --db PATH or set ARMSFLOW_DB")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &armsflow.Error{Code: armsflow.EINVALID, Message: fmt.Sprintf("library %s: bad path", path), Err: err}
	}
	exists, err := checkFile(path, abs)
	if err != nil {
		return nil, err
	}
	readOnly := exists && !canWrite(abs)
	if !exists {
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			return nil, &armsflow.Error{Code: armsflow.EINVALID,
				Message: fmt.Sprintf("library %s does not exist and cannot be created there (%v): give a --db path in a directory you can write", path, unwrapPath(err))}
		}
		if !canWrite(abs) {
			return nil, armsflow.Errorf(armsflow.EINVALID,
				"library %s does not exist and cannot be created: its directory is read-only; give a --db path in a directory you can write", path)
		}
	}
	// An immutable file's journal is ignored: a WAL left by a writer that
	// crashed may hold committed changes, so read it the ordinary way then.
	immutable := readOnly && !nonEmpty(abs+"-wal")
	keepWALFiles()
	db := &DB{path: path, readOnly: readOnly, now: func() time.Time { return time.Now().UTC() }}
	if db.wdb, err = sql.Open("sqlite", dsn(abs, true, immutable)); err != nil {
		return nil, openError(path, err)
	}
	db.wdb.SetMaxOpenConns(1)
	db.wdb.SetMaxIdleConns(1)
	db.wdb.SetConnMaxIdleTime(0)
	if db.rdb, err = sql.Open("sqlite", dsn(abs, false, immutable)); err != nil {
		db.wdb.Close()
		return nil, openError(path, err)
	}
	n := max(4, runtime.NumCPU())
	db.rdb.SetMaxOpenConns(n)
	db.rdb.SetMaxIdleConns(n)
	// No ping: migrate's first query opens the reader's connection, and a
	// failure to open it is an openError there too.
	if err := db.migrate(context.Background(), opt.Seed); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// canWrite reports whether the library file at abs, or a new one there,
// can be written, with the journal files SQLite keeps beside it: the file
// (if it exists) and its directory must be writable.
func canWrite(abs string) bool {
	if _, err := os.Stat(abs); err == nil && !writable(abs) {
		return false
	}
	return writable(filepath.Dir(abs))
}

func nonEmpty(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Size() > 0
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadOnly reports whether the library was opened for reading only, because
// it or its directory cannot be written.
func (db *DB) ReadOnly() bool { return db.readOnly }

// readOnlyError says that the library cannot be written, and what to do.
func (db *DB) readOnlyError() error {
	return armsflow.Errorf(armsflow.EINVALID,
		"library %s cannot be written (the file or its directory is read-only): nothing changed; "+
			"make it writable, or copy it to a place you can write and use --db", db.path)
}

// dsn returns the driver's data source name for the file at abs: a SQLite URI
// with the pragmas every connection needs. WAL mode is not among them: it
// is kept in the file, and set by migrate once the file is known to be a
// library, so that a database of another program is left untouched.
func dsn(abs string, writer, immutable bool) string {
	p := filepath.ToSlash(abs)
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter
	}
	q := "?_pragma=busy_timeout(" + strconv.Itoa(int(busyTimeout/time.Millisecond)) + ")" +
		"&_pragma=foreign_keys(1)"
	if writer {
		// Only the writer's connection writes (SQLite's default is FULL
		// too): a statement less for every reader's connection.
		q += "&_pragma=synchronous(FULL)"
	}
	if immutable {
		// This process can write neither the file nor SQLite's WAL index
		// beside it, without which SQLite cannot read a WAL library
		// safely: read it as immutable, which needs no journal files. A
		// read-only place is one where nobody writes in practice; a writer
		// with more rights changing the file meanwhile could give this
		// reader an inconsistent view (most likely a "malformed" error).
		return "file:" + p + q + "&mode=ro&immutable=1"
	}
	// With the WAL files kept (keepWALFiles), the last connection to close
	// still checkpoints the WAL into the library, then truncates it to
	// nothing rather than leaving its old frames on disk.
	q += "&_pragma=journal_size_limit(67108864)"
	if writer {
		// Take the write lock when a transaction begins, so that a writer
		// waits under busy_timeout rather than failing when it upgrades.
		q += "&_txlock=immediate"
	}
	return "file:" + p + q
}

// keepWALFiles makes every connection leave the library's -wal and -shm
// files in place when it closes last (SQLITE_FCNTL_PERSIST_WAL), instead of
// deleting them, so that the next command finds them and does not create
// them again. Creating two files and deleting them was a tenth of a
// command that only reads: a file system allocates an inode for each, and
// ext4 searches past the inodes deleted a moment before (docs/benchmarks.md,
// "Cold commands"). The library file stays complete on its own: the last
// connection still checkpoints the WAL into it and truncates the WAL to
// nothing (journal_size_limit in dsn); the WAL index in -shm is rebuilt by
// whoever opens the library first.
var keepWALFiles = sync.OnceFunc(func() {
	sqlite.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, _ string) error {
		if fc, ok := c.(sqlite.FileControl); ok {
			// An optimisation only: a connection that refuses it (an
			// in-memory database) deletes its files as before.
			_, _ = fc.FileControlPersistWAL("main", 1)
		}
		return nil
	})
})

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// checkFile refuses, before SQLite sees it, a path that names a directory or
// a non-empty file that is not a SQLite database. It reports whether the
// file exists.
func checkFile(path, abs string) (exists bool, err error) {
	f, err := os.Open(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return true, armsflow.Errorf(armsflow.EINVALID, "library %s cannot be read (%v): check its permissions", path, unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return true, &armsflow.Error{Code: armsflow.EINVALID, Message: fmt.Sprintf("library %s: cannot read it", path), Err: err}
	}
	if st.IsDir() {
		return true, armsflow.Errorf(armsflow.EINVALID, "library %s is a directory: give the path of a library file, e.g. %s",
			path, filepath.Join(path, "armsflow.db"))
	}
	if st.Size() == 0 {
		return true, nil
	}
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return true, notLibrary(path)
	}
	return true, nil
}

func notLibrary(path string) *armsflow.Error {
	return armsflow.Errorf(armsflow.EINVALID,
		"%s is not an armsflow library (not a SQLite database): give another --db path; "+
			"to import SIPRI files use `armsflow import FILE`", path)
}

// openError turns a failure to open the file into an application error.
func openError(path string, err error) error {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_NOTADB:
		e := notLibrary(path)
		e.Err = err
		return e
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_AUTH:
		return &armsflow.Error{Code: armsflow.EINVALID,
			Message: fmt.Sprintf("library %s cannot be opened: check the path and its permissions", path), Err: err}
	case sqlite3.SQLITE_CORRUPT:
		return &armsflow.Error{Code: armsflow.EINVALID,
			Message: fmt.Sprintf("library %s is damaged (SQLite reports it malformed): restore it from a backup", path), Err: err}
	}
	return wrap(err, "opening library %s", path)
}

// Close closes the library.
func (db *DB) Close() error {
	var errs []error
	if db.rdb != nil {
		errs = append(errs, db.rdb.Close())
	}
	if db.wdb != nil {
		errs = append(errs, db.wdb.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return wrap(err, "closing library %s", db.path)
	}
	return nil
}

// Created reports whether Open found a new library (a missing or empty
// file, without schema) and created it (with Options.Seed), so that the
// caller can say where. Two processes creating the same file at once may
// both see true; only one writes the schema and the seed.
func (db *DB) Created() bool { return db.created }

// Path returns the library's path as given to Open.
func (db *DB) Path() string { return db.path }

// Version returns a number that changes whenever a dataset or an event is
// written, so that a long-running reader knows when to reload its snapshot.
// Writes of users, sessions and tokens leave it unchanged.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v int64
	if err := db.rdb.QueryRowContext(ctx, `SELECT version FROM library_version WHERE id = 1`).Scan(&v); err != nil {
		return 0, wrap(err, "reading the library version")
	}
	return v, nil
}

// bumpVersion marks a write of a dataset or an event, see Version.
func bumpVersion(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `UPDATE library_version SET version = version + 1 WHERE id = 1`); err != nil {
		return wrap(err, "updating the library version")
	}
	return nil
}

// update runs fn in a write transaction and commits it when fn returns nil.
// what names the operation in errors.
func (db *DB) update(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if db.readOnly {
		return db.readOnlyError()
	}
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err, "%s", what)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return wrap(err, "%s: committing", what)
	}
	return nil
}

// view runs fn in a read transaction, which sees one consistent state of
// the library.
func (db *DB) view(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	tx, err := db.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return wrap(err, "%s", what)
	}
	defer tx.Rollback()
	return fn(tx)
}

// migration is one embedded schema change, migrations/NNN_name.sql.
type migration struct {
	version int
	name    string
	file    string // path in migrationFS
}

// text returns the migration's SQL. It is read only to be applied: a
// library that is up to date needs only the versions, and reading all the
// files was 57 KB of memory for every command.
func (m migration) text() (string, error) {
	b, err := migrationFS.ReadFile(m.file)
	return string(b), err
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := strings.TrimSuffix(filepath.Base(name), ".sql")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNN_name.sql", name)
		}
		ms = append(ms, migration{version: v, name: base, file: name})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// testHookBeforeSeed, when set, runs in the transaction that creates a
// library, before its seed is written; an error aborts the creation, as
// an interrupted first open would. Tests only.
var testHookBeforeSeed func() error

// testMigrateUpTo, when positive, stops migrate after that version, so that
// tests can make a library of an older schema. Tests only.
var testMigrateUpTo int

// migrate applies the pending migrations, all in one transaction (with the
// seed of a new library), so that a failed upgrade leaves the library as it
// was.
// It takes the write lock only when something is pending, so that opening a
// library while another process imports into it does not wait.
func (db *DB) migrate(ctx context.Context, seed func() ([]armsflow.Event, error)) error {
	ms, err := migrations()
	if err != nil {
		return &armsflow.Error{Code: armsflow.EINTERNAL, Message: "reading the embedded schema migrations", Err: err}
	}
	latest := ms[len(ms)-1].version
	// The reader's connection, not the writer's: opening a connection reads
	// the schema, about a millisecond that a command which only reads
	// should pay once.
	applied, err := db.appliedMigrations(ctx, db.rdb)
	if err != nil {
		return err
	}
	db.created = len(applied) == 0
	if db.readOnly && db.created {
		return armsflow.Errorf(armsflow.EINVALID,
			"library %s is empty and cannot be written (the file or its directory is read-only): give a --db path you can write", db.path)
	}
	for v := range applied {
		if v > latest {
			return armsflow.Errorf(armsflow.EINVALID,
				"library %s was written by a newer armsflow (schema version %d; this armsflow knows up to %d): upgrade armsflow to use it",
				db.path, maxKey(applied), latest)
		}
	}
	// WAL mode is kept in the file: a reader's connection tells whether it
	// is set, so that commands that only read never open the writer's.
	if db.readOnly {
		for _, m := range ms {
			if !applied[m.version] {
				return armsflow.Errorf(armsflow.EINVALID,
					"library %s was written by an older armsflow and needs an upgrade, but it cannot be written (the file or its directory is read-only): copy it to a place you can write and use --db", db.path)
			}
		}
		return nil
	}
	var mode string
	if err := db.rdb.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return wrap(err, "library %s: reading its journal mode", db.path)
	}
	if !strings.EqualFold(mode, "wal") {
		if err := db.wdb.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
			return wrap(err, "library %s: enabling WAL mode", db.path)
		}
	}
	if !strings.EqualFold(mode, "wal") {
		return armsflow.Errorf(armsflow.EINVALID, "library %s cannot use WAL mode (it stays in %s mode): keep it on a local disk", db.path, mode)
	}
	var pending []migration
	for _, m := range ms {
		if !applied[m.version] && (testMigrateUpTo == 0 || m.version <= testMigrateUpTo) {
			pending = append(pending, m)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	// All pending migrations in one transaction: a new library is created
	// with one commit, seed and all, and a failed upgrade leaves the library
	// as it was.
	return db.update(ctx, "upgrading the library's schema", func(tx *sql.Tx) error {
		// Another process may have applied some since we looked.
		now, err := db.appliedMigrations(ctx, tx)
		if err != nil {
			return err
		}
		fresh := len(now) == 0
		for _, m := range pending {
			if now[m.version] {
				continue
			}
			text, err := m.text()
			if err != nil {
				return &armsflow.Error{Code: armsflow.EINTERNAL, Message: "reading the embedded schema migration " + m.name, Err: err}
			}
			if _, err := tx.ExecContext(ctx, text); err != nil {
				return wrap(err, "library %s: applying schema migration %s", db.path, m.name)
			}
			if step := migrationSteps[m.version]; step != nil {
				if err := step(ctx, tx); err != nil {
					return wrap(err, "library %s: applying schema migration %s", db.path, m.name)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, db.now().UTC().Format(timeFormat)); err != nil {
				return wrap(err, "library %s: recording schema migration %s", db.path, m.name)
			}
		}
		if testMigrateUpTo == 0 {
			if err := db.rebuildPacks(ctx, tx); err != nil {
				return wrap(err, "library %s: rebuilding packed copies of its datasets", db.path)
			}
		}
		if _, err := tx.ExecContext(ctx, `PRAGMA application_id = `+strconv.Itoa(applicationID)); err != nil {
			return wrap(err, "library %s: marking the file as an armsflow library", db.path)
		}
		if fresh && seed != nil {
			evs, err := seed()
			if err != nil {
				return err
			}
			for i := range evs {
				if err := checkEvent(&evs[i]); err != nil {
					return err
				}
			}
			if testHookBeforeSeed != nil {
				if err := testHookBeforeSeed(); err != nil {
					return err
				}
			}
			if _, err := addEventsTx(ctx, tx, evs); err != nil {
				return err
			}
		}
		return nil
	})
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// appliedMigrations returns the versions recorded in schema_migrations,
// creating the table in a new, empty file. A database of another program
// is refused.
func (db *DB) appliedMigrations(ctx context.Context, q querier) (map[int]bool, error) {
	var appID int64
	if err := q.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return nil, openError(db.path, err)
	}
	var hasTable, others int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE name = 'schema_migrations'),
			count(*) FILTER (WHERE name <> 'schema_migrations')
		FROM sqlite_schema WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'`).Scan(&hasTable, &others); err != nil {
		return nil, openError(db.path, err)
	}
	if (appID != 0 && appID != applicationID) || (hasTable == 0 && others > 0) {
		return nil, armsflow.Errorf(armsflow.EINVALID,
			"%s is a SQLite database of another program, not an armsflow library: give another --db path", db.path)
	}
	applied := map[int]bool{}
	if hasTable == 0 {
		if _, ok := q.(*sql.Tx); !ok {
			return applied, nil // nothing applied; the migration's transaction creates the table
		}
		if _, err := q.ExecContext(ctx, `CREATE TABLE schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TEXT NOT NULL
		)`); err != nil {
			return nil, wrap(err, "library %s: creating schema_migrations", db.path)
		}
		return applied, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, wrap(err, "library %s: reading schema_migrations", db.path)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, wrap(err, "library %s: reading schema_migrations", db.path)
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "library %s: reading schema_migrations", db.path)
	}
	return applied, nil
}

func maxKey(m map[int]bool) int {
	n := 0
	for k := range m {
		n = max(n, k)
	}
	return n
}

// sqliteCode returns the primary SQLite result code in err's chain, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// wrap returns err as an application error: an *armsflow.Error is passed on
// as it is; anything else becomes EINTERNAL with the message formed from
// format and args and err as its logged cause.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ae *armsflow.Error
	if errors.As(err, &ae) {
		return err
	}
	msg := fmt.Sprintf(format, args...)
	switch sqliteCode(err) {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		return &armsflow.Error{Code: armsflow.EINVALID, Err: err,
			Message: msg + ": the library cannot be written (the file or its directory is read-only, or the disk is); nothing changed: make it writable, or copy it to a place you can write and use --db"}
	case sqlite3.SQLITE_FULL:
		return &armsflow.Error{Code: armsflow.EINVALID, Err: err,
			Message: msg + ": the disk is full; nothing changed: free some space and try again"}
	}
	switch {
	case sqliteCode(err) == sqlite3.SQLITE_BUSY:
		msg += ": the library is busy (another armsflow is writing to it); try again when it is done"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		msg += ": cancelled"
	}
	return &armsflow.Error{Code: armsflow.EINTERNAL, Message: msg, Err: err}
}

// formatTime writes t as the library stores instants.
func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// parseTime reads an instant written by formatTime (or any RFC 3339 time).
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	return t.UTC(), err
}
