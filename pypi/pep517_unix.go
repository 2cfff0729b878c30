//go:build unix

package pypi

import (
	"os/exec"
	"syscall"
	"time"
)

// killGroup runs cmd in its own process group and kills the whole group on
// cancellation, so a setup.py's children cannot outlive the timeout.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
}
