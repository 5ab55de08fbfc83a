// Package atomicfile writes files all at once or not at all: through a
// temporary file beside the target, renamed into place only when the
// whole content was written, so that a failed command leaves no
// half-written file (and an existing one as it was).
package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/armsflow/armsflow"
)

// Write writes path with write's output. A file already at path is
// replaced; callers that must not replace one check first. The file is
// readable by all, as an ordinary file (a temporary file is its owner's
// only).
func Write(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return armsflow.Errorf(armsflow.EINVALID, "cannot write %s: %v", path, err)
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		if ae := (*armsflow.Error)(nil); errors.As(err, &ae) {
			return err // the writer's own refusal, already worded
		}
		return armsflow.Errorf(armsflow.EINVALID, "cannot write %s: %v", path, err)
	}
	return nil
}

// WriteBytes writes data to path as Write does.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
