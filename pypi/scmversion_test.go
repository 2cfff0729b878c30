package pypi

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const scmPyproject = `[build-system]
requires = ["setuptools>=45", "setuptools_scm[toml]>=6.2"]
build-backend = "setuptools.build_meta"

[project]
name = "scm-lib"
dynamic = ["version"]
dependencies = ["six"]

[tool.setuptools]
py-modules = []

[tool.setuptools_scm]
`

// scmRepo is a git checkout of a setuptools_scm project; git runs
// commands in it.
func scmRepo(t *testing.T) (string, func(args ...string) string) {
	dir := t.TempDir()
	git := gitIn(t, dir)
	git("init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte(scmPyproject), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	git("commit", "-q", "-m", "one")
	return dir, git
}

// setuptools_scm's default scheme, as a packed tree's PKG-INFO says it,
// against the real setuptools_scm on the same checkout at each step: no
// tag counts from 0.0, a tag is its version, commits after it (or
// uncommitted changes) a dev release of the next one with the commit and
// the date.
func TestSCMVersion(t *testing.T) {
	t.Setenv("SETUPTOOLS_SCM_PRETEND_VERSION", "")
	py := hookPython(t, "setuptools_scm")
	dir, git := scmRepo(t)
	check := func(what, want string) {
		t.Helper()
		now := time.Now()
		got, err := scmVersion(t.Context(), dir, now)
		cmd := exec.Command(py, "-m", "setuptools_scm")
		cmd.Dir = dir
		out, rerr := cmd.Output()
		real := strings.TrimSpace(string(out))
		if err != nil || rerr != nil || got != real || want != "" && got != want {
			t.Errorf("%s: deps %q (%v), setuptools_scm %q (%v), want %q", what, got, err, real, rerr, want)
		}
	}
	check("no tag", "0.1.dev1+g"+git("rev-parse", "--short", "HEAD"))
	git("tag", "v1.2.3")
	check("at the tag", "1.2.3")
	os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte(scmPyproject+"# changed\n"), 0o644)
	check("changed at the tag", "")
	git("commit", "-q", "-am", "two")
	git("commit", "-q", "--allow-empty", "-m", "three")
	check("two commits on", "1.2.4.dev2+g"+git("rev-parse", "--short", "HEAD"))
	git("tag", "release-2.0rc1")
	check("a prefixed pre-release tag", "2.0rc1")
	git("commit", "-q", "--allow-empty", "-m", "four")
	check("after a pre-release", "")
	t.Setenv("SETUPTOOLS_SCM_PRETEND_VERSION", "9.9")
	if got, err := scmVersion(t.Context(), dir, time.Now()); err != nil || got != "9.9" {
		t.Errorf("pretended: %q, %v", got, err)
	}

	for v, next := range map[string]string{"1.2.3": "1.2.4", "1.0.dev3": "1.0", "1.0rc1": "1.0rc2", "2": "3"} {
		if got := nextVersion(v); got != next {
			t.Errorf("nextVersion(%q) = %q, want %q", v, got, next)
		}
	}
}

// A setuptools_scm project packed from its checkout is read at its tag's
// version: by deps from PKG-INFO, and by the real setuptools_scm behind
// the real PEP 517 hook, which has no .git in the archive. A project
// with a static version gets no PKG-INFO.
func TestPackDirSCMVersion(t *testing.T) {
	t.Setenv("SETUPTOOLS_SCM_PRETEND_VERSION", "")
	dir, git := scmRepo(t)
	git("tag", "v1.2.3")
	dest := filepath.Join(t.TempDir(), "scm-lib.tar.gz")
	if err := PackDir(t.Context(), dir, "scm-lib", dest); err != nil {
		t.Fatal(err)
	}
	info, err := ReadSdist(dest, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if info.PKGInfo == nil || info.PKGInfo.Name != "scm-lib" || info.PKGInfo.Version.String() != "1.2.3" {
		t.Fatalf("PKG-INFO %+v, want scm-lib 1.2.3", info.PKGInfo)
	}

	// Dependencies from a file make deps run the hook, and setuptools_scm
	// must find the version with no .git.
	os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte(strings.Replace(scmPyproject, `dynamic = ["version"]
dependencies = ["six"]`, `dynamic = ["version", "dependencies"]`, 1)+"[tool.setuptools.dynamic]\ndependencies = {file = [\"requirements.txt\"]}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("six\n"), 0o644)
	git("add", ".")
	git("commit", "-q", "-m", "dynamic")
	git("tag", "v1.2.4")
	if err := PackDir(t.Context(), dir, "scm-lib", dest); err != nil {
		t.Fatal(err)
	}
	py := hookPython(t, "setuptools", "setuptools_scm")
	tmp := t.TempDir()
	var log bytes.Buffer
	m, err := SdistMetadata(context.Background(), dest, SdistOptions{AllowHook: true, Python: py, TempDir: tmp, Log: &log})
	if err != nil {
		t.Fatalf("%v\nlog:\n%s", err, log.String())
	}
	if m.Source != SourcePEP517 || m.Metadata.Version.String() != "1.2.4" || len(m.Metadata.RequiresDist) != 1 {
		t.Errorf("the real hook read %s %s requires %v (source %s); want 1.2.4 requiring six\nlog:\n%s", m.Metadata.Name, m.Metadata.Version, m.Metadata.RequiresDist, m.Source, log.String())
	}

	static := t.TempDir()
	os.WriteFile(filepath.Join(static, "pyproject.toml"), []byte(strings.Replace(scmPyproject, `dynamic = ["version"]`, `version = "3.0"`, 1)), 0o644)
	if err := PackDir(t.Context(), static, "static-3.0", dest); err != nil {
		t.Fatal(err)
	}
	if info, err := ReadSdist(dest, Limits{}); err != nil || info.PKGInfo != nil {
		t.Errorf("a static version got PKG-INFO %+v, %v", info.PKGInfo, err)
	}
}
