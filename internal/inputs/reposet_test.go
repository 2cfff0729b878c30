package inputs

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/resolve/repodata"
)

func rankedRepo(id string, priority, cost int, nevras ...string) *Repo {
	var pkgs []repodata.Package
	for _, n := range nevras {
		pkgs = append(pkgs, fixtures.Pkg(n, id, "P:python3dist(flask)"))
	}
	return &Repo{Info: deps.RepoInfo{ID: id}, Visible: repodata.NewIndex(pkgs), priority: priority, cost: cost}
}

// priority: a better (lower) priority hides packages of the same name in
// the others, whatever their version; other names stay. cost: among what
// is offered, the cheaper repository's packages first.
func TestRankedPriorityAndCost(t *testing.T) {
	for _, tc := range []struct {
		name  string
		repos Repos
		want  []string // repo/name-version
	}{
		{"equal priority, cost orders", Repos{
			rankedRepo("dear", 99, 2000, "python3-flask-3.0-1.noarch"),
			rankedRepo("cheap", 99, 100, "python3-flask-2.0-1.noarch"),
		}, []string{"cheap/python3-flask-2.0", "dear/python3-flask-3.0"}},
		{"better priority hides the name", Repos{
			rankedRepo("epel", 99, 1000, "python3-flask-3.0-1.noarch"),
			rankedRepo("internal", 10, 1000, "python3-flask-2.0-1.noarch"),
		}, []string{"internal/python3-flask-2.0"}},
		{"other names stay", Repos{
			rankedRepo("epel", 99, 1000, "python3-flask-3.0-1.noarch", "flask-compat-1.0-1.noarch"),
			rankedRepo("internal", 10, 1000, "python3-flask-2.0-1.noarch"),
		}, []string{"epel/flask-compat-1.0", "internal/python3-flask-2.0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range tc.repos.Visible().WhatProvides(repodata.Dep{Name: "python3dist(flask)"}) {
				got = append(got, p.Repo+"/"+p.Name+"-"+p.EVR.Version)
			}
			if tc.name == "other names stay" {
				slices.Sort(got)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// skip_if_unavailable: an unreachable repository is left out with a
// warning; without it the run fails.
func TestSkipIfUnavailable(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "up"), faultPkgs("p", 3), "gz")
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	env, w := faultEnv(t)
	cfg := testConfig(t, `
[[repo]]
name = "up"
baseurl = "`+srv.URL+`/up"

[[repo]]
name = "down"
baseurl = "`+srv.URL+`/status/500/down"
skip_if_unavailable = true
`)
	repos, err := LoadRepos(faultCtx(t), env, cfg, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	if len(repos) != 1 || repos[0].Info.ID != "up" {
		t.Errorf("repos %v, want only up", repos)
	}
	if msgs := w.All(); !strings.Contains(msgs, "repo down (") || !strings.Contains(msgs, "500") || !strings.Contains(msgs, "skipped (skip_if_unavailable)") {
		t.Errorf("warnings %q", msgs)
	}
	cfg.Repos[1].SkipIfUnavailable = false
	if _, err := LoadRepos(faultCtx(t), env, cfg, "x86_64"); err == nil || !strings.Contains(err.Error(), "500") {
		t.Errorf("err = %v, want the 500", err)
	}
}

// gpgcheck with a key file the host does not have: the metadata is read
// with a warning naming the key; a package needed from the repository is
// refused before any download, naming the repository and the key path.
// repo_gpgcheck cannot go on without the key.
func TestMissingGPGKey(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "r"), faultPkgs("p", 3), "gz")
	key := filepath.Join(root, "RPM-GPG-KEY-missing")
	env, w := faultEnv(t)
	cfg := testConfig(t, `
[[repo]]
name = "signed"
baseurl = "`+filepath.Join(root, "r")+`"
gpgcheck = true
gpgkey = "file://`+key+`"
`)
	repos, err := LoadRepos(faultCtx(t), env, cfg, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	if msgs := w.All(); !strings.Contains(msgs, "repo signed (") || !strings.Contains(msgs, key) {
		t.Errorf("warnings %q do not name the repository and %s", msgs, key)
	}
	need := repos[0].Visible.Packages()[:1]
	err = CheckKeys(repos, need)
	if err == nil || !strings.Contains(err.Error(), "repo signed") || !strings.Contains(err.Error(), key) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CheckKeys: %v; want an error naming repo signed and %s", err, key)
	}
	if err := CheckKeys(repos, nil); err != nil {
		t.Errorf("nothing needed: %v", err)
	}
	cfg.Repos[0].RepoGPGCheck = true
	if _, err := LoadRepos(faultCtx(t), env, cfg, "x86_64"); err == nil || !strings.Contains(err.Error(), key) {
		t.Errorf("repo_gpgcheck: err = %v, want the key named", err)
	}
}

// testConfig parses a deps.toml written in dir t.TempDir().
func testConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "deps.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// includepkgs and excludepkgs of [[repo]] filter as a .repo file's do.
func TestRepoIncludeExcludeTOML(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "r"), faultPkgs("p", 4), "gz")
	env, _ := faultEnv(t)
	cfg := testConfig(t, `
[[repo]]
name = "r"
baseurl = "`+filepath.Join(root, "r")+`"
includepkgs = ["p-0", "p-1", "p-2"]
excludepkgs = ["p-2"]
`)
	repos, err := LoadRepos(faultCtx(t), env, cfg, "x86_64")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range repos[0].Visible.Packages() {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"p-0", "p-1"}) {
		t.Errorf("packages %q, want p-0 p-1", names)
	}
}
