package inputs

import (
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/pypi"
)

func TestRepoSpecsSubstitute(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[[repo]]
name = "one"
baseurl = "https://mirror.example/9/BaseOS/$basearch/os/"
`), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	specs, err := repoSpecs(cfg, "aarch64")
	if err != nil {
		t.Fatal(err)
	}
	if got := specs[0].URLs[0]; got != "https://mirror.example/9/BaseOS/aarch64/os/" {
		t.Errorf("$basearch not substituted: %s", got)
	}
}

func TestProfileOverride(t *testing.T) {
	cfg, err := config.Parse([]byte("[target]\nprofile = \"el8\"\n[profile]\npython_version = \"3.11\"\npython_full_version = \"3.11.5\"\nname_templates = [\"python3.11-{name}\"]\n"), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	target, profile, err := LoadTarget(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if target.Python != "3.11" || profile.Name != "el8" || target.NameTemplates[0] != "python3.11-{name}" || target.Style.Caret {
		t.Errorf("target %+v", target)
	}
	cfg.Profile = map[string]any{"pyton_version": "3.11"}
	if _, _, err := LoadTarget(t.Context(), cfg); err == nil || !strings.Contains(err.Error(), "[profile]") {
		t.Errorf("unknown [profile] key: error %v", err)
	}
}

func TestTargetPythonStack(t *testing.T) {
	for _, c := range []struct {
		name, toml string
		python     string
		templates  []string
		dist       string
	}{
		{"main stack", "[target]\nprofile = \"el9\"\n", "3.9",
			[]string{"python3-{name}", "python-{name}", "{name}"}, "python3dist(pymysql)"},
		{"[target] python", "[target]\nprofile = \"el9\"\npython = \"3.11\"\n", "3.11",
			[]string{"python3.11-{name}", "python3-{name}", "python-{name}", "{name}"}, "python3.11dist(pymysql)"},
		{"[profile] python_version names a stack", "[target]\nprofile = \"el9\"\n[profile]\npython_version = \"3.12\"\n", "3.12",
			[]string{"python3.12-{name}", "python3-{name}", "python-{name}", "{name}"}, "python3.12dist(pymysql)"},
		{"el10", "[target]\nprofile = \"el10\"\n", "3.12",
			[]string{"python3-{name}", "python-{name}", "{name}"}, "python3dist(pymysql)"},
		{"el8 python39", "[target]\nprofile = \"el8\"\npython = \"3.9\"\n", "3.9",
			[]string{"python39-{name}", "python3-{name}", "python36-{name}", "python-{name}", "{name}"}, "python3.9dist(pymysql)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := config.Parse([]byte(c.toml), "deps.toml")
			if err != nil {
				t.Fatal(err)
			}
			target, profile, err := LoadTarget(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if target.Python != c.python || !slices.Equal(target.NameTemplates, c.templates) ||
				target.DistCapability("pymysql") != c.dist || profile.PythonVersion != c.python {
				t.Errorf("python %s, templates %q, dist %s; want %s, %q, %s",
					target.Python, target.NameTemplates, target.DistCapability("pymysql"), c.python, c.templates, c.dist)
			}
		})
	}
	cfg, err := config.Parse([]byte("[target]\nprofile = \"el9\"\npython = \"3.10\"\n"), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadTarget(t.Context(), cfg)
	if err == nil || !strings.Contains(err.Error(), "deps.toml: [target] python") || !strings.Contains(err.Error(), "3.11, 3.12") {
		t.Errorf("unknown stack: error %v, want one naming the setting and the known stacks", err)
	}
}

// --python (or [target] python) wins over a [profile] python_version that
// names another Python, such as the sample's "3.9" for el9.
func TestTargetPythonOverProfile(t *testing.T) {
	cfg, err := config.Parse([]byte("[target]\nprofile = \"el9\"\n[profile]\npython_version = \"3.9\"\npython_full_version = \"3.9.18\"\n"), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Target.Python = "3.11"
	target, _, err := LoadTarget(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if target.Python != "3.11" || target.PythonFull != "3.11" || !target.AltStack {
		t.Errorf("target %+v, want python 3.11 of the alternative stack", target)
	}
}

// On el7 and el8 a setup.py project without [build-system] is built by
// pip's legacy path: setuptools and wheel, not PEP 517's setuptools>=40.8
// (CentOS 7 has 39.2). A declared [build-system] is kept.
func TestLegacyBuildRequires(t *testing.T) {
	legacy := &PyIndex{legacySetupPy: true}
	none := &pypi.SdistInfo{BuildRequires: pypi.DefaultBuildRequires()}
	got := legacy.adjustBuildRequires(none).BuildRequires
	if len(got) != 2 || got[0].String() != "setuptools" || got[1].String() != "wheel" {
		t.Errorf("el8, no [build-system]: %v", got)
	}
	if none.BuildRequires[0].String() != "setuptools>=40.8.0" {
		t.Errorf("the cached sdist info was changed: %v", none.BuildRequires)
	}
	declared := &pypi.SdistInfo{Pyproject: &pypi.Pyproject{BuildSystem: &pypi.BuildSystem{Requires: pypi.DefaultBuildRequires()}},
		BuildRequires: pypi.DefaultBuildRequires()}
	if got := legacy.adjustBuildRequires(declared); got != declared {
		t.Errorf("declared [build-system] changed: %v", got.BuildRequires)
	}
	if got := (&PyIndex{}).adjustBuildRequires(none); got != none {
		t.Errorf("el9: changed: %v", got.BuildRequires)
	}
}
