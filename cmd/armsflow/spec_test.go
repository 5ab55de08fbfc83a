package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
	"github.com/armsflow/armsflow/query"
	"github.com/armsflow/armsflow/table"
)

// A query spec alone gives a command: flags from its parameters, its path
// parameter as an argument, its Check as bad usage, its answer in every format.
func TestSpecCommand(t *testing.T) {
	spec := &query.Spec{
		Name: "echo-test", Path: "/api/v1/echo-test/{word}", Summary: "says its word n times",
		Params: []query.Param{
			{Name: "word", In: "path", Help: "the word"},
			{Name: "times", Kind: query.Int, Default: "1", Help: "how often"},
		},
		Check: func(v *query.Values) error {
			if v.Int("times") < 1 {
				return armsflow.Errorf(armsflow.EINVALID, "times %d: use 1 or more", v.Int("times"))
			}
			return nil
		},
		Run: func(_ context.Context, _ *engine.Engine, v *query.Values) (query.Answer, error) {
			words := strings.Repeat(v.Str("word")+" ", v.Int("times"))
			res := map[string]any{"dataset": "", "words": strings.TrimSpace(words)}
			return query.Answer{Result: res, Table: func() *table.Table {
				return &table.Table{Title: "Echo", Columns: []table.Column{{Name: "Words", Decimals: -1}}, Rows: [][]any{{res["words"]}}}
			}}, nil
		},
	}
	register(specCommand(spec))
	defer delete(commands, spec.Name)
	db := filepath.Join(t.TempDir(), "lib.db")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"echo-test", "hi", "--times", "2", "--format", "json"}, 0, `"words": "hi hi"`},
		{[]string{"echo-test", "hi", "--format", "csv"}, 0, "Words\nhi"},
		{[]string{"echo-test", "hi", "--times", "0"}, 2, "times 0: use 1 or more"},
		{[]string{"echo-test"}, 2, "takes 1 argument(s) (word)"},
		{[]string{"echo-test", "hi", "--times", "x"}, 2, "times"},
	} {
		code, out, errOut := runCLI(t, context.Background(), "", append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("%v: exit %d, want %d with %q\nstdout: %s\nstderr: %s", c.args, code, c.code, c.want, out, errOut)
		}
	}
}

// Every query spec has a command, its own or one made from the spec.
func TestEverySpecHasACommand(t *testing.T) {
	registerSpecCommands()
	for _, s := range query.Specs {
		if commands[s.Name] == nil {
			t.Errorf("query %q has no command", s.Name)
		}
	}
}
