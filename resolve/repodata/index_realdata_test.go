package repodata

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

func loadRealPrimary(t *testing.T, repo string) []Package {
	t.Helper()
	m, err := filepath.Glob(testenv.RefData(t, "repos", repo, "repodata", "*-primary.xml.gz"))
	if err != nil || len(m) != 1 {
		t.Fatalf("%s primary: %v %v", repo, m, err)
	}
	f, err := os.Open(m[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := ParsePrimary(z, repo)
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// TestIndexRealData indexes CentOS Stream 9 BaseOS + AppStream, reloads the
// image and checks that their Requires (rich ones included) resolve.
func TestIndexRealData(t *testing.T) {
	if testing.Short() {
		t.Skip("parses two real primaries")
	}
	pkgs := append(loadRealPrimary(t, "cs9-baseos-2022"), loadRealPrimary(t, "cs9-appstream")...)
	start := time.Now()
	data, _ := NewIndex(pkgs).MarshalBinary()
	built := time.Since(start)
	start = time.Now()
	ix, err := UnmarshalIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d packages: built in %v, image %d bytes, loaded in %v", len(pkgs), built, len(data), time.Since(start))

	total, missing, rich := 0, 0, 0
	for i := 0; i < ix.Len(); i++ {
		for _, r := range ix.Package(i).Requires {
			total++
			if r.IsRich() {
				rich++
			}
			if !ix.Satisfied(r) {
				missing++
			}
		}
	}
	t.Logf("%d requires (%d rich), %d unsatisfied", total, rich, missing)
	// The BaseOS snapshot is a small 2022 one (1,125 packages) while
	// AppStream is newer: about 1.9% of requires (4,036: libldap, versioned
	// libuuid = 2.37.4, samba private libs...) truly dangle; dnf agrees.
	if total < 200000 || rich < 700 || missing > total*25/1000 {
		t.Errorf("%d of %d requires unsatisfied", missing, total)
	}
	for _, c := range []struct {
		dep  string
		want string
	}{
		{"/bin/sh", "bash"},
		{"/usr/bin/python3", "python3"},
		{"python3dist(requests) >= 2", "python3-requests"},
		{"python(abi) = 3.9", "python3"},
	} {
		d, _ := ParseDep(c.dep)
		ps := ix.WhatProvides(d)
		found := false
		for _, p := range ps {
			found = found || p.Name == c.want
		}
		if !found {
			t.Errorf("WhatProvides(%s) = %v, want %s among them", c.dep, names(ps), c.want)
		}
	}
}
