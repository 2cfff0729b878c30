package cache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// lockPoll is how often Lock retries a held lock.
const lockPoll = 20 * time.Millisecond

// Lock takes the exclusive lock called name (a key-like string, e.g.
// "repo-fedora") and returns the function that releases it. It waits while
// another process or goroutine holds it, polling until ctx is done. Locks
// are flock(2) locks on files in Dir/locks-v1/, so they are released by the
// kernel when a process dies; the files themselves are never removed.
func (s *Store) Lock(ctx context.Context, name string) (unlock func(), err error) {
	if err := ValidKey(name); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	dir := filepath.Join(s.Dir, "locks-v1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	return LockFile(ctx, filepath.Join(dir, name+".lock"), lockPoll, nil)
}

// LockFile takes an exclusive flock(2) lock on the file at path (created
// when missing, never removed) and returns the function that releases it.
// While another process or goroutine holds it, it calls waiting once (when
// not nil) and polls every poll until ctx is done. The kernel releases the
// lock when its holder dies, so a killed run leaves no lock behind.
func LockFile(ctx context.Context, path string, poll time.Duration, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	fd := int(f.Fd())
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if waiting != nil {
			waiting()
			waiting = nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, context.Cause(ctx))
		case <-t.C:
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			syscall.Flock(fd, syscall.LOCK_UN)
			f.Close()
		})
	}, nil
}
