package rpmbuild

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeTree creates files (path -> content; a trailing "*" in the path
// makes it executable, "->" in the content a symbolic link) below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		mode := os.FileMode(0o600)
		if strings.HasSuffix(name, "*") {
			name, mode = strings.TrimSuffix(name, "*"), 0o700
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(content, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
}

// member is what a test checks of one tar entry.
type member struct {
	typ  byte
	mode int64
	link string
}

// readTarGz lists a .tar.gz in order and checks the fixed header fields.
func readTarGz(t *testing.T, path string) ([]string, map[string]member) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("gzip header: name %q mtime %v, want neither", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	var names []string
	members := map[string]member{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !h.ModTime.Equal(DefaultChangelogDate) || h.Uid != 0 || h.Gid != 0 || h.Uname != "root" || h.Gname != "root" {
			t.Errorf("%s: mtime %v owner %d:%d %s:%s", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		names = append(names, h.Name)
		members[h.Name] = member{h.Typeflag, h.Mode, h.Linkname}
	}
	return names, members
}

func TestPackSource(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"app.py":                   "print('hi')\n",
		"bin/run*":                 "#!/bin/sh\n",
		"conf/cdhboot.ini":         "[app]\n",
		"current":                  "->conf/cdhboot.ini",
		"lib/up":                   "->../app.py",
		".git/HEAD":                "ref: refs/heads/main\n",
		"sub/.hg/store":            "x",
		"sub/.svn":                 "x",
		"pkg/__pycache__/a.pyc":    "x",
		"pkg/b.pyc":                "x",
		"pkg/b.py":                 "",
		"build/out.txt":            "x",
		"docs/build/keep.txt":      "x",
		"notes.log":                "x",
		"pkg/deep.log":             "x",
		"dist/cdhboot-0.1.tar.gz":  "old",
		"dist/keep.txt":            "x",
		"a-dir-sorted-before/x.py": "",
	})
	out := filepath.Join(dir, "dist", "cdhboot-0.1.tar.gz") // inside the tree: never packed
	ctx := context.Background()
	if err := PackSource(ctx, dir, "cdhboot-0.1", []string{"build", "*.log", "dist/*.tar.gz"}, out); err != nil {
		t.Fatal(err)
	}
	names, members := readTarGz(t, out)
	want := []string{
		"cdhboot-0.1/",
		"cdhboot-0.1/a-dir-sorted-before/",
		"cdhboot-0.1/a-dir-sorted-before/x.py",
		"cdhboot-0.1/app.py",
		"cdhboot-0.1/bin/",
		"cdhboot-0.1/bin/run",
		"cdhboot-0.1/conf/",
		"cdhboot-0.1/conf/cdhboot.ini",
		"cdhboot-0.1/current",
		"cdhboot-0.1/dist/",
		"cdhboot-0.1/dist/keep.txt",
		"cdhboot-0.1/docs/",
		"cdhboot-0.1/docs/build/",
		"cdhboot-0.1/docs/build/keep.txt",
		"cdhboot-0.1/lib/",
		"cdhboot-0.1/lib/up",
		"cdhboot-0.1/pkg/",
		"cdhboot-0.1/pkg/b.py",
		"cdhboot-0.1/pkg/deep.log", // "*.log" matches top-level paths only
		"cdhboot-0.1/sub/",
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("members:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	for name, m := range map[string]member{
		"cdhboot-0.1/":              {tar.TypeDir, 0o755, ""},
		"cdhboot-0.1/app.py":        {tar.TypeReg, 0o644, ""},
		"cdhboot-0.1/bin/run":       {tar.TypeReg, 0o755, ""},
		"cdhboot-0.1/current":       {tar.TypeSymlink, 0o777, "conf/cdhboot.ini"},
		"cdhboot-0.1/lib/up":        {tar.TypeSymlink, 0o777, "../app.py"},
		"cdhboot-0.1/conf/":         {tar.TypeDir, 0o755, ""},
		"cdhboot-0.1/dist/keep.txt": {tar.TypeReg, 0o644, ""},
	} {
		if members[name] != m {
			t.Errorf("%s: %+v, want %+v", name, members[name], m)
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "dist", ".pack-*")); len(entries) > 0 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestPackSourceReproducible packs the same tree twice, the second time
// after its mtimes and non-executable permission bits changed: the bytes
// must be the same.
func TestPackSourceReproducible(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "a\n", "bin/run*": "#!/bin/sh\n", "link": "->a.py"})
	ctx := context.Background()
	first := filepath.Join(t.TempDir(), "1.tar.gz")
	if err := PackSource(ctx, dir, "app-1", nil, first); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	for _, f := range []string{"a.py", "bin/run", "bin"} {
		if err := os.Chtimes(filepath.Join(dir, f), later, later); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(dir, "a.py"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "bin", "run"), 0o751); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "2.tar.gz")
	if err := PackSource(ctx, dir, "app-1", nil, second); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatalf("two packs of the same tree differ (%d and %d bytes)", len(a), len(b))
	}
	// A content change must change the bytes.
	writeTree(t, dir, map[string]string{"a.py": "b\n"})
	third := filepath.Join(t.TempDir(), "3.tar.gz")
	if err := PackSource(ctx, dir, "app-1", nil, third); err != nil {
		t.Fatal(err)
	}
	if c, _ := os.ReadFile(third); bytes.Equal(a, c) {
		t.Fatal("a changed file gave the same archive")
	}
}

func TestPackSourceErrors(t *testing.T) {
	for _, c := range []struct {
		name    string
		files   map[string]string
		top     string
		exclude []string
		want    string
	}{
		{"absolute link", map[string]string{"l": "->/etc/passwd"}, "app", nil, "absolute path"},
		{"link out", map[string]string{"a/l": "->../../x"}, "app", nil, "outside the tree"},
		{"link to parent", map[string]string{"l": "->.."}, "app", nil, "outside the tree"},
		{"top with slash", nil, "a/b", nil, "topDir"},
		{"bad glob", nil, "app", []string{"[x"}, "exclude"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, c.files)
			out := filepath.Join(t.TempDir(), "x.tar.gz")
			err := PackSource(context.Background(), dir, c.top, c.exclude, out)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a failed pack left its output")
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := PackSource(ctx, t.TempDir(), "app", nil, filepath.Join(t.TempDir(), "x.tar.gz")); err == nil {
		t.Error("a canceled context packed anyway")
	}
}
