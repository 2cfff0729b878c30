package pypi

import (
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/pypi/pep508"
	"go.yaml.in/yaml/v3"
)

func TestParsePyproject(t *testing.T) {
	src := `
[build-system]
requires = ["hatchling>=1.13", "hatch-vcs"]
build-backend = "hatchling.build"
backend-path = ["_build"]

[project]
name = "demo"
dynamic = ["Version", "readme"]
description = "A demo"
requires-python = ">=3.8"
license = {text = "MIT"}
classifiers = ["Framework :: Flask"]
dependencies = ["flask>=2", "importlib-metadata; python_version < '3.10'"]

[project.optional-dependencies]
redis = ["redis>=4"]
async = ["asgiref>=3.2; python_version >= '3.8'"]
`
	p, err := ParsePyproject([]byte(src), "pyproject.toml")
	if err != nil {
		t.Fatal(err)
	}
	bs := p.Build()
	if bs.BuildBackend != "hatchling.build" || !slices.Equal(reqStrings(bs.Requires), []string{"hatchling>=1.13", "hatch-vcs"}) || !slices.Equal(bs.BackendPath, []string{"_build"}) {
		t.Errorf("build system = %+v", bs)
	}
	pr := p.Project
	if pr.Name != "demo" || pr.Version != "" || !pr.IsDynamic("version") || !pr.StaticRequires() || pr.License != "MIT" {
		t.Errorf("project = %+v", pr)
	}
	m := &Metadata{Name: "demo", Summary: "from PKG-INFO"}
	if err := pr.Apply(m); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"flask>=2",
		`importlib-metadata; python_version < "3.10"`,
		`asgiref>=3.2; python_version >= "3.8" and extra == "async"`,
		`redis>=4; extra == "redis"`,
	}
	if got := reqStrings(m.RequiresDist); !slices.Equal(got, want) {
		t.Errorf("requires:\n got %q\nwant %q", got, want)
	}
	if !slices.Equal(m.ProvidesExtra, []string{"async", "redis"}) || m.RequiresPython.String() != ">=3.8" ||
		m.Summary != "from PKG-INFO" || m.License != "MIT" || len(m.Classifiers) != 1 {
		t.Errorf("metadata = %+v", m)
	}
}

func TestPyprojectDefaults(t *testing.T) {
	for _, src := range []string{"", "[tool.black]\nline-length = 88\n"} {
		p, err := ParsePyproject([]byte(src), "pyproject.toml")
		if err != nil {
			t.Fatal(err)
		}
		bs := p.Build()
		if bs.BuildBackend != LegacyBackend || !slices.Equal(reqStrings(bs.Requires), []string{"setuptools>=40.8.0", "wheel"}) {
			t.Errorf("%q: defaults = %+v", src, bs)
		}
	}
	var none *Pyproject // no pyproject.toml at all
	if bs := none.Build(); bs.BuildBackend != LegacyBackend || len(bs.Requires) != 2 {
		t.Errorf("nil defaults = %+v", bs)
	}
	p, err := ParsePyproject([]byte("[build-system]\nrequires = [\"setuptools\"]\n"), "pyproject.toml")
	if err != nil || p.Build().BuildBackend != LegacyBackend {
		t.Errorf("table without build-backend: %+v %v", p, err)
	}
	p, err = ParsePyproject([]byte("[build-system]\nbuild-backend = \"be\"\nbackend-path = [\".\"]\n"), "pyproject.toml")
	if err != nil || len(p.Build().Requires) != 0 || p.Build().BuildBackend != "be" {
		t.Errorf("table without requires (Fedora reads it as []): %+v %v", p, err)
	}
	p, _ = ParsePyproject([]byte("[project]\nname='x'\ndynamic=['optional-dependencies']\ndependencies=[]\n"), "pyproject.toml")
	if p.Project.StaticRequires() {
		t.Error("dynamic optional-dependencies reported static")
	}
}

func TestParsePyprojectErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"[build-system]\nrequires = [\"ok\", \"bad !!\"]\n", `pyproject.toml: build-system.requires[1] "bad !!"`},
		{"[project]\nname = \"x\"\ndependencies = [\"a\", \"b>=\"]\n", `project.dependencies[1] "b>="`},
		{"[project.optional-dependencies]\nx = [\"~=1\"]\n", `project.optional-dependencies.x[0]`},
		{"[project]\nname = \n", "pyproject.toml:2:"},
	} {
		_, err := ParsePyproject([]byte(tt.src), "pyproject.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.src, err, tt.want)
		}
	}
}

// TestPyprojectFedoraVectors parses every pyproject.toml of Fedora's
// pyproject-rpm-macros test cases: those whose build requirements packaging
// rejects must fail, the others must parse, and each build requirement
// that applies on Python 3.12 must appear in Fedora's expected
// BuildRequires as python3dist(NAME).
func TestPyprojectFedoraVectors(t *testing.T) {
	data := testenv.ReadRefData(t, "vectors", "fedora-python", "pyproject_buildrequires_testcases.yaml")
	var cases map[string]struct {
		Pyproject string `yaml:"pyproject.toml"`
		Expected  any    `yaml:"expected"`
		Result    *int   `yaml:"result"`
		Except    string `yaml:"except"`
	}
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	invalid := map[string]bool{
		"Bad character in version": true, "Single value version with unsupported compatible operator": true,
		"Asterisk in version with unsupported compatible operator": true, "Local path as requirement": true,
		"Pip's egg=pkgName requirement not in requirements file": true, "URL without egg fragment as requirement": true,
	}
	env := pep508.TargetEnv("3.12.1", "x86_64")
	env["extra"] = ""
	var parsed, rejected, checked int
	for name, c := range cases {
		if c.Pyproject == "" {
			continue
		}
		p, err := ParsePyproject([]byte(c.Pyproject), name)
		if invalid[name] {
			if err == nil {
				t.Errorf("%s: parsed, Fedora (packaging) rejects it", name)
			}
			rejected++
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		parsed++
		expected, ok := c.Expected.(string)
		if list, isList := c.Expected.([]any); isList && len(list) > 0 {
			expected, ok = list[len(list)-1].(string)
		}
		if !ok || c.Result == nil || *c.Result != 0 || p.BuildSystem == nil ||
			strings.Contains(name, "override") || strings.Contains(name, "-N option") {
			continue
		}
		for _, r := range p.Build().Requires {
			if r.Marker != nil {
				if ok, err := r.Marker.Evaluate(env); err != nil || !ok {
					continue
				}
			}
			if !strings.Contains(expected, "python3dist("+pep508.Normalize(r.Name)+")") {
				t.Errorf("%s: build requirement %s not in Fedora's expected %q", name, r, expected)
			}
			checked++
		}
	}
	if rejected != len(invalid) || parsed < 40 || checked < 30 {
		t.Errorf("parsed %d, rejected %d of %d, checked %d build requirements", parsed, rejected, len(invalid), checked)
	}
	t.Logf("parsed %d, rejected %d, checked %d build requirements", parsed, rejected, checked)
}
