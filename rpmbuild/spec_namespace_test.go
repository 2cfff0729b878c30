package rpmbuild

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// TestHostBuildsNamespaceMembers builds two members of one PEP 420
// namespace and asks rpm whether they install together (they share only
// the namespace directories), and, as a control, that a third package
// shipping the same module as the first conflicts with it.
func TestHostBuildsNamespaceMembers(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "rpm")
	if err := exec.Command("/usr/bin/python3", "-c", "import hatchling").Run(); err != nil {
		testenv.RequireFiles(t, "/usr/lib/python3/dist-packages/hatchling", "apt-get install python3-hatchling")
	}
	p := hostProfile(t)
	build := func(sd fixtures.Sdist) string {
		t.Helper()
		topdir := t.TempDir()
		spec, err := GenerateSpec(p, sdistInput(t, filepath.Join(topdir, "SOURCES"), sd))
		if err != nil {
			t.Fatal(err)
		}
		rpms := rpmbuildSpec(t, topdir, spec)
		if len(rpms) != 1 {
			t.Fatalf("want one binary RPM, got %v", rpms)
		}
		return rpms[0]
	}
	foo := build(fixtures.Sdist{Name: "acme.plugins.foo", Version: "0.2", License: "MIT", Backend: "setuptools-cfg",
		Modules: []string{"foo"}, Namespace: "acme.plugins", PackageData: webData})
	bar := build(fixtures.Sdist{Name: "acme-plugins-bar", Version: "0.3", License: "MIT", Backend: "hatchling",
		Modules: []string{"bar"}, Namespace: "acme.plugins"})
	clash := build(fixtures.Sdist{Name: "acme-plugins-foo-fork", Version: "0.9", License: "MIT", Backend: "setuptools",
		Modules: []string{"foo"}, Namespace: "acme.plugins"})

	install := func(rpms ...string) (string, error) {
		db := t.TempDir()
		if out, err := exec.Command("rpm", "--initdb", "--dbpath", db).CombinedOutput(); err != nil {
			t.Fatalf("rpm --initdb: %v\n%s", err, out)
		}
		args := append([]string{"-i", "--test", "--nodeps", "--dbpath", db}, rpms...)
		out, err := exec.Command("rpm", args...).CombinedOutput()
		return string(out), err
	}
	if out, err := install(foo, bar); err != nil {
		t.Errorf("namespace members do not install together: %v\n%s", err, out)
	}
	out, err := install(foo, clash)
	if err == nil || !strings.Contains(out, "conflicts") {
		t.Errorf("two packages of module acme.plugins.foo installed together: %v\n%s", err, out)
	}
}
