package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/unprivileged"
)

// TestSeedWithSchema: a library is created with its seed in one
// transaction. A creation interrupted before the seed is written leaves no
// library, so the next open creates it again, seed and all; an existing
// library is never seeded again.
func TestSeedWithSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lib.db")
	seed := sampleEvents()
	seedFn := func() ([]armsflow.Event, error) { return sampleEvents(), nil }

	testHookBeforeSeed = func() error { return errors.New("killed") }
	_, err := OpenWith(path, Options{Seed: seedFn})
	testHookBeforeSeed = nil
	if err == nil {
		t.Fatal("the interrupted creation succeeded")
	}

	db, err := OpenWith(path, Options{Seed: seedFn})
	if err != nil {
		t.Fatal(err)
	}
	if !db.Created() {
		t.Error("the library of an interrupted creation does not count as new")
	}
	evs, err := db.Events(ctx)
	if err != nil || len(evs) != len(seed) {
		t.Fatalf("%d events after creation (%v), want the seed's %d", len(evs), err, len(seed))
	}
	if err := db.DeleteEvent(ctx, seed[0].ID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = OpenWith(path, Options{Seed: seedFn})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Created() {
		t.Error("an existing library counts as new")
	}
	if evs, _ := db.Events(ctx); len(evs) != len(seed)-1 {
		t.Errorf("%d events on reopening, want %d: a deleted seed event came back", len(evs), len(seed)-1)
	}
}

// TestSeedRefusedWhole: a bad seed creates no library: the next open
// creates it.
func TestSeedRefusedWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.db")
	bad := sampleEvents()
	bad[1].ID = ""
	if _, err := OpenWith(path, Options{Seed: func() ([]armsflow.Event, error) { return bad, nil }}); err == nil {
		t.Fatal("a bad seed was accepted")
	}
	db, err := OpenWith(path, Options{Seed: func() ([]armsflow.Event, error) { return sampleEvents(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if evs, _ := db.Events(context.Background()); !db.Created() || len(evs) != 3 {
		t.Errorf("after a refused seed: created %v, %d events", db.Created(), len(evs))
	}
}

// TestReadOnlyLibrary: a library in a read-only place opens for reading,
// answers, and refuses every write saying that it cannot be written.
func TestReadOnlyLibrary(t *testing.T) {
	if !unprivileged.Run(t) {
		return
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "ro")
	path := filepath.Join(dir, "lib.db")
	db, err := OpenWith(path, Options{Seed: func() ([]armsflow.Event, error) { return sampleEvents(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, c := range []struct {
		name          string
		file, dirMode os.FileMode
	}{
		{"read-only directory", 0o644, 0o555},
		{"read-only file", 0o444, 0o755},
		{"both", 0o444, 0o555},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.Chmod(path, c.file); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, c.dirMode); err != nil {
				t.Fatal(err)
			}
			defer os.Chmod(dir, 0o755)
			defer os.Chmod(path, 0o644)
			db, err := Open(path)
			if err != nil {
				t.Fatalf("opening a read-only library: %v", err)
			}
			defer db.Close()
			if !db.ReadOnly() {
				t.Error("ReadOnly() is false")
			}
			if evs, err := db.Events(ctx); err != nil || len(evs) != 3 {
				t.Errorf("reading: %d events, %v", len(evs), err)
			}
			if _, err := db.Datasets(ctx); err != nil {
				t.Errorf("reading datasets: %v", err)
			}
			_, err = db.AddEvents(ctx, []armsflow.Event{{ID: "new", Date: "2001", Precision: "year", Kind: "visit", Title: "V"}})
			wantCode(t, err, armsflow.EINVALID, "cannot be written", path)
			content := armsflow.Content{Flows: []armsflow.Flow{{Supplier: "Russia", Recipient: "Viet Nam", Year: 2001, TIV: 1}}}
			_, err = db.ImportDataset(ctx, armsflow.Dataset{Name: "tiv-x", Kind: armsflow.KindTIV},
				[]FileContent{{File: armsflow.SourceFile{Name: "x.csv", SHA256: strings.Repeat("0", 64)}, Content: content}})
			wantCode(t, err, armsflow.EINVALID, "cannot be written")
		})
	}
	// A new library cannot be made in a read-only directory: say so.
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	_, err = Open(filepath.Join(dir, "new.db"))
	wantCode(t, err, armsflow.EINVALID, "cannot be created", "read-only")
}
