package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/deps-rpm/deps/cache"
)

// manifestName is the list, inside the repository, of the files deps put
// there. Whatever it does not list is the user's: carried over, never
// deleted, never indexed.
const manifestName = ".deps-manifest.json"

// stageSuffix names the directory beside the repository where the next one
// is laid out before it is swapped in.
const stageSuffix = ".deps-next"

// publishStep, when set (by tests), is called before each step of a
// publish; an error stops the publish there, as a kill would.
var publishStep func(step string) error

func step(name string) error {
	if publishStep == nil {
		return nil
	}
	return publishStep(name)
}

// manifest is what manifestName holds: the files deps put in the
// repository as they were when it was published, and its repomd.xml.
type manifest struct {
	Files  []manifestFile `json:"files"`
	Repomd string         `json:"repomd_sha256"`
}

type manifestFile struct {
	Path  string `json:"path"`
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime_ns"`
}

// unchanged reports whether the file is still, below repo, the regular
// file of the size and modification time it was published with.
func (f manifestFile) unchanged(repo string) bool {
	fi, err := os.Lstat(filepath.Join(repo, f.Path))
	return err == nil && fi.Mode().IsRegular() && fi.Size() == f.Size && fi.ModTime().UnixNano() == f.MTime
}

// readManifest reads repo's manifest; a repository from before there was
// one gets an empty manifest, whose files are then taken to be those deps
// would write now (anything else is kept).
func readManifest(repo string) (manifest, error) {
	var m manifest
	name := filepath.Join(repo, manifestName)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		return m, fmt.Errorf("%s: %w (remove it to let deps start afresh: files it does not list are kept)", name, err)
	}
	return m, nil
}

// upToDate reports whether repo already is what m says and want asks: the
// same files, unchanged since they were published, each still the same as
// its source, the same repomd.xml, and its signature when signed.
func upToDate(repo string, m manifest, want map[string]string, signed bool) bool {
	if m.Repomd == "" || len(m.Files) != len(want) {
		return false
	}
	for _, f := range m.Files {
		src, ok := want[f.Path]
		if !ok || !f.unchanged(repo) || !same(src, filepath.Join(repo, f.Path)) {
			return false
		}
	}
	if signed {
		if _, err := os.Stat(filepath.Join(repo, "repodata", "repomd.xml.asc")); err != nil {
			return false
		}
	}
	sum, err := cache.FileSHA256(filepath.Join(repo, "repodata", "repomd.xml"))
	return err == nil && sum == m.Repomd
}

// writeManifest records in next the files deps put there and its
// repomd.xml, last, once the repository is complete.
func writeManifest(next string, want map[string]string) error {
	var m manifest
	for rel := range want {
		fi, err := os.Stat(filepath.Join(next, rel))
		if err != nil {
			return err
		}
		m.Files = append(m.Files, manifestFile{Path: rel, Size: fi.Size(), MTime: fi.ModTime().UnixNano()})
	}
	slices.SortFunc(m.Files, func(a, b manifestFile) int { return strings.Compare(a.Path, b.Path) })
	var err error
	if m.Repomd, err = cache.FileSHA256(filepath.Join(next, "repodata", "repomd.xml")); err != nil {
		return err
	}
	if err := step("manifest"); err != nil {
		return err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return cache.WriteFile(filepath.Join(next, manifestName), append(data, '\n'), 0o644)
}

// stage lays out the next repository in a new directory beside repo,
// unless repo already is it (then next is ""): each wanted file (linked
// from repo when it is there unchanged, else copied), the user's own files
// (linked, so they are never lost), the old metadata (linked, for
// createrepo_c --update). It returns the directory and the binary
// packages, which are what is to be indexed.
func stage(repo string, want map[string]string, signed bool) (next string, pkgs []string, err error) {
	for rel := range want {
		if !strings.HasPrefix(rel, "SRPMS"+string(filepath.Separator)) {
			pkgs = append(pkgs, rel)
		}
	}
	slices.Sort(pkgs)
	m, err := readManifest(repo)
	if err != nil {
		return "", nil, err
	}
	if upToDate(repo, m, want, signed) {
		return "", pkgs, nil
	}
	ours := map[string]bool{}
	for _, f := range m.Files {
		ours[f.Path] = true
	}
	if m.Repomd == "" { // no manifest
		for rel := range want {
			ours[rel] = true
		}
	}
	next = repo + stageSuffix
	if err := os.RemoveAll(next); err != nil {
		return "", nil, fmt.Errorf("remove a stale %s: %w", next, err)
	}
	if err := step("stage"); err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(next, 0o755); err != nil {
		return "", nil, err
	}
	if err := carryOver(repo, next, ours); err != nil {
		return "", nil, err
	}
	for rel, src := range want {
		dst := filepath.Join(next, rel)
		if _, err := os.Lstat(dst); err == nil {
			return "", nil, fmt.Errorf("%s is not a file deps wrote, and deps would write %s there: move it away", filepath.Join(repo, rel), filepath.Base(src))
		}
		old := filepath.Join(repo, rel)
		if ours[rel] && same(src, old) && os.Link(old, dst) == nil {
			continue
		}
		if err := copyFile(src, dst); err != nil {
			return "", nil, fmt.Errorf("publish %s: %w", rel, err)
		}
	}
	return next, pkgs, nil
}

// carryOver links into next what of repo must outlive this publish: the
// user's files (those the manifest does not list) and the old metadata.
func carryOver(repo, next string, ours map[string]bool) error {
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == repo {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repo, path)
		switch {
		case rel == ".", rel == ".repodata", strings.HasPrefix(rel, ".deps-"): // deps' own
			if d.IsDir() && rel != "." {
				return fs.SkipDir
			}
			return nil
		case ours[rel]:
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(next, rel), 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(target, filepath.Join(next, rel))
		case d.Type().IsRegular():
			return os.Link(path, filepath.Join(next, rel))
		}
		return fmt.Errorf("%s: a %s is not something deps can carry over to the new repository: move it out of %s", path, d.Type(), repo)
	})
	if err != nil {
		return fmt.Errorf("publish: keep what is in %s: %w", repo, err)
	}
	return nil
}

// swapIn makes next the repository in one step: an atomic exchange of the
// two directories, then the old one removed. Where the file system cannot
// exchange, repo is renamed aside first (a kill in between leaves no
// repository at repo, but both are on disk and the next run finishes the
// swap).
func swapIn(repo, next string) error {
	if err := step("swap"); err != nil {
		return err
	}
	err := unix.Renameat2(unix.AT_FDCWD, next, unix.AT_FDCWD, repo, unix.RENAME_EXCHANGE)
	switch {
	case errors.Is(err, unix.ENOENT):
		if _, statErr := os.Lstat(repo); errors.Is(statErr, fs.ErrNotExist) {
			return os.Rename(next, repo)
		}
		return err
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EOPNOTSUPP):
		old := repo + ".deps-old"
		if err := os.RemoveAll(old); err != nil {
			return err
		}
		if err := os.Rename(repo, old); err != nil {
			return err
		}
		if err := os.Rename(next, repo); err != nil {
			return err
		}
		next = old
	case err != nil:
		return fmt.Errorf("swap in %s: %w", repo, err)
	}
	if err := step("remove old"); err != nil {
		return err
	}
	return os.RemoveAll(next)
}

// recoverSwap finishes what a run killed during swapIn's fallback left: a
// repository renamed aside with no new one in its place.
func recoverSwap(repo string) error {
	old := repo + ".deps-old"
	if _, err := os.Lstat(repo); errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Lstat(old); err == nil {
			return os.Rename(old, repo)
		}
		return nil
	}
	return os.RemoveAll(old)
}

// copyFile copies src to dst (a reflink where the file system shares
// blocks, else the bytes), through a temporary file renamed into place.
// Never a hard link: the sources are the cache's and the build's files,
// and editing a published file must not change them.
func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if unix.IoctlFileClone(int(out.Fd()), int(in.Fd())) != nil {
		_, err = io.Copy(out, in)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}
