package inputs

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/deps-rpm/deps/internal/repowrite"
	"github.com/deps-rpm/deps/resolve/repodata"
)

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
