package unprivileged

import (
	"os/exec"
	"syscall"
)

// nobody is the user id of nobody on Debian and most Linux systems.
const nobody = 65534

func asNobody(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
}
