package repodata

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Confinement: a location read from a repository's own metadata
// (repomd.xml's data hrefs, primary.xml's package hrefs) names a file under
// that repository's base, with the base's scheme. A remote repository
// cannot make deps open file:///etc/shadow or /dev/zero, nor another host;
// a local one cannot leave its root with "..", an absolute path or a
// symbolic link, and only regular files are read from it.

// EscapeError is a location that would leave its repository.
type EscapeError struct {
	Base, Location string
	Why            string
}

func (e *EscapeError) Error() string {
	return fmt.Sprintf("location %q leaves repository %s: %s; refusing it (the repository's metadata is wrong or hostile)", e.Location, e.Base, e.Why)
}

// Resolve returns the URL (or path) of rel, a location from the
// repository's metadata, under base. A remote base (http, https) keeps its
// scheme and host and rel must stay below its path; a local base (a path or
// a file:// URL) takes only a relative path that stays inside it.
func Resolve(base, rel string) (string, error) {
	if root, ok, err := localRoot(base); err != nil {
		return "", err
	} else if ok {
		if err := checkLocal(base, rel); err != nil {
			return "", err
		}
		if strings.HasPrefix(base, "file:") {
			u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(root, filepath.FromSlash(rel)))}
			return u.String(), nil
		}
		return filepath.Join(root, filepath.FromSlash(rel)), nil
	}
	b, err := url.Parse(strings.TrimSuffix(base, "/") + "/")
	if err != nil {
		return "", fmt.Errorf("base url %q: %w", base, err)
	}
	if b.Scheme != "http" && b.Scheme != "https" {
		return "", fmt.Errorf("base url %q: unsupported scheme %q (want http, https, file or a path)", base, b.Scheme)
	}
	r, err := url.Parse(rel)
	if err != nil {
		return "", fmt.Errorf("location %q: %w", rel, err)
	}
	switch {
	case r.Scheme != "" || r.Host != "" || strings.HasPrefix(rel, "//"):
		return "", &EscapeError{Base: base, Location: rel, Why: "a location must be relative to the repository's base URL"}
	case strings.HasPrefix(r.Path, "/"):
		return "", &EscapeError{Base: base, Location: rel, Why: "an absolute path leaves the base URL"}
	}
	u := b.ResolveReference(r)
	if !strings.HasPrefix(u.EscapedPath(), b.EscapedPath()) {
		return "", &EscapeError{Base: base, Location: rel, Why: "\"..\" leaves the base URL"}
	}
	return u.String(), nil
}

// localRoot returns the directory of a local base: a plain path or a
// file:// URL (host empty or localhost).
func localRoot(base string) (string, bool, error) {
	if !strings.Contains(base, "://") {
		return base, true, nil
	}
	if !strings.HasPrefix(base, "file://") {
		return "", false, nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", false, fmt.Errorf("base url %q: %w", base, err)
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", false, fmt.Errorf("%s: file url with a remote host", base)
	}
	return u.Path, true, nil
}

// checkLocal refuses a location that is not a relative path staying
// inside a local repository (lexically; symbolic links are refused when
// the file is opened).
func checkLocal(base, rel string) error {
	switch {
	case strings.Contains(rel, "://"):
		return &EscapeError{Base: base, Location: rel, Why: "a local repository's locations are relative paths"}
	case !filepath.IsLocal(filepath.FromSlash(rel)):
		return &EscapeError{Base: base, Location: rel, Why: "it is absolute or goes above the repository's root with \"..\""}
	}
	return nil
}

// OpenLocal opens rel inside the local repository at base (a path or a
// file:// URL), refusing a location that leaves it, through ".." or a
// symbolic link, and anything but a regular file. A missing file is a
// *NotFoundError.
func OpenLocal(base, rel string) (*os.File, error) {
	root, ok, err := localRoot(base)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("%s: not a local repository", base)
	}
	if err := checkLocal(base, rel); err != nil {
		return nil, err
	}
	loc, _ := Resolve(base, rel)
	r, err := os.OpenRoot(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &NotFoundError{URL: loc}
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	name := filepath.FromSlash(rel)
	// Stat first: opening a FIFO or a device would block or never end.
	st, err := r.Stat(name)
	if err == nil && !st.Mode().IsRegular() {
		return nil, &EscapeError{Base: base, Location: rel, Why: fmt.Sprintf("it is not a regular file (%s)", st.Mode().Type())}
	}
	var f *os.File
	if err == nil {
		f, err = r.Open(name)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &NotFoundError{URL: loc}
	case err != nil && strings.Contains(err.Error(), "escapes from parent"):
		return nil, &EscapeError{Base: base, Location: rel, Why: "a symbolic link leads out of the repository's root"}
	case err != nil:
		return nil, err // *fs.PathError names the file
	}
	return f, nil
}
