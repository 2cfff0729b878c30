package repodata_test

import (
	"slices"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/resolve/repodata"
)

func TestReadRPM(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	dir := t.TempDir()
	err := fixtures.BuildRPMs(t.Context(), dir, []fixtures.RPM{{
		Name: "python3-foo", Version: "1.2~rc1", Release: "3", Arch: "noarch",
		Provides: []string{"python3dist(foo) = 1.2~rc1"},
		Requires: []string{"python3dist(bar) >= 2", "(python3dist(baz) >= 1 with python3dist(baz) < 2)"},
		Files:    []string{"/usr/bin/foo"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := repodata.ReadRPM(dir+"/python3-foo-1.2~rc1-3.noarch.rpm", "out")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "python3-foo" || p.EVR.Version != "1.2~rc1" || p.EVR.Release != "3" || p.Arch != "noarch" || p.Repo != "out" {
		t.Errorf("header: %+v", p)
	}
	if len(p.Checksum.Value) != 64 || p.Size == 0 {
		t.Errorf("checksum %+v size %d", p.Checksum, p.Size)
	}
	ix := repodata.NewIndex([]repodata.Package{p})
	for _, d := range []string{"python3dist(foo) >= 1.2~rc1", "python3-foo = 1.2~rc1-3", "/usr/bin/foo"} {
		dep, _ := repodata.ParseDep(d)
		if len(ix.WhatProvides(dep)) != 1 {
			t.Errorf("%s: not provided by the package read back", d)
		}
	}
	var reqs []string
	for _, r := range p.Requires {
		reqs = append(reqs, r.String())
	}
	for _, want := range []string{"python3dist(bar) >= 2", "(python3dist(baz) >= 1 with python3dist(baz) < 2)"} {
		if !slices.Contains(reqs, want) {
			t.Errorf("requires %q lack %q", reqs, want)
		}
	}
}
