// Package testenv gives tests the project's reference data and the
// external tools they need, failing instead of skipping under CI.
package testenv

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// RefData returns the path of a file or directory of the project's
// reference test data, internal/refdata: cases from the test suites of
// packaging, pip, rpm and Fedora's Python generators, and real CentOS
// Stream 9 repository metadata (its PROVENANCE names each source).
func RefData(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{ModuleRoot(t), "internal", "refdata"}, elem...)...)
}

// ModuleRoot returns the directory of the module's go.mod, above the
// test's directory.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("module root not found above the test's directory")
		}
		dir = parent
	}
}

// ReadRefData returns the content of a reference data file. A file kept
// gzipped (its name plus .gz) is returned decompressed.
func ReadRefData(t testing.TB, elem ...string) []byte {
	t.Helper()
	path := RefData(t, elem...)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = readGzip(path + ".gz")
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
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

// Listener is a TCP listener on 127.0.0.1 that accepts and closes every
// connection, for tests that prove code cannot reach the network: it
// returns the port, reachable from the test itself.
func Listener(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}
