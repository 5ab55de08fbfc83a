package main

import (
	"strings"
	"testing"

	"github.com/armsflow/armsflow"
	"github.com/armsflow/armsflow/engine"
)

// TestPanelNote: a panel from a trade register said its figures were
// "rounded to whole millions by SIPRI", though armsflow summed (or
// estimated) them, with decimals.
func TestPanelNote(t *testing.T) {
	if n := panelNote(engine.Source{Dataset: "tiv-2022-04-22"}); n != armsflow.RoundingNote {
		t.Errorf("TIV tables: %q", n)
	}
	for _, s := range []engine.Source{{Dataset: "register-2025-10-23", Estimated: true}, {Dataset: "register-2025-02-10", Exact: true}} {
		if n := panelNote(s); strings.Contains(n, "rounded") {
			t.Errorf("%s: %q", s.Dataset, n)
		}
	}
}
