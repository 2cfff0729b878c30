package pypi

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/cache"
)

// bucketEntries lists a cache bucket, temporary files included.
func bucketEntries(t *testing.T, s *cache.Store, bucket string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(s.Dir, bucket))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func findFile(t *testing.T, p *Project, name string) File {
	t.Helper()
	for _, f := range p.Files {
		if f.Filename == name {
			return f
		}
	}
	t.Fatalf("%s not among the project's files", name)
	return File{}
}

func TestDownload(t *testing.T) {
	idx := newFakeIndex(t, map[string][]fakeFile{"foo": {
		{name: "foo-1.0.tar.gz", content: "good sdist"},
		{name: "foo-1.1.tar.gz", content: "tampered sdist", wrongHash: true},
	}})
	store := openCache(t)
	c := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/simple"}, Cache: store}
	ctx := context.Background()
	p, err := c.Project(ctx, "foo")
	if err != nil {
		t.Fatal(err)
	}

	good := findFile(t, p, "foo-1.0.tar.gz")
	path, err := c.Download(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "good sdist" || filepath.Base(path) != good.SHA256() {
		t.Fatalf("downloaded %s = %q", path, data)
	}
	again, err := c.Download(ctx, good)
	if err != nil || again != path || idx.count("/files/foo-1.0.tar.gz") != 1 {
		t.Fatalf("second download: %s, %v after %d requests; want a cache hit", again, err, idx.count("/files/foo-1.0.tar.gz"))
	}

	bad := findFile(t, p, "foo-1.1.tar.gz")
	_, err = c.Download(ctx, bad)
	actual := cache.Sum([]byte("tampered sdist"))
	if err == nil || !strings.Contains(err.Error(), bad.URL) || !strings.Contains(err.Error(), bad.SHA256()) ||
		!strings.Contains(err.Error(), actual) {
		t.Fatalf("hash mismatch: err = %v; want the URL, %s and %s", err, bad.SHA256(), actual)
	}
	if ents := bucketEntries(t, store, FilesBucket); len(ents) != 1 || ents[0] != good.SHA256() {
		t.Fatalf("cache after a mismatch holds %v; want only the good file", ents)
	}

	short := good
	short.Hashes = map[string]string{"sha256": cache.Sum([]byte("good sdist!"))}
	short.Size = 11
	if _, err := c.Download(ctx, short); err == nil || !strings.Contains(err.Error(), "size mismatch") {
		t.Fatalf("size mismatch: err = %v", err)
	}

	md5 := good
	md5.Hashes = map[string]string{"md5": "00000000000000000000000000000000"}
	if _, err := c.Download(ctx, md5); err == nil || !strings.Contains(err.Error(), "md5 mismatch") {
		t.Fatalf("md5-only index hash not checked: err = %v", err)
	}

	gone := File{Filename: "foo-9.tar.gz", URL: idx.URL + "/status/403/foo-9.tar.gz",
		Hashes: map[string]string{"sha256": cache.Sum([]byte("x"))}}
	if _, err := c.Download(ctx, gone); err == nil || !strings.Contains(err.Error(), gone.URL) || !strings.Contains(err.Error(), "403") {
		t.Fatalf("403: err = %v", err)
	}
	off := *c
	off.Offline = true
	if _, err := off.Download(ctx, findFile(t, p, "foo-1.1.tar.gz")); !errors.Is(err, cache.ErrOffline) {
		t.Fatalf("offline download of an uncached file: %v", err)
	}
	if ents := bucketEntries(t, store, FilesBucket); len(ents) != 1 {
		t.Fatalf("failed downloads left %v in the cache", ents)
	}
}

func TestCoreMetadata(t *testing.T) {
	meta := "Metadata-Version: 2.1\nName: foo-bar\nVersion: 1.0\nRequires-Dist: six>=1.0\n"
	idx := newFakeIndex(t, map[string][]fakeFile{"foo-bar": {
		{name: "foo_bar-1.0-py3-none-any.whl", content: "w", metadata: meta},
		{name: "foo_bar-1.1-py3-none-any.whl", content: "w", metadata: meta, wrongMetaHash: true},
		{name: "foo_bar-1.2.tar.gz", content: "s"},
	}})
	for _, htmlOnly := range []bool{false, true} {
		idx.htmlOnly = htmlOnly
		store := openCache(t)
		c := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/simple"}, Cache: store}
		ctx := context.Background()
		p, err := c.Project(ctx, "foo-bar")
		if err != nil {
			t.Fatal(err)
		}
		before := idx.count("/files/foo_bar-1.0-py3-none-any.whl.metadata")
		data, err := c.coreMetadataBytes(ctx, findFile(t, p, "foo_bar-1.0-py3-none-any.whl"))
		if err != nil || string(data) != meta {
			t.Fatalf("metadata = %q, %v", data, err)
		}
		md, err := c.CoreMetadata(ctx, findFile(t, p, "foo_bar-1.0-py3-none-any.whl"))
		if err != nil || md.Name != "foo-bar" || md.Version.String() != "1.0" || len(md.RequiresDist) != 1 {
			t.Fatalf("CoreMetadata = %+v, %v", md, err)
		}
		if n := idx.count("/files/foo_bar-1.0-py3-none-any.whl.metadata") - before; n != 1 {
			t.Fatalf("metadata fetched %d times; want once, then from the cache", n)
		}
		// The cached file with its Requires-Dist removed (issue 13: the plan
		// shrank silently): not served, fetched again.
		good := findFile(t, p, "foo_bar-1.0-py3-none-any.whl")
		path, _ := store.Path(MetadataBucket, good.CoreMetadata.Hashes["sha256"])
		if err := os.WriteFile(path, []byte(strings.Replace(meta, "Requires-Dist: six>=1.0\n", "", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		md, err = c.CoreMetadata(ctx, good)
		if err != nil || len(md.RequiresDist) != 1 {
			t.Fatalf("CoreMetadata after the cache was edited = %+v, %v", md, err)
		}
		if n := idx.count("/files/foo_bar-1.0-py3-none-any.whl.metadata") - before; n != 2 {
			t.Fatalf("metadata fetched %d times; want a second time after the cache was edited", n)
		}

		bad := findFile(t, p, "foo_bar-1.1-py3-none-any.whl")
		_, err = c.CoreMetadata(ctx, bad)
		if err == nil || !strings.Contains(err.Error(), bad.URL+".metadata") || !strings.Contains(err.Error(), "sha256 mismatch") {
			t.Fatalf("metadata hash mismatch: err = %v", err)
		}
		if ents := bucketEntries(t, store, MetadataBucket); len(ents) != 1 {
			t.Fatalf("metadata cache holds %v; want only the good file", ents)
		}
		sdist := findFile(t, p, "foo_bar-1.2.tar.gz")
		if md, err := c.CoreMetadata(ctx, sdist); md != nil || err != nil {
			t.Fatalf("no metadata served: got %v, %v; want nil, nil", md, err)
		}
	}
	if idx.count("/files/foo_bar-1.2.tar.gz.metadata") != 0 {
		t.Fatal("asked for metadata the index does not declare")
	}
}

// A cached file whose bytes changed (a flipped byte of the same size) is
// not served: it is removed, said, and fetched again.
func TestDownloadHealsCorruptedCache(t *testing.T) {
	idx := newFakeIndex(t, map[string][]fakeFile{"foo": {{name: "foo-1.0.tar.gz", content: "good sdist"}}})
	var warned []string
	c := &Client{HTTP: idx.Client(), Indexes: []string{idx.URL + "/simple"}, Cache: openCache(t),
		Warn: func(s string) { warned = append(warned, s) }}
	ctx := context.Background()
	p, err := c.Project(ctx, "foo")
	if err != nil {
		t.Fatal(err)
	}
	f := findFile(t, p, "foo-1.0.tar.gz")
	path, err := c.Download(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("good sdisT"), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := c.Download(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(again); string(data) != "good sdist" {
		t.Errorf("served %q after the cache entry was corrupted", data)
	}
	if n := idx.count("/files/foo-1.0.tar.gz"); n != 2 {
		t.Errorf("%d requests for the file, want 2 (fetched again)", n)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], f.SHA256()) {
		t.Errorf("warnings %q, want one naming the digest", warned)
	}
}
