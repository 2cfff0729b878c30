package pypi

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
)

func TestSdistTopDirAndNative(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		sdist  fixtures.Sdist
		native bool
	}{
		{fixtures.Sdist{Name: "purepkg", Version: "1.0", Backend: "setuptools", MetadataVersion: "2.1"}, false},
		{fixtures.Sdist{Name: "speedups", Version: "2.1", Backend: "setuptools", MetadataVersion: "2.1", CExtension: true}, true},
	} {
		path, err := fixtures.WriteSdist(dir, c.sdist, "tar.gz")
		if err != nil {
			t.Fatal(err)
		}
		info, err := SdistMetadata(context.Background(), path, SdistOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if want := c.sdist.Name + "-" + c.sdist.Version; info.TopDir != want {
			t.Errorf("%s: top dir %q, want %q", filepath.Base(path), info.TopDir, want)
		}
		if got := len(info.Native) > 0; got != c.native {
			t.Errorf("%s: native sources %q, want native=%v", filepath.Base(path), info.Native, c.native)
		}
		if c.native && !slices.ContainsFunc(info.Native, func(s string) bool { return filepath.Ext(s) == ".c" }) {
			t.Errorf("%s: no .c source in %q", filepath.Base(path), info.Native)
		}
	}
	for _, c := range []struct {
		rel  string
		want bool
	}{{"src/x/_speed.c", true}, {"x/_y.pyx", true}, {"tests/fixture.c", false}, {"docs/example.cpp", false}, {"x/util.py", false}} {
		if got := isNative(c.rel); got != c.want {
			t.Errorf("isNative(%q) = %v", c.rel, got)
		}
	}
}
