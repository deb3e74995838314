//go:build unix

package proof

import (
	"os/exec"
	"syscall"
)

// newProcAttr puts a child in a process group of its own.
func newProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// killGroup signals the child's whole process group: SIGTERM, or SIGKILL
// when hard.
func killGroup(cmd *exec.Cmd, hard bool) {
	if cmd.Process == nil {
		return
	}
	sig := syscall.SIGTERM
	if hard {
		sig = syscall.SIGKILL
	}
	syscall.Kill(-cmd.Process.Pid, sig)
}
