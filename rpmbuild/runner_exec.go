package rpmbuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// tailLines is how much of a failed tool's output an error shows.
const tailLines = 20

// runTool runs argv in its own process group with its output going to log.
// When ctx ends, the whole group is killed (rpmbuild's shells and what they
// started die with it). A failure's error shows the output's last lines.
func runTool(ctx context.Context, argv, env []string, dir string, log io.Writer) error {
	tail := &tailWriter{max: tailLines}
	out := io.MultiWriter(log, tail)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stdout = out
	cmd.Stderr = out
	// Its own group, so a cancel kills everything the build started; and
	// killed with deps, so a SIGKILLed deps leaves no rpmbuild running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		// Killed on purpose: make sure nothing of the group is left.
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		return context.Cause(ctx)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		err = errors.New(ee.ProcessState.String())
	}
	if MissingDepsLog(tail.String()) {
		// What the build needs was in no repository: Schedule tries
		// again once another build has succeeded.
		err = fmt.Errorf("%w: %w", ErrMissingDeps, err)
	}
	if where := logName(log); where != "" {
		return fmt.Errorf("%w (log %s); last lines:\n%s", err, where, tail.String())
	}
	return fmt.Errorf("%w; last lines:\n%s", err, tail.String())
}

// MissingDepsLog tells, from the end of a build's log, a build whose
// build requirements could not be installed (rpmbuild's and dnf's words)
// from one that failed on its own.
func MissingDepsLog(log string) bool {
	return strings.Contains(log, "Failed build dependencies") ||
		strings.Contains(log, "No matching package to install") ||
		strings.Contains(log, "none of the providers can be installed")
}

// logName is the file name behind log, when it is a file.
func logName(log io.Writer) string {
	if f, ok := log.(interface{ Name() string }); ok {
		return f.Name()
	}
	return ""
}

// tailWriter keeps the last max lines written to it.
type tailWriter struct {
	mu    sync.Mutex
	max   int
	lines []string
	part  []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.part = append(t.part, p...)
	for {
		i := bytes.IndexByte(t.part, '\n')
		if i < 0 {
			break
		}
		t.lines = append(t.lines, string(t.part[:i]))
		t.part = t.part[i+1:]
		if len(t.lines) > t.max {
			t.lines = t.lines[len(t.lines)-t.max:]
		}
	}
	return len(p), nil
}

func (t *tailWriter) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := t.lines
	if len(t.part) > 0 {
		lines = append(lines[:len(lines):len(lines)], string(t.part))
		if len(lines) > t.max {
			lines = lines[len(lines)-t.max:]
		}
	}
	return "\t" + strings.Join(lines, "\n\t")
}

// linkOrCopy puts src at dst, by a hard link when both share a file system.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return out.Close()
}
