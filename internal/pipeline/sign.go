package pipeline

import (
	"context"
	"os"
	"path/filepath"

	"github.com/deps-rpm/deps/internal/repowrite"
)

// signBuilt signs the RPMs deps built that are not signed yet (a rebuild
// makes a new, unsigned file; a signed one is left as it is, so a no-op
// sync stays one).
func signBuilt(ctx context.Context, key string, built *Built) error {
	if key == "" {
		return nil
	}
	var rpms []string
	for _, r := range built.Results {
		rpms = append(rpms, r.RPMs...)
	}
	unsigned, err := repowrite.Unsigned(ctx, rpms...)
	if err != nil {
		return err
	}
	return repowrite.Signer{Key: key}.SignRPMs(ctx, unsigned...)
}

// signRepo signs the offline repository's repomd.xml when it was rewritten
// or has no signature yet.
func signRepo(ctx context.Context, key, repo string, rewrote bool) error {
	if key == "" {
		return nil
	}
	if _, err := os.Stat(filepath.Join(repo, "repodata", "repomd.xml.asc")); err == nil && !rewrote {
		return nil
	}
	return repowrite.Signer{Key: key}.SignRepomd(ctx, repo)
}
