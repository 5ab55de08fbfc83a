package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/armsflow/armsflow"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := WriteBytes(path, []byte("a,b\n")); err != nil {
		t.Fatal(err)
	}
	// A failed write leaves the old file, and no temporary file.
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("disk on fire")
	})
	if armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("failed write: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "a,b\n" {
		t.Errorf("after a failed write the file holds %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files left, want 1", len(ents))
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v %v", fi.Mode(), err)
	}
	if err := WriteBytes(filepath.Join(dir, "no", "such", "x"), nil); armsflow.ErrorCode(err) != armsflow.EINVALID {
		t.Errorf("missing directory: %v", err)
	}
}
