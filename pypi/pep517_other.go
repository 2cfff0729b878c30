//go:build !unix

package pypi

import (
	"os/exec"
	"time"
)

// killGroup only bounds the wait for the process's output on systems
// without process groups.
func killGroup(cmd *exec.Cmd) { cmd.WaitDelay = 5 * time.Second }
