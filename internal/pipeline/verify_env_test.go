package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"
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
