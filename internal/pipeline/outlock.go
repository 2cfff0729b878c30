package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
)

// outLockName is the lock file a sync or build holds in its output
// directory for as long as it writes there.
const outLockName = ".deps.lock"

// outLockPoll is how often lockOut retries a held lock.
const outLockPoll = 50 * time.Millisecond

// claimOut takes the output directory for this run (see lockOut) and
// removes what a killed run left in its build area.
func claimOut(ctx context.Context, dir, buildDir string, rep deps.Reporter) (unlock func(), err error) {
	if unlock, err = lockOut(ctx, dir, rep); err != nil {
		return nil, err
	}
	if err := removeBuildTemps(buildDir); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// lockOut takes the exclusive lock on the output directory dir, creating
// it, and returns the function that releases it. While another deps
// process holds it, it says so once through rep and waits until that one
// is done or ctx ends. The lock is a flock(2) lock, released by the kernel
// when its holder dies, so a killed run leaves no lock behind.
func lockOut(ctx context.Context, dir string, rep deps.Reporter) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return cache.LockFile(ctx, filepath.Join(dir, outLockName), outLockPoll,
		func() { rep.Info("waiting for another deps on " + dir) })
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
