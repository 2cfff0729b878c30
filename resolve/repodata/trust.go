package repodata

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Signatures are checked with the system's own tools, as dnf does: gpg for
// repomd.xml.asc, rpmkeys for package headers, each time in a temporary
// GNUPGHOME or rpm database holding only the repository's keys, so that
// neither the user's keyring nor the host's rpmdb decides what is trusted.

// maxKeySize bounds a key file fetched from a gpgkey URL.
const maxKeySize = 1 << 20

// Key is an armored OpenPGP public key and where it came from.
type Key struct {
	URL  string
	Data []byte
}

// LoadKeys reads the keys of a gpgkey option: file:// URLs and plain paths
// from disk, http(s) URLs through client (the status is checked).
func LoadKeys(ctx context.Context, client *http.Client, urls []string) ([]Key, error) {
	var keys []Key
	for _, u := range urls {
		data, err := loadKey(ctx, client, u)
		if err != nil {
			return nil, fmt.Errorf("gpgkey %s: %w", u, err)
		}
		keys = append(keys, Key{URL: u, Data: data})
	}
	return keys, nil
}

func loadKey(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		f, err := os.Open(strings.TrimPrefix(u, "file://"))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, maxKeySize))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxKeySize))
}

func keyNames(keys []Key) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.URL
	}
	return strings.Join(names, ", ")
}

// VerifyDetached checks an armored detached signature (repomd.xml.asc) of
// data against keys with gpg. name labels errors; a missing signature is
// the caller's to report (sig empty is an error here too).
func VerifyDetached(ctx context.Context, keys []Key, name string, data, sig []byte) error {
	if len(keys) == 0 {
		return fmt.Errorf("%s: signature check is on but no gpgkey is configured", name)
	}
	if len(sig) == 0 {
		return fmt.Errorf("%s: no signature (checked against %s)", name, keyNames(keys))
	}
	home, err := os.MkdirTemp("", "deps-gpg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(home)
	for _, k := range keys {
		if out, err := gpgCmd(ctx, home, bytes.NewReader(k.Data), "--import").CombinedOutput(); err != nil {
			return fmt.Errorf("gpgkey %s: import: %w\n%s", k.URL, err, out)
		}
	}
	dataPath, sigPath := filepath.Join(home, "data"), filepath.Join(home, "data.asc")
	if err := os.WriteFile(dataPath, data, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(sigPath, sig, 0o600); err != nil {
		return err
	}
	var status bytes.Buffer
	cmd := gpgCmd(ctx, home, nil, "--status-fd", "1", "--verify", sigPath, dataPath)
	cmd.Stdout = &status
	err = cmd.Run()
	if err != nil || !bytes.Contains(status.Bytes(), []byte("[GNUPG:] VALIDSIG ")) {
		return fmt.Errorf("%s: bad signature (checked against %s): %s", name, keyNames(keys), statusSummary(status.String(), err))
	}
	return nil
}

func gpgCmd(ctx context.Context, home string, stdin io.Reader, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "gpg", append([]string{"--homedir", home, "--batch", "--no-tty", "--quiet"}, args...)...)
	cmd.Stdin = stdin
	cmd.Env = append(os.Environ(), "GNUPGHOME="+home)
	return cmd
}

// statusSummary picks the status lines that say why gpg refused.
func statusSummary(status string, err error) string {
	var why []string
	for _, l := range strings.Split(status, "\n") {
		for _, w := range []string{"BADSIG", "ERRSIG", "NO_PUBKEY", "NODATA", "EXPKEYSIG", "REVKEYSIG"} {
			if strings.Contains(l, "] "+w) {
				why = append(why, strings.TrimPrefix(l, "[GNUPG:] "))
			}
		}
	}
	if len(why) == 0 && err != nil {
		why = append(why, err.Error())
	}
	if len(why) == 0 {
		why = append(why, "no valid signature")
	}
	return strings.Join(why, "; ")
}

// CheckPackageSignatures checks the header signatures of RPM files against
// keys with rpmkeys --checksig in a temporary rpm database holding only
// those keys. An unsigned package, or one signed with another key, is an
// error naming the package and the keys.
func CheckPackageSignatures(ctx context.Context, keys []Key, paths map[string]string) error {
	if len(keys) == 0 {
		return fmt.Errorf("package signature check is on but no gpgkey is configured")
	}
	db, err := os.MkdirTemp("", "deps-rpmdb-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(db)
	for i, k := range keys {
		kf := filepath.Join(db, fmt.Sprintf("key%d.asc", i))
		if err := os.WriteFile(kf, k.Data, 0o600); err != nil {
			return err
		}
		if out, err := rpmkeysCmd(ctx, db, "--import", kf).CombinedOutput(); err != nil {
			return fmt.Errorf("gpgkey %s: rpmkeys --import: %w\n%s", k.URL, err, out)
		}
	}
	for name, path := range paths {
		out, err := rpmkeysCmd(ctx, db, "--checksig", path).CombinedOutput()
		// rpm 4.14+: "PATH: digests signatures OK"; an unsigned package
		// is only "digests OK", and exit status 0.
		if err != nil || !bytes.Contains(out, []byte(" signatures OK")) {
			return fmt.Errorf("package %s: signature not OK with %s: %s", name, keyNames(keys), strings.TrimSpace(strings.ReplaceAll(string(out), path+":", "")))
		}
	}
	return nil
}

func rpmkeysCmd(ctx context.Context, db string, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, "rpmkeys", append([]string{"--define", "_dbpath " + db}, args...)...)
}
