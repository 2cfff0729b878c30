package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/internal/testenv/warnings"
	"github.com/deps-rpm/deps/resolve"
)

// A gpgcheck repository whose key file this machine does not have: the
// repositories load (audit and plan go on, with a warning), and the fetch
// stage of a sync refuses the package it needs from it before downloading
// anything, naming the repository and the key's path.
func TestFetchMissingGPGKey(t *testing.T) {
	testenv.RequireTool(t, "createrepo_c")
	ctx := t.Context()
	dir := t.TempDir()
	name := "python3-babel-2.9.1-2.el9.noarch.rpm"
	data, err := os.ReadFile(filepath.Join("..", "..", "sample", "repos", "appstream", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("createrepo_c", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("createrepo_c: %v\n%s", err, out)
	}
	key := filepath.Join(dir, "RPM-GPG-KEY-absent")
	cfg := &config.Config{Dir: dir, Repos: []config.RepoConfig{{Name: "signed", BaseURL: dir, GPGCheck: true, GPGKey: "file://" + key}}}
	env := testEnv(t)
	w := &warnings.Warnings{}
	env.Reporter = w
	repos, err := inputs.LoadRepos(ctx, env, cfg, "x86_64")
	if err != nil {
		t.Fatalf("a missing gpgkey stopped the metadata: %v", err)
	}
	if !strings.Contains(w.All(), key) {
		t.Errorf("warnings %q do not name %s", w.All(), key)
	}
	pkg := repos[0].Visible.Packages()[0]
	in := &inputs.Inputs{Repos: repos}
	planned := &Planned{plan: &resolve.Plan{Projects: []resolve.PlannedProject{{Name: "babel", Source: resolve.SourceRepo, Package: pkg}}}}
	_, err = fetch(ctx, env, in, planned, &Built{})
	if err == nil || !strings.Contains(err.Error(), "repo signed") || !strings.Contains(err.Error(), key) {
		t.Fatalf("fetch: %v; want an error naming repo signed and %s", err, key)
	}
	if ents, _ := os.ReadDir(filepath.Join(env.Cache.Dir, "rpms-v1")); len(ents) != 0 {
		t.Errorf("%d files downloaded before the refusal", len(ents))
	}
}
