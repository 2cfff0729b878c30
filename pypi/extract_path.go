package pypi

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// cleanName turns an archive member name into a clean relative slash path,
// "" for the archive root ("./"). Absolute names, ".." components,
// backslashes, NUL bytes and drive letters are ErrUnsafeArchive.
func cleanName(name string) (string, error) {
	switch {
	case name == "":
		return "", fmt.Errorf("%w: empty name", ErrUnsafeArchive)
	case strings.ContainsRune(name, 0):
		return "", fmt.Errorf("%w: %q: NUL byte in name", ErrUnsafeArchive, name)
	case strings.Contains(name, `\`):
		return "", fmt.Errorf("%w: %q: backslash in name", ErrUnsafeArchive, name)
	case strings.HasPrefix(name, "/"):
		return "", fmt.Errorf("%w: %q: absolute path", ErrUnsafeArchive, name)
	case len(name) >= 2 && name[1] == ':':
		return "", fmt.Errorf("%w: %q: drive letter", ErrUnsafeArchive, name)
	}
	for _, c := range strings.Split(name, "/") {
		if c == ".." {
			return "", fmt.Errorf("%w: %q: path traversal (.. component)", ErrUnsafeArchive, name)
		}
	}
	c := path.Clean(name)
	if c == "." {
		return "", nil
	}
	return c, nil
}

// checkLinkTarget rejects a symlink whose target is absolute or leaves the
// archive when read lexically from the link's directory.
func checkLinkTarget(rel, target string) error {
	if target == "" {
		return fmt.Errorf("%w: %q: empty symlink target", ErrUnsafeArchive, rel)
	}
	if strings.HasPrefix(target, "/") || strings.ContainsRune(target, 0) || strings.Contains(target, `\`) {
		return fmt.Errorf("%w: %q: symlink to %q points outside the destination", ErrUnsafeArchive, rel, target)
	}
	j := path.Join(path.Dir(rel), target)
	if j == ".." || strings.HasPrefix(j, "../") {
		return fmt.Errorf("%w: %q: symlink to %q points outside the destination", ErrUnsafeArchive, rel, target)
	}
	return nil
}

// checkInside resolves rel under root as the kernel would, following
// symlinks (which chains of individually harmless links can make escape),
// and fails if the resolution leaves root at any point. A missing
// component ends the lookup: what follows is read lexically.
func checkInside(root, rel string) error {
	var stack []string
	todo := strings.Split(rel, "/")
	for hops := 0; len(todo) > 0; {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(stack) == 0 {
				return fmt.Errorf("%w: %q resolves outside the destination", ErrUnsafeArchive, rel)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		p := filepath.Join(root, filepath.Join(stack...), c)
		fi, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			stack = append(stack, c)
			continue
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink == 0:
			stack = append(stack, c)
			continue
		}
		if hops++; hops > 40 {
			return fmt.Errorf("%w: %q: too many levels of symlinks", ErrUnsafeArchive, rel)
		}
		t, err := os.Readlink(p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(t, "/") {
			return fmt.Errorf("%w: %q resolves outside the destination", ErrUnsafeArchive, rel)
		}
		todo = append(strings.Split(t, "/"), todo...)
	}
	return nil
}
