package engine

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/internal/memlib"
)

// headLoader is a library that lists its datasets without their files
// (armsflow.HeadLister), counting how often each listing is asked for.
type headLoader struct {
	*memlib.Library
	heads, full int
	fail        error // returned by Datasets when set
}

func (l *headLoader) DatasetHeads(ctx context.Context) ([]armsflow.Dataset, error) {
	l.heads++
	ds, err := l.Library.Datasets(ctx)
	for i := range ds {
		ds[i].Files = nil
	}
	return ds, err
}

func (l *headLoader) Datasets(ctx context.Context) ([]armsflow.Dataset, error) {
	l.full++
	if l.fail != nil {
		return nil, l.fail
	}
	return l.Library.Datasets(ctx)
}

// TestDatasetFilesLazily: an engine over a HeadLister lists the datasets
// without their files, and reads the files once, when Datasets or
// DatasetsCovered first asks for them; they are the loader's files, and a
// dataset the loader no longer has gets none. A failed read is not kept.
func TestDatasetFilesLazily(t *testing.T) {
	ctx := context.Background()
	files := []armsflow.SourceFile{{Name: "a.csv", SHA256: "aa", Records: 2, Subject: "Viet Nam"}, {Name: "b.csv", SHA256: "bb"}}
	lib := &memlib.Library{DatasetList: []armsflow.Dataset{
		{Name: "tiv-2022-04-22", Kind: armsflow.KindTIV, Generated: "2022-04-22", Files: files,
			Coverage: armsflow.Coverage{From: 2010, To: 2013}, Views: []string{armsflow.ViewDyads}},
		{Name: "tiv-2021-01-01", Kind: armsflow.KindTIV, Generated: "2021-01-01", Files: files[:1],
			Coverage: armsflow.Coverage{From: 2010, To: 2012}, Views: []string{armsflow.ViewDyads}},
	}}
	want, _ := lib.Datasets(ctx)

	l := &headLoader{Library: lib, fail: errors.New("disk gone")}
	e, err := New(ctx, l)
	if err != nil {
		t.Fatal(err)
	}
	if l.heads != 1 || l.full != 0 {
		t.Errorf("New listed heads %d and full %d times, want 1 and 0", l.heads, l.full)
	}
	if _, err := e.Datasets(ctx); err == nil {
		t.Error("Datasets with a failing loader: no error")
	}
	l.fail = nil
	// Deleted since New: listed (the engine's snapshot), with no files.
	lib.DatasetList = lib.DatasetList[:1]
	// Asked for at once, as a server's requests do: read once.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := e.Datasets(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			if !reflect.DeepEqual(got[0], want[0]) || got[1].Name != want[1].Name || got[1].Files == nil || len(got[1].Files) != 0 {
				t.Errorf("Datasets() = %+v\nwant %+v, the second without files", got, want)
			}
		})
	}
	wg.Wait()
	cov, err := e.DatasetsCovered(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cov[0], want[0]) {
		t.Errorf("DatasetsCovered()[0] = %+v, want %+v", cov[0], want[0])
	}
	if l.full != 2 {
		t.Errorf("files read %d times, want 2 (once failed, once read)", l.full)
	}

	// A loader without DatasetHeads: listed once, files and all.
	plain, err := New(ctx, lib)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := plain.Datasets(ctx); err != nil || !reflect.DeepEqual(got, want[:1]) {
		t.Errorf("Datasets() over a plain loader = %+v, %v; want %+v", got, err, want[:1])
	}
}
