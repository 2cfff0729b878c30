package rpmbuild

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite testdata/*.spec golden files")

// goldenInput is an archful project with everything a spec can carry,
// including text that must be escaped.
func goldenInput() SpecInput {
	return SpecInput{
		Project:     "Zope.Interface",
		Version:     "6.0rc1",
		RPMVersion:  "6.0~rc1",
		DistVersion: "6~rc1",
		Summary:     "Interfaces for Python\n(100% typed)",
		Description: "This package provides interfaces.\n\n" +
			"%post\n    indented %{name}\n%(touch pwned)",
		License:       "ZPL-2.1",
		URL:           "https://github.com/zopefoundation/zope.interface",
		Sdist:         "zope_interface-6.0rc1.tar.gz",
		SdistDir:      "zope_interface-6.0rc1",
		Requires:      []string{"python3dist(setuptools)"},
		BuildRequires: []string{"python3dist(setuptools)", "python3dist(wheel)"},
		Archful:       true,
	}
}

// goldenProfile loads a built-in profile; the host profile gets a fixed
// python version instead of the machine's, so its golden is stable.
func goldenProfile(t *testing.T, name string) Profile {
	t.Helper()
	p, err := LoadProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	if name == "host" {
		p.PythonVersion, p.PythonFullVersion, p.RPMVersion = "3.11", "3.11.2", "4.18.0"
	}
	return p
}

func TestGoldenSpecs(t *testing.T) {
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			p := goldenProfile(t, name)
			in := goldenInput()
			if p.DistVersionsVerbatim {
				in.DistVersion = "6.0rc1"
			}
			s, err := GenerateSpec(p, in)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".spec")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, s.Text, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./rpmbuild -update)", err)
			}
			if !bytes.Equal(s.Text, want) {
				t.Errorf("spec differs from %s (go test ./rpmbuild -update rewrites it):\n%s", golden, s.Text)
			}
		})
	}
}

// TestGoldenSpecsParse parses every golden with rpmspec: the spec of each
// profile is one rpm reads, with its sections where deps put them.
func TestGoldenSpecsParse(t *testing.T) {
	testenv.RequireTool(t, "rpmspec")
	for _, name := range ProfileNames() {
		path, _ := filepath.Abs(filepath.Join("testdata", name+".spec"))
		out, err := exec.Command("rpmspec", "-P", "--define", "_topdir "+t.TempDir(), path).CombinedOutput()
		if err != nil {
			t.Errorf("rpmspec -P %s: %v\n%s", path, err, out)
			continue
		}
		if !bytes.Contains(out, []byte("\n%files -n python3-zope-interface -f ")) {
			t.Errorf("%s: parsed spec has no %%files for the binary package:\n%s", name, out)
		}
	}
}
