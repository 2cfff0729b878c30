package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv/warnings"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/repowrite"
	"github.com/deps-rpm/deps/pypi"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// Downloads through the one client that reach the cache (rows F5 and F6):
// a cut or altered body never becomes a cache entry, and the error names
// the URL and, for a mismatch, both digests.

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// cacheEntries lists the files of a cache bucket, temporary ones included.
func cacheEntries(t *testing.T, store *cache.Store, bucket string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(store.Dir, bucket))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// F5, F6: RPM downloads (repowrite.FetchPackages) cut short or altered fail
// and leave no entry under the package's key; a later fetch from a healthy
// mirror completes (resuming or refetching) and matches the checksum.
func TestFaultFetchPackage(t *testing.T) {
	s := newFaultServer(t)
	c := newHTTPClient(&warnings.Warnings{}, fastHTTPOptions())
	pkg := func() *repodata.Package {
		return &repodata.Package{Name: "file", Arch: "noarch", Location: "file",
			Checksum: repodata.Checksum{Type: "sha256", Value: sha256Hex(faultBody)}, Size: int64(len(faultBody))}
	}
	for _, tc := range []struct {
		fault string
		msg   []string
	}{
		{"truncate-cl", []string{s.FileURL("truncate-cl", "file")}},
		{"truncate-nocl", []string{s.FileURL("truncate-nocl", "file")}},
		{"flip", []string{s.FileURL("flip", "file"), sha256Hex(faultBody), sha256Hex(flipped(faultBody))}},
		{"status-500", []string{s.FileURL("status-500", "file"), "500"}},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			ctx := hangGuard(t)
			store, err := cache.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			key := sha256Hex(faultBody)
			_, err = repowrite.FetchPackages(ctx, c, store, []repowrite.FetchRequest{{Package: pkg(), BaseURL: s.URL + "/" + tc.fault}}, repowrite.FetchOptions{})
			if err == nil {
				t.Fatal("fetch succeeded")
			}
			for _, m := range tc.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not name %s", err, m)
				}
			}
			for _, name := range cacheEntries(t, store, repowrite.RPMBucket) {
				if name == key {
					t.Errorf("unverified %s renamed into the cache", name)
				}
			}
			got, err := repowrite.FetchPackages(ctx, c, store, []repowrite.FetchRequest{{Package: pkg(), BaseURL: s.URL + "/ok"}}, repowrite.FetchOptions{})
			if err != nil {
				t.Fatalf("healthy mirror after the fault: %v", err)
			}
			data, err := os.ReadFile(got[0].Path)
			if err != nil || sha256Hex(data) != key {
				t.Errorf("cached file %s does not match its checksum (%v)", got[0].Path, err)
			}
			if names := cacheEntries(t, store, repowrite.RPMBucket); len(names) != 1 || names[0] != key {
				t.Errorf("cache holds %q, want only %s", names, key)
			}
		})
	}
}

func flipped(b []byte) []byte {
	bad := append([]byte(nil), b...)
	bad[len(bad)/2] ^= 0x01
	return bad
}

// F5, F6: sdist downloads (pypi.Client.Download) cut short or altered fail
// naming the URL (and both digests for a mismatch) and store nothing.
func TestFaultDownloadSdist(t *testing.T) {
	s := newFaultServer(t)
	c := newHTTPClient(&warnings.Warnings{}, fastHTTPOptions())
	for _, tc := range []struct {
		fault string
		msg   []string
	}{
		{"truncate-cl", nil},
		{"truncate-nocl", []string{sha256Hex(faultBody)}},
		{"flip", []string{sha256Hex(faultBody), sha256Hex(flipped(faultBody))}},
		{"status-404", []string{"404"}},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			store, err := cache.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			client := &pypi.Client{HTTP: c, Cache: store}
			url := s.FileURL(tc.fault, "file")
			f := pypi.File{Filename: "demo-1.0.tar.gz", URL: url, Hashes: map[string]string{"sha256": sha256Hex(faultBody)}}
			_, err = client.Download(hangGuard(t), f)
			if err == nil {
				t.Fatal("download succeeded")
			}
			for _, m := range append(tc.msg, url) {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not name %s", err, m)
				}
			}
			if names := cacheEntries(t, store, pypi.FilesBucket); len(names) != 0 {
				t.Errorf("cache holds %q after a failed download", names)
			}
			f.URL = s.FileURL("ok", "file")
			path, err := client.Download(hangGuard(t), f)
			if err != nil {
				t.Fatalf("healthy index after the fault: %v", err)
			}
			if data, _ := os.ReadFile(path); sha256Hex(data) != sha256Hex(faultBody) {
				t.Error("cached file does not match its sha256")
			}
		})
	}
}
