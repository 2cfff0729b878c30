// Package cache is the CLI's on-disk cache: a store of blobs kept in
// versioned buckets (index-v1/, blobs-v1/, ...), written atomically, and
// named locks that keep concurrent deps processes from corrupting it.
//
// Entries are files named by their key inside their bucket's directory. A
// write goes to a temporary file in the same directory, is synced and then
// renamed into place, so a reader sees either the whole entry or none of it,
// even after a crash. Content-addressed entries use the sha256 hex digest of
// their data as key (see PutContent).
package cache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Store is a cache rooted at Dir. Its zero value is not usable; build one
// with Open.
type Store struct {
	// Dir is the root directory; buckets are its subdirectories.
	Dir string
}

// Open returns a Store rooted at dir, creating dir if needed.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("open cache: empty directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("open cache %s: %w", dir, err)
	}
	return &Store{Dir: abs}, nil
}

// DefaultDir returns the cache directory to use when none is configured:
// $DEPS_CACHE_DIR if set, else "deps" inside os.UserCacheDir().
func DefaultDir() (string, error) {
	if d := os.Getenv("DEPS_CACHE_DIR"); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("default cache dir: %w", err)
	}
	return filepath.Join(base, "deps"), nil
}

// Path returns the file path of the entry bucket/key, for callers that
// stream from it (os.Open) or hand it to another tool. The file may not
// exist. Bucket and key are validated.
func (s *Store) Path(bucket, key string) (string, error) {
	if err := ValidBucket(bucket); err != nil {
		return "", err
	}
	if err := ValidKey(key); err != nil {
		return "", err
	}
	return filepath.Join(s.Dir, bucket, key), nil
}

// Get returns the data of bucket/key. A missing entry is not an error: it
// returns ok == false.
func (s *Store) Get(bucket, key string) (data []byte, ok bool, err error) {
	p, err := s.Path(bucket, key)
	if err != nil {
		return nil, false, err
	}
	data, err = os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("cache get %s/%s: %w", bucket, key, err)
	}
	return data, true, nil
}

// Has reports whether bucket/key exists.
func (s *Store) Has(bucket, key string) (bool, error) {
	p, err := s.Path(bucket, key)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cache stat %s/%s: %w", bucket, key, err)
	}
	return true, nil
}

// Delete removes bucket/key; removing a missing entry is not an error.
func (s *Store) Delete(bucket, key string) error {
	p, err := s.Path(bucket, key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cache delete %s/%s: %w", bucket, key, err)
	}
	return nil
}
