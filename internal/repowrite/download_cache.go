package repowrite

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// cached reports whether the entry at path exists and still holds p: its
// size and its checksum. A changed entry (a flipped byte, an edit through
// a hard link) is removed, with a warning, so that it is fetched again.
func (f *fetcher) cached(path string, p *repodata.Package) (bool, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("fetch: %w", err)
	}
	ok := p.Size <= 0 || info.Size() == p.Size
	if ok && p.Checksum.Value != "" {
		ch, err := repodata.NewCountingHash(nil, p.Checksum)
		if err != nil {
			return false, fmt.Errorf("fetch %s: %w", p.Name, err)
		}
		ok = hashInto(path, ch.Hash) == nil && strings.EqualFold(hex.EncodeToString(ch.Hash.Sum(nil)), p.Checksum.Value)
	}
	if !ok {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("fetch %s: %w", p.Name, err)
		}
		if f.warn != nil {
			f.warn(fmt.Sprintf("cache: %s no longer matches %s's checksum: removed, fetching it again", path, p.Name))
		}
	}
	return ok, nil
}

// hashInto writes the file at path into h.
func hashInto(path string, h io.Writer) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	_, err = io.Copy(h, file)
	return err
}
