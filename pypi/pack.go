package pypi

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// packSkip are the names a source tree's archive leaves out: version
// control, caches and build outputs.
var packSkip = []string{".git", ".hg", ".svn", ".bzr", "__pycache__", ".tox", ".nox", ".venv", ".eggs", "build", "dist", ".mypy_cache", ".pytest_cache"}

// PackDir writes the source tree dir as a gzip-compressed tar at dest, its
// files under top/, as an sdist is laid out. The archive is the same for
// the same tree: entries sorted, times, owners and modes normalized (so
// its sha256 can stand in a lock). Version control directories, caches
// and build outputs are left out; symbolic links are kept as links when
// they stay inside the tree, and refused otherwise. A project whose
// version comes from its git tags gets a PKG-INFO with that version
// (scmPKGInfo), since the archive has no .git to read it from.
func PackDir(ctx context.Context, dir, top, dest string) error {
	pkgInfo, err := scmPKGInfo(ctx, dir, top, time.Now())
	if err != nil {
		return err
	}
	f, err := os.Create(dest)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	tw := tar.NewWriter(zw)
	epoch := time.Unix(315532800, 0) // 1980-01-01, the zip epoch reproducible builds use
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if rel != "." && slices.Contains(packSkip, d.Name()) && (d.IsDir() || d.Name() == ".git") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".pyc") {
			return nil
		}
		name := top
		if rel != "." {
			name = top + "/" + filepath.ToSlash(rel)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h := &tar.Header{Name: name, ModTime: epoch, Format: tar.FormatPAX, Uname: "root", Gname: "root"}
		switch {
		case d.IsDir():
			h.Typeflag, h.Name, h.Mode = tar.TypeDir, name+"/", 0o755
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			if filepath.IsAbs(target) || !filepath.IsLocal(filepath.Join(filepath.Dir(rel), target)) {
				return fmt.Errorf("%s: symbolic link to %s leaves the tree", path, target)
			}
			h.Typeflag, h.Linkname, h.Mode = tar.TypeSymlink, target, 0o777
		case info.Mode().IsRegular():
			h.Typeflag, h.Size, h.Mode = tar.TypeReg, info.Size(), 0o644
			if info.Mode()&0o111 != 0 {
				h.Mode = 0o755
			}
		default:
			return nil // sockets, devices: not source
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			return nil
		}
		src, err := os.Open(path)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(tw, src)
		return err
	})
	if err == nil && pkgInfo != nil {
		h := &tar.Header{Name: top + "/PKG-INFO", Typeflag: tar.TypeReg, Size: int64(len(pkgInfo)), Mode: 0o644, ModTime: epoch, Format: tar.FormatPAX, Uname: "root", Gname: "root"}
		if err = tw.WriteHeader(h); err == nil {
			_, err = tw.Write(pkgInfo)
		}
	}
	for _, c := range []io.Closer{tw, zw, f} {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.Remove(dest)
		return fmt.Errorf("pack %s: %w", dir, err)
	}
	return nil
}
