package pypi

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deps-rpm/deps/internal/testenv"
)

func TestParseVCSURL(t *testing.T) {
	for _, tc := range []struct {
		in, vcs, url, rev, egg, sub string
	}{
		{"git+https://github.com/celery/kombu.git", "git", "https://github.com/celery/kombu.git", "", "", ""},
		{"git+https://github.com/example/mylib.git@v1.2#egg=mylib", "git", "https://github.com/example/mylib.git", "v1.2", "mylib", ""},
		{"git+ssh://git@host/org/repo.git@main#egg=x&subdirectory=pkg", "git", "ssh://git@host/org/repo.git", "main", "x", "pkg"},
		{"git+https://user@host/repo@0123abc", "git", "https://user@host/repo", "0123abc", "", ""},
		{"git+file:///srv/repo@refs/tags/v1", "git", "file:///srv/repo", "refs/tags/v1", "", ""},
		{"hg+https://hg.example/repo@tip", "hg", "https://hg.example/repo", "tip", "", ""},
	} {
		r, err := ParseVCSURL(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if r.VCS != tc.vcs || r.URL != tc.url || r.Rev != tc.rev || r.Egg != tc.egg || r.Subdirectory != tc.sub {
			t.Errorf("%s: got %+v", tc.in, r)
		}
		if r.String() != tc.in {
			t.Errorf("%s: String() = %s", tc.in, r.String())
		}
	}
}

// gitIn returns a runner of git commands in dir, as a fixed committer
// without signing; a failing command fails the test.
func gitIn(t *testing.T, dir string) func(args ...string) string {
	testenv.RequireTool(t, "git")
	return func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.invalid",
			"-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
}

// gitRepo makes a repository with tag v1 on the first commit, main one
// commit ahead, and a branch "other" with a commit of its own.
func gitRepo(t *testing.T) (dir string, commits map[string]string) {
	dir = t.TempDir()
	git := gitIn(t, dir)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commits = map[string]string{}
	git("init", "-q", "-b", "main")
	write("version.txt", "1\n")
	git("add", ".")
	git("commit", "-q", "-m", "one")
	git("tag", "v1")
	commits["v1"] = git("rev-parse", "HEAD")
	write("version.txt", "2\n")
	git("commit", "-q", "-am", "two")
	commits["main"] = git("rev-parse", "HEAD")
	git("checkout", "-q", "-b", "other", "v1")
	write("version.txt", "other\n")
	git("commit", "-q", "-am", "other")
	commits["other"] = git("rev-parse", "HEAD")
	git("checkout", "-q", "main")
	return dir, commits
}

func TestGitCheckout(t *testing.T) {
	repo, commits := gitRepo(t)
	for _, tc := range []struct{ rev, commit, content string }{
		{"", commits["main"], "2\n"},
		{"v1", commits["v1"], "1\n"},
		{"other", commits["other"], "other\n"}, // a branch that is not the default
		{commits["v1"], commits["v1"], "1\n"},  // a commit by its name
	} {
		dest := filepath.Join(t.TempDir(), "src")
		got, err := GitCheckout(t.Context(), VCSRef{VCS: "git", URL: "file://" + repo, Rev: tc.rev}, dest)
		if err != nil {
			t.Errorf("rev %q: %v", tc.rev, err)
			continue
		}
		data, _ := os.ReadFile(filepath.Join(dest, "version.txt"))
		if got != tc.commit || string(data) != tc.content {
			t.Errorf("rev %q: commit %s (want %s), version.txt %q (want %q)", tc.rev, got, tc.commit, data, tc.content)
		}
	}
	_, err := GitCheckout(t.Context(), VCSRef{VCS: "git", URL: "file://" + repo, Rev: "nosuch"}, filepath.Join(t.TempDir(), "src"))
	if err == nil || !strings.Contains(err.Error(), `no branch, tag or commit "nosuch"`) {
		t.Errorf("a missing ref: %v", err)
	}
	_, err = GitCheckout(t.Context(), VCSRef{VCS: "hg", URL: "https://hg.example/repo"}, filepath.Join(t.TempDir(), "src"))
	if err == nil || !strings.Contains(err.Error(), "hg checkouts are not supported") {
		t.Errorf("hg: %v", err)
	}
}

// The same tree packs to the same bytes (its sha256 stands in a lock),
// without its version-control directory or caches.
func TestPackDirReproducible(t *testing.T) {
	repo, _ := gitRepo(t)
	if err := os.MkdirAll(filepath.Join(repo, "pkg", "__pycache__"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"pkg/__init__.py", "pkg/__pycache__/x.cpython-39.pyc", "pkg/y.pyc"} {
		if err := os.WriteFile(filepath.Join(repo, f), []byte("x = 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum := func() string {
		dest := filepath.Join(t.TempDir(), "p.tar.gz")
		if err := PackDir(t.Context(), repo, "proj-1.0", dest); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(dest)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(data)
		return hex.EncodeToString(h[:])
	}
	first := sum()
	// A later mtime changes nothing.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(repo, "pkg", "__init__.py"), later, later); err != nil {
		t.Fatal(err)
	}
	if again := sum(); again != first {
		t.Errorf("packed twice: %s then %s", first, again)
	}
	dest := filepath.Join(t.TempDir(), "proj-1.0.tar.gz")
	if err := PackDir(t.Context(), repo, "proj-1.0", dest); err != nil {
		t.Fatal(err)
	}
	info, err := ReadSdist(dest, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if info.TopDir != "proj-1.0" {
		t.Errorf("top directory %q", info.TopDir)
	}
	out, err := exec.Command("tar", "-tzf", dest).Output()
	if err != nil {
		t.Fatal(err)
	}
	list := string(out)
	for _, bad := range []string{".git/", "__pycache__", ".pyc"} {
		if strings.Contains(list, bad) {
			t.Errorf("archive holds %s:\n%s", bad, list)
		}
	}
	if !strings.Contains(list, "proj-1.0/pkg/__init__.py") || !strings.Contains(list, "proj-1.0/version.txt") {
		t.Errorf("archive lacks the sources:\n%s", list)
	}
}
