package pypi

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// member is one archive member a test writes.
type member struct {
	name string
	body string
	mode int64 // 0: 0644 (files) or 0755 (dirs)
	typ  byte  // tar type flag; 0: regular file, or a directory when name ends in "/"
	link string
}

// writeTar writes members as a tar archive compressed by ext's format:
// ".tar.gz", ".tgz", ".tar" in Go; ".tar.bz2" and ".tar.xz" by piping
// through bzip2 / xz.
func writeTar(t *testing.T, path string, members []member) string {
	t.Helper()
	var raw bytes.Buffer
	tw := tar.NewWriter(&raw)
	for _, m := range members {
		h := &tar.Header{Name: m.name, Mode: m.mode, Typeflag: m.typ, Linkname: m.link, Format: tar.FormatPAX}
		switch {
		case h.Typeflag == 0 && len(m.name) > 0 && m.name[len(m.name)-1] == '/':
			h.Typeflag = tar.TypeDir
		case h.Typeflag == 0:
			h.Typeflag = tar.TypeReg
		}
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(m.body))
		}
		if h.Mode == 0 {
			h.Mode = 0o644
			if h.Typeflag == tar.TypeDir {
				h.Mode = 0o755
			}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(m.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	var data []byte
	switch ext := archiveExt(path); ext {
	case ".tar":
		data = raw.Bytes()
	case ".tar.gz", ".tgz":
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(raw.Bytes())
		zw.Close()
		data = gz.Bytes()
	case ".tar.bz2", ".tar.xz":
		tool := map[string]string{".tar.bz2": "bzip2", ".tar.xz": "xz"}[ext]
		testenv.RequireTool(t, tool)
		cmd := exec.Command(tool, "-c")
		cmd.Stdin = &raw
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
		data = out
	default:
		t.Fatalf("writeTar: unknown extension of %s", path)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func archiveExt(path string) string {
	for _, e := range []string{".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip"} {
		if len(path) > len(e) && path[len(path)-len(e):] == e {
			return e
		}
	}
	return filepath.Ext(path)
}

// writeZip writes members as a zip; typ tar.TypeSymlink makes a unix
// symlink whose body is link.
func writeZip(t *testing.T, path string, members []member) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		mode := fs.FileMode(m.mode)
		if mode == 0 {
			mode = 0o644
		}
		body := m.body
		switch {
		case m.typ == tar.TypeSymlink:
			mode, body = fs.ModeSymlink|0o777, m.link
		case m.typ == tar.TypeFifo:
			mode |= fs.ModeNamedPipe
		case len(m.name) > 0 && m.name[len(m.name)-1] == '/':
			mode = fs.ModeDir | 0o755
		}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeArchive picks writeZip or writeTar by extension.
func writeArchive(t *testing.T, path string, members []member) string {
	t.Helper()
	if archiveExt(path) == ".zip" {
		return writeZip(t, path, members)
	}
	return writeTar(t, path, members)
}

// files turns name -> body pairs into members under top/.
func files(top string, kv ...string) []member {
	var ms []member
	for i := 0; i+1 < len(kv); i += 2 {
		ms = append(ms, member{name: top + "/" + kv[i], body: kv[i+1]})
	}
	return ms
}
