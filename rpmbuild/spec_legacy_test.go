package rpmbuild

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cavaliergopher/rpm"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// TestLegacyProfileBuildsWithoutSetupPy: el8's pip 9 cannot build a project
// without a setup.py ("Directory '.' is not installable"), so el7 and el8
// specs call the project's PEP 517 backend for it. The el8 spec of a
// flit_core project is built with rpmbuild here: this machine's python3
// stands in for EL8's, as %{python3}; its pip installs the wheel. The
// spec for el8's python3.9 stack builds python39-flitty.
func TestLegacyProfileBuildsWithoutSetupPy(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	if err := exec.Command("/usr/bin/python3", "-c", "import flit_core, pip").Run(); err != nil {
		testenv.RequireFiles(t, "/usr/lib/python3/dist-packages/flit_core", "apt-get install flit python3-pip")
	}
	for _, name := range []string{"el8", "el7", "el8-python3.9"} {
		t.Run(name, func(t *testing.T) {
			p := goldenProfile(t, name)
			binary := p.BinaryPrefix + "flitty"
			// This machine's python3 stands in for the stack's too: the
			// package is still named by %{python3_pkgversion}.
			p.SpecMacros = append(p.SpecMacros, "%global python3 /usr/bin/python3")
			p.SetupLine = "%setup -q -n {dir}" // Debian's rpm: no %autosetup -p handling needed either way
			topdir := t.TempDir()
			in := sdistInput(t, filepath.Join(topdir, "SOURCES"), fixtures.Sdist{Name: "flitty", Version: "0.1", License: "MIT", Backend: "flit"})
			in.Backend = "flit_core.buildapi"
			spec, err := GenerateSpec(p, in)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(spec.Text), "if [ -f setup.py ]; then\n%{python3} -m pip wheel") {
				t.Fatalf("spec has no setup.py branch:\n%s", spec.Text)
			}
			rpms := rpmbuildSpec(t, topdir, spec)
			pkg, err := rpm.Open(rpms[0])
			if err != nil {
				t.Fatal(err)
			}
			if pkg.Name() != binary || pkg.Version() != "0.1" || pkg.Architecture() != "noarch" {
				t.Errorf("got %s-%s.%s, want %s-0.1.noarch", pkg.Name(), pkg.Version(), pkg.Architecture(), binary)
			}
			if !hasRequire(pkg, "python(abi)", p.PythonVersion) {
				t.Errorf("no python(abi) = %s in %v", p.PythonVersion, pkg.Requires())
			}
			// Debian's pip installs --prefix /usr into /usr/local: the
			// site directory is this machine's, the files are the wheel's.
			var module, metadata bool
			for _, f := range pkg.Files() {
				module = module || strings.HasSuffix(f.Name(), "-packages/flitty/__init__.py")
				metadata = metadata || strings.HasSuffix(f.Name(), "-packages/flitty-0.1.dist-info/METADATA")
			}
			if !module || !metadata {
				t.Errorf("RPM lacks the wheel's module or metadata: %v", pkg.Files())
			}
		})
	}
}
