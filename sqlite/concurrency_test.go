package sqlite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"testing"
	"time"

	"github.com/armsflow/armsflow"
)

// TestReadersDuringWrite holds a write transaction open on one handle and
// checks that another handle reads the last committed state meanwhile,
// and that its own write waits for the lock instead of failing.
func TestReadersDuringWrite(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	ds, files := tivSet("tiv-2022-04-22", vnFile, thFile)
	mustImport(t, a, ds, files)
	want, err := a.LoadContent(ctx, ds.Name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	tx, err := b.wdb.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM datasets`); err != nil {
		t.Fatal(err)
	}

	// Reads go on, and see the data as it was.
	got, err := a.LoadContent(ctx, ds.Name)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read during a write: %v", err)
	}
	if dss, err := a.Datasets(ctx); err != nil || len(dss) != 1 {
		t.Fatalf("Datasets during a write: %d, %v", len(dss), err)
	}
	// Another library handle opens without waiting.
	start := time.Now()
	c, err := Open(a.Path())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Open waited %v for a writer", d)
	}

	// A write waits for the lock.
	const hold = 300 * time.Millisecond
	done := make(chan error, 1)
	start = time.Now()
	go func() {
		_, err := a.AddEvents(ctx, []armsflow.Event{{ID: "e", Date: "2001", Precision: "year", Kind: "visit", Title: "V"}})
		done <- err
	}()
	time.Sleep(hold)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("a write waiting for the lock failed: %v", err)
	}
	if d := time.Since(start); d < hold {
		t.Errorf("the write did not wait for the lock (%v)", d)
	}
	if _, err := a.LoadContent(ctx, ds.Name); armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
		t.Errorf("after the commit: %v, want not found", err)
	}
}

// helperEnv names the library a helper process works on.
const helperEnv = "ARMSFLOW_SQLITE_TEST_HELPER"

// TestHelperImporter is not a test: TestTwoProcesses runs it in another
// process, where it imports and deletes datasets and adds events in a loop.
func TestHelperImporter(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("runs only as TestTwoProcesses' helper process")
	}
	ctx := context.Background()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ds, files := synthRegister("register-b", 3000)
	for i := range 6 {
		if _, err := db.ImportDataset(ctx, ds, files); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		ev := armsflow.Event{ID: fmt.Sprintf("child-%d", i), Date: "2002", Precision: "year", Kind: "talks", Title: "T"}
		if _, err := db.AddEvents(ctx, []armsflow.Event{ev}); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if err := db.DeleteDataset(ctx, ds.Name); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
	}
}

// TestTwoProcesses runs an importing process against a reading and writing
// one on the same library file.
func TestTwoProcesses(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		t.Skip("in the helper process")
	}
	ctx := context.Background()
	db := openTest(t)
	ds, files := synthTIV("tiv-a", 5000)
	mustImport(t, db, ds, files)
	want, err := db.LoadContent(ctx, ds.Name)
	if err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperImporter$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+db.Path())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	reads, writes := 0, 0
	versions := map[int64]bool{}
	deadline := time.After(2 * time.Minute)
loop:
	for {
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("the importing process failed: %v\n%s", err, out.String())
			}
			break loop
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("the importing process did not finish in 2 minutes")
		default:
		}
		got, err := db.LoadContent(ctx, ds.Name)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("read %d: %v", reads, err)
		}
		if _, err := db.Datasets(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Events(ctx); err != nil {
			t.Fatal(err)
		}
		v, err := db.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		versions[v] = true
		reads++
		if reads%5 == 0 {
			ev := armsflow.Event{ID: fmt.Sprintf("parent-%d", reads), Date: "2003", Precision: "year", Kind: "visit", Title: "V"}
			if _, err := db.AddEvents(ctx, []armsflow.Event{ev}); err != nil {
				t.Fatalf("write while another process imports: %v", err)
			}
			writes++
		}
	}
	evs, err := db.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 6+writes {
		t.Errorf("%d events, want 6 from the child and %d from the parent", len(evs), writes)
	}
	t.Logf("%d reads and %d writes during the other process's imports; %d library versions seen", reads, writes, len(versions))
}
