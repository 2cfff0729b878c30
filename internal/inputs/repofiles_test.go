package inputs

import (
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/internal/testenv/warnings"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// A file requirement that primary cannot answer is looked up in filelists,
// read on demand and cached: on CentOS Stream 9 BaseOS /usr/share/dict/words
// is words' (dnf repoquery --whatprovides says the same), listed in
// filelists only. The AppStream copy's filelists is a stub whose checksum
// does not match repomd.xml: said once, and the path stays unprovided.
func TestFilelistsOnDemand(t *testing.T) {
	store, err := cache.Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Repos: []config.RepoConfig{
		{Name: "baseos", BaseURL: "file://" + testenv.RefData(t, "repos", "cs9-baseos-2022")},
		{Name: "appstream", BaseURL: "file://" + testenv.RefData(t, "repos", "cs9-appstream")},
	}}
	words := repodata.Dep{Name: "/usr/share/dict/words"}
	for run := range 2 {
		w := &warnings.Warnings{}
		env := deps.Env{Cache: store, Reporter: w}
		repos, err := LoadRepos(t.Context(), env, cfg, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		if n := len(snapshot(t, store, FilelistsBucket)); run == 0 && n != 0 {
			t.Fatalf("filelists read before a file requirement asked for them (%d cached)", n)
		}
		got := repos.Visible().WhatProvides(words)
		if len(got) != 1 || got[0].Name != "words" || got[0].Repo != "baseos" {
			t.Fatalf("run %d: %s provided by %v, want words (baseos)", run, words.Name, got)
		}
		if got := repos.Visible().WhatProvides(repodata.Dep{Name: "/usr/bin/bash"}); len(got) != 1 || got[0].Name != "bash" {
			t.Errorf("/usr/bin/bash (primary): %v", got)
		}
		if n := w.Count("repo appstream: filelists not read"); n != 1 {
			t.Errorf("run %d: %d warnings for appstream's broken filelists, want 1:\n%s", run, n, w.All())
		}
		if n := len(snapshot(t, store, FilelistsBucket)); n != 1 {
			t.Errorf("run %d: %d filelists cached, want baseos's", run, n)
		}
	}
}
