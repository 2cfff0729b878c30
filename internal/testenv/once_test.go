package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestRunOnce(t *testing.T) {
	key := fmt.Sprintf("oncetest%d", os.Getpid())
	calls := 0
	boom := errors.New("boom")
	if _, err := RunOnce(key, func(string) error { calls++; return boom }); !errors.Is(err, boom) {
		t.Fatalf("failed build: error %v", err)
	}
	dir, err := RunOnce(key, func(dir string) error { calls++; return os.WriteFile(filepath.Join(dir, "made"), nil, 0o644) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir); os.Remove(dir + ".lock") })
	again, err := RunOnce(key, func(string) error { calls++; return nil })
	if err != nil || again != dir || calls != 2 {
		t.Errorf("second RunOnce: %q %v, %d builds; want %q, 2 builds (a failure, then one)", again, err, calls, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "made")); err != nil {
		t.Error(err)
	}
}
