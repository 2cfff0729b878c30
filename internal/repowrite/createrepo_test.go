package repowrite_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/repowrite"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// buildRepoRPMs builds tiny RPMs named after names into dir.
func buildRepoRPMs(t *testing.T, dir string, names ...string) {
	t.Helper()
	testenv.RequireTool(t, "rpmbuild")
	var rpms []fixtures.RPM
	for _, n := range names {
		rpms = append(rpms, fixtures.RPM{Name: n, Version: "1.0"})
	}
	if err := fixtures.BuildRPMs(context.Background(), dir, rpms); err != nil {
		t.Fatal(err)
	}
}

func loadNames(t *testing.T, dir string) ([]string, *repodata.Repo) {
	t.Helper()
	repo, err := repodata.LoadRepo(context.Background(), nil, "t", dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range repo.Packages {
		names = append(names, p.Name)
	}
	slices.Sort(names)
	return names, repo
}

func unchanged(t *testing.T, dir string) bool {
	t.Helper()
	ok, err := repowrite.Unchanged(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestCreaterepoUpdateAndUnchanged(t *testing.T) {
	testenv.RequireTool(t, "createrepo_c")
	ctx := context.Background()
	dir := t.TempDir()
	buildRepoRPMs(t, dir, "alpha", "beta")
	if unchanged(t, dir) {
		t.Fatal("RepoUnchanged before any metadata")
	}
	opt := repowrite.CreaterepoOptions{Compress: "gz", Revision: "1700000000", Workers: 2}
	var log bytes.Buffer
	opt.Log = &log
	if err := repowrite.Createrepo(ctx, dir, opt); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "2 packages") {
		t.Errorf("log does not show createrepo_c's output:\n%s", log.String())
	}
	names, repo := loadNames(t, dir)
	if !slices.Equal(names, []string{"alpha", "beta"}) {
		t.Fatalf("packages %v", names)
	}
	for typ, d := range repo.Repomd.Data {
		if !strings.HasSuffix(d.Location, ".gz") && !strings.HasSuffix(typ, "_db") {
			t.Errorf("%s: %s is not gz", typ, d.Location)
		}
		if typ == "primary" && d.Timestamp != 1700000000 {
			t.Errorf("primary timestamp %d, want the revision", d.Timestamp)
		}
	}
	if repo.Repomd.Revision != "1700000000" {
		t.Errorf("revision %q", repo.Repomd.Revision)
	}
	if !unchanged(t, dir) {
		t.Fatal("RepoUnchanged false right after createrepo")
	}
	first, _ := os.ReadFile(filepath.Join(dir, "repodata", "repomd.xml"))

	// Same packages, same revision: the same metadata.
	if err := repowrite.Createrepo(ctx, dir, opt); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, "repodata", "repomd.xml")); !bytes.Equal(first, again) {
		t.Errorf("repomd.xml differs on a re-run:\n%s\n---\n%s", first, again)
	}

	// A new package, then a removed one, then a rewritten one.
	buildRepoRPMs(t, dir, "gamma")
	if unchanged(t, dir) {
		t.Error("RepoUnchanged true with a new package")
	}
	if err := repowrite.Createrepo(ctx, dir, opt); err != nil {
		t.Fatal(err)
	}
	if names, _ := loadNames(t, dir); len(names) != 3 || !unchanged(t, dir) {
		t.Fatalf("after update: %v, unchanged=%v", names, unchanged(t, dir))
	}
	os.Remove(filepath.Join(dir, "gamma-1.0-1.noarch.rpm"))
	if unchanged(t, dir) {
		t.Error("RepoUnchanged true with a package removed")
	}
	if err := repowrite.Createrepo(ctx, dir, opt); err != nil {
		t.Fatal(err)
	}
	if !unchanged(t, dir) {
		t.Error("RepoUnchanged false after the update")
	}
	time.Sleep(10 * time.Millisecond)
	alpha := filepath.Join(dir, "alpha-1.0-1.noarch.rpm")
	data, _ := os.ReadFile(alpha)
	os.WriteFile(alpha+".new", data, 0o644)
	old := time.Unix(1600000000, 0) // an old mtime, as a file linked from a cache keeps
	os.Chtimes(alpha+".new", old, old)
	os.Rename(alpha+".new", alpha)
	if unchanged(t, dir) {
		t.Error("RepoUnchanged true after a package was replaced")
	}
}

func TestCreaterepoCompressAndExclude(t *testing.T) {
	testenv.RequireTool(t, "createrepo_c")
	src := t.TempDir()
	buildRepoRPMs(t, src, "one", "two")
	for _, tc := range []struct {
		compress, suffix string
		exclude          []string
		want             []string
	}{
		{"zstd", ".gz", nil, []string{"one", "two"}}, // 0.17.3 has no zstd: default
		{"xz", ".xz", []string{"two-*"}, []string{"one"}},
		{"", ".gz", []string{"*.rpm"}, nil},
	} {
		dir := t.TempDir()
		for _, f := range []string{"one-1.0-1.noarch.rpm", "two-1.0-1.noarch.rpm"} {
			if err := os.Link(filepath.Join(src, f), filepath.Join(dir, f)); err != nil {
				t.Fatal(err)
			}
		}
		err := repowrite.Createrepo(context.Background(), dir, repowrite.CreaterepoOptions{Compress: tc.compress, Exclude: tc.exclude})
		if err != nil {
			t.Fatalf("%q: %v", tc.compress, err)
		}
		names, repo := loadNames(t, dir)
		if !slices.Equal(names, tc.want) {
			t.Errorf("%q exclude %v: packages %v, want %v", tc.compress, tc.exclude, names, tc.want)
		}
		if loc := repo.Repomd.Data["primary"].Location; !strings.HasSuffix(loc, tc.suffix) {
			t.Errorf("%q: primary %s, want %s", tc.compress, loc, tc.suffix)
		}
	}
	err := repowrite.Createrepo(context.Background(), src, repowrite.CreaterepoOptions{Compress: "lz4"})
	if err == nil || !strings.Contains(err.Error(), "lz4") {
		t.Errorf("lz4: err = %v", err)
	}
}

func TestCreaterepoStaleAndLocked(t *testing.T) {
	createrepo := testenv.RequireTool(t, "createrepo_c")
	ctx := context.Background()
	dir := t.TempDir()
	buildRepoRPMs(t, dir, "stale")
	stale := filepath.Join(dir, ".repodata")
	os.Mkdir(stale, 0o755)
	// createrepo_c itself refuses to run over a stale .repodata.
	if out, err := exec.CommandContext(ctx, createrepo, dir).CombinedOutput(); err == nil {
		t.Fatalf("createrepo_c ran over a stale .repodata:\n%s", out)
	}
	// While another Createrepo holds the lock, the stale directory is not touched.
	f, err := os.OpenFile(filepath.Join(dir, ".deps-createrepo.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	err = repowrite.Createrepo(tctx, dir, repowrite.CreaterepoOptions{})
	cancel()
	if err == nil || !strings.Contains(err.Error(), "lock") {
		t.Fatalf("locked: err = %v", err)
	}
	if _, err := os.Stat(stale); err != nil {
		t.Fatalf("stale .repodata removed while locked: %v", err)
	}
	f.Close() // releases the lock
	if err := repowrite.Createrepo(ctx, dir, repowrite.CreaterepoOptions{}); err != nil {
		t.Fatal(err)
	}
	if names, _ := loadNames(t, dir); !slices.Equal(names, []string{"stale"}) {
		t.Errorf("packages %v", names)
	}
}

func TestCreaterepoFailureShowsOutput(t *testing.T) {
	testenv.RequireTool(t, "createrepo_c")
	dir := t.TempDir()
	buildRepoRPMs(t, dir, "broken")
	os.WriteFile(filepath.Join(dir, "repodata"), []byte("not a directory"), 0o644)
	err := repowrite.Createrepo(context.Background(), dir, repowrite.CreaterepoOptions{})
	if err == nil || !strings.Contains(err.Error(), "Not a directory") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("err = %v, want createrepo_c's message and the directory", err)
	}
}
