package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// GPGKey generates a passphrase-less signing key for uid in a temporary
// GNUPGHOME, which the test's environment then uses (gpg, rpmsign), and
// writes its armored public part to a file whose path it returns.
func GPGKey(t *testing.T, uid string) string {
	t.Helper()
	RequireTool(t, "gpg")
	home, err := os.MkdirTemp("", "deps-gpg-test-") // short: gpg-agent's socket lives there
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = exec.Command("gpgconf", "--homedir", home, "--kill", "all").Run()
		os.RemoveAll(home)
	})
	t.Setenv("GNUPGHOME", home)
	if out, err := exec.Command("gpg", "--batch", "--passphrase", "", "--quick-gen-key", uid, "default", "default", "never").CombinedOutput(); err != nil {
		t.Fatalf("gpg --quick-gen-key: %v\n%s", err, out)
	}
	pub, err := exec.Command("gpg", "--armor", "--export", uid).Output()
	if err != nil || len(pub) == 0 {
		t.Fatalf("gpg --export %s: %v", uid, err)
	}
	path := filepath.Join(t.TempDir(), "RPM-GPG-KEY")
	if err := os.WriteFile(path, pub, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
