package repodata

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestLoadRepoRealdata(t *testing.T) {
	ctx := context.Background()
	as := testenv.RefData(t, "repos", "cs9-appstream")
	repo, err := LoadRepo(ctx, nil, "appstream", "file://"+as)
	if err != nil {
		t.Fatal(err)
	}
	if len(repo.Packages) != 17649 || repo.Modules == nil || len(repo.Modules.Streams) != 31 ||
		repo.Packages[0].Repo != "appstream" ||
		repo.Repomd.Data["primary"].Checksum.Value != "c60c5fc926b6998077a90d0c850559e7460d2e7792ebe63c9258f3c3e7d63c5e" {
		t.Errorf("appstream: %d packages, modules %v", len(repo.Packages), repo.Modules != nil)
	}

	// A plain path, and http through a test server; no modules in baseos.
	base := testenv.RefData(t, "repos", "cs9-baseos-2022")
	srv := httptest.NewServer(http.FileServer(http.Dir(base)))
	defer srv.Close()
	for _, url := range []string{base, srv.URL, srv.URL + "/"} {
		repo, err := LoadRepo(ctx, srv.Client(), "baseos", url)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if len(repo.Packages) != 1125 || repo.Modules != nil {
			t.Errorf("%s: %d packages, modules %v", url, len(repo.Packages), repo.Modules)
		}
	}
}

// smallPrimary has two packages.
const smallPrimary = `<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="2">
<package type="rpm"><name>python3-flask</name><arch>noarch</arch><version epoch="0" ver="2.0.3" rel="1.el9"/>
<checksum type="sha256" pkgid="YES">aa</checksum><summary>A micro-framework</summary>
<location href="Packages/python3-flask-2.0.3-1.el9.noarch.rpm"/><size package="12345" installed="1" archive="2"/>
<format><rpm:provides><rpm:entry name="python3dist(flask)" flags="EQ" epoch="0" ver="2.0.3"/></rpm:provides>
<rpm:requires><rpm:entry name="python3dist(werkzeug)" flags="GE" epoch="0" ver="2"/></rpm:requires></format></package>
<package type="rpm"><name>nodejs</name><arch>x86_64</arch><version epoch="1" ver="18.1" rel="1.module_x"/>
<location href="Packages/nodejs.rpm"/></package>
</metadata>
`

const smallModules = `---
document: modulemd
version: 2
data:
  name: nodejs
  stream: "18"
  version: 1
  context: c
  arch: x86_64
  artifacts:
    rpms: [nodejs-1:18.1-1.module_x.x86_64]
...
`

// writeRepo writes a repository with the given metadata files (type →
// content, compressed with the named compressor) and returns its repomd.
func writeRepo(t *testing.T, dir string, compress string, files map[string]string) *Repomd {
	t.Helper()
	md := &Repomd{Revision: "1", Data: map[string]RepomdData{}}
	var x strings.Builder
	x.WriteString("<?xml version=\"1.0\"?>\n<repomd xmlns=\"http://linux.duke.edu/metadata/repo\">\n<revision>1</revision>\n")
	for typ, content := range files {
		z, err := compressors[compress]([]byte(content))
		if err != nil {
			t.Fatal(err)
		}
		sum := digest(sha256.New(), z)
		d := RepomdData{
			Type: typ, Location: "repodata/" + sum + "-" + typ,
			Checksum: Checksum{"sha256", sum}, OpenChecksum: Checksum{"sha256", digest(sha256.New(), []byte(content))},
			Size: int64(len(z)), OpenSize: int64(len(content)), Timestamp: 1700000000,
		}
		md.Data[typ] = d
		if err := os.MkdirAll(filepath.Join(dir, "repodata"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, d.Location), z, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&x, `<data type=%q><checksum type="sha256">%s</checksum><open-checksum type="sha256">%s</open-checksum>`+
			`<location href=%q/><timestamp>%d</timestamp><size>%d</size><open-size>%d</open-size></data>`+"\n",
			typ, d.Checksum.Value, d.OpenChecksum.Value, d.Location, d.Timestamp, d.Size, d.OpenSize)
	}
	x.WriteString("</repomd>\n")
	if err := os.WriteFile(filepath.Join(dir, "repodata", "repomd.xml"), []byte(x.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return md
}

func TestLoadRepoHTTP(t *testing.T) {
	ctx := context.Background()
	for _, compress := range []string{"gzip", "xz", "zstd", "plain"} {
		t.Run(compress, func(t *testing.T) {
			dir := t.TempDir()
			md := writeRepo(t, dir, compress, map[string]string{"primary": smallPrimary, "modules": smallModules})
			srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
			defer srv.Close()
			repo, err := LoadRepo(ctx, srv.Client(), "small", srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			if repo.Repomd.Data["primary"] != md.Data["primary"] {
				t.Errorf("repomd primary %+v, wrote %+v", repo.Repomd.Data["primary"], md.Data["primary"])
			}
			if len(repo.Packages) != 2 || repo.Packages[0].Requires[0] != (Dep{Name: "python3dist(werkzeug)", Flags: FlagGE, EVR: EVR{"0", "2", ""}}) {
				t.Errorf("packages %+v", repo.Packages)
			}
			if h, mod := repo.Modules.Hidden(nil)(&repo.Packages[1]); !h || mod != "nodejs:18" {
				t.Errorf("nodejs: hidden %v module %q", h, mod)
			}
		})
	}
}

func TestLoadRepoFailures(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (string, *Repomd, string) {
		dir := t.TempDir()
		md := writeRepo(t, dir, "gzip", map[string]string{"primary": smallPrimary})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "fail500") {
				http.Error(w, "boom", http.StatusInternalServerError)
				return
			}
			http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return dir, md, srv.URL
	}
	primaryPath := func(dir string, md *Repomd) string { return filepath.Join(dir, md.Data["primary"].Location) }
	rewrite := func(t *testing.T, path string, f func([]byte) []byte) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("404 repomd", func(t *testing.T) {
		_, _, url := setup(t)
		_, err := LoadRepo(ctx, http.DefaultClient, "r", url+"/nothing-here")
		var nf *NotFoundError
		if !errors.As(err, &nf) || !errors.Is(err, fs.ErrNotExist) || nf.URL != url+"/nothing-here/repodata/repomd.xml" {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("404 primary", func(t *testing.T) {
		dir, md, url := setup(t)
		os.Remove(primaryPath(dir, md))
		_, err := LoadRepo(ctx, http.DefaultClient, "r", url)
		var nf *NotFoundError
		if !errors.As(err, &nf) || !strings.HasSuffix(nf.URL, md.Data["primary"].Location) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("500", func(t *testing.T) {
		_, _, url := setup(t)
		_, err := LoadRepo(ctx, http.DefaultClient, "r", url+"/fail500")
		var se *StatusError
		if !errors.As(err, &se) || se.Code != 500 || !strings.Contains(err.Error(), "/fail500/repodata/repomd.xml: 500 Internal Server Error") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("corrupt checksum", func(t *testing.T) {
		dir, md, url := setup(t)
		rewrite(t, filepath.Join(dir, "repodata", "repomd.xml"), func(b []byte) []byte {
			return bytes.Replace(b, []byte(md.Data["primary"].Checksum.Value), []byte(strings.Repeat("ab", 32)), 1)
		})
		_, err := LoadRepo(ctx, http.DefaultClient, "r", url)
		var ce *ChecksumError
		if !errors.As(err, &ce) || ce.Open || ce.Got != md.Data["primary"].Checksum.Value {
			t.Fatalf("error %v", err)
		}
	})
	// The open-checksum is checked when repomd.xml gives no checksum of the
	// stored file (with one, the decompressed bytes follow from verified
	// ones); with neither the repository is refused.
	t.Run("wrong open-checksum", func(t *testing.T) {
		dir, md, url := setup(t)
		rewrite(t, filepath.Join(dir, "repodata", "repomd.xml"), func(b []byte) []byte {
			return bytes.Replace(b, []byte(md.Data["primary"].OpenChecksum.Value), []byte(strings.Repeat("cd", 32)), 1)
		})
		if _, err := LoadRepo(ctx, http.DefaultClient, "r", url); err != nil {
			t.Fatalf("checksum good, open-checksum wrong: %v", err)
		}
		rewrite(t, filepath.Join(dir, "repodata", "repomd.xml"), func(b []byte) []byte {
			return regexp.MustCompile(`<checksum [^>]*>[^<]*</checksum>`).ReplaceAll(b, nil)
		})
		_, err := LoadRepo(ctx, http.DefaultClient, "r", url)
		var ce *ChecksumError
		if !errors.As(err, &ce) || !ce.Open || !strings.Contains(err.Error(), "repo r: primary.xml: "+md.Data["primary"].Location+": open-checksum mismatch") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("no checksums", func(t *testing.T) {
		dir, _, url := setup(t)
		rewrite(t, filepath.Join(dir, "repodata", "repomd.xml"), func(b []byte) []byte {
			return regexp.MustCompile(`<(open-)?checksum [^>]*>[^<]*</(open-)?checksum>`).ReplaceAll(b, nil)
		})
		_, err := LoadRepo(ctx, http.DefaultClient, "r", url)
		if err == nil || !strings.Contains(err.Error(), "repomd.xml lists no checksum of primary") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		dir, md, url := setup(t)
		rewrite(t, primaryPath(dir, md), func(b []byte) []byte { return b[:len(b)/2] })
		_, err := LoadRepo(ctx, http.DefaultClient, "r", url)
		var ce *ChecksumError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "unexpected EOF") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("plain file corrupted", func(t *testing.T) {
		dir := t.TempDir()
		md := writeRepo(t, dir, "plain", map[string]string{"primary": smallPrimary})
		rewrite(t, primaryPath(dir, md), func(b []byte) []byte { return bytes.Replace(b, []byte("<name>"), []byte("<nam>>"), 1) })
		_, err := LoadRepo(ctx, nil, "r", dir)
		var ce *ChecksumError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "closed by") {
			t.Fatalf("error %v, want checksum and parse errors", err)
		}
	})
	t.Run("no client", func(t *testing.T) {
		_, _, url := setup(t)
		if _, err := LoadRepo(ctx, nil, "r", url); err == nil || !strings.Contains(err.Error(), "no http client") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		_, _, url := setup(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := LoadRepo(cctx, http.DefaultClient, "r", url); !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("missing local file", func(t *testing.T) {
		_, err := LoadRepo(ctx, nil, "r", "file:///nonexistent/repo")
		var nf *NotFoundError
		if !errors.As(err, &nf) || nf.URL != "file:///nonexistent/repo/repodata/repomd.xml" {
			t.Fatalf("error %v", err)
		}
	})
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ base, rel, want string }{
		{"https://h/os/", "repodata/repomd.xml", "https://h/os/repodata/repomd.xml"},
		{"https://h/os", "repodata/repomd.xml", "https://h/os/repodata/repomd.xml"},
		{"https://h/os/", "Packages/../Packages/a.rpm", "https://h/os/Packages/a.rpm"},
		{"file:///srv/repo/", "repodata/repomd.xml", "file:///srv/repo/repodata/repomd.xml"},
		{"file:///srv/repo", "Packages/a b.rpm", "file:///srv/repo/Packages/a%20b.rpm"},
		{"/srv/repo", "Packages/a.rpm", "/srv/repo/Packages/a.rpm"},
	} {
		if got, err := Resolve(tc.base, tc.rel); err != nil || got != tc.want {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q", tc.base, tc.rel, got, err, tc.want)
		}
	}
}
