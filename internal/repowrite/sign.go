package repowrite

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Signer signs with a key of the user's gpg keyring (GNUPGHOME, else
// ~/.gnupg, as gpg itself decides): Key is a key id, fingerprint or user
// id as gpg's --local-user takes it.
type Signer struct {
	Key string
}

// SignRPMs adds a header signature to each RPM in place with rpmsign.
func (s Signer) SignRPMs(ctx context.Context, paths ...string) error {
	if len(paths) == 0 {
		return nil
	}
	gpg, err := exec.LookPath("gpg")
	if err != nil {
		return fmt.Errorf("sign with %s: %w", s.Key, err)
	}
	args := []string{"--addsign", "--define", "_gpg_name " + s.Key, "--define", "__gpg " + gpg}
	out, err := exec.CommandContext(ctx, "rpmsign", append(args, paths...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("rpmsign with %s: %w\n%s", s.Key, err, out)
	}
	return nil
}

// SignRepomd writes DIR/repodata/repomd.xml.asc, an armored detached
// signature of repomd.xml, atomically.
func (s Signer) SignRepomd(ctx context.Context, dir string) error {
	md := filepath.Join(dir, "repodata", "repomd.xml")
	tmp := md + ".asc.tmp"
	_ = os.Remove(tmp)
	out, err := exec.CommandContext(ctx, "gpg", "--batch", "--no-tty", "--yes", "--local-user", s.Key,
		"--detach-sign", "--armor", "--output", tmp, md).CombinedOutput()
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("sign %s with %s: %w\n%s", md, s.Key, err, out)
	}
	if err := os.Rename(tmp, md+".asc"); err != nil {
		return fmt.Errorf("sign %s: %w", md, err)
	}
	return nil
}

// Unsigned returns the RPMs among paths that carry no header signature.
func Unsigned(ctx context.Context, paths ...string) ([]string, error) {
	var out []string
	for _, p := range paths {
		sig, err := exec.CommandContext(ctx, "rpm", "-qp", "--nosignature", "--nodigest", "--qf", "%{RSAHEADER}%{DSAHEADER}", p).Output()
		if err != nil {
			return nil, fmt.Errorf("rpm -qp %s: %w", p, err)
		}
		if string(sig) == "(none)(none)" {
			out = append(out, p)
		}
	}
	return out, nil
}
