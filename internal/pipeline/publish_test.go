package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/resolve/repodata"
	"github.com/deps-rpm/deps/rpmbuild"
)

// publishFixture builds real RPMs for the publish tests: app requires lib;
// lib 2 replaces lib 1 in a later publish.
func publishFixture(t *testing.T) map[string]string {
	t.Helper()
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	dir := t.TempDir()
	err := fixtures.BuildRPMs(t.Context(), dir, []fixtures.RPM{
		{Name: "app", Version: "1", Release: "1", Requires: []string{"lib"}, Files: []string{"/opt/app/a"}},
		{Name: "lib", Version: "1", Release: "1", Files: []string{"/opt/lib/one"}},
		{Name: "lib", Version: "2", Release: "1", Files: []string{"/opt/lib/two"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"app":  filepath.Join(dir, "app-1-1.noarch.rpm"),
		"lib1": filepath.Join(dir, "lib-1-1.noarch.rpm"),
		"lib2": filepath.Join(dir, "lib-2-1.noarch.rpm"),
	}
}

func results(rpms ...string) []deps.BuildResult {
	var r []deps.BuildResult
	for _, p := range rpms {
		r = append(r, deps.BuildResult{RPMs: []string{p}})
	}
	return r
}

// checkInstallable fails unless every package repo's metadata lists is
// there with the size and checksum listed (what dnf checks before
// installing), and the listed packages are exactly want.
func checkInstallable(t *testing.T, repo string, want ...string) {
	t.Helper()
	r, err := repodata.LoadRepo(t.Context(), nil, "out", repo)
	if err != nil {
		t.Fatalf("repository %s unreadable: %v", repo, err)
	}
	var got []string
	for _, p := range r.Packages {
		got = append(got, p.Location)
		data, err := os.ReadFile(filepath.Join(repo, p.Location))
		if err != nil {
			t.Fatalf("metadata names %s: %v", p.Location, err)
		}
		sum := sha256.Sum256(data)
		if p.Checksum.Value != hex.EncodeToString(sum[:]) || int64(len(data)) != p.Size {
			t.Fatalf("%s does not match its metadata", p.Location)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("indexed %v, want %v", got, want)
	}
}

// TestPublishKeepsUserFiles: deps deletes only what it wrote (issue 13: a
// user's repo/sub/precious.rpm and repo/mine.rpm survive, unindexed), and
// what it publishes are copies, not links to the build's or cache's files.
func TestPublishKeepsUserFiles(t *testing.T) {
	rpms := publishFixture(t)
	repo := filepath.Join(t.TempDir(), "repo")
	precious := filepath.Join(repo, "sub", "precious.rpm")
	mine := filepath.Join(repo, "mine.rpm")
	for _, f := range []string{precious, mine} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("the user's own "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, prof := t.Context(), rpmbuild.Profile{}
	for i, set := range [][]string{{rpms["app"], rpms["lib1"]}, {rpms["app"], rpms["lib2"]}, {rpms["app"], rpms["lib2"]}} {
		rewrote, n, err := layOut(ctx, repo, results(set...), nil, prof, "")
		if err != nil {
			t.Fatal(err)
		}
		if want := i < 2; rewrote != want || n != 2 {
			t.Fatalf("publish %d: rewrote %v (want %v), %d packages", i, rewrote, want, n)
		}
		checkInstallable(t, repo, filepath.Base(set[0]), filepath.Base(set[1]))
		for _, f := range []string{precious, mine} {
			if data, err := os.ReadFile(f); err != nil || string(data) != "the user's own "+f {
				t.Fatalf("publish %d: the user's %s: %q, %v", i, f, data, err)
			}
		}
		for _, src := range set {
			a, _ := os.Stat(src)
			b, err := os.Stat(filepath.Join(repo, filepath.Base(src)))
			if err != nil || os.SameFile(a, b) {
				t.Fatalf("publish %d: %s is a link to its source (or missing: %v)", i, filepath.Base(src), err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(repo, "lib-1-1.noarch.rpm")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("deps' own lib-1 left behind: %v", err)
	}
	// The user's file where deps would write its own: refused, kept.
	if err := os.WriteFile(filepath.Join(repo, "lib-1-1.noarch.rpm"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := layOut(ctx, repo, results(rpms["app"], rpms["lib1"]), nil, prof, ""); err == nil {
		t.Fatal("publishing over the user's lib-1-1.noarch.rpm: no error")
	}
	if data, _ := os.ReadFile(filepath.Join(repo, "lib-1-1.noarch.rpm")); string(data) != "mine" {
		t.Fatalf("the user's lib-1-1.noarch.rpm was replaced")
	}
	checkInstallable(t, repo, "app-1-1.noarch.rpm", "lib-2-1.noarch.rpm")
}

// TestPublishKilledAtEachStep: a publish stopped before any of its steps
// (as a kill would stop it) leaves the previous repository whole, and the
// next run completes; dnf installs from the result.
func TestPublishKilledAtEachStep(t *testing.T) {
	rpms := publishFixture(t)
	repo := filepath.Join(t.TempDir(), "repo")
	ctx, prof := t.Context(), rpmbuild.Profile{}
	old, next := results(rpms["app"], rpms["lib1"]), results(rpms["app"], rpms["lib2"])
	if _, _, err := layOut(ctx, repo, old, nil, prof, ""); err != nil {
		t.Fatal(err)
	}
	killed := errors.New("killed")
	defer func() { publishStep = nil }()
	for _, at := range []string{"stage", "createrepo", "sign", "manifest", "swap", "remove old"} {
		publishStep = func(s string) error {
			if s == at {
				return killed
			}
			return nil
		}
		_, _, err := layOut(ctx, repo, next, nil, prof, "")
		if !errors.Is(err, killed) {
			t.Fatalf("stopped before %s: %v", at, err)
		}
		if at == "remove old" { // swapped in already
			checkInstallable(t, repo, "app-1-1.noarch.rpm", "lib-2-1.noarch.rpm")
		} else {
			checkInstallable(t, repo, "app-1-1.noarch.rpm", "lib-1-1.noarch.rpm")
		}
		publishStep = nil
		if _, _, err := layOut(ctx, repo, old, nil, prof, ""); err != nil {
			t.Fatalf("the run after a kill before %s: %v", at, err)
		}
		checkInstallable(t, repo, "app-1-1.noarch.rpm", "lib-1-1.noarch.rpm")
	}
	// The fallback swap for file systems that cannot exchange, killed
	// between its two renames: the next run puts the repository back.
	if err := os.Rename(repo, repo+".deps-old"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := layOut(ctx, repo, next, nil, prof, ""); err != nil {
		t.Fatal(err)
	}
	checkInstallable(t, repo, "app-1-1.noarch.rpm", "lib-2-1.noarch.rpm")
	leftovers, _ := filepath.Glob(repo + ".deps-*")
	if len(leftovers) != 0 {
		t.Fatalf("left beside the repository: %v", leftovers)
	}
	dnfInstallApp(t, repo, "lib-2")
}

// dnfInstallApp installs app from repo into a scratch root with dnf and
// checks that wantLib came with it.
func dnfInstallApp(t *testing.T, repo, wantLib string) {
	t.Helper()
	testenv.RequireTool(t, "dnf")
	root := t.TempDir()
	cmd := exec.Command("dnf", "-y", "-q", "--installroot="+root, "--disableplugin=*",
		"--setopt=reposdir=/dev/null", "--setopt=cachedir="+root+"-cache", "--releasever=9", "--nogpgcheck",
		"--repofrompath=out,file://"+repo, "install", "app")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("dnf install app: %v\n%s", err, out.String())
	}
	q, err := exec.Command("rpm", "--root", root, "-q", "lib").CombinedOutput()
	if err != nil || !bytes.HasPrefix(q, []byte(wantLib)) {
		t.Fatalf("rpm -q lib in the root: %s %v, want %s", q, err, wantLib)
	}
}
