package inputs

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/deps-rpm/deps/internal/repowrite"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// CheckKeys fails, before anything is downloaded, when a package needed
// comes from a repository with gpgcheck whose gpgkey could not be read:
// its signature cannot be checked. The error names the repository and the
// key.
func CheckKeys(repos Repos, need []*repodata.Package) error {
	for _, r := range repos {
		if !r.gpgcheck || r.keysErr == nil {
			continue
		}
		for _, p := range need {
			if p.Repo == r.Info.ID {
				return fmt.Errorf("%s comes from repo %s, which has gpgcheck on, but %w: its signature cannot be checked; "+
					"install the key at that path, point gpgkey at it, or set gpgcheck=0 to accept unchecked packages", filepath.Base(p.Location), r.Info.ID, r.keysErr)
			}
		}
	}
	return nil
}

// CheckSignatures checks the signatures of the packages fetched from
// repositories with gpgcheck.
func CheckSignatures(ctx context.Context, repos Repos, fetched []repowrite.Fetched) error {
	for _, r := range repos {
		if !r.gpgcheck {
			continue
		}
		paths := map[string]string{}
		for _, f := range fetched {
			if f.Package.Repo == r.Info.ID {
				paths[fmt.Sprintf("%s (repo %s)", filepath.Base(f.Package.Location), r.Info.ID)] = f.Path
			}
		}
		if len(paths) == 0 {
			continue
		}
		if err := repodata.CheckPackageSignatures(ctx, r.keys, paths); err != nil {
			return err
		}
	}
	return nil
}
