package repowrite

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/deps-rpm/deps/resolve/repodata"
)

// isRemote reports whether loc is an http or https URL.
func isRemote(loc string) bool {
	return strings.HasPrefix(loc, "http://") || strings.HasPrefix(loc, "https://")
}

// copyLocal copies a package from the local repository at base into the
// cache, verifying it on the way; a mismatch leaves no entry. The file is
// opened confined to the repository's root (repodata.OpenLocal).
func (f *fetcher) copyLocal(ctx context.Context, base, loc, key string, p *repodata.Package) error {
	src, err := repodata.OpenLocal(base, p.Location)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	defer src.Close()
	err = f.store.WriteFunc(RPMBucket, key, func(w io.Writer) error {
		ch, err := repodata.NewCountingHash(&ctxReader{ctx, src}, p.Checksum)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, &progressReader{r: ch, name: p.Name, total: p.Size, f: f}); err != nil {
			return err
		}
		return checkPackage(loc, ch, p)
	})
	if err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	return nil
}

// checkPackage compares what ch read with the package's checksum and size.
func checkPackage(loc string, ch *repodata.CountingHash, p *repodata.Package) error {
	if got := hex.EncodeToString(ch.Hash.Sum(nil)); !strings.EqualFold(got, p.Checksum.Value) {
		return &repodata.ChecksumError{File: loc, Want: p.Checksum, Got: got}
	}
	if p.Size > 0 && ch.N != p.Size {
		return fmt.Errorf("%s: size mismatch: want %d bytes, got %d", loc, p.Size, ch.N)
	}
	return nil
}

// download fetches loc into the cache entry path, continuing a partial
// download kept in path+".part" (with its ETag in path+".part.etag").
// The part file is hashed as it grows and renamed into place only once its
// checksum and size match; a mismatch removes it.
func (f *fetcher) download(ctx context.Context, client *http.Client, loc, path string, p *repodata.Package) error {
	part, etagFile := path+".part", path+".part.etag"
	discard := func() {
		os.Remove(part)
		os.Remove(etagFile)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	out, err := os.OpenFile(part, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	defer out.Close()
	ch, err := repodata.NewCountingHash(out, p.Checksum)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	// Hash what an earlier run left; a part longer than the package is junk.
	if _, err := io.Copy(io.Discard, ch); err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	if p.Size > 0 && ch.N > p.Size {
		if err := f.restart(out, ch, etagFile); err != nil {
			return fmt.Errorf("fetch %s: %w", p.Name, err)
		}
	}
	// A complete part (a run stopped before the rename) needs no request.
	if p.Size > 0 && ch.N == p.Size {
		if checkPackage(loc, ch, p) == nil {
			return finishPart(out, part, path, etagFile, p)
		}
		if err := f.restart(out, ch, etagFile); err != nil {
			return fmt.Errorf("fetch %s: %w", p.Name, err)
		}
	}
	resp, err := get(ctx, client, loc, ch.N, etagFile)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusPartialContent:
		if start, ok := contentRangeStart(resp.Header.Get("Content-Range")); !ok || start != ch.N {
			return fmt.Errorf("%s: range response starts at %q, want byte %d", loc, resp.Header.Get("Content-Range"), ch.N)
		}
	case http.StatusOK: // the server ignored the range, or the file changed
		if err := f.restart(out, ch, etagFile); err != nil {
			return fmt.Errorf("fetch %s: %w", p.Name, err)
		}
	case http.StatusNotFound, http.StatusGone:
		discard()
		return fmt.Errorf("fetch %s: %w", p.Name, &repodata.NotFoundError{URL: loc})
	case http.StatusRequestedRangeNotSatisfiable:
		// The part is not a prefix of what the server has now: start over
		// on the next call.
		discard()
		return fmt.Errorf("fetch %s: %w", p.Name, &repodata.StatusError{URL: loc, Status: resp.Status, Code: resp.StatusCode})
	default:
		return fmt.Errorf("fetch %s: %w", p.Name, &repodata.StatusError{URL: loc, Status: resp.Status, Code: resp.StatusCode})
	}
	if etag := resp.Header.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
		os.WriteFile(etagFile, []byte(etag), 0o644) // only an optimisation for resuming
	} else if resp.StatusCode == http.StatusOK {
		os.Remove(etagFile)
	}
	total := p.Size
	if total <= 0 && resp.ContentLength > 0 {
		total = ch.N + resp.ContentLength
	}
	w := io.MultiWriter(out, hashWriter{ch})
	body := &bodyReader{r: resp.Body}
	if _, err := io.Copy(w, &progressReader{r: body, name: p.Name, done: ch.N, total: total, f: f}); err != nil {
		if body.err != nil && ctx.Err() == nil {
			err = &transferError{err}
		}
		return fmt.Errorf("fetch %s: %w (%d bytes kept to resume)", loc, err, ch.N)
	}
	if err := checkPackage(loc, ch, p); err != nil {
		discard()
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	return finishPart(out, part, path, etagFile, p)
}

// finishPart makes a verified part file the cache entry.
func finishPart(out *os.File, part, path, etagFile string, p *repodata.Package) error {
	if err := out.Sync(); err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	if err := os.Rename(part, path); err != nil {
		return fmt.Errorf("fetch %s: %w", p.Name, err)
	}
	os.Remove(etagFile)
	return nil
}

// get requests loc from byte offset on, with If-Range when the part's
// ETag is known so that a changed file comes back whole (200).
func get(ctx context.Context, client *http.Client, loc string, offset int64, etagFile string) (*http.Response, error) {
	if client == nil {
		return nil, fmt.Errorf("%s: no http client configured", loc)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", loc, err)
	}
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
		if etag, err := os.ReadFile(etagFile); err == nil && len(etag) > 0 {
			req.Header.Set("If-Range", string(etag))
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err // *url.Error names the URL
	}
	return resp, nil
}

// restart empties the part file and its hash.
func (f *fetcher) restart(out *os.File, ch *repodata.CountingHash, etagFile string) error {
	if err := out.Truncate(0); err != nil {
		return err
	}
	if _, err := out.Seek(0, io.SeekStart); err != nil {
		return err
	}
	ch.Hash.Reset()
	ch.N = 0
	os.Remove(etagFile)
	return nil
}

// contentRangeStart parses the first byte of "bytes 100-199/200".
func contentRangeStart(v string) (int64, bool) {
	rest, ok := strings.CutPrefix(v, "bytes ")
	if !ok {
		return 0, false
	}
	start, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(start, 10, 64)
	return n, err == nil
}

// hashWriter feeds written bytes into a repodata.CountingHash.
type hashWriter struct{ ch *repodata.CountingHash }

func (h hashWriter) Write(b []byte) (int, error) {
	h.ch.Hash.Write(b)
	h.ch.N += int64(len(b))
	return len(b), nil
}

// progressReader reports bytes read so far.
type progressReader struct {
	r           io.Reader
	name        string
	done, total int64
	f           *fetcher
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.done += int64(n)
		p.f.report(p.name, p.done, p.total)
	}
	return n, err
}

// ctxReader stops reading when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}
