package pypi

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/deps-rpm/deps/cache"
)

// SdistReadBucket keeps, by an sdist's sha256, the few small files
// ReadSdist reads from it (PKG-INFO, pyproject.toml, egg-info, the license file), so that a
// later run does not decompress the archive again.
const SdistReadBucket = "sdist-read-v3" // v2: entries checked as %prep would unpack them; v3: license files

// cachedSdistFiles is sdistFiles as it is stored.
type cachedSdistFiles struct {
	Files   map[string][]byte `json:"files"`
	EggDirs []string          `json:"egg_dirs"`
	TopDir  string            `json:"top_dir"`
	Native  []string          `json:"native"`
}

// CachedSdist returns what ReadSdistCached kept of the sdist whose sha256
// is digest, without the archive; ok is false when store holds nothing
// readable for it.
func CachedSdist(digest, filename string, store *cache.Store) (info *SdistInfo, ok bool) {
	if store == nil || !isHexDigest(digest) {
		return nil, false
	}
	data, ok, err := store.Get(SdistReadBucket, digest)
	if err != nil || !ok {
		return nil, false
	}
	var c cachedSdistFiles
	if json.Unmarshal(data, &c) != nil {
		return nil, false
	}
	info, err = sdistInfo(&sdistFiles{files: c.Files, eggDirs: c.EggDirs, topDir: c.TopDir, native: c.Native}, filename)
	return info, err == nil
}

// ReadSdistCached is ReadSdist for an archive whose sha256 is digest,
// keeping what it read in store. A cache entry that does not decode is
// read again from the archive.
func ReadSdistCached(archive, digest string, limits Limits, store *cache.Store) (*SdistInfo, error) {
	if store == nil || !isHexDigest(digest) {
		return ReadSdist(archive, limits)
	}
	base := filepath.Base(archive)
	if data, ok, err := store.Get(SdistReadBucket, digest); err == nil && ok {
		var c cachedSdistFiles
		if json.Unmarshal(data, &c) == nil {
			return sdistInfo(&sdistFiles{files: c.Files, eggDirs: c.EggDirs, topDir: c.TopDir, native: c.Native}, base)
		}
	}
	sf, err := readSdistFiles(archive, limits.withDefaults())
	if err != nil {
		return nil, fmt.Errorf("sdist %s: %w", base, err)
	}
	if data, err := json.Marshal(cachedSdistFiles{Files: sf.files, EggDirs: sf.eggDirs, TopDir: sf.topDir, Native: sf.native}); err == nil {
		// Unsynced: a torn entry does not decode, and is read again from
		// the archive. A cache that cannot keep it costs a re-read only.
		_ = store.PutChecked(SdistReadBucket, digest, data)
	}
	return sdistInfo(sf, base)
}
