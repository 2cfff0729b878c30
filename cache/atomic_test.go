package cache

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// WriteFile replaces a file whole, and a failed write leaves the old one
// and no temporary file.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "report.json")
	for _, data := range []string{"first", "second"} {
		if err := WriteFile(path, []byte(data), 0o640); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != data {
			t.Errorf("read %q, want %q", got, data)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	// A directory where the file should be: the rename fails.
	blocked := filepath.Join(dir, "sub", "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(blocked, []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), blocked) {
		t.Errorf("write over a directory: %v, want an error naming it", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "sub"))
	if len(entries) != 2 {
		t.Errorf("left %d entries, want report.json and blocked only", len(entries))
	}
}

// An entry written unsynced (PutChecked, WriteFuncChecked) is as atomic as
// any: readable whole under its key, replaced whole, and a failed write
// leaves no entry and no temporary file.
func TestPutChecked(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	key := Sum([]byte("x"))
	for _, data := range []string{"first", "second"} {
		if err := s.PutChecked("files-v1", key, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := s.Get("files-v1", key); err != nil || !ok || string(got) != data {
			t.Errorf("get: %q %v %v, want %q", got, ok, err, data)
		}
	}
	other := Sum([]byte("y"))
	err = s.WriteFuncChecked("files-v1", other, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return errors.New("the download broke")
	})
	if err == nil || !strings.Contains(err.Error(), "the download broke") {
		t.Fatalf("failed write: %v", err)
	}
	if _, ok, _ := s.Get("files-v1", other); ok {
		t.Error("a failed write left an entry")
	}
	path, err := s.Path("files-v1", other)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Errorf("temporary file %s left", e.Name())
		}
	}
}
