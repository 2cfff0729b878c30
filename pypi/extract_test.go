package pypi

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractSdistFormats(t *testing.T) {
	for _, ext := range []string{".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			members := []member{
				{name: "pkg-1.0/"},
				{name: "pkg-1.0/setup.py", body: "#!/usr/bin/env python\n", mode: 0o4775},
				{name: "pkg-1.0/README", body: "readme\n", mode: 0o600},
				{name: "pkg-1.0/src/pkg/__init__.py", body: "x = 1\n"},
				{name: "pkg-1.0/docs/README", typ: tar.TypeSymlink, link: "../README"},
			}
			if ext != ".zip" {
				members = append(members, member{name: "./pkg-1.0/src/pkg/same.py", typ: tar.TypeLink, link: "pkg-1.0/src/pkg/__init__.py"})
			}
			archive := writeArchive(t, filepath.Join(dir, "pkg-1.0"+ext), members)
			dest := filepath.Join(dir, "out", "x")
			root, err := ExtractSdist(archive, dest, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dest, "pkg-1.0"); root != want {
				t.Errorf("root = %s, want %s", root, want)
			}
			if b, err := os.ReadFile(filepath.Join(root, "src/pkg/__init__.py")); err != nil || string(b) != "x = 1\n" {
				t.Errorf("__init__.py = %q, %v", b, err)
			}
			fi, err := os.Stat(filepath.Join(root, "setup.py"))
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode(); got != 0o755 {
				t.Errorf("setup.py mode = %v, want -rwxr-xr-x (setuid and group write dropped)", got)
			}
			if fi, _ := os.Stat(filepath.Join(root, "README")); fi.Mode() != 0o644 {
				t.Errorf("README mode = %v, want 0644", fi.Mode())
			}
			if l, err := os.Readlink(filepath.Join(root, "docs/README")); err != nil || l != "../README" {
				t.Errorf("docs/README link = %q, %v", l, err)
			}
			if b, err := os.ReadFile(filepath.Join(root, "docs/README")); err != nil || string(b) != "readme\n" {
				t.Errorf("through docs/README: %q, %v", b, err)
			}
			if ext != ".zip" {
				a, _ := os.Stat(filepath.Join(root, "src/pkg/__init__.py"))
				b, err := os.Stat(filepath.Join(root, "src/pkg/same.py"))
				if err != nil || !os.SameFile(a, b) {
					t.Errorf("hard link same.py: %v", err)
				}
			}
			assertNoTemp(t, filepath.Dir(dest))
		})
	}
}

func TestExtractSdistNoTopDir(t *testing.T) {
	dir := t.TempDir()
	archive := writeTar(t, filepath.Join(dir, "flat.tar.gz"), []member{{name: "PKG-INFO", body: "x"}, {name: "setup.py", body: "y"}})
	dest := filepath.Join(dir, "dest")
	if err := os.Mkdir(dest, 0o755); err != nil { // an empty directory is accepted
		t.Fatal(err)
	}
	root, err := ExtractSdist(archive, dest, Limits{})
	if err != nil || root != dest {
		t.Fatalf("root = %s, %v; want %s", root, err, dest)
	}
	if _, err := ExtractSdist(archive, dest, Limits{}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("extracting into a non-empty directory: %v", err)
	}
}

func TestExtractSdistHostile(t *testing.T) {
	base := t.TempDir()
	absTarget := filepath.Join(base, "abs-target")
	zeros := strings.Repeat("\x00", 2<<20)
	many := make([]member, 11)
	for i := range many {
		many[i] = member{name: "p/f" + string(rune('a'+i)), body: "x"}
	}
	tests := []struct {
		name     string
		exts     []string
		members  []member
		limits   Limits
		sentinel error
		msg      string
		outside  string // a path that must not exist afterwards, relative to base
	}{
		{"traversal", []string{".tar.gz", ".zip"}, []member{{name: "p/ok", body: "x"}, {name: "../../etc/passwd", body: "root::0:0"}},
			Limits{}, ErrUnsafeArchive, "path traversal", "etc/passwd"},
		{"inner traversal", []string{".tar.gz", ".zip"}, []member{{name: "p/../../x", body: "x"}},
			Limits{}, ErrUnsafeArchive, "path traversal", "x"},
		{"absolute", []string{".tar.gz", ".zip"}, []member{{name: absTarget, body: "x"}},
			Limits{}, ErrUnsafeArchive, "absolute path", "abs-target"},
		{"symlink to /etc", []string{".tar.gz", ".zip"}, []member{{name: "p/etc", typ: tar.TypeSymlink, link: "/etc"}},
			Limits{}, ErrUnsafeArchive, "points outside", ""},
		{"file through symlink to /etc", []string{".tar.gz", ".zip"}, []member{
			{name: "p/etc", typ: tar.TypeSymlink, link: "/etc"}, {name: "p/etc/passwd", body: "root::0:0"}},
			Limits{}, ErrUnsafeArchive, "points outside", ""},
		{"file through inner symlink", []string{".tar.gz", ".zip"}, []member{
			{name: "p/sub/"}, {name: "p/d", typ: tar.TypeSymlink, link: "sub"}, {name: "p/d/x", body: "x"}},
			Limits{}, ErrUnsafeArchive, "through symlink", ""},
		{"relative symlink escaping", []string{".tar.gz", ".zip"}, []member{{name: "p/up", typ: tar.TypeSymlink, link: "../../outside"}},
			Limits{}, ErrUnsafeArchive, "points outside", ""},
		{"symlink chain escaping", []string{".tar.gz", ".zip"}, []member{
			{name: "z/"}, {name: "p/q/r/c", typ: tar.TypeSymlink, link: "../../../z"},
			{name: "a", typ: tar.TypeSymlink, link: "p/q/r/c/../../../.."}},
			Limits{}, ErrUnsafeArchive, "resolves outside", ""},
		{"hard link outside", []string{".tar.gz"}, []member{{name: "p/h", typ: tar.TypeLink, link: "/etc/passwd"}},
			Limits{}, ErrUnsafeArchive, "absolute path", ""},
		{"hard link to later file", []string{".tar.gz"}, []member{{name: "p/h", typ: tar.TypeLink, link: "p/f"}, {name: "p/f", body: "x"}},
			Limits{}, ErrUnsafeArchive, "not a regular file extracted before", ""},
		{"character device", []string{".tar.gz"}, []member{{name: "p/null", typ: tar.TypeChar}},
			Limits{}, ErrUnsafeArchive, "character device entries are not allowed", ""},
		{"fifo", []string{".tar.gz", ".zip"}, []member{{name: "p/fifo", typ: tar.TypeFifo}},
			Limits{}, ErrUnsafeArchive, "fifo entries are not allowed", ""},
		{"duplicate file", []string{".tar.gz", ".zip"}, []member{{name: "p/f", body: "1"}, {name: "p/f", body: "2"}},
			Limits{}, ErrUnsafeArchive, "duplicate", ""},
		{"file then dir under it", []string{".tar.gz", ".zip"}, []member{{name: "p/f", body: "1"}, {name: "p/f/g", body: "2"}},
			Limits{}, ErrUnsafeArchive, "not a directory", ""},
		{"backslash", []string{".zip"}, []member{{name: `p\..\..\x`, body: "1"}},
			Limits{}, ErrUnsafeArchive, "backslash", ""},
		{"too many entries", []string{".tar.gz", ".zip"}, many,
			Limits{MaxFiles: 10}, ErrArchiveTooLarge, "more than 10 entries", ""},
		{"bomb", []string{".tar.gz", ".tar.xz", ".zip"}, []member{{name: "p/small", body: "x"}, {name: "p/bomb", body: zeros}},
			Limits{MaxBytes: 1 << 20}, ErrArchiveTooLarge, "more than 1048576 bytes", ""},
	}
	for _, tt := range tests {
		for _, ext := range tt.exts {
			t.Run(tt.name+ext, func(t *testing.T) {
				dir := filepath.Join(base, "a", "b")
				os.RemoveAll(filepath.Join(base, "a"))
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				archive := writeArchive(t, filepath.Join(base, "hostile"+ext), tt.members)
				for _, pre := range []bool{false, true} {
					dest := filepath.Join(dir, "dest")
					if pre {
						os.Mkdir(dest, 0o755)
					}
					_, err := ExtractSdist(archive, dest, tt.limits)
					if err == nil {
						t.Fatal("extraction succeeded")
					}
					if !errors.Is(err, tt.sentinel) || !strings.Contains(err.Error(), tt.msg) {
						t.Fatalf("error = %v; want %v containing %q", err, tt.sentinel, tt.msg)
					}
					if !strings.Contains(err.Error(), archive) {
						t.Errorf("error does not name the archive: %v", err)
					}
					ents, statErr := os.ReadDir(dest)
					if pre && (statErr != nil || len(ents) != 0) || !pre && !os.IsNotExist(statErr) {
						t.Errorf("destination touched (pre-created %v): %v %v", pre, ents, statErr)
					}
					assertNoTemp(t, dir)
					os.Remove(dest)
				}
				if tt.outside != "" {
					for _, p := range []string{filepath.Join(base, tt.outside), filepath.Join(base, "a", tt.outside)} {
						if _, err := os.Lstat(p); err == nil {
							t.Errorf("%s was written outside the destination", p)
						}
					}
				}
			})
		}
	}
}

// assertNoTemp fails if a temporary extraction directory is left in dir.
func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".extract-") {
			t.Errorf("temporary directory %s left behind", e.Name())
		}
	}
}

func TestLimitsDefaults(t *testing.T) {
	l := Limits{}.withDefaults()
	if l.MaxFiles != 100_000 || l.MaxBytes != 2<<30 {
		t.Errorf("defaults = %+v", l)
	}
	if l := (Limits{MaxFiles: 5, MaxBytes: 7}).withDefaults(); l.MaxFiles != 5 || l.MaxBytes != 7 {
		t.Errorf("explicit limits changed: %+v", l)
	}
}

// TestReadSdistRefusesBeforeBuild: what ReadSdist passes is what rpmbuild's
// %prep later unpacks with GNU tar, so a bomb, a device or a link out of
// the tree is refused here (issue 13). The bomb is a header declaring
// 4 GiB followed by a truncated body: the refusal comes from the header,
// before any of the body is decompressed (reading it would fail with an
// unexpected EOF instead).
func TestReadSdistRefusesBeforeBuild(t *testing.T) {
	dir := t.TempDir()
	var raw bytes.Buffer
	tw := tar.NewWriter(&raw)
	tw.WriteHeader(&tar.Header{Name: "p-1/PKG-INFO", Mode: 0o644, Size: 4 << 30, Typeflag: tar.TypeReg})
	tw.Write(make([]byte, 1<<20))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	bomb := filepath.Join(dir, "bomb-1.tar.gz")
	if err := os.WriteFile(bomb, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		archive string
		want    error
	}{
		"declared 4 GiB": {bomb, ErrArchiveTooLarge},
		"fifo":           {writeTar(t, filepath.Join(dir, "fifo-1.tar.gz"), []member{{name: "p-1/PKG-INFO", body: "Name: p\n"}, {name: "p-1/pipe", typ: tar.TypeFifo}}), ErrUnsafeArchive},
		"symlink out":    {writeTar(t, filepath.Join(dir, "link-1.tar.gz"), []member{{name: "p-1/PKG-INFO", body: "Name: p\n"}, {name: "p-1/x", typ: tar.TypeSymlink, link: "../../etc/passwd"}}), ErrUnsafeArchive},
		"hard link out":  {writeTar(t, filepath.Join(dir, "hard-1.tar.gz"), []member{{name: "p-1/PKG-INFO", body: "Name: p\n"}, {name: "p-1/x", typ: tar.TypeLink, link: "/etc/shadow"}}), ErrUnsafeArchive},
	}
	for name, c := range cases {
		_, err := ReadSdist(c.archive, Limits{})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: ReadSdist = %v, want %v", name, err, c.want)
		}
	}
	// The ratio: 100 MiB of zeros in a ~100 KiB archive is past both the
	// 64 MiB floor and 200 times the archive.
	zeros := writeTar(t, filepath.Join(dir, "zeros-1.tar.gz"), []member{{name: "p-1/PKG-INFO", body: "Name: p\n"}, {name: "p-1/z", body: string(make([]byte, 100<<20))}})
	if _, err := ReadSdist(zeros, Limits{}); !errors.Is(err, ErrArchiveTooLarge) || !strings.Contains(err.Error(), "bomb") {
		t.Errorf("100 MiB of zeros: %v", err)
	}
}
