package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// throttledRepos serves the sample's repositories over HTTP; while slowRPM
// (slowMeta) is set, package (metadata) bodies trickle out 1 KiB every
// 300ms, so a test can kill deps in the middle of a download.
type throttledRepos struct {
	*httptest.Server
	dir               string
	slowRPM, slowMeta atomic.Bool
}

func newThrottledRepos(t *testing.T, dir string) *throttledRepos {
	s := &throttledRepos{dir: dir}
	files := http.FileServer(http.Dir(dir))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slow := s.slowMeta.Load()
		if strings.HasSuffix(r.URL.Path, ".rpm") {
			slow = s.slowRPM.Load()
		}
		if !slow || r.Header.Get("Range") != "" {
			files.ServeHTTP(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		for len(data) > 0 {
			n := min(1024, len(data))
			if _, err := w.Write(data[:n]); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			data = data[n:]
			select {
			case <-r.Context().Done():
				return
			case <-time.After(300 * time.Millisecond):
			}
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// sampleConfig writes a deps.toml for the bundled sample whose
// repositories are at baseURL and whose other inputs stay in sample.
func sampleConfig(t *testing.T, sample, baseURL string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sample, "deps.toml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for old, repl := range map[string]string{
		`baseurl = "repos/`:                   `baseurl = "` + baseURL + `/`,
		`source = "cdhboot"`:                  `source = "` + filepath.Join(sample, "cdhboot") + `"`,
		`requirements = ["requirements.txt"]`: `requirements = ["` + filepath.Join(sample, "requirements.txt") + `"]`,
		`index = "index"`:                     `index = "` + filepath.Join(sample, "index") + `"`,
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("sample deps.toml has no %q", old)
		}
		text = strings.ReplaceAll(text, old, repl)
	}
	cfg := filepath.Join(t.TempDir(), "deps.toml")
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// depsRun is one deps process started in a process group of its own, its
// stderr lines collected as they come.
type depsRun struct {
	cmd    *exec.Cmd
	stdout strings.Builder
	mu     sync.Mutex
	lines  []string
	done   chan struct{}
	err    error
}

func startDeps(t *testing.T, bin string, env []string, args ...string) *depsRun {
	t.Helper()
	r := &depsRun{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	r.cmd.Env = append(os.Environ(), env...)
	r.cmd.Stdout = &r.stdout
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			r.mu.Lock()
			r.lines = append(r.lines, sc.Text())
			r.mu.Unlock()
		}
		io.Copy(io.Discard, stderr)
		r.err = r.cmd.Wait()
		close(r.done)
	}()
	t.Cleanup(func() { r.kill(); <-r.done })
	return r
}

// saw reports whether a stderr line starts with prefix.
func (r *depsRun) saw(prefix string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func (r *depsRun) stderr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n")
}

// kill sends SIGKILL to the process group: deps and the tools it runs in
// it, as kill -9 of a shell job does.
func (r *depsRun) kill() { syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL) }

// waitFor polls cond until it holds; it fails the test when deps ends
// first or the deadline passes.
func (r *depsRun) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for !cond() {
		select {
		case <-r.done:
			t.Fatalf("deps ended (%v) before %s; stderr:\n%s", r.err, what, r.stderr())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s after 5 minutes; stderr:\n%s", what, r.stderr())
		}
	}
}

// wait waits for deps to end and returns its exit status.
func (r *depsRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(10 * time.Minute):
		t.Fatalf("deps still running after 10 minutes; stderr:\n%s", r.stderr())
	}
	if r.err == nil {
		return 0
	}
	if ee, ok := r.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	t.Fatal(r.err)
	return -1
}

// globAny reports whether pattern matches a file.
func globAny(pattern string) bool {
	m, _ := filepath.Glob(pattern)
	return len(m) > 0
}

// checkCache asserts that every package in the cache's rpms-v1 bucket is
// what its name says: a file named by a sha256 digest has that digest.
// Partial downloads (.part) are allowed only when partialOK.
func checkCache(t *testing.T, cacheDir string, partialOK bool) {
	t.Helper()
	dir := filepath.Join(cacheDir, "rpms-v1")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("cache: %v", err)
	}
	for _, e := range ents {
		name := e.Name()
		switch {
		case strings.HasSuffix(name, ".part"):
			if !partialOK {
				t.Errorf("cache: partial download %s left after a complete run", name)
			}
			continue
		case strings.HasPrefix(name, "."):
			t.Errorf("cache: temporary file %s left behind", name)
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != name {
			t.Errorf("cache: %s holds content with sha256 %s", name, got)
		}
	}
}

// checkUnlocked asserts that nothing holds the output directory's lock.
func checkUnlocked(t *testing.T, out string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(out, ".deps.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The kernel drops the lock when the killed process's last file
	// descriptor closes; on a loaded machine that can lag the exit of the
	// process we waited for by a moment. A lock still held after seconds
	// is a stale one.
	var err2 error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err2 = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err2 == nil {
			syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			return
		}
	}
	t.Errorf("%s/.deps.lock is still held 5 s after its holder was killed: %v", out, err2)
}
