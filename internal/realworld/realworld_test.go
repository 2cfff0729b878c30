// Package realworld holds the acceptance test against the real Python
// index: the sample app's real dependency world (testdata/realworld),
// synced with the host profile, installed by dnf, run from the installed
// root.
package realworld

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// moduleRoot is the repository's root, two levels up.
func moduleRoot(t *testing.T) string {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// requireIndex checks that the index pip is set up to use answers; where
// it does not, the test cannot run (and fails under DEPS_REQUIRE_TOOLS=1).
func requireIndex(t *testing.T) {
	index := os.Getenv("PIP_INDEX_URL")
	if index == "" {
		index = "https://pypi.org/simple/"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(index, "/")+"/setuptools/", nil)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("HTTP %s", resp.Status)
		}
	}
	if err != nil {
		testenv.Unavailable(t, "the Python index %s cannot be reached: %v", index, err)
	}
}

// buildDeps builds the deps command into dir.
func buildDeps(t *testing.T, dir string) string {
	bin := filepath.Join(dir, "deps")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/deps")
	cmd.Dir = moduleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// hostBase is the installed base the offline repository relies on: what a
// host running these RPMs has (a shell, useradd, a python3 that is this
// machine's).
func hostBase(t *testing.T, dir string) {
	ctx := context.Background()
	out, err := exec.Command("/usr/bin/python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])").Output()
	if err != nil {
		t.Fatalf("/usr/bin/python3: %v", err)
	}
	abi := strings.TrimSpace(string(out))
	err = fixtures.BuildRPMs(ctx, dir, []fixtures.RPM{
		{Name: "bash", Version: "5.2", Provides: []string{"/bin/sh"}, Files: []string{"/bin/sh", "/usr/bin/bash"}},
		{Name: "shadow-utils", Version: "4.13", Files: []string{"/usr/sbin/useradd", "/usr/sbin/groupadd"}},
		{Name: "glibc", Version: "2.36", Arch: "x86_64", Provides: glibcProvides(), Files: []string{"/usr/bin/getent"}},
		{Name: "python3", Version: abi, Provides: []string{"python(abi) = " + abi}, Files: []string{"/usr/bin/python3"}},
	})
	if err == nil {
		err = fixtures.Createrepo(ctx, dir)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// glibcProvides is what glibc 2.36 provides to the C extensions built
// here: its libraries, with every symbol version up to 2.36.
func glibcProvides() []string {
	out := []string{"libc.so.6()(64bit)", "libm.so.6()(64bit)", "libpthread.so.0()(64bit)", "rtld(GNU_HASH)"}
	versions := []string{"2.2.5", "2.3", "2.3.2", "2.3.3", "2.3.4"}
	for minor := 4; minor <= 36; minor++ {
		versions = append(versions, fmt.Sprintf("2.%d", minor))
	}
	for _, v := range versions {
		for _, lib := range []string{"libc.so.6", "libm.so.6", "libpthread.so.0"} {
			out = append(out, fmt.Sprintf("%s(GLIBC_%s)(64bit)", lib, v))
		}
	}
	return out
}

const config = `
[app]
name = "cdhboot"
version = "0.1"
summary = "Web UI to boot CDH clusters"
license = "MIT"
source = "cdhboot"
requirements = ["requirements.txt"]
prefix = "/opt/cdhboot"
user = "sysadmin"
config_files = ["conf/cdhboot.ini"]

[[app.service]]
name = "cdhboot-web"
exec = "/usr/bin/python3 /opt/cdhboot/supervisor/server_cherrypy.py"
working_dir = "/opt/cdhboot"
environment = { CDHBOOT_PORT = "%d" }

[[app.service]]
name = "cdhboot-worker"
exec = "/usr/bin/celery -A cdhboot.tasks worker --pool solo --concurrency 1 --loglevel INFO"
working_dir = "/opt/cdhboot"
environment = { CDHBOOT_BROKER = "memory://" }

[target]
profile = "host"

[[repo]]
name = "base"
baseurl = "base"
installed = true
`

// TestRealWorld syncs the sample app's real world from the real index
// (every project built from its sdist with its real build backend, the
// backends themselves built first), installs the app with dnf into a
// scratch root, and runs both services from that root.
// Where the index cannot be reached it skips saying why, and fails under
// DEPS_REQUIRE_TOOLS=1 (CI). -short skips it: it builds 53 packages.
func TestRealWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the real-world sync builds 53 packages from the real index")
	}
	for _, tool := range []string{"rpmbuild", "createrepo_c", "dnf", "gcc"} {
		testenv.RequireTool(t, tool)
	}
	requireIndex(t)
	root := moduleRoot(t)
	work := t.TempDir()
	bin := buildDeps(t, work)
	app := filepath.Join(work, "app")
	if err := os.CopyFS(filepath.Join(app, "cdhboot"), os.DirFS(filepath.Join(root, "sample", "cdhboot"))); err != nil {
		t.Fatal(err)
	}
	reqs, err := os.ReadFile(filepath.Join(root, "testdata", "realworld", "requirements.txt"))
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	files := map[string]string{
		"requirements.txt": string(reqs),
		"deps.toml":        fmt.Sprintf(config, port),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(app, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hostBase(t, filepath.Join(app, "base"))

	// A cache of its own: the run is cold, as a new user's is.
	cacheDir := filepath.Join(work, "cache")
	syncCmd := exec.Command(bin, "sync", "-c", filepath.Join(app, "deps.toml"), "--cache-dir", cacheDir)
	out, err := syncCmd.CombinedOutput()
	t.Logf("deps sync:\n%s", out)
	if err != nil {
		t.Fatalf("deps sync: %v", err)
	}
	if !strings.Contains(string(out), "closure: complete") {
		t.Fatal("deps sync did not report a closed repository")
	}
	// Nothing changed: nothing is rebuilt.
	again, err := exec.Command(bin, "sync", "-c", filepath.Join(app, "deps.toml"), "--cache-dir", cacheDir).CombinedOutput()
	if err != nil || !regexp.MustCompile(`(?m)^build: +0 built, 53 unchanged, 0 failed, 0 skipped$`).Match(again) ||
		!strings.Contains(string(again), "repodata unchanged") {
		t.Fatalf("no-op sync: %v\n%s", err, again)
	}

	installed := filepath.Join(work, "root")
	dnf := exec.Command("dnf", "-y", "-q", "--installroot="+installed, "--disableplugin=*", "--setopt=reposdir=/dev/null",
		"--setopt=cachedir="+filepath.Join(work, "dnfcache"), "--releasever=9", "--nogpgcheck",
		"--setopt=tsflags=noscripts", "--setopt=install_weak_deps=False",
		"--repofrompath=offline,file://"+filepath.Join(app, "out", "repo"),
		"--repofrompath=base,file://"+filepath.Join(app, "base"), "install", "cdhboot")
	if out, err := dnf.CombinedOutput(); err != nil {
		t.Fatalf("dnf install cdhboot: %v\n%s", err, out)
	}

	t.Run("web", func(t *testing.T) { runWeb(t, installed, port) })
	t.Run("worker", func(t *testing.T) { runWorker(t, installed) })
	t.Run("task", func(t *testing.T) { runTask(t, installed) })
}

// unit reads the installed systemd unit of a service: its ExecStart,
// WorkingDirectory and Environment.
func unit(t *testing.T, root, name string) (exec []string, dir string, env []string) {
	f, err := os.Open(filepath.Join(root, "usr/lib/systemd/system", name+".service"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		switch k {
		case "ExecStart":
			exec = strings.Fields(v)
		case "WorkingDirectory":
			dir = v
		case "Environment":
			env = append(env, strings.Trim(v, `"`))
		}
	}
	if len(exec) == 0 {
		t.Fatalf("%s: no ExecStart", name)
	}
	return exec, dir, env
}

// fromRoot runs a unit's command as the unit specifies it (its working
// directory and environment, User aside) with every path taken inside the
// installed root and this machine's python3 -S: the standard library and
// nothing but what the root holds.
func fromRoot(t *testing.T, ctx context.Context, root, service string) *exec.Cmd {
	argv, dir, env := unit(t, root, service)
	inRoot := func(p string) string { return filepath.Join(root, p) }
	var args []string
	if argv[0] != "/usr/bin/python3" {
		args = append(args, inRoot(argv[0])) // a console script: its shebang is /usr/bin/python3
	}
	for _, a := range argv[1:] {
		if strings.HasPrefix(a, "/") {
			a = inRoot(a)
		}
		args = append(args, a)
	}
	site, err := filepath.Glob(inRoot("usr/lib/python3*/*-packages"))
	if err != nil || len(site) == 0 {
		t.Fatalf("no site-packages in the installed root: %v", err)
	}
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", append([]string{"-S"}, args...)...)
	cmd.Dir = inRoot(dir)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=" + t.TempDir()}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if k == "PYTHONPATH" {
			var dirs []string
			for _, d := range strings.Split(v, ":") {
				dirs = append(dirs, inRoot(d))
			}
			v = strings.Join(append(dirs, site...), ":")
		}
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if !strings.Contains(strings.Join(cmd.Env, "\n"), "PYTHONPATH=") {
		t.Fatalf("%s: the unit puts nothing on PYTHONPATH; the app would not import", service)
	}
	cmd.Cancel = func() error { return cmd.Process.Kill() }
	return cmd
}

// startService starts a unit's command from the root (see fromRoot) for at
// most a minute; the returned context ends with it, and the process is
// killed when the test ends.
func startService(t *testing.T, root, service string) (context.Context, *lockedBuffer) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	cmd := fromRoot(t, ctx, root, service)
	logs := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	return ctx, logs
}

func runWeb(t *testing.T, root string, port int) {
	ctx, logs := startService(t, root, "cdhboot-web")
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	for ctx.Err() == nil {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || string(body) != "cdhboot" {
				t.Fatalf("GET %s: %s %q", url, resp.Status, body)
			}
			// CherryPy's engine says so when its server serves (the line
			// may come just after the first answer).
			for ctx.Err() == nil && !strings.Contains(logs.String(), "ENGINE Serving on") {
				time.Sleep(100 * time.Millisecond)
			}
			if ctx.Err() != nil {
				t.Errorf("GET %s answered, but not through CherryPy's engine; its output:\n%s", url, logs)
			}
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the web unit never answered on %s; its output:\n%s", url, logs)
}

func runWorker(t *testing.T, root string) {
	ctx, logs := startService(t, root, "cdhboot-worker")
	for ctx.Err() == nil {
		if strings.Contains(logs.String(), "ready.") {
			if !strings.Contains(logs.String(), "cdhboot.tasks.install_cluster") {
				t.Errorf("the worker is ready but lists no cdhboot task:\n%s", logs)
			}
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the worker unit never got ready; its output:\n%s", logs)
}

// runTask sends a task to a Celery worker over the in-memory broker and
// waits for its result, all from the installed root.
func runTask(t *testing.T, root string) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := fromRoot(t, ctx, root, "cdhboot-worker")
	cmd.Args = []string{"/usr/bin/python3", "-S", "-c", `
from celery.contrib.testing.worker import start_worker
from cdhboot.tasks import celery, install_cluster
celery.conf.update(result_backend="cache+memory://")
with start_worker(celery, pool="solo", perform_ping_check=False):
    print(install_cluster.delay("cluster-1").get(timeout=30))
`}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "installing cluster-1") {
		t.Fatalf("celery task: %v\n%s", err, out)
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
