package inputs

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/internal/testenv/warnings"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// A file requirement that primary cannot answer is looked up in filelists,
// read on demand and cached: on CentOS Stream 9 BaseOS /usr/share/dict/words
// is words' (dnf repoquery --whatprovides says the same), listed in
// filelists only. The AppStream copy's filelists is a stub whose
// open-checksum does not match repomd.xml, but its checksum does: as dnf
// does, the checksum of the stored file is what is checked (the open one
// would prove nothing more), so the stub reads as an empty file list and the
// path stays unprovided. --offline reads the cached filelists, asking the
// mirror nothing.
func TestFilelistsOnDemand(t *testing.T) {
	store, err := cache.Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	srv := fixtures.NewRepoServer(testenv.RefData(t, "repos"))
	defer srv.Close()
	cfg := &config.Config{Repos: []config.RepoConfig{
		{Name: "baseos", BaseURL: srv.URL + "/cs9-baseos-2022/"},
		{Name: "appstream", BaseURL: srv.URL + "/cs9-appstream/"},
	}}
	words := repodata.Dep{Name: "/usr/share/dict/words"}
	for _, run := range []string{"first", "second", "offline"} {
		w := &warnings.Warnings{}
		env := deps.Env{HTTP: http.DefaultClient, Cache: store, Reporter: w, Offline: run == "offline"}
		repos, err := LoadRepos(t.Context(), env, cfg, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(snapshot(t, store, FilelistsBucket)); run == "first" && n != 0 {
			t.Fatalf("filelists read before a file requirement asked for them (%d cached)", n)
		}
		before := srv.Requests.Load()
		got := repos.Visible().WhatProvides(words)
		if len(got) != 1 || got[0].Name != "words" || got[0].Repo != "baseos" {
			t.Fatalf("%s run: %s provided by %v, want words (baseos)", run, words.Name, got)
		}
		// Both are read once; after that they come from the cache.
		wantAsked := map[string]int64{"first": 2, "second": 0, "offline": 0}[run]
		if asked := srv.Requests.Load() - before; asked != wantAsked {
			t.Errorf("%s run: %d requests for filelists, want %d", run, asked, wantAsked)
		}
		if got := repos.Visible().WhatProvides(repodata.Dep{Name: "/usr/bin/bash"}); len(got) != 1 || got[0].Name != "bash" {
			t.Errorf("/usr/bin/bash (primary): %v", got)
		}
		want := "repo appstream: filelists not read"
		if n := w.Count(want); n != 0 {
			t.Errorf("%s run: %d warnings %q, want none:\n%s", run, n, want, w.All())
		}
		if n := len(snapshot(t, store, FilelistsBucket)); n != 2 {
			t.Errorf("%s run: %d filelists cached, want both", run, n)
		}
	}
}
