// Package testenv gives tests the project's shared reference data and the
// external tools they need, failing instead of skipping under CI.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// SharedDir returns the directory holding the project's shared reference
// data (vectors/, realdata/): $DEPS_SHARED, else "shared" beside the module
// root. It fails the test when neither exists: the data is required.
func SharedDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("DEPS_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			shared := filepath.Join(filepath.Dir(dir), "shared")
			if _, err := os.Stat(shared); err != nil {
				t.Fatalf("shared reference data not found at %s (set DEPS_SHARED): %v", shared, err)
			}
			return shared
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("module root not found above the test's directory")
		}
		dir = parent
	}
}

// Shared returns a path inside SharedDir.
func Shared(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{SharedDir(t)}, elem...)...)
}

// RequireTool returns the path of an external tool. When it is missing the
// test is skipped, unless DEPS_REQUIRE_TOOLS=1 (as CI sets), when it fails.
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Unavailable(t, "%s is not installed: %v", name, err)
	}
	return p
}

// RequireFiles returns the files matching glob. When there are none the
// test is skipped with hint (how to install them), unless
// DEPS_REQUIRE_TOOLS=1, when it fails.
func RequireFiles(t testing.TB, glob, hint string) []string {
	t.Helper()
	files, _ := filepath.Glob(glob)
	if len(files) == 0 {
		Unavailable(t, "no %s: %s", glob, hint)
	}
	return files
}

// RequirePython checks that python can import modules (a build backend,
// python3-build, ...), like RequireTool.
func RequirePython(t testing.TB, python string, modules ...string) {
	t.Helper()
	if out, err := exec.Command(python, "-c", "import "+strings.Join(modules, ", ")).CombinedOutput(); err != nil {
		Unavailable(t, "%s cannot import %s: %v %s", python, strings.Join(modules, ", "), err, out)
	}
}

// Unavailable ends a test that cannot run here for a reason outside the
// project (a tool, module or privilege missing): a skip, unless
// DEPS_REQUIRE_TOOLS=1 (as CI sets), when it is a failure.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("DEPS_REQUIRE_TOOLS") == "1" {
		t.Fatalf("required by DEPS_REQUIRE_TOOLS=1: "+format, args...)
	}
	t.Skipf(format, args...)
}
