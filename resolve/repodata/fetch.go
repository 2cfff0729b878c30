package repodata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// Source reads repository files from file://, http:// and https:// base
// URLs and from plain paths.
type Source struct {
	// Client serves http and https; it must be set to use them (the
	// program's one configured client, never http.DefaultClient).
	Client *http.Client
}

// NotFoundError is a file the repository does not have (HTTP 404, or a
// missing local file). It matches fs.ErrNotExist with errors.Is.
type NotFoundError struct{ URL string }

func (e *NotFoundError) Error() string        { return e.URL + ": not found" }
func (e *NotFoundError) Is(target error) bool { return target == fs.ErrNotExist }

// StatusError is an HTTP response other than 200 and 404.
type StatusError struct {
	URL    string
	Status string // "500 Internal Server Error"
	Code   int
}

func (e *StatusError) Error() string { return e.URL + ": " + e.Status }

// Open opens rel (a location from repomd.xml or primary.xml) under base,
// confined to it (see Resolve and OpenLocal). The caller closes the result.
func (s *Source) Open(ctx context.Context, base, rel string) (io.ReadCloser, error) {
	if _, local, err := localRoot(base); err != nil {
		return nil, err
	} else if local {
		return OpenLocal(base, rel)
	}
	loc, err := Resolve(base, rel)
	if err != nil {
		return nil, err
	}
	return s.OpenURL(ctx, loc)
}

// OpenURL opens loc, a URL or path the user gave (a mirrorlist, a
// metalink), as it is: it is not a location read from a repository, so
// it is not confined to one.
func (s *Source) OpenURL(ctx context.Context, loc string) (io.ReadCloser, error) {
	if !strings.Contains(loc, "://") {
		return openFile(loc, loc)
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("url %q: %w", loc, err)
	}
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return nil, fmt.Errorf("%s: file url with a remote host", loc)
		}
		return openFile(u.Path, loc)
	case "http", "https":
	default:
		return nil, fmt.Errorf("%s: unsupported url scheme %q", loc, u.Scheme)
	}
	if s.Client == nil {
		return nil, fmt.Errorf("%s: no http client configured", loc)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", loc, err)
	}
	resp, err := s.Client.Do(req)
	if err != nil {
		return nil, err // *url.Error names the URL
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return resp.Body, nil
	case http.StatusNotFound, http.StatusGone:
		resp.Body.Close()
		return nil, &NotFoundError{URL: loc}
	}
	resp.Body.Close()
	return nil, &StatusError{URL: loc, Status: resp.Status, Code: resp.StatusCode}
}

func openFile(path, loc string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &NotFoundError{URL: loc}
	}
	if err != nil {
		return nil, err // *fs.PathError names the file
	}
	return f, nil
}
