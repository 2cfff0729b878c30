package deps

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// outLockName is the lock file a sync or build holds in its output
// directory for as long as it writes there.
const outLockName = ".deps.lock"

// outLockPoll is how often lockOut retries a held lock.
const outLockPoll = 50 * time.Millisecond

// lockOut takes the exclusive lock on the output directory dir, creating
// it, and returns the function that releases it. While another deps
// process holds it, it says so once through rep and waits until that one
// is done or ctx ends. The lock is a flock(2) lock, released by the kernel
// when its holder dies, so a killed run leaves no lock behind.
// claimOut takes the output directory for this run (see lockOut) and
// removes what a killed run left in its build area.
func claimOut(ctx context.Context, dir, buildDir string, rep Reporter) (unlock func(), err error) {
	if unlock, err = lockOut(ctx, dir, rep); err != nil {
		return nil, err
	}
	if err := removeBuildTemps(buildDir); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

func lockOut(ctx context.Context, dir string, rep Reporter) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, outLockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	fd := int(f.Fd())
	t := time.NewTicker(outLockPoll)
	defer t.Stop()
	for said := false; ; {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
		if !said {
			rep.Info("waiting for another deps on " + dir)
			said = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dir, context.Cause(ctx))
		case <-t.C:
		}
	}
	return func() {
		syscall.Flock(fd, syscall.LOCK_UN)
		f.Close()
	}, nil
}

// removeBuildTemps deletes what killed builds left in buildDir's work
// area. Only call it holding buildDir's output lock: then no build of
// ours is running there.
func removeBuildTemps(buildDir string) error {
	tmp := filepath.Join(buildDir, ".deps-build", "tmp")
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("remove stale build directories: %w", err)
	}
	return nil
}
