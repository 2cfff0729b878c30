package rpmbuild

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cavaliergopher/rpm"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// hostProfile is the host profile with this machine's versions detected.
func hostProfile(t *testing.T) Profile {
	t.Helper()
	p, err := LoadProfile("host")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if p, err = p.Detect(ctx); err != nil {
		t.Fatal(err)
	}
	return p
}

// sdistInput writes the sdist of sd into sources and returns the spec
// input describing it.
func sdistInput(t *testing.T, sources string, sd fixtures.Sdist) SpecInput {
	t.Helper()
	if err := os.MkdirAll(sources, 0o755); err != nil {
		t.Fatal(err)
	}
	path, err := fixtures.WriteSdist(sources, sd, "tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	base := filepath.Base(path)
	return SpecInput{
		Project:     sd.Name,
		Version:     sd.Version,
		RPMVersion:  sd.Version,
		DistVersion: strippedZeros(sd.Version),
		Summary:     sd.Summary,
		Description: "The " + sd.Name + " test fixture.",
		License:     sd.License,
		URL:         "https://example.invalid/" + sd.Name,
		Sdist:       base,
		SdistDir:    strings.TrimSuffix(base, ".tar.gz"),
		Archful:     sd.CExtension,
	}
}

// strippedZeros is Fedora's provide version of a plain dotted release:
// trailing zeros dropped, one segment kept.
func strippedZeros(v string) string {
	for strings.HasSuffix(v, ".0") {
		v = strings.TrimSuffix(v, ".0")
	}
	return v
}

// rpmbuildSpec writes spec into topdir/SPECS and builds it with plain
// rpmbuild -bb (--nodeps: this host has no rpmdb of its packages). It
// returns the binary RPMs.
func rpmbuildSpec(t *testing.T, topdir string, spec *Spec) []string {
	t.Helper()
	specPath := filepath.Join(topdir, "SPECS", spec.Name+".spec")
	if err := os.MkdirAll(filepath.Dir(specPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(specPath, spec.Text, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runRPMBuild(topdir, specPath); err != nil {
		t.Fatalf("rpmbuild %s: %v\n%s\n--- spec ---\n%s", spec.Name, err, tail(out, 60), spec.Text)
	}
	rpms, _ := filepath.Glob(filepath.Join(topdir, "RPMS", "*", "*.rpm"))
	if len(rpms) == 0 {
		t.Fatalf("rpmbuild %s made no RPM", spec.Name)
	}
	return rpms
}

// runRPMBuild runs rpmbuild -bb --nodeps on a spec and returns its output.
func runRPMBuild(topdir, specPath string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "rpmbuild", "-bb", "--nodeps", "--define", "_topdir "+topdir, specPath)
	cmd.Dir = topdir
	cmd.Env = append(os.Environ(), "HOME="+topdir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// rpmLicenseFlag is RPMFILE_LICENSE.
const rpmLicenseFlag = 1 << 7

func TestHostBuilds(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	p := hostProfile(t)
	pyver := p.PythonVersion
	cext := testenv.RequireFiles(t, "/usr/include/python"+pyver+"/Python.h", "apt-get install python3-dev")
	_ = cext
	tests := []struct {
		name    string
		sd      fixtures.Sdist
		binary  string
		module  string // a file the RPM must hold, under the site directory
		script  string // a console script in /usr/bin, "" for none
		archful bool
		needs   string   // python module the backend needs
		data    []string // more files the RPM must hold, under the site directory
		absent  []string // files it must not hold, under the site directory
		nsDirs  []string // namespace directories the file list must give as %dir
	}{
		{name: "setup.py", sd: fixtures.Sdist{Name: "plain-setup", Version: "5.0.0", License: "MIT", Backend: "setuptools"},
			binary: "python3-plain-setup", module: "plain_setup/__init__.py"},
		{name: "setup.cfg", sd: fixtures.Sdist{Name: "cfg_project", Version: "2.1.3", License: "BSD-3-Clause", Backend: "setuptools-cfg",
			Scripts: map[string]string{"cfg-tool": "cfg_project:main"}},
			binary: "python3-cfg-project", module: "cfg_project/__init__.py", script: "cfg-tool"},
		{name: "pyproject-setuptools", sd: fixtures.Sdist{Name: "pyproj", Version: "0.3", License: "Apache-2.0", Backend: "pyproject-setuptools",
			Scripts: map[string]string{"pyproj": "pyproj:main"}},
			binary: "python3-pyproj", module: "pyproj/__init__.py", script: "pyproj"},
		{name: "C extension", sd: fixtures.Sdist{Name: "speedy", Version: "1.2", License: "MIT", Backend: "setuptools", CExtension: true},
			binary: "python3-speedy", module: "speedy/__init__.py", archful: true},
		{name: "dotted upper-case name", sd: fixtures.Sdist{Name: "Zope.Interface", Version: "5.4", License: "ZPL-2.1", Backend: "pyproject-setuptools",
			Modules: []string{"zope_interface"}},
			binary: "python3-zope-interface", module: "zope_interface/__init__.py"},
		{name: "python- prefix", sd: fixtures.Sdist{Name: "python-dateutil", Version: "2.8.2", License: "BSD-3-Clause", Backend: "setuptools",
			Modules: []string{"dateutil"}},
			binary: "python3-dateutil", module: "dateutil/__init__.py"},
		{name: "flit_core", sd: fixtures.Sdist{Name: "flitty", Version: "0.1", License: "MIT", Backend: "flit",
			Scripts: map[string]string{"flitty": "flitty:main"}},
			binary: "python3-flitty", module: "flitty/__init__.py", script: "flitty", needs: "flit_core"},
		{name: "hatchling", sd: fixtures.Sdist{Name: "hatched", Version: "3.0", License: "MIT", Backend: "hatchling"},
			binary: "python3-hatched", module: "hatched/__init__.py", needs: "hatchling"},
		{name: "package data", sd: fixtures.Sdist{Name: "webby", Version: "1.0", License: "MIT", Backend: "setuptools-cfg", PackageData: webData},
			binary: "python3-webby", module: "webby/__init__.py", data: []string{"webby/templates/index.html", "webby/static/app.css"}},
		{name: "package data hatchling", sd: fixtures.Sdist{Name: "hatchweb", Version: "1.1", License: "MIT", Backend: "hatchling", PackageData: webData},
			binary: "python3-hatchweb", module: "hatchweb/__init__.py", data: []string{"hatchweb/templates/index.html", "hatchweb/static/app.css"}, needs: "hatchling"},
		{name: "namespace", sd: fixtures.Sdist{Name: "acme.plugins.foo", Version: "0.2", License: "MIT", Backend: "setuptools",
			Modules: []string{"foo"}, Namespace: "acme.plugins", PackageData: webData},
			binary: "python3-acme-plugins-foo", module: "acme/plugins/foo/__init__.py", data: []string{"acme/plugins/foo/templates/index.html"},
			absent: []string{"acme/__init__.py", "acme/plugins/__init__.py"}, nsDirs: []string{"acme", "acme/plugins"}},
		{name: "namespace pyproject", sd: fixtures.Sdist{Name: "acme-plugins-bar", Version: "0.3", License: "MIT", Backend: "pyproject-setuptools",
			Modules: []string{"bar"}, Namespace: "acme.plugins"},
			binary: "python3-acme-plugins-bar", module: "acme/plugins/bar/__init__.py",
			absent: []string{"acme/__init__.py", "acme/plugins/__init__.py"}, nsDirs: []string{"acme", "acme/plugins"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needs != "" {
				if err := exec.Command("/usr/bin/python3", "-c", "import "+tt.needs).Run(); err != nil {
					testenv.RequireFiles(t, "/usr/lib/python3/dist-packages/"+tt.needs, "apt-get install flit python3-hatchling")
				}
			}
			topdir := t.TempDir()
			in := sdistInput(t, filepath.Join(topdir, "SOURCES"), tt.sd)
			spec, err := GenerateSpec(p, in)
			if err != nil {
				t.Fatal(err)
			}
			rpms := rpmbuildSpec(t, topdir, spec)
			if len(rpms) != 1 {
				t.Fatalf("want one binary RPM, got %v", rpms)
			}
			pkg, err := rpm.Open(rpms[0])
			if err != nil {
				t.Fatal(err)
			}
			wantArch := "noarch"
			if tt.archful {
				wantArch = runtimeRPMArch(t)
			}
			// The Version tag keeps the release's zeros (5.0.0), noarch
			// unless the wheel is compiled.
			if pkg.Name() != tt.binary || pkg.Version() != tt.sd.Version || pkg.Architecture() != wantArch {
				t.Errorf("got %s-%s.%s, want %s-%s.%s", pkg.Name(), pkg.Version(), pkg.Architecture(), tt.binary, tt.sd.Version, wantArch)
			}
			if !hasRequire(pkg, "python(abi)", pyver) {
				t.Errorf("no python(abi) = %s in %v", pyver, pkg.Requires())
			}
			if err := VerifyRPM(rpms[0], spec.Expect()); err != nil {
				t.Error(err)
			}
			checkFiles(t, pkg, tt.module, tt.script)
			checkSiteFiles(t, pkg, tt.data, tt.absent)
			if len(tt.nsDirs) > 0 {
				checkNamespaceDirs(t, topdir, tt.nsDirs)
			}
			name := strings.TrimPrefix(spec.Binary, "python3-")
			if tt.sd.Name == "python-dateutil" {
				name = "python-dateutil"
			}
			for _, want := range []string{"python3dist(" + name + ")", "python" + pyver + "dist(" + name + ")"} {
				if v := strippedZeros(tt.sd.Version); !hasProvide(pkg, want, v) {
					t.Errorf("no provide %s = %s in %v", want, v, pkg.Provides())
				}
			}
		})
	}
}

// webData are package data files, as a web app ships them.
var webData = map[string]string{"templates/index.html": "<h1>hello</h1>\n", "static/app.css": "h1 { color: teal; }\n"}

// checkSiteFiles asserts the RPM holds each of want and none of absent,
// paths under a python3 site directory.
func checkSiteFiles(t *testing.T, pkg *rpm.Package, want, absent []string) {
	t.Helper()
	held := map[string]bool{}
	var names []string
	for _, f := range pkg.Files() {
		names = append(names, f.Name())
		if _, rel, ok := strings.Cut(f.Name(), "-packages/"); ok && strings.Contains(f.Name(), "/usr/lib/python3") {
			held[rel] = true
		}
	}
	for _, w := range want {
		if !held[w] {
			t.Errorf("RPM lacks %s:\n%s", w, strings.Join(names, "\n"))
		}
	}
	for _, a := range absent {
		if held[a] {
			t.Errorf("RPM holds %s", a)
		}
	}
}

// checkNamespaceDirs asserts the %files list the build wrote gives each
// namespace directory as %dir and never lists one whole, so packages
// sharing the namespace do not own each other's files.
func checkNamespaceDirs(t *testing.T, topdir string, dirs []string) {
	t.Helper()
	lists, _ := filepath.Glob(filepath.Join(topdir, "BUILD", "*-deps-files.list"))
	if len(lists) != 1 {
		t.Fatalf("file lists: %v", lists)
	}
	data, err := os.ReadFile(lists[0])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for _, d := range dirs {
		rel := "-packages/" + d
		var asDir, whole bool
		for _, l := range lines {
			if !strings.HasSuffix(l, rel) {
				continue
			}
			if strings.HasPrefix(l, "%dir ") {
				asDir = true
			} else {
				whole = true
			}
		}
		if !asDir || whole {
			t.Errorf("namespace %s: %%dir %v, listed whole %v in\n%s", d, asDir, whole, data)
		}
	}
}

// runtimeRPMArch is the arch rpm builds archful packages for here.
func runtimeRPMArch(t *testing.T) string {
	out, err := exec.Command("rpm", "--eval", "%{_arch}").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func hasRequire(pkg *rpm.Package, name, version string) bool {
	for _, d := range pkg.Requires() {
		if d.Name() == name && d.Version() == version && d.Flags()&rpm.DepFlagEqual != 0 {
			return true
		}
	}
	return false
}

// TestHostBuildNoarchCompiled: a spec that says noarch for an sdist that
// compiles an extension fails its build, saying so.
func TestHostBuildNoarchCompiled(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	p := hostProfile(t)
	testenv.RequireFiles(t, "/usr/include/python"+p.PythonVersion+"/Python.h", "apt-get install python3-dev")
	topdir := t.TempDir()
	in := sdistInput(t, filepath.Join(topdir, "SOURCES"), fixtures.Sdist{Name: "sneaky", Version: "1.0", License: "MIT", Backend: "setuptools", CExtension: true})
	in.Archful = false
	spec, err := GenerateSpec(p, in)
	if err != nil {
		t.Fatal(err)
	}
	specPath := filepath.Join(topdir, "SPECS", "sneaky.spec")
	if err := os.MkdirAll(filepath.Dir(specPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(specPath, spec.Text, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runRPMBuild(topdir, specPath)
	if err == nil || !strings.Contains(out, "deps: the wheel holds compiled code (/usr/lib/") || !strings.Contains(out, ".so), but the spec is noarch") {
		t.Errorf("rpmbuild of a noarch spec with a C extension: %v\n%s", err, tail(out, 20))
	}
}

func hasProvide(pkg *rpm.Package, name, version string) bool {
	for _, d := range pkg.Provides() {
		if d.Name() == name && d.Version() == version && d.Flags()&rpm.DepFlagEqual != 0 {
			return true
		}
	}
	return false
}

// checkFiles asserts the module and script are packaged, the byte-code
// beside the module too, a license file is flagged %license, and nothing
// records the build directory.
func checkFiles(t *testing.T, pkg *rpm.Package, module, script string) {
	t.Helper()
	var names []string
	var license, pyc, mod bool
	for _, f := range pkg.Files() {
		names = append(names, f.Name())
		if strings.HasSuffix(f.Name(), "/"+module) && strings.Contains(f.Name(), "/usr/lib/python3") {
			mod = true
		}
		if strings.Contains(f.Name(), "/__pycache__/__init__.") && strings.HasSuffix(f.Name(), ".pyc") {
			pyc = true
		}
		if strings.Contains(f.Name(), ".dist-info/") && strings.Contains(filepath.Base(f.Name()), "LICENSE") {
			license = f.Flags()&rpmLicenseFlag != 0
			if !license {
				t.Errorf("%s is not flagged %%license", f.Name())
			}
		}
		if strings.HasSuffix(f.Name(), "/RECORD") || strings.HasSuffix(f.Name(), "/direct_url.json") {
			t.Errorf("%s is packaged", f.Name())
		}
	}
	if !mod || !pyc || !license {
		t.Errorf("module %s packaged: %v, byte-code: %v, license: %v; files:\n%s", module, mod, pyc, license, strings.Join(names, "\n"))
	}
	if script != "" && !containsString(names, "/usr/bin/"+script) {
		t.Errorf("no /usr/bin/%s in\n%s", script, strings.Join(names, "\n"))
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
