package reqfile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// TestBoundedInputs: what -r and -c may name (issue 13): regular files
// only (a fifo would hang, /dev/zero never ends), at most MaxFileSize, at
// most MaxIncludeDepth deep; a binary file quotes nothing of itself, and a
// long bad line is quoted to maxQuote bytes.
func TestBoundedInputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	root := os.DirFS("/")
	for _, name := range []string{"/dev/zero", "/dev/urandom", fifo, dir} {
		_, err := Parse(root, name, nil)
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("-r %s: %v", name, err)
		}
	}
	include := filepath.Join(dir, "inc.txt")
	os.WriteFile(include, []byte("flask\n-c /dev/zero\n"), 0o644)
	if _, err := Parse(root, include, nil); err == nil || !strings.Contains(err.Error(), ":2:4: -c /dev/zero: not a regular file") {
		t.Errorf("-c /dev/zero inside a file: %v", err)
	}

	big := fstest.MapFS{"big.txt": {Data: []byte(strings.Repeat("a", MaxFileSize+1))}}
	if _, err := Parse(big, "big.txt", nil); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file over the cap: %v", err)
	}

	chain := fstest.MapFS{}
	for i := range 40 {
		chain[fmt.Sprintf("r%d.txt", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("-r r%d.txt\n", i+1))}
	}
	if _, err := Parse(chain, "r0.txt", nil); err == nil || !strings.Contains(err.Error(), "nested more than 32 deep") {
		t.Errorf("a 40-deep chain: %v", err)
	}

	secret := fstest.MapFS{"environ": {Data: []byte("SECRET=hunter2\x00HOME=/root\x00")}}
	if _, err := Parse(secret, "environ", nil); err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("a binary file: %v", err)
	}

	long := fstest.MapFS{"long.txt": {Data: []byte("bad name " + strings.Repeat("x", 100_000) + "\n")}}
	_, err := Parse(long, "long.txt", nil)
	if err == nil || len(err.Error()) > 400 || !strings.Contains(err.Error(), "(100009 bytes)") {
		t.Errorf("a 100 kB bad line: %d bytes of error: %.400v", len(err.Error()), err)
	}
}
