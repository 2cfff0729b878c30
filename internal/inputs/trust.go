package inputs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/config"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// Trust: repositories with repo_gpgcheck have their repomd.xml checked
// against repomd.xml.asc and their gpgkey; with gpgcheck, every package
// fetched from them is checked with rpmkeys. [sign] key signs what deps
// builds and the offline repository's repomd.xml.

// maxRepomdSize bounds a repomd.xml read whole to check its signature.
const maxRepomdSize = 16 << 20

// loadKeys reads the repository's gpgkey files when it checks signatures.
// With repo_gpgcheck the keys must be there: the metadata is checked with
// them. With gpgcheck alone, a key that cannot be read (a host without
// the distribution's key file) is a warning: the metadata is read all the
// same (audit, plan), and a package needed from the repository is refused
// before it is downloaded (CheckKeys).
func (s *repoSpec) loadKeys(ctx context.Context, env deps.Env) error {
	if !s.GPGCheck && !s.RepoGPGCheck {
		return nil
	}
	if len(s.GPGKeys) == 0 {
		return fmt.Errorf("repo %s (%s): gpgcheck or repo_gpgcheck is on but no gpgkey is given", s.ID, s.Origin)
	}
	keys, err := repodata.LoadKeys(ctx, env.HTTP, s.GPGKeys)
	switch {
	case err == nil:
		s.keys = keys
	case s.RepoGPGCheck:
		return fmt.Errorf("repo %s (%s): repo_gpgcheck is on: %w", s.ID, s.Origin, err)
	default:
		s.keysErr = err
		env.Reporter.Warn(fmt.Sprintf("repo %s (%s): %v: its metadata is read, but a package needed from it cannot have its signature checked and will be refused", s.ID, s.Origin, err))
	}
	return nil
}

// verifyRepomd checks repomd.xml (data, read from url) against
// repomd.xml.asc when the repository has repo_gpgcheck.
func verifyRepomd(ctx context.Context, env deps.Env, s repoSpec, url string, data []byte) error {
	src := &repodata.Source{Client: env.HTTP}
	name := strings.TrimSuffix(url, "/") + "/repodata/repomd.xml"
	var sig []byte
	f, err := src.Open(ctx, url, "repodata/repomd.xml.asc")
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		sig, err = io.ReadAll(io.LimitReader(f, 1<<20))
		f.Close()
		if err != nil {
			return fmt.Errorf("%s.asc: %w", name, err)
		}
	}
	return repodata.VerifyDetached(ctx, s.keys, name, data, sig)
}

// gpgKeyURLs splits deps.toml's gpgkey like a .repo file's, substitutes
// variables and resolves plain paths against the configuration's
// directory.
func gpgKeyURLs(v string, vars map[string]string, cfg *config.Config) []string {
	var out []string
	for _, u := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		u = repodata.Substitute(u, vars)
		if !strings.Contains(u, "://") {
			u = cfg.Path(u)
		}
		out = append(out, u)
	}
	return out
}

// plainHTTPWarning says why a repository read from url is open to anyone
// on the network path: plain http, and neither its packages nor its
// repomd.xml signatures checked. A metalink read over https vouches for
// repomd.xml (and so for every checksum below it) on its own.
func (s *repoSpec) plainHTTPWarning(url string) string {
	if !strings.HasPrefix(url, "http://") || s.GPGCheck || s.RepoGPGCheck {
		return ""
	}
	if s.metalink != nil && strings.HasPrefix(s.Metalink, "https://") {
		return ""
	}
	return fmt.Sprintf("repo %s (%s): %s is plain http and gpgcheck and repo_gpgcheck are off: anyone on the network path can change its packages; use an https URL or turn on gpgcheck with its gpgkey", s.ID, s.Origin, url)
}
