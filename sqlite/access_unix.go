//go:build unix

package sqlite

import "syscall"

// writable reports whether this process may write path (a file, or a
// directory: create files in it). It asks the system rather than opening
// the file: closing a descriptor of a SQLite file would drop the locks
// that the process's own connections hold on it.
func writable(path string) bool {
	const wOK = 0x2 // W_OK
	return syscall.Access(path, wOK) == nil
}
