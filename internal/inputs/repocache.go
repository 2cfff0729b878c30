package inputs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// IndexBucket is the cache bucket of parsed repository indexes, keyed by indexKey.
const IndexBucket = "index-v2"

// loadRepoURL reads one repository: repomd.xml always (it is small and says
// whether anything changed), the parsed index from the cache when the
// metadata is the same, else primary and modules, which are then indexed
// and cached.
func loadRepoURL(ctx context.Context, env deps.Env, s repoSpec, url string, enabled map[string]string) (*Repo, error) {
	if env.Offline && strings.Contains(url, "://") && !strings.HasPrefix(url, "file://") {
		return repoOffline(env, s, url, enabled)
	}
	md, err := readRepomd(ctx, env, s, url)
	if err != nil {
		return nil, err
	}
	key := indexKey(s, md, enabled)
	if r, ok := cachedRepo(env, s, url, key); ok {
		rememberKey(env, s, url, enabled, key)
		r.setRepomd(env, key, md)
		return r, nil
	}
	repo, err := repodata.LoadIndexed(ctx, env.HTTP, s.ID, url, s.limits, 2, sortPackages(s, enabled))
	if errors.Is(err, fs.ErrNotExist) {
		// repomd.xml was there: a file it lists is not (a mirror in the
		// middle of a sync). Nothing is stored: a cached index of the
		// previous metadata stays as it was.
		return nil, fmt.Errorf("%w (listed in %s/repodata/repomd.xml: a mirror in the middle of a sync?)", err, strings.TrimSuffix(url, "/"))
	}
	if err != nil {
		return nil, err
	}
	if (s.RepoGPGCheck || s.metalink != nil) && indexKey(s, repo.Repomd, enabled) != key {
		return nil, fmt.Errorf("%s/repodata/repomd.xml changed while it was read: it was checked (signature, metalink) on an earlier version", strings.TrimSuffix(url, "/"))
	}
	// The key of what LoadRepo actually read: repomd.xml may have changed
	// since it was first read.
	key = indexKey(s, repo.Repomd, enabled)
	// The images are written to the cache and mapped from there, so that
	// the process never holds them whole; without a cache, in memory.
	if r, err := storeRepo(env, s, url, key, repo.Images[visibleIndex], repo.Images[hiddenIndex]); err != nil {
		env.Reporter.Warn(fmt.Sprintf("repo %s: not cached: %v", s.ID, err))
	} else if r != nil {
		rememberKey(env, s, url, enabled, key)
		r.Info.Cached = false
		r.setRepomd(env, key, repo.Repomd)
		return r, nil
	}
	visible, hidden := repo.Images[visibleIndex].Index(), repo.Images[hiddenIndex].Index()
	r := &Repo{
		Info:    deps.RepoInfo{ID: s.ID, URL: url, Packages: visible.Len(), Hidden: hidden.Len(), Installed: s.Installed},
		Visible: visible,
		Hidden:  hidden,
	}
	r.setRepomd(env, key, repo.Repomd)
	return r, nil
}

// lastKeyBucket maps a remote repository (id, URL, module choices) to the
// index key of its metadata when last read, for --offline runs.
const lastKeyBucket = "repokey-v1"

func lastKeyName(s repoSpec, url string, enabled map[string]string) string {
	return cache.Sum([]byte(fmt.Sprintf("%s\n%s\n%v", s.ID, url, enabled)))
}

func rememberKey(env deps.Env, s repoSpec, url string, enabled map[string]string, key string) {
	if env.Cache != nil {
		_ = env.Cache.Put(lastKeyBucket, lastKeyName(s, url, enabled), []byte(key))
	}
}

// rememberAlias makes the index last read from a mirror the one an
// --offline run finds under the metalink or mirrorlist that led to it.
func rememberAlias(env deps.Env, s repoSpec, mirror, list string, enabled map[string]string) {
	if env.Cache == nil {
		return
	}
	if key, ok, _ := env.Cache.Get(lastKeyBucket, lastKeyName(s, mirror, enabled)); ok {
		rememberKey(env, s, list, enabled, string(key))
	}
}

// repoOffline serves a remote repository from the index cached when it was
// last read, without asking the mirror anything.
func repoOffline(env deps.Env, s repoSpec, url string, enabled map[string]string) (*Repo, error) {
	if env.Cache != nil {
		if key, ok, _ := env.Cache.Get(lastKeyBucket, lastKeyName(s, url, enabled)); ok {
			if r, ok := cachedRepo(env, s, url, string(key)); ok {
				r.filelistsKey = recallFilelistsKey(env, string(key))
				return r, nil
			}
		}
	}
	return nil, fmt.Errorf("%s: offline, and this repository's metadata is not in the cache: run once online first", url)
}

// readRepomd reads repomd.xml; with repo_gpgcheck or a metalink, whole,
// and checks its signature and the metalink's digests before parsing it.
func readRepomd(ctx context.Context, env deps.Env, s repoSpec, url string) (*repodata.Repomd, error) {
	src := &repodata.Source{Client: env.HTTP}
	f, err := src.Open(ctx, url, "repodata/repomd.xml")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if s.RepoGPGCheck || s.metalink != nil {
		data, err := io.ReadAll(io.LimitReader(f, maxRepomdSize))
		if err != nil {
			return nil, fmt.Errorf("%s: repomd.xml: %w", url, err)
		}
		if s.metalink != nil {
			if err := s.metalink.Check(data); err != nil {
				return nil, fmt.Errorf("%s/repodata/%w (metalink %s)", strings.TrimSuffix(url, "/"), err, s.Metalink)
			}
		}
		if s.RepoGPGCheck {
			if err := verifyRepomd(ctx, env, s, url, data); err != nil {
				return nil, err
			}
		}
		r = bytes.NewReader(data)
	}
	md, err := repodata.ParseRepomd(r)
	if err != nil {
		return nil, fmt.Errorf("%s: repomd.xml: %w", url, err)
	}
	return md, nil
}

// cachedRepo loads both indexes of a repository from the cache. A corrupt
// entry is a miss: it is rebuilt and overwritten.
func cachedRepo(env deps.Env, s repoSpec, url, key string) (*Repo, bool) {
	if env.Cache == nil {
		return nil, false
	}
	// The image is mapped, not read: a warm run touches only the pages
	// its queries need, after one CRC pass.
	load := func(k string) *repodata.Index {
		path, err := env.Cache.Path(IndexBucket, k)
		if err != nil {
			return nil
		}
		ix, err := repodata.MapIndex(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			env.Reporter.Warn(fmt.Sprintf("repo %s: cached index is corrupt, rebuilding: %v", s.ID, err))
			return nil
		}
		return ix
	}
	visible := load(key)
	if visible == nil {
		return nil, false
	}
	hidden := load(key + "-hidden")
	if hidden == nil {
		return nil, false
	}
	return &Repo{
		Info:     deps.RepoInfo{ID: s.ID, URL: url, Packages: visible.Len(), Hidden: hidden.Len(), Cached: true, Installed: s.Installed},
		Visible:  visible,
		Hidden:   hidden,
		indexKey: key,
	}, true
}

// StoreImage writes an index image to the cache bucket IndexBucket under
// key, in one pass. The entry is not synced (WriteFuncChecked): MapIndex
// checks an image's CRC each time it maps it, so a crash leaves it missing
// or torn, to be rebuilt, never trusted.
func StoreImage(store *cache.Store, key string, im *repodata.Image) error {
	return store.WriteFuncChecked(IndexBucket, key, func(w io.Writer) error {
		_, err := im.WriteTo(w)
		return err
	})
}

// storeRepo caches both images, the hidden one first so that a visible
// entry always has its partner, and returns the repository mapped from
// them; nil without a cache.
func storeRepo(env deps.Env, s repoSpec, url, key string, visible, hidden *repodata.Image) (*Repo, error) {
	if env.Cache == nil {
		return nil, nil
	}
	if err := StoreImage(env.Cache, key+"-hidden", hidden); err != nil {
		return nil, err
	}
	if err := StoreImage(env.Cache, key, visible); err != nil {
		return nil, err
	}
	r, ok := cachedRepo(env, s, url, key)
	if !ok {
		return nil, fmt.Errorf("the index written to the cache does not load")
	}
	return r, nil
}
