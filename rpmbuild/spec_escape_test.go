package rpmbuild

import (
	"bytes"
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

// hostileInput is metadata written to attack the spec: a Summary that runs
// a shell command when expanded, description lines that open scriptlets
// and sections, macros everywhere.
func hostileInput(in SpecInput) SpecInput {
	in.Summary = "%(touch pwned) %{name}\nsecond line"
	in.Description = "Innocent.\n%post\n%(touch pwned)\n%install\n%files\n%changelog\n%if 0\n%endif\n%define x y\n  %pre\n#comment %{name}\n%%%"
	in.License = "MIT %(touch pwned)"
	in.URL = "https://example.invalid/%{name}/%(id)"
	return in
}

func TestHostileMetadataRpmspec(t *testing.T) {
	testenv.RequireTool(t, "rpmspec")
	in := hostileInput(goldenInput())
	spec, err := GenerateSpec(goldenProfile(t, "host"), in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "t.spec")
	if err := os.WriteFile(path, spec.Text, 0o644); err != nil {
		t.Fatal(err)
	}
	query := func(args ...string) string {
		cmd := exec.Command("rpmspec", append(args, "--define", "_topdir "+dir, path)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("rpmspec %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	parsed := query("-P")
	desc := query("-q", "--srpm", "--qf", "[%{summary}]\n%{description}\n%{license}\n%{url}\n")
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Fatal("parsing the spec ran %(touch pwned)")
	}
	for _, want := range []string{"%(touch pwned) %{name} second line\n", "\n %post\n", "\n %(touch pwned)\n", "\n %%if 0\n %%endif\n %define x y\n", "\n %changelog\n", "  %pre\n", "\ncomment %{name}\n", " %%%\n", "LicenseRef-MIT-touch-pwned\n", "https://example.invalid/%{name}/%(id)\n"} {
		if !strings.Contains(desc, want) {
			t.Errorf("queried text lacks %q:\n%s", want, desc)
		}
	}
	// The parsed spec has exactly the sections deps wrote.
	for _, section := range []string{"%post", "%pre", "%files", "%install", "%changelog", "%prep"} {
		n := 0
		for _, l := range strings.Split(parsed, "\n") {
			if l == section || strings.HasPrefix(l, section+" ") {
				n++
			}
		}
		want := map[string]int{"%files": 1, "%install": 1, "%changelog": 1, "%prep": 1}[section]
		if n != want {
			t.Errorf("%s opens %d times in the parsed spec, want %d:\n%s", section, n, want, parsed)
		}
	}
}

func TestHostileMetadataBuild(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "rpm")
	topdir := t.TempDir()
	in := hostileInput(sdistInput(t, filepath.Join(topdir, "SOURCES"), fixtures.Sdist{Name: "hostile", Version: "1.0", License: "MIT"}))
	spec, err := GenerateSpec(hostProfile(t), in)
	if err != nil {
		t.Fatal(err)
	}
	rpms := rpmbuildSpec(t, topdir, spec)
	var pwned []string
	filepath.Walk(topdir, func(path string, info os.FileInfo, err error) error {
		if err == nil && info.Name() == "pwned" {
			pwned = append(pwned, path)
		}
		return nil
	})
	if len(pwned) > 0 {
		t.Fatalf("the build ran %%(touch pwned): %v", pwned)
	}
	out, err := exec.Command("rpm", "-qp", "--scripts", rpms[0]).CombinedOutput()
	if err != nil {
		t.Fatalf("rpm -qp --scripts: %v\n%s", err, out)
	}
	if s := strings.TrimSpace(string(out)); s != "" {
		t.Errorf("the RPM has scriptlets:\n%s", s)
	}
	pkg, err := rpm.Open(rpms[0])
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Summary() != "%(touch pwned) %{name} second line" || !strings.Contains(pkg.Description(), " %post\n") {
		t.Errorf("summary %q, description %q", pkg.Summary(), pkg.Description())
	}
}

// TestReproducibleBuild builds one noarch spec twice in two topdirs and
// compares the RPMs byte for byte.
func TestReproducibleBuild(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	p := hostProfile(t)
	sd := fixtures.Sdist{Name: "repro", Version: "1.0", License: "MIT", Backend: "pyproject-setuptools",
		Scripts: map[string]string{"repro": "repro:main"}}
	var built [][]byte
	for i := 0; i < 2; i++ {
		topdir := t.TempDir()
		spec, err := GenerateSpec(p, sdistInput(t, filepath.Join(topdir, "SOURCES"), sd))
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			time.Sleep(1100 * time.Millisecond) // a different wall clock second
		}
		rpms := rpmbuildSpec(t, topdir, spec)
		data, err := os.ReadFile(rpms[0])
		if err != nil {
			t.Fatal(err)
		}
		built = append(built, data)
	}
	if !bytes.Equal(built[0], built[1]) {
		a, _ := rpm.Read(bytes.NewReader(built[0]))
		b, _ := rpm.Read(bytes.NewReader(built[1]))
		t.Fatalf("two builds differ (%d vs %d bytes; build times %v, %v)", len(built[0]), len(built[1]), a.BuildTime(), b.BuildTime())
	}
	pkg, err := rpm.Read(bytes.NewReader(built[0]))
	if err != nil {
		t.Fatal(err)
	}
	if pkg.BuildHost() != "reproducible" || !pkg.BuildTime().Equal(DefaultChangelogDate) {
		t.Errorf("build host %q, time %v", pkg.BuildHost(), pkg.BuildTime())
	}
}
