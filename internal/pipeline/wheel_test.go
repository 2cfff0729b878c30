package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/config"
)

// wheelIndex serves wheelonly 1.0 (an sdist and a wheel) and 2.0 (a wheel
// only, as some projects publish).
func wheelIndex(t *testing.T) *fixtures.PyPI {
	sd := func(v string) fixtures.Sdist {
		return fixtures.Sdist{Name: "wheelonly", Version: v, License: "MIT", MetadataVersion: "2.1", Backend: "pyproject-setuptools",
			BuildRequires: []string{}, Requires: []string{`pywin32; sys_platform == "win32"`}}
	}
	return fixtures.NewPyPI(t, fixtures.PyProject{Name: "wheelonly", Releases: []fixtures.PyRelease{
		{Sdist: sd("1.0"), Wheel: true},
		{Sdist: sd("2.0"), NoSdist: true, Wheel: true},
	}})
}

// wheelConfig is an el9 configuration reading the requirement req from py.
func wheelConfig(t *testing.T, py *fixtures.PyPI, req, wheels string) *config.Config {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte(req+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	baseos, err := filepath.Abs(filepath.Join("..", "..", "sample", "repos", "baseos"))
	if err != nil {
		t.Fatal(err)
	}
	text := "[target]\nprofile = \"el9\"\narch = \"x86_64\"\n[app]\nrequirements = [\"requirements.txt\"]\n[pypi]\nindex = \"" + py.IndexURL() + "\"\n" +
		"[[repo]]\nname = \"baseos\"\nbaseurl = \"file://" + baseos + "\"\n"
	if wheels != "" {
		text += "[build]\nwheels = \"" + wheels + "\"\n"
	}
	path := filepath.Join(dir, "deps.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestWheelPolicies(t *testing.T) {
	py := wheelIndex(t)
	for _, tc := range []struct {
		req, wheels   string
		version, file string
	}{
		{"wheelonly", "", "2.0", "wheelonly-2.0-py3-none-any.whl"}, // fallback: the newest release has no sdist
		{"wheelonly", "fallback", "2.0", "wheelonly-2.0-py3-none-any.whl"},
		{"wheelonly==1.0", "fallback", "1.0", "wheelonly-1.0.tar.gz"}, // an sdist is there: built from source
		{"wheelonly", "never", "1.0", "wheelonly-1.0.tar.gz"},         // the wheel-only release is no candidate
		{"wheelonly==1.0", "prefer", "1.0", "wheelonly-1.0-py3-none-any.whl"},
	} {
		report, err := Plan(t.Context(), testEnv(t), wheelConfig(t, py, tc.req, tc.wheels), PlanOptions{})
		if err != nil {
			t.Fatalf("%s, wheels %q: %v", tc.req, tc.wheels, err)
		}
		var got *deps.PlanProject
		for i := range report.Projects {
			if report.Projects[i].Name == "wheelonly" {
				got = &report.Projects[i]
			}
		}
		if got == nil || got.Version != tc.version || got.Built() == nil || got.Built().Filename != tc.file {
			t.Errorf("%s, wheels %q: planned %+v, want %s from %s", tc.req, tc.wheels, got, tc.version, tc.file)
			continue
		}
		if isWheel := strings.HasSuffix(tc.file, ".whl"); (got.Wheel != nil) != isWheel || (got.Sdist != nil) == isWheel {
			t.Errorf("%s, wheels %q: sdist %+v wheel %+v", tc.req, tc.wheels, got.Sdist, got.Wheel)
		}
	}
	if _, err := config.Parse([]byte("[build]\nwheels = \"always\"\n"), "deps.toml"); err == nil || !strings.Contains(err.Error(), `wheels = "always"`) {
		t.Errorf("[build] wheels = \"always\": %v", err)
	}
}

// deps spec of a wheel-only release: the spec repackages the wheel, its
// requirements from the wheel's METADATA (markers for the target).
func TestWheelSpec(t *testing.T) {
	py := wheelIndex(t)
	res, err := Spec(t.Context(), testEnv(t), wheelConfig(t, py, "wheelonly", ""), "wheelonly", SpecOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := string(res.Spec.Text)
	if res.SdistName != "wheelonly-2.0-py3-none-any.whl" || !strings.Contains(text, "Source0:        wheelonly-2.0-py3-none-any.whl") ||
		!strings.Contains(text, "Repackaged by deps from the wheel") || strings.Contains(text, "pywin32") {
		t.Errorf("source %s, spec:\n%s", res.SdistName, text)
	}
	if fi, err := os.Stat(res.Sdist); err != nil || fi.Size() == 0 {
		t.Errorf("the wheel was not downloaded: %v", err)
	}
}

// A wheel named by a direct reference is repackaged when it fits the
// target; one that does not fit fails naming the requirements line.
func TestWheelDirectReference(t *testing.T) {
	py := wheelIndex(t)
	dir := t.TempDir()
	whl, err := fixtures.WriteWheel(dir, fixtures.Sdist{Name: "localwheel", Version: "0.5", License: "MIT", MetadataVersion: "2.1"})
	if err != nil {
		t.Fatal(err)
	}
	report, err := Plan(t.Context(), testEnv(t), wheelConfig(t, py, "localwheel @ file://"+whl, ""), PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got *deps.PlanProject
	for i := range report.Projects {
		if report.Projects[i].Name == "localwheel" {
			got = &report.Projects[i]
		}
	}
	if got == nil || got.Version != "0.5" || got.Wheel == nil || got.Wheel.URL != "file://"+whl || len(got.Wheel.SHA256) != 64 {
		t.Fatalf("planned %+v", got)
	}
	// The same wheel under a CPython 3.11 platform name: not for el9's 3.9.
	other := filepath.Join(dir, "localwheel-0.5-cp311-cp311-manylinux2014_x86_64.whl")
	data, err := os.ReadFile(whl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Plan(t.Context(), testEnv(t), wheelConfig(t, py, "localwheel @ file://"+other, ""), PlanOptions{})
	if err == nil || !strings.Contains(err.Error(), "requirements.txt:1:1:") || !strings.Contains(err.Error(), "does not fit the target (python 3.9, x86_64, glibc 2.34)") {
		t.Errorf("a wheel for another Python: %v", err)
	}
}

// --pylock records a wheel repackaged as the package's wheel, and reads
// back to the same plan.
func TestWheelPylock(t *testing.T) {
	py := wheelIndex(t)
	out := filepath.Join(t.TempDir(), "pylock.toml")
	if _, err := Plan(t.Context(), testEnv(t), wheelConfig(t, py, "wheelonly", ""), PlanOptions{Pylock: out}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `wheels = [{name = 'wheelonly-2.0-py3-none-any.whl', url = '`) || !strings.Contains(string(data), "hashes = {sha256 = '") {
		t.Errorf("pylock.toml:\n%s", data)
	}
	cfg := wheelConfig(t, py, "", "")
	cfg.App.Requirements = []string{out}
	report, err := Plan(t.Context(), testEnv(t), cfg, PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Projects) != 1 || report.Projects[0].Version != "2.0" || report.Projects[0].Wheel == nil {
		t.Errorf("read back: %+v", report.Projects)
	}
	// deps.lock names the wheel and its sha256.
	lock := lockOf(report, "sha256:x", t.TempDir())
	if lp := lock.Projects[0]; lp.Wheel == "" || !strings.HasSuffix(lp.Wheel, "wheelonly-2.0-py3-none-any.whl") || lp.Sdist != "" || lp.SHA256 != report.Projects[0].Wheel.SHA256 {
		t.Errorf("lock entry %+v", lp)
	}
}
