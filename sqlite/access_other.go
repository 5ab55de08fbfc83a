//go:build !unix

package sqlite

import (
	"os"
)

// writable reports whether this process may write path (a file, or a
// directory: create files in it): a file by its read-only attribute, a
// directory by creating a file in it.
func writable(path string) bool {
	st, err := os.Stat(path)
	if err != nil {
		return false
	}
	if !st.IsDir() {
		return st.Mode().Perm()&0o200 != 0
	}
	probe, err := os.CreateTemp(path, ".armsflow-probe-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}
