package main

import (
	"context"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}} {
		code, stdout, stderr := runCLI(t, context.Background(), "", args...)
		if code != 0 {
			t.Fatalf("armsflow %s: exit %d: %s", args[0], code, stderr)
		}
		// A test binary has no VCS stamp: the line says so rather than
		// printing an empty revision.
		for _, want := range []string{"armsflow " + version, "revision ", "committed ", "go1."} {
			if !strings.Contains(stdout, want) {
				t.Errorf("armsflow %s: %q lacks %q", args[0], stdout, want)
			}
		}
		if strings.Contains(stdout, "revision ,") || strings.Contains(stdout, "revision )") {
			t.Errorf("armsflow %s: empty revision in %q", args[0], stdout)
		}
	}
}
