package pipeline

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/testenv"
)

// noopWorld is an application with one project built from a fake index
// (requirements.txt includes the file that names it) and a copy of the
// sample's base system as its installed repository, synced on this host.
type noopWorld struct {
	dir string
	py  *fixtures.PyPI
	env deps.Env
}

func newNoopWorld(t *testing.T) *noopWorld {
	testenv.RequireTool(t, "rpmbuild")
	createrepo := testenv.RequireTool(t, "createrepo_c")
	w := &noopWorld{dir: t.TempDir(), env: testEnv(t)}
	w.py = fixtures.NewPyPI(t, fixtures.PyProject{Name: "tinylib", Releases: []fixtures.PyRelease{{Sdist: fixtures.Sdist{
		Name: "tinylib", Version: "1.0", License: "MIT", MetadataVersion: "2.1", Backend: "pyproject-setuptools", BuildRequires: []string{}}}}})
	base := filepath.Join(w.dir, "base")
	rpms, err := filepath.Glob(filepath.Join("..", "..", "sample", "repos", "baseos", "*.rpm"))
	if err != nil || len(rpms) == 0 {
		t.Fatalf("the sample's base: %v", err)
	}
	for _, r := range rpms {
		data, err := os.ReadFile(r)
		if err != nil {
			t.Fatal(err)
		}
		w.write(t, filepath.Join("base", filepath.Base(r)), string(data))
	}
	if out, err := exec.Command(createrepo, "-q", base).CombinedOutput(); err != nil {
		t.Fatalf("createrepo_c: %v\n%s", err, out)
	}
	w.write(t, "deps.toml", `[app]
name = "noopapp"
version = "0.1"
summary = "An app synced twice"
license = "MIT"
source = "src"
requirements = ["requirements.txt"]
[[app.service]]
name = "noopapp"
unit = "noopapp.service"
[target]
profile = "host"
[profile]
python_version = "3.9"
python_full_version = "3.9.18"
[build]
host_backends = true
[pypi]
index = "`+w.py.IndexURL()+`"
[[repo]]
name = "base"
baseurl = "base"
installed = true
`)
	w.write(t, "requirements.txt", "-r more.txt\n")
	w.write(t, "more.txt", "tinylib${TINYLIB_SPEC}\n")
	w.write(t, "src/app.py", "import tinylib\n")
	w.write(t, "noopapp.service", "[Service]\nExecStart=/usr/bin/python3 /opt/noopapp/app.py\n")
	return w
}

func (w *noopWorld) write(t *testing.T, name, text string) {
	t.Helper()
	path := filepath.Join(w.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (w *noopWorld) appendTo(t *testing.T, name, text string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	w.write(t, name, string(data)+text)
}

// sync runs deps sync as the command line would: deps.toml read afresh,
// then what flags set (edit), the options opt.
func (w *noopWorld) sync(t *testing.T, opt SyncOptions, edit func(*config.Config)) *deps.SyncReport {
	t.Helper()
	cfg, err := config.Load(filepath.Join(w.dir, "deps.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(cfg)
	}
	opt.KeepGoing = true
	rep, err := Sync(t.Context(), w.env, cfg, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Closed() {
		t.Fatalf("not closed: %+v %v", rep.Closure, rep.Incomplete)
	}
	return rep
}

// snapshot is every file below dir: path, mode, modification time and
// content digest.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		sum := ""
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sum = fmt.Sprintf("%x", sha256.Sum256(data))
		}
		files[path] = fmt.Sprintf("%v %d %s", fi.Mode(), fi.ModTime().UnixNano(), sum)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSyncNoOp: a sync with nothing changed since the last complete one
// plans nothing (no request to the index), builds nothing and changes
// nothing in out/; a change of any input runs every stage again, after
// which nothing changed again.
func TestSyncNoOp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a project and an app with rpmbuild")
	}
	t.Setenv("TINYLIB_SPEC", ">=0.1")
	w := newNoopWorld(t)
	out := filepath.Join(w.dir, "out")
	first := w.sync(t, SyncOptions{}, nil)
	if first.Unchanged || len(first.Built) != 2 {
		t.Fatalf("first sync: unchanged %v, built %+v", first.Unchanged, first.Built)
	}

	// noOp checks that the next sync, with opt and edit, does nothing.
	noOp := func(t *testing.T, opt SyncOptions, edit func(*config.Config)) {
		t.Helper()
		w.py.ResetLog()
		before := snapshot(t, out)
		rep := w.sync(t, opt, edit)
		if !rep.Unchanged || rep.Rewrote {
			t.Errorf("nothing changed, yet the sync ran (unchanged %v, rewrote %v, stages %v)", rep.Unchanged, rep.Rewrote, rep.Stages)
		}
		if n := len(w.py.Requests()); n != 0 {
			t.Errorf("a no-op sync made %d index requests: %v", n, w.py.Requests())
		}
		for _, b := range rep.Built {
			if b.Status != "cached" {
				t.Errorf("no-op: %s %s", b.Name, b.Status)
			}
		}
		after := snapshot(t, out)
		for path, v := range before {
			if after[path] != v {
				t.Errorf("no-op sync changed %s", path)
			}
		}
		for path := range after {
			if _, ok := before[path]; !ok {
				t.Errorf("no-op sync wrote %s", path)
			}
		}
	}
	noOp(t, SyncOptions{}, nil)

	for _, tc := range []struct {
		name   string
		change func(t *testing.T)
		opt    SyncOptions
		edit   func(*config.Config)
		built  string // the build this change redoes
		same   bool   // not a change: the sync is a no-op
	}{
		{name: "deps.toml", change: func(t *testing.T) { w.appendTo(t, "deps.toml", "# edited\n") }},
		{name: "requirements file", change: func(t *testing.T) { w.appendTo(t, "requirements.txt", "# edited\n") }},
		{name: "included requirements file", change: func(t *testing.T) { w.appendTo(t, "more.txt", "# edited\n") }},
		{name: "lock", change: func(t *testing.T) { w.appendTo(t, "deps.lock", "# edited\n") }},
		{name: "repository metadata", change: func(t *testing.T) {
			if out, err := exec.Command("createrepo_c", "-q", "--revision", "2", filepath.Join(w.dir, "base")).CombinedOutput(); err != nil {
				t.Fatalf("createrepo_c: %v\n%s", err, out)
			}
		}},
		{name: "application source", change: func(t *testing.T) { w.write(t, "src/app.py", "import tinylib  # edited\n") }, built: "noopapp"},
		{name: "unit file", change: func(t *testing.T) { w.appendTo(t, "noopapp.service", "Restart=always\n") }, built: "noopapp"},
		{name: "index flag", opt: SyncOptions{Plan: PlanOptions{ExtraIndexes: []string{w.py.IndexURL()}}}},
		{name: "setting from the command line", edit: func(c *config.Config) { c.Map = map[string]string{"unrelated": "python3-unrelated"} }},
		{name: "output removed", change: func(t *testing.T) {
			if err := os.Remove(filepath.Join(out, "repo", "python3-tinylib-1.0-1.noarch.rpm")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "--refresh", opt: SyncOptions{Refresh: true}},
		{name: "-j is no change", opt: SyncOptions{Jobs: 1}, edit: func(c *config.Config) { c.Build.Jobs = 3 }, same: true},
		{name: "--upgrade", opt: SyncOptions{Upgrade: true}},
		{name: "files the app does not pack are no change", same: true, change: func(t *testing.T) {
			w.write(t, "src/__pycache__/app.cpython-39.pyc", "bytecode")
			w.write(t, "src/.git/HEAD", "ref: refs/heads/main\n")
		}},
		// Last: the variable is back as it was once the subtest ends.
		{name: "${VAR} in a requirements file", change: func(t *testing.T) { t.Setenv("TINYLIB_SPEC", ">=1.0") }, built: "noopapp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.change != nil {
				tc.change(t)
			}
			if tc.same {
				noOp(t, tc.opt, tc.edit)
				return
			}
			w.py.ResetLog()
			rep := w.sync(t, tc.opt, tc.edit)
			if _, planned := rep.Stages["plan"]; rep.Unchanged || !planned {
				t.Fatalf("the sync did not plan after the change (unchanged %v, stages %v)", rep.Unchanged, rep.Stages)
			}
			for _, b := range rep.Built {
				if want := map[bool]string{true: "built", false: "cached"}[b.Name == tc.built]; b.Status != want {
					t.Errorf("%s %s, want %s", b.Name, b.Status, want)
				}
			}
			if _, err := os.Stat(filepath.Join(out, "repo", "python3-tinylib-1.0-1.noarch.rpm")); err != nil {
				t.Error(err)
			}
			// And then nothing changed again (--refresh and --upgrade are
			// not kept: their next run is a plain one).
			opt := tc.opt
			opt.Refresh, opt.Upgrade = false, false
			noOp(t, opt, tc.edit)
		})
	}
}
