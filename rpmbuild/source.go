package rpmbuild

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// alwaysExcluded are names left out of every packed source, at any depth:
// version control metadata and Python's byte-code caches.
var alwaysExcluded = []string{".git", ".hg", ".svn", ".bzr", "__pycache__", "*.pyc"}

// PackSource writes dir as a reproducible .tar.gz at out, every member
// below topDir/: entries in path order, mtime DefaultChangelogDate (the
// app spec's default %changelog date), owner root:root
// (uid and gid 0), modes 0755 for directories and executables and 0644
// otherwise, symbolic links kept (they must be relative and stay inside
// dir), and a gzip header without name or time. Left out are the
// alwaysExcluded names and whatever matches one of exclude (path.Match
// globs against the slash path relative to dir; a match on a directory
// leaves out all below it), and out itself when it lies inside dir. The
// same tree gives the same bytes. out is written to a temporary file and
// renamed into place.
func PackSource(ctx context.Context, dir, topDir string, exclude []string, out string) error {
	if _, err := fileName("topDir", topDir); err != nil {
		return fmt.Errorf("pack %s: %w", dir, err)
	}
	for _, pat := range exclude {
		if _, err := path.Match(pat, ""); err != nil {
			return fmt.Errorf("pack %s: exclude %q: %w", dir, pat, err)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".pack-*.tar.gz")
	if err != nil {
		return fmt.Errorf("pack %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	skip := map[string]bool{}
	for _, p := range []string{out, tmp.Name()} {
		if abs, err := filepath.Abs(p); err == nil {
			skip[abs] = true
		}
	}
	p := packer{ctx: ctx, dir: dir, top: topDir, exclude: exclude, skip: skip}
	if err := p.write(tmp); err != nil {
		return fmt.Errorf("pack %s: %w", dir, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("pack %s: %w", dir, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("pack %s: %w", dir, err)
	}
	return nil
}

type packer struct {
	ctx     context.Context
	dir     string
	top     string
	exclude []string
	skip    map[string]bool // absolute paths never packed
}

func (p packer) write(w io.Writer) error {
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	err = filepath.WalkDir(p.dir, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := p.ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(p.dir, file)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if abs, err := filepath.Abs(file); err == nil && p.skip[abs] {
			return nil
		}
		if rel != "." && p.excluded(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		return p.add(tw, file, rel, d)
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// excluded reports whether rel (a slash path below dir) is left out.
func (p packer) excluded(rel string) bool { return SourceExcluded(rel, p.exclude) }

// SourceExcluded reports whether PackSource leaves rel (a slash path
// below the source directory) out with these exclude patterns: version
// control, caches and the patterns, each matched against every prefix.
func SourceExcluded(rel string, exclude []string) bool {
	base := path.Base(rel)
	for _, pat := range alwaysExcluded {
		if ok, _ := path.Match(pat, base); ok {
			return true
		}
	}
	for _, pat := range exclude {
		// Matching every prefix is what makes a directory pattern cover
		// what is below it, even when WalkDir is not the caller.
		for pre := rel; pre != "."; pre = path.Dir(pre) {
			if ok, _ := path.Match(pat, pre); ok {
				return true
			}
		}
	}
	return false
}

func (p packer) add(tw *tar.Writer, file, rel string, d fs.DirEntry) error {
	name := p.top
	if rel != "." {
		name += "/" + rel
	}
	h := &tar.Header{Name: name, ModTime: DefaultChangelogDate, Uname: "root", Gname: "root", Format: tar.FormatPAX}
	info, err := d.Info()
	if err != nil {
		return err
	}
	switch mode := info.Mode(); {
	case mode.IsDir():
		h.Typeflag, h.Name, h.Mode = tar.TypeDir, name+"/", 0o755
	case mode&fs.ModeSymlink != 0:
		target, err := os.Readlink(file)
		if err != nil {
			return err
		}
		if err := insideLink(rel, target); err != nil {
			return err
		}
		h.Typeflag, h.Linkname, h.Mode = tar.TypeSymlink, target, 0o777
	case mode.IsRegular():
		h.Typeflag, h.Size, h.Mode = tar.TypeReg, info.Size(), 0o644
		if mode&0o111 != 0 {
			h.Mode = 0o755
		}
	default:
		return fmt.Errorf("%s: cannot pack a %s", rel, mode.Type())
	}
	if err := tw.WriteHeader(h); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	if h.Typeflag != tar.TypeReg {
		return nil
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.Copy(tw, f); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	return nil
}

// insideLink checks that a symbolic link at rel, pointing at target,
// stays inside the packed tree.
func insideLink(rel, target string) error {
	t := filepath.ToSlash(target)
	if path.IsAbs(t) {
		return fmt.Errorf("%s: symbolic link to the absolute path %s", rel, target)
	}
	if r := path.Join(path.Dir(rel), t); r == ".." || strings.HasPrefix(r, "../") {
		return fmt.Errorf("%s: symbolic link %s points outside the tree", rel, target)
	}
	return nil
}
