package inputs

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// FilelistsBucket is the cache bucket of parsed filelists, keyed by the
// checksum repomd.xml gives the filelists file.
const FilelistsBucket = "filelists-v1"

// attachFilelists lets the repository's indexes read its filelists the
// first time a file requirement primary cannot answer is looked up (as dnf
// does): from the cache when the same file was parsed before, else from
// the mirror, verified, then cached. A failure is said once; such paths
// then stay unprovided, as they were before filelists were read.
func (r *Repo) attachFilelists(ctx context.Context, env deps.Env) {
	if r.repomd == nil {
		return
	}
	d, ok := r.repomd.Data["filelists"]
	if !ok {
		return
	}
	key := d.Checksum.Type + "-" + d.Checksum.Value
	load := func() (*repodata.Filelists, error) {
		if fl, ok := cachedFilelists(env, key); ok {
			return fl, nil
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
