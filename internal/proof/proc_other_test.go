//go:build !unix

package proof

import (
	"os/exec"
	"syscall"
)

// Without process groups only the child itself can be stopped.
func newProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(cmd *exec.Cmd, hard bool) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}
