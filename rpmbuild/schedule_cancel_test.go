package rpmbuild

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

// TestScheduleCancel cancels while a build sleeps: the build's processes
// die, Schedule returns promptly with ctx's error, and OutDir holds no RPM
// of it and no temporary directory.
func TestScheduleCancel(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	pidFile := filepath.Join(t.TempDir(), "pid")
	slow := testPkg{name: "slow", build: fmt.Sprintf("sleep 30 &\necho $! > %s\nwait", pidFile)}.job()
	after := testPkg{name: "after"}.job("slow")
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	type ret struct {
		results []Result
		err     error
	}
	done := make(chan ret, 1)
	go func() {
		r, err := Schedule(ctx, []Job{slow, after}, Options{Builder: hostBuilder(), OutDir: out, KeepGoing: true})
		done <- ret{r, err}
	}()
	pid := waitPID(t, pidFile, 20*time.Second)
	cancel()
	var got ret
	select {
	case got = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Schedule did not return within 10s of the cancellation")
	}
	if !errors.Is(got.err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", got.err)
	}
	if got.results[0].Err == nil || len(got.results[0].RPMs) != 0 {
		t.Errorf("slow: %+v", got.results[0])
	}
	if got.results[1].Skipped == "" {
		t.Errorf("after: %+v, want skipped", got.results[1])
	}
	if alive(pid, 3*time.Second) {
		t.Errorf("the build's sleep (pid %d) is still running", pid)
		syscall.Kill(pid, syscall.SIGKILL)
	}
	var left []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && (!d.IsDir() || d.Name() == "tmp") {
			left = append(left, p)
		}
		return nil
	})
	if len(left) != 0 {
		t.Errorf("left in OutDir after cancellation: %v", left)
	}
}

// waitPID waits for the build to write its sleeper's pid.
func waitPID(t *testing.T, file string, limit time.Duration) int {
	t.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		data, err := os.ReadFile(file)
		if err != nil || !strings.HasSuffix(string(data), "\n") {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}
	t.Fatal("the slow build never started")
	return 0
}

// alive reports whether pid is still a live (not zombie) process after
// waiting up to limit for it to go.
func alive(pid int, limit time.Duration) bool {
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return false
		}
		if f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:])); len(f) > 0 && f[0] == "Z" {
			return false
		}
	}
	return true
}
