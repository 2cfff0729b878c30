package inputs

import (
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv/warnings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
)

// F11: a cache that cannot be written. Tests run as root here, and root
// ignores permission bits, so the checks run in a child test process as
// the unprivileged user nobody (a copy of this test binary, started with
// setuid credentials); as any other user they run in this process. A
// size-limited tmpfs (ENOSPC) needs a mount, which these tests cannot do.

// readOnlyCacheEnv names the directory the child checks work in.
const readOnlyCacheEnv = "DEPS_TEST_READONLY_CACHE"

func TestFaultReadOnlyCache(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFaultRepo(t, filepath.Join(dir, "a"), faultPkgs("a", 5), "gz")
	writeFaultRepo(t, filepath.Join(dir, "b"), faultPkgs("b", 7), "gz")
	store, err := cache.Open(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	env := deps.Env{Cache: store, Reporter: deps.NopReporter{}}
	if _, err := loadRepoURL(faultCtx(t), env, repoSpec{ID: "a"}, filepath.Join(dir, "a"), nil); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, store, IndexBucket)

	// A cache path under a regular file: a clear error naming the path.
	bad := filepath.Join(dir, "a", "repodata", "repomd.xml", "cache")
	if _, err := cache.Open(bad); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("cache.Open(%s) = %v, want an error naming it", bad, err)
	}

	err = filepath.WalkDir(store.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, 0o555)
		}
		return os.Chmod(p, 0o444)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(store.Dir, func(p string, _ fs.DirEntry, _ error) error { return os.Chmod(p, 0o755) })
	})

	if os.Geteuid() != 0 {
		readOnlyCacheChecks(t, dir)
	} else {
		runAsNobody(t, dir)
	}
	if after := snapshot(t, store, IndexBucket); !sameSnapshot(before, after) {
		t.Errorf("the read-only cache changed: %d entries before, %d after", len(before), len(after))
	}
}

// runAsNobody runs TestFaultReadOnlyCacheChild in a copy of this test
// binary as uid and gid 65534.
func runAsNobody(t *testing.T, dir string) {
	bin := filepath.Join(dir, "deps.test")
	src, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err == nil {
		_, err = io.Copy(dst, src)
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(faultCtx(t), bin, "-test.run=^TestFaultReadOnlyCacheChild$", "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), readOnlyCacheEnv+"="+dir, "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestFaultReadOnlyCacheChild") {
		t.Fatalf("checks as nobody: %v\n%s", err, out)
	}
}

// TestFaultReadOnlyCacheChild is the half of TestFaultReadOnlyCache that
// runs as an unprivileged user; alone it does nothing.
func TestFaultReadOnlyCacheChild(t *testing.T) {
	dir := os.Getenv(readOnlyCacheEnv)
	if dir == "" {
		t.Skip("run by TestFaultReadOnlyCache")
	}
	readOnlyCacheChecks(t, dir)
}

// readOnlyCacheChecks: with the cache read-only, the entry already there is
// read, a repository not cached loads with a warning that names the
// failure, and a direct write fails with an error naming the entry.
func readOnlyCacheChecks(t *testing.T, dir string) {
	store, err := cache.Open(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatalf("opening an existing read-only cache: %v", err)
	}
	w := &warnings.Warnings{}
	env := deps.Env{Cache: store, Reporter: w}
	r, err := loadRepoURL(faultCtx(t), env, repoSpec{ID: "a"}, filepath.Join(dir, "a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Info.Cached || r.Visible.Len() != 5 {
		t.Errorf("repo a: cached %v, %d packages; want the old entry", r.Info.Cached, r.Visible.Len())
	}
	r, err = loadRepoURL(faultCtx(t), env, repoSpec{ID: "b"}, filepath.Join(dir, "b"), nil)
	if err != nil {
		t.Fatalf("a read-only cache stopped the load: %v", err)
	}
	if r.Info.Cached || r.Visible.Len() != 7 {
		t.Errorf("repo b: cached %v, %d packages; want 7 read from the repository", r.Info.Cached, r.Visible.Len())
	}
	if msgs := w.All(); !strings.Contains(msgs, "repo b: not cached") || !strings.Contains(msgs, "permission denied") {
		t.Errorf("warnings %q do not explain the uncached index", msgs)
	}
	err = store.Put(IndexBucket, "probe", []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "permission denied") || !strings.Contains(err.Error(), "probe") {
		t.Errorf("Put into a read-only cache = %v, want a permission error naming the entry", err)
	}
}
