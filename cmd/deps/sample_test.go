package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// The bundled sample's 38 packages are built once per test binary, by a
// cold deps sync whose outcome is checked. Tests that need them built
// start from a copy of that build (out/build: the RPMs and the manifests
// that make a build of the same inputs "unchanged"), not from scratch.
var sample struct {
	once  sync.Once
	build string // the cold sync's out/build
	err   error
}

// tempRoot is a directory that lasts as long as the test binary (the cold
// sync's output); TestMain removes it.
var tempRoot struct {
	once sync.Once
	dir  string
	err  error
}

func processTempDir(t *testing.T) string {
	t.Helper()
	tempRoot.once.Do(func() { tempRoot.dir, tempRoot.err = os.MkdirTemp("", "deps-cmd-test-") })
	if tempRoot.err != nil {
		t.Fatal(tempRoot.err)
	}
	return tempRoot.dir
}

// cleanupM removes tempRoot once the tests have run.
type cleanupM struct{ *testing.M }

func (m cleanupM) Run() int {
	code := m.M.Run()
	if tempRoot.dir != "" {
		os.RemoveAll(tempRoot.dir)
	}
	return code
}

// depsBinary is the deps command as a program of its own: this test
// binary, which testscript.Main puts in $PATH as "deps".
func depsBinary(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("deps")
	if err != nil {
		t.Fatalf("deps is not in $PATH (TestMain installs it): %v", err)
	}
	return bin
}

// sampleDir is the bundled sample's directory.
func sampleDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../sample")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedSample gives out (a deps sync's output directory) the sample as the
// one cold sync built it, less the packages named in rebuild, which the
// next sync builds for real.
func seedSample(t *testing.T, out string, rebuild ...string) {
	t.Helper()
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	sample.once.Do(func() { sample.build, sample.err = coldSyncSample(depsBinary(t), sampleDir(t), processTempDir(t)) })
	if sample.err != nil {
		t.Fatal(sample.err)
	}
	var omitted []string
	err := filepath.WalkDir(sample.build, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(sample.build, path)
		dst := filepath.Join(out, "build", rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if dir, name := filepath.Split(rel); dir == ".deps-build/" && slices.Contains(rebuild, strings.TrimSuffix(name, ".json")) {
			omitted = append(omitted, name)
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(omitted) != len(rebuild) {
		t.Fatalf("the sample's build has manifests for %v of %v", omitted, rebuild)
	}
}

// coldSyncSample runs deps sync of the sample into dir and checks that
// it built, fetched and published everything; it returns out/build.
func coldSyncSample(bin, sample, dir string) (string, error) {
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "sync", "-c", filepath.Join(sample, "deps.toml"), "--profile", "host",
		"--out", out, "--cache-dir", filepath.Join(dir, "cache"))
	cmd.Env = append(os.Environ(), "HOME="+filepath.Join(dir, "home"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("deps sync of the sample: %v\nstdout:\n%s\nstderr:\n%s", err, &stdout, &stderr)
	}
	for _, want := range []string{
		`(?m)^build: +38 built, 0 unchanged, 0 failed, 0 skipped$`,
		`(?m)^fetch: +7 repository packages \(7 downloaded, 0 from the cache\)$`,
		`(?m)^repo: +.*/out/repo: 45 packages, repodata indexed$`,
		`(?m)^closure: complete`,
	} {
		if !regexp.MustCompile(want).Match(stdout.Bytes()) {
			return "", fmt.Errorf("the cold sync of the sample: stdout lacks %s:\n%s", want, &stdout)
		}
	}
	return filepath.Join(out, "build"), nil
}
