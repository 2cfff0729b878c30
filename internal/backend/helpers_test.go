package backend

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/rpmbuild"
)

// pkgJob is a job for a small noarch package NAME that provides cap(NAME)
// and BuildRequires cap(D) of each of needs; deps are the jobs the
// scheduler is told it waits for (usually needs).
func pkgJob(name string, needs, deps []string) rpmbuild.Job {
	var br strings.Builder
	for _, n := range needs {
		fmt.Fprintf(&br, "BuildRequires: cap(%s)\n", n)
	}
	text := fmt.Sprintf(`Name: %[1]s
Version: 1.0
Release: 1
Summary: test package %[1]s
License: MIT
BuildArch: noarch
Provides: cap(%[1]s) = 1.0
%[2]s
%%description
Test package %[1]s.

%%install
mkdir -p %%{buildroot}/usr/share/%[1]s
echo %[1]s > %%{buildroot}/usr/share/%[1]s/data

%%files
/usr/share/%[1]s/data
`, name, br.String())
	return rpmbuild.Job{Name: name, Spec: &rpmbuild.Spec{Name: name, Text: []byte(text)}, Deps: deps,
		Expect: rpmbuild.Expect{Name: name, Version: "1.0", Provides: []string{"cap(" + name + ") = 1.0"}}}
}

// coprRig is the double and a Copr executor for it.
type coprRig struct {
	double *fixtures.Copr
	exec   *Copr
	out    string
}

func newCoprRig(t testing.TB, opt fixtures.CoprOptions) *coprRig {
	t.Helper()
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	dir := t.TempDir()
	opt.Login, opt.Token = "me", "secret"
	d := fixtures.StartCopr(filepath.Join(dir, "copr"), opt)
	t.Cleanup(d.Close)
	return &coprRig{
		double: d,
		exec: &Copr{URL: d.URL, Owner: "me", Project: "test", Chroots: []string{"epel-9-x86_64"},
			Login: "me", Token: "secret", PollMin: 20 * time.Millisecond, PollMax: 100 * time.Millisecond},
		out: filepath.Join(dir, "out"),
	}
}

func (r *coprRig) remote() *Remote {
	return &Remote{Exec: r.exec, OutDir: r.out, SRPM: rpmbuild.RPMBuild{NoDeps: true}}
}

// schedule builds jobs on the double through rpmbuild.Schedule.
func (r *coprRig) schedule(t testing.TB, jobs []rpmbuild.Job, n int) ([]rpmbuild.Result, error) {
	t.Helper()
	return rpmbuild.Schedule(context.Background(), jobs, rpmbuild.Options{Jobs: n, Builder: r.remote(), OutDir: r.out, KeepGoing: true,
		Retry: rpmbuild.Retry{Backoff: 10 * time.Millisecond, MaxWait: 50 * time.Millisecond}})
}

// uploads counts the double's uploads per SRPM, and fails the test on one
// submitted before its build requirements were in the chroot.
func (r *coprRig) uploads(t testing.TB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, u := range r.double.Uploads() {
		out[u.SRPM]++
	}
	return out
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
