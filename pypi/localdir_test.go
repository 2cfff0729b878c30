package pypi

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/cache"
)

// writeTree creates files (path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindLinksDir(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"foo-1.0.tar.gz":                        "foo sdist",
		"foo-1.0.tar.gz.metadata":               "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n",
		"foo_bar-2.0-py3-none-any.whl":          "foo-bar wheel",
		"foo-bar-1.5.tar.gz":                    "foo-bar legacy sdist",
		"bar-1.0.tar.gz":                        "bar",
		"README.txt":                            "not a dist",
		"foo-2.0.tar.gz/not-a-file-but-a-dir.x": "",
	})
	store := openCache(t)
	ctx := context.Background()
	for _, loc := range []string{dir, fileURL(dir)} {
		c := &Client{FindLinks: []string{loc}, Cache: store}
		p, err := c.Project(ctx, "foo")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(summary(p), ", "); got != "foo-1.0.tar.gz sdist 1.0 metadata" {
			t.Fatalf("%s: foo = %s", loc, got)
		}
		f := p.Files[0]
		if f.URL != "file://"+filepath.Join(dir, "foo-1.0.tar.gz") || f.Size != 9 || f.Index != loc {
			t.Fatalf("file: %+v", f)
		}
		p, err = c.Project(ctx, "Foo_Bar")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(summary(p), ", "); got != "foo-bar-1.5.tar.gz sdist 1.5, foo_bar-2.0-py3-none-any.whl wheel 2.0" {
			t.Fatalf("%s: foo-bar = %s", loc, got)
		}
		if p, err := c.Project(ctx, "baz"); p != nil || err != nil {
			t.Fatalf("%s: missing project = %v, %v", loc, p, err)
		}
	}

	// A local file without an index hash is hashed and copied in.
	c := &Client{FindLinks: []string{dir}, Cache: store}
	p, _ := c.Project(ctx, "foo")
	path, err := c.Download(ctx, p.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "foo sdist" || filepath.Base(path) != cache.Sum([]byte("foo sdist")) {
		t.Fatalf("downloaded %s = %q", path, data)
	}
	if path == filepath.Join(dir, "foo-1.0.tar.gz") {
		t.Fatal("Download returned the source file, not the cache entry")
	}
	md, err := c.CoreMetadata(ctx, p.Files[0])
	if err != nil || md.Name != "foo" {
		t.Fatalf("sidecar metadata = %+v, %v", md, err)
	}
	wrong := p.Files[0]
	wrong.Hashes = map[string]string{"sha256": cache.Sum([]byte("something else"))}
	if _, err := c.Download(ctx, wrong); err == nil || !strings.Contains(err.Error(), wrong.URL) {
		t.Fatalf("local hash mismatch: err = %v", err)
	}
	if ents := bucketEntries(t, store, FilesBucket); len(ents) != 1 {
		t.Fatalf("cache holds %v after a mismatch", ents)
	}

	missing := &Client{FindLinks: []string{filepath.Join(dir, "nope")}}
	if _, err := missing.Project(ctx, "foo"); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("missing find-links dir: err = %v", err)
	}
}

func TestLocalTreeIndex(t *testing.T) {
	dir := t.TempDir()
	sdist := "tree sdist"
	writeTree(t, dir, map[string]string{
		// a project directory holding its files
		"simple/foo-bar/foo_bar-1.0.tar.gz": "foo-bar 1.0",
		"simple/foo-bar/Foo.Bar-1.1.zip":    "foo-bar 1.1",
		"simple/foo-bar/notes.txt":          "skip me",
		// a non-normalized directory name still matches
		"simple/Zope.Interface/zope.interface-6.1.tar.gz": "zope",
		// a project directory with an index.html linking elsewhere
		"simple/other/index.html": `<html><body>
<a href="../../dists/other-1.0.tar.gz#sha256=` + cache.Sum([]byte(sdist)) + `" data-requires-python="&gt;=3.8">other-1.0.tar.gz</a>
<a href="../../dists/other-2.0.tar.gz#sha256=` + cache.Sum([]byte("x")) + `">other-2.0.tar.gz</a>
</body></html>`,
		"dists/other-1.0.tar.gz": sdist,
		"dists/other-2.0.tar.gz": "not x",
		// a flat file beside the tree
		"simple/other-0.5.tar.gz": "flat",
	})
	root := filepath.Join(dir, "simple")
	ctx := context.Background()
	store := openCache(t)
	for _, loc := range []string{root, fileURL(root) + "/"} {
		c := &Client{Indexes: []string{loc}, Cache: store}
		p, err := c.Project(ctx, "foo.bar")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(summary(p), ", "); got != "Foo.Bar-1.1.zip sdist 1.1, foo_bar-1.0.tar.gz sdist 1.0" {
			t.Fatalf("%s: foo-bar = %s", loc, got)
		}
		if p, err := c.Project(ctx, "zope-interface"); err != nil || p == nil || len(p.Files) != 1 {
			t.Fatalf("%s: zope-interface = %v, %v", loc, p, err)
		}
		p, err = c.Project(ctx, "other")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(summary(p), ", "); got != "other-1.0.tar.gz sdist 1.0 py>=3.8, other-2.0.tar.gz sdist 2.0, other-0.5.tar.gz sdist 0.5" {
			t.Fatalf("%s: other = %s", loc, got)
		}
		if p, err := c.Project(ctx, "absent"); p != nil || err != nil {
			t.Fatalf("%s: absent = %v, %v", loc, p, err)
		}

		path, err := c.Download(ctx, p.Files[0])
		if err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(path); string(data) != sdist {
			t.Fatalf("downloaded %q", data)
		}
		if _, err := c.Download(ctx, p.Files[1]); err == nil || !strings.Contains(err.Error(), "sha256 mismatch") {
			t.Fatalf("tree file with a wrong hash: err = %v", err)
		}
	}
	if ents := bucketEntries(t, store, FilesBucket); len(ents) != 1 {
		t.Fatalf("cache holds %v", ents)
	}
	if _, err := (&Client{Indexes: []string{filepath.Join(dir, "missing")}}).Project(ctx, "x"); err == nil {
		t.Fatal("a missing index directory is not an error")
	}
}

// TestFileURLIndexMixedWithHTTP: a local tree and an HTTP index merge.
func TestFileURLIndexMixedWithHTTP(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"foo/foo-1.0.tar.gz": "local"})
	idx := newFakeIndex(t, map[string][]fakeFile{"foo": {
		{name: "foo-1.0.tar.gz", content: "remote"},
		{name: "foo-2.0.tar.gz", content: "remote 2"},
	}})
	c := &Client{HTTP: idx.Client(), Indexes: []string{fileURL(dir), idx.URL + "/simple"}}
	p, err := c.Project(context.Background(), "foo")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Files) != 2 || !strings.HasPrefix(p.Files[0].URL, "file://") || p.Files[1].Filename != "foo-2.0.tar.gz" {
		t.Fatalf("merged: %+v", p.Files)
	}
}
