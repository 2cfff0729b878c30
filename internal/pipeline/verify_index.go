package pipeline

import (
	"context"

	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/internal/inputs"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// dirIndex indexes every package of the repository in dir (no module or
// source filtering: all of it is checked) and returns it with the
// repomd.xml it was read from. With a cache the index is written there,
// keyed by primary's checksum, and mapped: a repository verified again is
// not parsed again, and a large one never sits in memory whole.
func dirIndex(ctx context.Context, store *cache.Store, dir string) (*repodata.Index, *repodata.Repomd, error) {
	if store != nil {
		if md, err := localRepomd(ctx, dir); err == nil {
			if ix := mappedIndex(store, verifyKey(md)); ix != nil {
				return ix, md, nil
			}
		}
	}
	all := func(*repodata.Package, *repodata.Modules) int { return 0 }
	repo, err := repodata.LoadIndexed(ctx, nil, "offline", dir, repodata.Limits{}, 1, all)
	if err != nil {
		return nil, nil, err
	}
	im := repo.Images[0]
	// The key of what was read: repomd.xml may have changed meanwhile.
	if key := verifyKey(repo.Repomd); store != nil && key != "" {
		if err := inputs.StoreImage(store, key, im); err == nil {
			if ix := mappedIndex(store, key); ix != nil {
				return ix, repo.Repomd, nil
			}
		}
	}
	return im.Index(), repo.Repomd, nil
}

// verifyKey names a verified repository's index in the cache: its primary's
// checksum; "" when it has none.
func verifyKey(md *repodata.Repomd) string {
	p, ok := md.Data["primary"]
	if !ok || p.Checksum.Value == "" {
		return ""
	}
	return cache.Sum([]byte("verify-index v1\n" + p.Checksum.Type + ":" + p.Checksum.Value))
}

// mappedIndex maps the cached index key; nil when there is none (or it is
// corrupt: it is then rebuilt and overwritten).
func mappedIndex(store *cache.Store, key string) *repodata.Index {
	if key == "" {
		return nil
	}
	path, err := store.Path(inputs.IndexBucket, key)
	if err != nil {
		return nil
	}
	ix, err := repodata.MapIndex(path)
	if err != nil {
		return nil
	}
	return ix
}

func localRepomd(ctx context.Context, dir string) (*repodata.Repomd, error) {
	f, err := (&repodata.Source{}).Open(ctx, dir, "repodata/repomd.xml")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return repodata.ParseRepomd(f)
}
