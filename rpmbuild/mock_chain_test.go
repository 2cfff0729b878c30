package rpmbuild

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// fakeMock is a mock on PATH for tests: it appends its command line to
// $FAKE_MOCK_LOG; for --rebuild it refuses, as dnf builddep in the chroot
// would, an SRPM whose BuildRequires no --addrepo repository's primary
// metadata lists, then rebuilds it with rpmbuild into --resultdir.
const fakeMock = `#!/bin/sh
echo "$*" >> "$FAKE_MOCK_LOG"
srpm= result= repos=
while [ $# -gt 0 ]; do
	case "$1" in
	--rebuild) srpm=$2; shift ;;
	--resultdir) result=$2; shift ;;
	--addrepo) repos="$repos ${2#file://}"; shift ;;
	-r|--enablerepo|--uniqueext) shift ;;
	esac
	shift
done
[ -n "$srpm" ] || exit 0
for req in $(rpm -qp --requires "$srpm" | grep -v '^rpmlib(' | sed 's/ .*//'); do
	found=
	for r in $repos; do
		zcat "$r"/repodata/*-primary.xml.gz 2>/dev/null | grep -qF "name=\"$req\"" && found=1
	done
	[ -n "$found" ] || { echo "No matching package to install: '$req'"; exit 30; }
done
top=$(mktemp -d)
rpmbuild --rebuild --nodeps --define "_topdir $top" "$srpm" || exit 1
cp "$top"/RPMS/*/*.rpm "$srpm" "$result"/ && rm -rf "$top"
`

// buildRequires adds BuildRequires on python3dist(NAME) of each of needs.
func buildRequires(j Job, needs ...string) Job {
	var lines string
	for _, n := range needs {
		lines += "BuildRequires: python3dist(" + n + ")\n"
	}
	s := *j.Spec
	s.Text = []byte(strings.Replace(string(s.Text), "BuildArch: noarch\n", "BuildArch: noarch\n"+lines, 1))
	j.Spec = &s
	return j
}

// Mock chained through the run's results: a diamond built three at a time
// by a fake mock that refuses an SRPM whose build requirements are in no
// added repository. d builds, so b and c were indexed in the chain
// repository as soon as they were built; mock --init ran once for the
// chroot, before any build; every build had a root of its own and the
// profile's extra repository.
func TestMockChained(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "mock"), []byte(fakeMock), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	logPath := filepath.Join(t.TempDir(), "mock.log")
	t.Setenv("FAKE_MOCK_LOG", logPath)
	out := t.TempDir()
	chain := filepath.Join(out, "mock-chain", "alma+epel-9-x86_64")
	m := Mock{Chroot: "alma+epel-9-x86_64", ChainRepo: chain, EnableRepos: []string{"crb"}, Shared: &MockShared{}, SRPM: RPMBuild{NoDeps: true}}
	jobs := []Job{
		testPkg{name: "a"}.job(),
		buildRequires(testPkg{name: "b"}.job("a"), "a"),
		buildRequires(testPkg{name: "c"}.job("a"), "a"),
		buildRequires(testPkg{name: "d"}.job("b", "c"), "b", "c"),
		testPkg{name: "e"}.job(),
	}
	results, err := Schedule(context.Background(), jobs, Options{Jobs: 3, Builder: m, OutDir: out, KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if len(r.RPMs) != 1 {
			t.Errorf("%s: RPMs %v", r.Name, r.RPMs)
		}
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 6 || lines[0] != "-r alma+epel-9-x86_64 --init" {
		t.Fatalf("mock ran %d times, want --init first and once, then 5 builds:\n%s", len(lines), data)
	}
	var roots []string
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if !strings.Contains(l, " --addrepo file://"+chain+" ") || !strings.Contains(l, " --enablerepo crb") || strings.Contains(l, "--init") {
			t.Errorf("build without the chain repository or crb: %s", l)
		}
		if i := slices.Index(f, "--uniqueext"); i < 0 || i+1 >= len(f) {
			t.Errorf("build without a root of its own: %s", l)
		} else {
			roots = append(roots, f[i+1])
		}
	}
	slices.Sort(roots)
	if len(slices.Compact(roots)) != 5 {
		t.Errorf("roots %v: want one per build", roots)
	}
	primaries, _ := filepath.Glob(filepath.Join(chain, "repodata", "*primary.xml.gz"))
	if len(primaries) != 1 {
		t.Fatalf("chain repository index: %v", primaries)
	}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		if _, err := os.Stat(filepath.Join(chain, n, "python3-"+n+"-1.0-1.noarch.rpm")); err != nil {
			t.Errorf("%s is not in the chain repository: %v", n, err)
		}
	}
}
