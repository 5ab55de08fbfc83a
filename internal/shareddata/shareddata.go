// Package shareddata finds SIPRI's real files for tests and benchmarks: the
// folder shared/data/sipri beside the repository (../shared/data/sipri from
// its root), looked for from the working directory upwards. The files are
// read where they lie; nothing of them is copied into the repository.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Find returns the folder of SIPRI's files and true, or "" and false when
// there is none above the working directory.
func Find() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, "shared", "data", "sipri")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// SIPRI returns the folder of SIPRI's files, joined with parts, or skips the
// test or benchmark with a message saying where they were looked for.
func SIPRI(tb testing.TB, parts ...string) string {
	tb.Helper()
	dir, ok := Find()
	if !ok {
		tb.Skip("SIPRI's real files not found: no shared/data/sipri beside the repository (../shared/data/sipri); CI always has them")
	}
	return filepath.Join(append([]string{dir}, parts...)...)
}
