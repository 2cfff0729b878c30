package inputs

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/cache"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// FilelistsBucket is the cache bucket of parsed filelists, keyed by the
// checksum repomd.xml gives the filelists file.
const FilelistsBucket = "filelists-v1"

// filelistsKeyBucket maps an index key (indexKey) to the cache key of the
// same metadata's filelists, for --offline runs, which read no repomd.xml.
const filelistsKeyBucket = "filelistskey-v1"

// setRepomd records the repomd.xml the repository was read with and where
// its filelists are cached.
func (r *Repo) setRepomd(env deps.Env, indexKey string, md *repodata.Repomd) {
	r.repomd, r.indexKey = md, indexKey
	d, ok := md.Data["filelists"]
	if !ok {
		return
	}
	r.filelistsKey = d.Checksum.Type + "-" + d.Checksum.Value
	if env.Cache != nil {
		_ = env.Cache.Put(filelistsKeyBucket, indexKey, []byte(r.filelistsKey))
	}
}

// recallFilelistsKey is the filelists key setRepomd recorded for an index.
func recallFilelistsKey(env deps.Env, indexKey string) string {
	if env.Cache == nil {
		return ""
	}
	key, ok, _ := env.Cache.Get(filelistsKeyBucket, indexKey)
	if !ok || cache.ValidKey(string(key)) != nil {
		return ""
	}
	return string(key)
}

// attachFilelists lets the repository's indexes read its filelists the
// first time a file requirement primary cannot answer is looked up (as dnf
// does): from the cache when the same file was parsed before, else from
// the mirror (never offline), verified, then cached. A failure is said
// once; such paths then stay unprovided, as they were before filelists
// were read.
func (r *Repo) attachFilelists(ctx context.Context, env deps.Env) {
	key := r.filelistsKey
	if key == "" {
		return
	}
	load := func() (*repodata.Filelists, error) {
		if fl, ok := cachedFilelists(env, key); ok {
			return fl, nil
		}
		if r.repomd == nil {
			return nil, errors.New("offline, and its filelists are not in the cache: run once online first")
		}
		env.Reporter.Stage("load filelists " + r.Info.ID)
		client := r.client // the repository's own TLS, proxy and credentials
		if client == nil {
			client = env.HTTP
		}
		fl, err := repodata.LoadFilelists(ctx, client, r.Info.URL, r.repomd)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fl); err == nil && env.Cache != nil {
			if err := env.Cache.Put(FilelistsBucket, key, buf.Bytes()); err != nil {
				env.Reporter.Warn(fmt.Sprintf("repo %s: filelists not cached: %v", r.Info.ID, err))
			}
		}
		return fl, nil
	}
	fail := func(err error) {
		env.Reporter.Warn(fmt.Sprintf("repo %s: filelists not read, file requirements outside /etc and bin/ directories count as unprovided: %v", r.Info.ID, err))
	}
	r.Visible.AttachFilelists(load, fail)
	r.Hidden.ShareFilelists(r.Visible)
}

// cachedFilelists reads parsed filelists from the cache; a corrupt entry
// is a miss.
func cachedFilelists(env deps.Env, key string) (*repodata.Filelists, bool) {
	if env.Cache == nil {
		return nil, false
	}
	data, ok, err := env.Cache.Get(FilelistsBucket, key)
	if err != nil || !ok {
		return nil, false
	}
	var fl repodata.Filelists
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&fl); err != nil {
		return nil, false
	}
	return &fl, true
}
