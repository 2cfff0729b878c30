package repodata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestResolveRefusesEscapes(t *testing.T) {
	for _, tc := range []struct{ base, rel string }{
		{"https://h/os/", "file:///etc/shadow"},
		{"https://h/os/", "file:///dev/zero"},
		{"https://h/os/", "https://other/x.rpm"},
		{"https://h/os/", "//other/x.rpm"},
		{"https://h/os/", "/etc/passwd"},
		{"https://h/os/", "../../etc/passwd"},
		{"https://h/os/", "Packages/../../secret"},
		{"http://h/os", "ftp://h/os/x.rpm"},
		{"/srv/repo", "../../etc/passwd"},
		{"/srv/repo", "/etc/passwd"},
		{"/srv/repo", "file:///etc/passwd"},
		{"/srv/repo", "https://h/x.rpm"},
		{"file:///srv/repo", "Packages/../../../etc/passwd"},
		{"/srv/repo", ""},
	} {
		got, err := Resolve(tc.base, tc.rel)
		var esc *EscapeError
		if !errors.As(err, &esc) {
			t.Errorf("Resolve(%q, %q) = %q, %v; want an EscapeError", tc.base, tc.rel, got, err)
		}
	}
}

// hostileRepo serves a repomd.xml whose primary is href.
func hostileRepo(t *testing.T, href string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/os/repodata/repomd.xml" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<repomd xmlns="http://linux.duke.edu/metadata/repo"><data type="primary">`+
			`<checksum type="sha256">%064x</checksum><location href=%q/><size>1806</size></data></repomd>`, 0, href)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// A remote repository's repomd.xml naming a local file: refused before
// anything is opened, at once (file:///dev/zero would never end).
func TestLoadRepoRemoteNamesLocalFile(t *testing.T) {
	for _, href := range []string{"file:///etc/shadow", "file:///dev/zero", "/etc/passwd", "../../../etc/passwd", "http://other.invalid/primary.xml"} {
		t.Run(href, func(t *testing.T) {
			srv := hostileRepo(t, href)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := LoadRepo(ctx, srv.Client(), "evil", srv.URL+"/os/")
			var esc *EscapeError
			if !errors.As(err, &esc) || esc.Location != href {
				t.Fatalf("err = %v; want an EscapeError for %q", err, href)
			}
		})
	}
}

// A local repository cannot be left through "..", an absolute path or a
// symbolic link, and a FIFO or device inside it is not opened.
func TestOpenLocalConfined(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "repo")
	if err := os.MkdirAll(filepath.Join(root, "repodata"), 0o755); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "repodata", "ok.xml"), []byte("ok"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"out": secret, "zero": "/dev/zero", "up": "../../secret", "in": "ok.xml"} {
		if err := os.Symlink(target, filepath.Join(root, "repodata", name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "repodata", "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{root, "file://" + root} {
		for _, rel := range []string{"../secret", "repodata/../../secret", secret, "repodata/out", "repodata/up", "repodata/zero", "repodata/fifo"} {
			done := make(chan error, 1)
			go func() {
				f, err := OpenLocal(base, rel)
				if err == nil {
					f.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				var esc *EscapeError
				if !errors.As(err, &esc) {
					t.Errorf("OpenLocal(%q, %q): %v; want an EscapeError", base, rel, err)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("OpenLocal(%q, %q) blocked", base, rel)
			}
		}
		for _, rel := range []string{"repodata/ok.xml", "repodata/in", "repodata/../repodata/ok.xml"} {
			f, err := OpenLocal(base, rel)
			if err != nil {
				t.Errorf("OpenLocal(%q, %q): %v", base, rel, err)
				continue
			}
			f.Close()
		}
	}
}

// A mirror that redirects to a local file gets nothing: the client follows
// only http and https.
func TestLoadRepoRedirectToFile(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := LoadRepo(ctx, srv.Client(), "evil", srv.URL+"/os/")
	if err == nil || !strings.Contains(err.Error(), "unsupported protocol scheme") {
		t.Fatalf("err = %v; want the redirect refused", err)
	}
}
