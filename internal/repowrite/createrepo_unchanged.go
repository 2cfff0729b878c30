package repowrite

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	pathpkg "path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// Unchanged reports whether dir's metadata still describes the
// packages under it, so that Createrepo can be skipped (and the metadata
// left untouched): dir/repodata/repomd.xml exists, no *.rpm was created,
// modified, linked or renamed into place since it was written, and the
// package files are exactly those primary lists, with the sizes it lists.
// Change times (ctime) are compared, not mtimes: createrepo_c's
// --set-timestamp-to-revision back-dates the metadata's mtime, and a
// package linked from a cache keeps its old mtime. Give the globs
// Createrepo was told to exclude (matched against the slash path relative
// to dir, as createrepo_c's --excludes) so that those files do not count.
func Unchanged(ctx context.Context, dir string, exclude ...string) (bool, error) {
	repomd := filepath.Join(dir, "repodata", "repomd.xml")
	info, err := os.Stat(repomd)
	if isNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("repo %s: %w", dir, err)
	}
	written := changeTime(info)
	files := map[string]int64{} // slash path relative to dir -> size
	newer := false
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (d.Name() == "repodata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".rpm") {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		for _, g := range exclude {
			if ok, _ := pathpkg.Match(g, rel); ok {
				return nil
			}
		}
		fi, err := os.Stat(path) // follows links, as createrepo_c does
		if err != nil {
			return err
		}
		if changeTime(fi).After(written) || fi.ModTime().After(written) {
			newer = true
			return filepath.SkipAll
		}
		files[rel] = fi.Size()
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("repo %s: %w", dir, err)
	}
	if newer {
		return false, nil
	}
	repo, err := repodata.LoadRepo(ctx, nil, "local", dir)
	if err != nil {
		return false, err
	}
	if len(repo.Packages) != len(files) {
		return false, nil
	}
	for _, p := range repo.Packages {
		size, ok := files[p.Location]
		if !ok || p.LocationBase != "" || p.Size > 0 && size != p.Size {
			return false, nil
		}
	}
	return true, nil
}

// changeTime is the inode change time of a stat result.
func changeTime(fi fs.FileInfo) time.Time {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return time.Unix(st.Ctim.Unix())
	}
	return fi.ModTime()
}
