package repodata

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/compress"

	"github.com/deps-rpm/deps/internal/testenv"
)

// realModules reads the realdata cs9-appstream modules.yaml.xz.
func realModules(t *testing.T) *Modules {
	t.Helper()
	m, err := filepath.Glob(testenv.RefData(t, "repos", "cs9-appstream", "repodata", "*-modules.yaml.xz"))
	if err != nil || len(m) != 1 {
		t.Fatalf("modules.yaml: %v %v", m, err)
	}
	data, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	rc, err := compress.Decompress(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	mods, err := ParseModules(rc)
	if err != nil {
		t.Fatal(err)
	}
	return mods
}

func TestParseModulesRealdata(t *testing.T) {
	m := realModules(t)
	if len(m.Streams) != 31 {
		t.Errorf("%d module documents, want 31", len(m.Streams))
	}
	if len(m.Defaults) != 0 { // EL9 defaults list profiles only, no stream
		t.Errorf("defaults %v, want none", m.Defaults)
	}
	var streams []string
	var nodejs18 *ModuleStream
	for i, s := range m.Streams {
		if s.Name == "nodejs" {
			streams = append(streams, s.Stream)
			if s.Stream == "18" && s.Version == 920240311154052 {
				nodejs18 = &m.Streams[i]
			}
		}
	}
	slices.Sort(streams)
	streams = slices.Compact(streams)
	if !slices.Equal(streams, []string{"18", "20", "22"}) {
		t.Errorf("nodejs streams %v", streams)
	}
	if nodejs18 == nil {
		t.Fatal("nodejs:18 version 920240311154052 missing")
	}
	if nodejs18.Arch != "x86_64" || nodejs18.Context != "rhel9" ||
		!slices.Contains(nodejs18.Artifacts, "nodejs-1:18.19.1-1.module_el9+986+cd5c1200.x86_64") {
		t.Errorf("nodejs:18 = %+v", nodejs18)
	}
}

// Expectations obtained with dnf 4.14 as the oracle, on this repository:
//
//	D="dnf -q --installroot=$ROOT --setopt=cachedir=$CACHE --setopt=reposdir=/dev/null --releasever=9 \
//	   --setopt=module_platform_id=platform:el9 \
//	   --repofrompath=as,file://$PWD/internal/refdata/repos/cs9-appstream"
//	$D repoquery --available | wc -l                                  # 17133
//	$D repoquery --available --setopt=as.module_hotfixes=true | wc -l  # 17649 (no filtering)
//
// and with $ROOT/etc/dnf/modules.d/nodejs.module enabling stream 18
// ("[nodejs]\nname=nodejs\nstream=18\nprofiles=\nstate=enabled\n"): 17134,
// where the 13 non-modular nodejs 16 packages below disappear and 14
// nodejs:18 artifacts appear.
const (
	dnfVisibleDefault  = 17133
	dnfVisibleNodejs18 = 17134
)

var dnfHiddenByNodejs18 = []string{
	"nodejs-1:16.20.2-3.el9.x86_64",
	"nodejs-1:16.20.2-8.el9.x86_64",
	"nodejs-docs-1:16.20.2-3.el9.noarch",
	"nodejs-docs-1:16.20.2-8.el9.noarch",
	"nodejs-full-i18n-1:16.20.2-3.el9.x86_64",
	"nodejs-full-i18n-1:16.20.2-8.el9.x86_64",
	"nodejs-nodemon-0:2.0.19-1.el9.noarch",
	"nodejs-nodemon-0:2.0.20-2.el9.noarch",
	"nodejs-nodemon-0:2.0.20-3.el9.noarch",
	"npm-1:8.19.4-1.16.20.1.1.el9.x86_64",
	"npm-1:8.19.4-1.16.20.1.2.el9.x86_64",
	"npm-1:8.19.4-1.16.20.2.3.el9.x86_64",
	"npm-1:8.19.4-1.16.20.2.8.el9.x86_64",
}

// visible applies Hidden to the realdata appstream packages and returns
// the visible NEVRAs, sorted and deduplicated as dnf prints them.
func visible(t *testing.T, pkgs []Package, m *Modules, enabled map[string]string) []string {
	t.Helper()
	hidden := m.Hidden(enabled)
	var out []string
	for i := range pkgs {
		if h, _ := hidden(&pkgs[i]); !h {
			out = append(out, artifactNEVRA{pkgs[i].Name, pkgs[i].EVR, pkgs[i].Arch}.String())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func appstreamPackages(t *testing.T) []Package {
	t.Helper()
	pkgs, err := ParsePrimary(bytes.NewReader(realPrimary(t, "cs9-appstream")), "as")
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

func TestModulesHiddenMatchesDnf(t *testing.T) {
	pkgs := appstreamPackages(t)
	m := realModules(t)

	def := visible(t, pkgs, m, nil)
	if len(def) != dnfVisibleDefault {
		t.Errorf("default: %d visible, dnf shows %d", len(def), dnfVisibleDefault)
	}
	node := visible(t, pkgs, m, map[string]string{"nodejs": "18"})
	if len(node) != dnfVisibleNodejs18 {
		t.Errorf("nodejs:18: %d visible, dnf shows %d", len(node), dnfVisibleNodejs18)
	}
	for _, n := range dnfHiddenByNodejs18 {
		if !slices.Contains(def, n) || slices.Contains(node, n) {
			t.Errorf("%s: want visible by default, hidden with nodejs:18", n)
		}
	}
	hidden := m.Hidden(map[string]string{"nodejs": "18"})
	for i := range pkgs {
		p := &pkgs[i]
		h, mod := hidden(p)
		switch {
		case p.Name == "nodejs" && strings.HasPrefix(p.EVR.Version, "18."):
			if h || mod != "nodejs:18" {
				t.Errorf("%s %s: hidden=%v module=%q, want visible in nodejs:18", p.Name, p.EVR.Version, h, mod)
			}
		case p.Name == "nodejs" && strings.HasPrefix(p.EVR.Version, "20."):
			if !h || mod != "nodejs:20" {
				t.Errorf("%s %s: hidden=%v module=%q, want hidden in nodejs:20", p.Name, p.EVR.Version, h, mod)
			}
		case p.Name == "nodejs" && strings.HasPrefix(p.EVR.Version, "16."):
			if !h || mod != "nodejs:18" {
				t.Errorf("%s %s: hidden=%v module=%q, want hidden by nodejs:18", p.Name, p.EVR.Version, h, mod)
			}
		case p.Name == "python3-flask" || p.Name == "bash-completion":
			if h || mod != "" {
				t.Errorf("%s: hidden=%v module=%q, want visible, non-modular", p.Name, h, mod)
			}
		}
	}
}

// TestModulesHiddenDnfLive runs dnf itself and compares the visible sets
// NEVRA by NEVRA.
func TestModulesHiddenDnfLive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs dnf")
	}
	dnf := testenv.RequireTool(t, "dnf")
	pkgs := appstreamPackages(t)
	m := realModules(t)
	for _, tc := range []struct {
		name    string
		enabled map[string]string
	}{
		{"default", nil},
		{"php:8.2", map[string]string{"php": "8.2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			for mod, stream := range tc.enabled {
				dir := filepath.Join(root, "etc", "dnf", "modules.d")
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				ini := "[" + mod + "]\nname=" + mod + "\nstream=" + stream + "\nprofiles=\nstate=enabled\n"
				if err := os.WriteFile(filepath.Join(dir, mod+".module"), []byte(ini), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.CommandContext(context.Background(), dnf, "-q", "--installroot="+root,
				"--setopt=cachedir="+filepath.Join(root, "cache"), "--setopt=reposdir=/dev/null",
				"--releasever=9", "--setopt=module_platform_id=platform:el9",
				"--repofrompath=as,file://"+testenv.RefData(t, "repos", "cs9-appstream"),
				"repoquery", "--available")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("dnf: %v", err)
			}
			want := strings.Fields(string(out))
			slices.Sort(want)
			want = slices.Compact(want)
			got := visible(t, pkgs, m, tc.enabled)
			if !slices.Equal(got, want) {
				for _, n := range want {
					if !slices.Contains(got, n) {
						t.Errorf("dnf shows %s, Hidden hides it", n)
					}
				}
				for _, n := range got {
					if !slices.Contains(want, n) {
						t.Errorf("dnf hides %s, Hidden shows it", n)
					}
				}
			}
		})
	}
}

func TestModulesDefaultsSynthetic(t *testing.T) {
	const doc = `---
document: modulemd-defaults
version: 1
data:
  module: tool
  stream: 2.0
...
---
document: modulemd
version: 2
data:
  name: tool
  stream: 2.0
  version: 1
  context: c
  arch: x86_64
  artifacts:
    rpms: [tool-2.0-1.module.x86_64, tool-2.0-1.module.src]
---
document: modulemd
version: 2
data:
  name: tool
  stream: "3"
  version: 1
  context: c
  arch: x86_64
  artifacts:
    rpms: [tool-1:3.0-1.module.x86_64]
---
document: modulemd-translations
version: 1
data: {module: tool}
`
	m, err := ParseModules(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if m.Defaults["tool"] != "2.0" || len(m.Streams) != 2 || m.Streams[0].Artifacts[0] != "tool-0:2.0-1.module.x86_64" {
		t.Fatalf("parsed %+v", m)
	}
	pkg := func(name, epoch, ver, rel, arch string) *Package {
		return &Package{Name: name, EVR: EVR{epoch, ver, rel}, Arch: arch}
	}
	for _, tc := range []struct {
		enabled map[string]string
		p       *Package
		hidden  bool
		module  string
	}{
		{nil, pkg("tool", "0", "2.0", "1.module", "x86_64"), false, "tool:2.0"},
		{nil, pkg("tool", "", "2.0", "1.module", "x86_64"), false, "tool:2.0"},
		{nil, pkg("tool", "1", "3.0", "1.module", "x86_64"), true, "tool:3"},
		{nil, pkg("tool", "0", "1.0", "1.el9", "x86_64"), true, "tool:2.0"},
		{nil, pkg("tool", "0", "1.0", "1.el9", "src"), true, "tool:2.0"},
		{nil, pkg("other", "0", "1.0", "1.el9", "x86_64"), false, ""},
		{map[string]string{"tool": "3"}, pkg("tool", "1", "3.0", "1.module", "x86_64"), false, "tool:3"},
		{map[string]string{"tool": "3"}, pkg("tool", "0", "2.0", "1.module", "x86_64"), true, "tool:2.0"},
		{map[string]string{"tool": "3"}, pkg("tool", "0", "1.0", "1.el9", "x86_64"), true, "tool:3"},
		{map[string]string{"tool": "3"}, pkg("tool", "0", "1.0", "1.el9", "src"), false, ""},
	} {
		h, mod := m.Hidden(tc.enabled)(tc.p)
		if h != tc.hidden || mod != tc.module {
			t.Errorf("enabled %v, %+v: hidden=%v module=%q, want %v %q", tc.enabled, tc.p, h, mod, tc.hidden, tc.module)
		}
	}
}
