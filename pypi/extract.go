package pypi

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ErrUnsafeArchive is wrapped by extraction errors about a member that
// could write outside the destination or is not a plain file, directory or
// link: absolute paths, "..", links leaving the tree, devices, duplicates.
var ErrUnsafeArchive = errors.New("unsafe archive entry")

// ErrArchiveTooLarge is wrapped when an archive exceeds Limits.
var ErrArchiveTooLarge = errors.New("archive exceeds extraction limits")

// Default extraction limits: far above any real sdist, far below a bomb.
const (
	DefaultMaxFiles = 100_000
	DefaultMaxBytes = 2 << 30
)

// Limits bounds an extraction; zero fields mean the defaults.
type Limits struct {
	MaxFiles int   // members, directories and links included
	MaxBytes int64 // uncompressed file contents, in total
}

func (l Limits) withDefaults() Limits {
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultMaxFiles
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	return l
}

// ExtractSdist unpacks a .tar.gz/.tgz, .tar.bz2, .tar.xz, .tar or .zip
// archive (detected by content) into destDir, which must not exist or be an
// empty directory. It returns the source root: destDir/NAME-VERSION when
// every member lies under one top directory, as in an sdist, else destDir.
//
// Members are written into a temporary directory beside destDir that is
// renamed into place only when the whole archive is good, so a failure
// leaves destDir as it was. Refused, with ErrUnsafeArchive: absolute names,
// ".." components, symlinks pointing outside (checked lexically, then by
// resolving every link once all are in place, so chains cannot escape),
// anything written through a symlink (links are created last), hard links
// to anything but a regular file extracted before, devices, fifos,
// duplicate or overlapping paths. Beyond limits: ErrArchiveTooLarge. File
// modes keep only the rwx bits (setuid, setgid and sticky are dropped),
// files are at least 0644 and directories 0755.
func ExtractSdist(archive, destDir string, limits Limits) (root string, err error) {
	limits = limits.withDefaults()
	if err := checkDest(destDir); err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	parent := filepath.Dir(destDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	tmp, err := os.MkdirTemp(parent, ".extract-*")
	if err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	// Every write goes through an os.Root: whatever the checks below miss,
	// nothing can land outside the extraction directory.
	dir, err := os.OpenRoot(tmp)
	if err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	defer dir.Close()
	x := &extractor{root: tmp, dir: dir, kinds: map[string]entryKind{}}
	if err := walkArchive(archive, limits, x.add); err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	if err := x.finishLinks(); err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	if err := os.Remove(destDir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	if err := os.Rename(tmp, destDir); err != nil {
		return "", fmt.Errorf("extract %s: %w", archive, err)
	}
	if top := x.top(); top != "" {
		return filepath.Join(destDir, top), nil
	}
	return destDir, nil
}

// checkDest accepts a missing destination or an empty directory.
func checkDest(dir string) error {
	ents, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(ents) > 0:
		return fmt.Errorf("destination %s is not empty", dir)
	}
	return nil
}

// extractor writes members under root, remembering what each path is.
type extractor struct {
	root  string
	dir   *os.Root             // root, opened: all writes go through it
	kinds map[string]entryKind // every path created, implicit parents included
	links [][2]string          // symlinks to create last: path, target
	tops  map[string]bool
}

func (x *extractor) add(e entry, r io.Reader) error {
	rel, err := cleanName(e.Name)
	if err != nil || rel == "" {
		return err
	}
	if e.Kind == kindOther {
		return fmt.Errorf("%w: %q: %s entries are not allowed", ErrUnsafeArchive, e.Name, e.What)
	}
	if x.tops == nil {
		x.tops = map[string]bool{}
	}
	top, _, _ := strings.Cut(rel, "/")
	x.tops[top] = true
	if err := x.parents(rel); err != nil {
		return err
	}
	if k, ok := x.kinds[rel]; ok {
		if k == kindDir && e.Kind == kindDir {
			return nil
		}
		return fmt.Errorf("%w: %q: duplicate or overlapping path", ErrUnsafeArchive, e.Name)
	}
	dst := filepath.FromSlash(rel)
	switch e.Kind {
	case kindDir:
		err = x.dir.Mkdir(dst, 0o755)
	case kindFile:
		err = writeFile(x.dir, dst, r, e.Perm&0o755|0o644)
		x.kinds[rel] = kindFile
	case kindHardlink:
		err = x.hardlink(rel, e)
	case kindSymlink:
		err = checkLinkTarget(rel, e.Linkname)
		x.links = append(x.links, [2]string{rel, e.Linkname})
	}
	if err != nil {
		return err
	}
	x.kinds[rel] = e.Kind
	return nil
}

// parents creates rel's parent directories, refusing to pass through a
// file or a symlink.
func (x *extractor) parents(rel string) error {
	for i := 0; i < len(rel); i++ {
		if rel[i] != '/' {
			continue
		}
		p := rel[:i]
		switch k, ok := x.kinds[p]; {
		case !ok:
			if err := x.dir.Mkdir(filepath.FromSlash(p), 0o755); err != nil {
				return err
			}
			x.kinds[p] = kindDir
		case k == kindSymlink:
			return fmt.Errorf("%w: %q: path goes through symlink %q", ErrUnsafeArchive, rel, p)
		case k != kindDir:
			return fmt.Errorf("%w: %q: parent %q is not a directory", ErrUnsafeArchive, rel, p)
		}
	}
	return nil
}

func (x *extractor) hardlink(rel string, e entry) error {
	src, err := cleanName(e.Linkname)
	if err != nil {
		return err
	}
	if x.kinds[src] != kindFile {
		return fmt.Errorf("%w: %q: hard link to %q, which is not a regular file extracted before it", ErrUnsafeArchive, rel, e.Linkname)
	}
	return x.dir.Link(filepath.FromSlash(src), filepath.FromSlash(rel))
}

// finishLinks creates the symlinks, then checks that each resolves inside.
func (x *extractor) finishLinks() error {
	for _, l := range x.links {
		if err := x.dir.Symlink(l[1], filepath.FromSlash(l[0])); err != nil {
			return err
		}
	}
	for _, l := range x.links {
		if err := checkInside(x.root, l[0]); err != nil {
			return err
		}
	}
	return nil
}

// top is the single top-level directory, "" when there is none.
func (x *extractor) top() string {
	if len(x.tops) != 1 {
		return ""
	}
	for t := range x.tops {
		if x.kinds[t] == kindDir {
			return t
		}
	}
	return ""
}

func writeFile(dir *os.Root, dst string, r io.Reader, perm fs.FileMode) error {
	f, err := dir.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path.Base(dst), err)
	}
	return f.Close()
}
