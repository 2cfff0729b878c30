package repodata

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

const tinySpec = `Name: tiny-tool
Version: 1.2~rc1
Release: 3%{?dist}
Epoch: 2
Summary: A tiny <test> & package
License: MIT
BuildArch: noarch
Provides: python3dist(tiny-tool) = 1.2~rc1
Requires: (python3dist(requests) >= 2 with python3dist(requests) < 3)
Requires(pre): /bin/sh
Conflicts: old-tiny < 1
Obsoletes: tiny-legacy <= 0.9
%description
Tiny.
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/tiny
echo '#!/bin/sh' > %{buildroot}/usr/bin/tiny
%files
/usr/bin/tiny
%dir /etc/tiny
`

// TestLoadRepoCreaterepo builds a real RPM, indexes it with createrepo_c
// (xz metadata: this createrepo_c lacks zstd), serves it over HTTP and reads it back.
func TestLoadRepoCreaterepo(t *testing.T) {
	rpmbuild := testenv.RequireTool(t, "rpmbuild")
	createrepo := testenv.RequireTool(t, "createrepo_c")
	ctx := context.Background()
	top, repoDir := t.TempDir(), t.TempDir()
	spec := filepath.Join(top, "tiny.spec")
	if err := os.WriteFile(spec, []byte(tinySpec), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) {
		t.Helper()
		if out, err := exec.CommandContext(ctx, name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	run(rpmbuild, "-bb", "--define", "_topdir "+top, "--define", "dist .el9", "--define", "_rpmdir "+repoDir, spec)
	run(createrepo, "--compress-type=xz", repoDir)

	srv := httptest.NewServer(http.FileServer(http.Dir(repoDir)))
	defer srv.Close()
	repo, err := LoadRepo(ctx, srv.Client(), "tiny", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Packages) != 1 {
		t.Fatalf("%d packages", len(repo.Packages))
	}
	p := repo.Packages[0]
	rpmFile, err := os.ReadFile(filepath.Join(repoDir, p.Location))
	if err != nil {
		t.Fatal(err)
	}
	want := Package{
		Name: "tiny-tool", Arch: "noarch", EVR: EVR{"2", "1.2~rc1", "3.el9"}, Repo: "tiny",
		Location: "noarch/tiny-tool-1.2~rc1-3.el9.noarch.rpm", Checksum: Checksum{"sha256", digest(sha256.New(), rpmFile)},
		Size: int64(len(rpmFile)), SourceRPM: "tiny-tool-1.2~rc1-3.el9.src.rpm", Summary: "A tiny <test> & package",
	}
	got := p
	got.Provides, got.Requires, got.Conflicts, got.Obsoletes, got.Files = nil, nil, nil, nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("package\n got %+v\nwant %+v", got, want)
	}
	has := func(list []Dep, d Dep) bool {
		for _, x := range list {
			if x == d {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		list []Dep
		dep  Dep
	}{
		{p.Provides, Dep{Name: "python3dist(tiny-tool)", Flags: FlagEQ, EVR: EVR{"0", "1.2~rc1", ""}}},
		{p.Provides, Dep{Name: "tiny-tool", Flags: FlagEQ, EVR: EVR{"2", "1.2~rc1", "3.el9"}}},
		{p.Requires, Dep{Name: "(python3dist(requests) >= 2 with python3dist(requests) < 3)"}},
		{p.Requires, Dep{Name: "/bin/sh", Pre: true}},
		{p.Conflicts, Dep{Name: "old-tiny", Flags: FlagLT, EVR: EVR{"0", "1", ""}}},
		{p.Obsoletes, Dep{Name: "tiny-legacy", Flags: FlagLE, EVR: EVR{"0", "0.9", ""}}},
	} {
		if !has(c.list, c.dep) {
			t.Errorf("missing %+v in %+v", c.dep, c.list)
		}
	}
	if len(p.Files) != 2 || p.Files[0] != "/etc/tiny" || p.Files[1] != "/usr/bin/tiny" {
		t.Errorf("files %q", p.Files)
	}
}
