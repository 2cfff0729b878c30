package rpmbuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cavaliergopher/rpm"
	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// wheelInput writes a py3-none-any wheel of sd into sources and returns
// the spec input that repackages it.
func wheelInput(t *testing.T, sources string, sd fixtures.Sdist) SpecInput {
	t.Helper()
	if err := os.MkdirAll(sources, 0o755); err != nil {
		t.Fatal(err)
	}
	path, err := fixtures.WriteWheel(sources, sd)
	if err != nil {
		t.Fatal(err)
	}
	return SpecInput{
		Project: sd.Name, Version: sd.Version, RPMVersion: sd.Version, DistVersion: strippedZeros(sd.Version),
		Summary: "A wheel-only project", Description: "The " + sd.Name + " test fixture.", License: sd.License,
		Sdist: filepath.Base(path), SdistDir: sd.Name + "-" + sd.Version, Wheel: true,
	}
}

// A wheel repackaged is built for real: its RPM holds the wheel's files,
// states its provides and requires like a build from an sdist, and its
// description says it was repackaged.
func TestWheelRepackagedBuild(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	p := hostProfile(t)
	topdir := t.TempDir()
	sd := fixtures.Sdist{Name: "wheelonly", Version: "2.0", License: "MIT", Requires: []string{"six>=1.10"},
		Scripts: map[string]string{"wheelonly": "wheelonly:main"}}
	in := wheelInput(t, filepath.Join(topdir, "SOURCES"), sd)
	in.Requires = []string{"python3dist(six) >= 1.10"}
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
	if pkg.Name() != "python3-wheelonly" || pkg.Version() != "2.0" || pkg.Architecture() != "noarch" {
		t.Errorf("got %s-%s.%s", pkg.Name(), pkg.Version(), pkg.Architecture())
	}
	if want := "Repackaged by deps from the wheel wheelonly-2.0-py3-none-any.whl"; !strings.Contains(pkg.Description(), want) {
		t.Errorf("description %q lacks %q", pkg.Description(), want)
	}
	if err := VerifyRPM(rpms[0], spec.Expect()); err != nil {
		t.Error(err)
	}
	var module, script bool
	for _, f := range pkg.Files() {
		module = module || strings.HasSuffix(f.Name(), "/site-packages/wheelonly/__init__.py") || strings.HasSuffix(f.Name(), "/dist-packages/wheelonly/__init__.py")
		script = script || f.Name() == "/usr/bin/wheelonly"
	}
	if !module || !script {
		t.Errorf("module %v, console script %v in %d files", module, script, len(pkg.Files()))
	}
}

// On a profile with pyproject macros the wheel goes where
// %pyproject_install takes it; nothing builds or asks for build
// requirements; a platform wheel keeps its compiled files unstripped.
func TestWheelRepackagedSpec(t *testing.T) {
	p, err := LoadProfile("el9")
	if err != nil {
		t.Fatal(err)
	}
	in := SpecInput{Project: "fastthing", Version: "1.0", RPMVersion: "1.0", Summary: "x", License: "MIT",
		Sdist: "fastthing-1.0-cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", SdistDir: "fastthing-1.0",
		Wheel: true, Archful: true}
	spec, err := GenerateSpec(p, in)
	if err != nil {
		t.Fatal(err)
	}
	text := string(spec.Text)
	for _, want := range []string{
		"%setup -q -c -T -n fastthing-1.0\n",
		"cp -p %{SOURCE0} %{_pyproject_wheeldir}/\n",
		"%pyproject_install\n",
		"%global debug_package %{nil}\n",
		"Repackaged by deps from the wheel fastthing-1.0-cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("spec lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"%pyproject_wheel", "%generate_buildrequires", "BuildRequires:   gcc", "BuildArch"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("spec has %q:\n%s", unwanted, text)
		}
	}
}
