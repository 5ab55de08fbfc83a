package fetch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Cache keeps every range SIPRI answered, as the CSV it decoded to, one
// file per endpoint and range: Dir/<endpoint digest>/<from>-<to>.csv.
//
// Entries are written to a temporary file and renamed into place, so that
// a reader sees a whole answer or none; they are not synced to disk, since
// an entry damaged by a crash fails the checks when read and is then
// fetched again. Entries are never trusted blindly: each is checked as a
// fresh answer is, and used only for the vintage the fetch learned from
// SIPRI (see Client.Fetch).
type Cache struct {
	Dir string
}

// DefaultCacheDir is os.UserCacheDir()/armsflow/fetch.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "armsflow", "fetch"), nil
}

// path is where the answer of endpoint for r lies. The endpoint is hashed
// so that a mirror's answers never stand in for SIPRI's, and a layout
// version is part of the name so that a later armsflow can change what it
// keeps without misreading this one's.
func (c *Cache) path(endpoint string, r Range) string {
	h := sha256.Sum256([]byte(strings.TrimRight(endpoint, "/")))
	return filepath.Join(c.Dir, "v1-"+hex.EncodeToString(h[:8]), fmt.Sprintf("%d-%d.csv", r.From, r.To))
}

// get returns the cached answer for r, checked, or nil when there is none
// or it does not pass the checks.
func (c *Cache) get(endpoint string, r Range) *part {
	b, err := os.ReadFile(c.path(endpoint, r))
	if err != nil {
		return nil
	}
	p, err := check(b, r)
	if err != nil {
		return nil
	}
	return p
}

// put stores data, the decoded answer for r.
func (c *Cache) put(endpoint string, r Range, data []byte) error {
	path := c.path(endpoint, r)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
