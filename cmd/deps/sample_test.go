package main

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

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

// seedSample gives out the sample's packages as built once per go test
// run (testenv.SeedSample), less those in rebuild.
func seedSample(t *testing.T, out string, rebuild ...string) {
	t.Helper()
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	if err := testenv.SeedSample(out, rebuild...); err != nil {
		t.Fatal(err)
	}
}
