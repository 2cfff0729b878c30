package repodata

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// IndexedRepo is what LoadIndexed reads of a repository.
type IndexedRepo struct {
	ID      string
	BaseURL string
	Repomd  *Repomd  // Repomd.Data["primary"].Checksum identifies the content
	Modules *Modules // nil when the repository has no modules.yaml
	Images  []*Image // the packages' indexes, as sort sent them
}

// LoadIndexed reads a repository as LoadRepoLimits does, but indexes its
// packages while primary streams in instead of returning them, so that no
// list of parsed packages is ever held: decompressing, verifying, parsing
// and indexing overlap, and memory follows the indexes' size.
//
// Modules, when listed, are read first. sort gets each package (Repo set
// to id) with the modules and says which of the n indexes receives it, or
// -1 for none; it may replace the package's fields (not write into its
// slices), and must not keep the package.
func LoadIndexed(ctx context.Context, client *http.Client, id, baseURL string, lim Limits, n int,
	sort func(*Package, *Modules) int) (*IndexedRepo, error) {
	src := &Source{Client: client}
	repo := &IndexedRepo{ID: id, BaseURL: baseURL}
	var primary RepomdData
	var err error
	if repo.Repomd, primary, repo.Modules, err = loadHead(ctx, src, id, baseURL, lim); err != nil {
		return nil, err
	}
	builders := make([]*IndexBuilder, n)
	for i := range builders {
		// The first index usually gets nearly every package; a Fedora-like
		// primary has about 3 kB of XML a package (guessed a little high:
		// growing the tables costs more than a little spare room).
		hint := 1024
		if i == 0 && primary.OpenSize > 0 {
			hint = int(min(primary.OpenSize/2500, 1<<20))
		}
		builders[i] = NewIndexBuilder(hint)
	}
	// The parser hands batches of packages to a goroutine that indexes
	// them: decompressing, parsing and indexing each run on their own.
	err = loadVerified(ctx, src, baseURL, primary, lim, func(r io.Reader) error {
		pipe := newBatchPipe(4)
		var sortErr error
		indexed := make(chan struct{})
		go func() {
			defer close(indexed)
			for b := range pipe.full {
				for i := 0; i < len(b.pkgs) && sortErr == nil; i++ {
					p := &b.pkgs[i]
					switch k := sort(p, repo.Modules); {
					case k >= 0 && k < n:
						builders[k].Add(p)
					case k >= n:
						sortErr = fmt.Errorf("package %s sorted into index %d of %d", p.Name, k, n)
						close(pipe.stop)
					}
				}
				b.reset()
				pipe.free <- b
			}
		}()
		err := parsePrimaryBatches(r, id, pipe)
		close(pipe.full)
		<-indexed
		if sortErr != nil {
			return sortErr
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("repo %s: %w", id, err)
	}
	for i, b := range builders {
		repo.Images = append(repo.Images, b.Image())
		builders[i] = nil
	}
	return repo, nil
}
