package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// RunOnce returns a directory that build filled, building it at most once
// per go test run: the test binaries of one `go test ./...` are children
// of the same go process, and share through it one directory per key,
// which the first to ask fills while the others wait on a lock. A build
// that fails is tried again by the next caller. A test binary run by hand,
// not by go test, builds for itself.
//
// The directories live in the temporary directory, named after the go
// process (pid and start time); each run removes those of runs that ended.
func RunOnce(key string, build func(dir string) error) (string, error) {
	sweepOnce.Do(sweep)
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("deps-test-%s-%s", key, runID()))
	lock, err := os.OpenFile(dir+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("lock %s: %w", lock.Name(), err)
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	done := filepath.Join(dir, ".done")
	if _, err := os.Stat(done); err == nil {
		return dir, nil
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := build(dir); err != nil {
		return "", fmt.Errorf("%s: %w", key, err)
	}
	return dir, os.WriteFile(done, nil, 0o644)
}

var sweepOnce sync.Once

// runID names the go test run this binary belongs to: its parent when
// that is the go command, else the binary itself.
func runID() string {
	pid := os.Getppid()
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err != nil || filepath.Base(exe) != "go" {
		pid = os.Getpid()
	}
	return fmt.Sprintf("%d-%s", pid, startTime(pid))
}

// startTime is a process's start time in clock ticks since boot (field 22
// of /proc/PID/stat): with the pid, it names one process for good.
func startTime(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 20 {
		return ""
	}
	return fields[19]
}

// sweep removes the directories (and locks) of go test runs whose process
// is gone.
func sweep() {
	paths, _ := filepath.Glob(filepath.Join(os.TempDir(), "deps-test-*-*-*"))
	for _, p := range paths {
		f := strings.Split(strings.TrimSuffix(filepath.Base(p), ".lock"), "-")
		if len(f) < 4 {
			continue
		}
		pid, err := strconv.Atoi(f[len(f)-2])
		if err != nil || startTime(pid) == f[len(f)-1] {
			continue
		}
		os.RemoveAll(p)
	}
}
