// Package unprivileged lets a test of file permissions run as an ordinary
// user. Root may write any file whatever its mode, so a test of a read-only
// place means nothing as root: run as root, Run runs the test again in a
// copy of the test binary as the user nobody and reports its result.
package unprivileged

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// envChild marks the test binary run as nobody.
const envChild = "ARMSFLOW_TEST_UNPRIVILEGED"

// Run returns true when the calling test should go on: the process is not
// root, so permissions hold. As root it runs the test named t.Name() again
// as nobody, fails t if that run fails (with its output), and returns
// false; where that is impossible it skips t.
func Run(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return true
	}
	if os.Getenv(envChild) != "" || runtime.GOOS != "linux" {
		t.Skip("running as root and cannot run as an ordinary user: file permissions do not bind root")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skipf("running as root, cannot find the test binary: %v", err)
	}
	// nobody cannot read the go tool's build directory: run a copy.
	dir, err := os.MkdirTemp("", "armsflow-unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "test.bin")
	if err := copyFile(exe, bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "^"+t.Name()+"$", "-test.v")
	cmd.Dir = dir // nobody may not enter the package's directory
	cmd.Env = append(os.Environ(), envChild+"=1", "HOME="+dir, "TMPDIR="+dir, "GOCOVERDIR="+dir)
	asNobody(cmd)
	out, err := cmd.CombinedOutput()
	switch {
	case err != nil:
		t.Errorf("%s as nobody: %v\n%s", t.Name(), err, out)
	case !bytes.Contains(out, []byte("--- PASS: "+t.Name())):
		t.Errorf("%s as nobody did not pass:\n%s", t.Name(), out)
	}
	return false
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
