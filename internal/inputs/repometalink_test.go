package inputs

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// writeMetalink writes a metalink in MirrorManager's shape: repomd.xml's
// size and digests (current, then alternates), and its mirrors' URLs with
// protocols and preferences.
func writeMetalink(t *testing.T, path string, current []byte, alternates [][]byte, urls map[string]int) {
	t.Helper()
	verification := func(data []byte) string {
		s256, s512 := sha256.Sum256(data), sha512.Sum512(data)
		return fmt.Sprintf("<size>%d</size>\n<verification>\n<hash type=\"md5\">00000000000000000000000000000000</hash>\n"+
			"<hash type=\"sha256\">%s</hash>\n<hash type=\"sha512\">%s</hash>\n</verification>\n",
			len(data), hex.EncodeToString(s256[:]), hex.EncodeToString(s512[:]))
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<metalink version="3.0" xmlns="http://www.metalinker.org/" type="dynamic" pubdate="Thu, 03 Dec 2026 16:00:00 GMT" generator="mirrormanager" xmlns:mm0="http://fedorahosted.org/mirrormanager">
<files>
<file name="repomd.xml">
<mm0:timestamp>1700000000</mm0:timestamp>
`)
	b.WriteString(verification(current))
	b.WriteString("<mm0:alternates>\n")
	for _, a := range alternates {
		b.WriteString("<mm0:alternate>\n<mm0:timestamp>1690000000</mm0:timestamp>\n" + verification(a) + "</mm0:alternate>\n")
	}
	b.WriteString("</mm0:alternates>\n<resources maxconnections=\"1\">\n")
	for u, pref := range urls {
		proto := u[:strings.Index(u, ":")]
		fmt.Fprintf(&b, "<url protocol=%q type=%q location=\"US\" preference=\"%d\">%srepodata/repomd.xml</url>\n", proto, proto, pref, u)
	}
	b.WriteString("</resources>\n</file>\n</files>\n</metalink>\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readRepomdFile(t *testing.T, dir string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "repodata", "repomd.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// metalink=: mirrors are tried by preference (rsync and ftp skipped); a
// mirror whose repomd.xml matches neither the metalink's digests nor an
// alternate's is passed over with a warning; an alternate (a mirror one
// sync behind) is accepted.
func TestMetalinkMirrorsChecked(t *testing.T) {
	root := t.TempDir()
	stale, good, behind := filepath.Join(root, "stale"), filepath.Join(root, "good"), filepath.Join(root, "behind")
	writeFaultRepo(t, stale, faultPkgs("stale", 5), "gz")
	writeFaultRepo(t, good, faultPkgs("good", 20), "gz")
	writeFaultRepo(t, behind, faultPkgs("behind", 7), "gz")
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	mirrors := map[string]int{
		"rsync://mirror.invalid/pub/":   100,
		"ftp://mirror.invalid/pub/":     100,
		srv.URL + "/stale/":             99,
		srv.URL + "/good/":              98,
		srv.URL + "/status/500/broken/": 97,
	}
	writeMetalink(t, filepath.Join(root, "metalink.xml"), readRepomdFile(t, good), nil, mirrors)
	env, w := faultEnv(t)
	spec := repoSpec{ID: "epel", Metalink: srv.URL + "/metalink.xml", Origin: "test"}
	r, err := loadRepo(faultCtx(t), env, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.URL != srv.URL+"/good/" || r.Visible.Len() != 20 {
		t.Errorf("loaded %s with %d packages, want the good mirror's 20", r.Info.URL, r.Visible.Len())
	}
	if msgs := w.All(); !strings.Contains(msgs, srv.URL+"/stale/repodata/repomd.xml does not match the metalink") {
		t.Errorf("warnings %q do not name the stale mirror", msgs)
	}

	// The stale mirror serves the previous repomd.xml, an alternate: taken.
	writeMetalink(t, filepath.Join(root, "metalink.xml"), readRepomdFile(t, good), [][]byte{readRepomdFile(t, behind)},
		map[string]int{srv.URL + "/behind/": 99, srv.URL + "/good/": 98})
	r, err = loadRepo(faultCtx(t), env, spec, nil)
	if err != nil || r.Info.URL != srv.URL+"/behind/" {
		t.Errorf("alternate: loaded %v, %v; want the mirror one sync behind", r, err)
	}

	// No mirror serves what the metalink describes: an error naming each.
	writeMetalink(t, filepath.Join(root, "metalink.xml"), readRepomdFile(t, good), nil,
		map[string]int{srv.URL + "/stale/": 99, srv.URL + "/behind/": 98})
	_, err = loadRepo(faultCtx(t), env, spec, nil)
	if err == nil || !strings.Contains(err.Error(), "/stale/repodata/repomd.xml does not match") || !strings.Contains(err.Error(), "/behind/repodata/repomd.xml does not match") {
		t.Errorf("err = %v; want both mirrors named", err)
	}
}

// A metalink that is an error page, or lists no usable mirror, fails
// naming the repository and the metalink.
func TestMetalinkBad(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "page.html"), []byte("<html><body>Service unavailable</body></html>"), 0o644)
	writeMetalink(t, filepath.Join(root, "rsync-only.xml"), []byte("x"), nil, map[string]int{"rsync://mirror.invalid/pub/": 100})
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	env, _ := faultEnv(t)
	for name, want := range map[string]string{
		"page.html":      "not a metalink document",
		"rsync-only.xml": "no http or https mirror",
		"missing.xml":    "not found",
	} {
		spec := repoSpec{ID: "epel", Metalink: srv.URL + "/" + name, Origin: "epel.repo:3"}
		_, err := loadRepo(faultCtx(t), env, spec, nil)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "repo epel (epel.repo:3)") || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v; want %q naming the repository and the metalink", name, err, want)
		}
	}
}

// A repository read over plain http with no signature check is named in a
// warning; with gpgcheck, over https, from a local directory, or through a
// metalink fetched over https, it is not.
func TestPlainHTTPWarning(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "r"), faultPkgs("p", 3), "gz")
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	env, w := faultEnv(t)
	spec := repoSpec{ID: "plain", URLs: []string{srv.URL + "/r"}, Origin: "deps.toml"}
	if _, err := loadRepo(faultCtx(t), env, spec, nil); err != nil {
		t.Fatal(err)
	}
	want := "repo plain (deps.toml): " + srv.URL + "/r is plain http and gpgcheck and repo_gpgcheck are off"
	if msgs := w.All(); !strings.Contains(msgs, want) {
		t.Errorf("warnings %q; want %q", msgs, want)
	}
	for _, s := range []repoSpec{
		{ID: "checked", URLs: []string{"http://mirror.invalid/r"}, GPGCheck: true},
		{ID: "signed", URLs: []string{"http://mirror.invalid/r"}, RepoGPGCheck: true},
		{ID: "tls", URLs: []string{"https://mirror.invalid/r"}},
		{ID: "local", URLs: []string{root + "/r"}},
		{ID: "metalink", URLs: []string{"http://mirror.invalid/r"}, Metalink: "https://mm.invalid/metalink", metalink: &repodata.Metalink{}},
	} {
		if msg := s.plainHTTPWarning(s.URLs[0]); msg != "" {
			t.Errorf("%s: warned %q", s.ID, msg)
		}
	}
}

// --offline: a metalink repository is served from the index cached when
// the metalink last led to a mirror, without asking anything.
func TestMetalinkOffline(t *testing.T) {
	root := t.TempDir()
	good := filepath.Join(root, "good")
	writeFaultRepo(t, good, faultPkgs("good", 6), "gz")
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	writeMetalink(t, filepath.Join(root, "metalink.xml"), readRepomdFile(t, good), nil, map[string]int{srv.URL + "/good/": 90})
	env, _ := faultEnv(t)
	spec := repoSpec{ID: "epel", Metalink: srv.URL + "/metalink.xml", Origin: "test"}
	if _, err := loadRepo(faultCtx(t), env, spec, nil); err != nil {
		t.Fatal(err)
	}
	before := srv.Requests.Load()
	env.Offline = true
	r, err := loadRepo(faultCtx(t), env, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Visible.Len() != 6 || !r.Info.Cached {
		t.Errorf("offline: %d packages, cached %v", r.Visible.Len(), r.Info.Cached)
	}
	if n := srv.Requests.Load() - before; n != 0 {
		t.Errorf("%d requests offline", n)
	}
}

// A remote mirrorlist cannot send deps to a local directory: its file://
// and path entries are ignored with a warning.
func TestRemoteMirrorlistConfined(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "good"), faultPkgs("good", 2), "gz")
	local := filepath.Join(root, "local")
	writeFaultRepo(t, local, faultPkgs("local", 9), "gz")
	srv := fixtures.NewRepoServer(root)
	defer srv.Close()
	os.WriteFile(filepath.Join(root, "mirrors"), []byte("file://"+local+"/\n"+srv.URL+"/good/\n"), 0o644)
	env, w := faultEnv(t)
	r, err := loadRepo(faultCtx(t), env, repoSpec{ID: "m", Mirrorlist: srv.URL + "/mirrors", Origin: "test"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.URL != srv.URL+"/good/" {
		t.Errorf("loaded %s, want the http mirror", r.Info.URL)
	}
	if msgs := w.All(); !strings.Contains(msgs, "names file://"+local+"/: not an http or https mirror, ignored") {
		t.Errorf("warnings %q", msgs)
	}
}
