package rpmbuild

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// goldenProfile loads a built-in profile, "el9-python3.11" one of its
// alternative stacks; the host profile gets a fixed python version instead
// of the machine's, so its golden is stable.
func goldenProfile(t *testing.T, name string) Profile {
	t.Helper()
	base, stack, _ := strings.Cut(name, "-python")
	p, err := LoadProfile(base)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = p.WithPython(stack); err != nil {
		t.Fatal(err)
	}
	if name == "host" {
		p.PythonVersion, p.PythonFullVersion, p.RPMVersion = "3.11", "3.11.2", "4.18.0"
	}
	return p
}

// goldenNames are the profiles with a golden spec: every built-in one and
// alternative stacks of el9 and el8.
func goldenNames() []string {
	return append(ProfileNames(), "el9-python3.11", "el8-python3.9")
}

func TestGoldenSpecs(t *testing.T) {
	for _, name := range goldenNames() {
		t.Run(name, func(t *testing.T) {
			p := goldenProfile(t, name)
			in := goldenInput()
			if p.DistVersionsVerbatim {
				in.DistVersion = "6.0rc1"
			}
			// The caller writes dependencies with the target's generator's
			// names (resolve.Target.DistCapability).
			for _, l := range [][]string{in.Requires, in.BuildRequires} {
				for i, r := range l {
					l[i] = strings.Replace(r, "python3dist(", p.DistPrefix()+"(", 1)
				}
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
	for _, name := range goldenNames() {
		path, _ := filepath.Abs(filepath.Join("testdata", name+".spec"))
		out, err := exec.Command("rpmspec", "-P", "--define", "_topdir "+t.TempDir(), path).CombinedOutput()
		if err != nil {
			t.Errorf("rpmspec -P %s: %v\n%s", path, err, out)
			continue
		}
		p := goldenProfile(t, name)
		if !bytes.Contains(out, []byte("\n%files -n "+p.BinaryPrefix+"zope-interface -f ")) {
			t.Errorf("%s: parsed spec has no %%files for the binary package:\n%s", name, out)
		}
	}
}
