package rpmbuild

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cavaliergopher/cpio"
	"github.com/cavaliergopher/rpm"

	"github.com/deps-rpm/deps/internal/compress"
)

// depRoot is a directory holding the unpacked payloads of RPMs built
// earlier in the run, which a host build needs at build time (its build
// backend and what that imports). Nothing is installed on the host: the
// build sees the root through PYTHONPATH and PATH only.
type depRoot string

// unpackRPMs extracts the payload of each RPM below root. Every path is
// written through an os.Root, so no entry can land outside it.
func unpackRPMs(rpms []string, root string) (depRoot, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer r.Close()
	for _, p := range rpms {
		if err := unpackRPM(p, r); err != nil {
			return "", fmt.Errorf("unpack %s: %w", filepath.Base(p), err)
		}
	}
	return depRoot(root), nil
}

func unpackRPM(file string, root *os.Root) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	pkg, err := rpm.Read(f)
	if err != nil {
		return err
	}
	if format := pkg.PayloadFormat(); format != "cpio" {
		return fmt.Errorf("payload format %q, want cpio", format)
	}
	dec, err := compress.Decompress(f)
	if err != nil {
		return err
	}
	defer dec.Close()
	// Hard-linked files carry their data on the last link only: the
	// earlier names wait for it.
	pending := map[int64][]string{}
	cr := cpio.NewReader(dec)
	for {
		h, err := cr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if name == "." || strings.HasPrefix(name, "../") || path.IsAbs(name) {
			return fmt.Errorf("entry %q leaves the root", h.Name)
		}
		if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
			return err
		}
		switch h.Mode &^ cpio.ModePerm {
		case cpio.TypeDir:
			if err := root.MkdirAll(name, 0o755); err != nil {
				return err
			}
		case cpio.TypeSymlink:
			root.Remove(name)
			if err := root.Symlink(h.Linkname, name); err != nil {
				return err
			}
		case cpio.TypeReg:
			if h.Links > 1 && h.Size == 0 {
				pending[h.Inode] = append(pending[h.Inode], name)
				continue
			}
			if err := writeEntry(root, name, cr, fs.FileMode(h.Mode.Perm())); err != nil {
				return err
			}
			for _, other := range pending[h.Inode] {
				root.Remove(other)
				if err := root.Link(name, other); err != nil {
					return err
				}
			}
			delete(pending, h.Inode)
		}
		// Devices, FIFOs and sockets have no place in a build's import path.
	}
}

func writeEntry(root *os.Root, name string, r io.Reader, perm fs.FileMode) error {
	root.Remove(name) // an earlier RPM's copy of a shared file
	w, err := root.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, perm|0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// importPaths lists the directories of the root Python imports from: every
// site-packages or dist-packages directory that holds a distribution.
func (d depRoot) importPaths() ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(string(d), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			return nil
		}
		base := filepath.Base(p)
		if base == "site-packages" || base == "dist-packages" {
			dirs = append(dirs, p)
			return filepath.SkipDir
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	slices.Sort(dirs)
	return dirs, err
}

// environ returns env with the root's import directories first on
// PYTHONPATH and its bin directories first on PATH.
func (d depRoot) environ(env []string) ([]string, error) {
	dirs, err := d.importPaths()
	if err != nil {
		return nil, err
	}
	var bins []string
	for _, b := range []string{"usr/bin", "usr/local/bin", "bin"} {
		if fi, err := os.Stat(filepath.Join(string(d), b)); err == nil && fi.IsDir() {
			bins = append(bins, filepath.Join(string(d), b))
		}
	}
	env = prependPath(env, "PYTHONPATH", dirs)
	return prependPath(env, "PATH", bins), nil
}

// prependPath puts dirs before the current value of the list variable key.
func prependPath(env []string, key string, dirs []string) []string {
	if len(dirs) == 0 {
		return env
	}
	value := strings.Join(dirs, string(os.PathListSeparator))
	for i, kv := range env {
		if old, ok := strings.CutPrefix(kv, key+"="); ok {
			if old != "" {
				value += string(os.PathListSeparator) + old
			}
			out := slices.Clone(env)
			out[i] = key + "=" + value
			return out
		}
	}
	return append(slices.Clone(env), key+"="+value)
}
