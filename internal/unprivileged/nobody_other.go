//go:build !linux

package unprivileged

import "os/exec"

// asNobody is never called off Linux: Run skips there.
func asNobody(cmd *exec.Cmd) {}
