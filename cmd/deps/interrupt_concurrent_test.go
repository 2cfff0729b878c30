package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// F10: two deps sync processes started together on the same cache and
// output directory. The second waits for the first (saying so) instead of
// writing beside it; both exit 0 with a closed repository, and the
// repository they leave passes deps verify. The output directory starts
// with the sample's packages built (seedSample): the first process
// downloads, copies and indexes while the second waits.
func TestSyncConcurrentSameOutput(t *testing.T) {
	t.Parallel() // mostly waiting on a throttled mirror: let the other tests run meanwhile
	bin := depsBinary(t)
	sample := sampleDir(t)
	srv := newThrottledRepos(t, filepath.Join(sample, "repos"))
	cfg := sampleConfig(t, sample, srv.URL)
	work := t.TempDir()
	out, cacheDir := filepath.Join(work, "out"), filepath.Join(work, "cache")
	seedSample(t, out)
	args := []string{"sync", "-c", cfg, "--profile", "host", "--out", out, "--cache-dir", cacheDir}
	env := []string{"HOME=" + filepath.Join(work, "home")}

	runs := []*depsRun{startDeps(t, bin, env, args...), startDeps(t, bin, env, args...)}
	waited := 0
	for i, r := range runs {
		if code := r.wait(t); code != 0 {
			t.Fatalf("deps %d exited %d; stdout:\n%s\nstderr:\n%s", i, code, r.stdout.String(), r.stderr())
		}
		if !strings.Contains(r.stdout.String(), "\nclosure: complete") {
			t.Errorf("deps %d: closure not complete:\n%s", i, r.stdout.String())
		}
		if strings.Contains(r.stderr(), "waiting for another deps on "+out) {
			waited++
		}
	}
	if waited != 1 {
		t.Errorf("%d processes said they waited for the other, want 1", waited)
	}
	checkUnlocked(t, out)
	checkCache(t, cacheDir, false)
	verify := exec.Command(bin, "verify", filepath.Join(out, "repo"), "-c", cfg, "--cache-dir", cacheDir)
	if b, err := verify.CombinedOutput(); err != nil || !strings.Contains(string(b), "closed (45 packages)") {
		t.Errorf("deps verify: %v\n%s", err, b)
	}
}
