package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Verify needs nothing of Env: no reporter, HTTP client or cache.
func TestVerifyEmptyEnv(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "sample", "deps.toml"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(context.Background(), deps.Env{}, cfg, filepath.Join("..", "..", "sample", "repos", "epel"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Packages == 0 {
		t.Errorf("verified %d packages in the sample's epel", rep.Packages)
	}
	// The sample's epel needs what its other repositories and the base hold.
	for _, p := range rep.Closure {
		t.Logf("unmet: %v", p)
	}
}

// With a cache, the verified repository's index is kept there by its
// primary's checksum and mapped on the next run: the same report, and a
// corrupt entry is rebuilt rather than trusted.
func TestVerifyCachedIndex(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "sample", "deps.toml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "..", "sample", "repos", "epel")
	want, err := Verify(context.Background(), deps.Env{}, cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	md, err := localRepomd(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	path, _ := store.Path(inputs.IndexBucket, verifyKey(md))
	for i, damage := range []bool{false, false, true, false} {
		if damage {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 0x41
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := Verify(context.Background(), deps.Env{Cache: store}, cfg, dir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("run %d (damaged cache entry: %v): %+v, want %+v", i, damage, got, want)
		}
		if _, err := repodata.MapIndex(path); err != nil {
			t.Errorf("run %d: cached index: %v", i, err)
		}
	}
}
