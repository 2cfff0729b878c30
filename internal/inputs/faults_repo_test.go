package inputs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv/warnings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Repository loading under faults (rows F6, F7, F8, F12 of the matrix in
// shared/research/perf-reliability-anchors.md §6). The HTTP client here is
// a plain one: the retrying client of cmd/deps has its own fault tests
// (cmd/deps/faults_http_test.go); these are about what repos.go and
// repocache.go make of a bad mirror.

// faultPkgs returns n packages named prefix-i.
func faultPkgs(prefix string, n int) []repodata.Package {
	pkgs := make([]repodata.Package, n)
	for i := range pkgs {
		name := fmt.Sprintf("%s-%d", prefix, i)
		pkgs[i] = repodata.Package{Name: name, Arch: "noarch", EVR: repodata.EVR{Version: "1.0", Release: "1"},
			Location: "Packages/" + name + ".rpm", Summary: strings.Repeat("summary of "+name+" ", 5),
			Checksum: repodata.Checksum{Type: "sha256", Value: strings.Repeat("ab", 32)}, Size: 100,
			Provides: []repodata.Dep{{Name: "python3dist(" + name + ")"}}}
	}
	return pkgs
}

func writeFaultRepo(t *testing.T, dir string, pkgs []repodata.Package, compress string) {
	t.Helper()
	if err := fixtures.WriteRepo(dir, pkgs, compress, 1700000000); err != nil {
		t.Fatal(err)
	}
}

// primaryFile is the path of the repository's primary metadata.
func primaryFile(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "repodata", "*-primary.xml.*"))
	if len(m) != 1 {
		t.Fatalf("primary files in %s: %q", dir, m)
	}
	return m[0]
}

// relist rewrites the primary file's content and its checksum and size in
// repomd.xml, as a broken mirror that generated bad files would.
func relist(t *testing.T, dir string, data []byte) {
	t.Helper()
	path := primaryFile(t, dir)
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "repodata", "repomd.xml")
	x, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(old)
	newSum := sha256.Sum256(data)
	x = bytes.Replace(x, []byte(hex.EncodeToString(sum[:])), []byte(hex.EncodeToString(newSum[:])), 1)
	size := regexp.MustCompile(fmt.Sprintf(`<size>%d</size>`, len(old)))
	x = size.ReplaceAll(x, fmt.Appendf(nil, "<size>%d</size>", len(data)))
	if err := os.WriteFile(md, x, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func faultEnv(t *testing.T) (deps.Env, *warnings.Warnings) {
	store, err := cache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := &warnings.Warnings{}
	// One attempt per request, so that request counts are those of the
	// code under test.
	return deps.Env{HTTP: &http.Client{}, Cache: store, Reporter: w}, w
}

func faultCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // hang guard only
	t.Cleanup(cancel)
	return ctx
}

// snapshot maps each file of a cache bucket to its content.
func snapshot(t *testing.T, store *cache.Store, bucket string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(store.Dir, bucket))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(store.Dir, bucket, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// F6: a mirror whose primary has the right name and wrong bytes is
// rejected with both digests, nothing of it is cached, and the next
// baseurl is tried.
func TestFaultRepoWrongBytesNextBaseURL(t *testing.T) {
	root := t.TempDir()
	bad, good := filepath.Join(root, "bad"), filepath.Join(root, "good")
	writeFaultRepo(t, bad, faultPkgs("pkg", 50), "gz")
	writeFaultRepo(t, good, faultPkgs("pkg", 50), "gz")
	path := primaryFile(t, bad)
	data, _ := os.ReadFile(path)
	want := sha256.Sum256(data)
	data[len(data)/2] ^= 1
	got := sha256.Sum256(data)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	env, w := faultEnv(t)

	only := repoSpec{ID: "r", URLs: []string{srv.URL + "/bad"}, Origin: "test"}
	_, err := loadRepo(faultCtx(t), env, only, nil)
	if err == nil {
		t.Fatal("a corrupt primary was accepted")
	}
	for _, s := range []string{filepath.Base(path), hex.EncodeToString(want[:]), hex.EncodeToString(got[:])} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not name %s", err, s)
		}
	}
	if snap := snapshot(t, env.Cache, IndexBucket); len(snap) != 0 {
		t.Errorf("index cached from a corrupt primary: %d entries", len(snap))
	}

	both := repoSpec{ID: "r", URLs: []string{srv.URL + "/bad", srv.URL + "/good"}, Origin: "test"}
	r, err := loadRepo(faultCtx(t), env, both, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.URL != srv.URL+"/good" || r.Visible.Len() != 50 {
		t.Errorf("loaded %s with %d packages, want the good mirror's 50", r.Info.URL, r.Visible.Len())
	}
	if msgs := w.All(); !strings.Contains(msgs, "trying the next mirror") || !strings.Contains(msgs, hex.EncodeToString(got[:])) {
		t.Errorf("warnings %q do not report the rejected mirror", msgs)
	}
}

// F7: repomd.xml pointing at a primary the mirror does not have (a mirror
// in the middle of a sync) fails saying so and keeps the cached index of
// the previous metadata, which serves again once the mirror is whole; with
// a second baseurl, that one is used.
func TestFaultRepoMissingPrimary(t *testing.T) {
	root := t.TempDir()
	repo, next, staging := filepath.Join(root, "repo"), filepath.Join(root, "next"), filepath.Join(root, "staging")
	writeFaultRepo(t, repo, faultPkgs("old", 20), "gz")
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	env, _ := faultEnv(t)
	spec := repoSpec{ID: "r", URLs: []string{srv.URL + "/repo"}, Origin: "test"}
	if _, err := loadRepo(faultCtx(t), env, spec, nil); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, env.Cache, IndexBucket)
	if len(before) == 0 {
		t.Fatal("nothing cached")
	}

	// The mirror publishes the new repomd.xml before the new primary.
	writeFaultRepo(t, staging, faultPkgs("new", 30), "gz")
	oldMD, _ := os.ReadFile(filepath.Join(repo, "repodata", "repomd.xml"))
	newMD, _ := os.ReadFile(filepath.Join(staging, "repodata", "repomd.xml"))
	if err := os.WriteFile(filepath.Join(repo, "repodata", "repomd.xml"), newMD, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := srv.URL + "/repo/" + strings.TrimPrefix(primaryFile(t, staging), staging+"/")
	_, err := loadRepo(faultCtx(t), env, spec, nil)
	if err == nil {
		t.Fatal("loaded a repository whose primary is missing")
	}
	for _, s := range []string{missing, "not found", "middle of a sync"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	if after := snapshot(t, env.Cache, IndexBucket); !sameSnapshot(before, after) {
		t.Errorf("the cached index changed: %d entries before, %d after", len(before), len(after))
	}

	// The mirror is whole again with the old metadata: the cached index
	// serves, and only repomd.xml is read.
	if err := os.WriteFile(filepath.Join(repo, "repodata", "repomd.xml"), oldMD, 0o644); err != nil {
		t.Fatal(err)
	}
	n := srv.Requests.Load()
	r, err := loadRepo(faultCtx(t), env, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Info.Cached || r.Visible.Len() != 20 || srv.Requests.Load()-n != 1 {
		t.Errorf("cached %v, %d packages, %d requests; want the previous index from the cache with 1 request", r.Info.Cached, r.Visible.Len(), srv.Requests.Load()-n)
	}

	// Mid-sync again, but a second baseurl has the new metadata whole.
	os.WriteFile(filepath.Join(repo, "repodata", "repomd.xml"), newMD, 0o644)
	if err := os.CopyFS(next, os.DirFS(staging)); err != nil {
		t.Fatal(err)
	}
	spec.URLs = append(spec.URLs, srv.URL+"/next")
	r, err = loadRepo(faultCtx(t), env, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.URL != srv.URL+"/next" || len(r.Visible.Lookup("new-0")) != 1 {
		t.Errorf("loaded %s (new-0: %d), want the second baseurl's new metadata", r.Info.URL, len(r.Visible.Lookup("new-0")))
	}
}

// F8 (corrupt streams): a primary whose compressed stream is corrupt or
// cut, listed with matching checksums (a mirror that generated a broken
// file), fails naming the file; nothing is cached.
func TestFaultRepoCorruptStream(t *testing.T) {
	for _, comp := range []string{"gz", "zst", "xz"} {
		for _, damage := range []string{"flip", "cut", "garbage"} {
			t.Run(comp+"/"+damage, func(t *testing.T) {
				dir := t.TempDir()
				writeFaultRepo(t, dir, faultPkgs("pkg", 300), comp)
				path := primaryFile(t, dir)
				data, _ := os.ReadFile(path)
				switch damage {
				case "flip":
					data[len(data)/2] ^= 0x10
				case "cut":
					data = data[:len(data)/2]
				case "garbage":
					copy(data[len(data)/3:], bytes.Repeat([]byte{0xff}, 64))
				}
				relist(t, dir, data)
				env, _ := faultEnv(t)
				_, err := loadRepoURL(faultCtx(t), env, repoSpec{ID: "r", Origin: "test"}, dir, nil)
				if err == nil {
					t.Fatal("a corrupt primary was accepted")
				}
				t.Log(err)
				if !strings.Contains(err.Error(), filepath.Base(path)) {
					t.Errorf("error %q does not name %s", err, filepath.Base(path))
				}
				if snap := snapshot(t, env.Cache, IndexBucket); len(snap) != 0 {
					t.Errorf("index cached from a corrupt primary: %d entries", len(snap))
				}
			})
		}
	}
}

// F12: the cached index is keyed by the metadata's checksums, not by time:
// new mtimes (or a skewed clock) on the same content reuse it; new content
// with the old mtimes rebuilds it.
func TestFaultIndexKeyedByChecksum(t *testing.T) {
	dir := t.TempDir()
	writeFaultRepo(t, dir, faultPkgs("old", 10), "gz")
	env, _ := faultEnv(t)
	spec := repoSpec{ID: "r", Origin: "test"}
	load := func() *Repo {
		t.Helper()
		r, err := loadRepoURL(faultCtx(t), env, spec, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := load(); r.Info.Cached {
		t.Fatal("first load came from the cache")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "repodata", "*"))
	mtimes := map[string]time.Time{}
	for _, f := range files {
		st, _ := os.Stat(f)
		mtimes[f] = st.ModTime()
	}
	for _, shift := range []time.Duration{time.Hour, 24 * 365 * time.Hour, -24 * 365 * time.Hour} {
		for _, f := range files {
			if err := os.Chtimes(f, mtimes[f].Add(shift), mtimes[f].Add(shift)); err != nil {
				t.Fatal(err)
			}
		}
		if r := load(); !r.Info.Cached || r.Visible.Len() != 10 {
			t.Errorf("mtime %+v: cached %v with %d packages; want the cached index", shift, r.Info.Cached, r.Visible.Len())
		}
	}

	writeFaultRepo(t, dir, faultPkgs("new", 12), "gz")
	files, _ = filepath.Glob(filepath.Join(dir, "repodata", "*"))
	var stamp time.Time
	for _, t0 := range mtimes {
		stamp = t0
	}
	for _, f := range files {
		if err := os.Chtimes(f, stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	r := load()
	if r.Info.Cached || r.Visible.Len() != 12 || len(r.Visible.Lookup("new-0")) != 1 {
		t.Errorf("new content with old mtimes: cached %v, %d packages; want a rebuilt index of 12", r.Info.Cached, r.Visible.Len())
	}
}
