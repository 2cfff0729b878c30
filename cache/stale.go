package cache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// RemoveStale deletes the temporary files that writes interrupted by a
// crash left in bucket, if they are older than age, and returns how many it
// removed. Such files are never visible as entries; this only reclaims
// their space. Use an age well above the longest write (an hour).
func (s *Store) RemoveStale(bucket string, age time.Duration) (int, error) {
	if err := ValidBucket(bucket); err != nil {
		return 0, err
	}
	dir := filepath.Join(s.Dir, bucket)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("cache clean %s: %w", bucket, err)
	}
	cutoff := time.Now().Add(-age)
	n := 0
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || info.ModTime().After(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err == nil {
			n++
		}
	}
	return n, nil
}
