package repodata

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// A mapped image answers like the index it was written from, and the
// packages it decodes are the packages indexed.
func TestMapIndexRoundTrip(t *testing.T) {
	pkgs := testPackages()
	data, _ := NewIndex(pkgs).MarshalBinary()
	path := filepath.Join(t.TempDir(), "ix")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := MapIndex(path)
	if err != nil {
		t.Fatal(err)
	}
	checkQueries(t, ix)
	for i := range pkgs {
		if got := ix.Package(i); !reflect.DeepEqual(*got, pkgs[i]) {
			t.Errorf("package %d:\n got %#v\nwant %#v", i, *got, pkgs[i])
		}
	}
	// The cache replaces an entry by renaming a new file over it: the
	// mapped index keeps answering from the old one.
	if err := os.WriteFile(path+".new", []byte("other"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	checkQueries(t, ix)
}

// A missing file is fs.ErrNotExist (a cache miss); an empty, truncated or
// flipped one an error naming the file; none of them a panic.
func TestMapIndexBad(t *testing.T) {
	dir := t.TempDir()
	if _, err := MapIndex(filepath.Join(dir, "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	data, _ := NewIndex(testPackages()).MarshalBinary()
	flipped := append([]byte(nil), data...)
	flipped[len(flipped)/2] ^= 0x41
	for name, b := range map[string][]byte{"empty": nil, "truncated": data[:len(data)-3], "flipped": flipped} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := MapIndex(path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s image: error %v, want one naming %s", name, err, path)
		}
	}
	if _, err := MapIndex(dir); err == nil {
		t.Error("a directory was mapped")
	}
}

// PackageOnce decodes what Package decodes, without keeping it; a package
// already kept is returned as it is.
func TestPackageOnce(t *testing.T) {
	data, _ := NewIndex(testPackages()).MarshalBinary()
	ix, err := UnmarshalIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ix.Len() {
		once := ix.PackageOnce(i)
		if ix.pkgs[i].Load() != nil {
			t.Fatalf("package %d kept by PackageOnce", i)
		}
		kept := ix.Package(i)
		if !reflect.DeepEqual(*once, *kept) || ix.PackageOnce(i) != kept {
			t.Errorf("package %d: PackageOnce %+v, Package %+v", i, *once, *kept)
		}
	}
}
