package cache

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPutGet(t *testing.T) {
	s := openTemp(t)
	if _, ok, err := s.Get("blobs-v1", "abc"); ok || err != nil {
		t.Fatalf("Get on empty store = ok %v, err %v; want absent", ok, err)
	}
	if err := s.Put("blobs-v1", "abc", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put("blobs-v1", "abc", []byte("two")); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Get("blobs-v1", "abc")
	if err != nil || !ok || string(got) != "two" {
		t.Fatalf("Get = %q, %v, %v; want \"two\"", got, ok, err)
	}
	p, err := s.Path("blobs-v1", "abc")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(s.Dir, "blobs-v1", "abc"); p != want {
		t.Errorf("Path = %s, want %s", p, want)
	}
	if has, _ := s.Has("blobs-v1", "abc"); !has {
		t.Error("Has = false after Put")
	}
	if err := s.Delete("blobs-v1", "abc"); err != nil {
		t.Fatal(err)
	}
	if has, _ := s.Has("blobs-v1", "abc"); has {
		t.Error("Has = true after Delete")
	}
	if err := s.Delete("blobs-v1", "abc"); err != nil {
		t.Errorf("second Delete: %v", err)
	}
	assertNoTemp(t, s, "blobs-v1")
}

func TestPutContent(t *testing.T) {
	s := openTemp(t)
	key, err := s.PutContent("blobs-v1", []byte("hello\n"))
	if err != nil {
		t.Fatal(err)
	}
	const want = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
	if key != want {
		t.Fatalf("key = %s, want sha256 %s", key, want)
	}
	if got, ok, _ := s.Get("blobs-v1", key); !ok || string(got) != "hello\n" {
		t.Fatalf("Get(%s) = %q, %v", key, got, ok)
	}
}

func TestPutFileAndReader(t *testing.T) {
	s := openTemp(t)
	src := filepath.Join(t.TempDir(), "src")
	data := bytes.Repeat([]byte("0123456789"), 100000)
	if err := os.WriteFile(src, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.PutFile("index-v1", "big", src); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Get("index-v1", "big"); !bytes.Equal(got, data) {
		t.Fatalf("PutFile stored %d bytes, want %d", len(got), len(data))
	}
	if err := s.PutFile("index-v1", "nope", filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("PutFile of a missing source succeeded")
	}
	if err := s.PutReader("index-v1", "r", strings.NewReader("streamed")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Get("index-v1", "r"); string(got) != "streamed" {
		t.Fatalf("PutReader stored %q", got)
	}
}

func TestWriteFuncFailureLeavesNoEntry(t *testing.T) {
	s := openTemp(t)
	if err := s.Put("blobs-v1", "k", []byte("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := s.WriteFunc("blobs-v1", "k", func(w io.Writer) error {
		io.WriteString(w, "half of the new cont")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WriteFunc error = %v, want wrapping boom", err)
	}
	if got, _, _ := s.Get("blobs-v1", "k"); string(got) != "old" {
		t.Fatalf("after failed write entry = %q, want the old content", got)
	}
	err = s.WriteFunc("blobs-v1", "fresh", func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	if err == nil {
		t.Fatal("failed write reported success")
	}
	if _, ok, _ := s.Get("blobs-v1", "fresh"); ok {
		t.Fatal("failed write left a visible entry")
	}
	func() {
		defer func() { recover() }()
		s.WriteFunc("blobs-v1", "panicky", func(w io.Writer) error {
			io.WriteString(w, "partial")
			panic("writer panicked")
		})
	}()
	if _, ok, _ := s.Get("blobs-v1", "panicky"); ok {
		t.Fatal("panicking write left a visible entry")
	}
	assertNoTemp(t, s, "blobs-v1")
}

func TestRemoveStale(t *testing.T) {
	s := openTemp(t)
	if err := s.Put("blobs-v1", "keep", []byte("x")); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(s.Dir, "blobs-v1")
	old := filepath.Join(dir, tempPrefix+"keep-123")
	young := filepath.Join(dir, tempPrefix+"keep-456")
	for _, p := range []string{old, young} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(old, past, past); err != nil {
		t.Fatal(err)
	}
	n, err := s.RemoveStale("blobs-v1", time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("RemoveStale = %d, %v; want 1", n, err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("old temp file survived")
	}
	if _, err := os.Stat(young); err != nil {
		t.Error("young temp file (a write in progress) was removed")
	}
	if has, _ := s.Has("blobs-v1", "keep"); !has {
		t.Error("entry removed by RemoveStale")
	}
	if n, err := s.RemoveStale("never-v1", time.Hour); n != 0 || err != nil {
		t.Errorf("RemoveStale on a missing bucket = %d, %v", n, err)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("DEPS_CACHE_DIR", "/x/y")
	if d, err := DefaultDir(); err != nil || d != "/x/y" {
		t.Errorf("DefaultDir with DEPS_CACHE_DIR = %q, %v", d, err)
	}
	t.Setenv("DEPS_CACHE_DIR", "")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	if d, err := DefaultDir(); err != nil || d != "/xdg/deps" {
		t.Errorf("DefaultDir with XDG_CACHE_HOME = %q, %v", d, err)
	}
}

func assertNoTemp(t *testing.T, s *Store, bucket string) {
	t.Helper()
	ents, _ := os.ReadDir(filepath.Join(s.Dir, bucket))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// TestFileSHA256: the digest follows the file's content, also when the
// file is rewritten in place with the same size (the memo is keyed by the
// change time too) or replaced by a rename.
func TestFileSHA256(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	want := map[string]string{
		"one": "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed",
		"two": "3fc4ccfe745870e2c0d99f71f30ff0656c8dedd41cc1d7d3d376b0dbe685e2f3",
	}
	for _, content := range []string{"one", "two", "one"} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if got, err := FileSHA256(path); err != nil || got != want[content] {
				t.Fatalf("%q: %s, %v", content, got, err)
			}
		}
	}
	tmp := path + ".new"
	os.WriteFile(tmp, []byte("two"), 0o644)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	if got, _ := FileSHA256(path); got != want["two"] {
		t.Fatalf("after a rename: %s", got)
	}
}
