package sqlite

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/names"
)

func TestGroups(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "lib.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v4 := names.Group{Name: "Visegrad", Aliases: []string{"V4"}, About: "Visegrad Group",
		Members: []names.Member{{Name: "Poland", From: 1991}, {Name: "Czechia", From: 1993}, {Name: "Czechoslovakia", From: 1991, To: 1992}}}
	if err := db.AddGroups(ctx, []names.Group{v4}, false); err != nil {
		t.Fatal(err)
	}
	gs, err := db.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || !reflect.DeepEqual(gs[0], v4) {
		t.Fatalf("groups = %+v, want %+v", gs, v4)
	}
	// A taken name is a conflict, and a failed add stores nothing.
	bad := names.Group{Name: "B", Members: []names.Member{{Name: "France"}}}
	if err := db.AddGroups(ctx, []names.Group{bad, v4}, false); armsflow.ErrorCode(err) != armsflow.ECONFLICT {
		t.Errorf("adding again: %v", err)
	}
	if gs, _ := db.Groups(ctx); len(gs) != 1 {
		t.Errorf("after a failed add: %d groups", len(gs))
	}
	v4.Members = v4.Members[:1]
	if err := db.AddGroups(ctx, []names.Group{v4}, true); err != nil {
		t.Fatal(err)
	}
	if gs, _ := db.Groups(ctx); len(gs) != 1 || len(gs[0].Members) != 1 {
		t.Errorf("after replacing: %+v", gs)
	}
	if err := db.AddGroups(ctx, []names.Group{{Name: "X", Members: []names.Member{{Name: "France", From: 2000, To: 1999}}}}, false); armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("backwards years: %v", err)
	}
	if err := db.DeleteGroup(ctx, "Visegrad"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteGroup(ctx, "Visegrad"); armsflow.ErrorCode(err) != armsflow.ENOTFOUND {
		t.Errorf("deleting again: %v", err)
	}
}
