package inputs

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/resolve"
)

// pinsOf lists a set's inputs as "name==version@line-source" sorted, direct
// references as "name @ url (kind)".
func pinsOf(ins []resolve.Input) []string {
	var out []string
	for _, in := range ins {
		if in.Unsupported != "" {
			out = append(out, in.Text+" ("+in.Unsupported+")")
			continue
		}
		out = append(out, in.Req.String())
	}
	slices.Sort(out)
	return out
}

func target(python string) resolve.Target {
	return resolve.Target{Python: python[:strings.LastIndex(python, ".")], PythonFull: python, Arch: "x86_64"}
}

// readFormat reads one requirements entry of testdata/formats as deps would.
func readFormat(t *testing.T, entry, python string) *Requirements {
	t.Helper()
	cfg := &config.Config{}
	cfg.App.Requirements = []string{filepath.Join("testdata", "formats", entry)}
	reqs, err := ReadRequirements(cfg, target(python))
	if err != nil {
		t.Fatal(err)
	}
	return reqs
}

func TestPoetryLockWalksFromTheProject(t *testing.T) {
	for _, tc := range []struct {
		entry, python string
		want          []string
	}{
		// [tool.poetry.dependencies]: pybind11 alone.
		{"poetry/poetry.lock", "3.9.18", []string{"pybind11==2.11.1"}},
		// The dev group adds pylint and what it needs on Linux with 3.9:
		// tomli and typing-extensions (python_version < 3.11), never
		// colorama (win32 only).
		{"poetry/poetry.lock[dev]", "3.9.18", []string{"astroid==3.0.1", "dill==0.3.7", "isort==5.12.0", "mccabe==0.7.0",
			"platformdirs==4.0.0", "pybind11==2.11.1", "pylint==3.0.2", "tomli==2.0.1", "tomlkit==0.12.3", "typing-extensions==4.8.0"}},
		{"poetry/poetry.lock[dev]", "3.12.1", []string{"astroid==3.0.1", "dill==0.3.7", "isort==5.12.0", "mccabe==0.7.0",
			"platformdirs==4.0.0", "pybind11==2.11.1", "pylint==3.0.2", "tomlkit==0.12.3"}},
	} {
		reqs := readFormat(t, tc.entry, tc.python)
		if got := pinsOf(reqs.Inputs); !slices.Equal(got, tc.want) {
			t.Errorf("%s on %s:\n got %v\nwant %v", tc.entry, tc.python, got, tc.want)
		}
	}
	reqs := readFormat(t, "poetry/poetry.lock", "3.9.18")
	if src := reqs.Inputs[0].Source; src != filepath.Join("testdata", "formats", "poetry", "poetry.lock")+":85" {
		t.Errorf("pybind11 source %s, want its [[package]] line", src)
	}
	want := []string{"sha256:33cdd02a6453380dd71cc70357ce388ad1ee8d32bd0e38fc22b273d050aa29b3", "sha256:00cd59116a6e8155aecd9174f37ba299d1d397ed4a6b86ac1dfe01b3e40f2cc4"}
	if got := reqs.LockHashes["pybind11"]; !slices.Equal(got, want) {
		t.Errorf("pybind11 hashes %v, want %v", got, want)
	}
	if reqs.HashChecking {
		t.Error("a lock's hashes turned on pip's hash-checking mode (which would ask hashes of build requirements)")
	}
}

func TestUVLockFollowsMarkersForTheTarget(t *testing.T) {
	reqs := readFormat(t, "uv/uv.lock", "3.11.7")
	// keyboard needs pyobjc only on darwin: the Linux target never gets it.
	if got := pinsOf(reqs.Inputs); !slices.Equal(got, []string{"keyboard==0.13.5"}) {
		t.Errorf("inputs %v, want keyboard alone", got)
	}
	if got := reqs.LockHashes["keyboard"]; len(got) != 2 || got[0] != "sha256:63ed83305955939ca5c9a73755e5cc43e8242263f5ad5fd3bb7e0b032f3d308b" {
		t.Errorf("keyboard hashes %v: want the sdist's and the wheel's", got)
	}
	if src := reqs.Inputs[0].Source; !strings.HasSuffix(src, "uv.lock:4") {
		t.Errorf("source %s, want uv.lock:4", src)
	}
}

func TestPylockMarkersSeeGroupsAndPython(t *testing.T) {
	for _, tc := range []struct {
		entry, python string
		want          []string
	}{
		{"pylock/pylock.toml", "3.10.12", []string{"typing-extensions==4.15.0"}}, // default-groups = ["default"]
		{"pylock/pylock.toml[dev]", "3.10.12", []string{"pluggy==1.6.0", "pytest==8.4.2", "typing-extensions==4.15.0"}},
		{"pylock/pylock.toml[dev]", "3.12.1", []string{"pluggy==1.6.0", "pytest==8.4.2"}},
	} {
		reqs := readFormat(t, tc.entry, tc.python)
		if got := pinsOf(reqs.Inputs); !slices.Equal(got, tc.want) {
			t.Errorf("%s on %s:\n got %v\nwant %v", tc.entry, tc.python, got, tc.want)
		}
	}
}

func TestPyprojectDependenciesExtrasAndGroups(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	path := write("pyproject.toml", `[project]
name = "myapp"
version = "0.1"
dependencies = [
  "flask>=2",
  "mylib @ https://files.example/mylib-1.0.tar.gz",
]

[project.optional-dependencies]
redis = ["redis>=4; python_version >= '3.8'"]

[dependency-groups]
test = ["pytest"]
ci = [{include-group = "test"}, "coverage"]
`)
	read := func(entry string) (*Requirements, error) {
		cfg := &config.Config{}
		cfg.App.Requirements = []string{entry}
		return ReadRequirements(cfg, target("3.9.18"))
	}
	reqs, err := read(path + "[redis,ci]")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"coverage", "flask>=2", "mylib @ https://files.example/mylib-1.0.tar.gz (url)", "pytest", `redis>=4; python_version >= "3.8"`}
	if got := pinsOf(reqs.Inputs); !slices.Equal(got, want) {
		t.Errorf("inputs\n got %v\nwant %v", got, want)
	}
	if len(reqs.Direct) != 1 || reqs.Direct[0].Name != "mylib" || reqs.Direct[0].Kind != "url" || !strings.HasSuffix(reqs.Direct[0].Source, "pyproject.toml:6") {
		t.Errorf("direct references %+v", reqs.Direct)
	}
	if _, err := read(path + "[nosuch]"); err == nil || !strings.Contains(err.Error(), `"nosuch" is neither`) {
		t.Errorf("unknown extra: %v", err)
	}
	// Told by content when the name says nothing.
	other := write("deps-input.toml", "[project]\nname = \"x\"\ndependencies = [\"six\"]\n")
	if reqs, err := read(other); err != nil || len(reqs.Inputs) != 1 || reqs.Inputs[0].Req.Name != "six" {
		t.Errorf("pyproject by content: %v %v", reqs, err)
	}
}

// uv writes a git source as the repository URL, the requested ref as a
// query and the locked commit as the fragment: the commit is what is built.
func TestUVGitURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/encode/httpx?rev=master#5201e3557d2e3cd5e9ad4c0bc4ae8bcdfbd2eb4e": "git+https://github.com/encode/httpx@5201e3557d2e3cd5e9ad4c0bc4ae8bcdfbd2eb4e",
		"https://github.com/org/repo?tag=v1.0":                                                "git+https://github.com/org/repo@v1.0",
		"https://github.com/org/repo":                                                         "git+https://github.com/org/repo",
	} {
		if got := uvGitURL(in); got != want {
			t.Errorf("uvGitURL(%s) = %s, want %s", in, got, want)
		}
	}
}

// A location line without a name is shown by a guess from its location
// until the project is fetched (the audit's table and JSON), never by the
// URL itself.
func TestLocationLineNames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "requirements.txt")
	text := "git+https://github.com/celery/kombu.git@v5.3.6\n-e git+https://github.com/example/mylib.git#egg=mylib\nhttps://files.example/pkgs/Foo_Bar-1.0.tar.gz\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{}
	cfg.App.Requirements = []string{path}
	reqs, err := ReadRequirements(cfg, target("3.9.18"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range reqs.Inputs {
		got = append(got, in.Req.Name+" ("+in.Unsupported+")")
	}
	want := []string{"kombu (vcs)", "mylib (editable)", "foo-bar (url)"}
	if !slices.Equal(got, want) {
		t.Errorf("names %v, want %v", got, want)
	}
	if len(reqs.Direct) != 3 || reqs.Direct[0].Name != "" || reqs.Direct[1].Name != "mylib" || !reqs.Direct[1].Editable {
		t.Errorf("direct references %+v: a guessed name must not be checked against the project's", reqs.Direct)
	}
}
