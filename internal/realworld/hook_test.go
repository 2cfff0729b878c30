package realworld

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// dynPyproject is a poetry project: its requirements are in
// [tool.poetry], so only its backend (poetry-core, which this machine's
// Python does not have) can say them.
const dynPyproject = `[tool.poetry]
name = "deps-hookenv-probe"
version = "1.0"
description = "requirements only its backend knows"
authors = ["deps <deps@example.org>"]
packages = [{include = "deps_hookenv_probe"}]

[tool.poetry.dependencies]
python = ">=3.8"
six = ">=1.10"

[build-system]
requires = ["poetry-core==1.9.1"]
build-backend = "poetry.core.masonry.api"
`

// TestHookEnvironment plans an sdist whose requirements only its metadata
// hook can read, whose backend this machine lacks and whose release has no
// wheel: deps gives the hook the backend as pip's build isolation would
// (poetry-core's wheel from the real index) and reads the requirement.
func TestHookEnvironment(t *testing.T) {
	testenv.RequireTool(t, "createrepo_c")
	requireIndex(t)
	if exec.Command("/usr/bin/python3", "-c", "import poetry.core").Run() == nil {
		t.Log("note: this machine's python3 has poetry-core; the test still checks the hook's result")
	}
	work := t.TempDir()
	links := filepath.Join(work, "links")
	writeSdist(t, filepath.Join(links, "deps_hookenv_probe-1.0.tar.gz"), map[string]string{
		"deps_hookenv_probe-1.0/pyproject.toml":                 dynPyproject,
		"deps_hookenv_probe-1.0/deps_hookenv_probe/__init__.py": "",
	})
	base := filepath.Join(work, "base")
	if err := os.MkdirAll(base, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("createrepo_c", "-q", base).CombinedOutput(); err != nil {
		t.Fatalf("createrepo_c: %v\n%s", err, out)
	}
	cfg := filepath.Join(work, "deps.toml")
	if err := os.WriteFile(filepath.Join(work, "requirements.txt"), []byte("deps-hookenv-probe==1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	toml := "[app]\nname = \"x\"\nversion = \"1\"\nrequirements = [\"requirements.txt\"]\n[target]\nprofile = \"host\"\n" +
		"[[repo]]\nname = \"base\"\nbaseurl = \"base\"\ninstalled = true\n"
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := buildDeps(t, work)
	out, err := exec.Command(bin, "plan", "--json", "-c", cfg, "-f", links, "--cache-dir", filepath.Join(work, "cache")).Output()
	if err != nil {
		t.Fatalf("deps plan: %v\n%s", err, out)
	}
	var plan struct {
		Projects []struct {
			Name     string   `json:"name"`
			Source   string   `json:"source"`
			Requires []string `json:"requires"`
		} `json:"projects"`
		Unreadable []string `json:"unreadable"`
	}
	if err := json.Unmarshal(out, &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Unreadable) > 0 {
		t.Fatalf("unreadable: %v", plan.Unreadable)
	}
	i := slices.IndexFunc(plan.Projects, func(p struct {
		Name     string   `json:"name"`
		Source   string   `json:"source"`
		Requires []string `json:"requires"`
	}) bool {
		return p.Name == "deps-hookenv-probe"
	})
	if i < 0 || !slices.Contains(plan.Projects[i].Requires, "six") {
		t.Fatalf("plan does not show deps-hookenv-probe requiring six (from its hook): %s", out)
	}
}

func writeSdist(t *testing.T, file string, files map[string]string) {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range files {
			if !yield(k) {
				return
			}
		}
	}) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []interface{ Close() error }{tw, zw, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
