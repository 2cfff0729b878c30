package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv/warnings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// F11: the cache's file system fills up. Caching the index fails with a
// clear warning, the audit still answers, nothing half-written is left,
// and what the cache held before stays readable.
func TestFaultCacheNoSpace(t *testing.T) {
	if os.Geteuid() != 0 {
		testenv.Unavailable(t, "mounting a size-limited tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	store, err := cache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Put("index-v1", "earlier", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	rec := &warnings.Warnings{}
	repo := testenv.RefData(t, "repos", "cs9-baseos-2022") // a ~1 MB index: more than fits
	reqs := filepath.Join(t.TempDir(), "requirements.txt")
	if err := os.WriteFile(reqs, []byte("pyyaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{App: config.AppConfig{Requirements: []string{reqs}}, Repos: []config.RepoConfig{{Name: "bo", BaseURL: repo}}}
	report, err := Audit(t.Context(), deps.Env{Cache: store, Reporter: rec}, cfg, AuditOptions{NoTransitive: true})
	if err != nil {
		t.Fatalf("a full cache must not fail the audit: %v", err)
	}
	if report.Requirements[0].Status != "satisfied" {
		t.Errorf("pyyaml: %s", report.Requirements[0].Status)
	}
	if !strings.Contains(rec.All(), "no space left on device") {
		t.Errorf("warnings %q: want one saying the device is full", rec.All())
	}
	if data, ok, err := store.Get("index-v1", "earlier"); err != nil || !ok || string(data) != "kept" {
		t.Errorf("earlier entry: %q %v %v", data, ok, err)
	}
	// Whatever the cache holds is whole: no temporary file, and every
	// index entry (the small hidden-packages one may fit) loads.
	entries, _ := os.ReadDir(filepath.Join(dir, "index-v1"))
	for _, e := range entries {
		switch {
		case e.Name() == "earlier":
		case strings.HasPrefix(e.Name(), "."):
			t.Errorf("temporary file left after ENOSPC: %s", e.Name())
		default:
			data, _, err := store.Get("index-v1", e.Name())
			if _, uerr := repodata.UnmarshalIndex(data); err != nil || uerr != nil {
				t.Errorf("%s: a broken entry after ENOSPC: %v %v", e.Name(), err, uerr)
			}
		}
	}
}
