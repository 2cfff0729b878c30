package pypi

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/deps-rpm/deps/cache"
)

// FilesBucket holds downloaded distribution files, named by sha256.
const FilesBucket = "files-v1"

// Download returns the path of f's content in the cache, fetching it when
// it is not there. The file is checked against every hash the index gave
// (and its size when known) before it becomes visible in the cache; on a
// mismatch Download fails naming the URL and both digests, and stores
// nothing. When the index gives the sha256 and the cache has it, no
// request is made. Files without a sha256 (local directories) are hashed
// first, then copied in. The path names a file without extension: use
// f.Filename for its format.
func (c *Client) Download(ctx context.Context, f File) (string, error) {
	if c.Cache == nil {
		return "", fmt.Errorf("download %s: no cache configured", f.URL)
	}
	want := f.SHA256()
	if want != "" {
		if !isHexDigest(want) {
			return "", fmt.Errorf("download %s: index gives an invalid sha256 %q", f.URL, want)
		}
		if ok, err := c.Cache.Has(FilesBucket, want); err != nil {
			return "", err
		} else if ok {
			if path, ok := c.intact(want); ok {
				return path, nil
			}
		}
		return c.store(ctx, f, f.URL, want)
	}
	src, cleanup, err := c.localCopy(ctx, f)
	if err != nil {
		return "", err
	}
	defer cleanup()
	v := newVerifier(f.Hashes)
	if err := hashFile(src, v); err != nil {
		return "", fmt.Errorf("download %s: %w", f.URL, err)
	}
	if err := v.check(f.URL, f.Size); err != nil {
		return "", fmt.Errorf("download %w", err)
	}
	digest := v.sum("sha256")
	if ok, err := c.Cache.Has(FilesBucket, digest); err != nil {
		return "", err
	} else if ok {
		if path, ok := c.intact(digest); ok {
			return path, nil
		}
	}
	// Copy again, checking the copy against the digest just taken: a
	// file changing meanwhile fails instead of storing a wrong entry.
	g := f
	g.Hashes = map[string]string{"sha256": digest}
	return c.store(ctx, g, fileURL(src), digest)
}

// store copies rawURL into the cache as digest, verifying on the way.
func (c *Client) store(ctx context.Context, f File, rawURL, digest string) (string, error) {
	body, err := c.open(ctx, rawURL)
	if err != nil {
		return "", fmt.Errorf("download %w", err)
	}
	defer body.Close()
	err = c.Cache.WriteFuncChecked(FilesBucket, digest, func(w io.Writer) error { // checked by sha256 when used (intact)
		v := newVerifier(f.Hashes)
		if _, err := io.Copy(io.MultiWriter(w, v), capped(body, f)); err != nil {
			return fmt.Errorf("%s: %w", f.URL, err)
		}
		return v.check(f.URL, f.Size)
	})
	if err != nil {
		return "", fmt.Errorf("download %w", err)
	}
	return c.Cache.Path(FilesBucket, digest)
}

// intact returns the cached file stored as digest when its content still
// has that digest. A changed entry (a flipped byte, a user's edit) is
// removed, with a warning, so that it is fetched again.
func (c *Client) intact(digest string) (string, bool) {
	path, err := c.Cache.Path(FilesBucket, digest)
	if err != nil {
		return "", false
	}
	// Read once per run: the build's inputs hash reads the same file.
	if sum, err := cache.FileSHA256(path); err == nil && sum == digest {
		return path, true
	}
	_ = c.Cache.Delete(FilesBucket, digest)
	if c.Warn != nil {
		c.Warn(fmt.Sprintf("cache: %s no longer has its sha256 %s: removed, fetching it again", path, digest))
	}
	return "", false
}

// localCopy returns a local file holding f: the file itself for file://
// URLs, else a temporary download removed by cleanup.
func (c *Client) localCopy(ctx context.Context, f File) (path string, cleanup func(), err error) {
	if p, ok := localPath(f.URL); ok {
		return p, func() {}, nil
	}
	body, err := c.open(ctx, f.URL)
	if err != nil {
		return "", nil, fmt.Errorf("download %w", err)
	}
	defer body.Close()
	tmp, err := os.CreateTemp("", "deps-download-*")
	if err != nil {
		return "", nil, fmt.Errorf("download %s: %w", f.URL, err)
	}
	cleanup = func() { os.Remove(tmp.Name()) }
	_, err = io.Copy(tmp, capped(body, f))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("download %s: %w", f.URL, err)
	}
	return tmp.Name(), cleanup, nil
}

// open reads a file:// or http(s) URL; any HTTP status but 200 is an
// error naming the URL. Offline, HTTP URLs fail
// with cache.ErrOffline.
func (c *Client) open(ctx context.Context, rawURL string) (io.ReadCloser, error) {
	if p, ok := localPath(rawURL); ok {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rawURL, err)
		}
		return f, nil
	}
	if c.Offline {
		return nil, fmt.Errorf("%s: %w", rawURL, cache.ErrOffline)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rawURL, err)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, err // *url.Error names the URL
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET %s: %s", rawURL, resp.Status)
	}
	return resp.Body, nil
}

func hashFile(path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

func isHexDigest(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

// maxDownloadSize bounds a download whose size the index does not give.
const maxDownloadSize = 1 << 30

// capped reads body, failing as soon as it has given more than the size
// the index gives for f (or maxDownloadSize): an endless or oversized body
// stops there instead of filling the disk.
func capped(body io.Reader, f File) io.Reader {
	limit := int64(maxDownloadSize)
	if f.Size > 0 {
		limit = f.Size
	}
	return &capReader{r: body, left: limit, limit: limit, declared: f.Size > 0}
}

type capReader struct {
	r           io.Reader
	left, limit int64
	declared    bool
}

func (c *capReader) Read(p []byte) (int, error) {
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	if c.left -= int64(n); c.left < 0 {
		if c.declared {
			return n, fmt.Errorf("more than the %d bytes the index gives as its size", c.limit)
		}
		return n, fmt.Errorf("larger than %d bytes", c.limit)
	}
	return n, err
}
